// The what-if API without HTTP (serve/serve.hpp): a run is `run --set` with
// the scenario's seed, to the last digit; moving an assumption moves the
// odds only through that assumption (common random numbers); every slider
// end is a value --set accepts; a client's newer run cancels its older one;
// a saved variant runs to the same numbers and never replaces a file unasked.
#include <doctest/doctest.h>
#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "serve/serve.hpp"

using namespace goalpath;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kShanghai = GOALPATH_SOURCE_DIR "/scenarios/shanghai-2027/";

/// The Shanghai scenarios copied into a fresh folder, so variants land there.
fs::path copied_scenarios(const std::string& name) {
  const fs::path folder = fs::temp_directory_path() / ("goalpath-serve-test-" + std::to_string(::getpid())) / name;
  fs::remove_all(folder);
  fs::create_directories(folder);
  for (const auto& entry : fs::directory_iterator(kShanghai)) fs::copy(entry.path(), folder / entry.path().filename());
  return folder;
}

serve::WhatIf whatif_of(const std::string& file, std::int64_t paths = 2000) {
  serve::ServeOptions o;
  o.paths = paths;
  o.threads = 2;
  return serve::WhatIf(Scenario::load(file), o);
}

/// The report without what names the command, the machine and the time taken.
json comparable(json report) {
  report["settings"].erase("command_line");
  report["settings"].erase("threads");
  report["diagnostics"].erase("seconds");
  return report;
}

json library_run(const std::string& file, const std::vector<std::string>& set, std::int64_t paths) {
  LoadOptions load;
  load.set = set;
  RunOptions o;
  o.paths = paths;
  o.threads = 1;
  o.signposts = false;
  return comparable(json::parse(render(run(Scenario::load(file, load), o), Format::json)));
}

std::vector<double> probabilities(const json& report) {
  std::vector<double> out;
  for (const auto& t : report["targets"]) out.push_back(t["probability"].get<double>());
  return out;
}

std::string read(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST_CASE("a run is run --set with the scenario's seed, to the last digit, and says how to repeat it") {
  const std::string file = kShanghai + "baseline.yaml";
  serve::WhatIf w = whatif_of(file);
  const serve::Response r = w.run(R"({"set": {"output_growth": 0.0537, "invest_growth.sd": 0.041}, "signposts": false})");
  REQUIRE(r.status == 200);
  CHECK(r.compute_ms >= 0);
  const json report = json::parse(r.body);
  CHECK(comparable(report) == library_run(file, {"output_growth=0.0537", "invest_growth.sd=0.041"}, 2000));
  CHECK(report["settings"]["seed"] == 20240220);
  CHECK(report["settings"]["command_line"] ==
        "goalpath run " + file + " --set output_growth=0.0537 --set invest_growth.sd=0.041 --paths 2000 --no-signposts");
  // The request's paths win over the server's; signposts are on by default.
  const json more = json::parse(w.run(R"({"set": {}, "paths": 3000})").body);
  CHECK(more["settings"]["paths"] == 3000);
  bool any_signposts = false;
  for (const auto& t : more["targets"]) any_signposts = any_signposts || !t["signposts"].empty();
  CHECK(any_signposts);
}

TEST_CASE("common random numbers: a faster growth never lowers the chance of an output level") {
  // Each path's 2027 output rises with output_growth when its draws are the
  // same, so with one seed the count of paths past 5万亿 cannot fall. Fresh
  // draws per run (another seed) would break this about half the time at
  // these small steps.
  serve::WhatIf w = whatif_of(kShanghai + "baseline.yaml", 4000);
  double previous = -1;
  int rises = 0;
  for (double g : {0.040, 0.041, 0.042, 0.043, 0.044, 0.045}) {
    const json report = json::parse(w.run(json{{"set", {{"output_growth", g}}}, {"signposts", false}}.dump()).body);
    double p = -1;
    for (const auto& t : report["targets"]) {
      if (t["id"] == "gross-output-5t") p = t["probability"].get<double>();
    }
    REQUIRE(p >= 0);
    CHECK(p >= previous);
    rises += p > previous && previous >= 0;
    previous = p;
  }
  CHECK(rises >= 3);  // and it does move
}

TEST_CASE("bad requests are 400 with the message check would give, never a run") {
  serve::WhatIf w = whatif_of(kShanghai + "baseline.yaml");
  auto error_of = [&](const std::string& body, int status = 400) {
    const serve::Response r = w.run(body);
    CHECK(r.status == status);
    return json::parse(r.body).value("error", std::string());
  };
  CHECK(error_of(R"({"set": {"outpt_growth": 0.05}})").find("did you mean 'output_growth'?") != std::string::npos);
  const std::string bounds = error_of(R"({"set": {"output_growth": 0.5}})");
  CHECK(bounds.find("output_growth") != std::string::npos);
  CHECK(bounds.find("outside its bounds") != std::string::npos);
  CHECK(error_of(R"({"set": {"output_growth": "fast"}})").find("must be a number") != std::string::npos);
  CHECK(error_of(R"({"set": {"output_growth=1 --x": 1}})").find("not a parameter name") != std::string::npos);
  CHECK(error_of(R"({"paths": 0})").find("\"paths\" = 0") != std::string::npos);
  CHECK(error_of(R"({"paths": -5})").find("must be from 1") != std::string::npos);
  CHECK(error_of(R"({"paths": 2.5})").find("whole number") != std::string::npos);
  CHECK(error_of(R"({"paths": 99999999999})").find("server's limit") != std::string::npos);
  CHECK(error_of(R"({"sets": {}})").find("unknown field 'sets'") != std::string::npos);
  CHECK(error_of(R"([1, 2])").find("JSON object") != std::string::npos);
  CHECK(error_of(R"({"set": )").find("not JSON") != std::string::npos);
  CHECK(error_of(R"({"client": "#1"})").find("'#'") != std::string::npos);
  json many = {{"set", json::object()}};
  for (int k = 0; k < 65; ++k) many["set"]["output_growth" + std::to_string(k)] = 0.01;
  CHECK(error_of(many.dump()).find("at most 64") != std::string::npos);
}

TEST_CASE("every slider runs from a value --set accepts to another, through the file's value") {
  for (const char* name : {"baseline.yaml", "optimistic.yaml", "structural.yaml"}) {
    serve::WhatIf w = whatif_of(kShanghai + name);
    const json model = json::parse(w.model().body);
    CHECK(model["schema"] == "goalpath.model/1");
    CHECK(model["parameters"].size() == w.scenario().model().parameters.size());
    for (const auto& p : model["parameters"]) {
      CAPTURE(name);
      CAPTURE(p.dump());
      const double lo = p["slider"]["min"], hi = p["slider"]["max"], step = p["slider"]["step"];
      const double value = p["value"];
      CHECK(lo <= value + step);
      CHECK(value - step <= hi);
      CHECK(step > 0);
      CHECK((hi - lo) / step <= 1000.5);
      const std::string n = p["name"];
      CHECK_NOTHROW(w.scenario().with_set({n + "=" + fmt::format("{}", lo)}));
      CHECK_NOTHROW(w.scenario().with_set({n + "=" + fmt::format("{}", hi)}));
      if (!p["sd_slider"].is_null()) {
        CHECK(p["sd_slider"]["min"].get<double>() > 0);
        CHECK_NOTHROW(w.scenario().with_set({n + ".sd=" + fmt::format("{}", p["sd_slider"]["max"].get<double>())}));
      }
    }
  }
  const json model = json::parse(whatif_of(kShanghai + "baseline.yaml").model().body);
  // output_2023 is triangular(39000, 43500), mode 41500, unbounded: its
  // slider is the central 99% widened by half on each side, on a grid of
  // 1, 2 or 5 x 10^k with about 200 steps (closed-form quantiles here).
  const double a = 39000, b = 43500, c = 41500;
  const double q_lo = a + std::sqrt(0.005 * (b - a) * (c - a)), q_hi = b - std::sqrt(0.005 * (b - a) * (b - c));
  const double lo = q_lo - (q_hi - q_lo) / 2, hi = q_hi + (q_hi - q_lo) / 2;
  const json& level = model["parameters"][0];
  REQUIRE(level["name"] == "output_2023");
  CHECK(level["slider"]["step"].get<double>() == doctest::Approx(50));  // (hi - lo) / 200 = 42.8 -> 50
  CHECK(level["slider"]["min"].get<double>() == doctest::Approx(std::ceil(lo / 50) * 50));
  CHECK(level["slider"]["max"].get<double>() == doctest::Approx(std::floor(hi / 50) * 50));
  // output_growth: normal(0.04, 0.015) would reach -0.018 .. 0.098 and past; its bounds cut it.
  CHECK(model["parameters"][5]["slider"]["min"].get<double>() == doctest::Approx(-0.03));
  CHECK(model["parameters"][5]["slider"]["max"].get<double>() == doctest::Approx(0.1));
  CHECK(model["parameters"][5]["name"] == "output_growth");
  CHECK(model["parameters"][5]["unit"] == "share");
  CHECK(model["parameters"][5]["label"].get<std::string>().find("gross output growth") != std::string::npos);
  CHECK(model["scenario"]["seed"] == 20240220);
  CHECK(model["scenario"]["paths"] == 2000);
}

TEST_CASE("a client's newer run cancels its run in progress; another client's run is not touched") {
  serve::WhatIf w = whatif_of(kShanghai + "baseline.yaml");
  auto slow = std::async(std::launch::async, [&] { return w.run(R"({"paths": 2000000, "client": "a", "signposts": false})"); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the slow run is under way (seconds long)
  const serve::Response other = w.run(R"({"paths": 1000, "client": "b", "signposts": false})");
  CHECK(other.status == 200);
  const serve::Response newer = w.run(R"({"paths": 1000, "client": "a", "signposts": false})");
  CHECK(newer.status == 200);
  const serve::Response older = slow.get();
  CHECK(older.status == 409);
  CHECK(json::parse(older.body)["cancelled"] == true);
}

TEST_CASE("a request numbered below one its client already started is stale: 409 at once, nothing cancelled") {
  serve::WhatIf w = whatif_of(kShanghai + "baseline.yaml");
  auto newer = std::async(std::launch::async, [&] {
    return w.run(R"({"paths": 1000000, "client": "p", "seq": 7, "signposts": false})");
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  const serve::Response stale = w.run(R"({"paths": 1000, "client": "p", "seq": 6, "signposts": false})");
  CHECK(stale.status == 409);
  CHECK(stale.compute_ms < 0);
  CHECK(newer.get().status == 200);  // the overtaken request did not cancel it
  CHECK(w.run(R"({"paths": 1000, "client": "p", "seq": 5})").status == 409);  // still stale afterwards
  CHECK(w.run(R"({"paths": 1000, "client": "p", "seq": 8, "signposts": false})").status == 200);
  CHECK(w.run(R"({"seq": -1})").status == 400);
}

TEST_CASE("a saved variant restates what changed, runs to the same numbers, and replaces nothing unasked") {
  const fs::path folder = copied_scenarios("variant");
  const std::string baseline = (folder / "baseline.yaml").string();
  const std::string before = read(baseline);
  serve::WhatIf w = whatif_of(baseline);
  const std::string set = R"({"output_growth": 0.055, "lead_growth": 0.12, "invest_growth.sd": 0.04})";
  const serve::Response saved = w.save_variant(R"({"set": )" + set + R"(, "title": "快一点 \"faster\"", "file": "faster.yaml"})");
  REQUIRE(saved.status == 201);
  const fs::path variant = folder / "faster.yaml";
  const std::string text = read(variant);
  CHECK(text.find("extends: \"baseline.yaml\"") != std::string::npos);
  CHECK(text.find("title: \"快一点 \\\"faster\\\"\"") != std::string::npos);
  CHECK(text.find("sei_growth") == std::string::npos);  // unchanged: not restated
  // The variant runs to the page's numbers (lead_growth is triangular: its low and high moved with it).
  const json page = comparable(json::parse(w.run(R"({"set": )" + set + R"(, "signposts": false})").body));
  const json file = library_run(variant.string(), {}, 2000);
  CHECK(probabilities(file) == probabilities(page));
  CHECK(file["indicators"] == page["indicators"]);

  // Taken name: 409 and untouched; overwrite: replaced.
  const serve::Response again = w.save_variant(R"({"set": {"output_growth": 0.06}, "title": "t", "file": "faster.yaml"})");
  CHECK(again.status == 409);
  CHECK(json::parse(again.body)["exists"] == true);
  CHECK(read(variant) == text);
  CHECK(w.save_variant(R"({"set": {"output_growth": 0.06}, "title": "t", "file": "faster.yaml", "overwrite": true})").status == 201);
  CHECK(read(variant).find("value: 0.06") != std::string::npos);

  // Never the scenario itself, not even when asked; no folders; something must change.
  CHECK(w.save_variant(R"({"set": {"output_growth": 0.06}, "title": "t", "file": "baseline.yaml", "overwrite": true})").status == 400);
  CHECK(read(baseline) == before);
  CHECK(w.save_variant(R"({"set": {"output_growth": 0.06}, "title": "t", "file": "../x.yaml"})").status == 400);
  CHECK(w.save_variant(R"({"set": {"output_growth": 0.06}, "title": "t", "file": "x.txt"})").status == 400);
  CHECK(w.save_variant(R"({"set": {"output_growth": 0.06}, "title": "", "file": "x.yaml"})").status == 400);
  CHECK(w.save_variant(R"({"set": {}, "title": "t", "file": "x.yaml"})").status == 400);
  CHECK(w.save_variant(R"({"set": {"output_growth": 0.5}, "title": "t", "file": "x.yaml"})").status == 400);
  CHECK_FALSE(fs::exists(folder / "x.yaml"));
  // A range's end moved alone is a change too, restated and listed.
  const serve::Response low = w.save_variant(R"({"set": {"above_size_ratio.low": 0.92}, "title": "t", "file": "low.yaml"})");
  REQUIRE(low.status == 201);
  CHECK(read(folder / "low.yaml").find("uncertainty: { low: 0.92 }") != std::string::npos);
  CHECK(json::parse(low.body)["changes"][0] == "above_size_ratio.low 0.93 → 0.92");
}

TEST_CASE("options out of range are refused by name") {
  serve::ServeOptions o;
  o.port = 70000;
  CHECK(o.validate().find("port = 70000") != std::string::npos);
  o = {};
  o.paths = 0;
  CHECK(o.validate().find("paths = 0") != std::string::npos);
  o = {};
  CHECK(o.validate().empty());
}

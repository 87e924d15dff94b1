// `run --format json` against the field names CLI.md fixes ("Report JSON"),
// and reading a report back (compare A B with report files): the same
// numbers, and clear input errors for files that are not run reports.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "common/error.hpp"
#include "report/report.hpp"
#include "report_test_support.hpp"

using namespace goalpath;
using nlohmann::json;

namespace {

void require_path(const json& j, const std::string& dotted) {
  const json* at = &j;
  std::string walked;
  std::size_t start = 0;
  while (start <= dotted.size()) {
    std::size_t dot = dotted.find('.', start);
    std::string key = dotted.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    walked += (walked.empty() ? "" : ".") + key;
    INFO("field " << walked << " of " << dotted);
    REQUIRE(at->is_object());
    REQUIRE(at->contains(key));
    at = &at->at(key);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
}

std::string temp_file(const std::string& name, const std::string& content) {
  auto path = std::filesystem::temp_directory_path() /
              ("goalpath-report-json-" + std::to_string(::getpid()) + "-" + name);
  std::ofstream(path) << content;
  return path.string();
}

}  // namespace

TEST_CASE("run JSON carries every field name of the CLI.md contract") {
  const analysis::RunResult r = test::run_scenario_text(test::report_scenario());
  const json j = report::run_to_json(r);
  CHECK(j.at("schema") == "goalpath.report/1");
  for (const char* path : {"engine.version", "scenario.id", "scenario.title", "scenario.file", "scenario.sha256",
                           "settings.paths", "settings.seed", "settings.threads", "settings.deterministic", "years",
                           "joint.probability", "joint.probability_se", "diagnostics.nonfinite_paths",
                           "diagnostics.seconds", "targets", "indicators"}) {
    require_path(j, path);
  }
  REQUIRE(j.at("targets").size() == r.targets.size());
  for (const json& t : j.at("targets")) {
    for (const char* path : {"id", "label", "kind", "op", "threshold", "years", "deterministic.value", "deterministic.met",
                             "probability", "probability_se", "quantiles.p05", "quantiles.p10", "quantiles.p50",
                             "quantiles.p90", "quantiles.p95", "required_cagr", "projected_cagr", "gap", "status",
                             "progress.basis", "progress.ratio", "progress.class"}) {
      require_path(t, path);
    }
  }
  for (const auto& i : r.indicators) {
    for (const char* field : {"label", "unit", "deterministic", "p05", "p50", "p95"}) {
      require_path(j.at("indicators"), i.name + "." + field);
    }
    CHECK(j.at("indicators").at(i.name).at("p50").size() == r.years.size());
  }
  CHECK(j.at("settings").at("paths") == 2000);
  CHECK(j.at("settings").at("seed") == 11);
  CHECK(j.at("indicators").at("output").at("label") == "工业总产值");
}

TEST_CASE("a JSON report reads back into the RunResult it was written from") {
  const analysis::RunResult r = test::run_scenario_text(test::report_scenario());
  const std::string file = temp_file("roundtrip.json", report::run_to_json(r).dump(2));
  const analysis::RunResult back = report::read_run_report(file);
  std::remove(file.c_str());
  CHECK(back.scenario_id == r.scenario_id);
  CHECK(back.title == r.title);
  CHECK(back.settings.seed == r.settings.seed);
  CHECK(back.settings.paths == r.settings.paths);
  CHECK(back.settings.scenario_sha256 == r.settings.scenario_sha256);
  CHECK(back.years == r.years);
  REQUIRE(back.targets.size() == r.targets.size());
  for (std::size_t k = 0; k < r.targets.size(); ++k) {
    INFO("target " << r.targets[k].id);
    CHECK(back.targets[k].id == r.targets[k].id);
    CHECK(*back.targets[k].probability == *r.targets[k].probability);
    CHECK(back.targets[k].deterministic_value == r.targets[k].deterministic_value);
    CHECK(back.targets[k].status == r.targets[k].status);
    CHECK(back.targets[k].progress.progress_class == r.targets[k].progress.progress_class);
    CHECK(back.targets[k].quantiles->p95 == r.targets[k].quantiles->p95);
  }
  REQUIRE(back.parameters.size() == r.parameters.size());
  CHECK(back.parameters[0].distribution == r.parameters[0].distribution);
  CHECK(back.parameters[0].value == r.parameters[0].value);
  REQUIRE(back.indicators.size() == r.indicators.size());
  // JSON objects are sorted by key; "output" sorts before "share" as in the scenario.
  CHECK(back.indicators[0].p50 == r.indicators[0].p50);
  CHECK(back.indicators[0].history == r.indicators[0].history);
  // Writing the read-back result gives the same document.
  CHECK(report::run_to_json(back) == report::run_to_json(r));
}

TEST_CASE("files that are not run reports are input errors that say what they are") {
  auto code_of = [](const std::string& file) -> std::string {
    try {
      report::read_run_report(file);
    } catch (const InputError& e) {
      INFO(e.formatted());
      CHECK(e.pos().file == file);
      CHECK(!e.hint().empty());
      return e.code();
    }
    return "no error";
  };
  const std::string not_json = temp_file("notes.txt", "scenario: x\nyears: [2020, 2021]\n");
  const std::string other_schema = temp_file("sens.json", R"({"schema": "goalpath.sensitivity/1"})");
  const std::string no_schema = temp_file("plain.json", R"({"targets": []})");
  const std::string truncated = temp_file("cut.json", R"({"schema": "goalpath.report/1", "scenario": {"id": "x"}})");
  CHECK(code_of(not_json) == "not-a-report");
  CHECK(code_of(other_schema) == "not-a-report");
  CHECK(code_of(no_schema) == "not-a-report");
  CHECK(code_of(truncated) == "not-a-report");
  CHECK(code_of("/nonexistent/goalpath/report.json") == "file-not-found");
  for (const auto& f : {not_json, other_schema, no_schema, truncated}) std::remove(f.c_str());
}

// history_files: (observed values from CSV files) and observation_sd
// (SCENARIO_FORMAT.md, "History files"): long and wide files, scale, years,
// where, BOM and CRLF, quoted cells, merging with inline history, the base
// from a file, the observation error reaching model::Observation::sd, and
// errors that point into the CSV file at the right line and column.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "model/model.hpp"
#include "scenario/scenario.hpp"

using goalpath::InputError;
using goalpath::scenario::load_scenario_text;
using goalpath::scenario::ScenarioSpec;
namespace fs = std::filesystem;

namespace {

const fs::path kDir = fs::path(GOALPATH_BINARY_DIR) / "tests" / "history_file_test";

void write(const std::string& name, const std::string& text) {
  fs::create_directories(kDir / fs::path(name).parent_path());
  std::ofstream(kDir / name, std::ios::binary) << text;
}

std::string csv_path(const std::string& name) { return (kDir / name).lexically_normal().string(); }

/// A scenario in kDir/s.yaml with `indicators` and `extra` (history_files: …).
ScenarioSpec load(const std::string& extra, const std::string& indicators =
                                                "  output: { growth: 0.05 }\n  share: { base: 0.3, change: 0.01 }\n") {
  return load_scenario_text("scenario: t\nyears: [2023, 2026]\nindicators:\n" + indicators + extra,
                            (kDir / "s.yaml").string());
}

const goalpath::scenario::IndicatorSpec& indicator(const ScenarioSpec& spec, const std::string& name) {
  const auto* found = spec.find_indicator(name);
  REQUIRE(found);
  return *found;
}

InputError error_of(const std::string& extra, const std::string& indicators =
                                                  "  output: { growth: 0.05 }\n  share: { base: 0.3, change: 0.01 }\n") {
  try {
    load(extra, indicators);
  } catch (const InputError& e) {
    return e;
  }
  FAIL("no error");
  throw;
}

void check_at(const InputError& e, const std::string& code, const std::string& file, int line, int col,
              const std::string& part) {
  INFO(e.formatted());
  CHECK(e.code() == code);
  CHECK(e.pos().file == file);
  CHECK(e.pos().line == line);
  CHECK(e.pos().col == col);
  CHECK(e.message().find(part) != std::string::npos);
  CHECK(!e.hint().empty());
}

const std::string kLong =
    "series,year,value,status,note\n"
    "gdp,2022,100,A,\n"
    "gdp,2023,105,A,\"first release, rounded\"\n"
    "gdp,2023,104,B,revised\n"
    "gdp,2024,110.5,A,\"a \"\"quoted\"\" note\nover two lines\"\n"
    "gdp,2025,,A,growth only\n"
    "pct,2023,30,A,\n"
    "pct,2024,31.5,A,\n";

}  // namespace

TEST_CASE("a long file: series, where, scale, years; empty values skipped; source FILE:LINE") {
  write("long.csv", kLong);
  const ScenarioSpec spec = load(
      "history_files:\n"
      "  - file: long.csv\n"
      "    series:\n"
      "      output: { series: gdp, where: { status: A } }\n"
      "      share: { series: pct, scale: 0.01, years: [2024] }\n");
  const auto& output = indicator(spec, "output");
  CHECK(output.history == std::map<int, double>{{2022, 100}, {2023, 105}, {2024, 110.5}});
  CHECK(output.history_source.at(2023) == "long.csv:3");
  CHECK(output.history_source.at(2024) == "long.csv:5");
  // The base-year value from the file is the base, as an inline one is.
  REQUIRE(output.base);
  CHECK(std::stod(output.base->text) == 105);
  const auto& share = indicator(spec, "share");
  CHECK(share.history.size() == 1);
  CHECK(share.history.at(2024) == doctest::Approx(0.315));
  CHECK(share.history_source.at(2024) == "long.csv:9");  // the row after a quoted cell spanning two lines
}

TEST_CASE("a wide file with a byte-order mark, CRLF and empty cells; the short form") {
  write("wide.csv", "\xEF\xBB\xBFyear,gdp,\"pct, share\"\r\n2023,105,30\r\n2024,,31\r\n2025,120,\r\n");
  const ScenarioSpec spec = load(
      "history_files:\n"
      "  - file: wide.csv\n"
      "    series: { output: gdp, share: { series: \"pct, share\", scale: 0.01 } }\n");
  CHECK(indicator(spec, "output").history == std::map<int, double>{{2023, 105}, {2025, 120}});
  CHECK(indicator(spec, "output").history_source.at(2025) == "wide.csv:4");
  CHECK(indicator(spec, "share").history.at(2024) == doctest::Approx(0.31));
  // Old Mac line ends, and no line end after the last row.
  write("mac.csv", "year,gdp\r2023,105\r2024,110");
  const ScenarioSpec mac = load("history_files:\n  - file: mac.csv\n    series: { output: gdp }\n");
  CHECK(indicator(mac, "output").history == std::map<int, double>{{2023, 105}, {2024, 110}});
  CHECK(indicator(mac, "output").history_source.at(2024) == "mac.csv:3");
}

TEST_CASE("inline history and a file: equal values agree, different ones are an error naming both") {
  write("long.csv", kLong);
  const std::string files = "history_files:\n  - file: long.csv\n    series: { output: { series: gdp, where: {status: A} } }\n";
  const ScenarioSpec spec = load(files, "  output: { growth: 0.05, history: {2023: 105, 2021: 90} }\n");
  CHECK(indicator(spec, "output").history.size() == 4);
  CHECK(indicator(spec, "output").history_source.count(2021) == 0);  // inline: no file source
  const InputError e = error_of(files, "  output: { growth: 0.05, history: {2021: 90, 2023: 106} }\n");
  check_at(e, "history-conflict", (kDir / "s.yaml").string(), 4, 47, "long.csv:3 gives 105");
  CHECK(e.message().find("106") != std::string::npos);
}

TEST_CASE("two entries giving one indicator-year: equal is fine, different is an error") {
  write("long.csv", kLong);
  write("wide.csv", "year,gdp\n2023,105\n2024,111\n");
  const ScenarioSpec spec = load(
      "history_files:\n  - file: long.csv\n    series: { output: { series: gdp, where: {status: A}, years: [2023] } }\n"
      "  - file: wide.csv\n    series: { output: { series: gdp, years: [2023] } }\n");
  CHECK(indicator(spec, "output").history.at(2023) == 105);
  const InputError e = error_of(
      "history_files:\n  - file: long.csv\n    series: { output: { series: gdp, where: {status: A} } }\n"
      "  - file: wide.csv\n    series: { output: gdp }\n");
  check_at(e, "history-conflict", csv_path("wide.csv"), 3, 6, "at long.csv:5");
}

TEST_CASE("observation_sd reaches model::Observation::sd, relative or absolute") {
  write("wide.csv", "year,gdp\n2023,100\n2024,110\n2025,120\n");
  const std::string files = "history_files:\n  - file: wide.csv\n    series: { output: gdp }\n";
  auto sds = [&](const std::string& output) {
    const auto model = goalpath::model::compile_model(load(files, output + "  share: { base: 0.3, change: 0.01 }\n"));
    std::vector<double> out;
    for (const auto& o : model.observations) out.push_back(o.sd);
    return out;
  };
  const auto relative = sds("  output: { growth: 0.05, observation_sd: 2% }\n");
  REQUIRE(relative.size() == 2);  // 2024 and 2025; 2023 is the base
  CHECK(relative[0] == doctest::Approx(2.2));
  CHECK(relative[1] == doctest::Approx(2.4));
  const auto absolute = sds("  output: { growth: 0.05, observation_sd: 1.5 }\n");
  CHECK(absolute == std::vector<double>{1.5, 1.5});
  const auto by_default = sds("  output: { growth: 0.05 }\n");  // 1% of the value
  CHECK(by_default[0] == doctest::Approx(1.1));
  const auto model = goalpath::model::compile_model(load(files, "  output: { growth: 0.05 }\n"));
  CHECK(model.observations[0].source == "wide.csv:3");
}

TEST_CASE("observation_sd: bad values are errors at the value; unused is a warning") {
  for (const std::string bad : {"0", "-1", "0%", "150%", ".nan", "two", "x%", "1e400", "[1]"}) {
    INFO(bad);
    const InputError e = error_of("", "  output: { base: 1, growth: 0.05, observation_sd: " + bad + " }\n");
    check_at(e, "bad-value", (kDir / "s.yaml").string(), 4, 52, "indicator 'output': observation_sd is");
    CHECK(e.hint().find("2%") != std::string::npos);
  }
  const ScenarioSpec ok = load("", "  output: { base: 1, growth: 0.05, observation_sd: 100%, history: {2024: 1.1} }\n");
  CHECK(*indicator(ok, "output").observation_sd == 1.0);
  CHECK(ok.warnings.empty());
  const ScenarioSpec unused = load("", "  output: { base: 1, growth: 0.05, observation_sd: 0.1, history: {2023: 1} }\n");
  REQUIRE(unused.warnings.size() == 1);
  CHECK(unused.warnings[0].find("observation_sd is unused") != std::string::npos);
}

TEST_CASE("errors inside the CSV file point at its line and column") {
  const std::string entry = "history_files:\n  - file: bad.csv\n    series: { output: gdp }\n";
  write("bad.csv", "year,gdp\n2023,105\n2024,1 234\n");
  check_at(error_of(entry), "wrong-type", csv_path("bad.csv"), 3, 6, "'1 234'");
  write("bad.csv", "year,gdp\n2023,105\n20x4,110\n");
  check_at(error_of(entry), "wrong-type", csv_path("bad.csv"), 3, 1, "the year must be a number");
  write("bad.csv", "year,gdp\n2023,105\n1700,110\n");
  check_at(error_of(entry), "bad-years", csv_path("bad.csv"), 3, 1, "1800");
  write("bad.csv", "year,gdp\n2023,105\n2024,\"110\n2025,5\n");
  check_at(error_of(entry), "csv-syntax", csv_path("bad.csv"), 3, 6, "never closed");
  write("bad.csv", "year,gdp\n2023,105\n2024,\"110\"x\n");
  check_at(error_of(entry), "csv-syntax", csv_path("bad.csv"), 3, 11, "after the closing quote");
  write("bad.csv", "year,gdp\n2023,105,7\n");
  check_at(error_of(entry), "csv-syntax", csv_path("bad.csv"), 2, 10, "3 cells, the header (line 1) has 2");
  write("bad.csv", "year,gdp\n2023\n");
  check_at(error_of(entry), "csv-syntax", csv_path("bad.csv"), 2, 5, "1 cells");
  // Columns count characters: 上海 is two columns.
  write("bad.csv", "series,year,value,note\nother,2023,x,上海\n上海,2023,\"1\"y,\n");
  check_at(error_of(entry), "csv-syntax", csv_path("bad.csv"), 3, 12, "after the closing quote");
  write("bad.csv", "year,gdp\n2023,\xC9\xCF\n");
  check_at(error_of(entry), "encoding", csv_path("bad.csv"), 2, 6, "not UTF-8");
  write("bad.csv", "when,gdp\n2023,105\n");
  check_at(error_of(entry), "csv-syntax", csv_path("bad.csv"), 1, 1, "'when', 'gdp'");
  write("bad.csv", "year,gdp, gdp\n2023,105,106\n");
  check_at(error_of(entry), "duplicate-id", csv_path("bad.csv"), 1, 10, "column 'gdp' twice");
  write("bad.csv", "");
  check_at(error_of(entry), "csv-syntax", csv_path("bad.csv"), 1, 1, "empty");
  write("long.csv", kLong);
  check_at(error_of("history_files:\n  - file: long.csv\n    series: { output: gdp }\n"), "duplicate-id",
           csv_path("long.csv"), 4, 10, "on lines 3 and 4");
}

TEST_CASE("errors in the YAML about what it asks of a file") {
  const std::string yaml = (kDir / "s.yaml").string();
  write("long.csv", kLong);
  write("wide.csv", "year,gdp\n2023,105\n");
  auto entry = [](const std::string& file, const std::string& series) {
    return "history_files:\n  - file: " + file + "\n    series: { " + series + " }\n";
  };
  check_at(error_of(entry("nowhere.csv", "output: gdp")), "file-not-found", yaml, 7, 11, "nowhere.csv");
  check_at(error_of(entry("/dev/zero.csv", "output: gdp")), "file-not-found", yaml, 7, 11, "zero");
  check_at(error_of(entry("/dev/zero", "output: gdp")), "bad-value", yaml, 7, 11, "not a .csv file");
  fs::create_directories(kDir / "folder.csv");
  CHECK(error_of(entry("folder.csv", "output: gdp")).hint().find("folder") != std::string::npos);
  check_at(error_of(entry("long.csv", "outptu: gdp")), "unknown-name", yaml, 8, 15, "'outptu'");
  CHECK(error_of(entry("long.csv", "outptu: gdp")).hint() == "did you mean 'output'?");
  check_at(error_of(entry("long.csv", "output: gpd")), "unknown-name", yaml, 8, 23, "no series 'gpd'");
  CHECK(error_of(entry("wide.csv", "output: gpd")).hint() == "did you mean 'gdp'?");
  check_at(error_of(entry("long.csv", "output: { series: gdp, where: { statsu: A } }")), "unknown-name", yaml, 8, 47,
           "no column 'statsu'");
  check_at(error_of(entry("wide.csv", "output: { series: gdp, where: { status: A } }")), "bad-value", yaml, 8, 38,
           "is wide");
  check_at(error_of(entry("long.csv", "output: { series: gdp, where: {status: A}, years: [2021] }")), "bad-years",
           yaml, 8, 66, "no value for 2021");
  check_at(error_of(entry("long.csv", "output: { series: gdp, where: {status: Z} }")), "bad-value", yaml, 8, 33,
           "no value");
  check_at(error_of(entry("long.csv", "output: { series: gdp, scale: 0 }")), "bad-value", yaml, 8, 45, "is 0");
  std::string many = "history_files:\n";
  for (int k = 0; k < 101; ++k) many += "  - file: wide.csv\n    series: { output: gdp }\n";
  check_at(error_of(many), "too-large", yaml, 207, 5, "101 entries");
  // Files over the cap are refused before they are read.
  goalpath::scenario::LoadLimits small;
  small.max_history_file_bytes = 10;
  try {
    load_scenario_text("scenario: t\nyears: [2023, 2026]\nindicators:\n  output: { growth: 0.05 }\n" +
                           entry("long.csv", "output: gdp"),
                       yaml, small);
    FAIL("no error");
  } catch (const InputError& e) {
    check_at(e, "too-large", yaml, 6, 11, "more than the limit of 10");
  }
}

TEST_CASE("a variant adds history_files to its parent's, each path relative to the file that states it") {
  write("long.csv", kLong);
  write("v/wide.csv", "year,pct\n2024,40\n");
  write("base.yaml",
        "scenario: b\nyears: [2023, 2026]\nindicators:\n  output: { growth: 0.05 }\n  share: { base: 0.3, change: 0.01 }\n"
        "history_files:\n  - file: long.csv\n    series: { output: { series: gdp, where: {status: A} } }\n");
  const ScenarioSpec spec = load_scenario_text(
      "scenario: v\nextends: ../base.yaml\nhistory_files:\n  - file: wide.csv\n    series: { share: { series: pct, scale: 0.01 } }\n",
      (kDir / "v" / "variant.yaml").string());
  CHECK(indicator(spec, "output").history.at(2024) == 110.5);
  CHECK(indicator(spec, "share").history.at(2024) == doctest::Approx(0.4));
  CHECK(indicator(spec, "share").history_source.at(2024) == "wide.csv:2");
}

TEST_CASE("the bundled history file reads as a long file") {
  const std::string csv = (fs::path(GOALPATH_SOURCE_DIR) / "docs" / "sources" / "shanghai_history.csv").string();
  const ScenarioSpec spec = load(
      "history_files:\n  - file: " + csv + "\n    series: { output: { series: gdp, where: {status: B}, years: [2023] } }\n");
  CHECK(indicator(spec, "output").history.at(2023) == 47200);
}

TEST_CASE("the merged scenario's text (its hash) changes when a history file does") {
  const std::string files = "history_files:\n  - file: hash.csv\n    series: { output: gdp }\n";
  write("hash.csv", "year,gdp\n2023,105\n2024,110\n");
  const std::string before = load(files).canonical_text;
  write("hash.csv", "year,gdp\n2023,105\n2024,111\n");
  const std::string after = load(files).canonical_text;
  CHECK(before != after);
  CHECK(after.find("\"history_files_read\":{\"output\":{\"2023\":\"105\",\"2024\":\"111\"}}") != std::string::npos);
  // Without history files the text is the YAML's alone, as before.
  CHECK(load("", "  output: { base: 1, growth: 0.05 }\n").canonical_text.find("history_files_read") == std::string::npos);
}

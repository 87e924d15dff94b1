// `run --format md`: every table is well formed (a header, a separator row,
// the same number of unescaped pipes on every row), scenario text cannot
// break a table or inject markup, and the reproducibility facts are there.
#include <doctest/doctest.h>

#include <sstream>

#include "report/report.hpp"
#include "report_test_support.hpp"

using namespace goalpath;

namespace {

std::size_t unescaped_pipes(const std::string& line) {
  std::size_t count = 0;
  for (std::size_t k = 0; k < line.size(); ++k) {
    if (line[k] == '\\') ++k;  // \| and \\ are escapes, not cell borders
    else if (line[k] == '|') ++count;
  }
  return count;
}

bool is_separator(const std::string& line) {
  if (line.empty() || line.front() != '|') return false;
  for (char c : line) {
    if (c != '|' && c != '-' && c != ':' && c != ' ') return false;
  }
  return line.find("---") != std::string::npos;
}

/// Checks each block of consecutive lines starting with '|'; returns how many tables it saw.
int check_tables(const std::string& markdown) {
  std::istringstream in(markdown);
  std::vector<std::string> block;
  int tables = 0;
  auto finish = [&] {
    if (block.empty()) return;
    ++tables;
    INFO("table starting: " << block.front());
    REQUIRE(block.size() >= 2);
    CHECK(is_separator(block[1]));
    const std::size_t pipes = unescaped_pipes(block[0]);
    CHECK(pipes >= 3);
    for (const auto& line : block) {
      INFO("row: " << line);
      CHECK(unescaped_pipes(line) == pipes);
      CHECK(line.back() == '|');
    }
    block.clear();
  };
  for (std::string line; std::getline(in, line);) {
    if (!line.empty() && line.front() == '|') block.push_back(line);
    else finish();
  }
  finish();
  return tables;
}

}  // namespace

TEST_CASE("run Markdown: well-formed tables, escaped text, reproducibility") {
  const analysis::RunResult r = test::run_scenario_text(test::report_scenario());
  const std::string md = report::run_markdown(r);
  INFO(md);
  CHECK(md.rfind("# ", 0) == 0);
  // targets, indicators in the last year, parameters, yearly shocks, reproducibility
  CHECK(check_tables(md) == 5);
  // Scenario text: | escaped inside cells, no raw HTML, Chinese kept.
  CHECK(md.find("产值 1,200 \\| by 2027") != std::string::npos);
  CHECK(md.find("<script>") == std::string::npos);
  CHECK(md.find("<b>") == std::string::npos);
  CHECK(md.find("工业总产值") != std::string::npos);
  CHECK(md.find("## Indicators in 2027") != std::string::npos);
  // One row per target in the targets table, with its status.
  for (const auto& t : r.targets) CHECK(md.find("| " + t.id + " |") != std::string::npos);
  CHECK(md.find("All targets met together") != std::string::npos);
  // The answer comes before the targets table, the reproducibility last.
  CHECK(md.find("## The answer") < md.find("## Targets"));
  CHECK(md.find("## Assumptions") < md.find("## Reproducibility"));
  // Reproducibility.
  CHECK(md.find("0.1.0-test") != std::string::npos);
  CHECK(md.find(std::string(64, 'a')) != std::string::npos);
  CHECK(md.find("`goalpath run report-test.yaml --paths 2000 --seed 11`") != std::string::npos);
  CHECK(md.find("| seed | 11 |\n| paths | 2000 |\n| threads | 1 |") != std::string::npos);
}

TEST_CASE("run Markdown of a deterministic run: met / not met, no probability columns") {
  const analysis::RunResult r = test::run_scenario_text(test::report_scenario(), 1, true);
  const std::string md = report::run_markdown(r);
  CHECK(check_tables(md) == 5);
  CHECK(md.find("P(met)") == std::string::npos);
  CHECK(md.find("deterministic projection") != std::string::npos);
  CHECK(md == report::run_report(r, report::Format::md));
}

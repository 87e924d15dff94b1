// compare A B (analysis/compare.hpp and its writers): two runs of one scenario
// that differ only in the growth assumption (0.03 against 0.05), with the
// same seed and paths (common random numbers). The comparison must report
// exactly that parameter, a higher probability in B for the level target,
// and the same result when the two runs are read back from report JSON.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>
#include <stdexcept>

#include "analysis/compare.hpp"
#include "report/report.hpp"
#include "report/text.hpp"
#include "report_test_support.hpp"

using namespace goalpath;
using nlohmann::json;

namespace {

const analysis::TargetComparison& target(const analysis::CompareResult& c, const std::string& id) {
  for (const auto& t : c.targets) {
    if (t.id == id) return t;
  }
  FAIL("no target " << id);
  throw std::logic_error("FAIL throws");  // tells the compiler this path returns nothing
}

analysis::CompareResult growth_comparison() {
  return analysis::compare_runs(test::run_scenario_text(test::report_scenario(0.03)),
                                test::run_scenario_text(test::report_scenario(0.05)));
}

}  // namespace

TEST_CASE("compare: one differing parameter, probability up when growth is higher") {
  const analysis::CompareResult c = growth_comparison();
  REQUIRE(c.parameters.size() == 1);
  CHECK(c.parameters[0].name == "growth");
  CHECK(c.parameters[0].change == "value");
  CHECK(c.parameters[0].a->value == doctest::Approx(0.03));
  CHECK(c.parameters[0].b->value == doctest::Approx(0.05));

  REQUIRE(c.targets.size() == 3);
  const auto& level = target(c, "output-1200");
  REQUIRE(level.delta_probability);
  INFO("P(A) " << *level.a->probability << ", P(B) " << *level.b->probability);
  CHECK(*level.delta_probability > 0.2);  // 1000·1.03^4 = 1126 against 1000·1.05^4 = 1216: a large, sure gain
  CHECK(*level.delta_value > 0);
  CHECK(!level.definition_changed);
  // The share target does not depend on growth: its probability does not move at all.
  CHECK(*target(c, "share-every").delta_probability == 0);
  CHECK(c.notes.empty());

  REQUIRE(c.indicators.size() == 2);
  CHECK(c.indicators[0].name == "output");
  CHECK(c.indicators[0].a_end->year == 2027);
  CHECK(c.indicators[0].b_end->deterministic > c.indicators[0].a_end->deterministic);
  CHECK(c.indicators[1].b_end->deterministic == c.indicators[1].a_end->deterministic);
}

TEST_CASE("compare: targets and parameters on one side only are listed with the other side empty") {
  std::string b = test::report_scenario(0.04);
  b.replace(b.find("  share_growth: 0.01"), 20, "  share_growth: 0.01\n  extra: 2");
  b = b.substr(0, b.find("  - id: output-growth"));
  const analysis::CompareResult c = analysis::compare_runs(test::run_scenario_text(test::report_scenario(0.04)),
                                                           test::run_scenario_text(b, 500));
  REQUIRE(c.parameters.size() == 1);
  CHECK(c.parameters[0].name == "extra");
  CHECK(!c.parameters[0].a);
  CHECK(c.parameters[0].change == "only in B");
  const auto& only_a = target(c, "output-growth");
  CHECK(only_a.a);
  CHECK(!only_a.b);
  CHECK(!only_a.delta_probability);
  // Different path counts: the note warns that part of the change is noise.
  REQUIRE(c.notes.size() == 1);
  CHECK(c.notes[0].find("different random numbers") != std::string::npos);
  const json j = report::compare_to_json(c);
  CHECK(j.at("parameters")[0].at("a").is_null());
  CHECK(j.at("targets")[2].at("b").is_null());
  CHECK(j.at("targets")[2].at("delta_probability").is_null());
}

TEST_CASE("compare JSON follows CLI.md; JSON report inputs give the same comparison") {
  const analysis::CompareResult c = growth_comparison();
  const json j = report::compare_to_json(c);
  CHECK(j.at("schema") == "goalpath.compare/1");
  CHECK(j.at("a").at("scenario").at("id") == "report-test");
  CHECK(j.at("b").at("settings").at("seed") == 11);
  REQUIRE(j.at("targets").size() == 3);
  const json& t = j.at("targets")[0];
  CHECK(t.at("id") == "output-1200");
  CHECK(t.at("a").at("probability") == *c.targets[0].a->probability);
  CHECK(t.at("b").at("probability") == *c.targets[0].b->probability);
  CHECK(t.at("delta_probability") == *c.targets[0].delta_probability);
  REQUIRE(j.at("parameters").size() == 1);
  CHECK(j.at("parameters")[0].at("name") == "growth");
  CHECK(j.at("parameters")[0].at("a").at("value") == c.parameters[0].a->value);
  CHECK(j.at("parameters")[0].at("b").at("value") == c.parameters[0].b->value);
  CHECK(j.at("indicators").at("output").at("a").at("year") == 2027);

  // Through report JSON (as `compare a.json b.json` reads them): the same numbers.
  const analysis::CompareResult from_json = analysis::compare_runs(
      report::run_from_json(report::run_to_json(c.a), "a.json"), report::run_from_json(report::run_to_json(c.b), "b.json"),
      "report", "report");
  json again = report::compare_to_json(from_json);
  CHECK(again.at("a").at("kind") == "report");
  again["a"]["kind"] = again["b"]["kind"] = "scenario";
  CHECK(again == j);
}

TEST_CASE("compare writers: table, CSV, Markdown and HTML agree on the one differing parameter") {
  const analysis::CompareResult c = growth_comparison();
  const std::string table = report::compare_report(c, report::Format::table);
  CHECK(table.find("output-1200") != std::string::npos);
  CHECK(table.find("growth") != std::string::npos);
  char change[32];
  std::snprintf(change, sizeof change, "%+.1f pts", 100 * *c.targets[0].delta_probability);
  CHECK(table.find(change) != std::string::npos);

  const std::string csv = report::compare_csv(c);
  CHECK(csv.rfind("\xEF\xBB\xBFsection,target,indicator,parameter,year,statistic,a,b,delta\r\n", 0) == 0);
  CHECK(csv.find("parameter,,,growth,,value,0.03,0.05,") != std::string::npos);

  const std::string md = report::compare_markdown(c);
  CHECK(md.find("| growth | 0.0300 normal(sd=0.01) | 0.0500 normal(sd=0.01) | value |") != std::string::npos);

  const std::string html = report::compare_html(c);
  for (const char* bad : {"http://", "https://", "src=", "href=", "url(", "<link", "<script"}) {
    INFO(bad);
    CHECK(html.find(bad) == std::string::npos);
  }
  // One overlaid fan chart (A and B) per shared indicator.
  std::size_t charts = 0;
  for (std::size_t at = html.find("class=\"fan-chart\""); at != std::string::npos; at = html.find("class=\"fan-chart\"", at + 1)) {
    ++charts;
    const std::string two_series = "data-series=\"2\"";
    CHECK(html.compare(html.find("data-series=", at), two_series.size(), two_series) == 0);
  }
  CHECK(charts == 2);
  // The change travels exactly, for the browser test to hold the page to the JSON.
  CHECK(html.find("data-value=\"" + report::detail::exact_number(*c.targets[0].delta_probability) + "\"") !=
        std::string::npos);
}

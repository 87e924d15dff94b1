// Backtest (analysis/backtest.hpp): how a scenario is restarted in an earlier
// year, and the scores against synthetic histories whose answer is known by
// hand. MAPE is exact arithmetic on the deterministic path (tolerance 1e-12,
// rounding only); coverage uses a band far wider than the distance between
// the observations and the median path, so it does not depend on the seed.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdio>

#include "analysis/backtest.hpp"
#include "scenario/scenario.hpp"

using namespace goalpath;

namespace {

/// x = 100 · 1.05^(year - 2015) for 2015..2023, written to 17 digits.
std::string exact_history() {
  std::string out = "{";
  double x = 100;
  for (int year = 2015; year <= 2023; ++year) {
    char buffer[64];
    std::snprintf(buffer, sizeof buffer, "%s%d: %.17g", year == 2015 ? "" : ", ", year, x);
    out += buffer;
    x *= 1.05;
  }
  return out + "}";
}

scenario::ScenarioSpec growth_scenario(double growth, double sd) {
  char parameter[160];
  std::snprintf(parameter, sizeof parameter, "  g: { value: %.17g, uncertainty: { dist: normal, sd: %.17g } }\n", growth, sd);
  return scenario::load_scenario_text("scenario: synthetic\nyears: [2023, 2027]\nparameters:\n" + std::string(parameter) +
                                          "indicators:\n  x: { growth: \"g\", history: " + exact_history() + " }\n"
                                          "targets:\n  - { id: big, indicator: x, year: 2027, at_least: 200 }\n",
                                      "synthetic.yaml");
}

sim::SimulationOptions options(std::int64_t paths = 4000) {
  sim::SimulationOptions o;
  o.paths = paths;
  o.seed = 7;
  o.threads = 2;
  return o;
}

std::string error_code(const scenario::ScenarioSpec& spec, int from) {
  try {
    analysis::plan_backtest(spec, from);
  } catch (const InputError& e) {
    INFO(e.formatted());
    return e.code() + ": " + e.message() + " | " + e.hint();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a history that follows the scenario's growth exactly is recovered: MAPE 0, coverage 1") {
  auto result = analysis::run_backtest(growth_scenario(0.05, 0.02), 2015, options(), false);
  CHECK(result.from_year == 2015);
  CHECK(result.last_year == 2023);
  CHECK(result.original_base_year == 2023);
  REQUIRE(result.indicators.size() == 1);
  const auto& x = result.indicators[0];
  CHECK(x.start == analysis::BacktestStart::history);
  CHECK(x.start_value == 100.0);
  REQUIRE(x.years.size() == 8);
  CHECK(x.years.front() == 2016);
  CHECK(x.years.back() == 2023);
  CHECK(result.points == 8);
  INFO("mape " << result.mape);
  CHECK(std::abs(result.mape) <= 1e-12);
  REQUIRE(result.coverage_90.has_value());
  CHECK(*result.coverage_90 == 1.0);
  // With sd 0.02 on a 5% growth the band after 8 years spans about ±25%.
  CHECK(x.p05.back() < 0.85 * x.observed.back());
  CHECK(x.p95.back() > 1.15 * x.observed.back());
}

TEST_CASE("a wrong growth gives the hand-computed MAPE: mean over k = 1..8 of 1 - (1.03/1.05)^k") {
  auto result = analysis::run_backtest(growth_scenario(0.03, 0.001), 2015, options(), true);
  double expected = 0;
  for (int k = 1; k <= 8; ++k) expected += 1 - std::pow(1.03 / 1.05, k);
  expected /= 8;
  INFO("mape " << result.mape << ", expected " << expected);
  CHECK(std::abs(result.mape - expected) <= 1e-12);
  CHECK(std::abs(result.indicators[0].mape - expected) <= 1e-12);
  CHECK(result.indicators[0].error.back() < 0);  // the projection undershoots
  CHECK_FALSE(result.coverage_90.has_value());   // deterministic: no band
  CHECK(result.indicators[0].p05.empty());
}

TEST_CASE("a tight band around a wrong growth covers nothing") {
  auto result = analysis::run_backtest(growth_scenario(0.03, 0.001), 2015, options(), false);
  REQUIRE(result.coverage_90.has_value());
  CHECK(*result.coverage_90 == 0.0);
  CHECK(result.inside_90 == 0);
}

TEST_CASE("restart rules: history, derived value rules, base expressions, left-out indicators") {
  auto spec = scenario::load_scenario_text(R"Y(
scenario: restart
years: [2023, 2026]
parameters:
  g: 0.05
  level_2023: 500
indicators:
  x: { base: 130, growth: "g", history: {2019: 100, 2021: 110.25} }
  share: { value: "y / x", history: {2019: 0.5, 2021: 0.5} }
  y: { base: "0.5 * x", growth: "g" }
  plan: { base: 7, path: {2024: 8, 2025: 9, 2026: 10}, history: {2020: 6, 2021: 6.5, 2022: 7} }
  total: { base: 0, change: "plan" }
  unrelated: { base: "level_2023", growth: "g" }
)Y", "restart.yaml");
  auto plan = analysis::plan_backtest(spec, 2019);
  CHECK(plan.spec.base_year == 2019);
  CHECK(plan.last_year == 2021);  // plan's 2022 observation is a path input, not a point to compare
  CHECK(plan.spec.targets.empty());
  std::vector<std::string> kept;
  for (const auto& ind : plan.spec.indicators) kept.push_back(ind.name);
  CHECK(kept == std::vector<std::string>{"x", "share", "y"});
  CHECK(plan.left_out == std::vector<std::string>{"plan", "total", "unrelated"});
  CHECK(plan.compared == std::vector<std::string>{"x", "share"});
  CHECK(plan.starts == std::vector<analysis::BacktestStart>{analysis::BacktestStart::history,
                                                            analysis::BacktestStart::derived,
                                                            analysis::BacktestStart::expression});
  auto result = analysis::run_backtest(spec, 2019, options(), true);
  REQUIRE(result.indicators.size() == 2);
  CHECK(result.indicators[0].name == "x");
  REQUIRE(result.indicators[0].deterministic.size() == 1);
  CHECK(std::abs(result.indicators[0].deterministic[0] - 110.25) <= 1e-9);
  CHECK(std::abs(result.mape) <= 1e-12);
  CHECK(result.indicators[1].name == "share");
  CHECK(std::abs(result.indicators[1].deterministic[0] - 0.5) <= 1e-15);
}

TEST_CASE("a path is filled with history before the original base year, and those inputs are not compared") {
  auto spec = scenario::load_scenario_text(R"Y(
scenario: paths
years: [2021, 2023]
indicators:
  plan: { base: 10, path: {2022: 12, 2023: 14}, history: {2019: 8, 2020: 9, 2021: 10, 2022: 11} }
  output: { base: 100, change: "plan", history: {2019: 80, 2020: 89, 2021: 99, 2022: 112} }
)Y", "paths.yaml");
  auto result = analysis::run_backtest(spec, 2019, options(), true);
  REQUIRE(result.indicators.size() == 2);
  const auto& plan = result.indicators[0];
  CHECK(plan.years == std::vector<int>{2022});  // 2020 and 2021 were inputs
  CHECK(plan.deterministic == std::vector<double>{12});
  const auto& output = result.indicators[1];
  CHECK(output.years == std::vector<int>{2020, 2021, 2022});
  CHECK(output.deterministic == std::vector<double>{89, 99, 111});

  auto gap = scenario::load_scenario_text(R"Y(
scenario: gap
years: [2021, 2023]
indicators:
  plan: { base: 10, path: {2022: 12, 2023: 14}, history: {2019: 8, 2021: 10} }
  output: { base: 100, change: "plan", history: {2019: 80, 2022: 112} }
)Y", "gap.yaml");
  std::string message = error_code(gap, 2019);
  CHECK(message.rfind("path-gap", 0) == 0);
  CHECK(message.find("'plan'") != std::string::npos);
  CHECK(message.find("2020") != std::string::npos);
}

TEST_CASE("errors: a level assumed for the base year, nothing observed after YEAR") {
  auto spec = scenario::load_scenario_text(R"Y(
scenario: errors
years: [2023, 2025]
parameters:
  level_2023: 50
indicators:
  x: { base: 100, growth: "0.05", history: {2019: 80, 2021: 90} }
  y: { base: "level_2023", growth: "0.02", history: {2018: 40} }
  ratio: { value: "y / x", history: {2021: 0.5} }
)Y", "errors.yaml");
  std::string message = error_code(spec, 2019);
  INFO(message);
  CHECK(message.rfind("no-restart", 0) == 0);
  CHECK(message.find("'y' (needed by 'ratio')") != std::string::npos);
  CHECK(message.find("history value for 2019") != std::string::npos);
  CHECK(message.find("2018") != std::string::npos);  // the years it could start from

  std::string none = error_code(spec, 2021);
  CHECK(none.rfind("no-history", 0) == 0);
  CHECK(none.find("2018, 2019, 2021") != std::string::npos);
}

TEST_CASE("with `dropped`, an indicator that cannot restart is listed and the others are still compared") {
  // y and its share of x have history from 2019 only: from 2015, x restarts
  // and is compared, while y (a level for 2023 with no 2015 value) and the
  // share (which needs y) are dropped with their reasons.
  const scenario::ScenarioSpec spec = scenario::load_scenario_text(
      "scenario: partial\nyears: [2023, 2027]\nparameters:\n  g: { value: 0.05 }\n"
      "indicators:\n"
      "  x: { growth: \"g\", history: " + exact_history() + " }\n"
      "  y: { base: 50, growth: \"g\", history: {2019: 40, 2020: 42} }\n"
      "  share: { value: \"y / x\", history: {2020: 0.3} }\n"
      "targets:\n  - { id: big, indicator: x, year: 2027, at_least: 200 }\n",
      "partial.yaml");
  CHECK(error_code(spec, 2015).rfind("no-restart", 0) == 0);  // without `dropped`: refused as before
  std::vector<analysis::DroppedIndicator> dropped;
  const analysis::BacktestPlan plan = analysis::plan_backtest(spec, 2015, &dropped);
  CHECK(plan.compared == std::vector<std::string>{"x"});
  REQUIRE(dropped.size() == 2);
  CHECK(dropped[0].indicator == "y");
  CHECK(dropped[0].reason.find("no history for 2015") != std::string::npos);
  CHECK(dropped[1].indicator == "share");
  CHECK(dropped[1].reason.find("'y', which it needs") != std::string::npos);
  // From 2019 everything restarts: nothing dropped.
  dropped.clear();
  const analysis::BacktestPlan later = analysis::plan_backtest(spec, 2019, &dropped);
  CHECK(dropped.empty());
  CHECK(later.compared.size() == 3);
}

// The deterministic projection (parameters at their value, shocks at 0)
// against closed forms computed here: compound growth, running sums, shares,
// planned paths, prev() and base(), year and t, value rules that define the
// base year, bases that are expressions (evaluated in dependency order
// whatever the file order), and the measured value of every kind of target.
// Tolerance: 1e-12 relative (exact where the arithmetic is exact).
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

using goalpath::model::compile_model;
using goalpath::model::Model;
using goalpath::scenario::load_scenario_text;
using goalpath::sim::DeterministicOutcome;
using goalpath::sim::run_deterministic;

namespace {

constexpr double kRelative = 1e-12;

void check_close(double actual, double expected, const std::string& what) {
  INFO(what << ": actual " << actual << ", expected " << expected << ", relative tolerance " << kRelative);
  if (expected == 0.0) {
    CHECK(actual == 0.0);
  } else {
    CHECK(std::abs(actual - expected) <= kRelative * std::abs(expected));
  }
}

void check_series(const Model& model, const DeterministicOutcome& out, const std::string& name,
                  const std::vector<double>& expected) {
  const int i = model.find_indicator(name);
  REQUIRE_MESSAGE(i >= 0, "no indicator " << name);
  REQUIRE(static_cast<int>(expected.size()) == model.year_count());
  for (int y = 0; y < model.year_count(); ++y) {
    check_close(out.indicators(y, i), expected[static_cast<std::size_t>(y)],
                name + "[" + std::to_string(model.base_year + y) + "]");
  }
}

double target_value(const Model& model, const DeterministicOutcome& out, const std::string& id) {
  const int t = model.find_target(id);
  REQUIRE_MESSAGE(t >= 0, "no target " << id);
  return out.targets[static_cast<std::size_t>(t)];
}

// Written out of dependency order on purpose: `share` (first) needs `part`
// and `total`, `part`'s base needs `total`'s base, `echo` needs prev(total).
const char* kScenario = R"yaml(scenario: projection
years: [2020, 2024]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.01 } }
  scale: 2.5
shocks:
  noise: { sd: 0.02, ar: 0.3 }
indicators:
  share:
    value: "part / total"
  part:
    base: "0.4 * total"
    growth: "g + 0.01"
  echo:
    value: "prev(total)"
  total:
    base: "scale * 400"
    growth: "g + noise"
  investment:
    base: 50
    path: {2021: 60, 2022: 65, 2023: 70, 2024: 80}
  cumulative:
    base: 0
    change: investment
  calendar:
    value: "year + t / 10"
  lagged:
    base: 7
    value: "prev(total) - base(total)"
  wave:
    value: "if(t == 2, -1, if(t == 3, 9, t))"
  exact:
    base: 100
    growth: 0.5
targets:
  - { id: part-every-least, indicator: part, every_year: [2021, 2024], at_least: 424 }
  - { id: share-every-most, indicator: share, every_year: [2020, 2024], at_most: 0.5 }
  - { id: wave-every-least, indicator: wave, every_year: [2021, 2024], at_least: 0 }
  - { id: wave-every-most, indicator: wave, every_year: [2021, 2024], at_most: 5 }
  - { id: total-cagr, indicator: total, cagr: [2020, 2024], at_least: 0.05 }
  - { id: part-cagr, indicator: part, cagr: [2021, 2023], at_least: 0.07 }
  - { id: share-level, expr: "part / total", year: 2024, at_least: 0.4 }
  - { id: exact-least, indicator: exact, year: 2021, at_least: 150 }
  - { id: exact-most, indicator: exact, year: 2021, at_most: 150 }
  - { id: exact-above, indicator: exact, year: 2021, at_least: 150.000001 }
  - { id: cumulative-level, indicator: cumulative, year: 2024, at_least: 300 }
)yaml";

struct Fixture {
  Model model = compile_model(load_scenario_text(kScenario, "projection.yaml"));
  DeterministicOutcome out = run_deterministic(model);
};

}  // namespace

TEST_CASE("compound growth: x[t] = x[t-1] (1 + g), base from a parameter expression") {
  Fixture f;
  std::vector<double> total, part;
  for (int t = 0; t <= 4; ++t) {
    total.push_back(2.5 * 400 * std::pow(1.05, t));  // shocks are 0 in the projection
    part.push_back(0.4 * 1000 * std::pow(1.06, t));
  }
  check_series(f.model, f.out, "total", total);
  check_series(f.model, f.out, "part", part);
  check_series(f.model, f.out, "exact", {100, 150, 225, 337.5, 506.25});
}

TEST_CASE("running sum via change, planned path") {
  Fixture f;
  check_series(f.model, f.out, "investment", {50, 60, 65, 70, 80});
  check_series(f.model, f.out, "cumulative", {0, 60, 125, 195, 275});
}

TEST_CASE("shares via a value rule; the value rule defines the base year") {
  Fixture f;
  std::vector<double> share;
  for (int t = 0; t <= 4; ++t) share.push_back(0.4 * std::pow(1.06 / 1.05, t));
  check_series(f.model, f.out, "share", share);
}

TEST_CASE("prev() and base(); prev() in the base year is the base value") {
  Fixture f;
  // echo = prev(total): in the base year, total's base value.
  check_series(f.model, f.out, "echo", {1000, 1000, 1050, 1102.5, 1157.625});
  // lagged: base 7, then prev(total) - base(total).
  check_series(f.model, f.out, "lagged", {7, 0, 50, 102.5, 157.625});
}

TEST_CASE("the built-ins year and t") {
  Fixture f;
  check_series(f.model, f.out, "calendar", {2020, 2021.1, 2022.2, 2023.3, 2024.4});
  check_series(f.model, f.out, "wave", {0, 1, -1, 9, 4});
}

TEST_CASE("evaluation order follows dependencies, not the file order") {
  Fixture f;
  auto position = [](const std::vector<int>& order, int indicator) {
    for (std::size_t k = 0; k < order.size(); ++k) {
      if (order[k] == indicator) return static_cast<int>(k);
    }
    return -1;
  };
  const int share = f.model.find_indicator("share"), part = f.model.find_indicator("part");
  const int total = f.model.find_indicator("total"), echo = f.model.find_indicator("echo");
  CHECK(position(f.model.base_order, total) < position(f.model.base_order, part));
  CHECK(position(f.model.base_order, part) < position(f.model.base_order, share));
  CHECK(position(f.model.base_order, total) < position(f.model.base_order, echo));
  CHECK(position(f.model.step_order, total) < position(f.model.step_order, share));
  CHECK(position(f.model.step_order, part) < position(f.model.step_order, share));
}

TEST_CASE("every_year targets measure the worst year: the smallest for at_least, the largest for at_most") {
  Fixture f;
  check_close(target_value(f.model, f.out, "part-every-least"), 400 * 1.06, "part-every-least (2021)");
  check_close(target_value(f.model, f.out, "share-every-most"), 0.4 * std::pow(1.06 / 1.05, 4), "share-every-most (2024)");
  // The worst years of `wave` lie inside the window, not at its ends.
  CHECK(target_value(f.model, f.out, "wave-every-least") == -1.0);  // 2022
  CHECK(target_value(f.model, f.out, "wave-every-most") == 9.0);    // 2023
  const auto& targets = f.model.targets;
  CHECK(targets[static_cast<std::size_t>(f.model.find_target("wave-every-least"))].met(-1.0) == false);
  CHECK(targets[static_cast<std::size_t>(f.model.find_target("wave-every-most"))].met(9.0) == false);
}

TEST_CASE("cagr targets: (x[end] / x[start])^(1 / (end - start)) - 1") {
  Fixture f;
  check_close(target_value(f.model, f.out, "total-cagr"), 0.05, "total-cagr");
  check_close(target_value(f.model, f.out, "part-cagr"), 0.06, "part-cagr over 2021-2023");
}

TEST_CASE("level targets; equality counts as met") {
  Fixture f;
  check_close(target_value(f.model, f.out, "share-level"), 0.4 * std::pow(1.06 / 1.05, 4), "share-level (expr)");
  const double exact = target_value(f.model, f.out, "exact-least");
  CHECK(exact == 150.0);  // 100 * (1 + 0.5), exact in binary
  const auto& t = f.model.targets;
  CHECK(t[static_cast<std::size_t>(f.model.find_target("exact-least"))].met(exact));
  CHECK(t[static_cast<std::size_t>(f.model.find_target("exact-most"))].met(exact));
  CHECK_FALSE(t[static_cast<std::size_t>(f.model.find_target("exact-above"))].met(exact));
  CHECK(target_value(f.model, f.out, "cumulative-level") == 275.0);
}

TEST_CASE("target series: what each target measures, every year") {
  Fixture f;
  const int t = f.model.find_target("share-level");
  for (int y = 0; y < f.model.year_count(); ++y) {
    check_close(f.out.target_series(y, t), 0.4 * std::pow(1.06 / 1.05, y), "share-level series " + std::to_string(y));
  }
  const int c = f.model.find_target("cumulative-level");
  std::vector<double> cumulative = {0, 60, 125, 195, 275};
  for (int y = 0; y < f.model.year_count(); ++y) CHECK(f.out.target_series(y, c) == cumulative[static_cast<std::size_t>(y)]);
}

TEST_CASE("a Monte Carlo path with every random input at its centre reproduces the projection") {
  // Evaluator::run with the central parameter row and no shocks is the projection itself;
  // in a block of several identical rows every row gives the same bits.
  Fixture f;
  goalpath::sim::Evaluator evaluator(f.model);
  Eigen::ArrayXXd rows = goalpath::sim::central_parameters(f.model).replicate(5, 1);
  goalpath::sim::BlockResult block;
  goalpath::sim::Workspace ws;
  evaluator.run(rows, false, 7, 0, block, ws);
  const int I = static_cast<int>(f.model.indicators.size());
  for (int r = 0; r < 5; ++r) {
    for (int y = 0; y < f.model.year_count(); ++y) {
      for (int i = 0; i < I; ++i) CHECK(block.indicators(r, y * I + i) == f.out.indicators(y, i));
    }
  }
}

TEST_CASE("a growth rate below -100% in the projection: NaN from that year on, the flip dated") {
  Model model = compile_model(load_scenario_text(R"yaml(
scenario: flip
years: [2023, 2026]
indicators:
  x: { base: 2, growth: "if(year == 2025, -1.5, 0.1)" }
  zero: { base: 0, growth: "-3" }
)yaml", "flip.yaml"));
  DeterministicOutcome out = run_deterministic(model);
  const int indicators = static_cast<int>(model.indicators.size());
  const int x = model.indicators[0].name == "x" ? 0 : 1;
  const int zero = 1 - x;
  CHECK(out.indicators(1, x) == doctest::Approx(2.2));
  CHECK(std::isnan(out.indicators(2, x)));
  CHECK(std::isnan(out.indicators(3, x)));
  CHECK(out.sign_flips[static_cast<std::size_t>(2 * indicators + x)] == 1);
  CHECK(out.sign_flips[static_cast<std::size_t>(3 * indicators + x)] == 0);
  // A level of zero stays zero: -300% growth has no sign to flip.
  CHECK(out.indicators(3, zero) == 0.0);
  CHECK(out.sign_flips[static_cast<std::size_t>(3 * indicators + zero)] == 0);
}

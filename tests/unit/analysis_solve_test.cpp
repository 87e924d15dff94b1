// Break-even values and needed paths (analysis/solve.hpp) against closed
// forms: x = 39000 (1 + g)^4 meets 50000 at g* = (50000/39000)^(1/4) - 1.
// Brent stops at a bracket 1e-12 wide, so the roots are checked to 1e-9.
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/solve.hpp"
#include "scenario/scenario.hpp"

using namespace goalpath;

namespace {

model::Model growth_model() {
  return model::compile_model(scenario::load_scenario_text(R"Y(
scenario: solve
years: [2023, 2027]
parameters:
  g: { value: 0.04, uncertainty: { dist: normal, sd: 0.01, bounds: [-0.1, 0.3] } }
  base_level: 39000
indicators:
  x: { base: "base_level", growth: "g" }
  total: { base: 0, change: "x" }
targets:
  - { id: x-50k, indicator: x, year: 2027, at_least: 50000 }
  - { id: x-cap, indicator: x, year: 2027, at_most: 60000 }
  - { id: x-every, indicator: x, every_year: [2024, 2027], at_least: 40000 }
  - { id: x-huge, indicator: x, year: 2027, at_least: 1000000 }
  - { id: x-small, indicator: x, year: 2027, at_least: 1000 }
  - { id: total-200k, indicator: total, year: 2027, at_least: 200000 }
  - { id: x-growth, indicator: x, cagr: [2024, 2027], at_least: 0.06 }
)Y", "solve.yaml"));
}

analysis::SolveResult solve(const model::Model& m, const std::string& target, const std::string& param) {
  analysis::SolveOptions o;
  o.target = target;
  o.param = param;
  return analysis::solve_break_even(m, o);
}

}  // namespace

TEST_CASE("break-even growth for a level target: closed form, direction increase") {
  const auto m = growth_model();
  const auto r = solve(m, "x-50k", "g");
  const double exact = std::pow(50000.0 / 39000.0, 0.25) - 1;
  REQUIRE(r.break_even.has_value());
  INFO("break-even " << *r.break_even << " exact " << exact);
  CHECK(std::abs(*r.break_even - exact) <= 1e-9);
  CHECK(r.direction == "increase");
  CHECK(r.current == 0.04);
  CHECK_FALSE(r.met_at_current);
  CHECK(std::abs(r.value_at_current - 39000 * std::pow(1.04, 4)) <= 1e-8);
  CHECK(r.search_low == -0.1);  // the parameter's bounds
  CHECK(r.search_high == 0.3);
  CHECK(r.other_crossings.empty());
  CHECK(r.reason.empty());
}

TEST_CASE("an at_most target: the break-even is where it stops being met, direction decrease") {
  const auto r = solve(growth_model(), "x-cap", "g");
  REQUIRE(r.break_even.has_value());
  CHECK(std::abs(*r.break_even - (std::pow(60000.0 / 39000.0, 0.25) - 1)) <= 1e-9);
  CHECK(r.direction == "decrease");
  CHECK(r.met_at_current);
}

TEST_CASE("a level parameter without bounds or distribution is searched in value ± 10·|value|") {
  const auto r = solve(growth_model(), "x-50k", "base_level");
  REQUIRE(r.break_even.has_value());
  CHECK(std::abs(*r.break_even - 50000 / std::pow(1.04, 4)) <= 1e-9 * 50000);
  CHECK(r.direction == "increase");
  CHECK(r.search_low == 39000 - 390000);
  CHECK(r.search_high == 39000 + 390000);
}

TEST_CASE("no value works: break-even absent with a reason, met everywhere too") {
  const auto m = growth_model();
  const auto huge = solve(m, "x-huge", "g");
  CHECK_FALSE(huge.break_even.has_value());
  CHECK(huge.direction.empty());
  INFO(huge.reason);
  CHECK(huge.reason.find("no g in [-0.1, 0.3] meets the target") != std::string::npos);
  CHECK(huge.reason.find("the closest is 111387.9 at g = 0.3") != std::string::npos);  // 39000 · 1.3^4
  const auto small = solve(m, "x-small", "g");
  CHECK_FALSE(small.break_even.has_value());
  CHECK(small.reason.find("met for every g") != std::string::npos);
}

TEST_CASE("unknown names are InputErrors with a did-you-mean") {
  const auto m = growth_model();
  try {
    solve(m, "x-50k", "gg");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.code() == "unknown-name");
    CHECK(e.hint() == "did you mean 'g'?");
  }
  try {
    solve(m, "x-50", "g");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.code() == "unknown-name");
    CHECK(e.hint() == "did you mean 'x-50k'?");
  }
}

TEST_CASE("needed paths: compound, every year (the first year binds), running sums linear, cagr") {
  const auto paths = analysis::paths_needed(growth_model(), {"x-50k", "x-every", "total-200k", "x-growth"});
  REQUIRE(paths.size() == 4);
  const auto& level = paths[0];
  const double g = std::pow(50000.0 / 39000.0, 0.25) - 1;
  CHECK(level.rates == "compound");
  CHECK(std::abs(level.required_rate - g) <= 1e-12);
  CHECK(std::abs(level.projected_rate - 0.04) <= 1e-12);
  REQUIRE(level.years == std::vector<int>{2023, 2024, 2025, 2026, 2027});
  CHECK(std::abs(level.needed.back() - 50000) <= 1e-8);
  CHECK(std::abs(level.needed[1] - 39000 * (1 + g)) <= 1e-8);
  CHECK(std::abs(level.projected.back() - 39000 * std::pow(1.04, 4)) <= 1e-8);

  const auto& every = paths[1];
  CHECK(every.binding_year == 2024);
  CHECK(std::abs(every.required_rate - (40000.0 / 39000.0 - 1)) <= 1e-12);

  const auto& total = paths[2];
  CHECK(total.rates == "linear");  // a running sum from 0 has no growth rate
  CHECK(total.required_rate == 50000);
  CHECK(total.needed == std::vector<double>{0, 50000, 100000, 150000, 200000});

  const auto& cagr = paths[3];
  CHECK(cagr.years.front() == 2024);
  CHECK(cagr.required_rate == 0.06);
  CHECK(std::abs(cagr.projected_rate - 0.04) <= 1e-12);
  CHECK(std::abs(cagr.needed.back() - 39000 * 1.04 * std::pow(1.06, 3)) <= 1e-8);
}

// solve --probability on x = 39000 (1 + g)^4 >= 50000 with g ~ N(μ, 0.01)
// (bounds at 14 and 26 sd: no truncation to speak of): P(met) = Φ((μ - g*)/0.01),
// so P(met) = 0.8 at μ = g* + 0.01·Φ⁻¹(0.8). Its Monte Carlo error is
// se(P)/slope with slope φ(Φ⁻¹(0.8))/0.01.
TEST_CASE("solve --probability: the centre for an 80% chance follows the closed form within 4 of its errors") {
  const auto m = growth_model();
  analysis::SolveOptions o;
  o.target = "x-50k";
  o.param = "g";
  o.probability = 0.8;
  o.simulation.paths = 20000;
  o.simulation.seed = 5;
  o.simulation.threads = 2;
  const auto r = analysis::solve_break_even(m, o);
  REQUIRE(r.probability.has_value());
  const auto& s = *r.probability;
  REQUIRE(s.value.has_value());
  const double g_star = std::pow(50000.0 / 39000.0, 0.25) - 1;
  const double z = 0.8416212335729143, phi = std::exp(-0.5 * z * z) / std::sqrt(2 * M_PI);
  const double exact = g_star + 0.01 * z;
  const double exact_se = std::sqrt(0.8 * 0.2 / 20000) / (phi / 0.01);
  INFO("value " << *s.value << " ± " << s.value_se << ", exact " << exact << " ± " << exact_se);
  CHECK(std::abs(*s.value - exact) <= 4 * exact_se);
  CHECK(std::abs(s.value_se / exact_se - 1) < 0.1);
  CHECK(s.bracket_low <= *s.value);
  CHECK(*s.value <= s.bracket_high);
  CHECK(s.direction == "increase");
  // At the current centre 0.04, P(met) = Φ((0.04 - g*)/0.01).
  const double p_now = 0.5 * std::erfc(-(0.04 - g_star) / 0.01 / std::sqrt(2.0));
  CHECK(std::abs(s.probability_at_current - p_now) <= 4 * std::sqrt(p_now * (1 - p_now) / 20000) + 1e-12);
  // The break-even (deterministic, the 50/50 point of a symmetric parameter) is still there.
  REQUIRE(r.break_even.has_value());
  CHECK(std::abs(*r.break_even - g_star) <= 1e-9);
}

TEST_CASE("solve --probability: an at_most target decreases; unreachable probabilities say why; bad P is refused") {
  const auto m = growth_model();
  analysis::SolveOptions o;
  o.target = "x-cap";
  o.param = "g";
  o.probability = 0.9;
  o.simulation.paths = 4000;
  o.simulation.threads = 1;
  const auto r = analysis::solve_break_even(m, o);
  REQUIRE(r.probability->value.has_value());
  CHECK(r.probability->direction == "decrease");
  const double cap = std::pow(60000.0 / 39000.0, 0.25) - 1;
  const double exact = cap - 0.01 * 1.2815515655446004;
  CHECK(std::abs(*r.probability->value - exact) <= 4 * r.probability->value_se);
  o.target = "x-huge";
  o.probability = 0.5;
  const auto none = analysis::solve_break_even(m, o);
  CHECK_FALSE(none.probability->value.has_value());
  CHECK(none.probability->reason.find("never crossing") != std::string::npos);
  o.probability = 1.0;
  CHECK_THROWS_AS(analysis::solve_break_even(m, o), InputError);
}

// Sweeps (analysis/sweep.hpp): a 1-D deterministic sweep against its closed
// form (x = 100 (1 + g)^4, relative 1e-13: four multiplications), a 2-D
// grid's size and order, the Monte Carlo probability at a point against
// run_monte_carlo on the scenario edited to that value, which must be equal
// to the last digit (the same paths: common random numbers), and "set" and
// "fix" on correlated normals against their closed forms.
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/sweep.hpp"
#include "scenario/scenario.hpp"

using namespace goalpath;

namespace {

const char* kScenario = R"Y(
scenario: sweepable
years: [2023, 2027]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.02 } }
  h: { value: 0.01, uncertainty: { dist: triangular, low: -0.01, high: 0.03 } }
  level: 100
shocks:
  e: { sd: 0.03, ar: 0.4 }
indicators:
  x: { base: "level", growth: "g + h + e" }
  y: { base: 10, growth: "g" }
targets:
  - { id: x-130, indicator: x, year: 2027, at_least: 130 }
  - { id: y-small, indicator: y, year: 2027, at_most: 12 }
sweeps:
  - id: both
    grid:
      g: { values: [0.0, 0.05] }
      h: { from: 0.0, to: 0.02, step: 0.01 }
)Y";

model::Model sweepable() { return model::compile_model(scenario::load_scenario_text(kScenario, "sweepable.yaml")); }

analysis::SweepOptions options(bool deterministic, std::int64_t paths = 3000) {
  analysis::SweepOptions o;
  o.deterministic = deterministic;
  o.simulation.paths = paths;
  o.simulation.seed = 99;
  o.simulation.threads = 2;
  o.simulation.block_size = 256;
  return o;
}

std::string error_of(const model::Model& m, std::vector<analysis::SweepAxis> axes) {
  try {
    analysis::run_sweep(m, std::move(axes), options(true));
  } catch (const InputError& e) {
    INFO(e.formatted());
    return e.code() + ": " + e.hint();
  }
  return "no error";
}

}  // namespace

TEST_CASE("a 1-D deterministic sweep follows the closed form, with probabilities absent") {
  const auto m = sweepable();
  const auto r = analysis::run_sweep(m, {analysis::parse_grid("g=0:0.1:0.02")}, options(true));
  REQUIRE(r.axes.size() == 1);
  CHECK(r.axes[0].values == std::vector<double>{0, 0.02, 0.04, 0.06, 0.08, 0.1});
  REQUIRE(r.points.size() == 6);
  CHECK(r.paths == 0);
  for (const auto& p : r.points) {
    const double g = p.values[0];
    const double x = 100 * std::pow(1 + g + 0.01, 4), y = 10 * std::pow(1 + g, 4);
    INFO("g " << g << ": x " << p.targets[0].value << " expected " << x);
    CHECK(std::abs(p.targets[0].value - x) <= 1e-13 * x);
    CHECK(std::abs(p.targets[1].value - y) <= 1e-13 * y);
    CHECK(p.targets[0].met == (x >= 130));
    CHECK(p.targets[1].met == (y <= 12));
    CHECK_FALSE(p.targets[0].probability.has_value());
  }
}

TEST_CASE("a 2-D grid has every combination, the last axis fastest") {
  const auto m = sweepable();
  auto axes = analysis::sweep_axes(m, "both");
  REQUIRE(axes.size() == 2);
  const auto r = analysis::run_sweep(m, axes, options(true));
  REQUIRE(r.points.size() == 6);
  const double g[] = {0, 0.05}, h[] = {0, 0.01, 0.02};
  for (std::size_t k = 0; k < 6; ++k) {
    CHECK(r.points[k].values == std::vector<double>{g[k / 3], h[k % 3]});
  }
  // Each axis knows the scenario's own value, the point a chart marks.
  CHECK(r.axes[0].scenario_value == 0.05);
  CHECK(r.axes[1].scenario_value == 0.01);
}

TEST_CASE("a point sets the centre: it equals run_monte_carlo of the scenario with that value, to the last digit") {
  const auto m = sweepable();
  const auto o = options(false);
  const auto r = analysis::run_sweep(m, {analysis::parse_grid("g=0.03,0.05,0.06")}, o);
  REQUIRE(r.points.size() == 3);
  CHECK(r.paths == 3000);
  CHECK(r.mode == model::SettingMode::set);
  for (const auto& point : r.points) {
    // A second route: the scenario edited as a planner would, value moved, uncertainty kept.
    auto spec = scenario::load_scenario_text(kScenario, "sweepable.yaml");
    spec.find_parameter("g")->value = point.values[0];
    const auto edited = model::compile_model(spec);
    const auto mc = sim::run_monte_carlo(edited, o.simulation);
    for (std::size_t t = 0; t < 2; ++t) {
      const double p = static_cast<double>(mc.target_met[t]) / static_cast<double>(mc.target_finite[t]);
      INFO("g " << point.values[0] << " target " << t << ": sweep " << *point.targets[t].probability << " run " << p);
      CHECK(*point.targets[t].probability == p);
      CHECK(point.targets[t].nonfinite == 0);
    }
  }
  // At the scenario's own value (0.05) the point is the scenario itself.
  const auto own = sim::run_monte_carlo(m, o.simulation);
  CHECK(*r.points[1].targets[0].probability == static_cast<double>(own.target_met[0]) / static_cast<double>(own.target_finite[0]));
  CHECK(*r.points[2].targets[0].probability > *r.points[0].targets[0].probability);
}

TEST_CASE("with fix, an uncorrelated parameter is simply certain: equal to the scenario with it fixed") {
  const auto m = sweepable();
  auto o = options(false);
  o.mode = model::SettingMode::fix;
  const auto r = analysis::run_sweep(m, {analysis::parse_grid("g=0.03,0.06")}, o);
  for (const auto& point : r.points) {
    auto spec = scenario::load_scenario_text(kScenario, "sweepable.yaml");
    spec.find_parameter("g")->value = point.values[0];
    spec.find_parameter("g")->uncertainty.reset();
    const auto mc = sim::run_monte_carlo(model::compile_model(spec), o.simulation);
    for (std::size_t t = 0; t < 2; ++t) {
      CHECK(*point.targets[t].probability == static_cast<double>(mc.target_met[t]) / static_cast<double>(mc.target_finite[t]));
    }
  }
}

// a ~ N(1, 0.5), b ~ N(2, 1), corr 0.6, target a + b >= 3.5. Set a's centre
// to v: a + b ~ N(v + 2, 0.25 + 1 + 2·0.6·0.5 = 1.85). Fix a = v: b | a ~
// N(2 + 0.6·(v - 1)/0.5, 1 - 0.36), so P = Φ((v + 2 + 1.2 (v - 1) - 3.5) / 0.8).
TEST_CASE("set and fix on correlated normals follow their closed forms within 4 standard errors") {
  const auto m = model::compile_model(scenario::load_scenario_text(R"Y(
scenario: pair
years: [2023, 2024]
parameters:
  a: { value: 1, uncertainty: { dist: normal, sd: 0.5 } }
  b: { value: 2, uncertainty: { dist: normal, sd: 1 } }
correlations:
  - [a, b, 0.6]
indicators:
  s: { value: "a + b" }
targets:
  - { id: s-3.5, indicator: s, year: 2024, at_least: 3.5 }
)Y", "pair.yaml"));
  auto o = options(false, 20000);
  const auto grid = analysis::parse_grid("a=0.5,1,1.5");
  const auto set = analysis::run_sweep(m, {grid}, o);
  o.mode = model::SettingMode::fix;
  const auto fix = analysis::run_sweep(m, {grid}, o);
  auto Phi = [](double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); };
  for (std::size_t k = 0; k < 3; ++k) {
    const double v = set.points[k].values[0];
    const double p_set = Phi((v + 2 - 3.5) / std::sqrt(1.85));
    const double p_fix = Phi((v + 2 + 1.2 * (v - 1) - 3.5) / 0.8);
    const double got_set = *set.points[k].targets[0].probability, got_fix = *fix.points[k].targets[0].probability;
    INFO("a = " << v << ": set " << got_set << " (" << p_set << "), fix " << got_fix << " (" << p_fix << ")");
    CHECK(std::abs(got_set - p_set) <= 4 * std::sqrt(p_set * (1 - p_set) / 20000));
    CHECK(std::abs(got_fix - p_fix) <= 4 * std::sqrt(p_fix * (1 - p_fix) / 20000));
    CHECK(*fix.points[k].targets[0].probability_se == doctest::Approx(std::sqrt(got_fix * (1 - got_fix) / 20000)).epsilon(1e-12));
    // Deterministic value under fix: b at its conditional median.
    CHECK(std::abs(fix.points[k].targets[0].value - (v + 2 + 1.2 * (v - 1))) < 1e-9);
    CHECK(std::abs(set.points[k].targets[0].value - (v + 2)) < 1e-12);
  }
}

TEST_CASE("the same sweep with other threads and block sizes gives the same numbers") {
  const auto m = sweepable();
  auto o = options(false, 2000);
  const auto a = analysis::run_sweep(m, analysis::sweep_axes(m, "both"), o);
  o.simulation.threads = 1;
  o.simulation.block_size = 1000;
  const auto b = analysis::run_sweep(m, analysis::sweep_axes(m, "both"), o);
  for (std::size_t k = 0; k < a.points.size(); ++k) {
    CHECK(*a.points[k].targets[0].probability == *b.points[k].targets[0].probability);
  }
}

TEST_CASE("--grid parsing and the errors a planner can make") {
  const auto axis = analysis::parse_grid("output_growth=0.02:0.07:0.005");
  CHECK(axis.name == "output_growth");
  CHECK(axis.values.size() == 11);
  CHECK(analysis::parse_grid("a=1,2.5,-3").values == std::vector<double>{1, 2.5, -3});
  CHECK_THROWS_AS(analysis::parse_grid("g"), InputError);
  CHECK_THROWS_AS(analysis::parse_grid("g=0.1:x:0.01"), InputError);
  CHECK_THROWS_AS(analysis::parse_grid("g=0.1:0:0.01"), InputError);
  CHECK_THROWS_AS(analysis::parse_grid("g=1,,2"), InputError);

  const auto m = sweepable();
  CHECK(error_of(m, {analysis::parse_grid("gg=1,2")}) == "unknown-name: did you mean 'g'?");
  CHECK(error_of(m, {analysis::parse_grid("x=1,2")}).find("indicator") != std::string::npos);
  CHECK(error_of(m, {analysis::parse_grid("g=1,2"), analysis::parse_grid("g=3")}).rfind("duplicate-id", 0) == 0);
  CHECK(error_of(m, {analysis::parse_grid("g=0:1:0.001"), analysis::parse_grid("h=0:1:0.001")}).rfind("too-large", 0) == 0);
  try {
    analysis::sweep_axes(m, "bth");
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.hint() == "did you mean 'both'?");
  }
  // Tidy values: 0.02 + 3 · 0.005 is the double nearest 0.035, not 0.034999999999999996.
  const auto r = analysis::run_sweep(m, {analysis::parse_grid("g=0.02:0.05:0.005")}, options(true));
  CHECK(r.axes[0].values[3] == 0.035);
}

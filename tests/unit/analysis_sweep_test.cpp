// Sweeps (analysis/sweep.hpp): a 1-D deterministic sweep against its closed
// form (x = 100 (1 + g)^4, relative 1e-13: four multiplications), a 2-D
// grid's size and order, and the Monte Carlo probability at a point against
// run_monte_carlo on the scenario with that parameter fixed, which must be
// equal to the last digit (the same paths: common random numbers).
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
}

TEST_CASE("a point's probability equals run_monte_carlo with the swept parameter fixed there") {
  const auto m = sweepable();
  const auto o = options(false);
  const auto r = analysis::run_sweep(m, {analysis::parse_grid("g=0.03,0.06")}, o);
  REQUIRE(r.points.size() == 2);
  CHECK(r.paths == 3000);
  for (const auto& point : r.points) {
    auto spec = scenario::load_scenario_text(kScenario, "sweepable.yaml");
    spec.find_parameter("g")->value = point.values[0];
    spec.find_parameter("g")->uncertainty.reset();
    const auto fixed = model::compile_model(spec);
    const auto mc = sim::run_monte_carlo(fixed, o.simulation);
    for (std::size_t t = 0; t < 2; ++t) {
      const double p = static_cast<double>(mc.target_met[t]) / static_cast<double>(mc.target_finite[t]);
      INFO("g " << point.values[0] << " target " << t << ": sweep " << *point.targets[t].probability << " run " << p);
      CHECK(*point.targets[t].probability == p);
      CHECK(point.targets[t].nonfinite == 0);
    }
  }
  // The probability moves with g in the expected direction.
  CHECK(*r.points[1].targets[0].probability > *r.points[0].targets[0].probability);
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

// What a run's result carries for reports beyond the verdicts
// (analysis/run.hpp): the level a growth target implies in its last year
// (where a chart marks it), the few-paths standard error every report warns
// with, and the scenario's shocks and correlations for the assumptions.
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/run.hpp"
#include "model/model.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

using namespace goalpath;

namespace {

const char* kScenario = R"(scenario: derived
years: [2020, 2025]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.01 } }
  h: { value: 0.02, uncertainty: { dist: normal, sd: 0.01 } }
shocks:
  e: { sd: 0.01, ar: 0.5 }
  f: { sd: 0.03 }
correlations:
  - [g, h, 0.4]
  - [e, f, -0.2]
indicators:
  output: { base: 100, growth: "g + e + f + 0*h" }
  zero: { base: 0, change: 1 }
targets:
  - { id: grow, indicator: output, cagr: [2021, 2025], at_least: 0.1 }
  - { id: grow0, indicator: zero, cagr: [2020, 2025], at_least: 0.1 }
  - { id: level, indicator: output, year: 2025, at_least: 120 }
)";

analysis::RunResult run(analysis::RunSettings settings) {
  model::Model model = model::compile_model(scenario::load_scenario_text(kScenario, "derived.yaml"));
  sim::DeterministicOutcome deterministic = sim::run_deterministic(model);
  return analysis::analyse_run(model, deterministic, nullptr, settings);
}

}  // namespace

TEST_CASE("a growth target implies its first year's level grown at the threshold, in its last year") {
  analysis::RunSettings settings;
  settings.deterministic = true;
  analysis::RunResult r = run(settings);
  REQUIRE(r.targets.size() == 3);
  const auto& grow = r.targets[0];
  REQUIRE(grow.implied_level.has_value());
  // output in 2021 is 100 * 1.05; four years at 10% a year to 2025.
  CHECK(*grow.implied_level == doctest::Approx(100 * 1.05 * std::pow(1.1, 4)).epsilon(1e-12));
  CHECK_FALSE(r.targets[1].implied_level.has_value());  // a level of zero implies nothing
  CHECK_FALSE(r.targets[2].implied_level.has_value());  // a level target is its threshold
}

TEST_CASE("fewer than kFewPaths Monte Carlo paths give the largest standard error a probability can have") {
  analysis::RunSettings settings;
  settings.paths = 400;
  analysis::RunResult r = run(settings);
  REQUIRE(r.few_paths_se.has_value());
  CHECK(*r.few_paths_se == doctest::Approx(0.025));  // 0.5 / sqrt(400)
  settings.paths = analysis::kFewPaths;
  CHECK_FALSE(run(settings).few_paths_se.has_value());
  settings.paths = 10;
  settings.deterministic = true;
  CHECK_FALSE(run(settings).few_paths_se.has_value());
}

TEST_CASE("a run lists the scenario's shocks and every correlation with its value") {
  analysis::RunResult r = run(analysis::RunSettings{});
  REQUIRE(r.shocks.size() == 2);
  CHECK(r.shocks[0].name == "e");
  CHECK(r.shocks[0].sd == 0.01);
  CHECK(r.shocks[0].ar == 0.5);
  CHECK(r.shocks[1].name == "f");
  CHECK(r.shocks[1].ar == 0);
  REQUIRE(r.correlations.size() == 2);
  CHECK(r.correlations[0].a == "g");
  CHECK(r.correlations[0].b == "h");
  CHECK(r.correlations[0].rho == 0.4);
  CHECK(r.correlations[1].rho == -0.2);
}

TEST_CASE("add_derived_numbers recomputes what a report read back does not store") {
  analysis::RunSettings settings;
  settings.deterministic = true;
  analysis::RunResult r = run(settings);
  const double level = *r.targets[0].implied_level;
  r.targets[0].implied_level.reset();
  r.settings.deterministic = false;
  r.settings.paths = 100;
  analysis::add_derived_numbers(r);
  CHECK(*r.targets[0].implied_level == level);
  CHECK(*r.few_paths_se == doctest::Approx(0.05));
}

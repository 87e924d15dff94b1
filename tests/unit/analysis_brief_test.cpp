// analysis/brief.hpp: a brief put together from its studies — every
// assumption of the scenario, the drivers kept per target, and each
// variant's change against the scenario, as compare_runs gives it.
#include <doctest/doctest.h>

#include "analysis/brief.hpp"
#include "scenario/scenario.hpp"

using namespace goalpath;

namespace {

model::Model small_model() {
  return model::compile_model(scenario::load_scenario_text(R"Y(
scenario: small
years: [2023, 2025]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.01 }, source: "assumption: recent pace" }
  h: { value: 0.02, uncertainty: { dist: uniform, low: 0, high: 0.04 } }
  base: { value: 100, source: "A: statistical yearbook" }
shocks:
  e: { sd: 0.02, ar: 0.3, source: "calibrated" }
  f: { sd: 0.01 }
correlations:
  - [g, h, 0.4]
  - [e, f, -0.2]
indicators:
  y: { label: "output", unit: 亿元, base: base, growth: "g + h + e", source: "seed 004" }
  z: { base: 1, growth: "h + f" }
targets:
  - { id: y-110, indicator: y, year: 2025, at_least: 110 }
  - { id: z-1, indicator: z, year: 2025, at_least: 1 }
)Y",
                                                           "small.yaml"));
}

analysis::RunResult run_with(std::vector<double> probabilities, const std::string& id) {
  analysis::RunResult run;
  run.scenario_id = id;
  run.settings.seed = 7;
  run.settings.paths = 1000;
  const char* ids[] = {"y-110", "z-1"};
  for (std::size_t k = 0; k < probabilities.size(); ++k) {
    analysis::TargetResult t;
    t.id = ids[k];
    t.probability = probabilities[k];
    run.targets.push_back(t);
  }
  run.warnings = {"shared warning"};
  return run;
}

analysis::SensitivityReport tornado_with(int bars) {
  analysis::SensitivityReport report;
  analysis::SensitivityResult result;
  result.target = "y-110";
  result.ask.threshold = 110;
  for (int k = 0; k < bars; ++k) {
    analysis::SensitivityParameter p;
    p.name = "p" + std::to_string(k);
    p.swing = 10.0 - k;
    result.parameters.push_back(p);
  }
  report.results.push_back(result);
  report.warning = "for every target";
  return report;
}

}  // namespace

TEST_CASE("every assumption of the scenario, in its order, with its source") {
  const analysis::Assumptions a = analysis::assumptions_of(small_model());
  REQUIRE(a.parameters.size() == 3);
  CHECK(a.parameters[0].name == "g");
  CHECK(a.parameters[0].source == "assumption: recent pace");
  CHECK(a.parameters[2].distribution == "fixed");
  REQUIRE(a.shocks.size() == 2);
  CHECK(a.shocks[0].name == "e");
  CHECK(a.shocks[0].sd == 0.02);
  CHECK(a.shocks[0].ar == 0.3);
  CHECK(a.shocks[0].source == "calibrated");
  REQUIRE(a.correlations.size() == 2);
  CHECK(a.correlations[0].a == "g");
  CHECK(a.correlations[0].rho == 0.4);
  CHECK_FALSE(a.correlations[0].shocks);
  CHECK(a.correlations[1].rho == -0.2);
  CHECK(a.correlations[1].shocks);
  REQUIRE(a.indicators.size() == 2);
  CHECK(a.indicators[0].label == "output");
  CHECK(a.indicators[0].unit == "亿元");
  CHECK(a.indicators[0].source == "seed 004");
}

TEST_CASE("make_brief: the largest drivers kept, the variants' changes and warnings") {
  analysis::BriefOptions options;
  options.max_drivers = 3;
  std::vector<std::pair<std::string, analysis::RunResult>> variants;
  analysis::RunResult variant = run_with({0.75, 0.25}, "small-high");
  variant.warnings.push_back("only the variant's");
  variants.emplace_back("high.yaml", variant);
  const analysis::BriefResult b =
      analysis::make_brief(small_model(), run_with({0.5, 0.5}, "small"), tornado_with(5), variants, options);
  CHECK(b.seed == 7);
  CHECK(b.paths == 1000);
  REQUIRE(b.drivers.size() == 1);
  CHECK(b.drivers[0].tornado.parameters.size() == 3);
  CHECK(b.drivers[0].tornado.parameters[0].name == "p0");
  CHECK(b.drivers[0].omitted == 2);
  CHECK(b.drivers[0].threshold == 110);
  CHECK(b.drivers_warning == "for every target");
  REQUIRE(b.variants.size() == 1);
  CHECK(b.variants[0].file == "high.yaml");
  REQUIRE(b.variants[0].targets.size() == 2);
  CHECK(b.variants[0].targets[0].delta_probability == doctest::Approx(0.25));
  CHECK(b.variants[0].targets[1].delta_probability == doctest::Approx(-0.25));
  // The variant's own warnings, named by it; the ones it shares are said once.
  CHECK(b.warnings == std::vector<std::string>{"shared warning", "small-high: only the variant's"});
  CHECK(b.assumptions.parameters.size() == 3);

  options.max_drivers = 0;  // every bar
  CHECK(analysis::make_brief(small_model(), run_with({0.5, 0.5}, "small"), tornado_with(5), {}, options)
            .drivers[0]
            .tornado.parameters.size() == 5);
  options.max_drivers = -1;
  CHECK(options.validate() == "max_drivers = -1: must be >= 0 (0 keeps every bar)");
}

// Real RunResults for the report writers' tests: a small scenario run through
// the library (load, compile, deterministic projection, a short Monte Carlo
// run, analysis), so writers are checked against numbers the engine made.
// The scenario's texts carry what writers must escape or quote: commas,
// quotes, |, <, &, line breaks and Chinese.
#pragma once

#include <string>

#include "analysis/run.hpp"
#include "model/model.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

namespace goalpath::test {

// output: 1000 in 2023, growing `growth` (normal, sd 0.01) plus a yearly
// shock; share: 0.3 growing 1% a year; three targets, one of each kind.
inline std::string report_scenario(double growth = 0.04) {
  return R"(scenario: report-test
title: "报告测试 | <b>Tom & \"Jerry\"</b>, plan"
description: "Line one, with a comma\nand a second line"
years: [2023, 2027]
parameters:
  growth:
    value: )" + std::to_string(growth) + R"(
    uncertainty: { dist: normal, sd: 0.01 }
    source: "assumption, \"quoted\" | piped <i>"
  share_growth: 0.01
shocks:
  noise: { sd: 0.01 }
indicators:
  output:
    label: "工业总产值"
    unit: "亿元"
    history: { 2021: 930, 2022: 965, 2023: 1000 }
    growth: "growth + noise"
  share:
    label: "Share <of> output"
    base: 0.3
    growth: "share_growth"
targets:
  - id: output-1200
    label: "产值 1,200 | by 2027"
    indicator: output
    year: 2027
    at_least: 1200
  - id: share-every
    label: "Share stays at 0.3"
    indicator: share
    every_year: [2024, 2027]
    at_least: 0.3
  - id: output-growth
    label: "Output grows 4% <script>alert(1)</script>"
    indicator: output
    cagr: [2023, 2027]
    at_least: 0.04
)";
}

inline analysis::RunResult run_scenario_text(const std::string& yaml, std::int64_t paths = 2000,
                                             bool deterministic = false) {
  model::Model model = model::compile_model(scenario::load_scenario_text(yaml, "report-test.yaml"));
  sim::SimulationOptions options;
  options.paths = paths;
  options.seed = 11;
  options.threads = 1;
  analysis::RunSettings settings;
  settings.paths = paths;
  settings.seed = options.seed;
  settings.threads = 1;
  settings.deterministic = deterministic;
  settings.command_line = "goalpath run report-test.yaml --paths " + std::to_string(paths) + " --seed 11";
  settings.engine_version = "0.1.0-test";
  settings.scenario_file = "report-test.yaml";
  settings.scenario_sha256 = std::string(64, 'a');
  sim::DeterministicOutcome det = sim::run_deterministic(model);
  if (deterministic) return analysis::analyse_run(model, det, nullptr, settings);
  sim::MonteCarloOutcome mc = sim::run_monte_carlo(model, options);
  return analysis::analyse_run(model, det, &mc, settings);
}

}  // namespace goalpath::test

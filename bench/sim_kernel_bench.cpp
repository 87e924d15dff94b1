// The Monte Carlo kernel in path-years per second: the perf6 yardstick model
// (../shared/peers/perf6.yaml, inlined so the benchmark runs anywhere),
// block evaluation alone and the whole driver with streaming statistics.
#include <benchmark/benchmark.h>

#include "model/model.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

using namespace goalpath;

namespace {

const char* kPerf6 = R"Y(
scenario: perf6
years: [2023, 2027]
parameters:
  g_out:  { value: 0.05,  uncertainty: { dist: normal, sd: 0.01 } }
  g_sei:  { value: 0.09,  uncertainty: { dist: normal, sd: 0.02 } }
  g_inv:  { value: 0.05,  uncertainty: { dist: normal, sd: 0.02 } }
  g_va:   { value: 0.045, uncertainty: { dist: normal, sd: 0.01 } }
  g_lead: { value: 0.10,  uncertainty: { dist: normal, sd: 0.03 } }
  g_gdp:  { value: 0.05,  uncertainty: { dist: normal, sd: 0.01 } }
shocks:
  e_out:  { sd: 0.015 }
  e_sei:  { sd: 0.02 }
  e_inv:  { sd: 0.03 }
  e_va:   { sd: 0.01 }
  e_lead: { sd: 0.03 }
  e_gdp:  { sd: 0.01 }
correlations:
  - [g_out, g_sei, 0.6]
  - [e_out, e_sei, 0.5]
  - [e_out, e_gdp, 0.5]
indicators:
  output:     { base: 40000, growth: "g_out + e_out" }
  sei:        { base: 17560, growth: "g_sei + e_sei" }
  invest:     { base: 1800,  growth: "g_inv + e_inv" }
  cum_invest: { base: 0,     change: "invest" }
  va:         { base: 11600, growth: "g_va + e_va" }
  gdp:        { base: 47200, growth: "g_gdp + e_gdp" }
  lead:       { base: 16000, growth: "g_lead + e_lead" }
  sei_share:  { value: "sei / output" }
  va_share:   { value: "va / gdp" }
targets:
  - { id: output-5t,  indicator: output,     year: 2027, at_least: 50000 }
  - { id: sei-50,     indicator: sei_share,  year: 2027, at_least: 0.5 }
  - { id: invest-8k,  indicator: cum_invest, year: 2027, at_least: 8000 }
  - { id: va-25,      indicator: va_share,   every_year: [2024, 2027], at_least: 0.25 }
  - { id: lead-10,    indicator: lead,       cagr: [2023, 2027], at_least: 0.10 }
)Y";

const model::Model& perf6() {
  static const model::Model m = model::compile_model(scenario::load_scenario_text(kPerf6, "perf6.yaml"));
  return m;
}

// One block: parameter draws, yearly shocks and the compiled model.
void BM_EvaluateBlock(benchmark::State& state) {
  const auto& m = perf6();
  sim::Evaluator evaluator(m);
  sim::Workspace ws;
  sim::BlockResult out;
  Eigen::ArrayXXd parameters;
  const auto rows = static_cast<Eigen::Index>(state.range(0));
  std::int64_t first = 0;
  for (auto _ : state) {
    evaluator.draw_parameters(1, first, rows, parameters);
    evaluator.run(parameters, true, 1, first, out, ws);
    benchmark::DoNotOptimize(out.targets.data());
    first += rows;
  }
  state.counters["path_years/s"] = benchmark::Counter(static_cast<double>(state.iterations() * rows * (m.year_count() - 1)),
                                                      benchmark::Counter::kIsRate);
}
BENCHMARK(BM_EvaluateBlock)->Arg(256)->Arg(1024)->Arg(4096)->UseRealTime();

// The whole driver: pilot, blocks on threads, histograms, merge.
void BM_MonteCarlo(benchmark::State& state) {
  const auto& m = perf6();
  sim::SimulationOptions options;
  options.paths = 500000;
  options.threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    auto outcome = sim::run_monte_carlo(m, options);
    benchmark::DoNotOptimize(outcome.joint_met);
  }
  state.counters["path_years/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * options.paths * (m.year_count() - 1)), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_MonteCarlo)->Arg(1)->Arg(2)->Unit(benchmark::kMillisecond)->UseRealTime();

// perf6's 2M paths with exact quantiles, on 2 threads: the windows kept in
// the first pass (an eighth of the paths evaluated again) against the full
// replay (window_standard_errors = 0). Both give the same outcome.
void BM_ExactQuantiles(benchmark::State& state) {
  const auto& m = perf6();
  sim::SimulationOptions options;
  options.paths = 2000000;
  options.threads = 2;
  options.window_standard_errors = state.range(0) ? 4.5 : 0;
  std::int64_t replayed = 0;
  for (auto _ : state) {
    auto outcome = sim::run_monte_carlo(m, options);
    benchmark::DoNotOptimize(outcome.joint_met);
    replayed = outcome.replayed_paths;
  }
  state.counters["replayed_paths"] = static_cast<double>(replayed);
}
BENCHMARK(BM_ExactQuantiles)->ArgName("windows")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

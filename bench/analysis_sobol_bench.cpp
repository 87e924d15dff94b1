// Sobol sensitivity of whole scenarios through the engine (analysis/
// sensitivity.hpp): the design evaluated by sim::evaluate_points, then the
// estimators and the 200-resample bootstrap, for every target.
//
//   BM_SobolThreeParameters  a 3-parameter scenario at 2^14 base samples
//                            (131072 model runs): budget < 1 s
//   BM_SobolShanghai         scenarios/shanghai-2027/baseline.yaml, its 10
//                            uncertain parameters and 5 targets at 4096 base
//                            samples (90112 model runs; bootstrap half-widths
//                            about 0.01-0.03): budget < 10 s on 2 cores
//
// Wall time is the measure (UseRealTime: the work runs on worker threads);
// the counter process_cpu_s is the CPU time of the whole process (all
// threads) per iteration, which shows what a loaded machine costs.
#include <benchmark/benchmark.h>

#include <ctime>
#include <exception>
#include <filesystem>

#include "analysis/sensitivity.hpp"
#include "scenario/scenario.hpp"

namespace {

using namespace goalpath;

const char* kThree = R"Y(
scenario: three
years: [2023, 2027]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.015 } }
  s: { value: 0.4, uncertainty: { dist: uniform, low: 0.3, high: 0.5 } }
  base_level: { value: 1000, uncertainty: { dist: triangular, low: 900, high: 1150 } }
indicators:
  output: { base: "base_level", growth: "g" }
  part: { value: "s * output" }
  share: { value: "part / output + 0.1 * g" }
targets:
  - { id: output-1200, indicator: output, year: 2027, at_least: 1200 }
)Y";

void run(benchmark::State& state, const model::Model& m, std::int64_t samples) {
  analysis::SensitivityOptions o;
  o.method = analysis::SensitivityMethod::sobol;
  o.samples = samples;
  o.simulation.seed = 1;
  std::int64_t evaluations = 0;
  const std::clock_t cpu_start = std::clock();
  for (auto _ : state) {
    const auto report = analysis::run_sensitivity(m, o);
    evaluations = report.evaluations;
    benchmark::DoNotOptimize(report.results.data());
  }
  const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  state.counters["process_cpu_s"] = cpu / static_cast<double>(state.iterations());
  state.counters["model_runs"] = static_cast<double>(evaluations);
  state.counters["threads"] = o.simulation.resolved_threads();
}

void BM_SobolThreeParameters(benchmark::State& state) {
  try {
    static const model::Model m = model::compile_model(scenario::load_scenario_text(kThree, "three.yaml"));
    run(state, m, std::int64_t{1} << 14);
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(BM_SobolThreeParameters)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_SobolShanghai(benchmark::State& state) {
  // The scenario sits beside bench/ in the source tree.
  const auto file = std::filesystem::path(__FILE__).parent_path().parent_path() / "scenarios" / "shanghai-2027" / "baseline.yaml";
  try {
    static const model::Model m = model::compile_model(scenario::load_scenario(file.string()));
    run(state, m, 4096);
  } catch (const std::exception& e) {
    state.SkipWithError(("cannot run " + file.string() + ": " + e.what()).c_str());
  }
}
BENCHMARK(BM_SobolShanghai)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();

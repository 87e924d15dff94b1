// The server's side of a slider move (serve::WhatIf::run): read the request,
// apply the assignment to the scenario (compile), run the Monte Carlo with
// bands, write the goalpath.report/1 JSON. Issue 19 asks for <= 100 ms at
// 100,000 paths on the Shanghai baseline; bench/serve_latency.py measures the
// same over HTTP and in the browser.
//
//   build/bench/serve_whatif_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <fmt/format.h>

#include "serve/serve.hpp"

namespace {

using namespace goalpath;

const std::string kBaseline = GOALPATH_SOURCE_DIR "/scenarios/shanghai-2027/baseline.yaml";

void BM_SliderMove(benchmark::State& state) {
  serve::ServeOptions o;
  o.paths = state.range(0);
  serve::WhatIf whatif(Scenario::load(kBaseline), o);
  const bool signposts = state.range(1) != 0;
  int move = 0;
  for (auto _ : state) {
    // A different value every time, as a slider sends them.
    const double growth = 0.02 + 0.0005 * (move++ % 80);
    const serve::Response r = whatif.run(
        fmt::format(R"({{"set": {{"output_growth": {}}}, "signposts": {}}})", growth, signposts ? "true" : "false"));
    if (r.status != 200) state.SkipWithError(r.body.c_str());
    benchmark::DoNotOptimize(r.body.data());
  }
  state.SetLabel(fmt::format("{} paths, signposts {}", state.range(0), signposts ? "on" : "off"));
}
BENCHMARK(BM_SliderMove)->Args({100000, 0})->Args({100000, 1})->Args({20000, 0})->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_ApplyAssignment(benchmark::State& state) {
  // The part of a move that is not the Monte Carlo: --set and compiling.
  const Scenario scenario = Scenario::load(kBaseline);
  for (auto _ : state) benchmark::DoNotOptimize(scenario.with_set({"output_growth=0.05"}).model().parameters.size());
}
BENCHMARK(BM_ApplyAssignment)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();

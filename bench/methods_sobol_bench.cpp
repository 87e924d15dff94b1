// Sobol/Saltelli analysis of the Ishigami function (D = 3) at 2^14 base
// samples: 131072 model evaluations and a 200-resample bootstrap. Budget: well
// under 1 s in total, well under 100 ms for the method itself (everything
// but the model).
//
//   BM_SobolIshigami         the whole call: design, model, estimators, bootstrap
//   BM_SobolIshigamiMethod   the same with the model's time taken out
#include <benchmark/benchmark.h>

#include <cmath>
#include <exception>
#include <numbers>

#include "analysis/methods.hpp"

namespace {

Eigen::VectorXd ishigami(const Eigen::MatrixXd& u) {
  constexpr double pi = std::numbers::pi;
  const Eigen::ArrayXXd x = -pi + 2 * pi * u.array();
  const Eigen::ArrayXd s1 = x.row(0).sin().transpose();
  const Eigen::ArrayXd s2 = x.row(1).sin().transpose();
  const Eigen::ArrayXd x3 = x.row(2).transpose();
  return (s1 + 7 * s2.square() + 0.1 * x3.square().square() * s1).matrix();
}

goalpath::analysis::SobolOptions options() {
  goalpath::analysis::SobolOptions o;
  o.base_samples = 1 << 14;
  o.bootstrap_resamples = 200;
  return o;
}

void BM_SobolIshigami(benchmark::State& state) {
  try {
    for (auto _ : state) {
      const auto result = goalpath::analysis::sobol(ishigami, 3, options());
      benchmark::DoNotOptimize(result.indices.data());
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
    return;
  }
  state.counters["evaluations"] = static_cast<double>((1 << 14) * 8);
}
BENCHMARK(BM_SobolIshigami)->Unit(benchmark::kMillisecond);

void BM_SobolIshigamiMethod(benchmark::State& state) {
  auto timed_out = [&state](const Eigen::MatrixXd& u) {
    state.PauseTiming();
    Eigen::VectorXd y = ishigami(u);
    state.ResumeTiming();
    return y;
  };
  try {
    for (auto _ : state) {
      const auto result = goalpath::analysis::sobol(timed_out, 3, options());
      benchmark::DoNotOptimize(result.indices.data());
    }
  } catch (const std::exception& e) {
    state.SkipWithError(e.what());
  }
}
BENCHMARK(BM_SobolIshigamiMethod)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();

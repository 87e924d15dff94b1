// Random-number throughput of the sample module (PERFORMANCE.md: the random
// numbers bound the Monte Carlo kernel; target about 2 ns per normal).
// Items per second = values produced; ns per value = 1e9 / items_per_second.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <vector>

#include "sample/sample.hpp"

namespace {

constexpr std::uint64_t kSeed = 20240220;

void BM_fill_uniforms(benchmark::State& state) {
  std::vector<double> out(static_cast<std::size_t>(state.range(0)));
  std::uint64_t first_path = 0;
  for (auto _ : state) {
    goalpath::sample::fill_uniforms(kSeed, first_path, 3, 2025, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
    first_path += out.size();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_fill_uniforms)->Arg(4096);

void BM_fill_standard_normals(benchmark::State& state) {
  std::vector<double> out(static_cast<std::size_t>(state.range(0)));
  std::uint64_t first_path = 0;
  for (auto _ : state) {
    goalpath::sample::fill_standard_normals(kSeed, first_path, 3, 2025, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
    first_path += out.size();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_fill_standard_normals)->Arg(4096);

// Φ⁻¹ alone over uniforms from the stream (15% of them in the tails).
void BM_inverse_normal_cdf_array(benchmark::State& state) {
  std::vector<double> u(static_cast<std::size_t>(state.range(0)));
  std::vector<double> z(u.size());
  goalpath::sample::fill_uniforms(kSeed, 0, 0, 0, u);
  for (auto _ : state) {
    goalpath::sample::inverse_normal_cdf(u, z);
    benchmark::DoNotOptimize(z.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_inverse_normal_cdf_array)->Arg(4096);

// The scalar Φ⁻¹ called once per value, for comparison.
void BM_inverse_normal_cdf_scalar(benchmark::State& state) {
  std::vector<double> u(static_cast<std::size_t>(state.range(0)));
  std::vector<double> z(u.size());
  goalpath::sample::fill_uniforms(kSeed, 0, 0, 0, u);
  for (auto _ : state) {
    for (std::size_t i = 0; i < u.size(); ++i) z[i] = goalpath::sample::inverse_normal_cdf(u[i]);
    benchmark::DoNotOptimize(z.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_inverse_normal_cdf_scalar)->Arg(4096);

// A correlated draw as the simulator would do it: a lognormal marginal from
// standard normals (exp per value).
void BM_lognormal_from_standard_normal(benchmark::State& state) {
  std::vector<double> z(static_cast<std::size_t>(state.range(0)));
  std::vector<double> x(z.size());
  goalpath::sample::fill_standard_normals(kSeed, 0, 0, 0, z);
  goalpath::sample::Marginal m;
  m.dist = goalpath::sample::Distribution::lognormal;
  m.value = 5.0;
  m.sd = 0.1;
  for (auto _ : state) {
    m.from_standard_normal(z, x);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_lognormal_from_standard_normal)->Arg(4096);

// A truncated normal (the Shanghai baseline's growth rates: value 0.04, sd
// 0.015, bounds [-0.03, 0.10]): Φ by erfc per value, then Φ⁻¹, since issue
// 20 over arrays with the vectorised version.
void BM_truncated_normal_from_standard_normal(benchmark::State& state) {
  std::vector<double> z(static_cast<std::size_t>(state.range(0)));
  std::vector<double> x(z.size());
  goalpath::sample::fill_standard_normals(kSeed, 0, 0, 0, z);
  goalpath::sample::Marginal m;
  m.dist = goalpath::sample::Distribution::normal;
  m.value = 0.04;
  m.sd = 0.015;
  m.lower_bound = -0.03;
  m.upper_bound = 0.10;
  for (auto _ : state) {
    m.from_standard_normal(z, x);
    benchmark::DoNotOptimize(x.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_truncated_normal_from_standard_normal)->Arg(4096);

}  // namespace

BENCHMARK_MAIN();

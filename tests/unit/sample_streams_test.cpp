// Counter-based streams (engine/sample/streams.cpp, philox.hpp): the layout of
// key, counter and output words; purity; independence from block boundaries;
// and the statistics of the uniforms and normals.
#include <Random123/philox.h>
#include <doctest/doctest.h>

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include "sample/philox.hpp"
#include "sample/sample.hpp"

using goalpath::sample::fill_standard_normals;
using goalpath::sample::fill_uniforms;
using goalpath::sample::inverse_normal_cdf;

namespace {

/// The documented layout, written out independently of the engine: Random123's
/// reference Philox4x32-10, key = seed words, counter = {pair lo, pair hi,
/// variable, year}, path 2·pair uses words 0-1 and path 2·pair+1 words 2-3,
/// u = k·2⁻⁵³ with k = (a << 21) | (b >> 11), and 2⁻⁵⁴ for k = 0.
double reference_uniform(std::uint64_t seed, std::uint64_t path, std::uint32_t variable, std::uint32_t year) {
  r123::Philox4x32 philox;
  const std::uint64_t pair = path / 2;
  const r123::Philox4x32::ctr_type counter = {
      {static_cast<std::uint32_t>(pair), static_cast<std::uint32_t>(pair >> 32), variable, year}};
  const r123::Philox4x32::key_type key = {{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}};
  const r123::Philox4x32::ctr_type words = philox(counter, key);
  const std::uint32_t a = words[path % 2 == 0 ? 0 : 2];
  const std::uint32_t b = words[path % 2 == 0 ? 1 : 3];
  const std::uint64_t k = (std::uint64_t{a} << 21) | (b >> 11);
  return k == 0 ? 0x1p-54 : static_cast<double>(k) * 0x1p-53;
}

std::vector<double> uniforms(std::uint64_t seed, std::uint64_t first, std::size_t n, std::uint32_t variable,
                             std::uint32_t year) {
  std::vector<double> out(n);
  fill_uniforms(seed, first, variable, year, out);
  return out;
}

}  // namespace

TEST_CASE("philox: Random123 known-answer vectors (kat_vectors, philox4x32 10 rounds)") {
  r123::Philox4x32 philox;
  const r123::Philox4x32::ctr_type zero_counter = {{0, 0, 0, 0}};
  const r123::Philox4x32::key_type zero_key = {{0, 0}};
  const auto out = philox(zero_counter, zero_key);
  CHECK(out[0] == 0x6627e8d5u);
  CHECK(out[1] == 0xe169c58du);
  CHECK(out[2] == 0xbc57ac4cu);
  CHECK(out[3] == 0x9b00dbd8u);
  const r123::Philox4x32::ctr_type ones_counter = {{0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu}};
  const r123::Philox4x32::key_type ones_key = {{0xffffffffu, 0xffffffffu}};
  const auto out2 = philox(ones_counter, ones_key);
  CHECK(out2[0] == 0x408f276du);
  CHECK(out2[1] == 0x41c83b0eu);
  CHECK(out2[2] == 0xa20bc7c6u);
  CHECK(out2[3] == 0x6d5451fdu);
}

TEST_CASE("streams: every uniform follows the documented key/counter layout") {
  const std::uint64_t seeds[] = {0, 1, 20240220, 0xFFFFFFFFFFFFFFFFull, 0x123456789ABCDEFull};
  const std::uint64_t firsts[] = {0, 1, 2, 31, 33, 0xFFFFFFF0ull, 0x1FFFFFFF0ull, 0xFFFFFFFFFFFFFF00ull};
  for (const std::uint64_t seed : seeds) {
    for (const std::uint64_t first : firsts) {
      const auto u = uniforms(seed, first, 100, 7, 2027);
      for (std::size_t i = 0; i < u.size(); ++i) {
        INFO("seed " << seed << " path " << first + i);
        REQUIRE(u[i] == reference_uniform(seed, first + i, 7, 2027));
      }
    }
  }
}

TEST_CASE("streams: the vectorised Philox block equals the portable one bit for bit") {
  using namespace goalpath::sample::detail;
  constexpr int kBlock = 2 * kPhiloxLanes;
  std::mt19937_64 rng(5);
  std::vector<std::uint64_t> pairs = {0, 1, 0xFFFFFFFFull - 3, 0xFFFFFFFFull, 0x7FFFFFFFFFFFFFF0ull};
  for (int i = 0; i < 200; ++i) pairs.push_back(rng() >> 1);
  for (const std::uint64_t pair : pairs) {
    const std::uint64_t seed = rng();
    const auto variable = static_cast<std::uint32_t>(rng());
    const auto year = static_cast<std::uint32_t>(rng());
    double fast[kBlock];
    double portable[kBlock];
    PhiloxStream(seed, variable, year).block(pair, fast);
    philox_uniform_block_generic(seed, pair, variable, year, portable);
    for (int i = 0; i < kBlock; ++i) {
      INFO("pair " << pair << " lane " << i);
      REQUIRE(fast[i] == portable[i]);
    }
  }
}

#if defined(__AVX512F__) && defined(__AVX512DQ__)
TEST_CASE("streams: the wide AVX-512 Philox block equals two portable blocks bit for bit") {
  using namespace goalpath::sample::detail;
  constexpr int kWide = 2 * PhiloxStream::kWideLanes;
  std::mt19937_64 rng(7);
  std::vector<std::uint64_t> pairs = {0, 1, 0xFFFFFFFFull - 20, 0xFFFFFFFFull - 3, 0x7FFFFFFFFFFFFFF0ull};
  for (int i = 0; i < 200; ++i) pairs.push_back(rng() >> 1);
  for (const std::uint64_t pair : pairs) {
    const std::uint64_t seed = rng();
    const auto variable = static_cast<std::uint32_t>(rng());
    const auto year = static_cast<std::uint32_t>(rng());
    double wide[kWide];
    double portable[kWide];
    PhiloxStream(seed, variable, year).wide_block(pair, wide);
    philox_uniform_block_generic(seed, pair, variable, year, portable);
    philox_uniform_block_generic(seed, pair + kPhiloxLanes, variable, year, portable + 2 * kPhiloxLanes);
    for (int i = 0; i < kWide; ++i) {
      INFO("pair " << pair << " lane " << i);
      REQUIRE(wide[i] == portable[i]);
    }
  }
}
#endif

TEST_CASE("streams: a path's uniform does not depend on the block that produced it") {
  const std::uint64_t seed = 99;
  const auto all = uniforms(seed, 0, 1000, 3, 1);
  // Blocks of every alignment and length, including odd starts and lengths
  // that end inside a Philox batch.
  for (std::uint64_t first : {1ull, 2ull, 7ull, 31ull, 32ull, 33ull, 63ull, 500ull, 999ull}) {
    for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{6}, std::size_t{31}, std::size_t{64},
                          std::size_t{65}, std::size_t{300}}) {
      if (first + n > all.size()) continue;
      const auto part = uniforms(seed, first, n, 3, 1);
      for (std::size_t i = 0; i < n; ++i) {
        INFO("first " << first << " n " << n << " i " << i);
        REQUIRE(part[i] == all[first + i]);
      }
    }
  }
  // The example from the contract: [0, 1000) versus [1, 7).
  const auto small = uniforms(seed, 1, 6, 3, 1);
  for (std::size_t i = 0; i < 6; ++i) CHECK(small[i] == all[1 + i]);
  // Filling in pieces of any size gives the same stream.
  std::vector<double> pieces(1000);
  std::size_t done = 0;
  for (std::size_t step = 1; done < pieces.size(); step = step * 3 + 1) {
    const std::size_t n = std::min(step, pieces.size() - done);
    fill_uniforms(seed, done, 3, 1, std::span<double>(pieces).subspan(done, n));
    done += n;
  }
  CHECK(pieces == all);
}

TEST_CASE("streams: pure function of (seed, path, variable, year)") {
  CHECK(uniforms(5, 10, 200, 1, 2) == uniforms(5, 10, 200, 1, 2));
  CHECK(uniforms(5, 10, 200, 1, 2) != uniforms(6, 10, 200, 1, 2));
  CHECK(uniforms(5, 10, 200, 1, 2) != uniforms(5, 10, 200, 2, 2));
  CHECK(uniforms(5, 10, 200, 1, 2) != uniforms(5, 10, 200, 1, 3));
  CHECK(uniforms(5, 10, 200, 1, 2) != uniforms(5, 11, 200, 1, 2));
  // Seeds that differ only in the high word, and variable/year swapped.
  CHECK(uniforms(5, 0, 64, 1, 2) != uniforms(5 + (1ull << 32), 0, 64, 1, 2));
  CHECK(uniforms(5, 0, 64, 1, 2) != uniforms(5, 0, 64, 2, 1));
  // Paths 2^32 apart (the high counter word) differ.
  CHECK(uniforms(5, 0, 64, 1, 2) != uniforms(5, 1ull << 33, 64, 1, 2));
  std::vector<double> empty;
  fill_uniforms(5, 0, 1, 2, empty);  // no-op
}

TEST_CASE("streams: uniforms lie strictly inside (0, 1) with mean 1/2 and variance 1/12") {
  constexpr std::size_t n = 1'000'000;
  const auto u = uniforms(20240220, 0, n, 0, 2025);
  double sum = 0.0;
  double sum_sq = 0.0;
  double lo = 1.0;
  double hi = 0.0;
  std::vector<int> bins(100, 0);
  for (const double x : u) {
    sum += x;
    sum_sq += (x - 0.5) * (x - 0.5);
    lo = std::min(lo, x);
    hi = std::max(hi, x);
    ++bins[static_cast<std::size_t>(x * 100.0)];
  }
  CHECK(lo > 0.0);
  CHECK(hi < 1.0);
  const double mean = sum / n;
  const double variance = sum_sq / n - (mean - 0.5) * (mean - 0.5);
  // Standard errors: mean sqrt(1/12/n) = 2.9e-4; variance
  // sqrt((E(U-½)^4 - (1/12)^2)/n) = sqrt((1/80 - 1/144)/n) = 7.5e-5. Bounds are 4 SE.
  CHECK(std::abs(mean - 0.5) < 4.0 * std::sqrt(1.0 / 12.0 / n));
  CHECK(std::abs(variance - 1.0 / 12.0) < 4.0 * std::sqrt((1.0 / 80.0 - 1.0 / 144.0) / n));
  // Chi-square over 100 equal bins: 99 degrees of freedom, mean 99, sd 14;
  // the bound is 5 sd above the mean.
  double chi2 = 0.0;
  const double expected = n / 100.0;
  for (const int count : bins) chi2 += (count - expected) * (count - expected) / expected;
  CHECK(chi2 < 99.0 + 5.0 * 14.07);
}

TEST_CASE("streams: different variables, years and seeds are uncorrelated") {
  constexpr std::size_t n = 200'000;
  const auto base = uniforms(1, 0, n, 0, 0);
  // Correlation of independent uniforms has standard error 1/sqrt(n) = 0.0022; bound 4 SE.
  const auto correlation = [&](const std::vector<double>& other) {
    double s = 0.0;
    for (std::size_t i = 0; i < n; ++i) s += (base[i] - 0.5) * (other[i] - 0.5);
    return s / n * 12.0;
  };
  CHECK(std::abs(correlation(uniforms(1, 0, n, 1, 0))) < 4.0 / std::sqrt(double(n)));
  CHECK(std::abs(correlation(uniforms(1, 0, n, 0, 1))) < 4.0 / std::sqrt(double(n)));
  CHECK(std::abs(correlation(uniforms(2, 0, n, 0, 0))) < 4.0 / std::sqrt(double(n)));
  CHECK(std::abs(correlation(uniforms(1, 1, n, 0, 0))) < 4.0 / std::sqrt(double(n)));  // lag 1
  CHECK(std::abs(correlation(uniforms(1, 2, n, 0, 0))) < 4.0 / std::sqrt(double(n)));  // lag 2 (next pair)
}

TEST_CASE("streams: standard normals are Φ⁻¹ of the same stream, with mean 0 and variance 1") {
  constexpr std::size_t n = 1'000'000;
  std::vector<double> z(n);
  fill_standard_normals(77, 5, 2, 2026, z);
  const auto u = uniforms(77, 5, n, 2, 2026);
  std::vector<double> expected(n);
  inverse_normal_cdf(u, expected);
  CHECK(z == expected);
  // Block independence carries over.
  std::vector<double> part(300);
  fill_standard_normals(77, 1000, 2, 2026, part);
  for (std::size_t i = 0; i < part.size(); ++i) REQUIRE(part[i] == z[995 + i]);

  double sum = 0.0;
  double sum_sq = 0.0;
  std::size_t beyond3 = 0;
  for (const double x : z) {
    sum += x;
    sum_sq += x * x;
    beyond3 += std::abs(x) > 3.0;
  }
  const double mean = sum / n;
  const double variance = sum_sq / n - mean * mean;
  // SE: mean 1/sqrt(n) = 0.001; variance sqrt(2/n) = 0.0014;
  // P(|Z| > 3) = 0.0026998, count SE sqrt(n p (1-p)) = 52. Bounds 4 SE.
  CHECK(std::abs(mean) < 4.0 / std::sqrt(double(n)));
  CHECK(std::abs(variance - 1.0) < 4.0 * std::sqrt(2.0 / n));
  const double p3 = 0.0026997960632601866;
  CHECK(std::abs(double(beyond3) - n * p3) < 4.0 * std::sqrt(n * p3 * (1 - p3)));
}

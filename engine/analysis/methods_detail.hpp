// Private helpers shared by the methods_*.cpp files: a small seeded generator,
// percentiles and checks on what a BatchFunction returns. Not part of the
// public API (namespace goalpath::analysis::detail).
#pragma once

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <vector>

#include "analysis/methods.hpp"

namespace goalpath::analysis::detail {

/// SplitMix64 (Steele, Lea & Flood 2014): a 64-bit counter passed through a
/// bijective mixer. The whole state is one integer held by value, so a method
/// that needs random numbers creates its own from the seed it was given and
/// the result is a pure function of that seed, on every platform (unlike the
/// standard library's distributions, whose algorithms are unspecified).
class SplitMix64 {
 public:
  explicit SplitMix64(std::uint64_t seed) : state_(seed) {}

  std::uint64_t next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
  }

  /// Uniform integer in [0, n), n >= 1, without modulo bias (Lemire 2019:
  /// multiply-shift with rejection of the short leftover interval).
  std::uint64_t below(std::uint64_t n) {
    unsigned __int128 m = static_cast<unsigned __int128>(next()) * n;
    auto low = static_cast<std::uint64_t>(m);
    if (low < n) {
      const std::uint64_t threshold = (0 - n) % n;
      while (low < threshold) {
        m = static_cast<unsigned __int128>(next()) * n;
        low = static_cast<std::uint64_t>(m);
      }
    }
    return static_cast<std::uint64_t>(m >> 64);
  }

 private:
  std::uint64_t state_;
};

/// Uniform indices in [0, n) for 1 <= n <= 2^32, two from each 64-bit output
/// of the generator (Lemire's method on each 32-bit half, with rejection, so
/// unbiased). Half the generator calls of SplitMix64::below, which is what
/// a bootstrap of millions of draws spends its time on.
class IndexSampler {
 public:
  IndexSampler(SplitMix64& rng, std::uint64_t n)
      : rng_(rng), n_(n), threshold_(static_cast<std::uint32_t>((std::uint64_t{1} << 32) % n)) {}

  std::uint64_t next() {
    for (;;) {
      std::uint32_t half;
      if (has_spare_) {
        half = spare_;
        has_spare_ = false;
      } else {
        const std::uint64_t z = rng_.next();
        half = static_cast<std::uint32_t>(z);
        spare_ = static_cast<std::uint32_t>(z >> 32);
        has_spare_ = true;
      }
      const std::uint64_t m = std::uint64_t{half} * n_;
      if (static_cast<std::uint32_t>(m) >= threshold_) return m >> 32;
    }
  }

 private:
  SplitMix64& rng_;
  std::uint64_t n_;
  std::uint32_t threshold_;  // 2^32 mod n: low words below it are rejected
  std::uint32_t spare_ = 0;
  bool has_spare_ = false;
};

/// Fisher-Yates shuffle of `values` driven by `rng`.
template <class T>
void shuffle(std::vector<T>& values, SplitMix64& rng) {
  for (std::size_t i = values.size(); i > 1; --i) {
    const auto j = static_cast<std::size_t>(rng.below(i));
    std::swap(values[i - 1], values[j]);
  }
}

/// Percentile q in [0, 1] of ascending-sorted `sorted` by linear interpolation
/// between order statistics (Hyndman & Fan type 7, numpy's default).
inline double sorted_percentile(const std::vector<double>& sorted, double q) {
  if (sorted.empty()) return 0.0;
  const double h = q * static_cast<double>(sorted.size() - 1);
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const std::size_t hi = std::min(lo + 1, sorted.size() - 1);
  return sorted[lo] + (h - static_cast<double>(lo)) * (sorted[hi] - sorted[lo]);
}

/// Calls f and checks that it returned one output per column.
inline Eigen::VectorXd evaluate(const BatchFunction& f, const Eigen::MatrixXd& points,
                                const char* method) {
  Eigen::VectorXd y = f(points);
  if (y.size() != points.cols()) {
    throw std::runtime_error(std::string(method) + ": the model returned " +
                             std::to_string(y.size()) + " outputs for " +
                             std::to_string(points.cols()) + " points; it must return one per point");
  }
  return y;
}

/// A number as it should appear in an error message ("%g").
inline std::string format_number(double x) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%g", x);
  return buffer;
}

/// Throws std::invalid_argument naming the option, its value and the rule.
[[noreturn]] inline void invalid_option(const std::string& name, const std::string& value,
                                        const std::string& rule) {
  throw std::invalid_argument(name + " is " + value + "; it must be " + rule);
}

}  // namespace goalpath::analysis::detail

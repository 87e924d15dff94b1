#include "sim/accumulator.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace goalpath::sim::detail {
namespace {

/// bin[k] = floor(clamp((x[k] - low) · inverse, -1, bins)) + 1 for finite x:
/// 0 is the underflow bin, bins + 1 the overflow bin. The AVX2 loop does the
/// same operations as the scalar one (floor and truncation are exact), so the
/// two give the same bins; g++ does not vectorise the scalar loop itself
/// (floor and the conversion might trap, as far as it knows).
void bin_all(const double* x, int* bin, Eigen::Index n, double low, double inverse, int bins) {
  const double top = static_cast<double>(bins);
  Eigen::Index k = 0;
#if defined(__AVX2__)
  const __m256d low4 = _mm256_set1_pd(low), inverse4 = _mm256_set1_pd(inverse);
  const __m256d bottom4 = _mm256_set1_pd(-1.0), top4 = _mm256_set1_pd(top);
  const __m128i one4 = _mm_set1_epi32(1);
  for (; k + 4 <= n; k += 4) {
    __m256d b = _mm256_mul_pd(_mm256_sub_pd(_mm256_loadu_pd(x + k), low4), inverse4);
    b = _mm256_floor_pd(_mm256_min_pd(_mm256_max_pd(b, bottom4), top4));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(bin + k), _mm_add_epi32(_mm256_cvttpd_epi32(b), one4));
  }
#endif
  for (; k < n; ++k) bin[k] = static_cast<int>(std::floor(std::clamp((x[k] - low) * inverse, -1.0, top))) + 1;
}

}  // namespace

HistogramRanges HistogramRanges::from_pilot(const Eigen::ArrayXXd& values, int bins) {
  HistogramRanges r;
  r.bins = bins;
  std::vector<double> finite;
  for (Eigen::Index s = 0; s < values.cols(); ++s) {
    finite.clear();
    for (Eigen::Index k = 0; k < values.rows(); ++k) {
      if (std::isfinite(values(k, s))) finite.push_back(values(k, s));
    }
    double lo = 0.0, hi = 0.0;
    if (!finite.empty()) {
      const std::size_t n = finite.size(), tail = n / 1000;
      std::nth_element(finite.begin(), finite.begin() + tail, finite.end());
      lo = finite[tail];
      std::nth_element(finite.begin(), finite.begin() + (n - 1 - tail), finite.end());
      hi = finite[n - 1 - tail];
    }
    double span = hi - lo;
    double pad = span > 0 ? 0.2 * span : std::max(std::abs(lo) * 1e-9, 1e-12);
    double low = lo - pad, width = (span + 2 * pad) / bins;
    r.low.push_back(low);
    r.width.push_back(width);
    r.inverse_width.push_back(1.0 / width);
  }
  return r;
}

StatAccumulator::StatAccumulator(const HistogramRanges& ranges, Eigen::Index stats)
    : ranges_(&ranges),
      stats_(stats),
      recent_(static_cast<std::size_t>(stats) * (ranges.bins + 2), 0),
      counts_(static_cast<std::size_t>(stats) * (ranges.bins + 2), 0),
      nonfinite_(static_cast<std::size_t>(stats), 0),
      min_(static_cast<std::size_t>(stats), std::numeric_limits<double>::infinity()),
      max_(static_cast<std::size_t>(stats), -std::numeric_limits<double>::infinity()) {}

std::int64_t StatAccumulator::add(const Eigen::ArrayXXd& values) {
  const int bins = ranges_->bins;
  const Eigen::Index B = values.rows();
  if (B > 65535) throw std::invalid_argument("StatAccumulator::add takes at most 65535 rows at a time");
  if (recent_inserts_ + B > 65535) flush();
  recent_inserts_ += B;
  indices_.resize(B);
  std::int64_t nonfinite_values = 0;
  for (Eigen::Index s = 0; s < stats_; ++s) {
    std::uint16_t* count = &recent_[static_cast<std::size_t>(s) * (bins + 2)];
    const double low = ranges_->low[s], inverse = ranges_->inverse_width[s];
    const auto x = values.col(s);
    auto bin_of = [&](double v) {
      // Bin 0 is underflow, bins + 1 overflow.
      return static_cast<int>(std::floor(std::clamp((v - low) * inverse, -1.0, static_cast<double>(bins)))) + 1;
    };
    // Fast path when every value is finite (a finite sum says so, barring
    // overflow, which takes the careful path): vectorised bounds and bins.
    if (std::isfinite(x.sum())) {
      const double lowest = x.minCoeff(), highest = x.maxCoeff();
      min_[s] = std::min(min_[s], lowest);
      max_[s] = std::max(max_[s], highest);
      if (lowest == highest) {
        // The same value on every path (a base-year level, a planned path): one count.
        count[bin_of(lowest)] += static_cast<std::uint16_t>(B);
        continue;
      }
      bin_all(x.data(), indices_.data(), B, low, inverse, bins);
      // Increments with no data-dependent branch: a branch on "same bin as
      // the last value" mispredicts on spread-out data.
      for (Eigen::Index k = 0; k < B; ++k) ++count[indices_[k]];
      continue;
    }
    std::int64_t kept = 0;
    for (Eigen::Index k = 0; k < B; ++k) {
      const double v = x[k];
      if (!std::isfinite(v)) continue;
      min_[s] = std::min(min_[s], v);
      max_[s] = std::max(max_[s], v);
      ++count[bin_of(v)];
      ++kept;
    }
    nonfinite_[s] += B - kept;
    nonfinite_values += B - kept;
  }
  return nonfinite_values;
}

void StatAccumulator::flush() {
  for (std::size_t k = 0; k < recent_.size(); ++k) {
    counts_[k] += recent_[k];
    recent_[k] = 0;
  }
  recent_inserts_ = 0;
}

void StatAccumulator::merge(const StatAccumulator& other) {
  flush();
  for (std::size_t k = 0; k < counts_.size(); ++k) counts_[k] += other.counts_[k] + other.recent_[k];
  for (Eigen::Index s = 0; s < stats_; ++s) {
    nonfinite_[s] += other.nonfinite_[s];
    min_[s] = std::min(min_[s], other.min_[s]);
    max_[s] = std::max(max_[s], other.max_[s]);
  }
}

double StatAccumulator::quantile(Eigen::Index s, double q, std::int64_t n) const {
  const int bins = ranges_->bins;
  const std::size_t offset = static_cast<std::size_t>(s) * (bins + 2);
  auto count = [&](int bin) { return counts_[offset + bin] + recent_[offset + bin]; };
  // Rank of the quantile among the n sorted values, as numpy's default
  // (linear) definition places it: q (n - 1), counted from 0.
  double rank = q * static_cast<double>(n - 1);
  std::int64_t before = 0;
  for (int bin = 0; bin < bins + 2; ++bin) {
    const std::int64_t c = count(bin);
    if (c == 0) continue;
    if (rank < static_cast<double>(before + c)) {
      // Spread the bin's values evenly across it: the j-th of c values sits at (j + 0.5) / c.
      double fraction = (rank - static_cast<double>(before) + 0.5) / static_cast<double>(c);
      double lo, hi;
      if (bin == 0) {
        lo = min_[s];
        hi = ranges_->low[s];
      } else if (bin == bins + 1) {
        lo = ranges_->low[s] + bins * ranges_->width[s];
        hi = max_[s];
      } else {
        lo = ranges_->low[s] + (bin - 1) * ranges_->width[s];
        hi = lo + ranges_->width[s];
      }
      lo = std::max(lo, min_[s]);
      hi = std::min(hi, max_[s]);
      return lo + std::clamp(fraction, 0.0, 1.0) * (hi - lo);
    }
    before += c;
  }
  return max_[s];
}

Quantiles StatAccumulator::quantiles(Eigen::Index s) const {
  Quantiles out;
  out.nonfinite = nonfinite_[s];
  std::int64_t n = 0;
  const int bins = ranges_->bins;
  for (int bin = 0; bin < bins + 2; ++bin) {
    std::size_t k = static_cast<std::size_t>(s) * (bins + 2) + bin;
    n += counts_[k] + recent_[k];
  }
  out.finite = n;
  if (n == 0) {
    double nan = std::numeric_limits<double>::quiet_NaN();
    out.p05 = out.p10 = out.p25 = out.p50 = out.p75 = out.p90 = out.p95 = out.min = out.max = nan;
    return out;
  }
  out.min = min_[s];
  out.max = max_[s];
  out.p05 = quantile(s, 0.05, n);
  out.p10 = quantile(s, 0.10, n);
  out.p25 = quantile(s, 0.25, n);
  out.p50 = quantile(s, 0.50, n);
  out.p75 = quantile(s, 0.75, n);
  out.p90 = quantile(s, 0.90, n);
  out.p95 = quantile(s, 0.95, n);
  return out;
}

}  // namespace goalpath::sim::detail

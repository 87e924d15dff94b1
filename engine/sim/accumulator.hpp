// Streaming statistics of many paths: a fixed-bin histogram per statistic
// over a range found by a pilot run, plus exact counts. Everything is an
// integer, so accumulators merge exactly in any order (the result does not
// depend on threads or block size). Private to sim/.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <vector>

#include "sim/sim.hpp"

namespace goalpath::sim::detail {

/// The value range each statistic's histogram covers.
struct HistogramRanges {
  std::vector<double> low, inverse_width, width;
  int bins = 0;
  /// From pilot values (n x stats): the central 99.8% of the finite values,
  /// widened by a fifth on each side (a constant statistic gets a tiny range
  /// around its value). Values beyond the range still count, in an under- or
  /// overflow bin bounded by the exact minimum and maximum.
  static HistogramRanges from_pilot(const Eigen::ArrayXXd& values, int bins);
};

class StatAccumulator {
 public:
  StatAccumulator(const HistogramRanges& ranges, Eigen::Index stats);
  /// Adds one block: values is B x stats; non-finite values are counted, not
  /// binned. Returns how many of the block's values were not finite.
  std::int64_t add(const Eigen::ArrayXXd& values);
  void merge(const StatAccumulator& other);
  /// Quantiles of statistic s from the histogram (linear within a bin).
  Quantiles quantiles(Eigen::Index s) const;

 private:
  const HistogramRanges* ranges_;
  Eigen::Index stats_;
  void flush();
  // Per statistic: bins + 2 counts (under, bins..., over). Recent counts are
  // 16-bit so that every statistic's table fits the L2 cache together; they
  // move to the 64-bit totals before they could overflow.
  std::vector<std::uint16_t> recent_;
  std::int64_t recent_inserts_ = 0;
  std::vector<std::int64_t> counts_;
  std::vector<std::int64_t> nonfinite_;
  std::vector<double> min_, max_;
  Eigen::ArrayXi indices_;  // bin of each value of the block, reused
  double quantile(Eigen::Index s, double q, std::int64_t n) const;
};

}  // namespace goalpath::sim::detail

// Windows: the values of the histogram slots near each quantile, kept while
// blocks pass, so that the exact quantiles need no replay of every path.
// Private to sim/.
//
// The exact quantiles need every value of the one histogram bin where each
// order statistic falls, and the first pass learns which bin only at its
// end. A run that keeps, as it counts, the values of the slots whose ranks
// lie near each quantile's rank has them already when that bin is one of the
// kept slots: the values fed to QuantileSearch from memory are exactly those
// a replay would collect, so the quantiles are the same to the last digit.
// Where the bin is not kept, the run replays as before: the windows change
// how fast a run is, never what it reports.
//
// run_monte_carlo chooses the windows from the counts of its first blocks
// (window_widths: z standard errors of each quantile's rank); a shard, from
// its own counts (shards.cpp).
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "sim/accumulator.hpp"
#include "sim/huge_pages.hpp"

namespace goalpath::sim::detail {

/// Per statistic: one flag (0 or 1) per histogram slot (bins + 2), or no
/// entries to keep nothing of it.
using SlotWindows = std::vector<std::vector<std::int32_t>>;

/// Half widths, as fractions of the ordered values, of windows that hold the
/// rank of each reported quantile of a run of `paths` paths except with a
/// chance of about erfc(z / sqrt 2), when they are centred on the counts of
/// its first `counted` paths: z standard errors of a binomial proportion,
/// sqrt(q (1 - q) (1 / counted - 1 / paths)).
std::array<double, kQuantilePercents.size()> window_widths(std::int64_t counted, std::int64_t paths, double z);

/// Per slot of one statistic's histogram (its counts by slot, and its
/// values at -inf and +inf): 1 for the slots from the one holding the rank
/// half_widths[k] (a fraction of the ordered values) below the k-th reported
/// quantile's rank, as QuantileSearch ranks them, to the one holding the
/// rank as far above it, empty slots between included.
std::vector<std::int32_t> rank_windows(const std::vector<std::int64_t>& slot_counts, std::int64_t below, std::int64_t above,
                                       const std::array<double, kQuantilePercents.size()>& half_widths);

/// The windows of every statistic of the sum of `parts` (accumulators over
/// the same ranges: a run's workers); `expected` receives how many of
/// `paths` values each would keep (the counts' share, scaled). A statistic
/// whose windows would keep more than `max_share` of its values (a
/// constant, a few distinct values) keeps none; `crowded`, if given,
/// receives which of those are more than one value: their quantiles will
/// need a replay whatever the others keep.
SlotWindows choose_windows(const std::vector<const StatAccumulator*>& parts,
                           const std::array<double, kQuantilePercents.size()>& half_widths, std::int64_t paths,
                           double max_share, std::vector<std::int64_t>& expected, std::vector<bool>* crowded = nullptr);

/// Each worker's room for the expected values of every statistic: a fair
/// share of `workers`, a quarter more for the spread between them, and two
/// blocks (a worker that gets more spills into its overflow vectors).
std::vector<std::int64_t> keeper_room(const std::vector<std::int64_t>& expected, int workers, std::int64_t block_size);

/// The kept values of one worker: the finite values of each statistic that
/// fall in its windows, in one buffer (in huge pages: tens of megabytes are
/// written once) with room for `capacity` values of each statistic, and
/// beyond it in a vector of the statistic's own.
class SlotKeeper {
 public:
  SlotKeeper(const HistogramRanges& ranges, std::shared_ptr<const SlotWindows> windows,
             const std::vector<std::int64_t>& capacity);
  /// Keeps the values of a block (B x statistics) that fall in the windows.
  void add(const Eigen::ArrayXXd& values);
  /// The same for statistic s, whose slots (bin_all's) are known.
  void keep(Eigen::Index s, const double* values, const int* slots, Eigen::Index n);
  /// n copies of one value in `slot`.
  void keep_repeated(Eigen::Index s, double value, int slot, Eigen::Index n);
  bool keeps(Eigen::Index s) const { return !(*windows_)[static_cast<std::size_t>(s)].empty(); }
  bool wants(Eigen::Index s, int slot) const {
    const auto& w = (*windows_)[static_cast<std::size_t>(s)];
    return !w.empty() && w[static_cast<std::size_t>(slot)] != 0;
  }
  /// The kept values of statistic s, in one or two runs: use(values, n).
  template <class Use>
  void for_each(Eigen::Index s, Use&& use) const {
    const auto k = static_cast<std::size_t>(s);
    if (size_[k] > 0) use(buffer_.get() + begin_[k], static_cast<Eigen::Index>(size_[k]));
    if (!overflow_[k].empty()) use(overflow_[k].data(), static_cast<Eigen::Index>(overflow_[k].size()));
  }
  Eigen::Index stats() const { return static_cast<Eigen::Index>(windows_->size()); }

 private:
  const HistogramRanges* ranges_;
  std::shared_ptr<const SlotWindows> windows_;
  // Per statistic, its windows as runs of slots [first, first + length):
  // a few comparisons test 16 slots at once (a gather of their flags is
  // slower where the CPU mitigates Gather Data Sampling).
  std::vector<std::vector<std::pair<int, int>>> runs_;
  std::unique_ptr<double[], HugePageRelease> buffer_;  // not zeroed: a page is touched when a value lands in it
  std::vector<std::size_t> begin_, size_, capacity_;
  std::vector<std::vector<double>> overflow_;
  Eigen::ArrayXi slots_;  // the slots of one column of a block, reused
};

}  // namespace goalpath::sim::detail

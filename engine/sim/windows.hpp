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
using SlotWindows = std::vector<std::vector<std::uint8_t>>;

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
std::vector<std::uint8_t> rank_windows(const std::vector<std::int64_t>& slot_counts, std::int64_t below, std::int64_t above,
                                       const std::array<double, kQuantilePercents.size()>& half_widths);

/// choose_windows for statistic s alone: its windows (none: keep nothing),
/// the values it would keep of `paths`, and whether it is too crowded and
/// more than one value. `counts` is scratch room. Threads may choose
/// different statistics' windows at once.
struct StatWindows {
  std::vector<std::uint8_t> wanted;
  std::int64_t expected = 0;
  bool crowded = false;
};
StatWindows choose_stat_windows(const std::vector<const StatAccumulator*>& parts, Eigen::Index s,
                                const std::array<double, kQuantilePercents.size()>& half_widths, std::int64_t paths,
                                double max_share, std::vector<std::int64_t>& counts);

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

/// Where a windowed run of `blocks` blocks chooses its windows (block
/// counts, ascending, the last one `blocks`): first after its head, then
/// again at each later entry from the counts so far, narrower as they grow,
/// and last from every count, when they close on the bins that hold the
/// quantiles. The head is an eighth of the blocks, or a 32nd when an eighth
/// would be more than kWindowHeadPaths paths: the head is evaluated twice,
/// and its wide windows soon narrow. Each later entry is four times the
/// one before: every narrowing costs a pass over the histograms (about a
/// millisecond), and fourfold keeps the kept values near their fewest.
std::vector<std::int64_t> window_checkpoints(std::int64_t blocks, std::int64_t block_size);
inline constexpr std::int64_t kWindowHeadPaths = 65536;

/// The most values a run narrowing at `checkpoints` keeps at once, as a
/// share of what the windows opened after the head would keep over the
/// whole run: before checkpoint i + 1 its values are those of the blocks so
/// far within windows chosen at checkpoint i, whose width goes as
/// sqrt(1 / counted - 1 / paths). Doubled for the slots' granularity (a
/// window is whole slots and holds at least a rank on each side), and at
/// most 1.
double window_peak_share(const std::vector<std::int64_t>& checkpoints, std::int64_t blocks);

/// The windows of `current` that `fresh` (chosen from more counts) also
/// holds, statistic by statistic. Slots only leave: the values of a slot
/// that enters late would be missing those of the blocks counted before. A
/// statistic whose fresh windows are empty (too crowded) keeps its current
/// ones.
SlotWindows narrow_windows(const SlotWindows& current, SlotWindows fresh);

/// Each worker's room for the expected values of every statistic: a fair
/// share of `workers`, a quarter more for the spread between them, and two
/// blocks (a worker that gets more spills into its overflow vectors).
std::vector<std::int64_t> keeper_room(const std::vector<std::int64_t>& expected, int workers, std::int64_t block_size);

/// The kept values of one worker: the finite values of each statistic that
/// fall in its windows. They live in chunks of kChunkValues drawn from one
/// pool (in huge pages, not zeroed) as a statistic needs them, so the memory
/// touched is what is kept, not what was reserved: touching fresh memory is
/// the costly part (huge_pages.hpp). Chunks that narrow() empties go back
/// to the pool. Past the pool, a statistic spills into a vector of its own.
class SlotKeeper {
 public:
  /// Values per chunk, and at most how many a keep() writes before it
  /// checks for room again.
  static constexpr std::size_t kChunkValues = 4096, kPieceValues = 256;
  /// A pool with room for `capacity` values of each statistic (and a chunk
  /// more each, for the part-filled chunks).
  SlotKeeper(const HistogramRanges& ranges, std::shared_ptr<const SlotWindows> windows,
             const std::vector<std::int64_t>& capacity);
  /// Keeps the values of a block (B x statistics) that fall in the windows.
  void add(const Eigen::ArrayXXd& values);
  /// The same for statistic s, whose slots (bin_all's) are known.
  void keep(Eigen::Index s, const double* values, const int* slots, Eigen::Index n);
  /// n copies of one value in `slot`.
  void keep_repeated(Eigen::Index s, double value, int slot, Eigen::Index n);
  /// keep(), and the n values counted into `count` (statistic s's histogram,
  /// bins + 2 slots) as far as the windows need: exactly in the windows'
  /// slots, and each gap between windows as one total in its first slot
  /// (some values exactly, where that is simpler). Most values then cost a
  /// few vector comparisons instead of an increment each. Such a histogram
  /// places every rank that falls in a window exactly, and a rank in a gap
  /// in the gap: a run that finds a quantile there must count again.
  void keep_counting(Eigen::Index s, const double* values, const int* slots, Eigen::Index n, std::uint16_t* count);
  /// Replaces the windows with narrower ones (narrow_windows) and drops the
  /// kept values outside them, in place; emptied chunks are reused.
  void narrow(std::shared_ptr<const SlotWindows> windows);
  const SlotWindows& windows() const { return *windows_; }
  bool keeps(Eigen::Index s) const { return !(*windows_)[static_cast<std::size_t>(s)].empty(); }
  bool wants(Eigen::Index s, int slot) const {
    const auto& w = (*windows_)[static_cast<std::size_t>(s)];
    return !w.empty() && w[static_cast<std::size_t>(slot)] != 0;
  }
  /// The kept values of statistic s, a run at a time: use(values, n).
  template <class Use>
  void for_each(Eigen::Index s, Use&& use) const {
    const Kept& kept = kept_[static_cast<std::size_t>(s)];
    for (std::size_t c = 0; c < kept.chunks.size(); ++c) {
      if (kept.filled[c] > 0) use(chunk(kept.chunks[c]), static_cast<Eigen::Index>(kept.filled[c]));
    }
    if (!kept.spill.empty()) use(kept.spill.data(), static_cast<Eigen::Index>(kept.spill.size()));
  }
  Eigen::Index stats() const { return static_cast<Eigen::Index>(windows_->size()); }

 private:
  struct Kept {
    std::vector<std::uint32_t> chunks;  // pool chunks, in order
    std::vector<std::uint32_t> filled;  // values in each
    std::vector<double> spill;          // past the pool
  };
  /// Sets windows_ and their runs_.
  void set_windows(std::shared_ptr<const SlotWindows> windows);
  double* chunk(std::uint32_t c) const { return pool_.get() + static_cast<std::size_t>(c) * kChunkValues; }
  /// Where statistic k's next `room` values go: the end of its last chunk,
  /// a new chunk, or nullptr when the pool is spent.
  double* room_for(Kept& kept, std::size_t room);
  /// keep_counting's vector part for windows of kRuns runs (the counters
  /// stay in registers); returns how many of the values it took.
  template <int kRuns>
  Eigen::Index keep_counting_runs(std::size_t k, const double* values, const int* slots, Eigen::Index n, std::uint16_t* count);
  /// Keeps values[0 .. n) (n <= kPieceValues) of statistic k that its windows want.
  void keep_piece(std::size_t k, const double* values, const int* slots, std::size_t n);
  /// Moves statistic k's kept values that its windows want to the front, chunk by chunk.
  void compact(std::size_t k);
  /// Moves the values[0 .. n) that statistic k's windows want to the front,
  /// in order and without a branch per value; returns how many.
  std::size_t keep_wanted(std::size_t k, double* values, std::size_t n);
  const HistogramRanges* ranges_;
  std::shared_ptr<const SlotWindows> windows_;
  // Per statistic, its windows as runs of slots [first, first + length):
  // a few comparisons test 16 slots at once (a gather of their flags is
  // slower where the CPU mitigates Gather Data Sampling).
  std::vector<std::vector<std::pair<int, int>>> runs_;
  std::unique_ptr<double[], HugePageRelease> pool_;
  std::uint32_t pool_chunks_ = 0, fresh_chunk_ = 0;  // chunks in the pool; the first not yet handed out
  std::vector<std::uint32_t> free_chunks_;           // used, then emptied by narrow()
  std::vector<Kept> kept_;
  Eigen::ArrayXi slots_;  // the slots of one column of a block, reused
};

}  // namespace goalpath::sim::detail

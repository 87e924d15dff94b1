// Streaming statistics of many paths, and their exact quantiles.
//
// A first pass counts each statistic's values into a fixed-bin histogram over
// a range found by a pilot run (with under- and overflow bins, and separate
// counts of -inf, +inf and NaN). That brackets the rank of every quantile in
// one bin. Counter-based streams make path p's values a pure function of
// (seed, p), so a replay of the same paths can collect exactly the values
// inside the bracketing bins (QuantileSearch); a bracket holding too many
// values is narrowed by a sub-histogram first, and a bin whose values are all
// equal (an atom) needs nothing more. Every reported quantile is then an order
// statistic of the paths (Hyndman & Fan type 1, the inverted empirical CDF:
// the smallest value x with at least a fraction q of the paths <= x).
//
// Everything accumulated is an integer count, a minimum, a maximum or a set of
// values, so results merge exactly in any order: they do not depend on
// threads or block size. Memory does not grow with the path count: the values
// collected are capped (kCollectBudget), beyond which brackets are narrowed.
// Private to sim/.
#pragma once

#include <Eigen/Core>
#include <array>
#include <cstdint>
#include <memory>
#include <utility>
#include <vector>

#include "sim/bytes.hpp"
#include "sim/huge_pages.hpp"
#include "sim/sim.hpp"

namespace goalpath::sim::detail {

/// The probabilities of the reported quantiles, in percent (p05 ... p95).
inline constexpr std::array<int, 7> kQuantilePercents = {5, 10, 25, 50, 75, 90, 95};

/// Slot of v in a histogram of `bins` bins from `low` with 1/width `inverse`:
/// 0 is the underflow bin, bins + 1 the overflow bin. Any double (NaN and
/// ±inf included) gives a slot in [0, bins + 1]: nothing can index outside.
int slot_of(double v, double low, double inverse, int bins);
/// slot[k] = slot_of(x[k], low, inverse, bins) for n finite values, vectorised.
void bin_all(const double* x, int* slot, Eigen::Index n, double low, double inverse, int bins);
/// bin_all, and the smallest and largest of the values, in one pass over
/// them. False if any value is ±inf or NaN (then neither is usable).
bool bin_finite(const double* x, int* slot, Eigen::Index n, double low, double inverse, int bins, double& lowest,
                double& highest);

class SlotKeeper;  // windows.hpp

/// std::allocator whose resize() leaves new elements unwritten (default-,
/// not value-initialised): a vector can make room, store whole vectors of
/// values into it and shrink to what it kept, touching no memory twice.
template <class T>
struct UninitializedAllocator : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitializedAllocator<U>;
  };
  UninitializedAllocator() = default;
  template <class U>
  UninitializedAllocator(const UninitializedAllocator<U>&) noexcept {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

/// The value range each statistic's histogram covers.
struct HistogramRanges {
  std::vector<double> low, inverse_width, width;
  int bins = 0;
  /// From pilot values (n x stats): the central 99.8% of the finite values,
  /// widened by a fifth on each side (a constant statistic gets a tiny range
  /// around its value). Values beyond the range still count, in an under- or
  /// overflow bin bounded by the exact minimum and maximum. The range and its
  /// width are finite numbers whatever the values (the width is computed from
  /// halves when the span would overflow).
  static HistogramRanges from_pilot(const Eigen::ArrayXXd& values, int bins);
};

/// What HistogramRanges::from_pilot reads of the pilot's values, gathered a
/// block at a time: per statistic, the count of finite values and the few
/// smallest and largest of them (a thousandth of the rows, and one more).
/// The pilot's values need not be stored: fresh memory costs (huge_pages.hpp).
class PilotTails {
 public:
  /// `rows`: how many rows add() will see in all.
  PilotTails(Eigen::Index stats, std::int64_t rows);
  /// Adds the rows of `values` (its columns `columns`, or all of them).
  void add(const Eigen::ArrayXXd& values);
  void add(const Eigen::ArrayXXd& values, const std::vector<Eigen::Index>& columns);
  /// Adds what `other` gathered (the same statistics and rows in all): the
  /// same as adding its rows here, in any order, so the pilot's blocks can
  /// be shared among threads.
  void merge(const PilotTails& other);
  /// The same ranges as HistogramRanges::from_pilot of every row added.
  HistogramRanges ranges(int bins) const;

 private:
  void add_column(std::size_t s, const double* x, Eigen::Index n);
  std::size_t keep_;
  std::vector<std::int64_t> finite_;
  std::vector<std::vector<double>> smallest_, largest_;  // ascending; descending
};

class StatAccumulator {
 public:
  StatAccumulator(const HistogramRanges& ranges, Eigen::Index stats);
  /// Adds one block: values is B x stats. Finite values go into the
  /// histogram, ±inf and NaN are counted apart. Returns how many of the
  /// block's values were not finite (±inf or NaN). With `keep`, the finite
  /// values in its windows are kept as well (their slots are found once),
  /// and the histogram of a statistic with windows is exact only in them
  /// (SlotKeeper::keep_counting).
  std::int64_t add(const Eigen::ArrayXXd& values, SlotKeeper* keep = nullptr);
  void merge(const StatAccumulator& other);
  /// The counts as bytes, and the merge of such bytes from an accumulator
  /// over the same ranges and statistics (another process's share of the
  /// paths): the same as merge().
  void write(ByteWriter& out);
  void merge(ByteReader& in);
  /// Adds the counts of statistic s, slot by slot (bins + 2: under, bins,
  /// over), to `into` (sized to fit); and its values at -inf and +inf.
  void add_slot_counts(Eigen::Index s, std::vector<std::int64_t>& into) const;
  std::int64_t negative_infinite(Eigen::Index s) const { return negative_infinite_[s]; }
  std::int64_t positive_infinite(Eigen::Index s) const { return positive_infinite_[s]; }
  /// The smallest and largest finite values of statistic s so far.
  double min_finite(Eigen::Index s) const { return min_[s]; }
  double max_finite(Eigen::Index s) const { return max_[s]; }
  std::int64_t count_in(Eigen::Index s, int slot) const { return count(s, slot); }
  const HistogramRanges& ranges() const { return *ranges_; }
  Eigen::Index stats() const { return stats_; }

 private:
  friend class QuantileSearch;
  const HistogramRanges* ranges_;
  Eigen::Index stats_;
  void flush();
  /// Sizes the tables below; add() does it first, so that each worker's
  /// first touch of its megabytes happens on its own thread, in parallel.
  void allocate();
  std::int64_t count(Eigen::Index s, int slot) const;
  // Per statistic: bins + 2 counts (under, bins..., over). Recent counts are
  // 16-bit so that every statistic's table fits the L2 cache together; they
  // move to the 64-bit totals before they could overflow.
  // Both in huge pages: a run's workers each have megabytes of them. Empty
  // (every count 0) until allocate().
  std::vector<std::uint16_t, HugePageAllocator<std::uint16_t>> recent_;
  std::int64_t recent_inserts_ = 0;
  std::vector<std::int64_t, HugePageAllocator<std::int64_t>> counts_;
  std::vector<std::int64_t> nan_, negative_infinite_, positive_infinite_;
  std::vector<double> min_, max_;  // of the finite values
  Eigen::ArrayXi indices_;         // bin of each value of the block, reused
};

/// Exact quantiles of every statistic of a merged StatAccumulator. Usage:
///   QuantileSearch search(totals);
///   while (!search.done()) {
///     replay every path: per worker a Collector c = search.collector(), c.add(block values);
///     merge the workers' collectors into one; search.resolve(merged);
///   }
///   search.quantiles(s);
/// Each replay either collects a bracket's values (then its quantiles are
/// exact) or narrows it with a sub-histogram; a bracket is narrowed at most a
/// few times (every level divides its range by kSubBins, and its minimum and
/// maximum never share a sub-bin).
class QuantileSearch {
 public:
  static constexpr int kSubBins = 256;
  /// At most this many values are collected in one replay, over all brackets.
  static constexpr std::int64_t kCollectBudget = std::int64_t{1} << 21;

  explicit QuantileSearch(const StatAccumulator& totals);
  bool done() const { return brackets_.empty(); }
  /// Number of replays so far.
  int replays() const { return replays_; }

  /// A nested value range: level 0 is a bin of the main histogram, level k a
  /// sub-bin of level k - 1's range.
  struct Level {
    double low = 0, inverse = 0;
    int bins = 0, slot = 0;
  };
  struct Bracket {
    Eigen::Index stat = 0;
    std::vector<Level> levels;
    std::int64_t count = 0;                           // values inside
    std::vector<std::pair<std::int64_t, int>> ranks;  // (1-based rank inside, quantile index)
    bool collect = false;                             // else narrow by a sub-histogram
    double sub_low = 0, sub_inverse = 0;              // the sub-histogram, over the bracket's range
    bool resolved = false;                            // by resolve_bracket, until drop_resolved
  };

  class Collector {
   public:
    /// Values is B x stats, the same columns as the accumulator's.
    void add(const Eigen::ArrayXXd& values);
    void merge(const Collector& other);
    /// The values and sub-histograms as bytes, and the merge of such bytes
    /// from a collector of the same search (another process's replay).
    void write(ByteWriter& out) const;
    void merge(ByteReader& in);
    /// Adds values of statistic `stat` alone (a shard's kept values).
    void add(Eigen::Index stat, const double* values, Eigen::Index n);
    /// The same with scratch room of the caller's for the slots: threads may
    /// add to one collector at once, each its own statistics.
    void add(Eigen::Index stat, const double* values, Eigen::Index n, Eigen::ArrayXi& slots);

   private:
    friend class QuantileSearch;
    void add_column(std::size_t k, const double* values, Eigen::Index n, Eigen::ArrayXi& slots);  // k: index into stats_
    const std::vector<Bracket>* brackets_ = nullptr;
    std::vector<std::vector<Eigen::Index>> by_stat_;  // bracket indices of each statistic
    std::vector<Eigen::Index> stats_;                  // statistics with brackets
    std::vector<std::vector<double, UninitializedAllocator<double>>> values_;  // collected, per bracket
    // Per statistic with brackets: its brackets that collect the values of
    // a whole bin (slot, bracket), taken sixteen at a time; and the slots of
    // its other brackets, whose values are taken one by one.
    std::vector<std::vector<std::pair<int, std::size_t>>> whole_bins_;
    std::vector<std::vector<int>> other_slots_;
    std::vector<std::vector<std::int64_t>> counts_;    // sub-histogram, per bracket
    std::vector<std::vector<double>> min_, max_;
    Eigen::ArrayXi slots_;  // level-0 slot of each value of the block, reused
    std::vector<std::vector<std::uint8_t>> wanted_;  // per statistic with brackets: 1 for a bracketing level-0 slot
  };
  Collector collector() const;
  /// After a replay, with every worker's collector merged into `merged` (whose values it sorts).
  void resolve(Collector& merged);

  /// Values already at hand (kept windows) need no collector: the open
  /// brackets of statistic `stat` that collect a whole bin of the main
  /// histogram, as (slot, bracket index); resolve_bracket(index, values)
  /// with every finite value of that bin, in any order (it reorders them).
  /// Threads may resolve different statistics' brackets at once; then
  /// drop_resolved() once, which counts as a replay.
  std::vector<std::pair<int, std::size_t>> whole_bins(Eigen::Index stat) const;
  void resolve_bracket(std::size_t index, std::vector<double>& values);
  void drop_resolved();

  Quantiles quantiles(Eigen::Index s) const;
  /// The open brackets that are whole bins of the main histogram: (statistic, slot, values inside).
  struct OpenBin {
    Eigen::Index stat = 0;
    int slot = 0;
    std::int64_t count = 0;
  };
  std::vector<OpenBin> open_bins() const;

 private:
  std::vector<std::array<double, 7>> values_;  // per statistic
  std::vector<Quantiles> summary_;             // counts, min, max
  std::vector<Bracket> brackets_;
  int replays_ = 0;
  void add_bracket(Bracket b, double lo, double hi, std::int64_t& budget);
};

}  // namespace goalpath::sim::detail

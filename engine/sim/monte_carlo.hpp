// One Monte Carlo run in its steps, private to sim/. run_monte_carlo takes
// them in order on one process or on every process of a Cluster; a shard
// (shards.cpp) takes the first and keeps windows of values instead of the
// replays; a merge of shards takes the counts from their files and the
// replays from their windows. Every step is the same code in each case, so
// a merged result is the single process's to the last digit.
#pragma once

#include <algorithm>
#include <chrono>
#include <functional>
#include <optional>

#include "sim/accumulator.hpp"
#include "sim/windows.hpp"
#include "sim/bytes.hpp"
#include "sim/sim.hpp"

namespace goalpath::sim::detail {

class MonteCarloRun {
 public:
  /// Checks the options and the memory, runs the pilot (the first paths:
  /// every process runs it alike) and fixes each histogram's range.
  MonteCarloRun(const model::Model& model, const SimulationOptions& options);
  ~MonteCarloRun();

  std::int64_t blocks() const { return blocks_; }
  /// First pass over blocks [first, end): counts, verdicts, recorded rows,
  /// into each worker's tallies (and the windows' values, once open).
  /// Progress goes from `progress_from` to `progress_to` of the first pass.
  void count(std::int64_t first_block, std::int64_t end_block, double progress_from = 0, double progress_to = 1);
  /// Sums the workers' tallies into the run's totals: once, after the last count.
  void sum_workers();

  /// Windows (windows.hpp) chosen from the counts of the `counted` paths so
  /// far: later counts keep the values in them. False, and nothing kept,
  /// when they would take more memory than the run may use.
  bool open_windows(std::int64_t counted);
  /// Chooses the windows again from the counts of the `counted` paths so far,
  /// within the open ones (narrow_windows), and drops the kept values
  /// outside them.
  void narrow_windows(std::int64_t counted);
  /// Keeps the windows' values of blocks [first, end), counted before the
  /// windows opened: a replay of those blocks only.
  void keep_blocks(std::int64_t first_block, std::int64_t end_block);
  /// Exact quantiles, first step: the brackets the counts open.
  void start_quantiles();
  /// After start_quantiles: whether the kept values hold every value of
  /// each bin the exact quantiles open.
  bool windows_hold_brackets() const;
  /// Counts every path again, exactly, without windows: after windows that
  /// miss a bin the quantiles open (their counts place only the ranks
  /// inside them). Then start_quantiles again.
  void recount();
  /// Resolves the brackets that collect a whole bin from the kept values,
  /// in place: no collector, no fresh memory but a bin's worth per thread.
  void resolve_from_kept();
  /// Feeds the kept values to the collectors: what a replay would feed them.
  void replay_kept(QuantileSearch::Collector& indicators, QuantileSearch::Collector& targets) const;
  /// The counts of the blocks counted here, and the recorded rows among them.
  std::string counts_bytes(std::int64_t first_block, std::int64_t end_block);
  /// Replaces the counts with the sum of every part's counts_bytes, in order.
  void set_counts(const std::vector<std::string>& parts);

  /// Fills the collectors with every path's values once (a replay).
  using Replay = std::function<void(QuantileSearch::Collector& indicators, QuantileSearch::Collector& targets)>;
  /// Exact quantiles: replays until every bracket is resolved (after
  /// start_quantiles, which it calls if need be).
  void resolve_quantiles(const Replay& replay);
  /// A replay of blocks [first, end) into the collectors, on the worker threads.
  void replay_blocks(std::int64_t first_block, std::int64_t end_block, QuantileSearch::Collector& indicators,
                     QuantileSearch::Collector& targets);
  /// Evaluates blocks [first, end) and hands each block's indicator and own-target values to `use`.
  void for_each_value_block(std::int64_t first_block, std::int64_t end_block,
                            const std::function<void(const Eigen::ArrayXXd& indicators, const Eigen::ArrayXXd& targets, int worker)>& use);

  StatAccumulator& indicator_counts();
  StatAccumulator& target_counts();
  const QuantileSearch* indicator_search() const { return indicator_search_ ? &*indicator_search_ : nullptr; }
  const QuantileSearch* target_search() const { return target_search_ ? &*target_search_ : nullptr; }
  /// The outcome: counts, recorded rows, and (after resolve_quantiles) the quantiles.
  MonteCarloOutcome finish();

  const SimulationOptions& options() const { return options_; }
  /// The paths of blocks [first, end) (the last block may be short).
  std::int64_t paths_in(std::int64_t first_block, std::int64_t end_block) const {
    return std::min(end_block * block_size_, paths_) - first_block * block_size_;
  }

 private:
  struct Worker;
  /// Block `block` of paths through the model into w.block; returns its rows.
  Eigen::Index evaluate(std::int64_t block, Worker& w);
  /// Every worker's histograms into the first's.
  void merge_histograms();
  /// work(0) ... work(threads - 1), one on each worker thread, quietly
  /// (each part takes its share of the statistics, or worker `part`'s data).
  void on_worker_threads(const std::function<void(int part)>& work) const;
  /// choose_windows(parts, half_widths, paths, kWindowMaxShare, ...) on the worker threads.
  SlotWindows chosen_windows(const std::vector<const StatAccumulator*>& parts,
                             const std::array<double, kQuantilePercents.size()>& half_widths,
                             std::vector<std::int64_t>& expected, std::vector<bool>& crowded) const;
  /// A copy of the options whose progress maps [0, 1] onto [from, to].
  SimulationOptions stretched_progress(double from, double to) const;
  /// A copy of the options without progress: the first pass reports it;
  /// the pilot, replays and passes over the statistics are quicker to
  /// watch than to show.
  SimulationOptions quiet() const;
  const model::Model& model_;
  SimulationOptions options_;
  Evaluator evaluator_;
  std::chrono::steady_clock::time_point start_;
  std::int64_t paths_ = 0, block_size_ = 0, blocks_ = 0, record_rows_ = 0;
  Eigen::Index targets_ = 0, indicator_stats_ = 0;
  std::vector<Eigen::Index> shared_stat_, own_targets_;
  HistogramRanges indicator_ranges_, target_ranges_;
  std::vector<Worker> workers_;
  MonteCarloOutcome out_;
  std::optional<QuantileSearch> indicator_search_, target_search_;
};

}  // namespace goalpath::sim::detail

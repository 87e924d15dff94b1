// run_monte_carlo: the pilot, the first pass (counts), the replays (exact
// quantiles), on one process or spread over a Cluster.
#include "sim/monte_carlo.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "sim/blocks.hpp"
#include "sim/windows.hpp"

namespace goalpath::sim {
namespace detail {

struct MonteCarloRun::Worker {
  Workspace ws;
  BlockResult block;
  Eigen::ArrayXXd parameters, own_targets;
  StatAccumulator indicators, targets;
  std::vector<std::int64_t> met, finite, sign_flips;
  std::int64_t joint_met = 0, joint_finite = 0, nonfinite_paths = 0;
  Eigen::Array<bool, Eigen::Dynamic, 1> all_finite, all_met;
  Eigen::ArrayXd finite_sums;
  std::optional<SlotKeeper> kept_indicators, kept_targets;  // once the windows open

  Worker(const HistogramRanges& indicator_ranges, Eigen::Index indicator_stats, const HistogramRanges& target_ranges,
         Eigen::Index target_stats, Eigen::Index target_count)
      : indicators(indicator_ranges, indicator_stats),
        targets(target_ranges, target_stats),
        met(static_cast<std::size_t>(target_count), 0),
        finite(static_cast<std::size_t>(target_count), 0),
        sign_flips(static_cast<std::size_t>(indicator_stats), 0) {}
};

namespace {

void check_memory(const model::Model& model, const SimulationOptions& options) {
  if (options.max_memory_bytes <= 0) return;
  const std::int64_t need = monte_carlo_memory_bytes(model, options);
  if (need <= options.max_memory_bytes) return;
  // Paths kept value by value (tracking keeps every one) dominate when there are any.
  SimulationOptions unrecorded = options;
  unrecorded.record_paths = 0;
  const double kept = static_cast<double>(need - monte_carlo_memory_bytes(model, unrecorded));
  const std::string what =
      kept > 0.5 * static_cast<double>(need)
          ? format_bytes(kept) + " of it for the " + std::to_string(std::min(options.paths, options.record_paths)) +
                " paths kept value by value"
          : std::to_string(model.indicators.size()) + " indicators x " + std::to_string(model.year_count()) +
                " years of statistics on " + std::to_string(options.resolved_threads()) + " threads";
  throw ResourceLimit("this run needs about " + format_bytes(static_cast<double>(need)) + " of memory (" + what +
                      "), more than the " + format_bytes(static_cast<double>(options.max_memory_bytes)) + " available");
}

// Windows (windows.hpp): a run of at least kWindowMinBlocks blocks counts
// its head (window_checkpoints), opens windows window_standard_errors wide
// around each quantile's rank (4.5: a bin outside them, and a replay of
// every path, has a chance of about 1e-5 per quantile), counts the rest
// keeping the windows' values, narrowing them at each checkpoint, and
// replays only the head. The narrowing matters here: fresh memory costs
// (huge_pages.hpp), and for 2M paths and 9 indicators over 5 years the
// head's windows, kept to the end, would hold 25 MB; narrowed, the kept
// values peak near 10 MB and end as the bins that hold the quantiles. A
// statistic whose windows would hold more than kWindowMaxShare of its
// values keeps none, and all of them at most kWindowMaxBytes (or what the
// run's memory limit leaves): the kept values grow as the square root of
// the paths, and past that the replay is cheaper in memory.
constexpr std::int64_t kWindowMinBlocks = 64;
constexpr double kWindowMaxShare = 0.25;
constexpr double kWindowMaxBytes = 256e6;

void add_counts(std::vector<std::int64_t>& to, const std::vector<std::int64_t>& from) {
  if (from.size() != to.size()) throw std::runtime_error("a partial result counts another model's targets");
  for (std::size_t k = 0; k < to.size(); ++k) to[k] += from[k];
}

}  // namespace

MonteCarloRun::MonteCarloRun(const model::Model& model, const SimulationOptions& options)
    : model_(model), options_(options), evaluator_(model), start_(std::chrono::steady_clock::now()) {
  check(options);
  check_memory(model, options);
  paths_ = options.paths;
  block_size_ = options.block_size;
  blocks_ = (paths_ + block_size_ - 1) / block_size_;
  targets_ = static_cast<Eigen::Index>(model.targets.size());
  const int I = static_cast<int>(model.indicators.size());
  indicator_stats_ = static_cast<Eigen::Index>(I) * model.year_count();

  // A target that measures an indicator's level in one year has the very
  // values of that indicator-year statistic: it shares its histogram.
  shared_stat_.assign(static_cast<std::size_t>(targets_), -1);
  for (Eigen::Index t = 0; t < targets_; ++t) {
    const model::Target& target = model.targets[t];
    if (target.kind == scenario::TargetKind::level && !target.expr) {
      shared_stat_[t] = static_cast<Eigen::Index>(target.last_year - model.base_year) * I + target.indicator;
    } else {
      own_targets_.push_back(t);
    }
  }

  // Pilot: the first paths fix each histogram's range (the same paths
  // whatever the threads). Counts alone read no histogram (see
  // SimulationOptions::quantiles): no pilot, and small placeholder ranges.
  // Its blocks are shared among the worker threads, each in the memory its
  // worker will use (touching fresh memory is costly, huge_pages.hpp), and
  // keep only the tails the ranges need; the tails merge exactly.
  const std::int64_t pilot_rows = options.quantiles ? std::min(paths_, options.pilot_paths) : 1;
  const int threads = options.resolved_threads();
  struct Pilot {
    Workspace ws;
    BlockResult block;
    Eigen::ArrayXXd parameters;
    PilotTails indicators, targets;
  };
  std::vector<Pilot> pilots;
  pilots.reserve(static_cast<std::size_t>(threads));
  for (int k = 0; k < threads; ++k) {
    pilots.push_back(Pilot{{}, {}, {}, PilotTails(indicator_stats_, pilot_rows),
                           PilotTails(static_cast<Eigen::Index>(own_targets_.size()), pilot_rows)});
  }
  Pilot& pilot = pilots[0];
  if (options.quantiles) {
    for_each_block(0, (pilot_rows + block_size_ - 1) / block_size_, threads, quiet(), [&](std::int64_t block, int index) {
      Pilot& p = pilots[static_cast<std::size_t>(index)];
      const std::int64_t first = block * block_size_;
      const auto rows = static_cast<Eigen::Index>(std::min(block_size_, pilot_rows - first));
      evaluator_.draw_parameters(options.seed, first, rows, p.parameters);
      evaluator_.run(p.parameters, true, options.seed, first, p.block, p.ws);
      p.indicators.add(p.block.indicators);
      p.targets.add(p.block.targets, own_targets_);
    });
    for (std::size_t k = 1; k < pilots.size(); ++k) {
      pilot.indicators.merge(pilots[k].indicators);
      pilot.targets.merge(pilots[k].targets);
    }
  } else {
    pilot.indicators.add(Eigen::ArrayXXd::Zero(1, indicator_stats_));
    pilot.targets.add(Eigen::ArrayXXd::Zero(1, static_cast<Eigen::Index>(own_targets_.size())));
  }
  const int bins = options.quantiles ? options.histogram_bins : 16;
  indicator_ranges_ = pilot.indicators.ranges(bins);
  target_ranges_ = pilot.targets.ranges(bins);

  workers_.reserve(static_cast<std::size_t>(threads));
  for (int k = 0; k < threads; ++k) {
    workers_.emplace_back(indicator_ranges_, indicator_stats_, target_ranges_, static_cast<Eigen::Index>(own_targets_.size()),
                          targets_);
    Pilot& p = pilots[static_cast<std::size_t>(k)];
    workers_.back().ws = std::move(p.ws);
    workers_.back().block = std::move(p.block);
    workers_.back().parameters = std::move(p.parameters);
  }
  out_.paths = paths_;
  out_.target_met.assign(static_cast<std::size_t>(targets_), 0);
  out_.target_finite.assign(static_cast<std::size_t>(targets_), 0);
  out_.sign_flips.assign(static_cast<std::size_t>(indicator_stats_), 0);
  // Recorded paths: each block writes its own rows, so workers never share one.
  record_rows_ = std::min(paths_, options.record_paths);
  if (record_rows_ > 0) {
    RecordedPaths& recorded = out_.recorded;
    recorded.columns = options.record_columns;
    if (recorded.columns.empty()) {
      for (Eigen::Index c = 0; c < indicator_stats_; ++c) recorded.columns.push_back(c);
    }
    for (Eigen::Index c : recorded.columns) {
      if (c < 0 || c >= indicator_stats_) {
        throw std::invalid_argument("record_columns names column " + std::to_string(c) + " of " + std::to_string(indicator_stats_));
      }
    }
    recorded.indicators.resize(record_rows_, static_cast<Eigen::Index>(recorded.columns.size()));
    recorded.targets.resize(record_rows_, targets_);
    recorded.parameters.resize(record_rows_, static_cast<Eigen::Index>(model.parameters.size()));
  }
}

MonteCarloRun::~MonteCarloRun() = default;

Eigen::Index MonteCarloRun::evaluate(std::int64_t block, Worker& w) {
  const std::int64_t first = block * block_size_;
  const auto rows = static_cast<Eigen::Index>(std::min(block_size_, paths_ - first));
  // Path p's values are a pure function of (seed, p): a replay sees exactly
  // the values of the first pass.
  evaluator_.draw_parameters(options_.seed, first, rows, w.parameters);
  evaluator_.run(w.parameters, true, options_.seed, first, w.block, w.ws);
  w.own_targets = w.block.targets(Eigen::all, own_targets_);
  return rows;
}

StatAccumulator& MonteCarloRun::indicator_counts() { return workers_[0].indicators; }
StatAccumulator& MonteCarloRun::target_counts() { return workers_[0].targets; }

SimulationOptions MonteCarloRun::quiet() const {
  SimulationOptions quiet = options_;
  quiet.progress = nullptr;
  return quiet;
}

SimulationOptions MonteCarloRun::stretched_progress(double from, double to) const {
  SimulationOptions stretched = options_;
  if (options_.progress && (from != 0 || to != 1)) {
    stretched.progress = [progress = options_.progress, from, to](double f) { progress(from + f * (to - from)); };
  }
  return stretched;
}

void MonteCarloRun::count(std::int64_t first_block, std::int64_t end_block, double progress_from, double progress_to) {
  const std::int64_t B = block_size_;
  const Eigen::Index T = targets_, IY = indicator_stats_;
  RecordedPaths& recorded = out_.recorded;
  auto record = [&](std::int64_t first, Eigen::Index rows, const Worker& w) {
    if (first >= record_rows_) return;
    const Eigen::Index n = static_cast<Eigen::Index>(std::min<std::int64_t>(rows, record_rows_ - first));
    recorded.indicators.middleRows(first, n) = w.block.indicators(Eigen::seqN(0, n), recorded.columns);
    recorded.targets.middleRows(first, n) = w.block.targets.topRows(n);
    recorded.parameters.middleRows(first, n) = w.parameters.topRows(n);
  };
  const bool histograms = options_.quantiles;
  const SimulationOptions options = stretched_progress(progress_from, progress_to);
  // Blocks that are a share of the first pass project the time of all of it.
  const auto projected = static_cast<std::int64_t>(
      std::llround(static_cast<double>(end_block - first_block) / std::max(progress_to - progress_from, 1e-9)));
  for_each_block(first_block, end_block, static_cast<int>(workers_.size()), options, [&](std::int64_t block, int index) {
    Worker& w = workers_[static_cast<std::size_t>(index)];
    const std::int64_t first = block * B;
    const Eigen::Index rows = evaluate(block, w);
    record(first, rows, w);
    for (std::size_t s = 0; s < w.sign_flips.size(); ++s) w.sign_flips[s] += w.block.sign_flips[s];
    // Values that are not finite; counted into the histograms only when their quantiles are wanted.
    const std::int64_t nonfinite =
        histograms ? w.indicators.add(w.block.indicators, w.kept_indicators ? &*w.kept_indicators : nullptr) +
                         w.targets.add(w.own_targets, w.kept_targets ? &*w.kept_targets : nullptr)
                   : (w.block.indicators.size() - w.block.indicators.isFinite().count()) +
                         (w.own_targets.size() - w.own_targets.isFinite().count());
    // Per-path verdicts. Multiplying by the bound's sign turns <= into >=:
    // +inf meets an at-least bound and fails an at-most one, as any large
    // number would; a NaN meets nothing (and is left out of the count of
    // paths below).
    w.all_met.resize(rows);
    std::int64_t all_met = 0;
    Eigen::Index r = 0;
#if defined(__AVX512F__) && defined(__AVX512BW__) && defined(__AVX512VL__)
    // Eight paths at a time: whether a path meets a target is a coin toss,
    // which a branch per path mispredicts half the time.
    for (; r + 8 <= rows; r += 8) {
      __mmask8 all = 0xFF;
      for (Eigen::Index t = 0; t < T; ++t) {
        const model::Target& target = model_.targets[t];
        const double sign = target.at_least ? 1.0 : -1.0;
        const __m512d value = _mm512_mul_pd(_mm512_set1_pd(sign), _mm512_loadu_pd(&w.block.targets(r, t)));
        const __mmask8 met = _mm512_cmp_pd_mask(value, _mm512_set1_pd(sign * target.threshold), _CMP_GE_OQ);
        w.met[t] += __builtin_popcount(met);
        all &= met;
      }
      all_met += __builtin_popcount(all);
      _mm_storel_epi64(reinterpret_cast<__m128i*>(&w.all_met[r]), _mm_maskz_set1_epi8(all, 1));
    }
#endif
    for (; r < rows; ++r) {
      bool all = true;
      for (Eigen::Index t = 0; t < T; ++t) {
        const model::Target& target = model_.targets[t];
        const double sign = target.at_least ? 1.0 : -1.0;
        const bool met = sign * w.block.targets(r, t) >= sign * target.threshold;
        w.met[t] += met;
        all = all && met;
      }
      all_met += all;
      w.all_met[r] = all;
    }
    if (nonfinite == 0) {
      // Every value of the block is finite: no per-path checks needed.
      for (Eigen::Index t = 0; t < T; ++t) w.finite[t] += rows;
      w.joint_finite += rows;
      w.joint_met += all_met;
      return;
    }
    // A path whose target value is NaN counts in neither the met nor the
    // total of that target (nor of the joint probability); ±inf count in both.
    w.all_finite.setOnes(rows);
    for (Eigen::Index t = 0; t < T; ++t) {
      auto number = !w.block.targets.col(t).isNaN();
      w.finite[t] += number.count();
      w.all_finite = w.all_finite && number;
    }
    w.joint_finite += w.all_finite.count();
    w.joint_met += (w.all_finite && w.all_met).count();
    // value - value is 0 for a finite value and NaN otherwise: a path's sum
    // of them is finite only if every one of its values is.
    w.finite_sums.setZero(rows);
    for (Eigen::Index c = 0; c < IY; ++c) w.finite_sums += w.block.indicators.col(c) - w.block.indicators.col(c);
    for (Eigen::Index t = 0; t < T; ++t) w.finite_sums += w.block.targets.col(t) - w.block.targets.col(t);
    w.nonfinite_paths += rows - w.finite_sums.isFinite().count();
  }, projected);
}

void MonteCarloRun::sum_workers() {
  // Every worker's counts into the first (the merge adds integers: any order).
  merge_histograms();
  for (std::size_t k = 0; k < workers_.size(); ++k) {
    Worker& w = workers_[k];
    add_counts(out_.target_met, w.met);
    add_counts(out_.target_finite, w.finite);
    out_.joint_met += w.joint_met;
    out_.joint_finite += w.joint_finite;
    out_.nonfinite_paths += w.nonfinite_paths;
    add_counts(out_.sign_flips, w.sign_flips);
  }
}

std::string MonteCarloRun::counts_bytes(std::int64_t first_block, std::int64_t end_block) {
  ByteWriter mine;
  workers_[0].indicators.write(mine);
  workers_[0].targets.write(mine);
  mine.put(out_.target_met);
  mine.put(out_.target_finite);
  mine.put(out_.joint_met);
  mine.put(out_.joint_finite);
  mine.put(out_.nonfinite_paths);
  mine.put(out_.sign_flips);
  const RecordedPaths& recorded = out_.recorded;
  const std::int64_t first_row = std::min(first_block * block_size_, record_rows_);
  const std::int64_t end_row = std::min(end_block * block_size_, record_rows_);
  mine.put(first_row);
  mine.put(end_row);
  // Column by column: the rows of a column are contiguous (column-major).
  const auto rows = static_cast<std::size_t>(end_row - first_row);
  for (const Eigen::ArrayXXd* m : {&recorded.indicators, &recorded.targets, &recorded.parameters}) {
    for (Eigen::Index c = 0; c < m->cols() && rows > 0; ++c) mine.put_raw(&(*m)(first_row, c), rows);
  }
  return mine.take();
}

void MonteCarloRun::set_counts(const std::vector<std::string>& parts) {
  StatAccumulator indicators(indicator_ranges_, indicator_stats_);
  StatAccumulator targets(target_ranges_, static_cast<Eigen::Index>(own_targets_.size()));
  std::fill(out_.target_met.begin(), out_.target_met.end(), 0);
  std::fill(out_.target_finite.begin(), out_.target_finite.end(), 0);
  std::fill(out_.sign_flips.begin(), out_.sign_flips.end(), 0);
  out_.joint_met = out_.joint_finite = out_.nonfinite_paths = 0;
  RecordedPaths& recorded = out_.recorded;
  for (const std::string& bytes : parts) {
    ByteReader in(bytes);
    indicators.merge(in);
    targets.merge(in);
    add_counts(out_.target_met, in.get_vector<std::int64_t>());
    add_counts(out_.target_finite, in.get_vector<std::int64_t>());
    out_.joint_met += in.get<std::int64_t>();
    out_.joint_finite += in.get<std::int64_t>();
    out_.nonfinite_paths += in.get<std::int64_t>();
    add_counts(out_.sign_flips, in.get_vector<std::int64_t>());
    const auto first = in.get<std::int64_t>(), end = in.get<std::int64_t>();
    if (first < 0 || end > record_rows_ || first > end) throw std::runtime_error("a partial result has rows outside the recorded ones");
    const auto rows = static_cast<std::size_t>(end - first);
    for (Eigen::ArrayXXd* m : {&recorded.indicators, &recorded.targets, &recorded.parameters}) {
      for (Eigen::Index c = 0; c < m->cols() && rows > 0; ++c) in.get_raw(&(*m)(first, c), rows);
    }
    if (!in.done()) throw std::runtime_error("a partial result is longer than this run's");
  }
  workers_[0].indicators = std::move(indicators);
  workers_[0].targets = std::move(targets);
}

void MonteCarloRun::for_each_value_block(
    std::int64_t first_block, std::int64_t end_block,
    const std::function<void(const Eigen::ArrayXXd&, const Eigen::ArrayXXd&, int)>& use) {
  for_each_block(first_block, end_block, static_cast<int>(workers_.size()), quiet(), [&](std::int64_t block, int index) {
    Worker& w = workers_[static_cast<std::size_t>(index)];
    evaluate(block, w);
    use(w.block.indicators, w.own_targets, index);
  });
}

void MonteCarloRun::replay_blocks(std::int64_t first_block, std::int64_t end_block,
                                  QuantileSearch::Collector& indicators, QuantileSearch::Collector& targets) {
  const bool indicators_open = !indicator_search_->done(), targets_open = !target_search_->done();
  out_.replayed_paths += paths_in(first_block, end_block);
  std::vector<QuantileSearch::Collector> indicator_collectors, target_collectors;
  for (std::size_t k = 0; k < workers_.size(); ++k) {
    indicator_collectors.push_back(indicator_search_->collector());
    target_collectors.push_back(target_search_->collector());
  }
  for_each_value_block(first_block, end_block, [&](const Eigen::ArrayXXd& values, const Eigen::ArrayXXd& own, int index) {
    if (indicators_open) indicator_collectors[static_cast<std::size_t>(index)].add(values);
    if (targets_open) target_collectors[static_cast<std::size_t>(index)].add(own);
  });
  for (std::size_t k = 0; k < workers_.size(); ++k) {
    indicators.merge(indicator_collectors[k]);
    targets.merge(target_collectors[k]);
  }
}

bool MonteCarloRun::open_windows(std::int64_t counted) {
  std::vector<const StatAccumulator*> indicators, targets;  // the counts so far, every worker's
  for (const Worker& w : workers_) {
    indicators.push_back(&w.indicators);
    targets.push_back(&w.targets);
  }
  const auto widths = window_widths(counted, paths_, options_.window_standard_errors);
  std::vector<std::int64_t> expected[2];
  std::vector<bool> crowded[2];
  auto indicator_windows = std::make_shared<const SlotWindows>(chosen_windows(indicators, widths, expected[0], crowded[0]));
  auto target_windows = std::make_shared<const SlotWindows>(chosen_windows(targets, widths, expected[1], crowded[1]));
  // A statistic of a few distinct values (a switch between scenarios, a
  // clamp) has windows too crowded to keep; unless it is one value, its
  // quantiles will need the replay, and keeping the others' would be wasted.
  for (const auto& c : crowded) {
    if (std::find(c.begin(), c.end(), true) != c.end()) return false;
  }
  // Room for the most the narrowing windows hold at once, not for what
  // these would keep to the end (a worker that needs more spills).
  const double peak = window_peak_share(window_checkpoints(blocks_, block_size_), blocks_);
  for (auto& e : expected) {
    for (std::int64_t& values : e) values = static_cast<std::int64_t>(std::ceil(peak * static_cast<double>(values)));
  }
  const int threads = static_cast<int>(workers_.size());
  const std::vector<std::int64_t> room[] = {keeper_room(expected[0], threads, block_size_),
                                            keeper_room(expected[1], threads, block_size_)};
  double bytes = 0;
  for (const auto& r : room) {
    for (std::int64_t values : r) bytes += 8.0 * static_cast<double>(values) * threads;
  }
  double limit = kWindowMaxBytes;
  if (options_.max_memory_bytes > 0) {
    limit = std::min(limit, static_cast<double>(options_.max_memory_bytes - monte_carlo_memory_bytes(model_, options_)));
  }
  if (bytes > limit) return false;
  for (Worker& w : workers_) {
    w.kept_indicators.emplace(indicator_ranges_, indicator_windows, room[0]);
    w.kept_targets.emplace(target_ranges_, target_windows, room[1]);
  }
  return true;
}

SlotWindows MonteCarloRun::chosen_windows(const std::vector<const StatAccumulator*>& parts,
                                          const std::array<double, kQuantilePercents.size()>& half_widths,
                                          std::vector<std::int64_t>& expected, std::vector<bool>& crowded) const {
  // choose_windows, the statistics shared among the worker threads: the
  // counts of every worker are read for each (megabytes in all).
  const Eigen::Index S = parts[0]->stats();
  SlotWindows windows(static_cast<std::size_t>(S));
  expected.assign(static_cast<std::size_t>(S), 0);
  std::vector<char> is_crowded(static_cast<std::size_t>(S), 0);  // not vector<bool>: threads write apart
  const auto threads = static_cast<int>(workers_.size());
  on_worker_threads([&](int part) {
    std::vector<std::int64_t> counts;
    for (Eigen::Index s = part; s < S; s += threads) {
      StatWindows chosen = choose_stat_windows(parts, s, half_widths, paths_, kWindowMaxShare, counts);
      const auto k = static_cast<std::size_t>(s);
      windows[k] = std::move(chosen.wanted);
      expected[k] = chosen.expected;
      is_crowded[k] = chosen.crowded;
    }
  });
  crowded.assign(is_crowded.begin(), is_crowded.end());
  return windows;
}

void MonteCarloRun::narrow_windows(std::int64_t counted) {
  if (!workers_[0].kept_indicators) return;
  std::vector<const StatAccumulator*> indicators, targets;
  for (const Worker& w : workers_) {
    indicators.push_back(&w.indicators);
    targets.push_back(&w.targets);
  }
  const auto widths = window_widths(counted, paths_, options_.window_standard_errors);
  std::vector<std::int64_t> expected;
  std::vector<bool> crowded;
  auto indicator_windows = std::make_shared<const SlotWindows>(detail::narrow_windows(
      workers_[0].kept_indicators->windows(), chosen_windows(indicators, widths, expected, crowded)));
  auto target_windows = std::make_shared<const SlotWindows>(
      detail::narrow_windows(workers_[0].kept_targets->windows(), chosen_windows(targets, widths, expected, crowded)));
  on_worker_threads([&](int k) {
    Worker& w = workers_[static_cast<std::size_t>(k)];
    w.kept_indicators->narrow(indicator_windows);
    w.kept_targets->narrow(target_windows);
  });
}

void MonteCarloRun::keep_blocks(std::int64_t first_block, std::int64_t end_block) {
  out_.replayed_paths += paths_in(first_block, end_block);
  for_each_value_block(first_block, end_block, [&](const Eigen::ArrayXXd& values, const Eigen::ArrayXXd& own, int index) {
    Worker& w = workers_[static_cast<std::size_t>(index)];
    w.kept_indicators->add(values);
    w.kept_targets->add(own);
  });
}

bool MonteCarloRun::windows_hold_brackets() const {
  const Worker& w = workers_[0];  // every worker's windows are the same
  if (!w.kept_indicators) return false;
  for (const auto& open : indicator_search_->open_bins()) {
    if (!w.kept_indicators->wants(open.stat, open.slot)) return false;
  }
  for (const auto& open : target_search_->open_bins()) {
    if (!w.kept_targets->wants(open.stat, open.slot)) return false;
  }
  return true;
}

void MonteCarloRun::replay_kept(QuantileSearch::Collector& indicators, QuantileSearch::Collector& targets) const {
  // Every worker's kept values of a statistic into the one collector, the
  // statistics shared among the threads: a statistic's brackets are its
  // own, so no value is copied twice and no collector merged.
  const auto threads = static_cast<int>(workers_.size());
  on_worker_threads([&](int part) {
    Eigen::ArrayXi slots;
    auto feed = [&](QuantileSearch::Collector& into, const std::optional<SlotKeeper> Worker::*kept) {
      const SlotKeeper& first = *(workers_[0].*kept);
      for (Eigen::Index s = part; s < first.stats(); s += threads) {
        for (const Worker& w : workers_) {
          (w.*kept)->for_each(s, [&](const double* values, Eigen::Index n) { into.add(s, values, n, slots); });
        }
      }
    };
    feed(indicators, &Worker::kept_indicators);
    feed(targets, &Worker::kept_targets);
  });
}

void MonteCarloRun::on_worker_threads(const std::function<void(int part)>& work) const {
  const auto threads = static_cast<int>(workers_.size());
  for_each_block(0, threads, threads, quiet(), [&](std::int64_t part, int) { work(static_cast<int>(part)); });
}

void MonteCarloRun::merge_histograms() {
  for (std::size_t k = 1; k < workers_.size(); ++k) {
    workers_[0].indicators.merge(workers_[k].indicators);
    workers_[0].targets.merge(workers_[k].targets);
  }
}

void MonteCarloRun::recount() {
  for (Worker& w : workers_) {
    w.indicators = StatAccumulator(indicator_ranges_, indicator_stats_);
    w.targets = StatAccumulator(target_ranges_, static_cast<Eigen::Index>(own_targets_.size()));
    w.kept_indicators.reset();
    w.kept_targets.reset();
  }
  out_.replayed_paths += paths_in(0, blocks_);
  for_each_value_block(0, blocks_, [&](const Eigen::ArrayXXd& values, const Eigen::ArrayXXd& own, int index) {
    Worker& w = workers_[static_cast<std::size_t>(index)];
    w.indicators.add(values);
    w.targets.add(own);
  });
  merge_histograms();
  start_quantiles();
}

void MonteCarloRun::start_quantiles() {
  indicator_search_.emplace(workers_[0].indicators);
  target_search_.emplace(workers_[0].targets);
}

void MonteCarloRun::resolve_from_kept() {
  const auto threads = static_cast<int>(workers_.size());
  // Statistics shared among the threads; each gathers a statistic's bins
  // from every worker's kept values at once (they are all finite).
  on_worker_threads([&](int part) {
    std::vector<std::vector<double>> bins_values;
    Eigen::ArrayXi slots;
    // The bracket of each slot (-1: none): one lookup per kept value, not a
    // comparison with every bracket, which the branch predictor cannot follow.
    std::vector<int> bracket_of;
    auto resolve = [&](QuantileSearch& search, const std::optional<SlotKeeper> Worker::*kept, const HistogramRanges& ranges) {
      const Eigen::Index S = (workers_[0].*kept)->stats();
      bracket_of.assign(static_cast<std::size_t>(ranges.bins) + 2, -1);
      for (Eigen::Index s = part; s < S; s += threads) {
        const std::vector<std::pair<int, std::size_t>> bins = search.whole_bins(s);
        if (bins.empty()) continue;
        bins_values.resize(std::max(bins_values.size(), bins.size()));
        for (auto& v : bins_values) v.clear();
        for (std::size_t j = 0; j < bins.size(); ++j) bracket_of[static_cast<std::size_t>(bins[j].first)] = static_cast<int>(j);
        for (const Worker& w : workers_) {
          (w.*kept)->for_each(s, [&](const double* values, Eigen::Index n) {
            slots.resize(n);
            bin_all(values, slots.data(), n, ranges.low[s], ranges.inverse_width[s], ranges.bins);
            for (Eigen::Index r = 0; r < n; ++r) {
              const int j = bracket_of[static_cast<std::size_t>(slots[r])];
              if (j >= 0) bins_values[static_cast<std::size_t>(j)].push_back(values[r]);
            }
          });
        }
        for (const auto& bin : bins) bracket_of[static_cast<std::size_t>(bin.first)] = -1;
        for (std::size_t j = 0; j < bins.size(); ++j) search.resolve_bracket(bins[j].second, bins_values[j]);
      }
    };
    resolve(*indicator_search_, &Worker::kept_indicators, indicator_ranges_);
    resolve(*target_search_, &Worker::kept_targets, target_ranges_);
  });
  indicator_search_->drop_resolved();
  target_search_->drop_resolved();
}

void MonteCarloRun::resolve_quantiles(const Replay& replay) {
  if (!indicator_search_) start_quantiles();
  while (!indicator_search_->done() || !target_search_->done()) {
    auto indicators = indicator_search_->collector();
    auto targets = target_search_->collector();
    replay(indicators, targets);
    if (!indicator_search_->done()) indicator_search_->resolve(indicators);
    if (!target_search_->done()) target_search_->resolve(targets);
  }
  out_.quantile_replays = std::max(indicator_search_->replays(), target_search_->replays());
}

MonteCarloOutcome MonteCarloRun::finish() {
  if (indicator_search_) {
    for (Eigen::Index t = 0, own = 0; t < targets_; ++t) {
      out_.targets.push_back(shared_stat_[t] >= 0 ? indicator_search_->quantiles(shared_stat_[t])
                                                  : target_search_->quantiles(own++));
    }
    for (Eigen::Index s = 0; s < indicator_stats_; ++s) out_.indicators.push_back(indicator_search_->quantiles(s));
  }
  out_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  return std::move(out_);
}

}  // namespace detail

MonteCarloOutcome run_monte_carlo(const model::Model& model, const SimulationOptions& options) {
  detail::MonteCarloRun run(model, options);
  // Named variables, not a structured binding: the replay's lambda below
  // captures them (C++20 as clang 14 reads it forbids capturing bindings).
  const std::pair<std::int64_t, std::int64_t> share = detail::own_blocks(run.blocks(), options);
  const std::int64_t first_block = share.first, end_block = share.second;
  // One process with exact quantiles keeps windows of values as it counts
  // (see kWindowMinBlocks): usually no replay of every path is needed.
  bool windows = false;
  if (options.quantiles && options.window_standard_errors > 0 && !detail::spread(options) &&
      run.blocks() >= detail::kWindowMinBlocks) {
    const std::vector<std::int64_t> checkpoints = detail::window_checkpoints(run.blocks(), options.block_size);
    const auto share = [&](std::int64_t block) { return static_cast<double>(block) / static_cast<double>(run.blocks()); };
    std::int64_t counted = 0;
    for (const std::int64_t checkpoint : checkpoints) {
      if (counted > 0 && !windows) {
        run.count(counted, run.blocks(), share(counted), 1);  // no windows: the rest at once
        break;
      }
      run.count(counted, checkpoint, share(counted), share(checkpoint));
      if (counted == 0) windows = run.open_windows(run.paths_in(0, checkpoint));
      else run.narrow_windows(run.paths_in(0, checkpoint));
      counted = checkpoint;
    }
    if (windows) run.keep_blocks(0, checkpoints[0]);
  } else {
    run.count(first_block, end_block);
  }
  run.sum_workers();
  if (detail::spread(options)) {
    // Every process's counts and recorded rows, merged in rank order: the
    // totals of all the paths, as one process would have counted them.
    run.set_counts(options.cluster->all_gather(run.counts_bytes(first_block, end_block)));
  }
  if (!options.quantiles) return run.finish();
  // Exact quantiles: replay the paths until every bracket is resolved
  // (usually once; never when the counts pin every quantile). Every process
  // holds the same merged counts, so the same brackets; each replays its own
  // blocks and all of them merge every process's values.
  run.start_quantiles();
  const bool from_windows = windows && run.windows_hold_brackets();
  if (from_windows) run.resolve_from_kept();
  if (windows && !from_windows) run.recount();  // counts exact only inside the windows
  run.resolve_quantiles([&](detail::QuantileSearch::Collector& indicators, detail::QuantileSearch::Collector& targets) {
    if (from_windows) return run.replay_kept(indicators, targets);
    run.replay_blocks(first_block, end_block, indicators, targets);
    if (!detail::spread(options)) return;
    detail::ByteWriter mine;
    indicators.write(mine);
    targets.write(mine);
    auto all_indicators = run.indicator_search()->collector(), all_targets = run.target_search()->collector();
    detail::exchange(options, mine.take(), [&](detail::ByteReader& in) {
      all_indicators.merge(in);
      all_targets.merge(in);
    });
    indicators = std::move(all_indicators);
    targets = std::move(all_targets);
  });
  return run.finish();
}

}  // namespace goalpath::sim

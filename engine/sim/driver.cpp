// Drivers: blocks of paths over worker threads, merged exactly.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "sim/accumulator.hpp"
#include "sim/bytes.hpp"
#include "sim/sim.hpp"

namespace goalpath::sim {
namespace {
// Beyond this the path counters and the int64 counts stay exact, but no
// machine finishes: 10^12 paths of a one-indicator model is days of CPU.
}  // namespace

std::string SimulationOptions::validate() const {
  if (paths < 1) return "paths is " + std::to_string(paths) + "; it must be >= 1";
  if (threads < 0) return "threads is " + std::to_string(threads) + "; it must be >= 0 (0 = every core)";
  if (threads > kMaxThreads) return "threads is " + std::to_string(threads) + "; it must be <= " + std::to_string(kMaxThreads);
  if (block_size < 1 || block_size > kMaxBlockSize) {
    return "block_size is " + std::to_string(block_size) + "; it must be in [1, " + std::to_string(kMaxBlockSize) + "]";
  }
  if (histogram_bins < 16 || histogram_bins > (1 << 22)) return "histogram_bins is " + std::to_string(histogram_bins) + "; it must be in [16, 4194304]";
  if (pilot_paths < 1) return "pilot_paths is " + std::to_string(pilot_paths) + "; it must be >= 1";
  if (paths > kMaxPaths) return "paths is " + std::to_string(paths) + "; it must be <= " + std::to_string(kMaxPaths);
  if (!(max_seconds >= 0)) return "max_seconds must be >= 0 (0: no limit)";
  if (record_paths < 0) return "record_paths is " + std::to_string(record_paths) + "; it must be >= 0";
  if (max_memory_bytes < 0) return "max_memory_bytes is " + std::to_string(max_memory_bytes) + "; it must be >= 0 (0: no limit)";
  return {};
}

int SimulationOptions::resolved_threads() const {
  if (threads > 0) return threads;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

namespace {

std::string format_duration(double seconds) {
  char text[64];
  if (seconds < 120) std::snprintf(text, sizeof text, "%.0f seconds", seconds);
  else if (seconds < 7200) std::snprintf(text, sizeof text, "%.0f minutes", seconds / 60);
  else if (seconds < 172800) std::snprintf(text, sizeof text, "%.1f hours", seconds / 3600);
  else std::snprintf(text, sizeof text, "%.1f days", seconds / 86400);
  return text;
}

std::string format_bytes(double bytes) {
  char text[64];
  if (bytes < 1e9) std::snprintf(text, sizeof text, "%.0f MB", bytes / 1e6);
  else std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
  return text;
}

void check(const SimulationOptions& options) {
  if (std::string problem = options.validate(); !problem.empty()) throw std::invalid_argument(problem);
}

/// Runs `work(block_index, worker_index)` for every block of [first_block,
/// end_block) on `threads` workers; reports progress from the calling
/// thread; rethrows the first failure; throws Cancelled when asked to stop.
template <class Work>
void for_each_block(std::int64_t first_block, std::int64_t end_block, int threads, const SimulationOptions& options,
                    Work&& work) {
  const std::int64_t blocks = end_block - first_block;
  std::atomic<std::int64_t> next{0}, done{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::atomic<bool> stop{false};
  const auto start = std::chrono::steady_clock::now();
  // After the first few blocks, the time they took projects the whole run.
  const std::int64_t probe_blocks = std::min<std::int64_t>(blocks, 4 * threads);
  auto check_projection = [&](std::int64_t finished) {
    if (options.max_seconds <= 0 || finished != probe_blocks || finished == blocks) return;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double projected = elapsed * static_cast<double>(blocks) / static_cast<double>(finished);
    if (projected > options.max_seconds) {
      throw ResourceLimit("this run would take about " + format_duration(projected) + " on " +
                          std::to_string(threads) + " thread" + (threads == 1 ? "" : "s") +
                          " (projected from its first " + std::to_string(finished) + " of " +
                          std::to_string(blocks) + " blocks), more than the limit of " +
                          format_duration(options.max_seconds));
    }
  };
  auto worker = [&](int index) {
    try {
      for (std::int64_t block; !stop && (block = next++) < blocks;) {
        if (options.cancel && options.cancel->load()) {
          stop = true;
          break;
        }
        work(first_block + block, index);
        check_projection(++done);
      }
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      stop = true;
    }
  };
  threads = static_cast<int>(std::clamp<std::int64_t>(blocks, 1, threads));
  std::vector<std::thread> pool;
  if (options.progress) {
    // Every worker is a thread of its own; this one only reports progress.
    for (int k = 0; k < threads; ++k) pool.emplace_back(worker, k);
    while (done < blocks && !stop) {
      options.progress(static_cast<double>(done) / static_cast<double>(blocks));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (options.cancel && options.cancel->load()) stop = true;
    }
  } else {
    for (int k = 1; k < threads; ++k) pool.emplace_back(worker, k);
    worker(0);
  }
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  if (options.cancel && options.cancel->load()) throw Cancelled();
  if (options.progress) options.progress(1.0);
}

/// Every process's bytes merged by `merge(reader)` in rank order; without a
/// cluster (or with one process) nothing to do.
template <class Merge>
void exchange(const SimulationOptions& options, const std::string& mine, Merge&& merge) {
  for (const std::string& bytes : options.cluster->all_gather(mine)) {
    detail::ByteReader in(bytes);
    merge(in);
    if (!in.done()) throw std::runtime_error("a process sent a partial result longer than this run's");
  }
}

bool spread(const SimulationOptions& options) { return options.cluster && options.cluster->size() > 1; }

}  // namespace

std::pair<std::int64_t, std::int64_t> share_of(std::int64_t blocks, int rank, int size) {
  if (size < 1 || rank < 0 || rank >= size) throw std::invalid_argument("share_of: rank " + std::to_string(rank) + " of " + std::to_string(size));
  // blocks * rank / size without overflow: blocks <= kMaxPaths < 2^40, size < 2^20.
  return {blocks * rank / size, blocks * (rank + 1) / size};
}

std::int64_t monte_carlo_memory_bytes(const model::Model& model, const SimulationOptions& options) {
  const double B = options.block_size, Y = model.year_count();
  const double I = static_cast<double>(model.indicators.size()), T = static_cast<double>(model.targets.size());
  const double P = static_cast<double>(model.parameters.size()), S = static_cast<double>(model.shocks.size());
  int registers = 1;
  for (const auto& indicator : model.indicators) {
    registers = std::max({registers, indicator.base_program.register_count(), indicator.rule_program.register_count()});
  }
  for (const auto& target : model.targets) {
    if (target.expr) registers = std::max(registers, target.expr->register_count());
  }
  // Doubles per path of one block: slots, expression registers, shocks and
  // their state, target series, indicator values, targets (twice), parameters.
  const double per_path = model.slots.count() + registers + 2 * S + T * Y + I * Y + 2 * T + P + 1;
  // Histograms: 16-bit recent counts and 64-bit totals per bin, per statistic.
  const double histograms = (I * Y + T) * (options.histogram_bins + 2.0) * (2 + 8);
  const double per_worker = per_path * B * 8 + histograms;
  const double pilot = static_cast<double>(std::min(options.paths, options.pilot_paths)) * (per_path + I * Y + T) * 8;
  // Exact quantiles: the values collected in a replay (capped, for the
  // indicators' and the targets' statistics) and each worker's
  // sub-histograms, at most one per quantile and statistic.
  const double stats = I * Y + T;
  const double replay = 2.0 * detail::QuantileSearch::kCollectBudget * 8 +
                        options.resolved_threads() * stats * detail::kQuantilePercents.size() *
                            (detail::QuantileSearch::kSubBins + 2.0) * 24;
  const double recorded_columns = options.record_columns.empty() ? I * Y : static_cast<double>(options.record_columns.size());
  const double recorded = static_cast<double>(std::min(options.paths, options.record_paths)) * (recorded_columns + T + P) * 8;
  const double total = per_worker * options.resolved_threads() + pilot + 2 * stats * (options.histogram_bins + 2.0) * 8 +
                       replay + recorded;
  return static_cast<std::int64_t>(std::min(total, 9e18));
}

DeterministicOutcome run_deterministic(const model::Model& model) {
  Evaluator evaluator(model);
  BlockResult block;
  Workspace ws;
  evaluator.run(central_parameters(model), false, 0, 0, block, ws);
  DeterministicOutcome out;
  out.sign_flips = block.sign_flips;
  const int Y = model.year_count(), I = static_cast<int>(model.indicators.size());
  out.indicators.resize(Y, I);
  for (int y = 0; y < Y; ++y) {
    for (int i = 0; i < I; ++i) out.indicators(y, i) = block.indicators(0, y * I + i);
  }
  const auto T = static_cast<Eigen::Index>(model.targets.size());
  out.target_series.resize(Y, T);
  for (Eigen::Index t = 0; t < T; ++t) {
    out.targets.push_back(block.targets(0, t));
    const model::Target& target = model.targets[t];
    for (int y = 0; y < Y; ++y) {
      out.target_series(y, t) = target.expr ? ws.target_series(0, t * Y + y) : out.indicators(y, target.indicator);
    }
  }
  return out;
}

MonteCarloOutcome run_monte_carlo(const model::Model& model, const SimulationOptions& options) {
  check(options);
  if (options.max_memory_bytes > 0) {
    const std::int64_t need = monte_carlo_memory_bytes(model, options);
    if (need > options.max_memory_bytes) {
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
                          "), more than the " + format_bytes(static_cast<double>(options.max_memory_bytes)) +
                          " available");
    }
  }
  auto start = std::chrono::steady_clock::now();
  Evaluator evaluator(model);
  const std::int64_t N = options.paths;
  const std::int64_t B = options.block_size;
  const auto T = static_cast<Eigen::Index>(model.targets.size());
  const Eigen::Index IY = static_cast<Eigen::Index>(model.indicators.size()) * model.year_count();

  // Pilot: the first paths fix each histogram's range (the same paths whatever the threads).
  BlockResult pilot;
  {
    Workspace ws;
    Eigen::ArrayXXd parameters;
    // Counts alone need no histogram resolution (see SimulationOptions::quantiles).
    const std::int64_t pilot_paths = options.quantiles ? options.pilot_paths : std::min<std::int64_t>(options.pilot_paths, 256);
    evaluator.draw_parameters(options.seed, 0, std::min(N, pilot_paths), parameters);
    evaluator.run(parameters, true, options.seed, 0, pilot, ws);
  }
  // A target that measures an indicator's level in one year has the very
  // values of that indicator-year statistic: it shares its histogram.
  const int I = static_cast<int>(model.indicators.size());
  std::vector<Eigen::Index> shared_stat(static_cast<std::size_t>(T), -1), own_targets;
  for (Eigen::Index t = 0; t < T; ++t) {
    const model::Target& target = model.targets[t];
    if (target.kind == scenario::TargetKind::level && !target.expr) {
      shared_stat[t] = static_cast<Eigen::Index>(target.last_year - model.base_year) * I + target.indicator;
    } else {
      own_targets.push_back(t);
    }
  }
  const auto OT = static_cast<Eigen::Index>(own_targets.size());
  const Eigen::ArrayXXd pilot_own_targets = pilot.targets(Eigen::all, own_targets);
  const int bins = options.quantiles ? options.histogram_bins : 16;
  auto indicator_ranges = detail::HistogramRanges::from_pilot(pilot.indicators, bins);
  auto target_ranges = detail::HistogramRanges::from_pilot(pilot_own_targets, bins);

  struct Worker {
    Workspace ws;
    BlockResult block;
    Eigen::ArrayXXd parameters, own_targets;
    detail::StatAccumulator indicators, targets;
    std::vector<std::int64_t> met, finite, sign_flips;
    std::int64_t joint_met = 0, joint_finite = 0, nonfinite_paths = 0;
    Eigen::Array<bool, Eigen::Dynamic, 1> all_finite, all_met;
    Eigen::ArrayXd finite_sums;

    Worker(const detail::HistogramRanges& indicator_ranges, Eigen::Index indicator_stats,
           const detail::HistogramRanges& target_ranges, Eigen::Index target_stats, Eigen::Index target_count)
        : indicators(indicator_ranges, indicator_stats),
          targets(target_ranges, target_stats),
          met(static_cast<std::size_t>(target_count), 0),
          finite(static_cast<std::size_t>(target_count), 0),
          sign_flips(static_cast<std::size_t>(indicator_stats), 0) {}
  };
  const int threads = options.resolved_threads();
  std::vector<Worker> workers;
  workers.reserve(threads);
  for (int k = 0; k < threads; ++k) workers.emplace_back(indicator_ranges, IY, target_ranges, OT, T);
  const std::int64_t blocks = (N + B - 1) / B;
  // This process's blocks (all of them without a cluster).
  const auto [first_block, end_block] =
      options.cluster ? share_of(blocks, options.cluster->rank(), options.cluster->size()) : std::pair{std::int64_t{0}, blocks};
  // Recorded paths: each block writes its own rows, so workers never share one.
  const std::int64_t record_rows = std::min(N, options.record_paths);
  sim::RecordedPaths recorded;
  if (record_rows > 0) {
    recorded.columns = options.record_columns;
    if (recorded.columns.empty()) {
      for (Eigen::Index c = 0; c < IY; ++c) recorded.columns.push_back(c);
    }
    for (Eigen::Index c : recorded.columns) {
      if (c < 0 || c >= IY) throw std::invalid_argument("record_columns names column " + std::to_string(c) + " of " + std::to_string(IY));
    }
    recorded.indicators.resize(record_rows, static_cast<Eigen::Index>(recorded.columns.size()));
    recorded.targets.resize(record_rows, T);
    recorded.parameters.resize(record_rows, static_cast<Eigen::Index>(model.parameters.size()));
  }
  auto record = [&](std::int64_t first, Eigen::Index rows, const Worker& w) {
    if (first >= record_rows) return;
    const Eigen::Index n = static_cast<Eigen::Index>(std::min<std::int64_t>(rows, record_rows - first));
    recorded.indicators.middleRows(first, n) = w.block.indicators(Eigen::seqN(0, n), recorded.columns);
    recorded.targets.middleRows(first, n) = w.block.targets.topRows(n);
    recorded.parameters.middleRows(first, n) = w.parameters.topRows(n);
  };
  // Path p's values are a pure function of (seed, p): the replays below see
  // exactly the values of the first pass.
  auto evaluate = [&](std::int64_t block, Worker& w) {
    const std::int64_t first = block * B;
    const Eigen::Index rows = static_cast<Eigen::Index>(std::min(B, N - first));
    evaluator.draw_parameters(options.seed, first, rows, w.parameters);
    evaluator.run(w.parameters, true, options.seed, first, w.block, w.ws);
    w.own_targets = w.block.targets(Eigen::all, own_targets);
    return rows;
  };
  for_each_block(first_block, end_block, threads, options, [&](std::int64_t block, int index) {
    Worker& w = workers[static_cast<std::size_t>(index)];
    const Eigen::Index rows = evaluate(block, w);
    record(block * B, rows, w);
    for (std::size_t s = 0; s < w.sign_flips.size(); ++s) w.sign_flips[s] += w.block.sign_flips[s];
    const std::int64_t nonfinite = w.indicators.add(w.block.indicators) + w.targets.add(w.own_targets);
    // Per-path verdicts, a column at a time (columns are contiguous).
    w.all_met.setOnes(rows);
    for (Eigen::Index t = 0; t < T; ++t) {
      auto value = w.block.targets.col(t);
      const model::Target& target = model.targets[t];
      // Multiplying by the bound's sign turns <= into >=: +inf meets an
      // at-least bound and fails an at-most one, as any large number would;
      // a NaN meets nothing (and is left out of the count of paths below).
      const double sign = target.at_least ? 1.0 : -1.0;
      auto met = sign * value >= sign * target.threshold;
      w.met[t] += met.count();
      w.all_met = w.all_met && met;
    }
    if (nonfinite == 0) {
      // Every value of the block is finite: no per-path checks needed.
      for (Eigen::Index t = 0; t < T; ++t) w.finite[t] += rows;
      w.joint_finite += rows;
      w.joint_met += w.all_met.count();
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
  });

  MonteCarloOutcome out;
  out.paths = N;
  out.recorded = std::move(recorded);
  out.target_met.assign(T, 0);
  out.target_finite.assign(T, 0);
  out.sign_flips.assign(static_cast<std::size_t>(IY), 0);
  for (std::size_t k = 1; k < workers.size(); ++k) {
    workers[0].indicators.merge(workers[k].indicators);
    workers[0].targets.merge(workers[k].targets);
  }
  for (const Worker& w : workers) {
    for (Eigen::Index t = 0; t < T; ++t) {
      out.target_met[t] += w.met[t];
      out.target_finite[t] += w.finite[t];
    }
    out.joint_met += w.joint_met;
    out.joint_finite += w.joint_finite;
    out.nonfinite_paths += w.nonfinite_paths;
    for (std::size_t s = 0; s < w.sign_flips.size(); ++s) out.sign_flips[s] += w.sign_flips[s];
  }
  if (spread(options)) {
    // Every process's counts and recorded rows, merged in rank order: the
    // totals of all the paths, as one process would have counted them.
    detail::ByteWriter mine;
    workers[0].indicators.write(mine);
    workers[0].targets.write(mine);
    mine.put(out.target_met);
    mine.put(out.target_finite);
    mine.put(out.joint_met);
    mine.put(out.joint_finite);
    mine.put(out.nonfinite_paths);
    mine.put(out.sign_flips);
    const std::int64_t first_row = std::min(first_block * B, record_rows), end_row = std::min(end_block * B, record_rows);
    mine.put(first_row);
    mine.put(end_row);
    for (std::int64_t r = first_row; r < end_row; ++r) {
      for (Eigen::Index c = 0; c < out.recorded.indicators.cols(); ++c) mine.put(out.recorded.indicators(r, c));
      for (Eigen::Index c = 0; c < out.recorded.targets.cols(); ++c) mine.put(out.recorded.targets(r, c));
      for (Eigen::Index c = 0; c < out.recorded.parameters.cols(); ++c) mine.put(out.recorded.parameters(r, c));
    }
    detail::StatAccumulator indicators(indicator_ranges, IY), targets(target_ranges, OT);
    MonteCarloOutcome total;
    total.target_met.assign(T, 0);
    total.target_finite.assign(T, 0);
    total.sign_flips.assign(static_cast<std::size_t>(IY), 0);
    auto add = [](std::vector<std::int64_t>& to, const std::vector<std::int64_t>& from) {
      if (from.size() != to.size()) throw std::runtime_error("a process sent counts of another model");
      for (std::size_t k = 0; k < to.size(); ++k) to[k] += from[k];
    };
    exchange(options, mine.take(), [&](detail::ByteReader& in) {
      indicators.merge(in);
      targets.merge(in);
      add(total.target_met, in.get_vector<std::int64_t>());
      add(total.target_finite, in.get_vector<std::int64_t>());
      total.joint_met += in.get<std::int64_t>();
      total.joint_finite += in.get<std::int64_t>();
      total.nonfinite_paths += in.get<std::int64_t>();
      add(total.sign_flips, in.get_vector<std::int64_t>());
      const auto first = in.get<std::int64_t>(), end = in.get<std::int64_t>();
      if (first < 0 || end > record_rows || first > end) throw std::runtime_error("a process sent rows outside the recorded ones");
      for (std::int64_t r = first; r < end; ++r) {
        for (Eigen::Index c = 0; c < out.recorded.indicators.cols(); ++c) out.recorded.indicators(r, c) = in.get<double>();
        for (Eigen::Index c = 0; c < out.recorded.targets.cols(); ++c) out.recorded.targets(r, c) = in.get<double>();
        for (Eigen::Index c = 0; c < out.recorded.parameters.cols(); ++c) out.recorded.parameters(r, c) = in.get<double>();
      }
    });
    workers[0].indicators = std::move(indicators);
    workers[0].targets = std::move(targets);
    out.target_met = std::move(total.target_met);
    out.target_finite = std::move(total.target_finite);
    out.joint_met = total.joint_met;
    out.joint_finite = total.joint_finite;
    out.nonfinite_paths = total.nonfinite_paths;
    out.sign_flips = std::move(total.sign_flips);
  }
  if (!options.quantiles) {
    out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return out;
  }
  // Exact quantiles: replay the paths until every bracket is resolved
  // (usually once; never when the counts pin every quantile).
  detail::QuantileSearch indicator_search(workers[0].indicators), target_search(workers[0].targets);
  SimulationOptions replay_options = options;
  replay_options.progress = nullptr;  // the first pass reported; a replay is quicker to watch than to show
  while (!indicator_search.done() || !target_search.done()) {
    std::vector<detail::QuantileSearch::Collector> indicator_collectors, target_collectors;
    for (int k = 0; k < threads; ++k) {
      indicator_collectors.push_back(indicator_search.collector());
      target_collectors.push_back(target_search.collector());
    }
    const bool indicators_open = !indicator_search.done(), targets_open = !target_search.done();
    for_each_block(first_block, end_block, threads, replay_options, [&](std::int64_t block, int index) {
      Worker& w = workers[static_cast<std::size_t>(index)];
      evaluate(block, w);
      if (indicators_open) indicator_collectors[static_cast<std::size_t>(index)].add(w.block.indicators);
      if (targets_open) target_collectors[static_cast<std::size_t>(index)].add(w.own_targets);
    });
    for (int k = 1; k < threads; ++k) {
      indicator_collectors[0].merge(indicator_collectors[static_cast<std::size_t>(k)]);
      target_collectors[0].merge(target_collectors[static_cast<std::size_t>(k)]);
    }
    if (spread(options)) {
      // Every process's values inside the brackets (the searches are the
      // same on every process: they started from the same merged counts).
      detail::ByteWriter mine;
      indicator_collectors[0].write(mine);
      target_collectors[0].write(mine);
      auto indicators = indicator_search.collector(), targets = target_search.collector();
      exchange(options, mine.take(), [&](detail::ByteReader& in) {
        indicators.merge(in);
        targets.merge(in);
      });
      indicator_collectors[0] = std::move(indicators);
      target_collectors[0] = std::move(targets);
    }
    if (indicators_open) indicator_search.resolve(indicator_collectors[0]);
    if (targets_open) target_search.resolve(target_collectors[0]);
  }
  out.quantile_replays = std::max(indicator_search.replays(), target_search.replays());
  for (Eigen::Index t = 0, own = 0; t < T; ++t) {
    out.targets.push_back(shared_stat[t] >= 0 ? indicator_search.quantiles(shared_stat[t])
                                              : target_search.quantiles(own++));
  }
  for (Eigen::Index s = 0; s < IY; ++s) out.indicators.push_back(indicator_search.quantiles(s));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
}

Eigen::Index RecordedPaths::find(Eigen::Index column) const {
  const auto at = std::find(columns.begin(), columns.end(), column);
  return at == columns.end() ? -1 : static_cast<Eigen::Index>(at - columns.begin());
}

Eigen::ArrayXXd evaluate_points(const model::Model& model, const Eigen::ArrayXXd& parameters, bool draw_shocks,
                                const SimulationOptions& options) {
  check(options);
  Evaluator evaluator(model);
  const std::int64_t n = parameters.rows();
  const std::int64_t B = options.block_size;
  Eigen::ArrayXXd out(n, static_cast<Eigen::Index>(model.targets.size()));
  if (n == 0) return out;
  const int threads = options.resolved_threads();
  std::vector<Workspace> spaces(static_cast<std::size_t>(threads));
  std::vector<BlockResult> results(static_cast<std::size_t>(threads));
  const std::int64_t blocks = (n + B - 1) / B;
  const auto [first_block, end_block] =
      options.cluster ? share_of(blocks, options.cluster->rank(), options.cluster->size()) : std::pair{std::int64_t{0}, blocks};
  for_each_block(first_block, end_block, threads, options, [&](std::int64_t block, int index) {
    const std::int64_t first = block * B;
    const Eigen::Index rows = static_cast<Eigen::Index>(std::min(B, n - first));
    Eigen::ArrayXXd rows_in = parameters.middleRows(first, rows);
    evaluator.run(rows_in, draw_shocks, options.seed, first, results[index], spaces[index]);
    out.middleRows(first, rows) = results[index].targets;
  });
  if (spread(options)) {
    // Every process's rows, placed by row number.
    detail::ByteWriter mine;
    const std::int64_t first_row = std::min(first_block * B, n), end_row = std::min(end_block * B, n);
    mine.put(first_row);
    mine.put(end_row);
    for (std::int64_t r = first_row; r < end_row; ++r) {
      for (Eigen::Index c = 0; c < out.cols(); ++c) mine.put(out(r, c));
    }
    exchange(options, mine.take(), [&](detail::ByteReader& in) {
      const auto first = in.get<std::int64_t>(), end = in.get<std::int64_t>();
      if (first < 0 || end > n || first > end) throw std::runtime_error("a process sent rows outside this study's");
      for (std::int64_t r = first; r < end; ++r) {
        for (Eigen::Index c = 0; c < out.cols(); ++c) out(r, c) = in.get<double>();
      }
    });
  }
  return out;
}

}  // namespace goalpath::sim

// Drivers: blocks of paths over worker threads, merged exactly.
#include <chrono>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "sim/accumulator.hpp"
#include "sim/sim.hpp"

namespace goalpath::sim {

std::string SimulationOptions::validate() const {
  if (paths < 1) return "paths is " + std::to_string(paths) + "; it must be >= 1";
  if (threads < 0) return "threads is " + std::to_string(threads) + "; it must be >= 0 (0 = every core)";
  if (threads > 1024) return "threads is " + std::to_string(threads) + "; it must be <= 1024";
  if (block_size < 1 || block_size > 65535) return "block_size is " + std::to_string(block_size) + "; it must be in [1, 65535]";
  if (histogram_bins < 16 || histogram_bins > (1 << 22)) return "histogram_bins is " + std::to_string(histogram_bins) + "; it must be in [16, 4194304]";
  if (pilot_paths < 1) return "pilot_paths is " + std::to_string(pilot_paths) + "; it must be >= 1";
  return {};
}

int SimulationOptions::resolved_threads() const {
  if (threads > 0) return threads;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}

namespace {

void check(const SimulationOptions& options) {
  if (std::string problem = options.validate(); !problem.empty()) throw std::invalid_argument(problem);
}

/// Runs `work(block_index, worker_index)` for every block on `threads`
/// workers; reports progress from the calling thread; rethrows the first
/// failure; throws Cancelled when asked to stop.
template <class Work>
void for_each_block(std::int64_t blocks, int threads, const SimulationOptions& options, Work&& work) {
  std::atomic<std::int64_t> next{0}, done{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  std::atomic<bool> stop{false};
  auto worker = [&](int index) {
    try {
      for (std::int64_t block; !stop && (block = next++) < blocks;) {
        if (options.cancel && options.cancel->load()) {
          stop = true;
          break;
        }
        work(block, index);
        ++done;
      }
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      stop = true;
    }
  };
  threads = static_cast<int>(std::min<std::int64_t>(threads, blocks));
  std::vector<std::thread> pool;
  for (int k = 1; k < threads; ++k) pool.emplace_back(worker, k);
  if (options.progress && threads > 1) {
    while (done < blocks && !stop) {
      options.progress(static_cast<double>(done) / static_cast<double>(blocks));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
      if (options.cancel && options.cancel->load()) stop = true;
    }
    worker(0);
  } else {
    worker(0);
  }
  for (auto& t : pool) t.join();
  if (failure) std::rethrow_exception(failure);
  if (options.cancel && options.cancel->load()) throw Cancelled();
  if (options.progress) options.progress(1.0);
}

}  // namespace

DeterministicOutcome run_deterministic(const model::Model& model) {
  Evaluator evaluator(model);
  BlockResult block;
  Workspace ws;
  evaluator.run(central_parameters(model), false, 0, 0, block, ws);
  DeterministicOutcome out;
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
    evaluator.draw_parameters(options.seed, 0, std::min(N, options.pilot_paths), parameters);
    evaluator.run(parameters, true, options.seed, 0, pilot, ws);
  }
  auto indicator_ranges = detail::HistogramRanges::from_pilot(pilot.indicators, options.histogram_bins);
  auto target_ranges = detail::HistogramRanges::from_pilot(pilot.targets, options.histogram_bins);

  struct Worker {
    Workspace ws;
    BlockResult block;
    Eigen::ArrayXXd parameters;
    detail::StatAccumulator indicators, targets;
    std::vector<std::int64_t> met, finite;
    std::int64_t joint_met = 0, joint_finite = 0, nonfinite_paths = 0;
    Eigen::Array<bool, Eigen::Dynamic, 1> all_finite, all_met;
    Eigen::ArrayXd row_sums;
  };
  const int threads = options.resolved_threads();
  std::vector<Worker> workers;
  workers.reserve(threads);
  for (int k = 0; k < threads; ++k) {
    workers.push_back(Worker{{}, {}, {}, detail::StatAccumulator(indicator_ranges, IY),
                             detail::StatAccumulator(target_ranges, T), std::vector<std::int64_t>(T, 0),
                             std::vector<std::int64_t>(T, 0)});
  }
  const std::int64_t blocks = (N + B - 1) / B;
  for_each_block(blocks, threads, options, [&](std::int64_t block, int index) {
    Worker& w = workers[static_cast<std::size_t>(index)];
    const std::int64_t first = block * B;
    const Eigen::Index rows = static_cast<Eigen::Index>(std::min(B, N - first));
    evaluator.draw_parameters(options.seed, first, rows, w.parameters);
    evaluator.run(w.parameters, true, options.seed, first, w.block, w.ws);
    w.indicators.add(w.block.indicators);
    w.targets.add(w.block.targets);
    // Per-path verdicts, a column at a time (columns are contiguous).
    w.all_finite.setOnes(rows);
    w.all_met.setOnes(rows);
    for (Eigen::Index t = 0; t < T; ++t) {
      auto value = w.block.targets.col(t);
      const model::Target& target = model.targets[t];
      auto finite = value.isFinite();
      // Multiplying by the bound's sign turns <= into >=.
      const double sign = target.at_least ? 1.0 : -1.0;
      auto met = finite && (sign * value >= sign * target.threshold);
      w.finite[t] += finite.count();
      w.met[t] += met.count();
      w.all_finite = w.all_finite && finite;
      w.all_met = w.all_met && met;
    }
    w.joint_finite += w.all_finite.count();
    w.joint_met += (w.all_finite && w.all_met).count();
    // A sum over a path's indicator values is finite only if every value is
    // (overflow of finite values aside, which is worth a warning too).
    w.row_sums = w.block.indicators.rowwise().sum();
    w.nonfinite_paths += rows - (w.all_finite && w.row_sums.isFinite()).count();
  });

  MonteCarloOutcome out;
  out.paths = N;
  out.target_met.assign(T, 0);
  out.target_finite.assign(T, 0);
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
  }
  for (Eigen::Index t = 0; t < T; ++t) out.targets.push_back(workers[0].targets.quantiles(t));
  for (Eigen::Index s = 0; s < IY; ++s) out.indicators.push_back(workers[0].indicators.quantiles(s));
  out.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return out;
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
  for_each_block((n + B - 1) / B, threads, options, [&](std::int64_t block, int index) {
    const std::int64_t first = block * B;
    const Eigen::Index rows = static_cast<Eigen::Index>(std::min(B, n - first));
    Eigen::ArrayXXd rows_in = parameters.middleRows(first, rows);
    evaluator.run(rows_in, draw_shocks, options.seed, first, results[index], spaces[index]);
    out.middleRows(first, rows) = results[index].targets;
  });
  return out;
}

}  // namespace goalpath::sim

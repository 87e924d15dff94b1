// Drivers: blocks of paths over worker threads, merged exactly.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "sim/accumulator.hpp"
#include "sim/blocks.hpp"
#include "sim/sim.hpp"

namespace goalpath::sim {
using namespace detail;

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
  if (!(window_standard_errors >= 0) || !std::isfinite(window_standard_errors)) {
    return "window_standard_errors is " + std::to_string(window_standard_errors) + "; it must be a number >= 0 (0: no windows)";
  }
  if (record_paths < 0) return "record_paths is " + std::to_string(record_paths) + "; it must be >= 0";
  if (max_memory_bytes < 0) return "max_memory_bytes is " + std::to_string(max_memory_bytes) + "; it must be >= 0 (0: no limit)";
  return {};
}

int SimulationOptions::resolved_threads() const {
  if (threads > 0) return threads;
  unsigned cores = std::thread::hardware_concurrency();
  return cores == 0 ? 1 : static_cast<int>(cores);
}


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
    // Column by column: a column's rows are contiguous (column-major).
    for (Eigen::Index c = 0; c < out.cols() && end_row > first_row; ++c) {
      mine.put_raw(&out(first_row, c), static_cast<std::size_t>(end_row - first_row));
    }
    exchange(options, mine.take(), [&](detail::ByteReader& in) {
      const auto first = in.get<std::int64_t>(), end = in.get<std::int64_t>();
      if (first < 0 || end > n || first > end) throw std::runtime_error("a process sent rows outside this study's");
      for (Eigen::Index c = 0; c < out.cols() && end > first; ++c) in.get_raw(&out(first, c), static_cast<std::size_t>(end - first));
    });
  }
  return out;
}

}  // namespace goalpath::sim

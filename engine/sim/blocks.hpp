// Private to sim/: the drivers' shared pieces — blocks over worker threads,
// the exchange of partial results between processes (Cluster), and the
// words of a refusal.
#pragma once

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <exception>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "sim/bytes.hpp"
#include "sim/sim.hpp"

namespace goalpath::sim::detail {


inline std::string format_duration(double seconds) {
  char text[64];
  if (seconds < 120) std::snprintf(text, sizeof text, "%.0f seconds", seconds);
  else if (seconds < 7200) std::snprintf(text, sizeof text, "%.0f minutes", seconds / 60);
  else if (seconds < 172800) std::snprintf(text, sizeof text, "%.1f hours", seconds / 3600);
  else std::snprintf(text, sizeof text, "%.1f days", seconds / 86400);
  return text;
}

inline std::string format_bytes(double bytes) {
  char text[64];
  if (bytes < 1e9) std::snprintf(text, sizeof text, "%.0f MB", bytes / 1e6);
  else std::snprintf(text, sizeof text, "%.1f GB", bytes / 1e9);
  return text;
}

inline void check(const SimulationOptions& options) {
  if (std::string problem = options.validate(); !problem.empty()) throw std::invalid_argument(problem);
}

/// Runs `work(block_index, worker_index)` for every block of [first_block,
/// end_block) on `threads` workers; reports progress from the calling
/// thread; rethrows the first failure; throws Cancelled when asked to stop.
/// The time limit (options.max_seconds) is checked against the time the
/// first blocks project for `projected_blocks` of them (0: these blocks;
/// more when they are the first share of a longer pass).
template <class Work>
void for_each_block(std::int64_t first_block, std::int64_t end_block, int threads, const SimulationOptions& options,
                    Work&& work, std::int64_t projected_blocks = 0) {
  const std::int64_t blocks = end_block - first_block;
  const std::int64_t projected_total = std::max(projected_blocks, blocks);
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
    const double projected = elapsed * static_cast<double>(projected_total) / static_cast<double>(finished);
    if (projected > options.max_seconds) {
      throw ResourceLimit("this run would take about " + format_duration(projected) + " on " +
                          std::to_string(threads) + " thread" + (threads == 1 ? "" : "s") +
                          " (projected from its first " + std::to_string(finished) + " of " +
                          std::to_string(projected_total) + " blocks), more than the limit of " +
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
    ByteReader in(bytes);
    merge(in);
    if (!in.done()) throw std::runtime_error("a process sent a partial result longer than this run's");
  }
}

inline bool spread(const SimulationOptions& options) { return options.processes() > 1; }


/// This process's blocks of `blocks`: all of them without a cluster.
inline std::pair<std::int64_t, std::int64_t> own_blocks(std::int64_t blocks, const SimulationOptions& options) {
  return options.cluster ? share_of(blocks, options.cluster->rank(), options.cluster->size())
                         : std::pair{std::int64_t{0}, blocks};
}

}  // namespace goalpath::sim::detail

// Shards: one Monte Carlo run split over processes that never talk (the
// array jobs of a cluster without MPI), merged afterwards to the very
// outcome of one process.
//
// Counts merge exactly (integers). The exact quantiles need, for each
// statistic and quantile, every value of the one histogram bin where the
// merged run's order statistic falls, and no shard knows that bin alone. A
// shard keeps the values of the bins around its own estimate instead: the
// bins whose ranks lie within w of each quantile's rank, w a fraction of its
// paths. By the Dvoretzky-Kiefer-Wolfowitz inequality a shard's empirical
// distribution and the merged one each lie within e = sqrt(ln(2/d) / 2n)
// of the true one except with chance d; w = 2e therefore holds the merged
// bin except with chance 2d. The merge checks that the kept values of every
// bracketing bin add up to its merged count, so a miss is an error naming
// the statistic, never a wrong quantile.
#include <algorithm>
#include <array>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sim/blocks.hpp"
#include "sim/monte_carlo.hpp"
#include "sim/windows.hpp"

namespace goalpath::sim {
namespace {

constexpr std::uint32_t kShardMagic = 0x64726873;  // "shrd"
constexpr std::uint32_t kShardVersion = 1;
constexpr double kMissChance = 1e-9;  // d above, per statistic and shard

/// Per statistic of one accumulator: the slots kept and their values.
struct Kept {
  std::vector<std::vector<std::int32_t>> slots;        // per statistic, ascending
  std::vector<std::vector<std::int64_t>> slot_counts;  // values kept in each of those slots
  std::vector<std::vector<double>> values;             // per statistic, ascending
};

void write(detail::ByteWriter& out, const Kept& kept) {
  out.put(static_cast<std::uint64_t>(kept.slots.size()));
  for (std::size_t s = 0; s < kept.slots.size(); ++s) {
    out.put(kept.slots[s]);
    out.put(kept.slot_counts[s]);
    out.put(kept.values[s]);
  }
}

Kept read_kept(detail::ByteReader& in, Eigen::Index stats) {
  Kept kept;
  if (in.get<std::uint64_t>() != static_cast<std::uint64_t>(stats)) throw std::runtime_error("a shard holds another model's statistics");
  for (Eigen::Index s = 0; s < stats; ++s) {
    kept.slots.push_back(in.get_vector<std::int32_t>());
    kept.slot_counts.push_back(in.get_vector<std::int64_t>());
    kept.values.push_back(in.get_vector<double>());
    if (kept.slots.back().size() != kept.slot_counts.back().size()) throw std::runtime_error("a shard is corrupt");
  }
  return kept;
}

struct Header {
  std::int32_t index = 0, count = 0;
  std::int64_t paths = 0, block_size = 0, record_paths = 0, pilot_paths = 0;
  std::uint64_t seed = 0;
  std::int32_t quantiles = 0, bins = 0;
  bool operator==(const Header&) const = default;
};

Header header_of(const SimulationOptions& options, int index, int count) {
  Header h;
  h.index = index;
  h.count = count;
  h.paths = options.paths;
  h.block_size = options.block_size;
  h.record_paths = options.record_paths;
  h.pilot_paths = options.pilot_paths;
  h.seed = options.seed;
  h.quantiles = options.quantiles ? 1 : 0;
  h.bins = options.histogram_bins;
  return h;
}

}  // namespace

std::string run_monte_carlo_shard(const model::Model& model, const SimulationOptions& options, int index, int count,
                                  double window) {
  if (options.cluster) throw std::invalid_argument("a shard runs alone: options.cluster must be null");
  if (count < 1 || index < 0 || index >= count) {
    throw std::invalid_argument("shard " + std::to_string(index) + " of " + std::to_string(count) + ": want 0 <= index < count");
  }
  detail::MonteCarloRun run(model, options);
  const auto [first_block, end_block] = share_of(run.blocks(), index, count);
  run.count(first_block, end_block);
  run.sum_workers();
  detail::ByteWriter out;
  out.put(kShardMagic);
  out.put(kShardVersion);
  out.put(header_of(options, index, count));
  const std::string counts = run.counts_bytes(first_block, end_block);
  out.put(std::vector<char>(counts.begin(), counts.end()));
  if (!options.quantiles) return out.take();

  // The windows: ranks within w of each quantile's, w = 2 sqrt(ln(2/d) / 2n).
  const std::int64_t shard_paths =
      std::max<std::int64_t>(1, std::min(end_block * options.block_size, options.paths) - first_block * options.block_size);
  const double half_width =
      window > 0 ? window : 2 * std::sqrt(std::log(2 / kMissChance) / (2.0 * static_cast<double>(shard_paths)));
  std::array<double, detail::kQuantilePercents.size()> widths;
  widths.fill(half_width);
  detail::StatAccumulator* accumulators[] = {&run.indicator_counts(), &run.target_counts()};
  const int threads = options.resolved_threads();
  std::shared_ptr<const detail::SlotWindows> windows[2];
  std::vector<std::int64_t> room[2];
  Kept kept[2];
  for (int a = 0; a < 2; ++a) {
    // Every window is kept, however much of a statistic it holds: a shard has no replay to fall back on.
    std::vector<std::int64_t> expected;
    windows[a] = std::make_shared<const detail::SlotWindows>(
        detail::choose_windows({accumulators[a]}, widths, shard_paths, 1.0, expected));
    room[a] = detail::keeper_room(expected, threads, options.block_size);
    const Eigen::Index stats = accumulators[a]->stats();
    kept[a].slots.resize(static_cast<std::size_t>(stats));
    kept[a].slot_counts.resize(static_cast<std::size_t>(stats));
    kept[a].values.resize(static_cast<std::size_t>(stats));
    for (Eigen::Index s = 0; s < stats; ++s) {
      const auto& wanted = (*windows[a])[static_cast<std::size_t>(s)];
      for (std::size_t slot = 0; slot < wanted.size(); ++slot) {
        if (!wanted[slot]) continue;
        kept[a].slots[s].push_back(static_cast<std::int32_t>(slot));
        kept[a].slot_counts[s].push_back(accumulators[a]->count_in(s, static_cast<int>(slot)));
      }
    }
  }
  // One replay of this shard's blocks keeps the windows' values (per worker,
  // then sorted: the file does not depend on threads).
  std::vector<detail::SlotKeeper> keepers;
  for (int w = 0; w < threads; ++w) {
    for (int a = 0; a < 2; ++a) keepers.emplace_back(accumulators[a]->ranges(), windows[a], room[a]);
  }
  run.for_each_value_block(first_block, end_block, [&](const Eigen::ArrayXXd& indicators, const Eigen::ArrayXXd& targets, int worker) {
    keepers[static_cast<std::size_t>(worker) * 2].add(indicators);
    keepers[static_cast<std::size_t>(worker) * 2 + 1].add(targets);
  });
  for (int a = 0; a < 2; ++a) {
    for (std::size_t s = 0; s < kept[a].values.size(); ++s) {
      std::vector<double>& values = kept[a].values[s];
      for (int w = 0; w < threads; ++w) {
        keepers[static_cast<std::size_t>(w) * 2 + static_cast<std::size_t>(a)].for_each(
            static_cast<Eigen::Index>(s), [&](const double* v, Eigen::Index n) { values.insert(values.end(), v, v + n); });
      }
      std::sort(values.begin(), values.end());
    }
    write(out, kept[a]);
  }
  return out.take();
}

MonteCarloOutcome merge_monte_carlo_shards(const model::Model& model, const SimulationOptions& options,
                                           const std::vector<std::string>& shards) {
  if (options.cluster) throw std::invalid_argument("a merge runs alone: options.cluster must be null");
  if (shards.empty()) throw std::runtime_error("no shard to merge");
  detail::MonteCarloRun run(model, options);
  const auto count = static_cast<std::int32_t>(shards.size());
  std::vector<std::string> counts(shards.size());
  std::vector<std::array<Kept, 2>> kept(shards.size());
  std::vector<bool> seen(shards.size(), false);
  const Eigen::Index stats[] = {run.indicator_counts().stats(), run.target_counts().stats()};
  for (const std::string& bytes : shards) {
    detail::ByteReader in(bytes);
    if (in.get<std::uint32_t>() != kShardMagic || in.get<std::uint32_t>() != kShardVersion) {
      throw std::runtime_error("not a shard of this version of goalpath");
    }
    const Header h = in.get<Header>();
    if (h.count != count) {
      throw std::runtime_error("a shard is one of " + std::to_string(h.count) + ", but " + std::to_string(count) +
                               " shards were given: merge every shard of the run, each once");
    }
    if (h.index < 0 || h.index >= count || seen[static_cast<std::size_t>(h.index)]) {
      throw std::runtime_error("shard " + std::to_string(h.index) + " of " + std::to_string(count) +
                               " is given twice (or is out of range): merge every shard of the run, each once");
    }
    if (!(h == header_of(options, h.index, count))) {
      throw std::runtime_error("shard " + std::to_string(h.index) + " was run with other settings (paths, seed, block size "
                               "or what it records) than the others");
    }
    seen[static_cast<std::size_t>(h.index)] = true;
    const auto part = in.get_vector<char>();
    counts[static_cast<std::size_t>(h.index)] = std::string(part.begin(), part.end());
    if (options.quantiles) {
      for (int a = 0; a < 2; ++a) kept[static_cast<std::size_t>(h.index)][a] = read_kept(in, stats[a]);
    }
    if (!in.done()) throw std::runtime_error("shard " + std::to_string(h.index) + " is longer than a shard of this run");
  }
  run.set_counts(counts);
  if (!options.quantiles) return run.finish();
  run.resolve_quantiles([&](detail::QuantileSearch::Collector& indicators, detail::QuantileSearch::Collector& targets) {
    const detail::QuantileSearch* searches[] = {run.indicator_search(), run.target_search()};
    detail::QuantileSearch::Collector* collectors[] = {&indicators, &targets};
    for (int a = 0; a < 2; ++a) {
      // Every value of a bracketing bin must be among the shards' kept ones.
      for (const auto& open : searches[a]->open_bins()) {
        std::int64_t found = 0;
        for (const auto& part : kept) {
          const auto& slots = part[a].slots[static_cast<std::size_t>(open.stat)];
          const auto at = std::lower_bound(slots.begin(), slots.end(), open.slot);
          if (at != slots.end() && *at == open.slot) found += part[a].slot_counts[static_cast<std::size_t>(open.stat)][at - slots.begin()];
        }
        if (found != open.count) {
          throw std::runtime_error("a quantile of " + std::string(a == 0 ? "indicator-year statistic " : "target statistic ") +
                                   std::to_string(open.stat) + " falls where the shards kept " + std::to_string(found) +
                                   " of its " + std::to_string(open.count) + " values (a chance below one in 10^8): "
                                   "run the shards again as fewer, larger shards, or with mpirun");
        }
      }
      for (const auto& part : kept) {
        for (Eigen::Index s = 0; s < stats[a]; ++s) {
          const auto& values = part[a].values[static_cast<std::size_t>(s)];
          collectors[a]->add(s, values.data(), static_cast<Eigen::Index>(values.size()));
        }
      }
    }
  });
  return run.finish();
}

}  // namespace goalpath::sim

// Signposts (analysis/signposts.hpp): one sort, then one linear scan for the
// point estimate and one per bootstrap replicate, all in the same order.
#include "analysis/signposts.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

namespace goalpath::analysis {

namespace {

/// splitmix64's finaliser (Steele, Lea & Flood 2014): a bijection of 64-bit
/// words whose output bits each depend on every input bit. Chained over
/// (seed, path id, replicate) it gives the bootstrap's random words.
inline std::uint64_t mix64(std::uint64_t z) {
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

constexpr std::uint64_t kGolden = 0x9E3779B97F4A7C15ull;  // splitmix64's increment

/// Poisson(1) by inverse CDF on a 64-bit uniform word u: the draw is the
/// number of thresholds T[j] = floor(P(N <= j) · 2^64) with u >= T[j].
/// 2^-64 resolution is far below any probability that matters here; the
/// table stops at 20 (P(N > 20) ~ 2e-20, below the resolution).
struct PoissonOneTable {
  static constexpr int kSize = 20;
  std::array<std::uint64_t, kSize> threshold{};
  PoissonOneTable() {
    long double term = std::exp(-1.0L);  // P(N = 0)
    long double cdf = 0;
    for (int j = 0; j < kSize; ++j) {
      cdf += term;
      term /= static_cast<long double>(j + 1);
      const long double scaled = cdf * 0x1p64L;
      threshold[j] = scaled >= 0x1p64L ? std::numeric_limits<std::uint64_t>::max() : static_cast<std::uint64_t>(scaled);
    }
  }
  /// Branch-free for N <= 3 (98% of draws; the rest take the loop), since a
  /// branch per path would mispredict about half the time.
  int draw(std::uint64_t u) const {
    int n = static_cast<int>(u >= threshold[0]) + static_cast<int>(u >= threshold[1]) +
            static_cast<int>(u >= threshold[2]) + static_cast<int>(u >= threshold[3]);
    if (n == 4) [[unlikely]] {
      while (n < kSize && u >= threshold[n]) ++n;
    }
    return n;
  }
};

const PoissonOneTable& poisson_one() {
  static const PoissonOneTable table;
  return table;
}

/// Levels one call handles: a fixed array in the scan keeps a replicate free
/// of allocation (the header documents the limit).
constexpr std::size_t kMaxLevels = 16;

/// The paths in scan order (value descending), as flat arrays.
struct Sorted {
  std::vector<double> value;
  std::vector<double> weight;           // w
  std::vector<double> met_weight;       // w if met, else 0
  std::vector<std::uint64_t> key;       // mix64 of (seed, path id): replicate r adds (r + 1)·kGolden and mixes again
  std::vector<std::uint8_t> group_end;  // 1 on the last path of a tie group
};

/// Per level: the value at the end of the last passing group, and whether
/// the scan still passes.
struct ScanState {
  std::array<double, kMaxLevels> answer{};
  std::array<bool, kMaxLevels> found{};
  std::array<bool, kMaxLevels> never_failed{};  // every eligible prefix passed: the whole sample keeps p
};

/// The scan of the header's estimator with multiplied weights m_k · w_k,
/// where multiplier(k) gives m_k. Returns, per level, whether a value exists
/// (found) and the value (answer).
template <class Multiplier>
void scan(const Sorted& s, std::span<const double> probabilities, double minimum_paths, Multiplier multiplier,
          ScanState& out) {
  const std::size_t levels = probabilities.size();
  std::array<bool, kMaxLevels> alive{};
  for (std::size_t l = 0; l < levels; ++l) {
    alive[l] = true;
    out.found[l] = false;
    out.answer[l] = 0;
  }
  std::size_t n_alive = levels;
  double c = 0;        // weight of the prefix
  double m = 0;        // met weight of the prefix
  double s2 = 0;       // sum of squared weights of the prefix
  double group_c = 0;  // weight of the current tie group
  const std::size_t n = s.value.size();
  for (std::size_t k = 0; k < n; ++k) {
    const double mult = multiplier(k);
    const double w = mult * s.weight[k];
    c += w;
    m += mult * s.met_weight[k];
    s2 += w * w;
    group_c += w;
    if (!s.group_end[k]) continue;
    // A group that weighs nothing (weight 0, or every multiplier 0) is not
    // in this sample: it must neither pass nor fail, or a weightless path
    // would move the answer to its value.
    if (group_c <= 0) continue;
    group_c = 0;
    // Effective count c^2 / s2 >= minimum_paths, without the division.
    if (c * c < minimum_paths * s2) continue;
    for (std::size_t l = 0; l < levels; ++l) {
      if (!alive[l]) continue;
      if (m >= probabilities[l] * c) {
        out.found[l] = true;
        out.answer[l] = s.value[k];
      } else {
        alive[l] = false;
        --n_alive;
      }
    }
    if (n_alive == 0) break;
  }
  for (std::size_t l = 0; l < levels; ++l) out.never_failed[l] = alive[l] && out.found[l];
}

}  // namespace

std::vector<SignpostLevel> signpost_levels(std::span<const double> values, std::span<const std::uint8_t> met,
                                           std::span<const double> weights, std::span<const std::int64_t> path_ids,
                                           const SignpostOptions& options) {
  const std::size_t n_in = values.size();
  if (met.size() != n_in || (!weights.empty() && weights.size() != n_in) ||
      (!path_ids.empty() && path_ids.size() != n_in))
    throw std::invalid_argument("signpost_levels: values, met, weights and path_ids differ in length");
  if (options.probabilities.size() > kMaxLevels)
    throw std::invalid_argument("signpost_levels: at most 16 probabilities");
  for (const double p : options.probabilities)
    if (!(p > 0 && p <= 1)) throw std::invalid_argument("signpost_levels: a probability outside (0, 1]");
  if (!(options.minimum_paths >= 0) || !std::isfinite(options.minimum_paths))
    throw std::invalid_argument("signpost_levels: minimum_paths must be finite and >= 0");
  if (options.bootstrap_replicates < 0)
    throw std::invalid_argument("signpost_levels: bootstrap_replicates must be >= 0");

  // Rows kept: value not NaN, weight > 0 (a zero weight is the same as no
  // path, so it is dropped here; the scan also skips weightless groups).
  struct Row {
    double value;
    std::int64_t id;
    double weight;
    std::uint8_t met;
  };
  std::vector<Row> rows;
  rows.reserve(n_in);
  for (std::size_t k = 0; k < n_in; ++k) {
    const double w = weights.empty() ? 1.0 : weights[k];
    if (!(w >= 0) || !std::isfinite(w))
      throw std::invalid_argument("signpost_levels: weight " + std::to_string(k) + " is negative or not finite");
    if (std::isnan(values[k]) || w == 0) continue;
    rows.push_back({values[k], path_ids.empty() ? static_cast<std::int64_t>(k) : path_ids[k], w,
                    static_cast<std::uint8_t>(met[k] != 0)});
  }
  // A total order on the rows, so the sums of a scan are added in the same
  // order whatever the order of the input: value descending, then path id,
  // met and weight (rows equal in all four are interchangeable).
  std::sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    if (a.value != b.value) return a.value > b.value;
    if (a.id != b.id) return a.id < b.id;
    if (a.met != b.met) return a.met < b.met;
    return a.weight < b.weight;
  });

  const std::size_t n = rows.size();
  Sorted s;
  s.value.resize(n);
  s.weight.resize(n);
  s.met_weight.resize(n);
  s.key.resize(n);
  s.group_end.resize(n);
  const std::uint64_t seed_key = mix64(options.seed + kGolden);
  for (std::size_t k = 0; k < n; ++k) {
    s.value[k] = rows[k].value;
    s.weight[k] = rows[k].weight;
    s.met_weight[k] = rows[k].met ? rows[k].weight : 0.0;
    s.key[k] = mix64(seed_key ^ mix64(static_cast<std::uint64_t>(rows[k].id) + kGolden));
    s.group_end[k] = static_cast<std::uint8_t>(k + 1 == n || rows[k + 1].value != rows[k].value);
  }
  rows.clear();
  rows.shrink_to_fit();

  const std::span<const double> probabilities(options.probabilities);
  const std::size_t levels = probabilities.size();
  ScanState point;
  scan(
      s, probabilities, options.minimum_paths, [](std::size_t) { return 1.0; }, point);

  // Bootstrap: replicate r multiplies path k's weight by a Poisson(1) draw
  // from mix64(key_k + (r + 1)·kGolden), a pure function of (seed, path id, r).
  // Only levels with a bar to clear are replicated: an absent level has no
  // value to be uncertain about, and an unconditional one would make every
  // replicate scan the whole sample for a value that is just its minimum.
  std::vector<double> wanted;
  std::vector<std::size_t> level_of;
  for (std::size_t l = 0; l < levels; ++l) {
    if (!point.found[l] || point.never_failed[l]) continue;
    wanted.push_back(probabilities[l]);
    level_of.push_back(l);
  }
  const int replicates = wanted.empty() ? 0 : options.bootstrap_replicates;
  const std::size_t W = wanted.size();
  std::vector<double> answers(static_cast<std::size_t>(replicates) * W);
  std::vector<std::uint8_t> present(answers.size());
  const PoissonOneTable& poisson = poisson_one();
  ScanState rep;
  for (int r = 0; r < replicates; ++r) {
    const std::uint64_t offset = static_cast<std::uint64_t>(r + 1) * kGolden;
    scan(
        s, wanted, options.minimum_paths,
        [&](std::size_t k) { return static_cast<double>(poisson.draw(mix64(s.key[k] + offset))); }, rep);
    for (std::size_t w = 0; w < W; ++w) {
      answers[static_cast<std::size_t>(r) * W + w] = rep.answer[w];
      present[static_cast<std::size_t>(r) * W + w] = rep.found[w];
    }
  }

  std::vector<SignpostLevel> out(levels);
  for (std::size_t l = 0; l < levels; ++l) {
    out[l].probability = probabilities[l];
    if (!point.found[l]) continue;  // absent: value_se stays 0
    out[l].value = point.answer[l];
    out[l].unconditional = point.never_failed[l];  // value_se stays 0: no bar to clear
  }
  for (std::size_t w = 0; w < W; ++w) {
    SignpostLevel& level = out[level_of[w]];
    int count = 0;
    double sum = 0;
    for (int r = 0; r < replicates; ++r) {
      const std::size_t i = static_cast<std::size_t>(r) * W + w;
      if (!present[i]) continue;
      ++count;
      sum += answers[i];
    }
    level.replicates_with_value = count;
    // Two passes (mean, then squares about it), in replicate order.
    if (count < 2 || 2 * count < replicates) {
      level.value_se = std::numeric_limits<double>::quiet_NaN();
      continue;
    }
    const double mean = sum / count;
    double squares = 0;
    for (int r = 0; r < replicates; ++r) {
      const std::size_t i = static_cast<std::size_t>(r) * W + w;
      if (present[i]) squares += (answers[i] - mean) * (answers[i] - mean);
    }
    level.value_se = std::sqrt(squares / (count - 1));
  }
  return out;
}

}  // namespace goalpath::analysis

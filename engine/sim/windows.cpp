#include "sim/windows.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace goalpath::sim::detail {

std::array<double, kQuantilePercents.size()> window_widths(std::int64_t counted, std::int64_t paths, double z) {
  std::array<double, kQuantilePercents.size()> widths{};
  // The counted paths are among the run's: their proportion below the run's
  // quantile varies as a binomial one whose later paths are fixed.
  const double spread = std::max(0.0, 1.0 / static_cast<double>(counted) - 1.0 / static_cast<double>(paths));
  for (std::size_t k = 0; k < widths.size(); ++k) {
    const double q = kQuantilePercents[k] / 100.0;
    widths[k] = z * std::sqrt(q * (1 - q) * spread);
  }
  return widths;
}

std::vector<std::int32_t> rank_windows(const std::vector<std::int64_t>& slot_counts, std::int64_t below, std::int64_t above,
                                       const std::array<double, kQuantilePercents.size()>& half_widths) {
  std::vector<std::int32_t> wanted(slot_counts.size(), 0);
  std::int64_t finite = 0;
  for (std::int64_t c : slot_counts) finite += c;
  const std::int64_t n = finite + below + above;
  if (finite == 0) return wanted;
  for (std::size_t q = 0; q < kQuantilePercents.size(); ++q) {
    const auto h = static_cast<std::int64_t>(std::ceil(half_widths[q] * static_cast<double>(n))) + 1;
    const std::int64_t k = std::max<std::int64_t>(1, (kQuantilePercents[q] * n + 99) / 100);  // as QuantileSearch ranks
    // Ranks [low, high] among the finite values (the -inf ones come first).
    const std::int64_t low = std::max<std::int64_t>(1, k - h - below), high = std::min(finite, k + h - below);
    // Every slot from the one holding rank `low` to the one holding rank
    // `high`, empty ones included: a larger run may have values there.
    std::int64_t before = 0;
    for (std::size_t slot = 0; slot < slot_counts.size() && before < high; ++slot) {
      before += slot_counts[slot];
      if (before >= low) wanted[slot] = 1;
    }
  }
  return wanted;
}

SlotWindows choose_windows(const std::vector<const StatAccumulator*>& parts,
                           const std::array<double, kQuantilePercents.size()>& half_widths, std::int64_t paths,
                           double max_share, std::vector<std::int64_t>& expected, std::vector<bool>* crowded) {
  if (parts.empty()) throw std::invalid_argument("choose_windows: no counts");
  const Eigen::Index S = parts[0]->stats();
  SlotWindows windows(static_cast<std::size_t>(S));
  expected.assign(static_cast<std::size_t>(S), 0);
  if (crowded) crowded->assign(static_cast<std::size_t>(S), false);
  std::vector<std::int64_t> counts;
  for (Eigen::Index s = 0; s < S; ++s) {
    counts.assign(counts.size(), 0);
    std::int64_t below = 0, above = 0;
    for (const StatAccumulator* part : parts) {
      part->add_slot_counts(s, counts);
      below += part->negative_infinite(s);
      above += part->positive_infinite(s);
    }
    std::vector<std::int32_t> wanted = rank_windows(counts, below, above, half_widths);
    std::int64_t total = 0, inside = 0;
    for (std::size_t slot = 0; slot < wanted.size(); ++slot) {
      total += counts[slot];
      if (wanted[slot]) inside += counts[slot];
    }
    if (total == 0 || inside == 0) continue;
    if (static_cast<double>(inside) > max_share * static_cast<double>(total)) {
      if (crowded) {
        double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
        for (const StatAccumulator* part : parts) {
          lowest = std::min(lowest, part->min_finite(s));
          highest = std::max(highest, part->max_finite(s));
        }
        (*crowded)[static_cast<std::size_t>(s)] = lowest != highest;
      }
      continue;
    }
    windows[static_cast<std::size_t>(s)] = std::move(wanted);
    expected[static_cast<std::size_t>(s)] =
        static_cast<std::int64_t>(std::ceil(static_cast<double>(inside) * static_cast<double>(paths) / static_cast<double>(total)));
  }
  return windows;
}

std::vector<std::int64_t> keeper_room(const std::vector<std::int64_t>& expected, int workers, std::int64_t block_size) {
  std::vector<std::int64_t> room;
  room.reserve(expected.size());
  for (std::int64_t e : expected) room.push_back(e == 0 ? 0 : e * 5 / 4 / workers + 2 * block_size);
  return room;
}

SlotKeeper::SlotKeeper(const HistogramRanges& ranges, std::shared_ptr<const SlotWindows> windows,
                       const std::vector<std::int64_t>& capacity)
    : ranges_(&ranges), windows_(std::move(windows)) {
  const std::size_t S = windows_->size();
  if (capacity.size() != S) throw std::invalid_argument("SlotKeeper: a capacity per statistic");
  begin_.assign(S, 0);
  size_.assign(S, 0);
  capacity_.assign(S, 0);
  overflow_.resize(S);
  runs_.resize(S);
  for (std::size_t s = 0; s < S; ++s) {
    const auto& want = (*windows_)[s];
    for (std::size_t slot = 0; slot < want.size(); ++slot) {
      if (!want[slot]) continue;
      if (!runs_[s].empty() && runs_[s].back().first + runs_[s].back().second == static_cast<int>(slot)) {
        ++runs_[s].back().second;
      } else {
        runs_[s].emplace_back(static_cast<int>(slot), 1);
      }
    }
  }
  std::size_t total = 0;
  for (std::size_t s = 0; s < S; ++s) {
    begin_[s] = total;
    capacity_[s] = (*windows_)[s].empty() ? 0 : static_cast<std::size_t>(std::max<std::int64_t>(capacity[s], 0));
    total += capacity_[s];
  }
  if (total > 0) buffer_ = std::unique_ptr<double[], HugePageRelease>(HugePageAllocator<double>().allocate(total), HugePageRelease{total});
}

void SlotKeeper::keep(Eigen::Index s, const double* values, const int* slots, Eigen::Index n) {
  const auto k = static_cast<std::size_t>(s);
  const std::vector<std::int32_t>& want = (*windows_)[k];
  if (want.empty()) return;
  // Room for every value and a full vector beyond: the loops below write
  // each value and advance past the kept ones only.
  if (capacity_[k] - size_[k] < static_cast<std::size_t>(n) + 8) {
    for (Eigen::Index r = 0; r < n; ++r) {
      if (!want[static_cast<std::size_t>(slots[r])]) continue;
      if (size_[k] < capacity_[k]) buffer_[begin_[k] + size_[k]++] = values[r];
      else overflow_[k].push_back(values[r]);
    }
    return;
  }
  double* out = buffer_.get() + begin_[k] + size_[k];
  double* const start = out;
  Eigen::Index r = 0;
#if defined(__AVX512F__)
  const std::vector<std::pair<int, int>>& runs = runs_[k];
  constexpr std::size_t kMaxRuns = 16;
  if (runs.size() <= kMaxRuns) {
    __m512i first[kMaxRuns], length[kMaxRuns];
    for (std::size_t j = 0; j < runs.size(); ++j) {
      first[j] = _mm512_set1_epi32(runs[j].first);
      length[j] = _mm512_set1_epi32(runs[j].second);
    }
    // slot - first < length, unsigned: inside the run. No branch on the
    // mask: whether a value is kept is a coin toss the predictor loses.
    for (; r + 16 <= n; r += 16) {
      const __m512i slot16 = _mm512_loadu_si512(slots + r);
      __mmask16 mask = 0;
      for (std::size_t j = 0; j < runs.size(); ++j) {
        mask |= _mm512_cmplt_epu32_mask(_mm512_sub_epi32(slot16, first[j]), length[j]);
      }
      const auto low = static_cast<__mmask8>(mask), high = static_cast<__mmask8>(mask >> 8);
      _mm512_storeu_pd(out, _mm512_maskz_compress_pd(low, _mm512_loadu_pd(values + r)));
      out += __builtin_popcount(low);
      _mm512_storeu_pd(out, _mm512_maskz_compress_pd(high, _mm512_loadu_pd(values + r + 8)));
      out += __builtin_popcount(high);
    }
  }
#endif
  for (; r < n; ++r) {
    *out = values[r];
    out += want[static_cast<std::size_t>(slots[r])];
  }
  size_[k] += static_cast<std::size_t>(out - start);
}

void SlotKeeper::keep_repeated(Eigen::Index s, double value, int slot, Eigen::Index n) {
  if (!wants(s, slot)) return;
  const auto k = static_cast<std::size_t>(s);
  for (Eigen::Index r = 0; r < n; ++r) {
    if (size_[k] < capacity_[k]) buffer_[begin_[k] + size_[k]++] = value;
    else overflow_[k].push_back(value);
  }
}

void SlotKeeper::add(const Eigen::ArrayXXd& values) {
  const Eigen::Index B = values.rows();
  slots_.resize(B);
  for (Eigen::Index s = 0; s < stats(); ++s) {
    if (!keeps(s)) continue;
    const auto x = values.col(s);
    const double low = ranges_->low[s], inverse = ranges_->inverse_width[s];
    if (std::isfinite(x.sum())) {
      bin_all(x.data(), slots_.data(), B, low, inverse, ranges_->bins);
      keep(s, x.data(), slots_.data(), B);
      continue;
    }
    // ±inf and NaN are counted apart, never in a slot.
    for (Eigen::Index r = 0; r < B; ++r) {
      const double v = x[r];
      if (!std::isfinite(v)) continue;
      const int slot = slot_of(v, low, inverse, ranges_->bins);
      keep(s, &v, &slot, 1);
    }
  }
}

}  // namespace goalpath::sim::detail

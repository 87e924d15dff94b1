#include "sim/windows.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>
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

std::vector<std::uint8_t> rank_windows(const std::vector<std::int64_t>& slot_counts, std::int64_t below, std::int64_t above,
                                       const std::array<double, kQuantilePercents.size()>& half_widths) {
  std::vector<std::uint8_t> wanted(slot_counts.size(), 0);
  // cumulative[slot]: the finite values in slots 0 .. slot.
  std::vector<std::int64_t> cumulative(slot_counts.size());
  std::int64_t finite = 0;
  for (std::size_t slot = 0; slot < slot_counts.size(); ++slot) cumulative[slot] = finite += slot_counts[slot];
  const std::int64_t n = finite + below + above;
  if (finite == 0) return wanted;
  for (std::size_t q = 0; q < kQuantilePercents.size(); ++q) {
    const auto h = static_cast<std::int64_t>(std::ceil(half_widths[q] * static_cast<double>(n))) + 1;
    const std::int64_t k = std::max<std::int64_t>(1, (kQuantilePercents[q] * n + 99) / 100);  // as QuantileSearch ranks
    // Ranks [low, high] among the finite values (the -inf ones come first).
    const std::int64_t low = std::max<std::int64_t>(1, k - h - below), high = std::min(finite, k + h - below);
    if (low > high) continue;
    // Every slot from the one holding rank `low` to the one holding rank
    // `high`, empty ones included: a larger run may have values there.
    const auto first = std::lower_bound(cumulative.begin(), cumulative.end(), low) - cumulative.begin();
    const auto last = std::lower_bound(cumulative.begin(), cumulative.end(), high) - cumulative.begin();
    std::fill(wanted.begin() + first, wanted.begin() + last + 1, 1);
  }
  return wanted;
}

StatWindows choose_stat_windows(const std::vector<const StatAccumulator*>& parts, Eigen::Index s,
                                const std::array<double, kQuantilePercents.size()>& half_widths, std::int64_t paths,
                                double max_share, std::vector<std::int64_t>& counts) {
  StatWindows out;
  counts.assign(counts.size(), 0);
  std::int64_t below = 0, above = 0;
  for (const StatAccumulator* part : parts) {
    part->add_slot_counts(s, counts);
    below += part->negative_infinite(s);
    above += part->positive_infinite(s);
  }
  std::vector<std::uint8_t> wanted = rank_windows(counts, below, above, half_widths);
  std::int64_t total = 0, inside = 0;
  for (std::size_t slot = 0; slot < wanted.size(); ++slot) {
    total += counts[slot];
    inside += wanted[slot] ? counts[slot] : 0;
  }
  if (total == 0 || inside == 0) return out;
  if (static_cast<double>(inside) > max_share * static_cast<double>(total)) {
    double lowest = std::numeric_limits<double>::infinity(), highest = -lowest;
    for (const StatAccumulator* part : parts) {
      lowest = std::min(lowest, part->min_finite(s));
      highest = std::max(highest, part->max_finite(s));
    }
    out.crowded = lowest != highest;
    return out;
  }
  out.wanted = std::move(wanted);
  out.expected =
      static_cast<std::int64_t>(std::ceil(static_cast<double>(inside) * static_cast<double>(paths) / static_cast<double>(total)));
  return out;
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
    StatWindows chosen = choose_stat_windows(parts, s, half_widths, paths, max_share, counts);
    const auto k = static_cast<std::size_t>(s);
    windows[k] = std::move(chosen.wanted);
    expected[k] = chosen.expected;
    if (crowded) (*crowded)[k] = chosen.crowded;
  }
  return windows;
}

std::vector<std::int64_t> window_checkpoints(std::int64_t blocks, std::int64_t block_size) {
  std::int64_t head = std::max<std::int64_t>(1, blocks / 8);
  if (head * block_size > kWindowHeadPaths) {
    head = std::max(blocks / 32, (kWindowHeadPaths + block_size - 1) / block_size);
  }
  std::vector<std::int64_t> checkpoints{std::min(head, blocks)};
  while (checkpoints.back() < blocks) {
    const std::int64_t c = checkpoints.back();
    checkpoints.push_back(std::min(blocks, 4 * c));
  }
  return checkpoints;
}

double window_peak_share(const std::vector<std::int64_t>& checkpoints, std::int64_t blocks) {
  if (checkpoints.empty() || blocks <= 0) return 1.0;
  const auto width = [&](std::int64_t counted) {
    return std::sqrt(static_cast<double>(blocks) / static_cast<double>(counted) - 1.0);
  };
  const double opened = width(checkpoints[0]);
  if (!(opened > 0)) return 1.0;
  double peak = 0;
  for (std::size_t i = 0; i + 1 < checkpoints.size(); ++i) {
    peak = std::max(peak, static_cast<double>(checkpoints[i + 1]) / static_cast<double>(blocks) *
                              width(checkpoints[i]) / opened);
  }
  return std::min(1.0, 2 * peak);
}

SlotWindows narrow_windows(const SlotWindows& current, SlotWindows fresh) {
  if (current.size() != fresh.size()) throw std::invalid_argument("narrow_windows: not the same statistics");
  for (std::size_t s = 0; s < fresh.size(); ++s) {
    if (current[s].empty()) {
      fresh[s].clear();
    } else if (fresh[s].empty()) {
      fresh[s] = current[s];
    } else {
      if (fresh[s].size() != current[s].size()) throw std::invalid_argument("narrow_windows: not the same slots");
      for (std::size_t slot = 0; slot < fresh[s].size(); ++slot) fresh[s][slot] &= current[s][slot];
    }
  }
  return fresh;
}

std::vector<std::int64_t> keeper_room(const std::vector<std::int64_t>& expected, int workers, std::int64_t block_size) {
  std::vector<std::int64_t> room;
  room.reserve(expected.size());
  for (std::int64_t e : expected) room.push_back(e == 0 ? 0 : e * 5 / 4 / workers + 2 * block_size);
  return room;
}

SlotKeeper::SlotKeeper(const HistogramRanges& ranges, std::shared_ptr<const SlotWindows> windows,
                       const std::vector<std::int64_t>& capacity)
    : ranges_(&ranges) {
  set_windows(std::move(windows));
  const std::size_t S = windows_->size();
  if (capacity.size() != S) throw std::invalid_argument("SlotKeeper: a capacity per statistic");
  kept_.resize(S);
  std::size_t values = 0, keeping = 0;
  for (std::size_t s = 0; s < S; ++s) {
    if ((*windows_)[s].empty()) continue;
    values += static_cast<std::size_t>(std::max<std::int64_t>(capacity[s], 0));
    ++keeping;
  }
  const std::size_t chunks = (values + kChunkValues - 1) / kChunkValues + keeping;
  if (chunks > std::numeric_limits<std::uint32_t>::max()) throw std::invalid_argument("SlotKeeper: too many values to keep");
  pool_chunks_ = static_cast<std::uint32_t>(chunks);
  if (chunks > 0) {
    const std::size_t n = chunks * kChunkValues;
    pool_ = std::unique_ptr<double[], HugePageRelease>(HugePageAllocator<double>().allocate(n), HugePageRelease{n});
  }
}

void SlotKeeper::set_windows(std::shared_ptr<const SlotWindows> windows) {
  windows_ = std::move(windows);
  const std::size_t S = windows_->size();
  runs_.assign(S, {});
  for (std::size_t s = 0; s < S; ++s) {
    // memchr skips the long stretches of zeros many bytes at a time.
    const std::uint8_t* want = (*windows_)[s].data();
    const std::size_t n = (*windows_)[s].size();
    for (std::size_t slot = 0; slot < n;) {
      const void* hit = std::memchr(want + slot, 1, n - slot);
      if (hit == nullptr) break;
      const auto first = static_cast<std::size_t>(static_cast<const std::uint8_t*>(hit) - want);
      std::size_t end = first;
      while (end < n && want[end]) ++end;
      runs_[s].emplace_back(static_cast<int>(first), static_cast<int>(end - first));
      slot = end;
    }
  }
}

double* SlotKeeper::room_for(Kept& kept, std::size_t room) {
  if (!kept.chunks.empty() && kChunkValues - kept.filled.back() >= room) return chunk(kept.chunks.back()) + kept.filled.back();
  std::uint32_t c = 0;
  if (!free_chunks_.empty()) {
    c = free_chunks_.back();  // used before: its memory is touched already
    free_chunks_.pop_back();
  } else if (fresh_chunk_ < pool_chunks_) {
    c = fresh_chunk_++;
  } else {
    return nullptr;
  }
  kept.chunks.push_back(c);
  kept.filled.push_back(0);
  return chunk(c);
}

void SlotKeeper::keep(Eigen::Index s, const double* values, const int* slots, Eigen::Index n) {
  const auto k = static_cast<std::size_t>(s);
  if ((*windows_)[k].empty()) return;
  for (Eigen::Index r = 0; r < n; r += static_cast<Eigen::Index>(kPieceValues)) {
    keep_piece(k, values + r, slots + r, static_cast<std::size_t>(std::min<Eigen::Index>(kPieceValues, n - r)));
  }
}

void SlotKeeper::keep_piece(std::size_t k, const double* values, const int* slots, std::size_t n) {
  const std::vector<std::uint8_t>& want = (*windows_)[k];
  Kept& kept = kept_[k];
  // Room for every value and two vectors beyond: the loops below write each
  // value and advance past the kept ones only.
  double* out = room_for(kept, n + 16);
  if (out == nullptr) {
    for (std::size_t r = 0; r < n; ++r) {
      if (want[static_cast<std::size_t>(slots[r])]) kept.spill.push_back(values[r]);
    }
    return;
  }
  double* const start = out;
  std::size_t r = 0;
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
  kept.filled.back() += static_cast<std::uint32_t>(out - start);
}

#if defined(__AVX512F__) && defined(__AVX512BW__)
template <int kRuns>
Eigen::Index SlotKeeper::keep_counting_runs(std::size_t k, const double* values, const int* slots, Eigen::Index n,
                                            std::uint16_t* count) {
  const std::vector<std::pair<int, int>>& runs = runs_[k];
  Kept& kept = kept_[k];
  // Thirty-two values at a time, their slots as 16-bit lanes (the caller
  // sees that they fit). Per run j, lanes counting the values below its
  // first slot and below its end: the gap before run j holds below_first[j]
  // - below_end[j - 1] of them. A lane counts at most n / 32 <= 2048.
  std::int16_t first[kRuns], end[kRuns];
  __m512i below_first[kRuns], below_end[kRuns];
  for (int j = 0; j < kRuns; ++j) {
    first[j] = static_cast<std::int16_t>(runs[static_cast<std::size_t>(j)].first);
    end[j] = static_cast<std::int16_t>(runs[static_cast<std::size_t>(j)].first + runs[static_cast<std::size_t>(j)].second);
    below_first[j] = below_end[j] = _mm512_setzero_si512();
  }
  const __m512i one = _mm512_set1_epi16(1);
  alignas(64) std::int32_t kept_slots[kPieceValues + 32];
  Eigen::Index r = 0;
  while (r + 32 <= n) {
    const Eigen::Index m = std::min<Eigen::Index>(kPieceValues, (n - r) / 32 * 32);
    double* out = room_for(kept, static_cast<std::size_t>(m) + 16);
    if (out == nullptr) break;  // the pool is spent: the rest value by value
    double* const start = out;
    std::int32_t* slot_out = kept_slots;
    for (const Eigen::Index piece_end = r + m; r < piece_end; r += 32) {
      const __m512i low16 = _mm512_loadu_si512(slots + r), high16 = _mm512_loadu_si512(slots + r + 16);
      const __m512i slot32 =
          _mm512_inserti64x4(_mm512_castsi256_si512(_mm512_cvtepi32_epi16(low16)), _mm512_cvtepi32_epi16(high16), 1);
      __mmask32 in = 0;
#pragma GCC unroll 16
      for (int j = 0; j < kRuns; ++j) {
        const __mmask32 before_first = _mm512_cmplt_epi16_mask(slot32, _mm512_set1_epi16(first[j]));
        const __mmask32 before_end = _mm512_cmplt_epi16_mask(slot32, _mm512_set1_epi16(end[j]));
        below_first[j] = _mm512_mask_add_epi16(below_first[j], before_first, below_first[j], one);
        below_end[j] = _mm512_mask_add_epi16(below_end[j], before_end, below_end[j], one);
        in = _kor_mask32(in, _kandn_mask32(before_first, before_end));
      }
      for (int part = 0; part < 4; ++part) {
        const auto eight = static_cast<__mmask8>(in >> (8 * part));
        _mm512_storeu_pd(out, _mm512_maskz_compress_pd(eight, _mm512_loadu_pd(values + r + 8 * part)));
        out += __builtin_popcount(eight);
      }
      const auto in_low = static_cast<__mmask16>(in), in_high = static_cast<__mmask16>(in >> 16);
      _mm512_storeu_si512(slot_out, _mm512_maskz_compress_epi32(in_low, low16));
      slot_out += __builtin_popcount(in_low);
      _mm512_storeu_si512(slot_out, _mm512_maskz_compress_epi32(in_high, high16));
      slot_out += __builtin_popcount(in_high);
    }
    kept.filled.back() += static_cast<std::uint32_t>(out - start);
    for (const std::int32_t* p = kept_slots; p < slot_out; ++p) ++count[*p];  // the windows' slots, exactly
  }
  // The gaps of the first r values, each in its first slot.
  auto total = [&](__m512i lanes) { return static_cast<std::int64_t>(_mm512_reduce_add_epi32(_mm512_madd_epi16(lanes, one))); };
  std::int64_t before = 0;  // values below the end of the run before
  for (int j = 0; j < kRuns; ++j) {
    const std::int64_t gap = total(below_first[j]) - before;
    if (gap > 0) count[j == 0 ? 0 : end[j - 1]] += static_cast<std::uint16_t>(gap);
    before = total(below_end[j]);
  }
  const std::int64_t tail = static_cast<std::int64_t>(r) - before;
  if (tail > 0) count[end[kRuns - 1]] += static_cast<std::uint16_t>(tail);
  return r;
}
#endif

void SlotKeeper::keep_counting(Eigen::Index s, const double* values, const int* slots, Eigen::Index n,
                               std::uint16_t* count) {
  const auto k = static_cast<std::size_t>(s);
  Eigen::Index r = 0;
#if defined(__AVX512F__) && defined(__AVX512BW__)
  if (!(*windows_)[k].empty() && ranges_->bins + 2 <= 32767) {  // slots as 16-bit lanes
    switch (runs_[k].size()) {
#define GOALPATH_RUNS(R)                                         \
  case R:                                                        \
    r = keep_counting_runs<R>(k, values, slots, n, count);      \
    break;
      GOALPATH_RUNS(1) GOALPATH_RUNS(2) GOALPATH_RUNS(3) GOALPATH_RUNS(4) GOALPATH_RUNS(5) GOALPATH_RUNS(6)
      GOALPATH_RUNS(7) GOALPATH_RUNS(8) GOALPATH_RUNS(9) GOALPATH_RUNS(10) GOALPATH_RUNS(11) GOALPATH_RUNS(12)
#undef GOALPATH_RUNS
      default:  // no runs, or so many that the counters would not stay in registers
        break;
    }
  }
#endif
  // The rest (a last part vector, a spent pool, windows of many runs): kept
  // and counted value by value.
  keep(s, values + r, slots + r, n - r);
  for (; r < n; ++r) ++count[slots[r]];
}

void SlotKeeper::keep_repeated(Eigen::Index s, double value, int slot, Eigen::Index n) {
  if (!wants(s, slot)) return;
  Kept& kept = kept_[static_cast<std::size_t>(s)];
  while (n > 0) {
    const auto m = static_cast<std::size_t>(std::min<Eigen::Index>(n, kPieceValues));
    double* out = room_for(kept, m);
    if (out == nullptr) {
      kept.spill.insert(kept.spill.end(), m, value);
    } else {
      std::fill(out, out + m, value);
      kept.filled.back() += static_cast<std::uint32_t>(m);
    }
    n -= static_cast<Eigen::Index>(m);
  }
}

std::size_t SlotKeeper::keep_wanted(std::size_t k, double* values, std::size_t n) {
  const std::vector<std::uint8_t>& want = (*windows_)[k];
  const double low = ranges_->low[k], inverse = ranges_->inverse_width[k];
  slots_.resize(static_cast<Eigen::Index>(kChunkValues));
  std::size_t stay = 0;  // <= start + r: a value is read before anything is written over it
  for (std::size_t start = 0; start < n; start += kChunkValues) {
    const std::size_t m = std::min(kChunkValues, n - start);
    bin_all(values + start, slots_.data(), static_cast<Eigen::Index>(m), low, inverse, ranges_->bins);
    for (std::size_t r = 0; r < m; ++r) {
      values[stay] = values[start + r];
      stay += want[static_cast<std::size_t>(slots_[static_cast<Eigen::Index>(r)])];
    }
  }
  return stay;
}

void SlotKeeper::compact(std::size_t k) {
  Kept& kept = kept_[k];
  // Each chunk's wanted values to its front, then on to the write position,
  // which runs through the chunks densely and never passes the chunk read.
  std::size_t to = 0, at = 0;  // chunk and position written next
  for (std::size_t c = 0; c < kept.chunks.size(); ++c) {
    double* from = chunk(kept.chunks[c]);
    const std::size_t stay = keep_wanted(k, from, kept.filled[c]);
    for (std::size_t r = 0; r < stay;) {
      if (at == kChunkValues) {
        kept.filled[to++] = kChunkValues;
        at = 0;
      }
      const std::size_t m = std::min(stay - r, kChunkValues - at);
      double* into = chunk(kept.chunks[to]) + at;
      if (into != from + r) std::memmove(into, from + r, m * sizeof(double));
      r += m;
      at += m;
    }
  }
  if (!kept.chunks.empty()) {
    const std::size_t used = at > 0 ? to + 1 : to;
    if (at > 0) kept.filled[to] = static_cast<std::uint32_t>(at);
    for (std::size_t c = used; c < kept.chunks.size(); ++c) free_chunks_.push_back(kept.chunks[c]);
    kept.chunks.resize(used);
    kept.filled.resize(used);
  }
  std::vector<double>& spill = kept.spill;
  spill.resize(keep_wanted(k, spill.data(), spill.size()));
  // Room opened in the pool takes the spilled values back.
  while (!spill.empty()) {
    double* out = room_for(kept, 1);
    if (out == nullptr) break;
    const std::size_t m = std::min<std::size_t>(kChunkValues - kept.filled.back(), spill.size());
    std::copy(spill.end() - static_cast<std::ptrdiff_t>(m), spill.end(), out);
    kept.filled.back() += static_cast<std::uint32_t>(m);
    spill.resize(spill.size() - m);
  }
}

void SlotKeeper::narrow(std::shared_ptr<const SlotWindows> windows) {
  if (windows->size() != windows_->size()) throw std::invalid_argument("SlotKeeper::narrow: not the same statistics");
  set_windows(std::move(windows));
  for (std::size_t k = 0; k < kept_.size(); ++k) {
    if ((*windows_)[k].empty()) {
      free_chunks_.insert(free_chunks_.end(), kept_[k].chunks.begin(), kept_[k].chunks.end());
      kept_[k] = Kept{};
      continue;
    }
    compact(k);
  }
}

void SlotKeeper::add(const Eigen::ArrayXXd& values) {
  const Eigen::Index B = values.rows();
  slots_.resize(B);
  for (Eigen::Index s = 0; s < stats(); ++s) {
    if (!keeps(s)) continue;
    const auto x = values.col(s);
    const double low = ranges_->low[s], inverse = ranges_->inverse_width[s];
    double lowest, highest;
    if (bin_finite(x.data(), slots_.data(), B, low, inverse, ranges_->bins, lowest, highest)) {
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

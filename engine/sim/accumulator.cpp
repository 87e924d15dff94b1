#include "sim/accumulator.hpp"

#include "sim/windows.hpp"  // SlotKeeper

#include <algorithm>
#include <functional>
#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>
#include <tuple>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace goalpath::sim::detail {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
/// Histograms with at most this many slots count through split tables.
constexpr int kSmallHistogram = 64;

/// A histogram over [lo, hi] (finite, lo <= hi): its low end and bin width,
/// both finite whatever lo and hi (the span is taken from halves when hi - lo
/// overflows), and the width > 0.
std::pair<double, double> bins_over(double lo, double hi, int bins) {
  double width = (hi - lo) / bins;
  if (!std::isfinite(width)) width = (0.5 * hi - 0.5 * lo) / bins * 2.0;
  if (!(width > 0)) width = std::max(std::abs(lo) * 1e-15, 1e-300);
  return {lo, width};
}

}  // namespace

int slot_of(double v, double low, double inverse, int bins) {
  const double b = (v - low) * inverse;
  // Written so that NaN lands in slot 0 (the comparisons are false), as in bin_all.
  const double clamped = b >= -1.0 ? (b <= static_cast<double>(bins) ? b : static_cast<double>(bins)) : -1.0;
  return static_cast<int>(std::floor(clamped)) + 1;
}

// bin_all: the AVX2 loop does the same operations as slot_of (floor and truncation are exact; max_pd
// returns its second operand, -1, for a NaN), so the two give the same bins;
// g++ does not vectorise the scalar loop itself (floor and the conversion
// might trap, as far as it knows).
#if defined(__AVX512F__)
/// slot_of for eight values: the same operations (max and min return their
/// second operand for a NaN, as on AVX2), shared by bin_all and bin_finite.
struct Slots8 {
  __m512d low, inverse, bottom = _mm512_set1_pd(-1.0), top;
  __m256i one = _mm256_set1_epi32(1);
  Slots8(double low_, double inverse_, int bins)
      : low(_mm512_set1_pd(low_)), inverse(_mm512_set1_pd(inverse_)), top(_mm512_set1_pd(static_cast<double>(bins))) {}
  void store(__m512d v, int* out) const {
    __m512d b = _mm512_mul_pd(_mm512_sub_pd(v, low), inverse);
    b = _mm512_roundscale_pd(_mm512_min_pd(_mm512_max_pd(b, bottom), top), _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(out), _mm256_add_epi32(_mm512_cvttpd_epi32(b), one));
  }
};
#endif

void bin_all(const double* x, int* bin, Eigen::Index n, double low, double inverse, int bins) {
  Eigen::Index k = 0;
#if defined(__AVX512F__)
  const Slots8 slots8(low, inverse, bins);
  for (; k + 8 <= n; k += 8) slots8.store(_mm512_loadu_pd(x + k), bin + k);
#endif
#if defined(__AVX2__)
  const __m256d low4 = _mm256_set1_pd(low), inverse4 = _mm256_set1_pd(inverse);
  const __m256d bottom4 = _mm256_set1_pd(-1.0), top4 = _mm256_set1_pd(static_cast<double>(bins));
  const __m128i one4 = _mm_set1_epi32(1);
  for (; k + 4 <= n; k += 4) {
    __m256d b = _mm256_mul_pd(_mm256_sub_pd(_mm256_loadu_pd(x + k), low4), inverse4);
    b = _mm256_floor_pd(_mm256_min_pd(_mm256_max_pd(b, bottom4), top4));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(bin + k), _mm_add_epi32(_mm256_cvttpd_epi32(b), one4));
  }
#endif
  for (; k < n; ++k) bin[k] = slot_of(x[k], low, inverse, bins);
}

bool bin_finite(const double* x, int* bin, Eigen::Index n, double low, double inverse, int bins, double& lowest,
                double& highest) {
  double least = std::numeric_limits<double>::infinity(), most = -least;
  bool finite = true;
  Eigen::Index k = 0;
#if defined(__AVX512F__)
  {
    const Slots8 slots8(low, inverse, bins);
    __m512d least8 = _mm512_set1_pd(least), most8 = _mm512_set1_pd(most);
    __mmask8 bad = 0;
    for (; k + 8 <= n; k += 8) {
      const __m512d v = _mm512_loadu_pd(x + k);
      bad |= _mm512_cmp_pd_mask(_mm512_sub_pd(v, v), _mm512_setzero_pd(), _CMP_NEQ_UQ);  // v - v: NaN unless finite
      least8 = _mm512_min_pd(least8, v);
      most8 = _mm512_max_pd(most8, v);
      slots8.store(v, bin + k);
    }
    finite = bad == 0;
    least = _mm512_reduce_min_pd(least8);
    most = _mm512_reduce_max_pd(most8);
  }
#endif
  for (; k < n; ++k) {
    const double v = x[k];
    finite = finite && std::isfinite(v);
    least = std::min(least, v);
    most = std::max(most, v);
    bin[k] = slot_of(v, low, inverse, bins);
  }
  lowest = least;
  highest = most;
  return finite;
}

HistogramRanges HistogramRanges::from_pilot(const Eigen::ArrayXXd& values, int bins) {
  PilotTails tails(values.cols(), values.rows());
  tails.add(values);
  return tails.ranges(bins);
}

PilotTails::PilotTails(Eigen::Index stats, std::int64_t rows)
    : keep_(static_cast<std::size_t>(std::max<std::int64_t>(rows, 0) / 1000 + 1)),
      finite_(static_cast<std::size_t>(stats), 0),
      smallest_(static_cast<std::size_t>(stats)),
      largest_(static_cast<std::size_t>(stats)) {}

void PilotTails::add(const Eigen::ArrayXXd& values) {
  for (Eigen::Index s = 0; s < values.cols(); ++s) add_column(static_cast<std::size_t>(s), values.col(s).data(), values.rows());
}

void PilotTails::add(const Eigen::ArrayXXd& values, const std::vector<Eigen::Index>& columns) {
  for (std::size_t s = 0; s < columns.size(); ++s) add_column(s, values.col(columns[s]).data(), values.rows());
}

void PilotTails::add_column(std::size_t s, const double* x, Eigen::Index n) {
  std::vector<double>& low = smallest_[s];
  std::vector<double>& high = largest_[s];
  for (Eigen::Index r = 0; r < n; ++r) {
    const double v = x[r];
    if (!std::isfinite(v)) continue;
    ++finite_[s];
    // Rarely true once the lists are full: one comparison for most values.
    if (low.size() < keep_ || v < low.back()) {
      low.insert(std::upper_bound(low.begin(), low.end(), v), v);
      if (low.size() > keep_) low.pop_back();
    }
    if (high.size() < keep_ || v > high.back()) {
      high.insert(std::upper_bound(high.begin(), high.end(), v, std::greater<>()), v);
      if (high.size() > keep_) high.pop_back();
    }
  }
}

void PilotTails::merge(const PilotTails& other) {
  if (other.finite_.size() != finite_.size() || other.keep_ != keep_) {
    throw std::invalid_argument("PilotTails::merge: not the same statistics and rows");
  }
  std::vector<double> merged;
  for (std::size_t s = 0; s < finite_.size(); ++s) {
    finite_[s] += other.finite_[s];
    auto keep_first = [&](std::vector<double>& mine, const std::vector<double>& theirs, auto order) {
      merged.resize(mine.size() + theirs.size());
      std::merge(mine.begin(), mine.end(), theirs.begin(), theirs.end(), merged.begin(), order);
      merged.resize(std::min(merged.size(), keep_));
      mine.assign(merged.begin(), merged.end());
    };
    keep_first(smallest_[s], other.smallest_[s], std::less<>());
    keep_first(largest_[s], other.largest_[s], std::greater<>());
  }
}

HistogramRanges PilotTails::ranges(int bins) const {
  HistogramRanges r;
  r.bins = bins;
  for (std::size_t s = 0; s < finite_.size(); ++s) {
    // The central 99.8% of the finite values: from the (tail + 1)-th
    // smallest to the (tail + 1)-th largest (the extremes below 1,000 values).
    double lo = 0.0, hi = 0.0;
    if (finite_[s] > 0) {
      const auto tail = static_cast<std::size_t>(finite_[s] / 1000);
      lo = smallest_[s][tail];
      hi = largest_[s][tail];
    }
    double low, width;
    const double span = hi - lo;
    if (std::isfinite(1.4 * span)) {
      const double pad = span > 0 ? 0.2 * span : std::max(std::abs(lo) * 1e-9, 1e-12);
      low = lo - pad;
      width = (span + 2 * pad) / bins;
    } else {
      // A span near the largest double: the pilot's range itself, from halves.
      std::tie(low, width) = bins_over(lo, hi, bins);
    }
    if (!std::isfinite(low) || !(width > 0) || !std::isfinite(width)) std::tie(low, width) = bins_over(lo, hi, bins);
    r.low.push_back(low);
    r.width.push_back(width);
    r.inverse_width.push_back(1.0 / width);
  }
  return r;
}

StatAccumulator::StatAccumulator(const HistogramRanges& ranges, Eigen::Index stats)
    : ranges_(&ranges),
      stats_(stats),
      nan_(static_cast<std::size_t>(stats), 0),
      negative_infinite_(static_cast<std::size_t>(stats), 0),
      positive_infinite_(static_cast<std::size_t>(stats), 0),
      min_(static_cast<std::size_t>(stats), kInf),
      max_(static_cast<std::size_t>(stats), -kInf) {}

void StatAccumulator::allocate() {
  if (!recent_.empty()) return;
  const std::size_t n = static_cast<std::size_t>(stats_) * (static_cast<std::size_t>(ranges_->bins) + 2);
  recent_.assign(n, 0);
  counts_.assign(n, 0);
}

std::int64_t StatAccumulator::add(const Eigen::ArrayXXd& values, SlotKeeper* keep) {
  allocate();
  const int bins = ranges_->bins;
  const Eigen::Index B = values.rows();
  if (B > 65535) throw std::invalid_argument("StatAccumulator::add takes at most 65535 rows at a time");
  if (recent_inserts_ + B > 65535) flush();
  recent_inserts_ += B;
  indices_.resize(B);
  std::int64_t nonfinite_values = 0;
  for (Eigen::Index s = 0; s < stats_; ++s) {
    std::uint16_t* count = &recent_[static_cast<std::size_t>(s) * (bins + 2)];
    const double low = ranges_->low[s], inverse = ranges_->inverse_width[s];
    const auto x = values.col(s);
    // Fast path when every value is finite: bounds and bins in one pass.
    double lowest, highest;
    if (bin_finite(x.data(), indices_.data(), B, low, inverse, bins, lowest, highest)) {
      min_[s] = std::min(min_[s], lowest);
      max_[s] = std::max(max_[s], highest);
      if (lowest == highest) {
        // The same value on every path (a base-year level, a planned path): one count.
        const int slot = indices_[0];
        count[slot] += static_cast<std::uint16_t>(B);
        if (keep) keep->keep_repeated(s, lowest, slot, B);
        continue;
      }
      if (keep && keep->keeps(s)) {
        // Windows open: counted as far as they need (lumped between them).
        keep->keep_counting(s, x.data(), indices_.data(), B, count);
        continue;
      }
      if (bins + 2 <= kSmallHistogram) {
        // A few bins (a run that reads only counts has 16): consecutive
        // values mostly hit the same counter, and each increment would wait
        // for the one before it through memory. Four interleaved tables
        // keep four chains apart; their sums are the same counts.
        std::uint32_t split[4][kSmallHistogram] = {};
        Eigen::Index k = 0;
        for (; k + 4 <= B; k += 4) {
          ++split[0][indices_[k]];
          ++split[1][indices_[k + 1]];
          ++split[2][indices_[k + 2]];
          ++split[3][indices_[k + 3]];
        }
        for (; k < B; ++k) ++split[0][indices_[k]];
        for (int b = 0; b < bins + 2; ++b) {
          count[b] = static_cast<std::uint16_t>(count[b] + split[0][b] + split[1][b] + split[2][b] + split[3][b]);
        }
        continue;
      }
      // Increments with no data-dependent branch: a branch on "same bin as
      // the last value" mispredicts on spread-out data.
      for (Eigen::Index k = 0; k < B; ++k) ++count[indices_[k]];
      continue;
    }
    std::int64_t kept = 0;
    for (Eigen::Index k = 0; k < B; ++k) {
      const double v = x[k];
      if (std::isnan(v)) {
        ++nan_[s];
      } else if (v == kInf) {
        ++positive_infinite_[s];
      } else if (v == -kInf) {
        ++negative_infinite_[s];
      } else {
        min_[s] = std::min(min_[s], v);
        max_[s] = std::max(max_[s], v);
        const int slot = slot_of(v, low, inverse, bins);
        ++count[slot];
        if (keep) keep->keep(s, &v, &slot, 1);
        ++kept;
      }
    }
    nonfinite_values += B - kept;
  }
  return nonfinite_values;
}

void StatAccumulator::flush() {
  if (recent_.empty()) return;
  for (std::size_t k = 0; k < recent_.size(); ++k) {
    counts_[k] += recent_[k];
    recent_[k] = 0;
  }
  recent_inserts_ = 0;
}

std::int64_t StatAccumulator::count(Eigen::Index s, int slot) const {
  if (recent_.empty()) return 0;
  const std::size_t k = static_cast<std::size_t>(s) * (ranges_->bins + 2) + static_cast<std::size_t>(slot);
  return counts_[k] + recent_[k];
}

void StatAccumulator::merge(const StatAccumulator& other) {
  if (!other.recent_.empty()) {
    allocate();
    flush();
    for (std::size_t k = 0; k < counts_.size(); ++k) counts_[k] += other.counts_[k] + other.recent_[k];
  }
  for (Eigen::Index s = 0; s < stats_; ++s) {
    nan_[s] += other.nan_[s];
    negative_infinite_[s] += other.negative_infinite_[s];
    positive_infinite_[s] += other.positive_infinite_[s];
    min_[s] = std::min(min_[s], other.min_[s]);
    max_[s] = std::max(max_[s], other.max_[s]);
  }
}

void StatAccumulator::write(ByteWriter& out) {
  allocate();
  flush();
  out.put(counts_);
  out.put(nan_);
  out.put(negative_infinite_);
  out.put(positive_infinite_);
  out.put(min_);
  out.put(max_);
}

void StatAccumulator::merge(ByteReader& in) {
  auto add = [](auto& to, const std::vector<std::int64_t>& from) {
    if (from.size() != to.size()) throw std::runtime_error("a partial result's histogram does not match this run's");
    for (std::size_t k = 0; k < to.size(); ++k) to[k] += from[k];
  };
  allocate();
  flush();
  add(counts_, in.get_vector<std::int64_t>());
  add(nan_, in.get_vector<std::int64_t>());
  add(negative_infinite_, in.get_vector<std::int64_t>());
  add(positive_infinite_, in.get_vector<std::int64_t>());
  const auto low = in.get_vector<double>(), high = in.get_vector<double>();
  if (low.size() != min_.size() || high.size() != max_.size()) {
    throw std::runtime_error("a partial result's histogram does not match this run's");
  }
  for (std::size_t s = 0; s < min_.size(); ++s) {
    min_[s] = std::min(min_[s], low[s]);
    max_[s] = std::max(max_[s], high[s]);
  }
}

void StatAccumulator::add_slot_counts(Eigen::Index s, std::vector<std::int64_t>& into) const {
  const auto slots = static_cast<std::size_t>(ranges_->bins) + 2;
  into.resize(slots, 0);
  if (recent_.empty()) return;
  const std::int64_t* __restrict total = &counts_[static_cast<std::size_t>(s) * slots];
  const std::uint16_t* __restrict recent = &recent_[static_cast<std::size_t>(s) * slots];
  std::int64_t* __restrict sum = into.data();
  for (std::size_t slot = 0; slot < slots; ++slot) sum[slot] += total[slot] + recent[slot];
}

// ---- exact quantiles ------------------------------------------------------------

QuantileSearch::QuantileSearch(const StatAccumulator& totals) {
  const Eigen::Index S = totals.stats_;
  const int bins = totals.ranges_->bins;
  values_.assign(static_cast<std::size_t>(S), {});
  summary_.assign(static_cast<std::size_t>(S), {});
  std::int64_t budget = kCollectBudget;
  std::vector<std::int64_t> counts;  // of one statistic, by slot
  for (Eigen::Index s = 0; s < S; ++s) {
    Quantiles& q = summary_[static_cast<std::size_t>(s)];
    counts.assign(counts.size(), 0);
    totals.add_slot_counts(s, counts);
    std::int64_t finite = 0;
    for (const std::int64_t c : counts) finite += c;
    const std::int64_t below = totals.negative_infinite_[s], above = totals.positive_infinite_[s];
    q.nan = totals.nan_[s];
    q.finite = finite;
    q.nonfinite = q.nan + below + above;
    const std::int64_t n = finite + below + above;  // the ordered values
    auto& out = values_[static_cast<std::size_t>(s)];
    if (n == 0) {
      out.fill(kNaN);
      q.min = q.max = kNaN;
      continue;
    }
    q.min = below > 0 ? -kInf : finite > 0 ? totals.min_[s] : kInf;
    q.max = above > 0 ? kInf : finite > 0 ? totals.max_[s] : -kInf;
    // Brackets of this statistic by bin, so that quantiles in one bin share one.
    std::vector<Bracket> mine;
    // One walk through the slots for every quantile: their ranks ascend.
    std::int64_t before = 0;
    int slot = 0;
    for (std::size_t i = 0; i < kQuantilePercents.size(); ++i) {
      // Type 1: the k-th smallest value, k = ceil(q n) (at least 1), in integers.
      const std::int64_t k = std::max<std::int64_t>(1, (kQuantilePercents[i] * n + 99) / 100);
      if (k <= below) {
        out[i] = -kInf;
        continue;
      }
      const std::int64_t rank = k - below;  // among the finite values
      if (rank > finite) {
        out[i] = kInf;
        continue;
      }
      if (rank == 1 || rank == finite || totals.min_[s] == totals.max_[s]) {
        out[i] = rank == finite ? totals.max_[s] : totals.min_[s];
        continue;
      }
      for (; slot < bins + 1 && before + counts[static_cast<std::size_t>(slot)] < rank; ++slot) {
        before += counts[static_cast<std::size_t>(slot)];
      }
      auto same = std::find_if(mine.begin(), mine.end(), [&](const Bracket& b) { return b.levels[0].slot == slot; });
      if (same == mine.end()) {
        Bracket b;
        b.stat = s;
        b.levels.push_back({totals.ranges_->low[s], totals.ranges_->inverse_width[s], bins, slot});
        b.count = counts[static_cast<std::size_t>(slot)];
        mine.push_back(std::move(b));
        same = mine.end() - 1;
      }
      same->ranks.emplace_back(rank - before, static_cast<int>(i));
    }
    for (Bracket& b : mine) {
      // The bin's range, within the finite values' (the under- and overflow
      // bins reach to the minimum and maximum).
      const int slot = b.levels[0].slot;
      const double low = totals.ranges_->low[s], width = totals.ranges_->width[s];
      const double lo = slot == 0 ? totals.min_[s] : std::max(totals.min_[s], low + (slot - 1) * width);
      const double hi = slot == bins + 1 ? totals.max_[s] : std::min(totals.max_[s], low + slot * width);
      add_bracket(std::move(b), lo, hi, budget);
    }
  }
}

void QuantileSearch::add_bracket(Bracket b, double lo, double hi, std::int64_t& budget) {
  // Smallest brackets first would pack the budget best; in statistic order
  // is simpler and the budget is large next to a bin's usual count.
  b.collect = b.count <= budget;
  if (b.collect) budget -= b.count;
  if (!(lo <= hi)) lo = hi = std::isfinite(lo) ? lo : hi;  // rounding at a bin's edge
  std::tie(b.sub_low, b.sub_inverse) = bins_over(lo, hi, kSubBins);
  b.sub_inverse = 1.0 / b.sub_inverse;
  brackets_.push_back(std::move(b));
}

QuantileSearch::Collector QuantileSearch::collector() const {
  Collector c;
  c.brackets_ = &brackets_;
  c.values_.resize(brackets_.size());
  c.counts_.resize(brackets_.size());
  c.min_.resize(brackets_.size());
  c.max_.resize(brackets_.size());
  for (std::size_t b = 0; b < brackets_.size(); ++b) {
    const Eigen::Index s = brackets_[b].stat;
    if (c.stats_.empty() || c.stats_.back() != s) {
      c.stats_.push_back(s);
      c.by_stat_.emplace_back();
    }
    c.by_stat_.back().push_back(static_cast<Eigen::Index>(b));
    if (c.wanted_.size() < c.stats_.size()) {
      c.wanted_.emplace_back(static_cast<std::size_t>(brackets_[b].levels[0].bins) + 2, 0);
      c.whole_bins_.emplace_back();
      c.other_slots_.emplace_back();
    }
    const int slot = brackets_[b].levels[0].slot;
    if (brackets_[b].collect && brackets_[b].levels.size() == 1) {
      c.whole_bins_.back().emplace_back(slot, b);  // the only bracket of its bin
    } else if (std::find(c.other_slots_.back().begin(), c.other_slots_.back().end(), slot) == c.other_slots_.back().end()) {
      c.other_slots_.back().push_back(slot);
    }
    c.wanted_.back()[static_cast<std::size_t>(slot)] = 1;
    // Room for every value of the bracket, and a vector's worth beyond for
    // the whole-vector stores of add_column: growing by reallocation would
    // copy them and touch fresh memory twice (huge_pages.hpp says why that costs).
    if (brackets_[b].collect) c.values_[b].reserve(static_cast<std::size_t>(brackets_[b].count) + 16);
    if (!brackets_[b].collect) {
      c.counts_[b].assign(kSubBins + 2, 0);
      c.min_[b].assign(kSubBins + 2, kInf);
      c.max_[b].assign(kSubBins + 2, -kInf);
    }
  }
  return c;
}

void QuantileSearch::Collector::add(const Eigen::ArrayXXd& values) {
  for (std::size_t k = 0; k < stats_.size(); ++k) add_column(k, values.col(stats_[k]).data(), values.rows(), slots_);
}

void QuantileSearch::Collector::add(Eigen::Index stat, const double* values, Eigen::Index n) { add(stat, values, n, slots_); }

void QuantileSearch::Collector::add(Eigen::Index stat, const double* values, Eigen::Index n, Eigen::ArrayXi& slots) {
  const auto at = std::find(stats_.begin(), stats_.end(), stat);
  if (at != stats_.end()) add_column(static_cast<std::size_t>(at - stats_.begin()), values, n, slots);
}

void QuantileSearch::Collector::add_column(std::size_t k, const double* x, Eigen::Index n, Eigen::ArrayXi& slots) {
  const std::vector<Bracket>& brackets = *brackets_;
  const std::vector<Eigen::Index>& mine = by_stat_[k];
  const Level& first = brackets[static_cast<std::size_t>(mine[0])].levels[0];  // level 0 is per statistic
  // Level-0 slots of the whole block at once, as the first pass found them
  // (bin_all and slot_of agree on every finite value).
  slots.resize(n);
  bin_all(x, slots.data(), n, first.low, first.inverse, first.bins);
  auto take = [&](Eigen::Index r) {
    const int slot = slots[r];
    const double v = x[r];
    if (!std::isfinite(v)) return;  // ±inf and NaN are counted, never bracketed
    for (Eigen::Index index : mine) {
      const Bracket& b = brackets[static_cast<std::size_t>(index)];
      if (b.levels[0].slot != slot) continue;
      bool inside = true;
      for (std::size_t l = 1; l < b.levels.size() && inside; ++l) {
        const Level& level = b.levels[l];
        inside = slot_of(v, level.low, level.inverse, level.bins) == level.slot;
      }
      if (!inside) continue;
      const auto bi = static_cast<std::size_t>(index);
      if (b.collect) {
        values_[bi].push_back(v);
      } else {
        const int sub = slot_of(v, b.sub_low, b.sub_inverse, kSubBins);
        ++counts_[bi][sub];
        min_[bi][sub] = std::min(min_[bi][sub], v);
        max_[bi][sub] = std::max(max_[bi][sub], v);
      }
    }
  };
  Eigen::Index r = 0;
#if defined(__AVX512F__)
  // Few slots are wanted (one per bracket) and few values fall in them,
  // except where the values are a window's (replay_kept): sixteen slots at
  // a time, the finite values of a whole-bin bracket's slot are stored
  // together (compress-store, in row order); the other brackets' matches
  // are visited one by one, in row order as below.
  const std::vector<std::pair<int, std::size_t>>& whole_bins = whole_bins_[k];
  const std::vector<int>& other_slots = other_slots_[k];
  if (whole_bins.size() + other_slots.size() <= 16) {
    for (; r + 16 <= n; r += 16) {
      const __m512i sixteen = _mm512_loadu_si512(slots.data() + r);
      const __m512d low = _mm512_loadu_pd(x + r), high = _mm512_loadu_pd(x + r + 8);
      // v - v is 0 for a finite v and NaN for ±inf and NaN, which share slots 0 and bins + 1.
      const auto finite = static_cast<__mmask16>(
          _mm512_cmp_pd_mask(_mm512_sub_pd(low, low), _mm512_setzero_pd(), _CMP_EQ_OQ) |
          (_mm512_cmp_pd_mask(_mm512_sub_pd(high, high), _mm512_setzero_pd(), _CMP_EQ_OQ) << 8));
      for (const auto& [slot, bi] : whole_bins) {
        const __mmask16 in = _mm512_mask_cmpeq_epi32_mask(finite, sixteen, _mm512_set1_epi32(slot));
        if (in == 0) continue;
        auto& v = values_[bi];
        const std::size_t at = v.size();
        v.resize(at + 16);  // unwritten (UninitializedAllocator), within the reserved room
        double* out = v.data() + at;
        const auto in_low = static_cast<__mmask8>(in), in_high = static_cast<__mmask8>(in >> 8);
        _mm512_storeu_pd(out, _mm512_maskz_compress_pd(in_low, low));
        out += __builtin_popcount(in_low);
        _mm512_storeu_pd(out, _mm512_maskz_compress_pd(in_high, high));
        out += __builtin_popcount(in_high);
        v.resize(static_cast<std::size_t>(out - v.data()));
      }
      __mmask16 hit = 0;
      for (const int w : other_slots) hit |= _mm512_cmpeq_epi32_mask(sixteen, _mm512_set1_epi32(w));
      for (unsigned bits = hit; bits != 0; bits &= bits - 1) take(r + __builtin_ctz(bits));
    }
  }
#endif
  for (; r < n; ++r) {
    if (wanted_[k][static_cast<std::size_t>(slots[r])]) take(r);
  }
}

void QuantileSearch::Collector::merge(const Collector& other) {
  for (std::size_t b = 0; b < values_.size(); ++b) {
    values_[b].insert(values_[b].end(), other.values_[b].begin(), other.values_[b].end());
    for (std::size_t k = 0; k < counts_[b].size(); ++k) {
      counts_[b][k] += other.counts_[b][k];
      min_[b][k] = std::min(min_[b][k], other.min_[b][k]);
      max_[b][k] = std::max(max_[b][k], other.max_[b][k]);
    }
  }
}

void QuantileSearch::Collector::write(ByteWriter& out) const {
  out.put(static_cast<std::uint64_t>(values_.size()));
  for (std::size_t b = 0; b < values_.size(); ++b) {
    out.put(values_[b]);
    out.put(counts_[b]);
    out.put(min_[b]);
    out.put(max_[b]);
  }
}

void QuantileSearch::Collector::merge(ByteReader& in) {
  if (in.get<std::uint64_t>() != values_.size()) throw std::runtime_error("a partial replay does not match this run's");
  for (std::size_t b = 0; b < values_.size(); ++b) {
    const auto values = in.get_vector<double>();
    const auto counts = in.get_vector<std::int64_t>();
    const auto low = in.get_vector<double>(), high = in.get_vector<double>();
    if (counts.size() != counts_[b].size() || low.size() != min_[b].size() || high.size() != max_[b].size()) {
      throw std::runtime_error("a partial replay does not match this run's");
    }
    values_[b].insert(values_[b].end(), values.begin(), values.end());
    for (std::size_t k = 0; k < counts.size(); ++k) {
      counts_[b][k] += counts[k];
      min_[b][k] = std::min(min_[b][k], low[k]);
      max_[b][k] = std::max(max_[b][k], high[k]);
    }
  }
}

std::vector<QuantileSearch::OpenBin> QuantileSearch::open_bins() const {
  std::vector<OpenBin> out;
  for (const Bracket& b : brackets_) {
    if (b.levels.size() == 1) out.push_back({b.stat, b.levels[0].slot, b.count});
  }
  return out;
}

std::vector<std::pair<int, std::size_t>> QuantileSearch::whole_bins(Eigen::Index stat) const {
  std::vector<std::pair<int, std::size_t>> out;
  for (std::size_t b = 0; b < brackets_.size(); ++b) {
    const Bracket& bracket = brackets_[b];
    if (bracket.stat == stat && bracket.collect && bracket.levels.size() == 1) out.emplace_back(bracket.levels[0].slot, b);
  }
  return out;
}

void QuantileSearch::resolve_bracket(std::size_t index, std::vector<double>& values) {
  Bracket& b = brackets_.at(index);
  if (!b.collect || b.levels.size() != 1 || b.resolved) throw std::logic_error("QuantileSearch: not an open whole-bin bracket");
  if (static_cast<std::int64_t>(values.size()) != b.count) {
    throw std::logic_error("QuantileSearch: " + std::to_string(values.size()) + " values given for a bin that held " +
                           std::to_string(b.count));
  }
  auto& out = values_[static_cast<std::size_t>(b.stat)];
  for (const auto& [rank, i] : b.ranks) {
    std::nth_element(values.begin(), values.begin() + (rank - 1), values.end());
    out[static_cast<std::size_t>(i)] = values[static_cast<std::size_t>(rank - 1)];
  }
  b.resolved = true;
}

void QuantileSearch::drop_resolved() {
  ++replays_;
  brackets_.erase(std::remove_if(brackets_.begin(), brackets_.end(), [](const Bracket& b) { return b.resolved; }),
                  brackets_.end());
}

void QuantileSearch::resolve(Collector& merged) {
  ++replays_;
  std::vector<Bracket> narrower;
  std::int64_t budget = kCollectBudget;
  for (std::size_t bi = 0; bi < brackets_.size(); ++bi) {
    Bracket& b = brackets_[bi];
    auto& out = values_[static_cast<std::size_t>(b.stat)];
    if (b.collect) {
      auto& values = merged.values_[bi];
      if (static_cast<std::int64_t>(values.size()) != b.count) {
        throw std::logic_error("QuantileSearch: a replay found " + std::to_string(values.size()) +
                               " values in a bracket that held " + std::to_string(b.count));
      }
      // The set of values does not depend on the order the workers merged
      // them in, so neither does its k-th smallest.
      for (const auto& [rank, i] : b.ranks) {
        std::nth_element(values.begin(), values.begin() + (rank - 1), values.end());
        out[static_cast<std::size_t>(i)] = values[static_cast<std::size_t>(rank - 1)];
      }
      continue;
    }
    const auto& counts = merged.counts_[bi];
    std::vector<Bracket> mine;
    for (const auto& [rank, i] : b.ranks) {
      std::int64_t before = 0;
      int sub = 0;
      for (; sub < kSubBins + 1 && before + counts[sub] < rank; ++sub) before += counts[sub];
      const std::int64_t inside = rank - before, count = counts[sub];
      const double lo = merged.min_[bi][sub], hi = merged.max_[bi][sub];
      // An atom (every value of the sub-bin equal), or the sub-bin's first or last value.
      if (lo == hi || inside == 1 || inside == count) {
        out[static_cast<std::size_t>(i)] = inside == count ? hi : lo;
        continue;
      }
      auto same = std::find_if(mine.begin(), mine.end(), [&](const Bracket& m) { return m.levels.back().slot == sub; });
      if (same == mine.end()) {
        Bracket m;
        m.stat = b.stat;
        m.levels = b.levels;
        m.levels.push_back({b.sub_low, b.sub_inverse, kSubBins, sub});
        m.count = count;
        m.sub_low = lo;  // the sub-bin's own range, for now
        m.sub_inverse = hi;
        mine.push_back(std::move(m));
        same = mine.end() - 1;
      }
      same->ranks.emplace_back(inside, i);
    }
    for (Bracket& m : mine) narrower.push_back(std::move(m));
  }
  brackets_.clear();
  for (Bracket& m : narrower) {
    const double lo = m.sub_low, hi = m.sub_inverse;
    add_bracket(std::move(m), lo, hi, budget);
  }
}

namespace {

/// -0.0 and +0.0 are equal values, and which of them a bin's minimum or a
/// collected bracket holds depends on the order paths arrive in (threads,
/// blocks). Reporting every zero as +0.0 keeps "same seed, same report" to the
/// last character ("-0" would otherwise come and go with the thread count).
double unsigned_zero(double v) { return v == 0 ? 0.0 : v; }

}  // namespace

Quantiles QuantileSearch::quantiles(Eigen::Index s) const {
  Quantiles q = summary_[static_cast<std::size_t>(s)];
  const auto& v = values_[static_cast<std::size_t>(s)];
  q.p05 = unsigned_zero(v[0]);
  q.p10 = unsigned_zero(v[1]);
  q.p25 = unsigned_zero(v[2]);
  q.p50 = unsigned_zero(v[3]);
  q.p75 = unsigned_zero(v[4]);
  q.p90 = unsigned_zero(v[5]);
  q.p95 = unsigned_zero(v[6]);
  q.min = unsigned_zero(q.min);
  q.max = unsigned_zero(q.max);
  return q;
}

}  // namespace goalpath::sim::detail

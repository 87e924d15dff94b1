// Windows (sim/windows.hpp): which histogram slots hold the ranks near each
// quantile, and the values a SlotKeeper keeps of them, against brute force.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "sim/windows.hpp"

using namespace goalpath::sim::detail;

namespace {

std::array<double, kQuantilePercents.size()> same_width(double w) {
  std::array<double, kQuantilePercents.size()> widths;
  widths.fill(w);
  return widths;
}

}  // namespace

TEST_CASE("rank_windows marks the slots whose ranks lie within the half width of each quantile's") {
  // 1,000 slots of one value each (slot 0 and 1001 are the under- and
  // overflow slots): the value of rank r is in slot r.
  std::vector<std::int64_t> counts(1002, 1);
  counts[0] = counts[1001] = 0;
  const auto wanted = rank_windows(counts, 0, 0, same_width(0.01));  // 10 ranks, and one more
  for (int slot = 1; slot <= 1000; ++slot) {
    bool near = false;
    for (int percent : kQuantilePercents) near = near || std::abs(slot - percent * 10) <= 11;
    INFO("slot " << slot);
    CHECK(wanted[static_cast<std::size_t>(slot)] == (near ? 1 : 0));
  }
  // Values at -inf come first in rank: 100 of them shift every finite rank down by 100.
  const auto shifted = rank_windows(counts, 100, 0, same_width(0.0));
  const std::int64_t n = 1100, k50 = (50 * n + 99) / 100;  // rank 550 overall, 450 among the finite values
  CHECK(shifted[static_cast<std::size_t>(k50 - 100)] == 1);
  CHECK(shifted[static_cast<std::size_t>(500)] == 0);
}

TEST_CASE("window_widths: z binomial standard errors, none once every path is counted") {
  const auto w = window_widths(10000, 1000000, 4.5);
  CHECK(w[3] == doctest::Approx(4.5 * std::sqrt(0.25 * (1.0 / 10000 - 1.0 / 1000000))));
  CHECK(w[0] == doctest::Approx(4.5 * std::sqrt(0.05 * 0.95 * (1.0 / 10000 - 1.0 / 1000000))));
  CHECK(window_widths(5000, 5000, 4.5)[3] == 0.0);
}

TEST_CASE("a SlotKeeper keeps exactly the finite values of the wanted slots, whatever its room") {
  HistogramRanges ranges;
  ranges.bins = 64;
  ranges.low = {0.0, -10.0};
  ranges.width = {1.0 / 64, 20.0 / 64};
  ranges.inverse_width = {64.0, 64.0 / 20};
  auto windows = std::make_shared<SlotWindows>(2);
  (*windows)[0].assign(66, 0);
  for (int slot : {0, 3, 4, 5, 40, 65}) (*windows)[0][static_cast<std::size_t>(slot)] = 1;  // under- and overflow too
  // statistic 1 keeps nothing
  std::mt19937_64 random(7);
  std::uniform_real_distribution<double> spread(-0.2, 1.2);
  const Eigen::Index B = 1000;
  Eigen::ArrayXXd block(B, 2);
  std::vector<double> expected;
  for (std::int64_t room : {std::int64_t{0}, std::int64_t{37}, std::int64_t{100000}}) {
    INFO("room " << room);
    SlotKeeper keeper(ranges, windows, {room, room});
    expected.clear();
    for (int b = 0; b < 5; ++b) {
      for (Eigen::Index r = 0; r < B; ++r) block(r, 0) = block(r, 1) = spread(random);
      if (b == 3) block(17, 0) = std::numeric_limits<double>::quiet_NaN();  // never kept, never in a slot
      if (b == 4) block(18, 0) = -std::numeric_limits<double>::infinity();
      keeper.add(block);
      for (Eigen::Index r = 0; r < B; ++r) {
        const double v = block(r, 0);
        if (std::isfinite(v) && (*windows)[0][static_cast<std::size_t>(slot_of(v, 0.0, 64.0, 64))]) expected.push_back(v);
      }
    }
    // The same values fused into counting (StatAccumulator::add), repeated values included.
    StatAccumulator counts(ranges, 2);
    SlotKeeper fused(ranges, windows, {room, room});
    std::vector<double> expected_fused;
    for (int b = 0; b < 3; ++b) {
      for (Eigen::Index r = 0; r < B; ++r) block(r, 0) = block(r, 1) = b == 1 ? 4.5 / 64 : spread(random);
      counts.add(block, &fused);
      for (Eigen::Index r = 0; r < B; ++r) {
        if ((*windows)[0][static_cast<std::size_t>(slot_of(block(r, 0), 0.0, 64.0, 64))]) expected_fused.push_back(block(r, 0));
      }
    }
    for (auto [k, want] : {std::pair{&keeper, &expected}, std::pair{&fused, &expected_fused}}) {
      std::vector<double> kept;
      k->for_each(0, [&](const double* v, Eigen::Index n) { kept.insert(kept.end(), v, v + n); });
      std::vector<double> none;
      k->for_each(1, [&](const double* v, Eigen::Index n) { none.insert(none.end(), v, v + n); });
      std::sort(kept.begin(), kept.end());
      std::sort(want->begin(), want->end());
      CHECK(kept == *want);
      CHECK(none.empty());
      CHECK(!want->empty());
    }
  }
}

TEST_CASE("keep_counting: exact counts in the windows' slots, each gap's total, and keep()'s values") {
  HistogramRanges ranges;
  ranges.bins = 64;
  ranges.low = {0.0};
  ranges.width = {1.0 / 64};
  ranges.inverse_width = {64.0};
  std::mt19937_64 random(11);
  std::uniform_real_distribution<double> spread(-0.2, 1.2);
  // Five runs (under- and overflow slots among them), and twenty: more runs
  // than the vector path takes, which counts every value exactly.
  const std::vector<std::vector<int>> layouts = {{0, 3, 4, 5, 20, 40, 41, 65},
                                                 {2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30, 32, 34, 36, 38, 40}};
  for (const auto& layout : layouts) {
    auto windows = std::make_shared<SlotWindows>(1);
    (*windows)[0].assign(66, 0);
    for (int slot : layout) (*windows)[0][static_cast<std::size_t>(slot)] = 1;
    for (std::int64_t room : {std::int64_t{0}, std::int64_t{100000}}) {
      INFO("runs from " << layout.size() << " slots, room " << room);
      SlotKeeper keeper(ranges, windows, {room});
      std::vector<std::uint16_t> count(66, 0);
      std::vector<std::int64_t> exact(66, 0);
      std::vector<double> expected;
      for (Eigen::Index n : {1000, 37, 256, 16}) {
        std::vector<double> x(static_cast<std::size_t>(n));
        for (double& v : x) v = spread(random);
        std::vector<int> slots(x.size());
        bin_all(x.data(), slots.data(), n, 0.0, 64.0, 64);
        keeper.keep_counting(0, x.data(), slots.data(), n, count.data());
        for (std::size_t r = 0; r < x.size(); ++r) {
          ++exact[static_cast<std::size_t>(slots[r])];
          if ((*windows)[0][static_cast<std::size_t>(slots[r])]) expected.push_back(x[r]);
        }
      }
      std::int64_t gap_counted = 0, gap_exact = 0;
      for (std::size_t slot = 0; slot <= 66; ++slot) {
        if (slot == 66 || (*windows)[0][slot]) {
          CHECK(gap_counted == gap_exact);  // the gap before this slot (or the last one)
          gap_counted = gap_exact = 0;
          if (slot < 66) CHECK(count[slot] == exact[slot]);
          continue;
        }
        gap_counted += count[slot];
        gap_exact += exact[slot];
        if (layout.size() > 12) CHECK(count[slot] == exact[slot]);  // more runs than the vector path takes
      }
      std::vector<double> kept;
      keeper.for_each(0, [&](const double* v, Eigen::Index k) { kept.insert(kept.end(), v, v + k); });
      std::sort(kept.begin(), kept.end());
      std::sort(expected.begin(), expected.end());
      CHECK(kept == expected);
    }
  }
}

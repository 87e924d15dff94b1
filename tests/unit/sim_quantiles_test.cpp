// Exact quantiles: every reported quantile is an order statistic of the
// simulated paths (Hyndman & Fan type 1: the k-th smallest value, k =
// ceil(q n)), whatever the shape of the distribution, for any thread count
// and block size. The reference is computed independently: the same paths
// evaluated through sim::Evaluator (evaluate_points) and sorted.
#include <doctest/doctest.h>

#include <boost/math/distributions/normal.hpp>
#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "scenario/scenario.hpp"
#include "sim/accumulator.hpp"
#include "sim/sim.hpp"

using namespace goalpath;

namespace {

model::Model compile(const std::string& yaml) {
  return model::compile_model(scenario::load_scenario_text(yaml, "quantiles.yaml"));
}

/// A scenario whose one indicator y takes, in 2024, the value of `base`
/// (an expression of u ~ U(0, 1), n ~ N(0, 1) and z ~ lognormal(0, 2)).
/// Target 0 measures y itself (it shares the indicator's histogram), target 1
/// an expression of it (a histogram of its own).
model::Model scenario_of(const std::string& base) {
  return compile(R"Y(
scenario: shape
years: [2023, 2024]
parameters:
  u: { value: 0.5, uncertainty: { dist: uniform, low: 0, high: 1 } }
  n: { value: 0, uncertainty: { dist: normal, sd: 1 } }
  z: { value: 1, uncertainty: { dist: lognormal, sd: 2 } }
indicators:
  y: { base: ")Y" + base + R"Y(", growth: 0 }
targets:
  - { id: level, indicator: y, year: 2024, at_least: 0 }
  - { id: twice, expr: "2 * y", year: 2024, at_least: 0 }
  - { id: above-one, indicator: y, year: 2024, at_least: 1 }
  - { id: at-most-1e301, indicator: y, year: 2024, at_most: 1e301 }
)Y");
}

sim::SimulationOptions options(std::int64_t paths, int threads, int block_size) {
  sim::SimulationOptions o;
  o.paths = paths;
  o.seed = 20261205;
  o.threads = threads;
  o.block_size = block_size;
  return o;
}

/// The targets' values on every path, sorted, NaN left out.
std::vector<std::vector<double>> sorted_paths(const model::Model& m, const sim::SimulationOptions& o) {
  sim::Evaluator evaluator(m);
  Eigen::ArrayXXd parameters;
  evaluator.draw_parameters(o.seed, 0, o.paths, parameters);
  const Eigen::ArrayXXd values = sim::evaluate_points(m, parameters, true, o);
  std::vector<std::vector<double>> out;
  for (Eigen::Index t = 0; t < values.cols(); ++t) {
    std::vector<double> v;
    for (Eigen::Index r = 0; r < values.rows(); ++r) {
      if (!std::isnan(values(r, t))) v.push_back(values(r, t));
    }
    std::sort(v.begin(), v.end());
    out.push_back(std::move(v));
  }
  return out;
}

double order_statistic(const std::vector<double>& sorted, int percent) {
  const auto n = static_cast<std::int64_t>(sorted.size());
  const std::int64_t k = std::max<std::int64_t>(1, (percent * n + 99) / 100);  // ceil(q n)
  return sorted[static_cast<std::size_t>(k - 1)];
}

/// Runs with 1 and 4 threads and three block sizes; every quantile of both
/// targets equals the order statistic of the same paths. Blocks of 100 make
/// at least 64 blocks, so those runs keep windows of values in their first
/// pass (sim/windows.hpp) instead of replaying every path. Returns the
/// outcome of the first run, for checks of the shape itself.
sim::MonteCarloOutcome check_exact(const model::Model& m, std::int64_t paths) {
  const auto sorted = sorted_paths(m, options(paths, 1, 1000));
  sim::MonteCarloOutcome first;
  bool have_first = false;
  for (int threads : {1, 4}) {
    for (int block : {1000, 777, 100}) {
      const sim::MonteCarloOutcome mc = sim::run_monte_carlo(m, options(paths, threads, block));
      for (std::size_t t = 0; t < 2; ++t) {
        const sim::Quantiles& q = mc.targets[t];
        const std::pair<int, double> reported[] = {{5, q.p05},  {10, q.p10}, {25, q.p25}, {50, q.p50},
                                                   {75, q.p75}, {90, q.p90}, {95, q.p95}};
        for (auto [percent, value] : reported) {
          INFO("threads " << threads << ", block " << block << ", target " << t << ", p" << percent);
          CHECK(value == order_statistic(sorted[t], percent));
        }
        CHECK(q.min == sorted[t].front());
        CHECK(q.max == sorted[t].back());
        CHECK(q.finite + q.nonfinite == paths);
      }
      if (!have_first) first = mc, have_first = true;
    }
  }
  return first;
}

}  // namespace

TEST_CASE("an atom: y = 1 on 70% of paths and 1000 on 30%, p50 is 1") {
  const auto mc = check_exact(scenario_of("if(u < 0.7, 1, 1000)"), 20000);
  const sim::Quantiles& q = mc.targets[0];
  CHECK(q.p05 == 1.0);
  CHECK(q.p50 == 1.0);
  CHECK(q.p95 == 1000.0);
  CHECK(mc.targets[1].p50 == 2.0);
}

TEST_CASE("signed zeros: -0 and +0 are one value, reported as +0 for any threads and blocks") {
  // n * 0 is -0 on the paths where n < 0 and +0 elsewhere: every quantile is
  // a zero, and which zero a bin's minimum holds depends on the order the
  // paths arrive in. Found by sim_fuzz (tests/fuzz/README.md, finding 12).
  const auto mc = check_exact(scenario_of("if(u < 0.5, n * 0, 1)"), 5000);
  for (int threads : {1, 2, 4}) {
    for (int block : {1000, 7}) {
      const sim::MonteCarloOutcome run = sim::run_monte_carlo(scenario_of("if(u < 0.5, n * 0, 1)"), options(5000, threads, block));
      for (const sim::Quantiles& q : {run.targets[0], run.targets[1]}) {
        INFO("threads " << threads << ", block " << block);
        for (double v : {q.min, q.p05, q.p10, q.p25}) {
          CHECK(v == 0.0);
          CHECK_FALSE(std::signbit(v));
        }
      }
    }
  }
  CHECK(mc.targets[0].p95 == 1.0);
}

TEST_CASE("a mixture: 90% N(0, 1) and 10% at 1e6") {
  const auto mc = check_exact(scenario_of("if(u < 0.9, n, 1e6)"), 20000);
  // p05 and p50 of the mixture are the normal's quantiles at 0.05/0.9 and
  // 0.5/0.9; a sample quantile's standard error is sqrt(q (1 - q) / n) / f.
  const boost::math::normal normal;
  for (auto [value, q] : {std::pair{mc.targets[0].p05, 0.05}, {mc.targets[0].p50, 0.5}}) {
    const double inner = q / 0.9, x = boost::math::quantile(normal, inner);
    const double se = std::sqrt(q * (1 - q) / 20000.0) / (0.9 * boost::math::pdf(normal, x));
    INFO("quantile " << q << ": " << value << " vs " << x << " (4 se = " << 4 * se << ")");
    CHECK(std::abs(value - x) <= 4 * se);
  }
  CHECK(mc.targets[0].p95 == 1e6);
}

TEST_CASE("a long right tail: a lognormal with log-sd 2") {
  const auto mc = check_exact(scenario_of("z"), 20000);
  // log p05 against the normal's quantile, to 4 standard errors in log space.
  const double x = boost::math::quantile(boost::math::normal(0, 2), 0.05);
  const double se = std::sqrt(0.05 * 0.95 / 20000.0) / boost::math::pdf(boost::math::normal(0, 2), x);
  CHECK(std::abs(std::log(mc.targets[0].p05) - x) <= 4 * se);
}

TEST_CASE("negative ranges, an atom among negative values, and a narrow spread far from 0") {
  check_exact(scenario_of("if(u < 0.3, -5, -1000 + 100 * n)"), 20000);
  check_exact(scenario_of("-1e12 + n * 1e-3"), 20000);
}

TEST_CASE("infinities are ordered values: a p95 may be inf, and they count in P") {
  // exp(800 n) overflows to +inf for n > 0.887 (about 19% of paths) and to 0 below -0.93.
  const auto m = scenario_of("exp(800 * n)");
  const auto mc = check_exact(m, 20000);
  CHECK(mc.targets[0].p95 == std::numeric_limits<double>::infinity());
  CHECK(mc.targets[0].max == std::numeric_limits<double>::infinity());
  CHECK(mc.targets[0].nan == 0);
  CHECK(mc.target_finite[0] == 20000);  // every path counts in the probability
  // +inf meets at_least 1 and fails at_most 1e301, as any large number would:
  // P(exp(800 n) >= 1) = P(n >= 0) = 0.5, P(exp(800 n) <= 1e301) = Φ(ln(1e301) / 800).
  const double n = 20000;
  const double expected[] = {0.5, boost::math::cdf(boost::math::normal(), std::log(1e301) / 800)};
  for (int k = 0; k < 2; ++k) {
    const double p = static_cast<double>(mc.target_met[2 + k]) / static_cast<double>(mc.target_finite[2 + k]);
    const double se = std::sqrt(expected[k] * (1 - expected[k]) / n);
    INFO("target " << 2 + k << ": " << p << " vs " << expected[k] << " (4 se = " << 4 * se << ")");
    CHECK(mc.target_finite[2 + k] == 20000);
    CHECK(std::abs(p - expected[k]) <= 4 * se);
  }
}

TEST_CASE("a statistic NaN on every path has NaN quantiles and no paths in its probability") {
  const auto m = scenario_of("0 * exp(800 * n) + log(-1 - u)");
  const auto mc = sim::run_monte_carlo(m, options(2000, 2, 1000));
  CHECK(std::isnan(mc.targets[0].p50));
  CHECK(mc.targets[0].nan == 2000);
  CHECK(mc.target_finite[0] == 0);
}

TEST_CASE("one value on every path: no replay is needed") {
  const auto mc = sim::run_monte_carlo(scenario_of("7"), options(5000, 2, 1000));
  CHECK(mc.targets[0].p05 == 7.0);
  CHECK(mc.targets[0].p95 == 7.0);
  CHECK(mc.quantile_replays == 0);
}

TEST_CASE("any double, NaN and ±inf included, gets a slot inside the histogram") {
  constexpr double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  constexpr double big = std::numeric_limits<double>::max(), tiny = std::numeric_limits<double>::denorm_min();
  Eigen::ArrayXXd pilot(4, 3);
  pilot << -big, 0, 1, big, 0, 1, -1e308, 0, 1, 1e308, 0, 1;  // a span of inf, a constant 0, a constant 1
  const auto ranges = sim::detail::HistogramRanges::from_pilot(pilot, 64);
  for (int s = 0; s < 3; ++s) {
    INFO("statistic " << s);
    CHECK(std::isfinite(ranges.low[s]));
    CHECK(std::isfinite(ranges.width[s]));
    CHECK(ranges.width[s] > 0);
    CHECK(std::isfinite(ranges.inverse_width[s]));
    for (double v : {nan, inf, -inf, big, -big, tiny, -tiny, 0.0, 1.0, -1e308, 1e308}) {
      const int slot = sim::detail::slot_of(v, ranges.low[s], ranges.inverse_width[s], 64);
      CHECK(slot >= 0);
      CHECK(slot <= 65);
    }
  }
  // Even a range that is not a number cannot index outside.
  for (double inverse : {inf, nan, 0.0}) CHECK(sim::detail::slot_of(1.0, 0.0, inverse, 64) >= 0);
  for (double inverse : {inf, nan, 0.0}) CHECK(sim::detail::slot_of(1.0, 0.0, inverse, 64) <= 65);
}

TEST_CASE("pilot tails gathered in parts and merged give the ranges of all the rows at once") {
  // The pilot's blocks are shared among threads, each with its own
  // PilotTails: merging them must give what one pass over every row gives.
  constexpr double inf = std::numeric_limits<double>::infinity(), nan = std::numeric_limits<double>::quiet_NaN();
  const Eigen::Index rows = 5000, stats = 3;
  Eigen::ArrayXXd values(rows, stats);
  for (Eigen::Index r = 0; r < rows; ++r) {
    const double x = static_cast<double>((r * 7919) % rows);  // a permutation of 0 .. rows - 1
    values(r, 0) = x * x - 3e6;                               // skewed
    values(r, 1) = r % 97 == 0 ? (r % 2 ? inf : nan) : -x;    // non-finite values among them
    values(r, 2) = 42.0;                                      // constant
  }
  sim::detail::PilotTails whole(stats, rows);
  whole.add(values);
  // Uneven parts, in an order that is not the rows' order.
  sim::detail::PilotTails first(stats, rows), second(stats, rows), third(stats, rows);
  second.add(values.middleRows(4000, 1000));
  first.add(values.topRows(1500));
  third.add(values.middleRows(1500, 2500));
  first.merge(second);
  first.merge(third);
  const auto expected = whole.ranges(4096), merged = first.ranges(4096);
  const auto reference = sim::detail::HistogramRanges::from_pilot(values, 4096);
  for (Eigen::Index s = 0; s < stats; ++s) {
    INFO("statistic " << s);
    CHECK(merged.low[s] == expected.low[s]);
    CHECK(merged.width[s] == expected.width[s]);
    CHECK(merged.low[s] == reference.low[s]);
    CHECK(merged.width[s] == reference.width[s]);
  }
  // The range is the central 99.8%: merging that kept too few of either
  // tail would move it.
  CHECK(merged.low[0] < -3e6 + 1);
  CHECK_THROWS(first.merge(sim::detail::PilotTails(stats + 1, rows)));
}

// Windows: the first pass keeps the values near each quantile's estimate
// from its head (an eighth of the paths, a 32nd past 64Ki paths), narrowing
// them as it counts; the quantiles are then found in memory, and only the
// head is evaluated again. Whether the windows hold the right bins or miss
// them, the answer is the full replay's.

namespace {

/// Every field a report reads, compared to the last digit.
void check_same_outcome(const sim::MonteCarloOutcome& a, const sim::MonteCarloOutcome& b) {
  CHECK(a.target_met == b.target_met);
  CHECK(a.target_finite == b.target_finite);
  CHECK(a.joint_met == b.joint_met);
  REQUIRE(a.targets.size() == b.targets.size());
  REQUIRE(a.indicators.size() == b.indicators.size());
  auto same = [](const sim::Quantiles& x, const sim::Quantiles& y) {
    const double xs[] = {x.p05, x.p10, x.p25, x.p50, x.p75, x.p90, x.p95, x.min, x.max};
    const double ys[] = {y.p05, y.p10, y.p25, y.p50, y.p75, y.p90, y.p95, y.min, y.max};
    for (int k = 0; k < 9; ++k) {
      INFO("value " << k << ": " << xs[k] << " against " << ys[k]);
      CHECK((xs[k] == ys[k] || (std::isnan(xs[k]) && std::isnan(ys[k]))));
    }
    CHECK(x.finite == y.finite);
    CHECK(x.nonfinite == y.nonfinite);
  };
  for (std::size_t t = 0; t < a.targets.size(); ++t) same(a.targets[t], b.targets[t]);
  for (std::size_t s = 0; s < a.indicators.size(); ++s) same(a.indicators[s], b.indicators[s]);
  CHECK(a.quantile_replays == b.quantile_replays);
}

/// Six correlated drivers with yearly shocks over four years (bench/peers/perf6.yaml's shape).
model::Model drivers() {
  return compile(R"Y(
scenario: drivers
years: [2023, 2027]
parameters:
  g_out:  { value: 0.05,  uncertainty: { dist: normal, sd: 0.01 } }
  g_sei:  { value: 0.09,  uncertainty: { dist: normal, sd: 0.02 } }
  g_lead: { value: 0.10,  uncertainty: { dist: normal, sd: 0.03 } }
shocks:
  e_out:  { sd: 0.015 }
  e_sei:  { sd: 0.02 }
correlations:
  - [g_out, g_sei, 0.6]
indicators:
  output:    { base: 40000, growth: "g_out + e_out" }
  sei:       { base: 17560, growth: "g_sei + e_sei" }
  lead:      { base: 16000, growth: "g_lead" }
  sei_share: { value: "sei / output" }
targets:
  - { id: output-5t, indicator: output, year: 2027, at_least: 50000 }
  - { id: sei-50, indicator: sei_share, every_year: [2025, 2027], at_least: 0.5 }
  - { id: lead-10, indicator: lead, cagr: [2023, 2027], at_least: 0.10 }
)Y");
}

}  // namespace

TEST_CASE("windows: the quantiles of a full replay, evaluating an eighth of the paths again") {
  const model::Model m = drivers();
  sim::SimulationOptions o = options(100000, 2, 500);  // 200 blocks
  o.window_standard_errors = 0;
  const sim::MonteCarloOutcome replayed = sim::run_monte_carlo(m, o);
  CHECK(replayed.replayed_paths == 100000 * replayed.quantile_replays);
  for (int threads : {1, 2, 3}) {
    INFO("threads " << threads);
    o.threads = threads;
    o.window_standard_errors = 4.5;
    const sim::MonteCarloOutcome windowed = sim::run_monte_carlo(m, o);
    check_same_outcome(windowed, replayed);
    CHECK(windowed.replayed_paths == 25 * 500);  // blocks 0 to 24: 200 / 8
  }
}

TEST_CASE("windows of a longer run: a 32nd of it evaluated again, narrowed at 4x and 16x the head") {
  const model::Model m = drivers();
  sim::SimulationOptions o = options(600000, 2, 1024);  // 586 blocks; an eighth would be 75,000 paths
  o.window_standard_errors = 0;
  const sim::MonteCarloOutcome replayed = sim::run_monte_carlo(m, o);
  o.window_standard_errors = 4.5;
  const sim::MonteCarloOutcome windowed = sim::run_monte_carlo(m, o);
  check_same_outcome(windowed, replayed);
  CHECK(windowed.replayed_paths == 64 * 1024);  // 64Ki paths: more than 586 / 32 blocks
}

TEST_CASE("windows that miss a quantile's bin fall back to the full replay, with the same answer") {
  const model::Model m = drivers();
  sim::SimulationOptions o = options(100000, 2, 500);
  o.window_standard_errors = 0;
  const sim::MonteCarloOutcome replayed = sim::run_monte_carlo(m, o);
  // Windows a millionth of a standard error wide: the first eighth's
  // estimate alone, which misses the whole run's bin of some quantile.
  // Their counts place only the ranks inside them, so the run counts every
  // path again before the replay.
  o.window_standard_errors = 1e-6;
  const sim::MonteCarloOutcome narrow = sim::run_monte_carlo(m, o);
  check_same_outcome(narrow, replayed);
  CHECK(narrow.replayed_paths == 25 * 500 + 100000 + replayed.replayed_paths);
}

TEST_CASE("windows that would exceed the memory limit are not opened") {
  const model::Model m = drivers();
  sim::SimulationOptions o = options(100000, 2, 500);
  o.window_standard_errors = 0;
  const sim::MonteCarloOutcome replayed = sim::run_monte_carlo(m, o);
  o.window_standard_errors = 4.5;
  o.max_memory_bytes = sim::monte_carlo_memory_bytes(m, o) + 1000;  // the run fits, its windows do not
  const sim::MonteCarloOutcome limited = sim::run_monte_carlo(m, o);
  check_same_outcome(limited, replayed);
  CHECK(limited.replayed_paths == replayed.replayed_paths);
}

TEST_CASE("window_standard_errors must be a number >= 0") {
  sim::SimulationOptions o;
  for (double bad : {-1.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::infinity()}) {
    o.window_standard_errors = bad;
    CHECK(o.validate().find("window_standard_errors") != std::string::npos);
  }
  o.window_standard_errors = 0;
  CHECK(o.validate().empty());
}

TEST_CASE("a statistic of a few values keeps no windows: the run replays every path, and nothing is kept in vain") {
  // Three values at 30/40/30%: any window around p05..p95 holds a third or
  // more of the paths. With windows for the others the run would keep their
  // values and still need the replay for this one.
  const model::Model m = scenario_of("if(u < 0.3, 1, if(u < 0.7, 2, 3)) + 0 * n");
  sim::SimulationOptions o = options(20000, 2, 100);  // 200 blocks
  o.window_standard_errors = 0;
  const sim::MonteCarloOutcome replayed = sim::run_monte_carlo(m, o);
  o.window_standard_errors = 4.5;
  const sim::MonteCarloOutcome windowed = sim::run_monte_carlo(m, o);
  check_same_outcome(windowed, replayed);
  CHECK(windowed.targets[0].p50 == 2.0);
  CHECK(windowed.replayed_paths == replayed.replayed_paths);  // no first eighth kept and replayed
  CHECK(windowed.replayed_paths == 20000 * replayed.quantile_replays);
}

// Monte Carlo against closed forms at a fixed seed. Each probability is
// checked to within 4 standard errors, sqrt(p (1 - p) / n): a correct engine
// fails such a check about once in 16,000 runs, and a fixed seed makes the
// outcome repeatable. Quantiles are checked against the exact order
// statistics of the same paths.
#include <doctest/doctest.h>

#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <algorithm>
#include <cmath>

#include "model/model.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

using namespace goalpath;

namespace {

model::Model compile(const std::string& yaml) {
  return model::compile_model(scenario::load_scenario_text(yaml, "mc.yaml"));
}

sim::SimulationOptions options(std::int64_t paths, std::uint64_t seed = 20240220) {
  sim::SimulationOptions o;
  o.paths = paths;
  o.seed = seed;
  o.threads = 2;
  return o;
}

double probability(const sim::MonteCarloOutcome& mc, int target) {
  return static_cast<double>(mc.target_met[target]) / static_cast<double>(mc.target_finite[target]);
}

void check_probability(const sim::MonteCarloOutcome& mc, int target, double expected) {
  double p = probability(mc, target);
  double se = std::sqrt(expected * (1 - expected) / static_cast<double>(mc.paths));
  INFO("target " << target << ": simulated " << p << ", closed form " << expected << ", 4 se = " << 4 * se);
  CHECK(std::abs(p - expected) <= 4 * se);
}

double upper_tail(const boost::math::normal& d, double x) { return boost::math::cdf(boost::math::complement(d, x)); }

}  // namespace

TEST_CASE("lognormal growth paths: P(level >= K) and quantiles of log-normal levels") {
  // x_T = 100 exp(T g), g ~ N(0.05, 0.02²), T = 4: log x_T ~ N(log 100 + 0.2, 0.08²).
  auto m = compile(R"Y(
scenario: lognormal
years: [2023, 2027]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.02 } }
indicators:
  x: { base: 100, growth: "exp(g) - 1" }
targets:
  - { id: above-120, indicator: x, year: 2027, at_least: 120 }
  - { id: above-125, indicator: x, year: 2027, at_least: 125 }
)Y");
  auto mc = sim::run_monte_carlo(m, options(200000));
  boost::math::lognormal_distribution<> level(std::log(100.0) + 0.2, 0.08);
  check_probability(mc, 0, boost::math::cdf(boost::math::complement(level, 120.0)));
  check_probability(mc, 1, boost::math::cdf(boost::math::complement(level, 125.0)));
  // Quantiles of the level: standard error of a sample quantile is
  // sqrt(q (1 - q) / n) / density(x_q); allow 4 of them.
  const sim::Quantiles& q = mc.targets[0];
  for (auto [level_q, value] : {std::pair{0.05, q.p05}, {0.5, q.p50}, {0.95, q.p95}}) {
    double exact = boost::math::quantile(level, level_q);
    double se = std::sqrt(level_q * (1 - level_q) / 200000.0) / boost::math::pdf(level, exact);
    INFO("quantile " << level_q << ": " << value << " vs " << exact << " (4 se = " << 4 * se << ")");
    CHECK(std::abs(value - exact) <= 4 * se);
  }
}

TEST_CASE("yearly iid shocks compound into a log-normal level") {
  // x_T = 100 exp(e_1 + ... + e_T), e_t ~ N(0, 0.03²) iid: log x_T ~ N(log 100, T 0.03²).
  auto m = compile(R"Y(
scenario: shocks
years: [2023, 2028]
shocks:
  e: { sd: 0.03 }
indicators:
  x: { base: 100, growth: "exp(e) - 1" }
targets:
  - { id: up-5pct, indicator: x, year: 2028, at_least: 105 }
)Y");
  auto mc = sim::run_monte_carlo(m, options(200000));
  boost::math::normal log_level(std::log(100.0), 0.03 * std::sqrt(5.0));
  check_probability(mc, 0, upper_tail(log_level, std::log(105.0)));
}

TEST_CASE("sums of correlated normal parameters") {
  // a + b with corr 0.6: sd = sqrt(0.01² + 0.02² + 2·0.6·0.01·0.02).
  auto m = compile(R"Y(
scenario: correlated
years: [2023, 2024]
parameters:
  a: { value: 0.05, uncertainty: { dist: normal, sd: 0.01 } }
  b: { value: 0.09, uncertainty: { dist: normal, sd: 0.02 } }
correlations:
  - [a, b, 0.6]
indicators:
  s: { value: "a + b" }
  d: { value: "a - b" }
targets:
  - { id: sum, indicator: s, year: 2024, at_least: 0.17 }
  - { id: difference, indicator: d, year: 2024, at_most: -0.05 }
)Y");
  auto mc = sim::run_monte_carlo(m, options(200000));
  boost::math::normal sum(0.14, std::sqrt(1e-4 + 4e-4 + 2 * 0.6 * 0.01 * 0.02));
  boost::math::normal difference(-0.04, std::sqrt(1e-4 + 4e-4 - 2 * 0.6 * 0.01 * 0.02));
  check_probability(mc, 0, upper_tail(sum, 0.17));
  check_probability(mc, 1, boost::math::cdf(difference, -0.05));
}

TEST_CASE("correlated shocks within a year") {
  auto m = compile(R"Y(
scenario: correlated-shocks
years: [2023, 2024]
shocks:
  u: { sd: 0.02 }
  v: { sd: 0.01 }
correlations:
  - [u, v, -0.5]
indicators:
  s: { base: 0, change: "u + v" }
targets:
  - { id: positive-tail, indicator: s, year: 2024, at_least: 0.02 }
)Y");
  auto mc = sim::run_monte_carlo(m, options(200000));
  boost::math::normal sum(0.0, std::sqrt(4e-4 + 1e-4 - 2 * 0.5 * 0.02 * 0.01));
  check_probability(mc, 0, upper_tail(sum, 0.02));
}

TEST_CASE("AR(1) shocks: the variance of their sum") {
  // S = e_1 + ... + e_T with e_t = φ e_{t-1} + sqrt(1-φ²) N(0, σ²), stationary:
  // Var S = σ² (T + 2 Σ_{k=1}^{T-1} (T - k) φ^k).
  const double phi = 0.6, sigma = 0.03;
  const int T = 6;
  double variance = T;
  for (int k = 1; k < T; ++k) variance += 2.0 * (T - k) * std::pow(phi, k);
  variance *= sigma * sigma;
  auto m = compile(R"Y(
scenario: ar1
years: [2020, 2026]
shocks:
  e: { sd: 0.03, ar: 0.6 }
indicators:
  s: { base: 0, change: "e" }
  last: { base: 0, value: "e" }
targets:
  - { id: sum-tail, indicator: s, year: 2026, at_least: 0.1 }
  - { id: each-year-sd, indicator: last, year: 2026, at_least: 0.03 }
)Y");
  auto mc = sim::run_monte_carlo(m, options(200000));
  check_probability(mc, 0, upper_tail(boost::math::normal(0, std::sqrt(variance)), 0.1));
  // Every year's shock has standard deviation σ whatever φ is.
  check_probability(mc, 1, upper_tail(boost::math::normal(0, sigma), 0.03));
}

TEST_CASE("each marginal's tail probabilities, with and without truncation") {
  auto m = compile(R"Y(
scenario: marginals
years: [2023, 2024]
parameters:
  n: { value: 1.0, uncertainty: { dist: normal, sd: 0.5 } }
  ln: { value: 2.0, uncertainty: { dist: lognormal, sd: 0.3 } }
  u: { value: 0.5, uncertainty: { dist: uniform, low: 0.0, high: 2.0 } }
  tri: { value: 0.2, uncertainty: { dist: triangular, low: 0.0, high: 1.0 } }
  tn: { value: 1.0, uncertainty: { dist: normal, sd: 0.5, bounds: [0.5, 2.0] } }
indicators:
  x: { value: "n + ln + u + tri + tn" }
targets:
  - { id: normal-tail, expr: "n", year: 2024, at_least: 1.8 }
  - { id: lognormal-tail, expr: "ln", year: 2024, at_least: 3.0 }
  - { id: uniform-tail, expr: "u", year: 2024, at_most: 0.3 }
  - { id: triangular-tail, expr: "tri", year: 2024, at_least: 0.7 }
  - { id: truncated-tail, expr: "tn", year: 2024, at_least: 1.5 }
  - { id: truncated-below, expr: "tn", year: 2024, at_least: 0.5 }
)Y");
  auto mc = sim::run_monte_carlo(m, options(200000));
  boost::math::normal n(1.0, 0.5);
  check_probability(mc, 0, upper_tail(n, 1.8));
  check_probability(mc, 1, boost::math::cdf(boost::math::complement(boost::math::lognormal_distribution<>(std::log(2.0), 0.3), 3.0)));
  check_probability(mc, 2, boost::math::cdf(boost::math::uniform_distribution<>(0.0, 2.0), 0.3));
  check_probability(mc, 3, boost::math::cdf(boost::math::complement(boost::math::triangular_distribution<>(0.0, 0.2, 1.0), 0.7)));
  double mass = boost::math::cdf(n, 2.0) - boost::math::cdf(n, 0.5);
  check_probability(mc, 4, (boost::math::cdf(n, 2.0) - boost::math::cdf(n, 1.5)) / mass);
  // Truncation is exact: nothing falls below the lower bound.
  CHECK(probability(mc, 5) == 1.0);
  CHECK(mc.targets[4].min >= 0.5);
  CHECK(mc.targets[4].max <= 2.0);
}

TEST_CASE("quantiles are the exact order statistics of the same paths (type 1)") {
  auto m = compile(R"Y(
scenario: quantiles
years: [2023, 2027]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.02 } }
  lead: { value: 0.10, uncertainty: { dist: triangular, low: 0.04, high: 0.14 } }
shocks:
  e: { sd: 0.02, ar: 0.3 }
indicators:
  x: { base: 40000, growth: "g + e" }
  y: { base: 16000, growth: "lead + e" }
targets:
  - { id: level, indicator: x, year: 2027, at_least: 50000 }
  - { id: growth, indicator: y, cagr: [2023, 2027], at_least: 0.1 }
)Y");
  const std::int64_t n = 50000;
  auto o = options(n, 7);
  auto mc = sim::run_monte_carlo(m, o);
  // The same paths, one by one: parameters drawn as the driver draws them,
  // shocks from the same (seed, path) streams.
  sim::Evaluator evaluator(m);
  Eigen::ArrayXXd parameters;
  evaluator.draw_parameters(o.seed, 0, n, parameters);
  Eigen::ArrayXXd values = sim::evaluate_points(m, parameters, true, o);
  for (int t = 0; t < 2; ++t) {
    std::vector<double> sorted(values.col(t).data(), values.col(t).data() + n);
    std::sort(sorted.begin(), sorted.end());
    auto exact = [&](double q) {  // Hyndman & Fan type 1: the ceil(q n)-th smallest
      const auto k = static_cast<std::int64_t>(std::ceil(q * static_cast<double>(n) - 1e-9));
      return sorted[static_cast<std::size_t>(std::max<std::int64_t>(k, 1) - 1)];
    };
    const sim::Quantiles& q = mc.targets[t];
    for (auto [level, value] : {std::pair{0.05, q.p05}, {0.10, q.p10}, {0.25, q.p25}, {0.50, q.p50},
                                {0.75, q.p75}, {0.90, q.p90}, {0.95, q.p95}}) {
      INFO("target " << t << " quantile " << level << ": reported " << value << ", exact " << exact(level));
      CHECK(value == exact(level));
    }
    CHECK(q.min == sorted.front());
    CHECK(q.max == sorted.back());
    // And the probability counts exactly the paths that meet the bound.
    auto met = std::count_if(sorted.begin(), sorted.end(), [&](double v) { return v >= m.targets[t].threshold; });
    CHECK(mc.target_met[t] == met);
  }
}

TEST_CASE("the same seed gives the same outcome for any thread count and block size") {
  auto m = compile(R"Y(
scenario: reproducible
years: [2023, 2027]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.02 } }
  h: { value: 0.03, uncertainty: { dist: uniform, low: 0.0, high: 0.06 } }
shocks:
  e: { sd: 0.02, ar: 0.5 }
  f: { sd: 0.01 }
correlations:
  - [g, h, 0.3]
  - [e, f, 0.4]
indicators:
  x: { base: 100, growth: "g + e" }
  y: { base: 50, growth: "h + f" }
  share: { value: "y / (x + y)" }
targets:
  - { id: x-level, indicator: x, year: 2027, at_least: 120 }
  - { id: share-floor, indicator: share, every_year: [2024, 2027], at_least: 0.3 }
)Y");
  auto run = [&](int threads, int block) {
    auto o = options(30001, 99);
    o.threads = threads;
    o.block_size = block;
    return sim::run_monte_carlo(m, o);
  };
  auto reference = run(1, 1024);
  for (auto [threads, block] : {std::pair{2, 1024}, {4, 1024}, {3, 257}, {1, 4096}}) {
    auto other = run(threads, block);
    CAPTURE(threads);
    CAPTURE(block);
    CHECK(other.target_met == reference.target_met);
    CHECK(other.joint_met == reference.joint_met);
    for (std::size_t s = 0; s < reference.indicators.size(); ++s) {
      CHECK(other.indicators[s].p05 == reference.indicators[s].p05);
      CHECK(other.indicators[s].p50 == reference.indicators[s].p50);
      CHECK(other.indicators[s].p95 == reference.indicators[s].p95);
    }
    for (std::size_t t = 0; t < reference.targets.size(); ++t) {
      CHECK(other.targets[t].p10 == reference.targets[t].p10);
      CHECK(other.targets[t].p90 == reference.targets[t].p90);
    }
  }
}

TEST_CASE("non-finite values are counted, never folded into a probability") {
  // log of a level that turns negative on some paths.
  auto m = compile(R"Y(
scenario: nonfinite
years: [2023, 2024]
parameters:
  g: { value: 0.5, uncertainty: { dist: normal, sd: 1.0 } }
indicators:
  x: { base: 1, growth: "g" }
  l: { value: "log(x)" }
targets:
  - { id: log-positive, indicator: l, year: 2024, at_least: 0 }
)Y");
  auto mc = sim::run_monte_carlo(m, options(100000));
  // x_2024 = 1 + g < 0 when g < -1: P = Φ(-1.5).
  double bad = boost::math::cdf(boost::math::normal(0.5, 1.0), -1.0);
  double nonfinite = static_cast<double>(mc.targets[0].nonfinite) / 100000.0;
  CHECK(std::abs(nonfinite - bad) <= 4 * std::sqrt(bad * (1 - bad) / 100000.0));
  CHECK(mc.nonfinite_paths == mc.targets[0].nonfinite);
  CHECK(mc.target_finite[0] + mc.targets[0].nonfinite == 100000);
  // Among finite paths, P(log x >= 0) = P(g >= 0 | g >= -1).
  double expected = (1 - boost::math::cdf(boost::math::normal(0.5, 1.0), 0.0)) / (1 - bad);
  double p = probability(mc, 0);
  CHECK(std::abs(p - expected) <= 4 * std::sqrt(expected * (1 - expected) / 100000.0));
}

TEST_CASE("a growth rate below -100% makes the level not a number, counted per indicator-year") {
  // x_2024 = 1 + g would be negative when g < -1. The level is NaN there (not
  // a negative number that an at_most target would count as met), and the
  // flip is counted where it happened: indicator x, year 2024, not 2025.
  auto m = compile(R"Y(
scenario: signflip
years: [2023, 2025]
parameters:
  g: { value: 0.5, uncertainty: { dist: normal, sd: 1.0 } }
indicators:
  x: { base: 1, growth: "g" }
targets:
  - { id: x-low, indicator: x, year: 2024, at_most: 1.0 }
)Y");
  constexpr std::int64_t kPaths = 100000;
  auto mc = sim::run_monte_carlo(m, options(kPaths));
  const int indicators = static_cast<int>(m.indicators.size());
  REQUIRE(mc.sign_flips.size() == static_cast<std::size_t>(3 * indicators));
  const boost::math::normal g(0.5, 1.0);
  const double bad = boost::math::cdf(g, -1.0);
  const double flips = static_cast<double>(mc.sign_flips[1 * indicators + 0]);
  CHECK(std::abs(flips / kPaths - bad) <= 4 * std::sqrt(bad * (1 - bad) / kPaths));
  CHECK(mc.sign_flips[0] == 0);
  CHECK(mc.sign_flips[2 * indicators + 0] == 0);  // already NaN in 2025: no second flip
  CHECK(mc.targets[0].nonfinite == mc.sign_flips[1 * indicators + 0]);
  // P(x <= 1) = P(g <= 0 | g >= -1); with negative levels kept it would be P(g <= 0).
  const double expected = (boost::math::cdf(g, 0.0) - bad) / (1 - bad);
  const double p = probability(mc, 0);
  CHECK(std::abs(p - expected) <= 4 * std::sqrt(expected * (1 - expected) / kPaths));
  auto o = options(kPaths);
  o.threads = 1;
  o.block_size = 333;
  CHECK(sim::run_monte_carlo(m, o).sign_flips == mc.sign_flips);
}

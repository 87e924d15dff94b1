// Signposts (analysis/signposts.hpp) against a closed form, and the rules of
// the estimator: weights, ties, order, the edges of the sample.
//
// Closed form: a Gaussian random walk X_0 = 0 with steps iid N(mu, sigma^2);
// the target is X_T >= c, the signpost year s < T. X_s ~ N(s mu, s sigma^2)
// and X_T - X_s ~ N((T-s) mu, (T-s) sigma^2) independently, so
//   P(met | X_s >= x) = [∫_x^∞ φ_s(v) Φ((v + (T-s) mu - c) / τ) dv] / (1 - Φ_s(x)),
// τ = sqrt(T-s) sigma; increasing in x, solved for x by bracketing.
//
// Mutations of signposts.cpp these tests were seen to catch (each tried
// once, then reverted): M >= p·C as M > (p + 0.02)·C; the answer times
// 1.01; checking path by path instead of at the end of tie groups;
// ignoring minimum_paths; the effective count as a plain count; keeping
// weightless paths and groups; bootstrap multipliers of 0 or 1 instead of
// Poisson(1).
#include <doctest/doctest.h>

#include <algorithm>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/quadrature/gauss_kronrod.hpp>
#include <boost/math/tools/roots.hpp>
#include <cmath>
#include <cstdint>
#include <functional>
#include <numeric>
#include <random>
#include <stdexcept>
#include <vector>

#include "analysis/signposts.hpp"

using goalpath::analysis::signpost_levels;
using goalpath::analysis::SignpostLevel;
using goalpath::analysis::SignpostOptions;

namespace {

struct Walk {
  int T = 4;
  int s = 2;
  double mu = 1;
  double sigma = 1;
  double c = 5.5;

  /// P(X_T >= c | X_s >= x), exactly (quadrature to ~1e-12).
  double conditional(double x) const {
    const double m_s = s * mu;
    const double sd_s = std::sqrt(static_cast<double>(s)) * sigma;
    const double tau = std::sqrt(static_cast<double>(T - s)) * sigma;
    const boost::math::normal standard;
    const double z0 = (x - m_s) / sd_s;
    // In the standard variable z = (v - m_s) / sd_s; φ(z) is below 1e-30
    // past z0 + 12 (or past 12 when z0 < 0... the tail above z = 12 is nil).
    const double top = std::max(z0, 0.0) + 12;
    auto f = [&](double z) {
      return boost::math::pdf(standard, z) * boost::math::cdf(standard, (m_s + sd_s * z + (T - s) * mu - c) / tau);
    };
    const double joint = boost::math::quadrature::gauss_kronrod<double, 61>::integrate(f, z0, top, 15, 1e-13);
    return joint / boost::math::cdf(boost::math::complement(standard, z0));
  }

  /// The x with conditional(x) = p (bisection-type TOMS 748 to ~1e-12).
  double exact_signpost(double p) const {
    const double sd_s = std::sqrt(static_cast<double>(s)) * sigma;
    const double lo = s * mu - 6 * sd_s;
    const double hi = s * mu + 7 * sd_s;
    std::uintmax_t iterations = 200;
    const auto root = boost::math::tools::toms748_solve([&](double x) { return conditional(x) - p; }, lo, hi,
                                                        boost::math::tools::eps_tolerance<double>(40), iterations);
    return (root.first + root.second) / 2;
  }
};

struct Paths {
  std::vector<double> value;      // X_s
  std::vector<std::uint8_t> met;  // X_T >= c
};

Paths simulate(const Walk& w, std::size_t n, std::uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> step(w.mu, w.sigma);
  Paths p;
  p.value.resize(n);
  p.met.resize(n);
  for (std::size_t k = 0; k < n; ++k) {
    double x = 0;
    for (int t = 1; t <= w.T; ++t) {
      x += step(rng);
      if (t == w.s) p.value[k] = x;
    }
    p.met[k] = x >= w.c;
  }
  return p;
}

std::vector<SignpostLevel> run(const Paths& p, const SignpostOptions& o = {}) {
  return signpost_levels(p.value, p.met, {}, {}, o);
}

/// Bit-identical levels (value and error; NaN equals NaN).
void check_identical(const std::vector<SignpostLevel>& a, const std::vector<SignpostLevel>& b) {
  REQUIRE(a.size() == b.size());
  for (std::size_t l = 0; l < a.size(); ++l) {
    CHECK(a[l].probability == b[l].probability);
    REQUIRE(a[l].value.has_value() == b[l].value.has_value());
    if (a[l].value) CHECK(*a[l].value == *b[l].value);
    CHECK((a[l].value_se == b[l].value_se || (std::isnan(a[l].value_se) && std::isnan(b[l].value_se))));
    CHECK(a[l].replicates_with_value == b[l].replicates_with_value);
  }
}

}  // namespace

TEST_CASE("closed form: a Gaussian random walk, both levels within 4 bootstrap errors") {
  const Walk walk;  // T=4, s=2, mu=1, sigma=1, c=5.5: P(met) = 0.23 unconditionally
  const Paths paths = simulate(walk, 200000, 20261205);
  const auto levels = run(paths);
  REQUIRE(levels.size() == 2);
  for (const auto& level : levels) {
    const double exact = walk.exact_signpost(level.probability);
    REQUIRE(level.value.has_value());
    INFO("p = " << level.probability << ", exact " << exact << ", estimate " << *level.value << " ± "
                << level.value_se);
    CHECK(level.value_se > 0);
    CHECK(level.replicates_with_value == 64);
    CHECK(std::abs(*level.value - exact) <= 4 * level.value_se);
  }
  // The exact signposts, as a check on the closed form itself: the condition
  // at the 0.5 signpost keeps 0.5 (quadrature and root together).
  CHECK(walk.conditional(walk.exact_signpost(0.5)) == doctest::Approx(0.5).epsilon(1e-9));
  CHECK(walk.exact_signpost(0.8) > walk.exact_signpost(0.5));
}

TEST_CASE("closed form: the bootstrap error matches the spread over independent runs") {
  // 100 independent runs of 10 000 paths: the standard deviation of their
  // estimates has a relative error of about 1/sqrt(2·99) = 7%; the mean of
  // their 100 bootstrap errors has much less. Tried with four base seeds the
  // ratio bootstrap / spread was 0.97 to 1.16 (the bootstrap leans a few
  // percent high), so [0.8, 1.3] holds. It catches an error off by a
  // quarter: multipliers that are 1 or 0 (a 63% subsample instead of a
  // bootstrap) gave 0.70 and 0.74.
  const Walk walk;
  constexpr int kRuns = 100;
  std::vector<std::vector<double>> estimates(2);
  std::vector<double> se_sum(2, 0.0);
  for (int run_index = 0; run_index < kRuns; ++run_index) {
    const Paths paths = simulate(walk, 10000, 1000 + static_cast<std::uint64_t>(run_index));
    SignpostOptions o;
    o.seed = 77 + static_cast<std::uint64_t>(run_index);
    const auto levels = run(paths, o);
    for (std::size_t l = 0; l < 2; ++l) {
      REQUIRE(levels[l].value.has_value());
      estimates[l].push_back(*levels[l].value);
      se_sum[l] += levels[l].value_se;
    }
  }
  for (std::size_t l = 0; l < 2; ++l) {
    const double mean = std::accumulate(estimates[l].begin(), estimates[l].end(), 0.0) / kRuns;
    double squares = 0;
    for (const double e : estimates[l]) squares += (e - mean) * (e - mean);
    const double spread = std::sqrt(squares / (kRuns - 1));
    const double bootstrap = se_sum[l] / kRuns;
    const double exact = walk.exact_signpost(l == 0 ? 0.5 : 0.8);
    INFO("level " << l << ": spread over runs " << spread << ", mean bootstrap error " << bootstrap
                  << ", mean estimate " << mean << ", exact " << exact);
    CHECK(bootstrap >= 0.8 * spread);
    CHECK(bootstrap <= 1.3 * spread);
    // No bias beyond the noise of the mean of the runs (4 standard errors).
    CHECK(std::abs(mean - exact) <= 4 * spread / std::sqrt(double{kRuns}));
  }
}

TEST_CASE("closed form: a target too far for 80% even at the top has no 80% signpost") {
  Walk walk;
  walk.c = 8.5;  // the top 100 of 200 000 paths (X_2 about 7) meet it about 64% of the time
  const Paths paths = simulate(walk, 200000, 7);
  // The 100 highest values: the exact chance of the first eligible condition.
  std::vector<double> sorted = paths.value;
  std::nth_element(sorted.begin(), sorted.begin() + 99, sorted.end(), std::greater<>());
  const double x100 = sorted[99];
  CHECK(walk.conditional(x100) < 0.7);
  const auto levels = run(paths);
  CHECK_FALSE(levels[1].value.has_value());
  CHECK(levels[1].value_se == 0);
  // 50% is still within reach, and within 4 errors of the exact value.
  REQUIRE(levels[0].value.has_value());
  const double exact = walk.exact_signpost(0.5);
  INFO("exact " << exact << ", estimate " << *levels[0].value << " ± " << levels[0].value_se);
  CHECK(std::abs(*levels[0].value - exact) <= 4 * levels[0].value_se);
}

TEST_CASE("weights: a weight of 2 is a duplicated path, a weight of 0 a dropped one") {
  const Walk walk;
  const Paths paths = simulate(walk, 4000, 3);
  SignpostOptions o;
  o.bootstrap_replicates = 8;
  // Every prefix eligible, so the effective count (which is meant to differ:
  // a weight of 2 is not two independent paths) does not enter.
  o.minimum_paths = 1;
  std::vector<double> weights(paths.value.size(), 1.0);
  Paths duplicated = paths;
  Paths dropped;
  std::vector<double> zeroed = weights;
  for (std::size_t k = 0; k < paths.value.size(); ++k) {
    if (k % 3 == 0) {
      weights[k] = 2;
      duplicated.value.push_back(paths.value[k]);
      duplicated.met.push_back(paths.met[k]);
    }
    if (k % 5 == 1) {
      zeroed[k] = 0;
    } else {
      dropped.value.push_back(paths.value[k]);
      dropped.met.push_back(paths.met[k]);
    }
  }
  const auto weighted = signpost_levels(paths.value, paths.met, weights, {}, o);
  const auto copies = run(duplicated, o);
  for (std::size_t l = 0; l < 2; ++l) {
    REQUIRE(weighted[l].value.has_value());
    REQUIRE(copies[l].value.has_value());
    CHECK(*weighted[l].value == *copies[l].value);
  }
  // Zero weights: the same point estimate as without those paths. (The
  // bootstrap differs: path ids, and so the draws, shift when paths are
  // dropped; with the ids kept it is identical too.)
  const auto with_zeros = signpost_levels(paths.value, paths.met, zeroed, {}, o);
  std::vector<std::int64_t> kept_ids;
  for (std::size_t k = 0; k < paths.value.size(); ++k)
    if (k % 5 != 1) kept_ids.push_back(static_cast<std::int64_t>(k));
  const auto without = signpost_levels(dropped.value, dropped.met, {}, kept_ids, o);
  check_identical(with_zeros, without);
  // A weightless path right where the scan stops: values 1000, 999, ..., 1,
  // the top 600 met, so 0.8 holds down to the 750th path (value 251) and
  // fails at 250. A path of weight 0 at 250.5 must not become the answer
  // (it leaves M / C as it was, so a group check there would pass).
  Paths ladder;
  std::vector<double> ladder_weights;
  for (int k = 0; k < 1000; ++k) {
    ladder.value.push_back(1000 - k);
    ladder.met.push_back(k < 600);
    ladder_weights.push_back(1);
  }
  ladder.value.push_back(250.5);
  ladder.met.push_back(0);
  ladder_weights.push_back(0);
  const auto stop = signpost_levels(ladder.value, ladder.met, ladder_weights, {}, o);
  REQUIRE(stop[1].value.has_value());
  CHECK(*stop[1].value == 251);

  // With the default minimum_paths the doubled paths below the top 100 do
  // not change eligibility (the effective count only grows there), so the
  // answer is still that of the duplicates when weights 2 sit low.
  SignpostOptions d;
  d.bootstrap_replicates = 0;
  std::vector<double> low_weights(paths.value.size(), 1.0);
  Paths low_dup = paths;
  std::vector<double> sorted = paths.value;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  const double cut = sorted[200];
  for (std::size_t k = 0; k < paths.value.size(); ++k)
    if (paths.value[k] < cut && k % 2 == 0) {
      low_weights[k] = 2;
      low_dup.value.push_back(paths.value[k]);
      low_dup.met.push_back(paths.met[k]);
    }
  const auto a = signpost_levels(paths.value, paths.met, low_weights, {}, d);
  const auto b = run(low_dup, d);
  for (std::size_t l = 0; l < 2; ++l) {
    REQUIRE(a[l].value.has_value() == b[l].value.has_value());
    if (a[l].value) CHECK(*a[l].value == *b[l].value);
  }
}

TEST_CASE("ties: a value shared by half the paths is one group") {
  // 200 paths at 20 (all met), 1000 at exactly 10 (half met), 800 below
  // (none met). Prefix at 20: 1.0. At the end of the 10-group: 700/1200 =
  // 0.583, so 0.5 passes there, then fails in the lower paths; 0.8 fails at
  // the 10-group as a whole, though the first 300 of its paths in any order
  // would have passed if looked at path by path.
  Paths p;
  for (int k = 0; k < 200; ++k) {
    p.value.push_back(20);
    p.met.push_back(1);
  }
  for (int k = 0; k < 1000; ++k) {
    p.value.push_back(10);
    p.met.push_back(k % 2 == 0 ? 1 : 0);
  }
  for (int k = 0; k < 800; ++k) {
    p.value.push_back(5 - k * 0.001);
    p.met.push_back(0);
  }
  // Met paths of the 10-group first in the input and by id: a path-by-path
  // scan would see 0.8 hold well into the group.
  std::vector<std::uint8_t> met_sorted(p.met.begin() + 200, p.met.begin() + 1200);
  std::sort(met_sorted.begin(), met_sorted.end(), std::greater<>());
  std::copy(met_sorted.begin(), met_sorted.end(), p.met.begin() + 200);
  const auto levels = run(p);
  REQUIRE(levels[0].value.has_value());
  REQUIRE(levels[1].value.has_value());
  // 0.5: 700/1200 at 10; going below, 700/(1200 + j) >= 0.5 until j = 200,
  // that is down to the 200th path below 5: 5 - 199·0.001.
  CHECK(*levels[0].value == 5 - 199 * 0.001);
  // 0.8: passes at 20 (the top group, 200 paths >= 100), fails at the end
  // of the 10-group: the signpost is 20, not some path inside the group.
  CHECK(*levels[1].value == 20);
  // And when the atom is the whole sample's bottom: one group ending the sample.
  Paths atom;
  for (int k = 0; k < 300; ++k) {
    atom.value.push_back(k < 150 ? 1.0 + k : 0.0);
    atom.met.push_back(1);
  }
  const auto all = run(atom);
  REQUIRE(all[1].value.has_value());
  CHECK(*all[1].value == 0.0);
}

TEST_CASE("order: shuffled input with its path ids gives bit-identical results, error included") {
  const Walk walk;
  const Paths paths = simulate(walk, 20000, 11);
  std::vector<double> weights(paths.value.size());
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(0.1, 3.0);
  for (double& w : weights) w = u(rng);
  std::vector<std::int64_t> ids(paths.value.size());
  std::iota(ids.begin(), ids.end(), 0);
  // Some exact ties too, so the order inside a group matters for the sums.
  Paths tied = paths;
  for (std::size_t k = 0; k < tied.value.size(); k += 7) tied.value[k] = std::round(tied.value[k] * 4) / 4;
  SignpostOptions o;
  o.minimum_paths = 50;
  const auto before = signpost_levels(tied.value, tied.met, weights, ids, o);

  std::vector<std::size_t> order(ids.size());
  std::iota(order.begin(), order.end(), 0);
  std::shuffle(order.begin(), order.end(), rng);
  Paths shuffled;
  std::vector<double> shuffled_weights;
  std::vector<std::int64_t> shuffled_ids;
  for (const std::size_t k : order) {
    shuffled.value.push_back(tied.value[k]);
    shuffled.met.push_back(tied.met[k]);
    shuffled_weights.push_back(weights[k]);
    shuffled_ids.push_back(ids[k]);
  }
  const auto after = signpost_levels(shuffled.value, shuffled.met, shuffled_weights, shuffled_ids, o);
  check_identical(before, after);
  REQUIRE(before[0].value.has_value());
  CHECK(before[0].value_se > 0);
  // A different seed moves the error, not the estimate.
  o.seed = 2;
  const auto reseeded = signpost_levels(tied.value, tied.met, weights, ids, o);
  CHECK(*reseeded[0].value == *before[0].value);
  CHECK(reseeded[0].value_se != before[0].value_se);
}

TEST_CASE("edges: unconditional chance above p, too few paths, NaN, bad input") {
  // Every path met: the condition never fails, the answer is the smallest value.
  const Walk walk;
  Paths p = simulate(walk, 1000, 9);
  Paths easy = p;
  std::fill(easy.met.begin(), easy.met.end(), 1);
  const double smallest = *std::min_element(p.value.begin(), p.value.end());
  for (const auto& level : run(easy)) {
    REQUIRE(level.value.has_value());
    CHECK(*level.value == smallest);
    // No bar to clear: flagged, not replicated, no error.
    CHECK(level.unconditional);
    CHECK(level.value_se == 0);
    CHECK(level.replicates_with_value == 0);
  }
  // P(met) = 0.6 overall with met independent of value... made monotone:
  // met for the top 60%; at p = 0.5 no prefix fails (the whole sample has 0.6).
  Paths mostly = p;
  std::vector<double> sorted = p.value;
  std::sort(sorted.begin(), sorted.end(), std::greater<>());
  for (std::size_t k = 0; k < p.value.size(); ++k) mostly.met[k] = p.value[k] >= sorted[599];
  const auto m = run(mostly);
  REQUIRE(m[0].value.has_value());
  CHECK(*m[0].value == smallest);
  // 0.8: holds down to 600/750; the last passing prefix is the 750th path.
  REQUIRE(m[1].value.has_value());
  CHECK(*m[1].value == sorted[749]);
  CHECK(m[0].unconditional);
  CHECK_FALSE(m[1].unconditional);
  CHECK(m[1].value_se > 0);

  // Fewer than minimum_paths: absent, even when every path met.
  Paths few;
  few.value.assign(easy.value.begin(), easy.value.begin() + 99);
  few.met.assign(99, 1);
  for (const auto& level : run(few)) {
    CHECK_FALSE(level.value.has_value());
    CHECK(level.value_se == 0);
  }
  few.value.push_back(-100);
  few.met.push_back(1);
  for (const auto& level : run(few)) {
    REQUIRE(level.value.has_value());
    CHECK(*level.value == -100);
  }
  // Effective count with weights: 100 paths, one of weight 50, has C^2/S2 =
  // 149^2 / 2599 = 8.5 < 100: absent.
  std::vector<double> heavy(100, 1.0);
  heavy[0] = 50;
  for (const auto& level : signpost_levels(few.value, few.met, heavy, {}, {})) CHECK_FALSE(level.value.has_value());

  // NaN values are left out: the same as not passing them (ids kept).
  Paths with_nan = mostly;
  std::vector<std::int64_t> ids(with_nan.value.size());
  std::iota(ids.begin(), ids.end(), 0);
  Paths without_nan;
  std::vector<std::int64_t> kept;
  for (std::size_t k = 0; k < with_nan.value.size(); ++k) {
    if (k % 10 == 3) {
      with_nan.value[k] = std::nan("");
    } else {
      without_nan.value.push_back(with_nan.value[k]);
      without_nan.met.push_back(with_nan.met[k]);
      kept.push_back(static_cast<std::int64_t>(k));
    }
  }
  check_identical(signpost_levels(with_nan.value, with_nan.met, {}, ids, {}),
                  signpost_levels(without_nan.value, without_nan.met, {}, kept, {}));

  // Empty input: absent. Bad input: thrown.
  for (const auto& level : signpost_levels({}, {}, {}, {}, {})) CHECK_FALSE(level.value.has_value());
  const std::vector<double> v = {1, 2};
  const std::vector<std::uint8_t> one = {1};
  const std::vector<std::uint8_t> two = {1, 0};
  const std::vector<double> negative = {1, -1};
  CHECK_THROWS_AS(signpost_levels(v, one, {}, {}, {}), std::invalid_argument);
  CHECK_THROWS_AS(signpost_levels(v, two, negative, {}, {}), std::invalid_argument);
  SignpostOptions bad;
  bad.probabilities = {0.5, 1.5};
  CHECK_THROWS_AS(signpost_levels(v, two, {}, {}, bad), std::invalid_argument);
  // No bootstrap: the error is NaN, the value is there.
  SignpostOptions none;
  none.bootstrap_replicates = 0;
  const auto nb = run(mostly, none);
  REQUIRE(nb[1].value.has_value());
  CHECK(std::isnan(nb[1].value_se));
}

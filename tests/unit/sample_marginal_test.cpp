// Marginal distributions (engine/sample/marginal.cpp): cdf and quantile against
// Boost.Math, truncation, means against closed forms and Monte Carlo, and the
// validation messages.
#include <doctest/doctest.h>

#include <boost/math/distributions/lognormal.hpp>
#include <boost/math/distributions/normal.hpp>
#include <boost/math/distributions/triangular.hpp>
#include <boost/math/distributions/uniform.hpp>
#include <cmath>
#include <limits>
#include <vector>

#include "sample/sample.hpp"

using goalpath::sample::Distribution;
using goalpath::sample::Marginal;
using goalpath::sample::validate;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
const boost::math::normal_distribution<double> kStandard(0.0, 1.0);

Marginal normal(double value, double sd, double lo = -kInf, double hi = kInf) {
  Marginal m;
  m.dist = Distribution::normal;
  m.value = value;
  m.sd = sd;
  m.lower_bound = lo;
  m.upper_bound = hi;
  return m;
}
Marginal lognormal(double value, double sd, double lo = -kInf, double hi = kInf) {
  Marginal m = normal(value, sd, lo, hi);
  m.dist = Distribution::lognormal;
  return m;
}
Marginal uniform(double value, double low, double high, double lo = -kInf, double hi = kInf) {
  Marginal m;
  m.dist = Distribution::uniform;
  m.value = value;
  m.low = low;
  m.high = high;
  m.lower_bound = lo;
  m.upper_bound = hi;
  return m;
}
Marginal triangular(double mode, double low, double high, double lo = -kInf, double hi = kInf) {
  Marginal m = uniform(mode, low, high, lo, hi);
  m.dist = Distribution::triangular;
  return m;
}

/// |got - want| within `relative` of max(|want|, scale).
bool close(double got, double want, double relative, double scale = 0.0) {
  return std::abs(got - want) <= relative * std::max(std::abs(want), scale);
}

std::vector<double> probability_grid() {
  std::vector<double> u;
  for (double e = -12.0; e < -0.31; e += 0.05) {
    u.push_back(std::pow(10.0, e));
    u.push_back(1.0 - std::pow(10.0, e));
  }
  for (int i = 1; i < 1000; ++i) u.push_back(i / 1000.0);
  return u;
}

/// n draws of m through the Gaussian-copula path (standard normals from the stream).
std::vector<double> draws(const Marginal& m, std::size_t n, std::uint32_t variable = 0) {
  std::vector<double> z(n);
  goalpath::sample::fill_standard_normals(4242, 0, variable, 2027, z);
  std::vector<double> x(n);
  m.from_standard_normal(z, x);
  return x;
}

struct Moments {
  double mean = 0.0;
  double sd = 0.0;
  double min = kInf;
  double max = -kInf;
};
Moments moments(const std::vector<double>& x) {
  Moments m;
  double sum = 0.0;
  for (const double v : x) {
    sum += v;
    m.min = std::min(m.min, v);
    m.max = std::max(m.max, v);
  }
  m.mean = sum / static_cast<double>(x.size());
  double ss = 0.0;
  for (const double v : x) ss += (v - m.mean) * (v - m.mean);
  m.sd = std::sqrt(ss / static_cast<double>(x.size() - 1));
  return m;
}

/// Monte Carlo mean within 4 standard errors (sample sd / sqrt(n)) of `want`.
void check_mc_mean(const Marginal& m, double want, std::size_t n = 1'000'000) {
  const Moments s = moments(draws(m, n));
  const double se = s.sd / std::sqrt(static_cast<double>(n));
  INFO("Monte Carlo mean " << s.mean << ", closed form " << want << ", standard error " << se);
  CHECK(std::abs(s.mean - want) < 4.0 * se);
}

/// Truncated normal mean in closed form, from Boost: μ + σ (φ(a) - φ(b)) / (Φ(b) - Φ(a)),
/// with the probabilities from the upper side when both bounds are above the mean.
double truncated_normal_mean(double mu, double sigma, double lo, double hi) {
  const double a = (lo - mu) / sigma;
  const double b = (hi - mu) / sigma;
  const double mass = a > 0 ? boost::math::cdf(boost::math::complement(kStandard, a)) -
                                  boost::math::cdf(boost::math::complement(kStandard, b))
                            : boost::math::cdf(kStandard, b) - boost::math::cdf(kStandard, a);
  const double pa = std::isinf(a) ? 0.0 : boost::math::pdf(kStandard, a);
  const double pb = std::isinf(b) ? 0.0 : boost::math::pdf(kStandard, b);
  return mu + sigma * (pa - pb) / mass;
}

}  // namespace

TEST_CASE("marginal: normal cdf and quantile match Boost") {
  const Marginal m = normal(0.045, 0.012);
  const boost::math::normal_distribution<double> ref(0.045, 0.012);
  for (const double u : probability_grid()) {
    INFO("u = " << u);
    REQUIRE(close(m.quantile(u), boost::math::quantile(ref, u), 1e-12, 0.012));
  }
  for (double x = -0.02; x <= 0.11; x += 0.0005) {
    INFO("x = " << x);
    REQUIRE(close(m.cdf(x), boost::math::cdf(ref, x), 1e-12));
  }
  CHECK(m.mean() == 0.045);
}

TEST_CASE("marginal: lognormal cdf and quantile match Boost (value = median, sd of the log)") {
  const Marginal m = lognormal(5.0, 0.2);
  const boost::math::lognormal_distribution<double> ref(std::log(5.0), 0.2);
  for (const double u : probability_grid()) {
    INFO("u = " << u);
    REQUIRE(close(m.quantile(u), boost::math::quantile(ref, u), 1e-12));
  }
  for (double x = 1.0; x <= 15.0; x += 0.01) {
    INFO("x = " << x);
    REQUIRE(close(m.cdf(x), boost::math::cdf(ref, x), 1e-12));
  }
  CHECK(m.cdf(0.0) == 0.0);
  CHECK(m.cdf(-1.0) == 0.0);
  CHECK(m.quantile(0.5) == doctest::Approx(5.0).epsilon(1e-15));
  CHECK(m.mean() == doctest::Approx(boost::math::mean(ref)).epsilon(1e-14));
}

TEST_CASE("marginal: uniform cdf and quantile match Boost") {
  const Marginal m = uniform(0.08, 0.05, 0.12);
  const boost::math::uniform_distribution<double> ref(0.05, 0.12);
  for (const double u : probability_grid()) {
    INFO("u = " << u);
    REQUIRE(close(m.quantile(u), boost::math::quantile(ref, u), 1e-14));
  }
  for (double x = 0.04; x <= 0.13; x += 0.0001) {
    INFO("x = " << x);
    REQUIRE(close(m.cdf(x), x <= 0.05 ? 0.0 : x >= 0.12 ? 1.0 : boost::math::cdf(ref, x), 1e-13, 1e-3));
  }
  CHECK(m.mean() == doctest::Approx(0.085).epsilon(1e-15));
}

TEST_CASE("marginal: triangular cdf and quantile match Boost, including modes at the ends") {
  struct Case {
    double low, mode, high;
  };
  for (const Case c : {Case{0.05, 0.09, 0.12}, Case{0.0, 0.0, 1.0}, Case{0.0, 1.0, 1.0}, Case{4.0, 5.0, 8.0}}) {
    const Marginal m = triangular(c.mode, c.low, c.high);
    const boost::math::triangular_distribution<double> ref(c.low, c.mode, c.high);
    INFO("triangular(" << c.low << ", " << c.mode << ", " << c.high << ")");
    for (const double u : probability_grid()) {
      INFO("u = " << u);
      REQUIRE(close(m.quantile(u), boost::math::quantile(ref, u), 1e-12, c.high - c.low));
    }
    for (int i = -10; i <= 1010; ++i) {
      const double x = c.low + (c.high - c.low) * i / 1000.0;
      const double want = x <= c.low ? 0.0 : x >= c.high ? 1.0 : boost::math::cdf(ref, x);
      INFO("x = " << x);
      REQUIRE(close(m.cdf(x), want, 1e-12, 1e-12));
    }
    CHECK(m.mean() == doctest::Approx(boost::math::mean(ref)).epsilon(1e-14));
  }
}

TEST_CASE("marginal: fixed is a point mass at value") {
  Marginal m;
  m.value = 3.5;
  CHECK(m.dist == Distribution::fixed);
  CHECK(m.cdf(3.4) == 0.0);
  CHECK(m.cdf(3.5) == 1.0);
  CHECK(m.quantile(0.01) == 3.5);
  CHECK(m.quantile(0.99) == 3.5);
  CHECK(m.mean() == 3.5);
  const std::vector<double> z = {-3.0, 0.0, 2.0};
  std::vector<double> x(3);
  m.from_standard_normal(z, x);
  CHECK(x == std::vector<double>{3.5, 3.5, 3.5});
  m.from_uniform(std::vector<double>{0.1, 0.5, 0.9}, x);
  CHECK(x == std::vector<double>{3.5, 3.5, 3.5});
}

TEST_CASE("marginal: untruncated normal and lognormal use the exact shortcuts") {
  std::vector<double> z(1000);
  goalpath::sample::fill_standard_normals(1, 0, 0, 0, z);
  std::vector<double> x(z.size());
  const Marginal n = normal(0.045, 0.012);
  n.from_standard_normal(z, x);
  for (std::size_t i = 0; i < z.size(); ++i) REQUIRE(x[i] == 0.045 + 0.012 * z[i]);
  const Marginal ln = lognormal(5.0, 0.2);
  ln.from_standard_normal(z, x);
  for (std::size_t i = 0; i < z.size(); ++i) REQUIRE(x[i] == 5.0 * std::exp(0.2 * z[i]));
  // from_uniform agrees with quantile.
  std::vector<double> u(1000);
  goalpath::sample::fill_uniforms(1, 0, 0, 0, u);
  for (const Marginal& m : {n, ln, uniform(0.08, 0.05, 0.12), triangular(0.09, 0.05, 0.12)}) {
    m.from_uniform(u, x);
    for (std::size_t i = 0; i < u.size(); ++i) {
      INFO(goalpath::sample::to_string(m.dist) << " u = " << u[i]);
      REQUIRE(close(x[i], m.quantile(u[i]), 1e-14, 1e-3));
    }
  }
}

TEST_CASE("marginal: from_standard_normal equals quantile(Φ(z))") {
  std::vector<double> z;
  for (double v = -8.0; v <= 8.0; v += 0.01) z.push_back(v);
  std::vector<double> x(z.size());
  for (const Marginal& m : {uniform(0.08, 0.05, 0.12), triangular(0.09, 0.05, 0.12), normal(1.0, 2.0, -1.0, 4.0),
                            lognormal(5.0, 0.2, 4.0, 7.0), triangular(0.09, 0.05, 0.12, 0.06, 0.11)}) {
    m.from_standard_normal(z, x);
    for (std::size_t i = 0; i < z.size(); ++i) {
      // For z > 0 the engine works from Φ(-z), which is more precise than 1 - Φ(z);
      // the values agree to the precision of the latter.
      INFO(goalpath::sample::to_string(m.dist) << " z = " << z[i]);
      REQUIRE(close(x[i], m.quantile(goalpath::sample::normal_cdf(z[i])), 1e-9, 1.0));
    }
  }
  std::vector<double> wrong(2);
  CHECK_THROWS_AS(normal(0, 1).from_standard_normal(z, wrong), std::invalid_argument);
  CHECK_THROWS_AS(normal(0, 1).from_uniform(z, wrong), std::invalid_argument);
}

TEST_CASE("marginal: a truncated normal's array map gives each value's own result bit for bit") {
  // from_standard_normal runs Φ⁻¹ over chunks of a truncated normal's
  // draws with the vectorised array version; every value must be what the
  // same call on that value alone gives (the scalar remainder path), in
  // both tails, at the bounds, for ±inf and NaN, and in place.
  std::vector<double> z;
  for (double v = -9.0; v <= 9.0; v += 0.003) z.push_back(v);
  for (const double s : {0.0, -0.0, 38.0, -38.0, kInf, -kInf, std::numeric_limits<double>::quiet_NaN(), 1e-300})
    z.insert(z.begin() + static_cast<long>(z.size() / 3), s);
  for (const Marginal& m : {normal(1.0, 2.0, -1.0, 4.0), normal(0.04, 0.015, -0.03, 0.10), normal(0.0, 1.0, 6.0, kInf),
                            normal(0.0, 1.0, -kInf, -6.0), lognormal(5.0, 0.2, 4.0, 7.0), lognormal(1.0, 0.5, 0.0, kInf),
                            lognormal(1.0, 0.5, 2.0, kInf)}) {
    std::vector<double> x(z.size());
    m.from_standard_normal(z, x);
    std::vector<double> in_place = z;
    m.from_standard_normal(in_place, in_place);
    for (std::size_t i = 0; i < z.size(); ++i) {
      double one = 0.0;
      m.from_standard_normal({&z[i], 1}, {&one, 1});
      INFO(goalpath::sample::to_string(m.dist) << " [" << m.lower_bound << ", " << m.upper_bound << "] z = " << z[i]);
      if (std::isnan(one)) {
        REQUIRE(std::isnan(x[i]));
        REQUIRE(std::isnan(in_place[i]));
      } else {
        REQUIRE(x[i] == one);
        REQUIRE(in_place[i] == one);
      }
    }
  }
}

TEST_CASE("marginal: truncated draws stay inside the bounds and cdf/quantile invert each other") {
  const std::vector<Marginal> cases = {
      normal(0.045, 0.012, 0.03, 0.05),        normal(0.045, 0.012, 0.0, kInf),
      normal(0.045, 0.012, -kInf, 0.05),       lognormal(5.0, 0.2, 4.5, 6.0),
      lognormal(5.0, 0.2, -1.0, 5.5),          uniform(0.08, 0.05, 0.12, 0.06, 0.2),
      triangular(0.09, 0.05, 0.12, 0.07, 0.1), triangular(0.07, 0.05, 0.12, 0.0, 0.08)};
  for (const Marginal& m : cases) {
    INFO(goalpath::sample::to_string(m.dist) << " bounds [" << m.lower_bound << ", " << m.upper_bound << "]");
    REQUIRE(validate(m) == "");
    const Moments s = moments(draws(m, 200'000));
    CHECK(s.min >= m.lower_bound);
    CHECK(s.max <= m.upper_bound);
    std::vector<double> u(100'000);
    goalpath::sample::fill_uniforms(3, 0, 0, 0, u);
    std::vector<double> x(u.size());
    m.from_uniform(u, x);
    const Moments t = moments(x);
    CHECK(t.min >= m.lower_bound);
    CHECK(t.max <= m.upper_bound);
    CHECK(m.cdf(m.lower_bound) == 0.0);
    CHECK(m.cdf(m.upper_bound) == 1.0);
    for (const double p : probability_grid()) {
      if (p < 1e-6 || p > 1 - 1e-6) continue;
      INFO("u = " << p);
      REQUIRE(close(m.cdf(m.quantile(p)), p, 1e-9, 1e-6));
    }
  }
}

TEST_CASE("marginal: truncated normal mean matches the closed form and Monte Carlo") {
  const Marginal m = normal(0.045, 0.012, 0.03, 0.05);
  const double want = truncated_normal_mean(0.045, 0.012, 0.03, 0.05);
  CHECK(m.mean() == doctest::Approx(want).epsilon(1e-13));
  check_mc_mean(m, want);
  const Marginal half = normal(0.045, 0.012, 0.045, kInf);  // half-normal: μ + σ·sqrt(2/π)
  CHECK(half.mean() == doctest::Approx(0.045 + 0.012 * std::sqrt(2.0 / M_PI)).epsilon(1e-14));
  check_mc_mean(half, half.mean());
}

TEST_CASE("marginal: truncation far in a tail keeps full precision") {
  // Standard normal truncated to [6, 7]: F(6) = 1 - 9.9e-10, so the naive
  // F⁻¹(F(lo) + u (F(hi) - F(lo))) would keep only 7 digits. The median of the
  // truncated distribution solves Q(x) = (Q(6) + Q(7)) / 2 with Q = 1 - Φ.
  const Marginal upper = normal(0.0, 1.0, 6.0, 7.0);
  const double q6 = boost::math::cdf(boost::math::complement(kStandard, 6.0));
  const double q7 = boost::math::cdf(boost::math::complement(kStandard, 7.0));
  const double median = boost::math::quantile(boost::math::complement(kStandard, 0.5 * (q6 + q7)));
  CHECK(upper.quantile(0.5) == doctest::Approx(median).epsilon(1e-12));
  CHECK(upper.cdf(median) == doctest::Approx(0.5).epsilon(1e-12));
  const Marginal lower = normal(0.0, 1.0, -7.0, -6.0);
  CHECK(lower.quantile(0.5) == doctest::Approx(-median).epsilon(1e-12));
  CHECK(upper.mean() == doctest::Approx(truncated_normal_mean(0.0, 1.0, 6.0, 7.0)).epsilon(1e-12));
  CHECK(lower.mean() == doctest::Approx(-truncated_normal_mean(0.0, 1.0, 6.0, 7.0)).epsilon(1e-12));
  const Moments s = moments(draws(upper, 100'000));
  CHECK(s.min >= 6.0);
  CHECK(s.max <= 7.0);
  // Truncated mean of [6, 7] in closed form is about 6.1554; the draws agree within 4 SE.
  CHECK(std::abs(s.mean - upper.mean()) < 4.0 * s.sd / std::sqrt(100'000.0));
}

TEST_CASE("marginal: truncated lognormal and triangular means match closed forms and Monte Carlo") {
  // Lognormal: E[X | lo <= X <= hi] = v·exp(σ²/2)·(Φ(b-σ) - Φ(a-σ)) / (Φ(b) - Φ(a)),
  // a = log(lo/v)/σ, b = log(hi/v)/σ.
  const Marginal ln = lognormal(5.0, 0.2, 4.5, 6.0);
  const double a = std::log(4.5 / 5.0) / 0.2;
  const double b = std::log(6.0 / 5.0) / 0.2;
  const auto Phi = [](double z) { return boost::math::cdf(kStandard, z); };
  const double want_ln = 5.0 * std::exp(0.02) * (Phi(b - 0.2) - Phi(a - 0.2)) / (Phi(b) - Phi(a));
  CHECK(ln.mean() == doctest::Approx(want_ln).epsilon(1e-13));
  check_mc_mean(ln, want_ln);

  // Triangular: ∫ x f(x) dx / ∫ f(x) dx over [lo, hi] by Simpson's rule on the
  // pieces either side of the mode (x·f(x) is quadratic there, so Simpson is exact).
  for (const Marginal& t : {triangular(0.09, 0.05, 0.12, 0.07, 0.1), triangular(0.07, 0.05, 0.12, 0.0, 0.08),
                            triangular(0.1, 0.05, 0.12, 0.095, 1.0), triangular(5.0, 4.0, 8.0, 4.5, 7.0)}) {
    const boost::math::triangular_distribution<double> ref(t.low, t.value, t.high);
    const double lo = std::max(t.lower_bound, t.low);
    const double hi = std::min(t.upper_bound, t.high);
    double moment = 0.0;
    double mass = 0.0;
    const auto simpson = [&](double x0, double x1) {
      if (x1 <= x0) return;
      const double xm = 0.5 * (x0 + x1);
      const auto f = [&](double x) { return boost::math::pdf(ref, x); };
      moment += (x1 - x0) / 6.0 * (x0 * f(x0) + 4.0 * xm * f(xm) + x1 * f(x1));
      mass += (x1 - x0) / 6.0 * (f(x0) + 4.0 * f(xm) + f(x1));
    };
    simpson(lo, std::min(hi, t.value));
    simpson(std::max(lo, t.value), hi);
    INFO("triangular bounds [" << t.lower_bound << ", " << t.upper_bound << "]");
    CHECK(t.mean() == doctest::Approx(moment / mass).epsilon(1e-12));
    check_mc_mean(t, moment / mass);
  }
  // A truncated uniform is the uniform on the intersection.
  CHECK(uniform(0.08, 0.05, 0.12, 0.06, 0.2).mean() == doctest::Approx(0.09).epsilon(1e-15));
}

TEST_CASE("marginal: Monte Carlo means of untruncated marginals match the closed forms") {
  // Normal: value; lognormal: value·exp(sd²/2); uniform: (low+high)/2;
  // triangular: (low+high+mode)/3. 1e6 draws each, bound 4 standard errors.
  check_mc_mean(normal(0.045, 0.012), 0.045);
  check_mc_mean(lognormal(5.0, 0.2), 5.0 * std::exp(0.02));
  check_mc_mean(uniform(0.08, 0.05, 0.12), 0.085);
  check_mc_mean(triangular(0.09, 0.05, 0.12), (0.05 + 0.12 + 0.09) / 3.0);
  CHECK(lognormal(5.0, 0.2).mean() == doctest::Approx(5.0 * std::exp(0.02)).epsilon(1e-15));
  CHECK(triangular(0.09, 0.05, 0.12).mean() == doctest::Approx(0.26 / 3.0).epsilon(1e-15));
}

TEST_CASE("marginal: validate names the field, its value and the rule") {
  CHECK(validate(normal(0.045, 0.012)) == "");
  CHECK(validate(normal(0.045, -0.1)) == "sd is -0.1; it must be a finite number > 0");
  CHECK(validate(normal(0.045, 0.0)) == "sd is 0; it must be a finite number > 0");
  CHECK(validate(lognormal(-1.0, 0.1)) ==
        "value is -1; a lognormal distribution needs value > 0 (value is its median)");
  CHECK(validate(lognormal(0.0, 0.1)) != "");
  CHECK(validate(uniform(0.1, 0.3, 0.1)) == "low is 0.3 and high is 0.1; low must be < high");
  CHECK(validate(uniform(0.1, 0.2, 0.2)) == "low is 0.2 and high is 0.2; low must be < high");
  CHECK(validate(uniform(0.5, 0.1, 0.3)) ==
        "value is 0.5; it must lie within [low, high] = [0.1, 0.3] (value is the deterministic projection's value)");
  CHECK(validate(triangular(0.5, 0.1, 0.3)) ==
        "value is 0.5; it must lie within [low, high] = [0.1, 0.3] (value is the mode of a triangular distribution)");
  CHECK(validate(triangular(0.1, 0.1, 0.3)) == "");  // mode at an end is allowed
  CHECK(validate(normal(0.5, 0.1, 1.0, 0.0)) == "bounds are [1, 0]; the lower bound must be < the upper bound");
  CHECK(validate(normal(5.0, 0.1, 0.0, 1.0)) == "bounds are [0, 1] but value is 5; the bounds must contain value");
  CHECK(validate(uniform(0.0, 0.0, 1.0, -1.0, 0.0)) ==
        "bounds are [-1, 0] and [low, high] = [0, 1]; they overlap in a single point, so the truncated uniform "
        "distribution has no probability left");
  CHECK(validate(normal(std::nan(""), 0.1)) == "value is nan; it must be a finite number");
  CHECK(validate(uniform(0.1, -kInf, 0.3)) == "low is -inf; it must be a finite number");
  Marginal fixed;
  fixed.value = 2.0;
  CHECK(validate(fixed) == "");
  fixed.lower_bound = 3.0;
  CHECK(validate(fixed) == "bounds are [3, inf] but value is 2; the bounds must contain value");
}

TEST_CASE("distribution names round-trip; 'fixed' is not a file spelling") {
  for (const Distribution d :
       {Distribution::normal, Distribution::lognormal, Distribution::uniform, Distribution::triangular}) {
    CHECK(goalpath::sample::distribution_from_string(goalpath::sample::to_string(d)) == d);
  }
  CHECK(goalpath::sample::to_string(Distribution::fixed) == "fixed");
  CHECK_FALSE(goalpath::sample::distribution_from_string("fixed").has_value());
  CHECK_FALSE(goalpath::sample::distribution_from_string("Normal").has_value());
  CHECK_FALSE(goalpath::sample::distribution_from_string("").has_value());
}

// Φ⁻¹ (Wichura AS241) and Φ (engine/sample/normal.cpp) against Boost.Math.
#include <doctest/doctest.h>

#include <boost/math/distributions/normal.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "sample/sample.hpp"

using goalpath::sample::inverse_normal_cdf;
using goalpath::sample::normal_cdf;

namespace {

const boost::math::normal_distribution<double> kStandard(0.0, 1.0);

/// Boost's quantile, from the side where the probability is exact.
double boost_quantile(double u) {
  return u <= 0.5 ? boost::math::quantile(kStandard, u) : -boost::math::quantile(kStandard, 1.0 - u);
}

/// Relative error, with an absolute floor near the median where Φ⁻¹ crosses 0.
double relative_error(double got, double want) { return std::abs(got - want) / std::max(std::abs(want), 1e-300); }

constexpr double kTolerance = 1e-12;  // the contract's accuracy bound, relative

/// A dense grid over (1e-300, 1 - 1e-16): log-spaced in both tails, linear in the middle.
std::vector<double> grid() {
  std::vector<double> u;
  for (double e = -300.0; e <= std::log10(0.5); e += 0.01) {
    const double p = std::pow(10.0, e);
    u.push_back(p);
    if (1.0 - p < 1.0 && 1.0 - p >= 1e-16) u.push_back(1.0 - p);
  }
  for (int i = 1; i < 100000; ++i) u.push_back(i / 100000.0);
  // Around the region boundaries of AS241: |u - ½| = 0.425 and r = 5.
  for (double d = -1e-6; d <= 1e-6; d += 1e-8) {
    u.push_back(0.075 + d);
    u.push_back(0.925 + d);
  }
  const double r5 = std::exp(-25.0);
  for (double f = 0.999; f <= 1.001; f += 1e-5) u.push_back(r5 * f);
  u.push_back(1.0 - 1e-16);
  u.push_back(1e-300);
  return u;
}

}  // namespace

TEST_CASE("inverse_normal_cdf: within 1e-12 relative of Boost on a dense grid down to 1e-300") {
  double worst = 0.0;
  double worst_u = 0.0;
  for (const double u : grid()) {
    const double got = inverse_normal_cdf(u);
    const double want = boost_quantile(u);
    const double err = relative_error(got, want);
    if (err > worst) {
      worst = err;
      worst_u = u;
    }
    if (err > kTolerance) {
      INFO("u = " << u << ", got " << got << ", Boost " << want << ", relative error " << err << " > tolerance "
                  << kTolerance);
      CHECK(err <= kTolerance);
    }
  }
  MESSAGE("largest relative error on the grid " << worst << " at u = " << worst_u);
}

TEST_CASE("inverse_normal_cdf: within 1e-12 relative of Boost at random points") {
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::uniform_real_distribution<double> exponent(-300.0, 0.0);
  for (int i = 0; i < 200000; ++i) {
    const double u = i % 2 == 0 ? uniform(rng) : std::pow(10.0, exponent(rng));
    if (!(u > 0.0 && u < 1.0)) continue;
    const double got = inverse_normal_cdf(u);
    const double want = boost_quantile(u);
    INFO("u = " << u << ", got " << got << ", Boost " << want);
    REQUIRE(relative_error(got, want) <= kTolerance);
  }
}

TEST_CASE("inverse_normal_cdf: symmetric, monotone and exact at the median") {
  CHECK(inverse_normal_cdf(0.5) == 0.0);
  std::mt19937_64 rng(12);
  std::uniform_real_distribution<double> uniform(0.5, 1.0);
  for (int i = 0; i < 100000; ++i) {
    const double u = uniform(rng);  // 1 - u is exact for u in [½, 1]
    REQUIRE(inverse_normal_cdf(1.0 - u) == -inverse_normal_cdf(u));
  }
  double previous = -std::numeric_limits<double>::infinity();
  for (const double u : {1e-300, 1e-100, 1e-20, 1e-11, 1e-5, 0.01, 0.074, 0.075, 0.076, 0.3, 0.5, 0.7, 0.924, 0.925,
                         0.926, 0.99, 1 - 1e-11, 1 - 1e-16}) {
    const double z = inverse_normal_cdf(u);
    INFO("u = " << u);
    CHECK(z > previous);
    previous = z;
  }
}

TEST_CASE("inverse_normal_cdf: tails and special values") {
  constexpr double kInf = std::numeric_limits<double>::infinity();
  CHECK(inverse_normal_cdf(0.0) == -kInf);
  CHECK(inverse_normal_cdf(1.0) == kInf);
  CHECK(std::isnan(inverse_normal_cdf(std::numeric_limits<double>::quiet_NaN())));
  CHECK(std::isnan(inverse_normal_cdf(-0.1)));
  CHECK(std::isnan(inverse_normal_cdf(1.1)));
  CHECK(std::isnan(inverse_normal_cdf(-kInf)));
  CHECK(std::isnan(inverse_normal_cdf(kInf)));
  // Known values: Φ⁻¹(0.975) = 1.959963984540054, Φ⁻¹(1e-10) = -6.361340902404056.
  CHECK(inverse_normal_cdf(0.975) == doctest::Approx(1.959963984540054).epsilon(1e-14));
  CHECK(inverse_normal_cdf(1e-10) == doctest::Approx(-6.361340902404056).epsilon(1e-14));
  // Subnormal probabilities stay finite and ordered (about -38.4 at the smallest double).
  const double smallest = std::numeric_limits<double>::denorm_min();
  const double z_min = inverse_normal_cdf(smallest);
  CHECK(std::isfinite(z_min));
  CHECK(z_min < inverse_normal_cdf(1e-310));
  CHECK(inverse_normal_cdf(1e-310) < inverse_normal_cdf(1e-300));
  CHECK(z_min == doctest::Approx(-38.4674).epsilon(1e-4));
  // The largest uniform the streams produce, 1 - 2^-53, and the smallest, 2^-54.
  CHECK(relative_error(inverse_normal_cdf(1.0 - 0x1p-53), boost_quantile(1.0 - 0x1p-53)) <= kTolerance);
  CHECK(relative_error(inverse_normal_cdf(0x1p-54), boost_quantile(0x1p-54)) <= kTolerance);
}

TEST_CASE("inverse_normal_cdf: the array version equals the scalar version bit for bit") {
  std::vector<double> u = grid();
  std::mt19937_64 rng(13);
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (int i = 0; i < 50000; ++i) u.push_back(uniform(rng));
  const double specials[] = {
      0.0,    1.0,   -0.5,  2.0, std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::denorm_min(),
      1e-320, 0.075, 0.925, 0.5};
  for (const double s : specials) u.insert(u.begin() + static_cast<long>(u.size() / 2), s);
  std::vector<double> z(u.size());
  inverse_normal_cdf(u, z);
  for (std::size_t i = 0; i < u.size(); ++i) {
    const double scalar = inverse_normal_cdf(u[i]);
    INFO("u = " << u[i] << ", array " << z[i] << ", scalar " << scalar);
    if (std::isnan(scalar)) {
      REQUIRE(std::isnan(z[i]));
    } else {
      REQUIRE(z[i] == scalar);
    }
  }
  // Every length (remainders of the vector loops and of the chunks) and in place.
  for (const std::size_t n : {0, 1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 255, 256, 257, 511, 512, 513, 1500}) {
    std::vector<double> in(u.begin(), u.begin() + static_cast<long>(n));
    std::vector<double> out(n);
    inverse_normal_cdf(in, out);
    inverse_normal_cdf(in, in);  // aliasing allowed
    for (std::size_t i = 0; i < n; ++i) {
      INFO("n = " << n << ", i = " << i);
      const double scalar = inverse_normal_cdf(u[i]);
      REQUIRE((std::isnan(scalar) ? std::isnan(out[i]) && std::isnan(in[i]) : out[i] == scalar && in[i] == scalar));
    }
  }
  std::vector<double> wrong(3);
  CHECK_THROWS_AS(inverse_normal_cdf(std::span<const double>(u.data(), 4), wrong), std::invalid_argument);
}

TEST_CASE("normal_cdf: matches Boost in both tails and inverts inverse_normal_cdf") {
  // In the lower tail Φ's condition number is about z² (d log Φ / d log z), so
  // rounding z/√2 alone moves Φ by ~z²·1e-16 relative, in the engine and in
  // Boost alike: the tolerance is 1e-14 relative times max(1, z²).
  const auto tolerance = [](double z) { return 1e-14 * std::max(1.0, z * z); };
  for (double z = -38.0; z <= 8.5; z += 0.001) {
    const double want = boost::math::cdf(kStandard, z);
    INFO("z = " << z);
    REQUIRE(relative_error(normal_cdf(z), want) <= tolerance(z));
  }
  // Upper tail through the complement: Φ(-z) = 1 - Φ(z) exactly represented in the lower tail.
  for (double z = 0.0; z <= 37.0; z += 0.01) {
    INFO("z = " << z);
    REQUIRE(relative_error(normal_cdf(-z), boost::math::cdf(boost::math::complement(kStandard, z))) <= tolerance(z));
  }
  CHECK(normal_cdf(0.0) == 0.5);
  CHECK(normal_cdf(-std::numeric_limits<double>::infinity()) == 0.0);
  CHECK(normal_cdf(std::numeric_limits<double>::infinity()) == 1.0);
  CHECK(std::isnan(normal_cdf(std::numeric_limits<double>::quiet_NaN())));
  // Round trip: Φ(Φ⁻¹(u)) = u to about 1e-15 relative (the slope of Φ magnifies Φ⁻¹'s error).
  for (double e = -300.0; e < -0.31; e += 0.1) {
    const double u = std::pow(10.0, e);
    INFO("u = " << u);
    REQUIRE(relative_error(normal_cdf(inverse_normal_cdf(u)), u) <= 1e-12);
  }
}

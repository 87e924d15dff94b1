// Ranges wider than the largest double (issue 14, items 1 and 3): refused by
// validate(), and a triangular whose width is near the largest double draws
// across its whole range (its quantile once overflowed to draw `low` always).
#include <doctest/doctest.h>

#include <cmath>
#include <limits>
#include <string>

#include "sample/sample.hpp"

using goalpath::sample::Distribution;
using goalpath::sample::Marginal;
using goalpath::sample::validate;

namespace {
Marginal of(Distribution dist, double value, double sd, double low, double high) {
  Marginal m;
  m.dist = dist;
  m.value = value;
  m.sd = sd;
  m.low = low;
  m.high = high;
  return m;
}
}  // namespace

TEST_CASE("a range whose width overflows is refused, naming the field and the rule") {
  const std::string uniform = validate(of(Distribution::uniform, 0, 0, -1e308, 1e308));
  CHECK(uniform.find("high - low exceeds the largest double") != std::string::npos);
  CHECK(validate(of(Distribution::triangular, 0, 0, -1.5e308, 1.5e308)).find("high - low") != std::string::npos);
  const std::string normal = validate(of(Distribution::normal, 0, 1e308, 0, 0));
  CHECK(normal.find("sd is 1e+308") != std::string::npos);
  CHECK(normal.find("40 sd") != std::string::npos);
  CHECK(!validate(of(Distribution::lognormal, 1, 1e307, 0, 0)).empty());
  CHECK(!validate(of(Distribution::normal, 1.7e308, 1e306, 0, 0)).empty());  // value + 80 sd overflows
  // Just inside: a width of 1.6e308, an sd whose 80 sd are finite.
  CHECK(validate(of(Distribution::uniform, 0, 0, -8e307, 8e307)).empty());
  CHECK(validate(of(Distribution::normal, 0, 1e300, 0, 0)).empty());
  CHECK(validate(of(Distribution::lognormal, 1, 400, 0, 0)).empty());
}

TEST_CASE("a triangular over ±1e200 (width² overflows) has the closed-form quantile and cdf") {
  // Symmetric, mode 0: F(x) = (x - low)² / (width · (mode - low)) below the
  // mode, so quantile(1/8) = low + sqrt(1/8 · 2e200 · 1e200) = -5e199.
  const Marginal m = of(Distribution::triangular, 0, 0, -1e200, 1e200);
  REQUIRE(validate(m).empty());
  CHECK(m.quantile(0.125) == doctest::Approx(-5e199).epsilon(1e-12));
  CHECK(m.quantile(0.875) == doctest::Approx(5e199).epsilon(1e-12));
  CHECK(std::abs(m.quantile(0.5)) <= 1e188);
  CHECK(m.cdf(-5e199) == doctest::Approx(0.125).epsilon(1e-12));
  CHECK(m.cdf(5e199) == doctest::Approx(0.875).epsilon(1e-12));
  // Its mean needs cubes of the width (truncated: the partial moments).
  Marginal truncated = m;
  truncated.lower_bound = 0;
  // Right half of the triangle, renormalised: density 2(w - x)/w² on [0, w], mean w/3.
  CHECK(truncated.mean() == doctest::Approx(1e200 / 3).epsilon(1e-9));
}

TEST_CASE("a triangular of ordinary width keeps its results to the bit") {
  // The overflow-safe forms are used only when the plain products overflow.
  const Marginal m = of(Distribution::triangular, 0.09, 0, 0.05, 0.12);
  const double u = 0.3, width = 0.12 - 0.05, left = 0.09 - 0.05;
  CHECK(m.quantile(u) == 0.05 + std::sqrt(u * width * left));
}

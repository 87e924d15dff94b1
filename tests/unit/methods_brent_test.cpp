// brent_root(): closed-form roots to the tolerance, endpoint roots, no bracket.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include "analysis/methods.hpp"

using goalpath::analysis::brent_root;
using goalpath::analysis::BrentOptions;

TEST_CASE("break-even compound growth: 39000 (1 + g)^4 = 50000") {
  const double expected = std::pow(50000.0 / 39000.0, 0.25) - 1;
  int calls = 0;
  auto f = [&](double g) {
    ++calls;
    return 39000 * std::pow(1 + g, 4) - 50000;
  };
  const auto root = brent_root(f, -0.5, 1.0);
  REQUIRE(root.has_value());
  INFO("expected " << expected << " actual " << *root << " calls " << calls);
  CHECK(std::abs(*root - expected) <= 1e-10);
  CHECK(calls < 30);
}

TEST_CASE("roots of other closed forms, bracket in either order") {
  const auto r1 = brent_root([](double x) { return std::cos(x) - x; }, 1.0, 0.0);
  REQUIRE(r1.has_value());
  CHECK(std::abs(*r1 - 0.7390851332151607) <= 1e-10);

  BrentOptions tight;
  tight.x_tolerance = 1e-14;
  const auto r2 = brent_root([](double x) { return std::exp(x) - 2; }, 0.0, 5.0, tight);
  REQUIRE(r2.has_value());
  CHECK(std::abs(*r2 - std::log(2.0)) <= 1e-14);

  // A flat-then-steep function (slow for secants) still converges.
  const auto r3 = brent_root([](double x) { return std::pow(x, 9) - 1e-9; }, 0.0, 2.0);
  REQUIRE(r3.has_value());
  CHECK(std::abs(*r3 - std::pow(1e-9, 1.0 / 9)) <= 1e-10);
}

TEST_CASE("a zero at an endpoint is returned as is") {
  CHECK(brent_root([](double x) { return x - 1; }, 1.0, 3.0) == 1.0);
  CHECK(brent_root([](double x) { return x - 3; }, 1.0, 3.0) == 3.0);
  CHECK(brent_root([](double x) { return x - 2; }, 2.0, 2.0) == 2.0);
}

TEST_CASE("no sign change, no answer") {
  CHECK_FALSE(brent_root([](double x) { return x * x + 1; }, -2.0, 2.0).has_value());
  // Two roots inside, same sign at both ends.
  CHECK_FALSE(brent_root([](double x) { return x * x - 1; }, -2.0, 2.0).has_value());
  CHECK_FALSE(brent_root([](double x) { return x - 5; }, 2.0, 2.0).has_value());
  // Undefined at an end.
  CHECK_FALSE(brent_root([](double x) { return std::log(x); }, -1.0, 2.0).has_value());
}

TEST_CASE("a non-finite value inside the bracket is an error, not a root") {
  auto f = [](double x) { return (x > 0.4 && x < 0.6) ? std::numeric_limits<double>::quiet_NaN() : x - 0.5; };
  CHECK_THROWS_AS(brent_root(f, 0.0, 1.0), std::domain_error);
}

TEST_CASE("invalid options are rejected") {
  BrentOptions options;
  options.max_iterations = 0;
  CHECK_THROWS_AS(brent_root([](double x) { return x; }, -1.0, 1.0, options), std::invalid_argument);
}

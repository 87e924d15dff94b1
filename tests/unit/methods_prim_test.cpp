// prim(): recovers a planted box from uniform points; box statistics; edge cases.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "analysis/methods.hpp"

using goalpath::analysis::prim;
using goalpath::analysis::PrimBox;
using goalpath::analysis::PrimOptions;

namespace {

// Uniform points in [0,1)^d from mt19937_64, whose output sequence the C++
// standard fixes, so the test data are the same everywhere.
Eigen::MatrixXd uniform_points(int d, int n, std::uint64_t seed) {
  std::mt19937_64 gen(seed);
  Eigen::MatrixXd x(d, n);
  for (int j = 0; j < n; ++j) {
    for (int i = 0; i < d; ++i) x(i, j) = static_cast<double>(gen() >> 11) * 0x1p-53;
  }
  return x;
}

// Recounts a box's statistics from its limits.
PrimBox recount(const PrimBox& box, const Eigen::MatrixXd& x, const Eigen::VectorXd& success) {
  PrimBox out = box;
  double in = 0, s_in = 0;
  for (Eigen::Index j = 0; j < x.cols(); ++j) {
    bool inside = true;
    for (Eigen::Index i = 0; i < x.rows(); ++i) {
      const auto k = static_cast<std::size_t>(i);
      inside = inside && x(i, j) >= box.lower[k] && x(i, j) <= box.upper[k];
    }
    if (inside) {
      in += 1;
      s_in += success(j);
    }
  }
  out.mass = in / static_cast<double>(x.cols());
  out.density = in > 0 ? s_in / in : 0;
  out.coverage = s_in / success.sum();
  return out;
}

}  // namespace

TEST_CASE("prim recovers x0 in [0.2, 0.6] and x1 > 0.5 from uniform points") {
  const int n = 5000;
  const Eigen::MatrixXd x = uniform_points(3, n, 2024);
  Eigen::VectorXd success(n);
  for (int j = 0; j < n; ++j) {
    success(j) = (x(0, j) >= 0.2 && x(0, j) <= 0.6 && x(1, j) > 0.5) ? 1.0 : 0.0;
  }
  const auto result = prim(x, success, PrimOptions{});
  REQUIRE(result.trajectory.size() >= 3);
  REQUIRE(result.chosen == static_cast<int>(result.trajectory.size()) - 1);

  // The trajectory starts from the box around all points.
  const PrimBox& first = result.trajectory.front();
  CHECK(first.mass == 1.0);
  CHECK(first.coverage == 1.0);
  CHECK(first.density == doctest::Approx(success.mean()));

  const PrimBox& box = result.trajectory[static_cast<std::size_t>(result.chosen)];
  INFO("box x0 [" << box.lower[0] << ", " << box.upper[0] << "] x1 [" << box.lower[1] << ", " << box.upper[1]
                  << "] x2 [" << box.lower[2] << ", " << box.upper[2] << "] density " << box.density
                  << " coverage " << box.coverage << " mass " << box.mass);
  // With 5000 points a peel of 5% moves a side by at most ~0.02 near the end,
  // and pasting takes back what was peeled too far; 0.05 leaves room for both.
  CHECK(std::abs(box.lower[0] - 0.2) <= 0.05);
  CHECK(std::abs(box.upper[0] - 0.6) <= 0.05);
  CHECK(std::abs(box.lower[1] - 0.5) <= 0.05);
  CHECK(box.upper[1] >= 0.95);
  CHECK(box.density >= 0.95);
  CHECK(box.coverage >= 0.9);
  // The irrelevant input keeps (nearly) its whole range.
  CHECK(box.upper[2] - box.lower[2] >= 0.85);

  // Every recorded box's statistics match a recount from its limits, and
  // peeling only shrinks the mass.
  for (std::size_t t = 0; t < result.trajectory.size(); ++t) {
    const PrimBox& b = result.trajectory[t];
    const PrimBox r = recount(b, x, success);
    INFO("box " << t);
    CHECK(b.mass == doctest::Approx(r.mass).epsilon(1e-12));
    CHECK(b.density == doctest::Approx(r.density).epsilon(1e-12));
    CHECK(b.coverage == doctest::Approx(r.coverage).epsilon(1e-12));
    if (t > 0 && t + 1 < result.trajectory.size()) {
      CHECK(b.mass < result.trajectory[t - 1].mass);
      CHECK(b.mass >= PrimOptions{}.min_mass);
    }
  }
}

TEST_CASE("prim with no successes or only successes keeps the full box") {
  const Eigen::MatrixXd x = uniform_points(2, 200, 5);
  const auto none = prim(x, Eigen::VectorXd::Zero(200), PrimOptions{});
  REQUIRE(none.trajectory.size() == 2);  // the full box, then the (unchanged) pasted box
  CHECK(none.trajectory.back().mass == 1.0);
  CHECK(none.trajectory.back().density == 0.0);
  CHECK(none.trajectory.back().coverage == 0.0);

  const auto all = prim(x, Eigen::VectorXd::Ones(200), PrimOptions{});
  CHECK(all.trajectory.back().mass == 1.0);
  CHECK(all.trajectory.back().density == 1.0);
  CHECK(all.trajectory.back().coverage == 1.0);
}

TEST_CASE("prim handles tied values (a discrete input)") {
  // x0 takes 4 values; success iff x0 == 3.
  const int n = 400;
  Eigen::MatrixXd x = uniform_points(2, n, 9);
  Eigen::VectorXd success(n);
  for (int j = 0; j < n; ++j) {
    x(0, j) = j % 4;
    success(j) = j % 4 == 3 ? 1.0 : 0.0;
  }
  const auto result = prim(x, success, PrimOptions{});
  const PrimBox& box = result.trajectory[static_cast<std::size_t>(result.chosen)];
  CHECK(box.density == 1.0);
  CHECK(box.coverage == 1.0);
  CHECK(box.lower[0] == doctest::Approx(2.5));
  CHECK(box.upper[0] == 3.0);
}

TEST_CASE("prim box limits match their points even between adjacent doubles") {
  // x0 runs over 40 consecutive doubles from 1; success iff it is one of the upper 20.
  const int n = 40;
  Eigen::MatrixXd x(1, n);
  Eigen::VectorXd success(n);
  double v = 1.0;
  for (int j = 0; j < n; ++j) {
    x(0, j) = v;
    success(j) = j >= 20 ? 1.0 : 0.0;
    v = std::nextafter(v, 2.0);
  }
  PrimOptions options;
  options.min_mass = 0.1;
  const auto result = prim(x, success, options);
  const PrimBox& box = result.trajectory[static_cast<std::size_t>(result.chosen)];
  CHECK(box.density == 1.0);
  CHECK(box.coverage == 1.0);
  for (const PrimBox& b : result.trajectory) {
    const PrimBox r = recount(b, x, success);
    CHECK(b.mass == r.mass);
    CHECK(b.density == r.density);
  }
}

TEST_CASE("prim rejects bad input") {
  const Eigen::MatrixXd x = uniform_points(2, 10, 1);
  CHECK_THROWS_AS(prim(x, Eigen::VectorXd::Zero(9), PrimOptions{}), std::invalid_argument);
  CHECK_THROWS_AS(prim(x, Eigen::VectorXd::Constant(10, 0.5), PrimOptions{}), std::invalid_argument);
  PrimOptions options;
  options.peel_alpha = 0;
  CHECK_THROWS_AS(prim(x, Eigen::VectorXd::Zero(10), options), std::invalid_argument);
}

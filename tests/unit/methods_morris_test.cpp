// morris(): the design's shape, exact elementary effects for a linear model,
// spread for an interaction, determinism by seed.
#include <doctest/doctest.h>

#include <cmath>
#include <set>

#include "analysis/methods.hpp"

using goalpath::analysis::morris;
using goalpath::analysis::MorrisOptions;

TEST_CASE("morris of a linear model: mu = a, mu* = |a|, sigma = 0, in one batch on the grid") {
  const Eigen::Vector4d a(1.5, -2, 0.25, 0);
  int calls = 0;
  Eigen::MatrixXd seen;
  auto f = [&](const Eigen::MatrixXd& x) -> Eigen::VectorXd {
    ++calls;
    seen = x;
    return (a.transpose() * x).transpose();
  };
  MorrisOptions options;
  options.trajectories = 25;
  options.levels = 6;
  options.seed = 42;
  const auto result = morris(f, 4, options);

  CHECK(calls == 1);
  REQUIRE(seen.cols() == 25 * 5);
  // Every coordinate is a level k / (p - 1), and each trajectory moves one
  // coordinate per step by exactly Δ = p / (2 (p - 1)) = 0.6.
  for (Eigen::Index c = 0; c < seen.cols(); ++c) {
    for (Eigen::Index i = 0; i < 4; ++i) {
      const double level = seen(i, c) * 5;
      CHECK(std::abs(level - std::round(level)) < 1e-12);
    }
    if (c % 5 != 0) {
      const Eigen::VectorXd step = seen.col(c) - seen.col(c - 1);
      CHECK((step.array().abs() > 0).count() == 1);
      CHECK(step.cwiseAbs().maxCoeff() == doctest::Approx(0.6).epsilon(1e-12));
    }
  }
  REQUIRE(result.size() == 4);
  for (int i = 0; i < 4; ++i) {
    INFO("parameter " << i << " a = " << a(i));
    CHECK(result[static_cast<std::size_t>(i)].mu == doctest::Approx(a(i)).epsilon(1e-12));
    CHECK(result[static_cast<std::size_t>(i)].mu_star == doctest::Approx(std::abs(a(i))).epsilon(1e-12));
    CHECK(result[static_cast<std::size_t>(i)].sigma < 1e-12);
  }
}

TEST_CASE("morris sees steps in both directions and all grid levels") {
  Eigen::MatrixXd seen;
  auto f = [&](const Eigen::MatrixXd& x) -> Eigen::VectorXd {
    seen = x;
    return x.colwise().sum().transpose();
  };
  MorrisOptions options;
  options.trajectories = 50;
  options.levels = 4;
  morris(f, 3, options);
  std::set<long> levels;
  int up = 0, down = 0;
  for (Eigen::Index c = 0; c < seen.cols(); ++c) {
    for (Eigen::Index i = 0; i < 3; ++i) levels.insert(std::lround(seen(i, c) * 3));
    if (c % 4 != 0) {
      const double s = (seen.col(c) - seen.col(c - 1)).sum();
      (s > 0 ? up : down) += 1;
    }
  }
  CHECK(levels == std::set<long>{0, 1, 2, 3});
  CHECK(up > 40);
  CHECK(down > 40);
}

TEST_CASE("morris of an interaction: sigma > 0 for the interacting inputs only") {
  // f = u0 u1 + 3 u2: EE_0 = u1, EE_1 = u0 vary with the other input; EE_2 = 3.
  auto f = [](const Eigen::MatrixXd& x) -> Eigen::VectorXd {
    return (x.row(0).array() * x.row(1).array() + 3 * x.row(2).array()).matrix().transpose();
  };
  MorrisOptions options;
  options.trajectories = 40;
  const auto result = morris(f, 3, options);
  CHECK(result[0].sigma > 0.1);
  CHECK(result[1].sigma > 0.1);
  CHECK(result[2].sigma < 1e-12);
  CHECK(result[2].mu_star == doctest::Approx(3).epsilon(1e-12));
  // EE_0 = u1 at a grid level, so mu* lies in [0, 1].
  CHECK(result[0].mu_star > 0);
  CHECK(result[0].mu_star < 1);
}

TEST_CASE("morris is a pure function of its seed") {
  auto f = [](const Eigen::MatrixXd& x) -> Eigen::VectorXd {
    return (x.row(0).array().square() * x.row(1).array()).matrix().transpose();
  };
  MorrisOptions options;
  options.seed = 7;
  const auto a = morris(f, 2, options);
  const auto b = morris(f, 2, options);
  options.seed = 8;
  const auto c = morris(f, 2, options);
  CHECK(a[0].mu_star == b[0].mu_star);
  CHECK(a[0].sigma == b[0].sigma);
  CHECK(a[0].sigma != c[0].sigma);
}

TEST_CASE("morris rejects invalid options") {
  auto f = [](const Eigen::MatrixXd& x) -> Eigen::VectorXd { return Eigen::VectorXd::Zero(x.cols()); };
  MorrisOptions options;
  options.levels = 5;
  CHECK_THROWS_AS(morris(f, 2, options), std::invalid_argument);
  options.levels = 4;
  options.trajectories = 0;
  CHECK_THROWS_AS(morris(f, 2, options), std::invalid_argument);
  CHECK_THROWS_AS(morris(f, 0, MorrisOptions{}), std::invalid_argument);
}

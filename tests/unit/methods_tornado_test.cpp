// tornado(): one batch of 2D + 1 points, exact outputs for a linear model,
// bars sorted by swing with ties in parameter order.
#include <doctest/doctest.h>

#include "analysis/methods.hpp"

using goalpath::analysis::tornado;

TEST_CASE("tornado of a linear model: exact outputs, one batch, sorted by swing") {
  // f = 7 + 2 x0 - 3 x1 + 0.5 x2 + 1 x3; swings 2*2, 3*1, 0.5*2, 1*4.
  const Eigen::Vector4d a(2, -3, 0.5, 1);
  int calls = 0;
  Eigen::MatrixXd seen;
  auto f = [&](const Eigen::MatrixXd& x) -> Eigen::VectorXd {
    ++calls;
    seen = x;
    return (7.0 + (a.transpose() * x).array()).matrix().transpose();
  };
  const Eigen::Vector4d center(1, 1, 1, 2);
  const Eigen::Vector4d low(0, 0.5, 0, 0);
  const Eigen::Vector4d high(2, 1.5, 2, 4);
  const auto bars = tornado(f, center, low, high);

  CHECK(calls == 1);
  REQUIRE(seen.cols() == 9);
  CHECK(seen.col(0) == Eigen::VectorXd(center));
  REQUIRE(bars.size() == 4);
  // Swings: x0 4, x1 3, x2 1, x3 4: x0 and x3 tie, so x0 (lower index) first.
  const int expected_order[] = {0, 3, 1, 2};
  const double f_center = 7 + a.dot(center);
  for (int k = 0; k < 4; ++k) {
    const auto& bar = bars[static_cast<std::size_t>(k)];
    const int i = bar.parameter;
    INFO("bar " << k << " parameter " << i);
    CHECK(i == expected_order[k]);
    CHECK(bar.low == low(i));
    CHECK(bar.high == high(i));
    CHECK(bar.output_low == doctest::Approx(f_center + a(i) * (low(i) - center(i))).epsilon(1e-15));
    CHECK(bar.output_high == doctest::Approx(f_center + a(i) * (high(i) - center(i))).epsilon(1e-15));
    CHECK(bar.swing == doctest::Approx(std::abs(a(i) * (high(i) - low(i)))).epsilon(1e-15));
    CHECK(bar.output_center == f_center);
  }
  // A negative coefficient gives output_low > output_high; the swing stays positive.
  CHECK(bars[2].output_low > bars[2].output_high);
}

TEST_CASE("tornado rejects mismatched sizes and wrong output counts") {
  auto f = [](const Eigen::MatrixXd& x) -> Eigen::VectorXd { return Eigen::VectorXd::Zero(x.cols()); };
  CHECK_THROWS_AS(tornado(f, Eigen::Vector2d(1, 1), Eigen::Vector3d(0, 0, 0), Eigen::Vector2d(2, 2)),
                  std::invalid_argument);
  auto short_f = [](const Eigen::MatrixXd&) -> Eigen::VectorXd { return Eigen::VectorXd::Zero(1); };
  CHECK_THROWS_AS(tornado(short_f, Eigen::Vector2d(1, 1), Eigen::Vector2d(0, 0), Eigen::Vector2d(2, 2)),
                  std::runtime_error);
}

TEST_CASE("tornado: a swing below 1e-12 of the output's scale is rounding, reported as 0") {
  // x1 moves the output by 1e-14 of its size (a parameter that cancels out
  // of a share moves it by an ulp or two); x2 by 1e-10, which is real.
  auto f = [](const Eigen::MatrixXd& x) -> Eigen::VectorXd {
    return (x.row(0).array() * (1 + 1e-14 * x.row(1).array() + 1e-10 * x.row(2).array())).matrix().transpose();
  };
  const Eigen::Vector3d center(1, 0, 0), low(0.5, 0, 0), high(1.5, 1, 1);
  const auto bars = tornado(f, center, low, high);
  REQUIRE(bars.size() == 3);
  CHECK(bars[0].parameter == 0);
  CHECK(bars[1].parameter == 2);
  CHECK(bars[1].swing == doctest::Approx(1e-10).epsilon(1e-6));
  CHECK(bars[2].parameter == 1);
  CHECK(bars[2].output_high != bars[2].output_low);  // the outputs stay as computed
  CHECK(bars[2].swing == 0);
}

// Conditioning the Gaussian copula on fixed variables (sample/conditional.hpp):
// the closed-form conditional moments, and a sample drawn through the
// returned shift and factor against them.
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <cmath>
#include <stdexcept>
#include <vector>

#include "sample/conditional.hpp"
#include "sample/sample.hpp"

using goalpath::sample::condition_copula;

TEST_CASE("bivariate: the other variable has mean rho*c and variance 1 - rho^2") {
  Eigen::MatrixXd c(2, 2);
  c << 1, 0.7, 0.7, 1;
  Eigen::VectorXd value(1);
  value << 1.5;
  const auto out = condition_copula(c, {0}, value);
  CHECK(out.shift(0) == 1.5);
  CHECK(out.shift(1) == doctest::Approx(0.7 * 1.5).epsilon(1e-14));
  CHECK(out.factor.row(0).isZero());
  CHECK(out.factor.col(0).isZero());
  CHECK(out.factor(1, 1) == doctest::Approx(std::sqrt(1 - 0.49)).epsilon(1e-14));
}

TEST_CASE("nothing fixed: the factor reproduces the correlation and the shift is zero") {
  Eigen::MatrixXd c(3, 3);
  c << 1, 0.3, -0.2, 0.3, 1, 0.5, -0.2, 0.5, 1;
  const auto out = condition_copula(c, {}, Eigen::VectorXd(0));
  CHECK(out.shift.isZero());
  CHECK((out.factor * out.factor.transpose() - c).cwiseAbs().maxCoeff() < 1e-14);
}

TEST_CASE("trivariate, one fixed: moments from the Schur complement, and a sample agrees") {
  Eigen::MatrixXd c(3, 3);
  c << 1, 0.6, 0.3, 0.6, 1, -0.4, 0.3, -0.4, 1;
  Eigen::VectorXd value(1);
  value << -0.8;
  const auto out = condition_copula(c, {1}, value);
  // Closed form: mean_O = C_O1 * c, cov_O = C_OO - C_O1 C_1O.
  const Eigen::Vector2d c_o1(0.6, -0.4);
  Eigen::Matrix2d c_oo;
  c_oo << 1, 0.3, 0.3, 1;
  const Eigen::Matrix2d cov = c_oo - c_o1 * c_o1.transpose();
  CHECK(out.shift(0) == doctest::Approx(0.6 * -0.8).epsilon(1e-14));
  CHECK(out.shift(2) == doctest::Approx(-0.4 * -0.8).epsilon(1e-14));
  const Eigen::MatrixXd sigma = out.factor * out.factor.transpose();
  CHECK(sigma(0, 0) == doctest::Approx(cov(0, 0)).epsilon(1e-13));
  CHECK(sigma(0, 2) == doctest::Approx(cov(0, 1)).epsilon(1e-13));
  CHECK(sigma(2, 2) == doctest::Approx(cov(1, 1)).epsilon(1e-13));
  CHECK(sigma.row(1).isZero());

  // Drawn through z = shift + factor e with the project's streams: sample
  // moments within 4 standard errors of the closed form.
  const int n = 200000;
  Eigen::MatrixXd e(3, n);
  std::vector<double> column(n);
  for (int v = 0; v < 3; ++v) {
    goalpath::sample::fill_standard_normals(7, 0, 100 + v, 0, column);
    for (int i = 0; i < n; ++i) e(v, i) = column[i];
  }
  const Eigen::MatrixXd z = (out.factor * e).colwise() + out.shift;
  CHECK((z.row(1).array() == -0.8).all());
  const double mean0 = z.row(0).mean(), mean2 = z.row(2).mean();
  CHECK(std::abs(mean0 - out.shift(0)) < 4 * std::sqrt(cov(0, 0) / n));
  CHECK(std::abs(mean2 - out.shift(2)) < 4 * std::sqrt(cov(1, 1) / n));
  const double covariance = ((z.row(0).array() - mean0) * (z.row(2).array() - mean2)).mean();
  // SE of a sample covariance of a bivariate normal: sqrt((s00 s22 + s02^2) / n).
  CHECK(std::abs(covariance - cov(0, 1)) < 4 * std::sqrt((cov(0, 0) * cov(1, 1) + cov(0, 1) * cov(0, 1)) / n));
}

TEST_CASE("two fixed variables that are perfectly correlated use the pseudo-inverse") {
  Eigen::MatrixXd c(3, 3);
  c << 1, 1, 0.5, 1, 1, 0.5, 0.5, 0.5, 1;
  Eigen::VectorXd value(2);
  value << 0.4, 0.4;
  const auto out = condition_copula(c, {0, 1}, value);
  CHECK(out.shift(2) == doctest::Approx(0.5 * 0.4).epsilon(1e-12));
  CHECK(out.factor(2, 2) == doctest::Approx(std::sqrt(0.75)).epsilon(1e-12));
}

TEST_CASE("bad arguments are refused") {
  Eigen::MatrixXd c = Eigen::MatrixXd::Identity(2, 2);
  Eigen::VectorXd one(1);
  one << 0.0;
  CHECK_THROWS_AS(condition_copula(c, {2}, one), std::invalid_argument);
  CHECK_THROWS_AS(condition_copula(c, {0, 0}, Eigen::VectorXd::Zero(2)), std::invalid_argument);
  one << std::nan("");
  CHECK_THROWS_AS(condition_copula(c, {0}, one), std::invalid_argument);
}

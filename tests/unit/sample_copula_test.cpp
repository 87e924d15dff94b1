// Gaussian copula factor (engine/sample/copula.cpp).
#include <doctest/doctest.h>

#include <Eigen/Core>
#include <algorithm>
#include <cmath>
#include <vector>

#include "sample/sample.hpp"

using goalpath::sample::correlation_factor;
using goalpath::sample::non_psd_variables;

namespace {

double reconstruction_error(const Eigen::MatrixXd& l, const Eigen::MatrixXd& c) {
  return (l * l.transpose() - c).cwiseAbs().maxCoeff();
}

bool is_lower_triangular(const Eigen::MatrixXd& l) {
  for (Eigen::Index i = 0; i < l.rows(); ++i)
    for (Eigen::Index j = i + 1; j < l.cols(); ++j)
      if (l(i, j) != 0.0) return false;
  return true;
}

}  // namespace

TEST_CASE("copula: a positive definite matrix gets its lower-triangular Cholesky factor") {
  Eigen::MatrixXd c(3, 3);
  c << 1.0, 0.6, 0.2,  //
      0.6, 1.0, 0.4,   //
      0.2, 0.4, 1.0;
  const auto l = correlation_factor(c);
  REQUIRE(l.has_value());
  CHECK(reconstruction_error(*l, c) < 1e-14);
  CHECK(is_lower_triangular(*l));
  // The first variable's normal is its own independent draw.
  CHECK((*l)(0, 0) == 1.0);
  CHECK(non_psd_variables(c).empty());
}

TEST_CASE("copula: identity and empty matrices") {
  const auto l = correlation_factor(Eigen::MatrixXd::Identity(4, 4));
  REQUIRE(l.has_value());
  CHECK(*l == Eigen::MatrixXd::Identity(4, 4));
  const auto empty = correlation_factor(Eigen::MatrixXd(0, 0));
  REQUIRE(empty.has_value());
  CHECK(empty->size() == 0);
}

TEST_CASE("copula: singular matrices (a correlation of exactly 1) are accepted") {
  Eigen::MatrixXd c(3, 3);
  c << 1.0, 1.0, 0.3,  //
      1.0, 1.0, 0.3,   //
      0.3, 0.3, 1.0;
  const auto l = correlation_factor(c);
  REQUIRE(l.has_value());
  CHECK(reconstruction_error(*l, c) < 1e-12);
  // Still triangular: the second variable is an exact copy of the first.
  CHECK(is_lower_triangular(*l));
  CHECK((*l)(1, 0) == doctest::Approx(1.0));
  CHECK((*l)(1, 1) == doctest::Approx(0.0).epsilon(1e-12));
  CHECK(non_psd_variables(c).empty());

  // Perfect negative correlation, and a rank-1 matrix of four variables.
  Eigen::MatrixXd n(2, 2);
  n << 1.0, -1.0, -1.0, 1.0;
  const auto ln = correlation_factor(n);
  REQUIRE(ln.has_value());
  CHECK(reconstruction_error(*ln, n) < 1e-12);
  Eigen::VectorXd s(4);
  s << 1, -1, 1, 1;
  const Eigen::MatrixXd rank1 = s * s.transpose();
  const auto l1 = correlation_factor(rank1);
  REQUIRE(l1.has_value());
  CHECK(reconstruction_error(*l1, rank1) < 1e-12);
}

TEST_CASE("copula: a singular matrix whose zero pivot comes last after rounding") {
  // Equicorrelation -1/2 among three variables: PSD with eigenvalues {0, 1.5, 1.5};
  // the unpivoted Cholesky meets the zero pivot last, zero only up to rounding.
  Eigen::MatrixXd c(3, 3);
  c << 1.0, -0.5, -0.5,  //
      -0.5, 1.0, -0.5,   //
      -0.5, -0.5, 1.0;
  const auto l = correlation_factor(c);
  REQUIRE(l.has_value());
  CHECK(reconstruction_error(*l, c) < 1e-9);
}

TEST_CASE("copula: a matrix that is not PSD is rejected and its variables named") {
  Eigen::MatrixXd c(3, 3);
  c << 1.0, 0.9, -0.9,  //
      0.9, 1.0, 0.9,    //
      -0.9, 0.9, 1.0;
  CHECK_FALSE(correlation_factor(c).has_value());
  // The most negative eigenvector is (1, -1, 1)/√3 (eigenvalue 1 - 1.8 = -0.8): all three.
  std::vector<int> vars = non_psd_variables(c);
  std::sort(vars.begin(), vars.end());
  CHECK(vars == std::vector<int>{0, 1, 2});

  // An offending triple embedded among independent variables: only the
  // triple is named, and variables outside it carry no weight.
  Eigen::MatrixXd big = Eigen::MatrixXd::Identity(5, 5);
  big.block(1, 1, 3, 3) = c;
  CHECK_FALSE(correlation_factor(big).has_value());
  vars = non_psd_variables(big);
  std::sort(vars.begin(), vars.end());
  CHECK(vars == std::vector<int>{1, 2, 3});

  // Unequal weights: largest first.
  Eigen::MatrixXd d(3, 3);
  d << 1.0, 0.99, 0.0,  //
      0.99, 1.0, 0.5,   //
      0.0, 0.5, 1.0;
  // Eigenvalues of d: 1 and 1 ± sqrt(0.99² + 0.5²) = 1 ± 1.109, so one is -0.109.
  CHECK_FALSE(correlation_factor(d).has_value());
  const auto ordered = non_psd_variables(d);
  REQUIRE(ordered.size() == 3);
  CHECK(ordered.front() == 1);  // the variable correlated with both others
  CHECK(ordered.back() == 2);   // the smallest weight (0.5 / 1.109 of the middle one's)
}

TEST_CASE("copula: tolerance of the PSD rule") {
  // Smallest eigenvalue -1e-12: accepted (rounding), factored by the
  // semidefinite Cholesky; -5e-11: accepted, too negative a pivot for that,
  // so factored from the eigen-decomposition; -1e-6: rejected.
  for (const double eps : {1e-12, 5e-11, 1e-6}) {
    Eigen::MatrixXd c(2, 2);
    c << 1.0, 1.0 + eps, 1.0 + eps, 1.0;  // eigenvalues 2 + eps and -eps
    const auto l = correlation_factor(c);
    INFO("eps = " << eps);
    CHECK(l.has_value() == (eps < 1e-10));
    if (l) CHECK(reconstruction_error(*l, c) < 1e-9);
    CHECK(non_psd_variables(c).empty() == (eps < 1e-10));
  }
  // Not square, or not finite: no factor.
  CHECK_FALSE(correlation_factor(Eigen::MatrixXd::Ones(2, 3)).has_value());
  Eigen::MatrixXd nan = Eigen::MatrixXd::Identity(2, 2);
  nan(1, 0) = nan(0, 1) = std::nan("");
  CHECK_FALSE(correlation_factor(nan).has_value());
}

TEST_CASE("copula: correlated normals from the factor have the requested correlation") {
  Eigen::MatrixXd c(2, 2);
  c << 1.0, 0.6, 0.6, 1.0;
  const auto l = correlation_factor(c);
  REQUIRE(l.has_value());
  constexpr int n = 200'000;
  Eigen::MatrixXd z(2, n);
  for (int v = 0; v < 2; ++v) {
    std::vector<double> row(n);
    goalpath::sample::fill_standard_normals(8, 0, static_cast<std::uint32_t>(v), 0, row);
    for (int i = 0; i < n; ++i) z(v, i) = row[static_cast<std::size_t>(i)];
  }
  const Eigen::MatrixXd x = *l * z;
  const double r = x.row(0).dot(x.row(1)) / std::sqrt(x.row(0).squaredNorm() * x.row(1).squaredNorm());
  // Standard error of a sample correlation: (1 - ρ²)/sqrt(n) = 0.0014; bound 4 SE.
  CHECK(std::abs(r - 0.6) < 4.0 * (1 - 0.36) / std::sqrt(double(n)));
  // The first variable is untouched by the factor.
  CHECK(x.row(0) == z.row(0));
}

// Gaussian copula: a factor L of the correlation matrix C (L·Lᵀ = C), so that
// z_correlated = L · z_independent, one small matrix-block product per year.
#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <algorithm>
#include <cmath>
#include <numeric>

#include "sample/sample.hpp"

namespace goalpath::sample {
namespace {

constexpr double kNegativeEigenvalueTolerance = 1e-10;  // the header's PSD rule
constexpr double kWeightCutoff = 1e-6;                  // non_psd_variables drops smaller weights

bool is_square_and_finite(const Eigen::MatrixXd& c) { return c.rows() == c.cols() && c.allFinite(); }

/// Cholesky without pivoting that tolerates zero pivots: for a PSD matrix a
/// (numerically) zero pivot means the whole remaining column is zero, so the
/// variable is an exact combination of the earlier ones and its column of L
/// stays zero. Returns nothing when that does not hold (the caller then falls
/// back to the eigen-decomposition).
std::optional<Eigen::MatrixXd> semidefinite_cholesky(const Eigen::MatrixXd& c) {
  const Eigen::Index n = c.rows();
  const double tolerance = 1e-12 * static_cast<double>(std::max<Eigen::Index>(n, 1));
  Eigen::MatrixXd l = Eigen::MatrixXd::Zero(n, n);
  for (Eigen::Index j = 0; j < n; ++j) {
    const double pivot = c(j, j) - l.row(j).head(j).squaredNorm();
    if (pivot > tolerance) {
      const double root = std::sqrt(pivot);
      l(j, j) = root;
      for (Eigen::Index i = j + 1; i < n; ++i) l(i, j) = (c(i, j) - l.row(i).head(j).dot(l.row(j).head(j))) / root;
    } else {
      if (pivot < -tolerance) return std::nullopt;
      for (Eigen::Index i = j + 1; i < n; ++i)
        if (std::abs(c(i, j) - l.row(i).head(j).dot(l.row(j).head(j))) > 1e-8) return std::nullopt;
    }
  }
  return l;
}

}  // namespace

std::optional<Eigen::MatrixXd> correlation_factor(const Eigen::MatrixXd& correlation) {
  if (!is_square_and_finite(correlation)) return std::nullopt;
  if (correlation.size() == 0) return Eigen::MatrixXd(0, 0);
  // Eigen's solvers read the lower triangle; so does everything below.
  const Eigen::MatrixXd c = correlation.selfadjointView<Eigen::Lower>();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(c);
  if (eigen.info() != Eigen::Success) return std::nullopt;
  if (eigen.eigenvalues().minCoeff() < -kNegativeEigenvalueTolerance) return std::nullopt;

  // Positive definite: the lower-triangular Cholesky factor, so variable 0's
  // normal is its own independent draw and each later variable adds one new
  // independent component.
  const Eigen::LLT<Eigen::MatrixXd> llt(c);
  if (llt.info() == Eigen::Success) return Eigen::MatrixXd(llt.matrixL());

  // Singular (e.g. a correlation of exactly 1): still lower triangular when
  // the zero pivots are clean, which they are for exactly singular inputs.
  if (auto l = semidefinite_cholesky(c)) {
    if (((*l) * l->transpose() - c).cwiseAbs().maxCoeff() <= 1e-9) return l;
  }

  // Otherwise V·sqrt(max(λ, 0)): L·Lᵀ = C up to the clipped eigenvalues
  // (at most 1e-10 each).
  const Eigen::VectorXd roots = eigen.eigenvalues().cwiseMax(0.0).cwiseSqrt();
  return Eigen::MatrixXd(eigen.eigenvectors() * roots.asDiagonal());
}

std::vector<int> non_psd_variables(const Eigen::MatrixXd& correlation) {
  if (!is_square_and_finite(correlation) || correlation.size() == 0) return {};
  const Eigen::MatrixXd c = correlation.selfadjointView<Eigen::Lower>();
  const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(c);
  if (eigen.info() != Eigen::Success) return {};
  // Eigenvalues come in increasing order: column 0 is the most negative one.
  if (eigen.eigenvalues()(0) >= -kNegativeEigenvalueTolerance) return {};
  const Eigen::VectorXd weight = eigen.eigenvectors().col(0).cwiseAbs();
  std::vector<int> variables;
  for (Eigen::Index i = 0; i < weight.size(); ++i)
    if (weight(i) >= kWeightCutoff) variables.push_back(static_cast<int>(i));
  std::stable_sort(variables.begin(), variables.end(), [&](int a, int b) { return weight(a) > weight(b); });
  return variables;
}

}  // namespace goalpath::sample

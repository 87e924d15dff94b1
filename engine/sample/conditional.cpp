// Conditioning the Gaussian copula (conditional.hpp).
#include "sample/conditional.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Eigenvalues>
#include <Eigen/QR>
#include <cmath>
#include <stdexcept>
#include <string>

#include "sample/sample.hpp"

namespace goalpath::sample {

ConditionedCopula condition_copula(const Eigen::MatrixXd& correlation, const std::vector<int>& fixed,
                                   const Eigen::VectorXd& values) {
  const Eigen::Index n = correlation.rows();
  if (correlation.cols() != n || !correlation.allFinite()) {
    throw std::invalid_argument("condition_copula: the correlation matrix must be square and finite");
  }
  if (values.size() != static_cast<Eigen::Index>(fixed.size()) || !values.allFinite()) {
    throw std::invalid_argument("condition_copula: one finite value is needed per fixed variable");
  }
  std::vector<char> is_fixed(static_cast<std::size_t>(n), 0);
  for (int f : fixed) {
    if (f < 0 || f >= n || is_fixed[static_cast<std::size_t>(f)]) {
      throw std::invalid_argument("condition_copula: fixed index " + std::to_string(f) +
                                  " is out of range or given twice");
    }
    is_fixed[static_cast<std::size_t>(f)] = 1;
  }
  std::vector<int> others;
  for (Eigen::Index i = 0; i < n; ++i)
    if (!is_fixed[static_cast<std::size_t>(i)]) others.push_back(static_cast<int>(i));

  const Eigen::MatrixXd c = correlation.selfadjointView<Eigen::Lower>();
  ConditionedCopula out;
  out.shift = Eigen::VectorXd::Zero(n);
  out.factor = Eigen::MatrixXd::Zero(n, n);
  for (std::size_t k = 0; k < fixed.size(); ++k) out.shift(fixed[k]) = values(static_cast<Eigen::Index>(k));
  if (others.empty()) return out;

  const Eigen::MatrixXd c_oo = c(others, others);
  Eigen::VectorXd mean = Eigen::VectorXd::Zero(static_cast<Eigen::Index>(others.size()));
  Eigen::MatrixXd cov = c_oo;
  if (!fixed.empty()) {
    const Eigen::MatrixXd c_of = c(others, fixed);
    const Eigen::CompleteOrthogonalDecomposition<Eigen::MatrixXd> c_ff(c(fixed, fixed));
    mean = c_of * c_ff.solve(values);
    cov = c_oo - c_of * c_ff.solve(Eigen::MatrixXd(c_of.transpose()));
    cov = (0.5 * (cov + cov.transpose())).eval();
  }
  // A factor of Σ_O: lower-triangular Cholesky where it exists (the usual
  // case), else the symmetric square root with rounding's negative
  // eigenvalues clipped.
  Eigen::MatrixXd factor;
  const Eigen::LLT<Eigen::MatrixXd> llt(cov);
  if (llt.info() == Eigen::Success) {
    factor = llt.matrixL();
  } else {
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(cov);
    const double scale = std::max(1.0, eigen.eigenvalues().cwiseAbs().maxCoeff());
    if (eigen.eigenvalues().minCoeff() < -1e-10 * scale) {
      throw std::invalid_argument("condition_copula: the correlation matrix is not positive semi-definite");
    }
    factor = eigen.eigenvectors() * eigen.eigenvalues().cwiseMax(0.0).cwiseSqrt().asDiagonal();
  }
  for (std::size_t i = 0; i < others.size(); ++i) {
    out.shift(others[i]) = mean(static_cast<Eigen::Index>(i));
    for (std::size_t j = 0; j < others.size(); ++j) {
      out.factor(others[i], others[j]) = factor(static_cast<Eigen::Index>(i), static_cast<Eigen::Index>(j));
    }
  }
  return out;
}

}  // namespace goalpath::sample

// The Gaussian copula conditioned on some of its variables: what "this
// parameter is known exactly" means for the parameters correlated with it.
//
// In the copula's normal space the variables are z ~ N(0, C). Fixing the
// variables F at z_F = c leaves the others normal with
//   mean   μ_O = C_OF · C_FF⁺ · c
//   cov    Σ_O = C_OO - C_OF · C_FF⁺ · C_FO
// (C_FF⁺ the pseudo-inverse, so fixed variables that are themselves
// perfectly correlated are fine). A draw is z = shift + factor · e with e the
// same independent normals an unconditioned draw uses: the rows of F in
// `factor` are zero and their shift is c, so common random numbers carry over
// from the unconditioned run to the conditioned one.
#pragma once

#include <Eigen/Core>
#include <vector>

namespace goalpath::sample {

struct ConditionedCopula {
  Eigen::VectorXd shift;   // n: c on F, μ_O elsewhere
  Eigen::MatrixXd factor;  // n x n: factor·factorᵀ = Σ_O on O, zero rows and columns on F
};

/// Conditions z ~ N(0, correlation) on z[fixed[k]] = values[k]. `correlation`
/// is n x n, symmetric, positive semi-definite (only the lower triangle is
/// read); `fixed` holds distinct indices in [0, n); values are finite.
/// Throws std::invalid_argument otherwise. Negative eigenvalues of Σ_O that
/// rounding leaves (|λ| <= 1e-10 relative) are clipped to zero.
ConditionedCopula condition_copula(const Eigen::MatrixXd& correlation, const std::vector<int>& fixed,
                                   const Eigen::VectorXd& values);

}  // namespace goalpath::sample

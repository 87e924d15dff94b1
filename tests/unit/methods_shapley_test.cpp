// Shapley effects (analysis::shapley) against closed forms: a linear model of
// correlated Gaussian inputs, whose exact effects the test computes itself
// by enumerating subsets of the closed-form Var(E[Y | X_u]) (Owen & Prieur
// 2017; Iooss & Prieur 2019), and an additive model of independent inputs,
// where the Shapley effect is the first-order Sobol index.
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>
#include <numeric>
#include <vector>

#include "analysis/methods.hpp"

using namespace goalpath::analysis;

namespace {

/// Var(E[Y | X_u]) for Y = βᵀX, X ~ N(0, Σ): E[Y | X_u] = wᵀX_u with
/// w = β_u + Σ_uu⁻¹ Σ_u,-u β_-u.
double explained_variance(const Eigen::VectorXd& beta, const Eigen::MatrixXd& sigma, unsigned mask) {
  std::vector<int> u, rest;
  for (int i = 0; i < beta.size(); ++i) ((mask >> i) & 1u ? u : rest).push_back(i);
  if (u.empty()) return 0.0;
  const Eigen::MatrixXd s_uu = sigma(u, u);
  Eigen::VectorXd w = beta(u);
  if (!rest.empty()) w += s_uu.ldlt().solve(Eigen::MatrixXd(sigma(u, rest)) * beta(rest));
  return w.dot(s_uu * w);
}

/// Exact Shapley shares by the subset formula.
std::vector<double> exact_shapley(const Eigen::VectorXd& beta, const Eigen::MatrixXd& sigma) {
  const int d = static_cast<int>(beta.size());
  const double total = beta.dot(sigma * beta);
  std::vector<double> out(static_cast<std::size_t>(d), 0.0);
  auto factorial = [](int k) { return std::tgamma(k + 1.0); };
  for (int i = 0; i < d; ++i) {
    for (unsigned mask = 0; mask < (1u << d); ++mask) {
      if ((mask >> i) & 1u) continue;
      const int size = __builtin_popcount(mask);
      const double weight = factorial(size) * factorial(d - size - 1) / factorial(d);
      out[static_cast<std::size_t>(i)] +=
          weight * (explained_variance(beta, sigma, mask | (1u << i)) - explained_variance(beta, sigma, mask));
    }
    out[static_cast<std::size_t>(i)] /= total;
  }
  return out;
}

struct LinearCase {
  Eigen::VectorXd beta, sd;
  Eigen::MatrixXd correlation;
  Eigen::MatrixXd covariance() const { return sd.asDiagonal() * correlation * sd.asDiagonal(); }
  BatchFunction f() const {
    const Eigen::RowVectorXd weights = beta.cwiseProduct(sd).transpose();
    return [weights](const Eigen::MatrixXd& z) -> Eigen::VectorXd { return (weights * z).transpose(); };
  }
};

LinearCase correlated_three() {
  LinearCase c;
  c.beta = Eigen::Vector3d(1.0, -0.5, 2.0);
  c.sd = Eigen::Vector3d(1.0, 2.0, 0.6);
  c.correlation.resize(3, 3);
  c.correlation << 1.0, 0.6, -0.3,  //
      0.6, 1.0, 0.2,                //
      -0.3, 0.2, 1.0;
  return c;
}

}  // namespace

TEST_CASE("the closed form itself: independent inputs give beta_i^2 sd_i^2 / Var(Y), a perfect pair splits evenly") {
  Eigen::VectorXd beta(3), sd(3);
  beta << 1, 2, 3;
  sd << 1, 1, 1;
  const auto independent = exact_shapley(beta, Eigen::MatrixXd::Identity(3, 3));
  CHECK(independent[0] == doctest::Approx(1.0 / 14));
  CHECK(independent[2] == doctest::Approx(9.0 / 14));
  // X1 = X2 exactly, Y = X1 + X2: each is worth half (Owen & Prieur 2017).
  Eigen::Matrix2d same;
  same << 1, 0.999999999, 0.999999999, 1;
  const auto pair = exact_shapley(Eigen::Vector2d(1, 1), same);
  CHECK(pair[0] == doctest::Approx(0.5).epsilon(1e-6));
}

TEST_CASE("linear model of three correlated Gaussian inputs: the closed-form Shapley effects within 4 SE") {
  const LinearCase c = correlated_three();
  const auto exact = exact_shapley(c.beta, c.covariance());
  ShapleyOptions o;
  o.permutations = 250000;
  o.seed = 20240601;
  const ShapleyResult r = shapley(c.f(), gaussian_conditional_sampler(c.correlation), 3, o);
  REQUIRE(r.indices.size() == 3);
  CHECK(r.evaluations == 250000 * 3 * 1 * 3);
  CHECK(r.permutations_used == 250000);
  CHECK(r.warning.empty());
  double sum = 0;
  for (int i = 0; i < 3; ++i) {
    const ShapleyIndex& s = r.indices[static_cast<std::size_t>(i)];
    INFO("input " << i << ": estimate " << s.shapley << " exact " << exact[static_cast<std::size_t>(i)] << " se " << s.se);
    CHECK(s.se > 0);
    CHECK(s.se < 0.0025);  // tight enough that a few-percent error in a share shows
    CHECK(std::abs(s.shapley - exact[static_cast<std::size_t>(i)]) <= 4 * s.se);
    CHECK(s.conf == doctest::Approx(1.959963985 * s.se).epsilon(1e-9));
    sum += s.shapley;
  }
  CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
  // Var(Y) = βᵀΣβ, estimated from the permutations' own last steps.
  const double variance = c.beta.dot(c.covariance() * c.beta);
  CHECK(std::abs(r.output_variance - variance) < 0.03 * variance);
}

TEST_CASE("the stated standard error matches the spread of the estimates over independent seeds") {
  const LinearCase c = correlated_three();
  const int runs = 30;
  std::vector<double> estimates, ses;
  for (int k = 0; k < runs; ++k) {
    ShapleyOptions o;
    o.permutations = 2000;
    o.seed = 1000 + static_cast<std::uint64_t>(k);
    const ShapleyResult r = shapley(c.f(), gaussian_conditional_sampler(c.correlation), 3, o);
    estimates.push_back(r.indices[0].shapley);
    ses.push_back(r.indices[0].se);
  }
  const double mean = std::accumulate(estimates.begin(), estimates.end(), 0.0) / runs;
  double ss = 0;
  for (double e : estimates) ss += (e - mean) * (e - mean);
  const double spread = std::sqrt(ss / (runs - 1));
  const double stated = std::accumulate(ses.begin(), ses.end(), 0.0) / runs;
  INFO("spread " << spread << " stated " << stated);
  // The sample sd of 30 values is within ±35% of the truth with probability
  // above 0.99 (its relative sd is about 1/√58).
  CHECK(spread > 0.65 * stated);
  CHECK(spread < 1.35 * stated);
}

TEST_CASE("independent inputs and an additive model: Shapley equals the first-order index") {
  // Y = z0 + 2 z1 + z2², z ~ N(0, I): Var = 1 + 4 + 2, S1 = 1/7, 4/7, 2/7.
  const BatchFunction f = [](const Eigen::MatrixXd& z) -> Eigen::VectorXd {
    return (z.row(0).array() + 2 * z.row(1).array() + z.row(2).array().square()).matrix().transpose();
  };
  ShapleyOptions o;
  o.permutations = 40000;
  o.seed = 7;
  const ShapleyResult r = shapley(f, gaussian_conditional_sampler(Eigen::MatrixXd::Identity(3, 3)), 3, o);
  const double expected[3] = {1.0 / 7, 4.0 / 7, 2.0 / 7};
  for (int i = 0; i < 3; ++i) {
    const ShapleyIndex& s = r.indices[static_cast<std::size_t>(i)];
    INFO("input " << i << ": " << s.shapley << " ± " << s.se);
    CHECK(std::abs(s.shapley - expected[i]) <= 4 * s.se);
  }
}

TEST_CASE("an input that does not enter the model gets a share through correlation only") {
  // Y = X0 with corr(X0, X1) = 0.8: X1 explains 0.64 alone, and the exact
  // shares are 1 - 0.32 = 0.68 and 0.32 (Iooss & Prieur 2019, Sec. 3).
  Eigen::Matrix2d correlation;
  correlation << 1, 0.8, 0.8, 1;
  const BatchFunction f = [](const Eigen::MatrixXd& z) -> Eigen::VectorXd { return z.row(0).transpose(); };
  ShapleyOptions o;
  o.permutations = 20000;
  const ShapleyResult r = shapley(f, gaussian_conditional_sampler(correlation), 2, o);
  CHECK(std::abs(r.indices[0].shapley - 0.68) <= 4 * r.indices[0].se);
  CHECK(std::abs(r.indices[1].shapley - 0.32) <= 4 * r.indices[1].se);
  const ShapleyResult free = shapley(f, gaussian_conditional_sampler(Eigen::Matrix2d::Identity()), 2, o);
  CHECK(std::abs(free.indices[1].shapley) <= 4 * free.indices[1].se);
  CHECK(std::abs(free.indices[0].shapley - 1.0) <= 4 * free.indices[0].se);
}

TEST_CASE("the conditional sampler keeps fixed coordinates and draws the others from the conditional normal") {
  Eigen::Matrix2d correlation;
  correlation << 1, 0.6, 0.6, 1;
  const ConditionalSampler sampler = gaussian_conditional_sampler(correlation);
  const int n = 200000;
  Eigen::MatrixXd e(2, n);
  // Deterministic normals from a second independent route: Box-Muller on a LCG.
  std::uint64_t state = 12345;
  auto uniform = [&state] {
    state = state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (static_cast<double>(state >> 11) + 0.5) / 9007199254740992.0;
  };
  for (int k = 0; k < n; ++k) {
    const double r = std::sqrt(-2 * std::log(uniform())), t = 2 * M_PI * uniform();
    e(0, k) = r * std::cos(t);
    e(1, k) = r * std::sin(t);
  }
  const Eigen::MatrixXd z = sampler({0}, Eigen::Vector2d(1.5, 0.0), e);
  CHECK((z.row(0).array() == 1.5).all());
  const double mean = z.row(1).mean();
  const double var = (z.row(1).array() - mean).square().sum() / (n - 1);
  // Conditional mean 0.6 · 1.5 = 0.9, variance 1 - 0.36 = 0.64.
  CHECK(std::abs(mean - 0.9) < 4 * std::sqrt(0.64 / n));
  CHECK(std::abs(var - 0.64) < 4 * 0.64 * std::sqrt(2.0 / n));
}

TEST_CASE("same seed, same effects; a non-finite output leaves its permutation out with a warning") {
  const LinearCase c = correlated_three();
  ShapleyOptions o;
  o.permutations = 500;
  const ShapleyResult a = shapley(c.f(), gaussian_conditional_sampler(c.correlation), 3, o);
  const ShapleyResult b = shapley(c.f(), gaussian_conditional_sampler(c.correlation), 3, o);
  for (int i = 0; i < 3; ++i) CHECK(a.indices[static_cast<std::size_t>(i)].shapley == b.indices[static_cast<std::size_t>(i)].shapley);
  const BatchFunction holes = [base = c.f()](const Eigen::MatrixXd& z) -> Eigen::VectorXd {
    Eigen::VectorXd y = base(z);
    for (Eigen::Index k = 0; k < y.size(); ++k) {
      if (z(0, k) > 2.5) y(k) = std::nan("");
    }
    return y;
  };
  const ShapleyResult h = shapley(holes, gaussian_conditional_sampler(c.correlation), 3, o);
  CHECK(h.permutations_used < 500);
  CHECK(h.permutations_used > 400);
  CHECK(h.warning.find("non-finite") != std::string::npos);
  const BatchFunction flat = [](const Eigen::MatrixXd& z) -> Eigen::VectorXd { return Eigen::VectorXd::Constant(z.cols(), 3.0); };
  const ShapleyResult none = shapley(flat, gaussian_conditional_sampler(c.correlation), 3, o);
  CHECK(none.indices[0].shapley == 0.0);
  CHECK(none.warning.find("does not vary") != std::string::npos);
}

TEST_CASE("options are checked, naming field, value and rule") {
  ShapleyOptions o;
  o.inner_samples = 1;
  CHECK(o.validate() == "ShapleyOptions::inner_samples = 1; it must be >= 2 (a variance needs two draws)");
  o = {};
  o.permutations = 1;
  CHECK(o.validate().find("ShapleyOptions::permutations = 1") == 0);
  const BatchFunction f = [](const Eigen::MatrixXd& z) -> Eigen::VectorXd { return z.row(0).transpose(); };
  CHECK_THROWS_AS(shapley(f, gaussian_conditional_sampler(Eigen::Matrix2d::Identity()), 2, o), std::invalid_argument);
  Eigen::Matrix2d bad;
  bad << 1, 2, 2, 1;
  CHECK_THROWS_AS(gaussian_conditional_sampler(bad), std::invalid_argument);
}

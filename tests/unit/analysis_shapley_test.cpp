// `sensitivity --method shapley` on a scenario (analysis/sensitivity.hpp):
// the target is y = 2a + 3b - c with a, b, c normal and a, b correlated, so
// its Shapley effects have a closed form the test computes itself from the
// conditional variances of the Gaussian vector (Owen & Prieur 2017). The
// scenario route goes through the copula factor, the marginals and the
// model, so this checks the glue, not only the estimator.
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>

#include "analysis/sensitivity.hpp"
#include "scenario/scenario.hpp"

using namespace goalpath;

namespace {

model::Model correlated_model(double rho) {
  return model::compile_model(scenario::load_scenario_text(R"Y(
scenario: shapley
years: [2023, 2024]
parameters:
  a: { value: 1, uncertainty: { dist: normal, sd: 1 } }
  b: { value: 2, uncertainty: { dist: normal, sd: 0.5 } }
  c: { value: 0, uncertainty: { dist: normal, sd: 2 } }
  k: 4
correlations:
  - [a, b, )Y" + std::to_string(rho) + R"Y(]
indicators:
  y: { value: "2*a + 3*b - c + 0*k" }
targets:
  - { id: y-high, indicator: y, year: 2024, at_least: 8 }
)Y", "shapley.yaml"));
}

/// Exact shares for y = 2a + 3b - c: Var(E[y | X_u]) over subsets.
std::vector<double> exact_shares(double rho) {
  Eigen::Vector3d beta(2, 3, -1), sd(1, 0.5, 2);
  Eigen::Matrix3d corr = Eigen::Matrix3d::Identity();
  corr(0, 1) = corr(1, 0) = rho;
  const Eigen::Matrix3d sigma = sd.asDiagonal() * corr * sd.asDiagonal();
  auto v = [&](unsigned mask) {
    std::vector<int> u, rest;
    for (int i = 0; i < 3; ++i) ((mask >> i) & 1u ? u : rest).push_back(i);
    if (u.empty()) return 0.0;
    const Eigen::MatrixXd s_uu = sigma(u, u);
    Eigen::VectorXd w = beta(u);
    if (!rest.empty()) w += s_uu.ldlt().solve(Eigen::MatrixXd(sigma(u, rest)) * beta(rest));
    return w.dot(s_uu * w);
  };
  const double total = beta.dot(sigma * beta);
  std::vector<double> out(3, 0.0);
  const double weight[3] = {1.0 / 3, 1.0 / 6, 1.0 / 3};  // |u|! (2 - |u|)! / 3!
  for (int i = 0; i < 3; ++i) {
    for (unsigned mask = 0; mask < 8; ++mask) {
      if ((mask >> i) & 1u) continue;
      out[static_cast<std::size_t>(i)] += weight[__builtin_popcount(mask)] * (v(mask | (1u << i)) - v(mask));
    }
    out[static_cast<std::size_t>(i)] /= total;
  }
  return out;
}

const analysis::SensitivityParameter& find(const analysis::SensitivityResult& r, const std::string& name) {
  for (const auto& p : r.parameters) {
    if (p.name == name) return p;
  }
  FAIL("no parameter " << name);
  return r.parameters.front();
}

analysis::SensitivityOptions options(std::int64_t permutations) {
  analysis::SensitivityOptions o;
  o.method = analysis::SensitivityMethod::shapley;
  o.samples = permutations;
  o.simulation.seed = 5;
  o.simulation.threads = 2;
  return o;
}

}  // namespace

TEST_CASE("Shapley shares of a scenario with correlated parameters match the closed form within 4 SE") {
  const double rho = 0.7;
  const auto exact = exact_shares(rho);
  const auto report = analysis::run_sensitivity(correlated_model(rho), options(20000));
  REQUIRE(report.results.size() == 1);
  const auto& r = report.results[0];
  CHECK(report.warning.empty());  // the correlations are kept: no "not imposed" warning
  CHECK(report.samples == 20000);
  CHECK(report.evaluations == 20000 * 3 * 3);
  REQUIRE(r.parameters.size() == 3);  // the fixed k is not an input
  double sum = 0;
  const char* names[3] = {"a", "b", "c"};
  for (int i = 0; i < 3; ++i) {
    const auto& p = find(r, names[i]);
    INFO(names[i] << ": " << p.shapley << " ± " << p.shapley_se << " exact " << exact[static_cast<std::size_t>(i)]);
    CHECK(p.shapley_se > 0);
    CHECK(std::abs(p.shapley - exact[static_cast<std::size_t>(i)]) <= 4 * p.shapley_se);
    CHECK(p.shapley_conf == doctest::Approx(1.959963985 * p.shapley_se).epsilon(1e-9));
    sum += p.shapley;
  }
  CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
  // Var(y) = 4 + 9·0.25 + 4 + 2·2·3·0.7·0.5 = 14.45.
  CHECK(std::abs(r.output_variance - 14.45) < 0.05 * 14.45);
  // Sorted by share, largest first.
  for (std::size_t k = 1; k < r.parameters.size(); ++k) CHECK(r.parameters[k - 1].shapley >= r.parameters[k].shapley);
}

TEST_CASE("without correlation the shares are Sobol's first-order indices a_i² sd_i² / Var") {
  const auto report = analysis::run_sensitivity(correlated_model(0.0), options(20000));
  const auto& r = report.results[0];
  const double total = 4 + 2.25 + 4;
  CHECK(std::abs(find(r, "a").shapley - 4 / total) <= 4 * find(r, "a").shapley_se);
  CHECK(std::abs(find(r, "b").shapley - 2.25 / total) <= 4 * find(r, "b").shapley_se);
  CHECK(std::abs(find(r, "c").shapley - 4 / total) <= 4 * find(r, "c").shapley_se);
}

TEST_CASE("metric met: shares of the 0/1 outcome's variance, which is P(1 - P)") {
  auto o = options(4000);
  o.metric = analysis::Metric::met;
  const auto report = analysis::run_sensitivity(correlated_model(0.7), o);
  const auto& r = report.results[0];
  // y ~ N(2 + 6, 14.45): P(y >= 8) = 0.5, so Var = 0.25.
  CHECK(std::abs(r.output_variance - 0.25) < 0.02);
  double sum = 0;
  for (const auto& p : r.parameters) sum += p.shapley;
  CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(find(r, "b").shapley > find(r, "c").shapley);
}

TEST_CASE("the same seed gives the same shares for any thread count and block size") {
  auto o = options(300);
  const auto one = analysis::run_sensitivity(correlated_model(0.7), o);
  o.simulation.threads = 1;
  o.simulation.block_size = 7;
  const auto other = analysis::run_sensitivity(correlated_model(0.7), o);
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(one.results[0].parameters[k].name == other.results[0].parameters[k].name);
    CHECK(one.results[0].parameters[k].shapley == other.results[0].parameters[k].shapley);
    CHECK(one.results[0].parameters[k].shapley_conf == other.results[0].parameters[k].shapley_conf);
  }
}

TEST_CASE("Sobol on a correlated scenario warns and points to --method shapley; too few permutations are refused") {
  auto o = options(0);
  o.method = analysis::SensitivityMethod::sobol;
  o.samples = 64;
  const auto sobol = analysis::run_sensitivity(correlated_model(0.7), o);
  CHECK(sobol.warning.find("--method shapley") != std::string::npos);
  auto s = options(1);
  CHECK_THROWS_AS(analysis::run_sensitivity(correlated_model(0.7), s), InputError);
  CHECK(analysis::sensitivity_method_from_string("shapley") == analysis::SensitivityMethod::shapley);
}

namespace {

// level 2024 = 100 (1 + g + h + s): the shock s is independent of g and h and
// adds, so its share is Var(s) / Var = 4/11; g and h split 7/11 as for
// correlated normals (tests/data/sensitivity-shocks.yaml works it out).
model::Model shocked_model() {
  return model::compile_model(scenario::load_scenario_text(R"Y(
scenario: shocked
years: [2023, 2024]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.01 } }
  h: { value: 0.02, uncertainty: { dist: normal, sd: 0.02 } }
shocks:
  s: { sd: 0.02 }
correlations:
  - [g, h, 0.5]
indicators:
  level: { base: 100, growth: "g + h + s" }
targets:
  - { id: level-high, indicator: level, year: 2024, at_least: 107 }
)Y", "shocked.yaml"));
}

}  // namespace

TEST_CASE("with shocks the yearly shocks are one more input: closed-form shares within 4 SE, any thread count") {
  auto o = options(40000);
  o.with_shocks = true;
  const auto report = analysis::run_sensitivity(shocked_model(), o);
  const auto& r = report.results[0];
  REQUIRE(r.parameters.size() == 3);
  CHECK(report.evaluations == 40000 * 3 * 3);
  const struct { const char* name; double share; } expected[3] = {
      {"g", 2.375 / 11}, {"h", 4.625 / 11}, {analysis::kShocksInputName, 4.0 / 11}};
  double sum = 0;
  for (const auto& e : expected) {
    const auto& p = find(r, e.name);
    INFO(std::string(e.name) << ": " << p.shapley << " ± " << p.shapley_se << " exact " << e.share);
    CHECK(std::abs(p.shapley - e.share) <= 4 * p.shapley_se);
    sum += p.shapley;
  }
  CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
  CHECK(std::abs(r.output_variance - 11.0) < 0.05 * 11.0);  // 100² · 11e-4

  auto small = options(500);
  small.with_shocks = true;
  const auto two = analysis::run_sensitivity(shocked_model(), small);
  small.simulation.threads = 1;
  small.simulation.block_size = 13;
  const auto one = analysis::run_sensitivity(shocked_model(), small);
  for (std::size_t k = 0; k < 3; ++k) {
    CHECK(two.results[0].parameters[k].name == one.results[0].parameters[k].name);
    CHECK(two.results[0].parameters[k].shapley == one.results[0].parameters[k].shapley);
  }
}

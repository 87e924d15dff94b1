// sobol(): Saltelli design and estimators against analytic indices (Ishigami,
// Sobol's G-function, a linear additive model), the design's size, the
// bootstrap's determinism and the warnings.
//
// Tolerance: the bootstrap half-width at 95% is the method's own statement of
// its error. Sobol points converge faster than the random sampling the
// bootstrap assumes, so each index must lie within its half-width of the
// analytic value (plus 1e-3 of slack for indices whose half-width is ~0,
// where the estimate is exact up to the QMC error), and the half-widths must
// themselves be small at N = 2^14 so the check is not vacuous.
#include <doctest/doctest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "analysis/methods.hpp"

using goalpath::analysis::sobol;
using goalpath::analysis::SobolOptions;
using goalpath::analysis::SobolResult;

namespace {

constexpr double pi = std::numbers::pi;

void check_indices(const SobolResult& r, const std::vector<double>& s1, const std::vector<double>& st,
                   double max_conf) {
  REQUIRE(r.indices.size() == s1.size());
  for (std::size_t i = 0; i < s1.size(); ++i) {
    const auto& x = r.indices[i];
    INFO("parameter " << i << ": S1 expected " << s1[i] << " actual " << x.S1 << " conf " << x.S1_conf
                      << "; ST expected " << st[i] << " actual " << x.ST << " conf " << x.ST_conf);
    CHECK(std::abs(x.S1 - s1[i]) <= x.S1_conf + 1e-3);
    CHECK(std::abs(x.ST - st[i]) <= x.ST_conf + 1e-3);
    CHECK(x.S1_conf <= max_conf);
    CHECK(x.ST_conf <= max_conf);
  }
}

}  // namespace

TEST_CASE("Ishigami function: analytic S1 and ST") {
  const double a = 7, b = 0.1;
  auto f = [&](const Eigen::MatrixXd& u) -> Eigen::VectorXd {
    const Eigen::ArrayXXd x = -pi + 2 * pi * u.array();
    const auto x1 = x.row(0), x2 = x.row(1), x3 = x.row(2);
    return (x1.sin() + a * x2.sin().square() + b * x3.pow(4) * x1.sin()).matrix().transpose();
  };
  // Closed forms (Ishigami & Homma 1990; Sobol' & Levitan 1999).
  const double pi4 = std::pow(pi, 4), pi8 = std::pow(pi, 8);
  const double v1 = 0.5 * std::pow(1 + b * pi4 / 5, 2);
  const double v2 = a * a / 8;
  const double v13 = b * b * pi8 * (1.0 / 18 - 1.0 / 50);
  const double v = 0.5 + a * a / 8 + b * pi4 / 5 + b * b * pi8 / 18;
  REQUIRE(v == doctest::Approx(v1 + v2 + v13).epsilon(1e-12));
  const std::vector<double> s1{v1 / v, v2 / v, 0};
  const std::vector<double> st{(v1 + v13) / v, v2 / v, v13 / v};
  // The task's quoted values, as a check on the closed forms.
  CHECK(s1[0] == doctest::Approx(0.3139).epsilon(1e-3));
  CHECK(s1[1] == doctest::Approx(0.4424).epsilon(1e-3));
  CHECK(st[0] == doctest::Approx(0.5576).epsilon(1e-3));
  CHECK(st[2] == doctest::Approx(0.2437).epsilon(1e-3));

  int calls = 0;
  std::int64_t columns = 0;
  auto counted = [&](const Eigen::MatrixXd& u) {
    ++calls;
    columns += u.cols();
    return f(u);
  };
  SobolOptions options;
  options.base_samples = 1 << 14;
  const SobolResult r = sobol(counted, 3, options);
  CHECK(calls == 1);
  CHECK(columns == (1 << 14) * 8);
  CHECK(r.evaluations == (1 << 14) * 8);
  CHECK(r.output_variance == doctest::Approx(v).epsilon(0.02));
  CHECK(r.warning.empty());
  check_indices(r, s1, st, 0.05);
}

TEST_CASE("Sobol G-function: analytic indices") {
  const std::vector<double> a{0, 1, 4.5, 9, 99, 99};
  const int d = static_cast<int>(a.size());
  auto f = [&](const Eigen::MatrixXd& u) -> Eigen::VectorXd {
    Eigen::ArrayXd g = Eigen::ArrayXd::Ones(u.cols());
    for (int i = 0; i < d; ++i) g *= ((4 * u.row(i).array() - 2).abs() + a[static_cast<std::size_t>(i)]) /
                                    (1 + a[static_cast<std::size_t>(i)]);
    return g.matrix();
  };
  // V_i = 1 / (3 (1 + a_i)²); V = Π (1 + V_i) - 1; ST_i = V_i Π_{j≠i} (1 + V_j) / V.
  std::vector<double> vi(a.size());
  double prod = 1;
  for (std::size_t i = 0; i < a.size(); ++i) {
    vi[i] = 1 / (3 * (1 + a[i]) * (1 + a[i]));
    prod *= 1 + vi[i];
  }
  const double v = prod - 1;
  std::vector<double> s1(a.size()), st(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    s1[i] = vi[i] / v;
    st[i] = vi[i] * prod / (1 + vi[i]) / v;
  }
  SobolOptions options;
  options.base_samples = 1 << 13;
  const SobolResult r = sobol(f, d, options);
  CHECK(r.evaluations == (1 << 13) * 14);
  CHECK(r.warning.empty());
  check_indices(r, s1, st, 0.05);
}

TEST_CASE("linear additive model: S1 = ST = a_i² var_i / Σ") {
  const std::vector<double> coef{1, 2, -3, 0.5};
  const std::vector<double> lo{0, 10, -1, 5}, hi{1, 10.5, 1, 9};
  auto f = [&](const Eigen::MatrixXd& u) -> Eigen::VectorXd {
    Eigen::ArrayXd y = Eigen::ArrayXd::Constant(u.cols(), 1000.0);  // a large mean, to exercise centring
    for (std::size_t i = 0; i < coef.size(); ++i) {
      const auto k = static_cast<Eigen::Index>(i);
      y += coef[i] * (lo[i] + (hi[i] - lo[i]) * u.row(k).array()).transpose();
    }
    return y.matrix();
  };
  std::vector<double> share(coef.size());
  double total = 0;
  for (std::size_t i = 0; i < coef.size(); ++i) {
    share[i] = coef[i] * coef[i] * (hi[i] - lo[i]) * (hi[i] - lo[i]) / 12;
    total += share[i];
  }
  for (double& s : share) s /= total;
  SobolOptions options;
  options.base_samples = 1 << 13;
  const SobolResult r = sobol(f, 4, options);
  CHECK(r.output_variance == doctest::Approx(total).epsilon(1e-3));
  CHECK(r.warning.empty());
  check_indices(r, share, share, 0.05);
  // An additive model has no interactions, so S1 = ST; the two estimators
  // agree to the design's integration error.
  for (std::size_t i = 0; i < share.size(); ++i) {
    CHECK(std::abs(r.indices[i].S1 - r.indices[i].ST) <= 1e-2);
  }
}

TEST_CASE("base_samples is rounded up to a power of two; the bootstrap is seeded") {
  auto f = [](const Eigen::MatrixXd& u) -> Eigen::VectorXd {
    return (u.row(0).array() + u.row(0).array() * u.row(1).array()).matrix().transpose();
  };
  SobolOptions options;
  options.base_samples = 1000;
  const SobolResult a = sobol(f, 2, options);
  CHECK(a.evaluations == 1024 * 6);
  const SobolResult b = sobol(f, 2, options);
  CHECK(a.indices[0].S1_conf == b.indices[0].S1_conf);
  CHECK(a.indices[1].ST_conf == b.indices[1].ST_conf);
  options.seed = 2;
  const SobolResult c = sobol(f, 2, options);
  CHECK(a.indices[0].S1 == c.indices[0].S1);  // the design does not depend on the seed
  CHECK(a.indices[0].S1_conf != c.indices[0].S1_conf);
  options.bootstrap_resamples = 0;
  const SobolResult d = sobol(f, 2, options);
  CHECK(d.indices[0].S1 == a.indices[0].S1);
  CHECK(d.indices[0].S1_conf == 0);
}

TEST_CASE("warnings: constant output, too few samples, non-finite outputs") {
  auto constant = [](const Eigen::MatrixXd& u) -> Eigen::VectorXd { return Eigen::VectorXd::Constant(u.cols(), 5); };
  const SobolResult flat = sobol(constant, 3, SobolOptions{});
  CHECK(flat.warning.find("does not vary") != std::string::npos);
  for (const auto& x : flat.indices) {
    CHECK(x.S1 == 0);
    CHECK(x.ST == 0);
  }
  CHECK(flat.output_variance == 0);

  auto ishigami = [](const Eigen::MatrixXd& u) -> Eigen::VectorXd {
    const Eigen::ArrayXXd x = -pi + 2 * pi * u.array();
    return (x.row(0).sin() + 7 * x.row(1).sin().square() + 0.1 * x.row(2).pow(4) * x.row(0).sin())
        .matrix()
        .transpose();
  };
  SobolOptions small;
  small.base_samples = 16;
  const SobolResult few = sobol(ishigami, 3, small);
  INFO(few.warning);
  CHECK(few.warning.find("too few") != std::string::npos);

  // A model that fails (NaN) on a corner of the space: those rows are left out.
  auto failing = [](const Eigen::MatrixXd& u) -> Eigen::VectorXd {
    Eigen::VectorXd y = (u.row(0).array() + 2 * u.row(1).array()).matrix().transpose();
    for (Eigen::Index j = 0; j < y.size(); ++j) {
      if (u(0, j) > 0.99 && u(1, j) > 0.99) y(j) = std::nan("");
    }
    return y;
  };
  const SobolResult partial = sobol(failing, 2, SobolOptions{});
  INFO(partial.warning);
  CHECK(partial.warning.find("non-finite") != std::string::npos);
  CHECK(std::isfinite(partial.indices[0].S1));
  CHECK(partial.indices[1].ST == doctest::Approx(0.8).epsilon(0.05));
}

TEST_CASE("a rare 0/1 outcome: finite intervals, and a warning") {
  // Success on about 1 point in 1000: many bootstrap resamples of N = 1024
  // rows contain no success at all, so their indices are undefined.
  auto rare = [](const Eigen::MatrixXd& u) -> Eigen::VectorXd {
    return (u.row(0).array() > 0.999).cast<double>().matrix().transpose();
  };
  const SobolResult r = sobol(rare, 2, SobolOptions{});
  INFO(r.warning);
  CHECK(r.warning.find("bootstrap resamples") != std::string::npos);
  for (const auto& x : r.indices) {
    CHECK(std::isfinite(x.S1));
    CHECK(std::isfinite(x.S1_conf));
    CHECK(std::isfinite(x.ST_conf));
  }
}

TEST_CASE("sobol rejects invalid options and wrong output counts") {
  auto f = [](const Eigen::MatrixXd& u) -> Eigen::VectorXd { return u.row(0).transpose(); };
  SobolOptions options;
  options.confidence = 1;
  CHECK_THROWS_AS(sobol(f, 2, options), std::invalid_argument);
  options = SobolOptions{};
  options.base_samples = 0;
  CHECK_THROWS_AS(sobol(f, 2, options), std::invalid_argument);
  CHECK_THROWS_AS(sobol(f, 0, SobolOptions{}), std::invalid_argument);
  auto wrong = [](const Eigen::MatrixXd&) -> Eigen::VectorXd { return Eigen::VectorXd::Zero(3); };
  CHECK_THROWS_AS(sobol(wrong, 2, SobolOptions{}), std::runtime_error);
}

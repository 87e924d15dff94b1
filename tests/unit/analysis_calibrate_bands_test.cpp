// Band calibration's estimator (analysis/calibrate_bands.hpp): the maximum-
// likelihood variance scale against its closed forms. With e_i ~ N(0, a + s b)
// for one a and b, s = (mean e^2 - a) / b and se(s) = (a + s b) sqrt(2 / n) / b;
// with a = 0 and b_i varying, s = mean(e_i^2 / b_i) and se(s) = s sqrt(2 / n).
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/calibrate_bands.hpp"

using namespace goalpath;

namespace {
std::vector<analysis::BandError> errors(const std::vector<double>& e, double a, const std::vector<double>& b) {
  std::vector<analysis::BandError> out;
  for (std::size_t i = 0; i < e.size(); ++i) out.push_back({"x", 2000, 2001, e[i], a, b[i % b.size()]});
  return out;
}
}  // namespace

TEST_CASE("one a and b: s = (mean e^2 - a) / b, se = (a + s b) sqrt(2/n) / b") {
  const std::vector<double> e = {0.03, -0.05, 0.02, 0.04, -0.01, 0.06};
  double mean2 = 0;
  for (double v : e) mean2 += v * v / e.size();
  const double a = 1e-4, b = 2e-4;
  const analysis::ScaleEstimate est = analysis::estimate_variance_scale(errors(e, a, {b}));
  const double s = (mean2 - a) / b;
  CHECK(est.s == doctest::Approx(s).epsilon(1e-10));
  CHECK(est.se == doctest::Approx((a + s * b) * std::sqrt(2.0 / e.size()) / b).epsilon(1e-10));
}

TEST_CASE("a = 0, b varying: s = mean(e^2 / b), se = s sqrt(2/n)") {
  const std::vector<double> e = {0.03, -0.05, 0.02, 0.04};
  const std::vector<double> b = {1e-4, 2e-4, 4e-4, 3e-4};
  double s = 0;
  for (std::size_t i = 0; i < e.size(); ++i) s += e[i] * e[i] / b[i] / e.size();
  const analysis::ScaleEstimate est = analysis::estimate_variance_scale(errors(e, 0.0, b));
  CHECK(est.s == doctest::Approx(s).epsilon(1e-10));
  CHECK(est.se == doctest::Approx(s * std::sqrt(2.0 / e.size())).epsilon(1e-10));
}

TEST_CASE("errors smaller than the parameters alone explain: s = 0, no standard error") {
  const analysis::ScaleEstimate est = analysis::estimate_variance_scale(errors({0.001, -0.002, 0.0}, 1e-4, {1e-4}));
  CHECK(est.s == 0.0);
  CHECK(std::isnan(est.se));
}

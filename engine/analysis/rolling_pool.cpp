// Pooling a rolling backtest's points (analysis/rolling.hpp): coverage with
// exact binomial tests, PIT histograms, bias and RMSE of the log errors.
#include <algorithm>
#include <boost/math/distributions/binomial.hpp>
#include <cmath>
#include <limits>
#include <map>

#include "analysis/rolling.hpp"

namespace goalpath::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

void add(RollingCoverage& c, const RollingForecast& f) {
  ++c.points;
  c.inside_50 += f.p25 <= f.observed && f.observed <= f.p75;
  c.inside_90 += f.p05 <= f.observed && f.observed <= f.p95;
  if (!std::isnan(f.pit)) ++c.pit[static_cast<std::size_t>(std::clamp(static_cast<int>(f.pit * 10), 0, 9))];
}

void finish(RollingCoverage& c) {
  c.coverage_50 = c.points > 0 ? static_cast<double>(c.inside_50) / c.points : kNaN;
  c.coverage_90 = c.points > 0 ? static_cast<double>(c.inside_90) / c.points : kNaN;
  c.coverage_50_p = binomial_two_sided_p(c.inside_50, c.points, 0.5);
  c.coverage_90_p = binomial_two_sided_p(c.inside_90, c.points, 0.9);
}

}  // namespace

double binomial_two_sided_p(int k, int n, double p) {
  if (n <= 0) return 1;
  const boost::math::binomial_distribution<double> b(n, p);
  const double observed = boost::math::pdf(b, k);
  // Relative slack so that outcomes exactly as likely as k (by symmetry)
  // are not lost to rounding.
  const double limit = observed * (1 + 1e-7);
  double sum = 0;
  for (int j = 0; j <= n; ++j) {
    const double q = boost::math::pdf(b, j);
    if (q <= limit) sum += q;
  }
  return std::min(1.0, sum);
}

void pool_rolling(RollingResult& r) {
  std::map<int, RollingHorizon> by_horizon;
  std::map<int, double> error_sum, error_squares;
  r.overall = {};
  for (const auto& f : r.forecasts) {
    add(r.overall, f);
    RollingHorizon& h = by_horizon[f.horizon];
    h.horizon = f.horizon;
    add(h, f);
    if (!std::isnan(f.log_error)) {
      ++h.error_points;
      error_sum[f.horizon] += f.log_error;
      error_squares[f.horizon] += f.log_error * f.log_error;
    }
  }
  finish(r.overall);
  r.horizons.clear();
  for (auto& [horizon, h] : by_horizon) {
    finish(h);
    h.bias = h.error_points > 0 ? error_sum[horizon] / h.error_points : kNaN;
    h.rmse = h.error_points > 0 ? std::sqrt(error_squares[horizon] / h.error_points) : kNaN;
    r.horizons.push_back(h);
  }
}

}  // namespace goalpath::analysis

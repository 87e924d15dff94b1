#include "analysis/calibrate_bands.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>
#include <map>
#include <set>
#include <tuple>

#include "expr/expr.hpp"

namespace goalpath::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// d/ds of the log-likelihood of s: 1/2 sum b (e^2 - v) / v^2, v = a + s b.
double score(const std::vector<BandError>& errors, double s) {
  double sum = 0;
  for (const auto& e : errors) {
    const double v = e.variance_fixed + s * e.variance_shocks;
    sum += e.variance_shocks * (e.log_error * e.log_error - v) / (v * v);
  }
  return 0.5 * sum;
}

double log_likelihood(const std::vector<BandError>& errors, double s) {
  double sum = 0;
  for (const auto& e : errors) {
    const double v = e.variance_fixed + s * e.variance_shocks;
    sum += std::log(v) + e.log_error * e.log_error / v;
  }
  return -0.5 * sum;
}

/// The shock named in a growth rule, when it names exactly one.
std::optional<std::string> only_shock(const scenario::IndicatorSpec& ind, const std::set<std::string>& shocks) {
  if (ind.rule != scenario::RuleKind::growth) return std::nullopt;
  std::set<std::string> named;
  for (const auto& ref : expr::Expression::parse(ind.rule_expr.text, ind.rule_expr.pos).names()) {
    if (shocks.count(ref.name)) named.insert(ref.name);
  }
  if (named.size() != 1) return std::nullopt;
  return *named.begin();
}

using PointKey = std::tuple<std::string, int, int>;  // indicator, origin, year

std::map<PointKey, const RollingForecast*> by_point(const RollingResult& r) {
  std::map<PointKey, const RollingForecast*> out;
  for (const auto& f : r.forecasts) out[{f.indicator, f.origin, f.year}] = &f;
  return out;
}

std::string percent(double x) { return fmt::format("{:.2f}%", 100.0 * x); }

/// Estimates one shock from its errors (filled in `c.errors`).
void estimate(ShockCalibration& c) {
  const int n = static_cast<int>(c.errors.size());
  if (c.indicators.empty()) {
    c.note = "kept as given: no indicator with history grows by this shock alone";
    return;
  }
  if (n < kMinBandErrors) {
    c.note = fmt::format("kept as given: {} error{} of successive observed years (at least {} are needed)", n,
                         n == 1 ? "" : "s", kMinBandErrors);
    return;
  }
  const ScaleEstimate est = estimate_variance_scale(c.errors);
  double error_sum = 0, variance_sum = 0;
  int years = 0;
  for (const auto& e : c.errors) {
    error_sum += e.log_error;
    variance_sum += e.variance_fixed + est.s * e.variance_shocks;
    years += e.year - e.origin;
  }
  c.bias_per_year = error_sum / years;
  c.bias_flagged = std::abs(error_sum) > 2.0 * std::sqrt(variance_sum);
  if (!(est.s > 0)) {
    c.note = "kept as given: its errors are no larger than the parameters' uncertainty alone explains";
    return;
  }
  c.calibrated = true;
  c.scale = std::sqrt(est.s);
  c.sd = c.sd_given * c.scale;
  c.sd_se = c.sd_given * est.se / (2.0 * c.scale);
  if (c.bias_flagged) {
    c.note = fmt::format("the projections were {} a year {} what was observed (more than twice its standard error): "
                         "the wider shock covers that bias too; a better growth assumption would narrow it",
                         percent(std::abs(c.bias_per_year)), c.bias_per_year > 0 ? "above" : "below");
  }
}

std::string source_of(const ShockCalibration& c) {
  int first = 0, last = 0;
  for (const auto& e : c.errors) {
    first = first ? std::min(first, e.origin) : e.origin;
    last = std::max(last, e.year);
  }
  std::string names;
  for (const auto& name : c.indicators) {
    if (!names.empty()) names += ", ";
    names += name;
  }
  return fmt::format("calibrated by goalpath (band calibration): maximum likelihood on {} forecast errors of successive "
                     "observed years {}–{} ({}), se {:.2g}; was {:.4g} (ar kept)",
                     c.errors.size(), first, last, names, c.sd_se, c.sd_given);
}

}  // namespace

ScaleEstimate estimate_variance_scale(const std::vector<BandError>& errors) {
  ScaleEstimate out;
  if (errors.empty()) return {kNaN, kNaN};
  // The likelihood's maximum over s >= 0: at 0 when it falls from there,
  // else where the score crosses zero, bracketed by doubling.
  if (score(errors, 0.0) <= 0) {
    out.s = 0;
  } else {
    double low = 0, high = 1;
    while (score(errors, high) > 0 && high < 1e12) {
      low = high;
      high *= 2;
    }
    for (int k = 0; k < 200 && high - low > 1e-14 * high; ++k) {
      const double mid = 0.5 * (low + high);
      (score(errors, mid) > 0 ? low : high) = mid;
    }
    out.s = 0.5 * (low + high);
    // The score can cross zero more than once; keep the better of the
    // crossing and the boundary.
    if (log_likelihood(errors, 0.0) > log_likelihood(errors, out.s)) out.s = 0;
  }
  double information = 0;
  for (const auto& e : errors) {
    const double v = e.variance_fixed + out.s * e.variance_shocks;
    information += 0.5 * e.variance_shocks * e.variance_shocks / (v * v);
  }
  out.se = out.s > 0 && information > 0 ? 1.0 / std::sqrt(information) : kNaN;
  return out;
}

BandsCalibration calibrate_bands(const scenario::ScenarioSpec& spec, const BandsSettings& settings,
                                 const sim::SimulationOptions& options) {
  // Three rolling evaluations: progress counts each as a third.
  auto stage = [&options](int k) {
    sim::SimulationOptions o = options;
    if (options.progress) o.progress = [&options, k](double f) { options.progress((k + f) / 3.0); };
    return o;
  };
  BandsCalibration out;
  out.paths = options.paths;
  RollingSettings given = settings.rolling;
  given.shock_scale = 1.0;
  out.before = run_rolling(spec, given, stage(0));
  RollingSettings off = settings.rolling;
  off.shock_scale = 0.0;
  const RollingResult fixed = run_rolling(spec, off, stage(1));

  std::set<std::string> shock_names;
  for (const auto& s : spec.shocks) shock_names.insert(s.name);
  std::map<std::string, std::vector<const scenario::IndicatorSpec*>> own;
  for (const auto& ind : spec.indicators) {
    if (auto shock = only_shock(ind, shock_names); shock && !ind.history.empty()) own[*shock].push_back(&ind);
  }
  const auto given_points = by_point(out.before), fixed_points = by_point(fixed);
  for (const auto& s : spec.shocks) {
    ShockCalibration c;
    c.name = s.name;
    c.sd_given = c.sd = s.sd;
    c.ar = s.ar;
    for (const scenario::IndicatorSpec* ind : own[s.name]) {
      c.indicators.push_back(ind->name);
      // Successive observed years within the scenario's span: each interval's
      // error, when the rolling evaluation has it (an origin restarted there).
      const auto end = ind->history.upper_bound(spec.last_year);
      for (auto it = ind->history.begin(); it != end; ++it) {
        const auto next = std::next(it);
        if (next == end) break;
        const PointKey key{ind->name, it->first, next->first};
        const auto g = given_points.find(key), z = fixed_points.find(key);
        if (g == given_points.end() || z == fixed_points.end()) continue;
        const RollingForecast& f = *g->second;
        const double a = z->second->log_sd * z->second->log_sd, v = f.log_sd * f.log_sd;
        if (!std::isfinite(f.log_error) || !std::isfinite(a) || !std::isfinite(v) || !(v > a)) continue;
        c.errors.push_back({ind->name, f.origin, f.year, f.log_error, a, v - a});
      }
    }
    estimate(c);
    if (c.calibrated) out.errors += static_cast<int>(c.errors.size());
    out.shocks.push_back(std::move(c));
  }

  out.calibrated = spec;
  for (std::size_t k = 0; k < out.shocks.size(); ++k) {
    const ShockCalibration& c = out.shocks[k];
    if (!c.calibrated) continue;
    out.calibrated.shocks[k].sd = c.sd;
    out.calibrated.shocks[k].source = source_of(c);
  }
  if (out.errors == 0) {
    out.warnings.push_back("no shock could be calibrated (see each shock's note): the bands are as the scenario gives them");
  }
  out.after = run_rolling(out.calibrated, given, stage(2));
  return out;
}

}  // namespace goalpath::analysis

#include "analysis/rolling.hpp"

#include <algorithm>
#include <climits>
#include <cmath>
#include <limits>
#include <optional>

#include "analysis/backtest.hpp"

namespace goalpath::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// (paths below + half the paths equal) / paths that are a number.
double pit_of(const Eigen::ArrayXXd& values, Eigen::Index column, double observed) {
  std::int64_t below = 0, equal = 0, counted = 0;
  for (Eigen::Index row = 0; row < values.rows(); ++row) {
    const double v = values(row, column);
    if (std::isnan(v)) continue;
    ++counted;
    below += v < observed;
    equal += v == observed;
  }
  return counted > 0 ? (static_cast<double>(below) + 0.5 * static_cast<double>(equal)) / counted : kNaN;
}

/// sd of log(value) over the paths; NaN when a finite value is <= 0 or
/// fewer than two are finite.
double log_sd_of(const Eigen::ArrayXXd& values, Eigen::Index column) {
  // Two passes: a band with no spread gives exactly 0, not rounding noise.
  double sum = 0;
  std::int64_t counted = 0;
  for (Eigen::Index row = 0; row < values.rows(); ++row) {
    const double v = values(row, column);
    if (!std::isfinite(v)) continue;
    if (!(v > 0)) return kNaN;
    sum += std::log(v);
    ++counted;
  }
  if (counted < 2) return kNaN;
  const double mean = sum / static_cast<double>(counted);
  double squares = 0;
  for (Eigen::Index row = 0; row < values.rows(); ++row) {
    const double v = values(row, column);
    if (std::isfinite(v)) squares += (std::log(v) - mean) * (std::log(v) - mean);
  }
  return std::sqrt(squares / static_cast<double>(counted - 1));
}

/// The points of one origin: plan, run, read the recorded paths.
void run_origin(const BacktestPlan& plan, const sim::SimulationOptions& options, double shock_scale,
                RollingResult& r) {
  model::Model model = model::compile_model(plan.spec);
  for (auto& shock : model.shocks) shock.sd *= shock_scale;
  const sim::DeterministicOutcome det = sim::run_deterministic(model);
  // The deterministic comparison gives the points (compared years, without
  // path inputs) exactly as a single backtest from this year picks them.
  const BacktestResult points = analyse_backtest(plan, model, det, nullptr);
  const Eigen::Index I = static_cast<Eigen::Index>(model.indicators.size());
  sim::SimulationOptions o = options;
  o.record_columns.clear();
  for (const auto& s : points.indicators) {
    const Eigen::Index i = model.find_indicator(s.name);
    for (int year : s.years) o.record_columns.push_back((year - plan.from_year) * I + i);
  }
  // Every path is read for the PIT; only the compared columns are kept.
  o.record_paths = options.paths;
  const sim::MonteCarloOutcome mc = sim::run_monte_carlo(model, o);
  r.nonfinite_paths += mc.nonfinite_paths;
  for (const auto& s : points.indicators) {
    const Eigen::Index i = model.find_indicator(s.name);
    for (std::size_t k = 0; k < s.years.size(); ++k) {
      const Eigen::Index column = (s.years[k] - plan.from_year) * I + i;
      const sim::Quantiles& q = mc.indicators[static_cast<std::size_t>(column)];
      RollingForecast f;
      f.indicator = s.name;
      f.origin = plan.from_year;
      f.year = s.years[k];
      f.horizon = f.year - f.origin;
      f.observed = s.observed[k];
      f.deterministic = s.deterministic[k];
      f.p05 = q.p05, f.p25 = q.p25, f.p50 = q.p50, f.p75 = q.p75, f.p95 = q.p95;
      f.pit = pit_of(mc.recorded.indicators, mc.recorded.find(column), f.observed);
      f.log_sd = log_sd_of(mc.recorded.indicators, mc.recorded.find(column));
      f.log_error = f.deterministic > 0 && f.observed > 0 ? std::log(f.deterministic / f.observed) : kNaN;
      r.forecasts.push_back(std::move(f));
    }
  }
}

}  // namespace

RollingResult run_rolling(const scenario::ScenarioSpec& original, const RollingSettings& settings,
                          const sim::SimulationOptions& options) {
  int first = INT_MAX, last = INT_MIN;
  for (const auto& ind : original.indicators) {
    for (const auto& [year, value] : ind.history) {
      if (year > original.last_year) continue;
      first = std::min(first, year);
      last = std::max(last, year);
    }
  }
  if (settings.first_origin != 0) first = std::max(first, settings.first_origin);
  if (settings.last_origin != 0) last = std::min(last, settings.last_origin + 1);

  RollingResult r;
  r.settings = settings;
  r.paths = options.paths;
  const int origins = std::max(0, last - first);
  for (int year = first; year < last; ++year) {
    // A horizon cap is a shorter scenario: the planner then compares (and
    // keeps) only what the window observes.
    scenario::ScenarioSpec windowed = original;
    if (settings.max_horizon > 0) windowed.last_year = std::min(original.last_year, year + settings.max_horizon);
    std::optional<BacktestPlan> plan;
    std::vector<DroppedIndicator> dropped;
    try {
      plan = plan_backtest(windowed, year, &dropped);
    } catch (const InputError& e) {
      r.skipped.push_back({year, e.message()});
      continue;
    }
    sim::SimulationOptions o = options;
    if (options.progress) {
      const double done = year - first;
      o.progress = [&options, done, origins](double f) { options.progress((done + f) / origins); };
    }
    run_origin(*plan, o, settings.shock_scale, r);
    r.origins.push_back(year);
    for (auto& d : dropped) r.dropped.push_back({year, std::move(d.indicator), std::move(d.reason)});
  }
  if (r.origins.empty()) {
    std::string tried = origins > 0 ? std::to_string(first) + "–" + std::to_string(last - 1) : "none";
    std::string hint = r.skipped.empty()
                           ? "give history for at least two years, or widen " + option_ref("first_origin") + " .. " +
                                 option_ref("last_origin")
                           : std::to_string(r.skipped.front().year) + ": " + r.skipped.front().reason;
    throw InputError(SourcePos{original.file}, "no-origin",
                     "no year of the history of '" + original.id + "' can be a backtest origin (years tried: " +
                         tried + ")",
                     hint);
  }
  pool_rolling(r);
  return r;
}

}  // namespace goalpath::analysis

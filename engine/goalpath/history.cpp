// goalpath.hpp: the studies against history (backtest, calibrate) and plan A
// against plan B (compare).
#include <fmt/format.h>

#include <chrono>

#include "goalpath/goalpath.hpp"
#include "goalpath/internal.hpp"

namespace goalpath {

std::optional<OptionError> BacktestOptions::problem() const {
  if (auto p = ExecutionOptions::problem()) return p;
  if (from_year == 0) return OptionError("from_year", "0", "give the year to restart the projection in");
  return std::nullopt;
}

BacktestResult backtest(const Scenario& scenario, const BacktestOptions& options) {
  if (auto p = options.problem()) throw *p;
  const analysis::BacktestPlan plan = analysis::plan_backtest(scenario.spec(), options.from_year);
  const model::Model model = model::compile_model(plan.spec);
  const sim::SimulationOptions simulation =
      detail::simulation_options(model, options, scenario.spec().paths.value_or(kDefaultBacktestPaths));
  const sim::DeterministicOutcome deterministic = sim::run_deterministic(model);
  std::optional<sim::MonteCarloOutcome> monte_carlo;
  if (!options.deterministic) monte_carlo = sim::run_monte_carlo(model, simulation);
  BacktestResult result = analysis::analyse_backtest(plan, model, deterministic, monte_carlo ? &*monte_carlo : nullptr);
  result.paths = options.deterministic ? 0 : simulation.paths;
  result.seed = simulation.seed;
  result.scenario_file = scenario.provenance().file;
  result.command_line = options.command_line;
  result.engine_version = version();
  return result;
}

std::optional<OptionError> RollingBacktestOptions::problem() const {
  if (auto p = ExecutionOptions::problem()) return p;
  if (max_horizon < 0) {
    return OptionError("max_horizon", std::to_string(max_horizon), "must not be negative (0: as far as the history goes)");
  }
  if (first_origin != 0 && last_origin != 0 && last_origin < first_origin) {
    return OptionError("last_origin", std::to_string(last_origin),
                       "must be at least " + option_ref("first_origin") + " (" + std::to_string(first_origin) + ")");
  }
  return std::nullopt;
}

namespace {

sim::SimulationOptions rolling_simulation(const Scenario& scenario, const RollingBacktestOptions& options) {
  return detail::simulation_options(scenario.model(), options, scenario.spec().paths.value_or(kDefaultBacktestPaths));
}

analysis::RollingSettings rolling_settings(const RollingBacktestOptions& options) {
  analysis::RollingSettings settings;
  settings.first_origin = options.first_origin;
  settings.last_origin = options.last_origin;
  settings.max_horizon = options.max_horizon;
  return settings;
}

analysis::StudyInfo rolling_info(const Scenario& scenario, const RollingBacktestOptions& options,
                                 const sim::SimulationOptions& simulation,
                                 std::chrono::steady_clock::time_point start) {
  analysis::StudyInfo info = detail::study_info(scenario, options);
  info.seed = simulation.seed;
  info.threads = simulation.resolved_threads();
  info.processes = simulation.processes();
  info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return info;
}

}  // namespace

RollingResult rolling_backtest(const Scenario& scenario, const RollingBacktestOptions& options) {
  if (auto p = options.problem()) throw *p;
  const auto start = std::chrono::steady_clock::now();
  const sim::SimulationOptions simulation = rolling_simulation(scenario, options);
  RollingResult result = analysis::run_rolling(scenario.spec(), rolling_settings(options), simulation);
  result.info = rolling_info(scenario, options, simulation, start);
  return result;
}

TrackResult track(const Scenario& scenario, const TrackOptions& options) {
  const model::Model& model = scenario.model();
  sim::SimulationOptions simulation = detail::simulation_options(model, options, 100000);
  analysis::RunSettings settings = detail::run_settings(scenario, options, simulation, false);
  settings.via_indicator = detail::via_indicator(model, options.via, scenario.indicator_names());
  settings.signposts = false;  // track's signposts start after the last observed year, from the weighed paths
  // Every path is weighed by every observation: keep them all.
  simulation.record_paths = simulation.paths;
  const sim::DeterministicOutcome deterministic = sim::run_deterministic(model);
  const sim::MonteCarloOutcome monte_carlo = sim::run_monte_carlo(model, simulation);
  analysis::RunResult prior = analysis::analyse_run(model, deterministic, &monte_carlo, settings);
  prior.calibration = model.spec.calibration;  // the posterior is read from the same bands
  analysis::TrackSettings track_settings;
  track_settings.seed = simulation.seed;
  track_settings.via_indicator = settings.via_indicator;
  track_settings.threads = settings.threads;
  return analysis::analyse_track(model, monte_carlo, std::move(prior), track_settings);
}

std::optional<OptionError> CalibrateOptions::problem() const {
  if (indicator.empty()) return OptionError("indicator", "\"\"", "name the indicator whose history to calibrate from");
  return std::nullopt;
}

Calibration calibrate(const Scenario& scenario, const CalibrateOptions& options) {
  if (auto p = options.problem()) throw *p;
  Calibration result =
      analysis::calibrate_indicator(scenario.spec(), options.indicator, options.from_year, options.to_year);
  result.language = scenario.spec().language;
  return result;
}

BandsCalibration calibrate_bands(const Scenario& scenario, const BandsCalibrationOptions& options) {
  if (auto p = options.problem()) throw *p;
  const auto start = std::chrono::steady_clock::now();
  const sim::SimulationOptions simulation = rolling_simulation(scenario, options);
  analysis::BandsSettings settings;
  settings.rolling = rolling_settings(options);
  if (!settings.rolling.max_horizon) settings.rolling.max_horizon = scenario.spec().last_year - scenario.spec().base_year;
  BandsCalibration result = analysis::calibrate_bands(scenario.spec(), settings, simulation);
  result.info = rolling_info(scenario, options, simulation, start);
  return result;
}

namespace {

RunResult run_side(const Scenario& scenario, const CompareOptions& options, const sim::SimulationOptions& shared) {
  RunOptions o = options;
  o.paths = shared.paths;
  o.seed = shared.seed;
  return run(scenario, o);
}

}  // namespace

CompareResult compare(const CompareSide& a, const CompareSide& b, const CompareOptions& options) {
  if (auto p = options.problem()) throw *p;
  if (options.max_standard_error != 0) {
    // Every side runs on one path count (common random numbers); a count
    // chosen per side would break that.
    throw OptionError("max_standard_error", fmt::format("{}", options.max_standard_error),
                      "is run's alone: every side here runs on one path count; give " + option_ref("paths"));
  }
  const CompareSide* sides[2] = {&a, &b};
  // Common random numbers: one seed and one path count for both scenario
  // sides: the options', else a (Monte Carlo) report's, else the first scenario's.
  ExecutionOptions effective = options;
  for (const CompareSide* side : sides) {
    const auto* report = std::get_if<RunResult>(side);
    if (!report || report->settings.deterministic) continue;
    if (!effective.seed) effective.seed = report->settings.seed;
    if (!effective.paths && report->settings.paths > 0) effective.paths = report->settings.paths;
  }
  std::optional<sim::SimulationOptions> shared;
  for (const CompareSide* side : sides) {
    if (const auto* scenario = std::get_if<Scenario>(side); scenario && !shared) {
      shared = detail::simulation_options(scenario->model(), effective, 100000);
    }
  }
  RunResult results[2];
  for (int k = 0; k < 2; ++k) {
    if (const auto* scenario = std::get_if<Scenario>(sides[k])) {
      results[k] = run_side(*scenario, options, *shared);
    } else {
      results[k] = std::get<RunResult>(*sides[k]);
    }
  }
  return analysis::compare_runs(std::move(results[0]), std::move(results[1]),
                                std::holds_alternative<Scenario>(a) ? "scenario" : "report",
                                std::holds_alternative<Scenario>(b) ? "scenario" : "report");
}

CompareResult compare(RunResult a, RunResult b, std::string a_kind, std::string b_kind) {
  return analysis::compare_runs(std::move(a), std::move(b), std::move(a_kind), std::move(b_kind));
}

RunResult read_run_report(const std::string& path) { return report::read_run_report(path); }

}  // namespace goalpath

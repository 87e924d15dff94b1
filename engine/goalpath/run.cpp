// goalpath.hpp: run, sample and evaluate — the scenario's Monte Carlo and
// the model as a function of its parameters.
#include <cmath>
#include <fmt/format.h>

#include "goalpath/goalpath.hpp"
#include "goalpath/internal.hpp"

namespace goalpath {

CheckResult check(const Scenario& scenario) {
  const model::Model& model = scenario.model();
  CheckResult result;
  result.file = scenario.provenance().file;
  int uncertain = 0;
  for (const auto& p : model.parameters) uncertain += p.uncertain();
  std::string& out = result.summary;
  out = fmt::format("{}: ok — {} ({})\n", result.file, model.title.empty() ? model.id : model.title, model.id);
  out += fmt::format("  years      {}–{} (base year {}, {} projected)\n", model.base_year, model.last_year,
                     model.base_year, model.year_count() - 1);
  out += fmt::format("  parameters {} ({} uncertain), shocks {}, correlations {}\n", model.parameters.size(), uncertain,
                     model.shocks.size(), model.spec.correlations.size());
  out += fmt::format("  indicators {}, targets {}, sweeps {}\n", model.indicators.size(), model.targets.size(),
                     model.spec.sweeps.size());
  if (model.spec.files.size() > 1) {
    out += "  extends   ";
    for (std::size_t k = 1; k < model.spec.files.size(); ++k) out += " " + model.spec.files[k];
    out += "\n";
  }
  out += "  evaluation order:";
  for (int i : model.step_order) out += " " + model.indicators[i].name;
  out += "\n";
  for (const auto& t : model.targets) {
    out += fmt::format("  target {}: {} {} {} ({})\n", t.id, t.subject, t.at_least ? ">=" : "<=", t.threshold,
                       scenario::to_string(t.kind));
  }
  if (!model.observations.empty()) {
    out += fmt::format("  observed   {} value{} after the base year, through {} (goalpath track weighs the paths by them)\n",
                       model.observations.size(), model.observations.size() == 1 ? "" : "s",
                       model.observations.back().year);
  }
  out += "  calibration " + report::calibration_statement(model.spec.calibration) + "\n";
  for (const auto& note : model.spec.notes) out += "  note: " + note + "\n";
  // The threshold checks use the deterministic projection (no Monte Carlo).
  result.warnings = model.warnings;
  for (auto& w : analysis::threshold_warnings(model, sim::run_deterministic(model), nullptr)) {
    result.warnings.push_back(std::move(w));
  }
  return result;
}

namespace detail {

int via_indicator(const model::Model& model, const std::string& via, const std::vector<std::string>& names) {
  if (via.empty()) return -1;
  const int i = model.find_indicator(via);
  if (i < 0) {
    throw InputError(SourcePos{option_ref("via")}, "unknown-name", "no indicator is called '" + via + "'",
                     did_you_mean(via, names));
  }
  return i;
}

analysis::RunSettings run_settings(const Scenario& scenario, const ExecutionOptions& options,
                                   const sim::SimulationOptions& simulation, bool deterministic) {
  analysis::RunSettings settings;
  settings.paths = simulation.paths;
  settings.seed = simulation.seed;
  settings.threads = simulation.resolved_threads();
  settings.processes = simulation.processes();
  settings.deterministic = deterministic;
  settings.command_line = options.command_line;
  settings.engine_version = version();
  settings.scenario_file = scenario.provenance().file;
  settings.scenario_sha256 = scenario.provenance().sha256;
  settings.scenario_files = scenario.provenance().files;
  settings.merged_sha256 = scenario.provenance().merged_sha256;
  return settings;
}

}  // namespace detail

namespace {

std::optional<OptionError> precision_problem(const model::Model& model, const RunOptions& o) {
  if (o.max_standard_error == 0) return std::nullopt;
  const std::string value = fmt::format("{}", o.max_standard_error);
  if (!(o.max_standard_error > 0 && o.max_standard_error < 0.5)) {
    return OptionError("max_standard_error", value, "must be above 0 and below 0.5 (0: the paths as given)");
  }
  if (o.paths) {
    return OptionError("max_standard_error", value,
                       "chooses the paths itself; give it or " + option_ref("paths") + ", not both");
  }
  if (o.deterministic) {
    return OptionError("max_standard_error", value, "is the error of Monte Carlo probabilities; a deterministic run has none");
  }
  if (model.targets.empty()) return OptionError("max_standard_error", value, "needs a target; the scenario has none");
  return std::nullopt;
}

/// The worst target's cautious standard error, and the paths it asks for.
std::pair<double, double> precision_of(const sim::MonteCarloOutcome& mc, double bound) {
  double worst = 0, needed = 0;
  for (std::size_t t = 0; t < mc.target_met.size(); ++t) {
    const double counted = static_cast<double>(mc.target_finite[t]);
    if (counted <= 0) return {0.5, static_cast<double>(sim::kMaxPaths) + 1};  // nothing counts: no precision reachable
    const double p = (static_cast<double>(mc.target_met[t]) + 0.5) / (counted + 1);
    worst = std::max(worst, std::sqrt(p * (1 - p) / counted));
    // Paths are counted only where the target's value is a number.
    needed = std::max(needed, p * (1 - p) / (bound * bound) * static_cast<double>(mc.paths) / counted);
  }
  return {worst, needed};
}

}  // namespace

std::vector<std::int64_t> paths_for_precision(const Scenario& scenario, const RunOptions& options) {
  const model::Model& model = scenario.model();
  if (auto p = precision_problem(model, options)) throw *p;
  if (options.max_standard_error == 0) throw OptionError("max_standard_error", "0", "must be above 0");
  RunOptions counting = options;
  counting.max_standard_error = 0;
  counting.paths = kPrecisionStep;
  sim::SimulationOptions simulation = detail::simulation_options(model, counting, kPrecisionStep);
  simulation.quantiles = false;  // counts alone: one pass, small histograms
  std::vector<std::int64_t> stages;
  for (std::int64_t n = kPrecisionStep;;) {
    simulation.paths = n;
    const sim::MonteCarloOutcome mc = sim::run_monte_carlo(model, simulation);
    stages.push_back(n);
    const auto [worst, needed] = precision_of(mc, options.max_standard_error);
    if (worst <= options.max_standard_error) return stages;
    // Up to what the worst target asks, in whole steps; at least one step
    // more, and after a few stages at least double, so the search ends soon.
    double next = std::ceil(needed / kPrecisionStep) * kPrecisionStep;
    next = std::max(next, static_cast<double>(n + kPrecisionStep));
    if (stages.size() >= 4) next = std::max(next, 2.0 * static_cast<double>(n));
    if (next > static_cast<double>(sim::kMaxPaths)) {
      throw sim::ResourceLimit(fmt::format(
          "a standard error of {} needs more than {} paths (after {} paths the worst target's error was {:.3g}); ask "
          "for a larger {}",
          options.max_standard_error, sim::kMaxPaths, n, worst, option_ref("max_standard_error")));
    }
    n = static_cast<std::int64_t>(next);
  }
}

RunResult run(const Scenario& scenario, const RunOptions& options) {
  return detail::run_with(scenario, options, [&](const sim::SimulationOptions& simulation) {
    return sim::run_monte_carlo(scenario.model(), simulation);
  });
}

namespace detail {

sim::SimulationOptions run_simulation_options(const Scenario& scenario, const RunOptions& options) {
  const model::Model& model = scenario.model();
  sim::SimulationOptions simulation = detail::simulation_options(model, options, 100000);
  const int via = detail::via_indicator(model, options.via, scenario.indicator_names());
  // Signposts read the first paths one by one: record the columns they need.
  if (options.signposts) simulation.record_columns = analysis::signpost_columns(model, model.base_year, via);
  if (!simulation.record_columns.empty()) simulation.record_paths = std::min(simulation.paths, analysis::kSignpostPaths);
  return simulation;
}

RunResult run_with(const Scenario& scenario, const RunOptions& options_given, const MonteCarlo& simulate) {
  const model::Model& model = scenario.model();
  if (auto p = precision_problem(model, options_given)) throw *p;
  RunOptions options = options_given;
  std::vector<std::int64_t> stages;
  if (options.max_standard_error > 0) {
    stages = paths_for_precision(scenario, options_given);
    options.paths = stages.back();
  }
  const sim::SimulationOptions simulation = run_simulation_options(scenario, options);
  analysis::RunSettings settings = detail::run_settings(scenario, options, simulation, options.deterministic);
  settings.via_indicator = detail::via_indicator(model, options.via, scenario.indicator_names());
  const sim::DeterministicOutcome deterministic = sim::run_deterministic(model);
  std::optional<sim::MonteCarloOutcome> monte_carlo;
  if (!options.deterministic) monte_carlo = simulate(simulation);
  RunResult result = analysis::analyse_run(model, deterministic, monte_carlo ? &*monte_carlo : nullptr, settings);
  result.settings.max_standard_error = options.max_standard_error;
  result.settings.precision_stages = stages;
  result.calibration = model.spec.calibration;  // every report states it
  if (!model.observations.empty()) {
    // A run projects from the base year as if nothing after it were known.
    std::string seen;
    for (const auto& o : model.observations) {
      seen += (seen.empty() ? "" : ", ") + model.indicators[static_cast<std::size_t>(o.indicator)].name + " " +
              std::to_string(o.year);
    }
    result.warnings.push_back(fmt::format(
        "{} value{} observed after the base year {} ({}) {} not used by run, which projects from the base year as if "
        "nothing after it were known; goalpath track weighs the paths by them",
        model.observations.size(), model.observations.size() == 1 ? "" : "s", model.base_year, seen,
        model.observations.size() == 1 ? "is" : "are"));
  }
  return result;
}

}  // namespace detail

std::vector<double> sample_indicator(const Scenario& scenario, const std::string& indicator, int year,
                                     const ExecutionOptions& options) {
  const model::Model& model = scenario.model();
  const sim::SimulationOptions simulation = detail::simulation_options(model, options, 100000);
  const SourcePos at{"sample(" + indicator + ", " + std::to_string(year) + ")"};
  const int column = model.find_indicator(indicator);
  if (column < 0) {
    throw InputError(at, "unknown-name", "no indicator is called '" + indicator + "'",
                     did_you_mean(indicator, scenario.indicator_names()));
  }
  if (year < model.base_year || year > model.last_year) {
    throw InputError(at, "bad-years", fmt::format("{} is outside the scenario's years", year),
                     fmt::format("give a year from {} to {}", model.base_year, model.last_year));
  }
  const auto I = static_cast<Eigen::Index>(model.indicators.size());
  const Eigen::Index slot = static_cast<Eigen::Index>(year - model.base_year) * I + column;
  std::vector<double> values(static_cast<std::size_t>(simulation.paths));
  // Path p's inputs are a function of (seed, p) alone, so these are the
  // values of paths 0 .. paths-1 of `run` with the same seed.
  const sim::Evaluator evaluator(model);
  sim::BlockResult block;
  sim::Workspace workspace;
  Eigen::ArrayXXd parameters;
  for (std::int64_t first = 0; first < simulation.paths; first += simulation.block_size) {
    if (simulation.cancel && simulation.cancel->load()) throw sim::Cancelled();
    const auto rows = static_cast<Eigen::Index>(std::min<std::int64_t>(simulation.block_size, simulation.paths - first));
    evaluator.draw_parameters(simulation.seed, first, rows, parameters);
    evaluator.run(parameters, true, simulation.seed, first, block, workspace);
    for (Eigen::Index r = 0; r < rows; ++r) values[static_cast<std::size_t>(first + r)] = block.indicators(r, slot);
    if (simulation.progress) simulation.progress(static_cast<double>(first + rows) / static_cast<double>(simulation.paths));
  }
  return values;
}

Evaluation evaluate(const Scenario& scenario, const std::vector<double>& values, const EvaluateOptions& options) {
  const model::Model& model = scenario.model();
  sim::SimulationOptions simulation = detail::simulation_options(model, options, 100000);
  Evaluation out;
  out.columns = options.columns.empty() ? scenario.uncertain_parameter_names() : options.columns;
  out.targets = scenario.target_ids();
  const SourcePos at{"evaluate"};
  if (out.columns.empty()) {
    throw InputError(at, "bad-option", "the scenario has no uncertain parameter to take as columns",
                     "name the parameters of the columns (EvaluateOptions.columns)");
  }
  std::vector<int> columns;
  for (const auto& name : out.columns) columns.push_back(analysis::require_parameter(model, name, at));
  const auto D = static_cast<std::int64_t>(columns.size());
  if (values.size() % static_cast<std::size_t>(D) != 0) {
    throw InputError(at, "bad-value", fmt::format("{} values do not make rows of {} columns", values.size(), D),
                     "give N x D values, row-major, D = the number of columns");
  }
  out.rows = static_cast<std::int64_t>(values.size()) / D;
  const Eigen::ArrayXXd centre = sim::central_parameters(model);
  Eigen::ArrayXXd parameters = centre.replicate(static_cast<Eigen::Index>(out.rows), 1);
  for (std::int64_t r = 0; r < out.rows; ++r) {
    for (std::int64_t d = 0; d < D; ++d) {
      const double v = values[static_cast<std::size_t>(r * D + d)];
      if (!std::isfinite(v)) {
        throw InputError(at, "bad-value", fmt::format("row {}, column {} ({}) is {}", r, d, out.columns[d], v),
                         "every value must be a finite number");
      }
      parameters(static_cast<Eigen::Index>(r), columns[static_cast<std::size_t>(d)]) = v;
    }
  }
  const Eigen::ArrayXXd measured =
      out.rows ? sim::evaluate_points(model, parameters, options.with_shocks, simulation) : Eigen::ArrayXXd(0, 0);
  const auto T = static_cast<std::int64_t>(model.targets.size());
  out.value.resize(static_cast<std::size_t>(out.rows * T));
  out.met.resize(static_cast<std::size_t>(out.rows * T));
  for (std::int64_t r = 0; r < out.rows; ++r) {
    for (std::int64_t t = 0; t < T; ++t) {
      const double v = measured(static_cast<Eigen::Index>(r), static_cast<Eigen::Index>(t));
      out.value[static_cast<std::size_t>(r * T + t)] = v;
      out.met[static_cast<std::size_t>(r * T + t)] = model.targets[static_cast<std::size_t>(t)].met(v);
    }
  }
  return out;
}

}  // namespace goalpath

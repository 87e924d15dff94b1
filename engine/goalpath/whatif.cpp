// goalpath.hpp: the what-if studies — sweep, sensitivity, solve, discover.
#include <algorithm>
#include <fmt/format.h>

#include "analysis/resources.hpp"
#include "goalpath/goalpath.hpp"
#include "goalpath/internal.hpp"

namespace goalpath {

SweepResult sweep(const Scenario& scenario, const SweepOptions& options) {
  const model::Model& model = scenario.model();
  std::vector<analysis::SweepAxis> axes;
  for (const auto& id : options.sweeps) {
    for (auto& axis : analysis::sweep_axes(model, id)) axes.push_back(std::move(axis));
  }
  for (const auto& grid : options.grid) axes.push_back(analysis::parse_grid(grid));
  if (axes.empty()) {
    std::string ids;
    for (const auto& s : model.spec.sweeps) ids += (ids.empty() ? "" : ", ") + s.id;
    const std::string axis = option_ref("grid") + " NAME=FROM:TO:STEP or " + option_ref("grid") + " NAME=v1,v2,...";
    throw OptionError("grid", "",
                      ids.empty() ? "nothing to sweep: give " + axis
                                  : "nothing to sweep: give " + option_ref("sweeps") + " ID (this scenario has: " + ids +
                                        ") or " + axis);
  }
  analysis::SweepOptions study;
  study.deterministic = options.deterministic;
  study.mode = options.fix ? model::SettingMode::fix : model::SettingMode::set;
  study.simulation = detail::simulation_options(model, options, 100000);
  double points = 1;
  for (const auto& axis : axes) points = std::min(points * static_cast<double>(axis.values.size()), 1e15);
  if (points <= static_cast<double>(analysis::kMaxSweepPoints)) {  // a larger grid gets run_sweep's own error
    analysis::refuse_beyond_limits(analysis::sweep_work(model, static_cast<std::int64_t>(points), study),
                                   study.simulation);
  }
  SweepResult result = analysis::run_sweep(model, std::move(axes), study);
  result.sweep_ids = options.sweeps;
  detail::stamp(result.info, scenario, options);
  return result;
}

std::optional<OptionError> SensitivityOptions::problem() const {
  if (auto p = ExecutionOptions::problem()) return p;
  if (bootstrap < 0) return OptionError("bootstrap", std::to_string(bootstrap), "must be >= 0");
  if (include_fixed && method != analysis::SensitivityMethod::tornado) {
    return OptionError("include_fixed", "true", "applies to the tornado method only");
  }
  return std::nullopt;
}

SensitivityReport sensitivity(const Scenario& scenario, const SensitivityOptions& options) {
  if (auto p = options.problem()) throw *p;
  const model::Model& model = scenario.model();
  analysis::SensitivityOptions study;
  study.method = options.method;
  study.metric = options.metric;
  study.targets = options.targets;
  study.samples = options.samples;
  study.morris_levels = options.levels;
  study.bootstrap_resamples = options.bootstrap;
  study.with_shocks = options.with_shocks;
  study.include_fixed = options.include_fixed;
  study.simulation = detail::simulation_options(model, options, 100000);
  analysis::refuse_beyond_limits(analysis::sensitivity_work(model, study), study.simulation);
  SensitivityReport report = analysis::run_sensitivity(model, study);
  detail::stamp(report.info, scenario, options);
  return report;
}

std::optional<OptionError> SolveOptions::problem() const {
  if (auto p = ExecutionOptions::problem()) return p;
  if (target.empty()) return OptionError("target", "\"\"", "name the target to solve for");
  if (param.empty()) return OptionError("param", "\"\"", "name the parameter to move");
  if (!probability && (paths || seed)) {
    return OptionError(paths ? "paths" : "seed", paths ? std::to_string(*paths) : std::to_string(*seed),
                       "applies only with " + option_ref("probability") + " (the break-even is deterministic)");
  }
  if (probability && !(*probability > 0 && *probability < 1)) {
    return OptionError("probability", fmt::format("{}", *probability), "must lie strictly between 0 and 1");
  }
  return std::nullopt;
}

SolveResult solve(const Scenario& scenario, const SolveOptions& options) {
  if (auto p = options.problem()) throw *p;
  const model::Model& model = scenario.model();
  analysis::SolveOptions study;
  study.target = options.target;
  study.param = options.param;
  study.within = options.within;
  study.probability = options.probability;
  if (options.probability) study.simulation = detail::simulation_options(model, options, 100000);
  SolveResult result = analysis::solve_break_even(model, study);
  const double seconds = result.info.seconds;
  result.info = detail::study_info(scenario, options);
  result.info.seconds = seconds;
  if (options.probability) {
    result.info.seed = study.simulation.seed;
    result.info.threads = study.simulation.resolved_threads();
    result.info.processes = study.simulation.processes();
  }
  return result;
}

PathsNeededResult paths_needed(const Scenario& scenario, const std::vector<std::string>& targets,
                               const std::string& command_line) {
  ExecutionOptions options;
  options.command_line = command_line;
  return PathsNeededResult{detail::study_info(scenario, options), scenario.model().base_year,
                           analysis::paths_needed(scenario.model(), targets)};
}

std::optional<OptionError> DiscoverOptions::problem() const {
  if (auto p = ExecutionOptions::problem()) return p;
  if (!(prim.min_mass > 0 && prim.min_mass < 1)) {
    return OptionError("prim.min_mass", fmt::format("{}", prim.min_mass), "must lie between 0 and 1");
  }
  if (!(prim.peel_alpha > 0 && prim.peel_alpha < 0.5)) {
    return OptionError("prim.peel_alpha", fmt::format("{}", prim.peel_alpha), "must lie between 0 and 0.5");
  }
  return std::nullopt;
}

DiscoverResult discover(const Scenario& scenario, const DiscoverOptions& options) {
  if (auto p = options.problem()) throw *p;
  const model::Model& model = scenario.model();
  analysis::DiscoverOptions study;
  study.target = options.target;
  study.samples = options.samples;
  study.with_shocks = options.with_shocks;
  study.failure = options.failure;
  study.prim = options.prim;
  study.simulation = detail::simulation_options(model, options, 100000);
  if (study.samples >= 100 && study.samples <= 10000000) {  // outside, run_discover's own error
    analysis::refuse_beyond_limits(analysis::discover_work(model, study), study.simulation);
  }
  DiscoverResult result = analysis::run_discover(model, study);
  detail::stamp(result.info, scenario, options);
  return result;
}

}  // namespace goalpath

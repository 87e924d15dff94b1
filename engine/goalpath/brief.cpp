// goalpath.hpp: brief — the scenario's run, its drivers and its variants
// on one seed, for the page a director reads.
#include <fmt/format.h>

#include "goalpath/goalpath.hpp"
#include "goalpath/internal.hpp"

namespace goalpath {

std::optional<OptionError> BriefOptions::problem() const {
  if (auto p = ExecutionOptions::problem()) return p;
  if (deterministic) return OptionError("deterministic", "true", "a brief states probabilities: it needs Monte Carlo");
  if (!signposts) return OptionError("signposts", "false", "a brief states what the next review must show");
  analysis::BriefOptions brief;
  brief.max_drivers = max_drivers;
  if (!brief.validate().empty()) {
    return OptionError("max_drivers", std::to_string(max_drivers), "must be >= 0 (0 keeps every bar)");
  }
  return std::nullopt;
}

BriefResult brief(const Scenario& scenario, const std::vector<Scenario>& variants, const BriefOptions& options) {
  if (auto p = options.problem()) throw *p;
  if (options.max_standard_error != 0) {
    // Every side runs on one path count (common random numbers); a count
    // chosen per side would break that.
    throw OptionError("max_standard_error", fmt::format("{}", options.max_standard_error),
                      "is run's alone: every side here runs on one path count; give " + option_ref("paths"));
  }
  // One seed and one path count for the scenario and every variant (common
  // random numbers, as compare): the options', else the scenario's.
  const sim::SimulationOptions shared = detail::simulation_options(scenario.model(), options, 100000);
  const double studies = static_cast<double>(variants.size()) + 2;
  auto stage = [&options, studies](ExecutionOptions& o, int k) {
    if (!options.progress) return;
    o.progress = [progress = options.progress, k, studies](double f) { progress((k + f) / studies); };
  };
  RunOptions run_options = options;
  run_options.paths = shared.paths;
  run_options.seed = shared.seed;
  stage(run_options, 0);
  RunResult run_result = run(scenario, run_options);

  // What drives each target: its measured value with each uncertain
  // parameter at its 10th and its 90th percentile (shocks 0), the bars a
  // reader can set against the target's threshold.
  SensitivityOptions tornado;
  static_cast<ExecutionOptions&>(tornado) = run_options;
  tornado.method = analysis::SensitivityMethod::tornado;
  tornado.metric = analysis::Metric::value;
  stage(tornado, 1);
  const SensitivityReport drivers = sensitivity(scenario, tornado);

  std::vector<std::pair<std::string, RunResult>> variant_runs;
  for (std::size_t k = 0; k < variants.size(); ++k) {
    RunOptions o = run_options;
    stage(o, static_cast<int>(k) + 2);
    variant_runs.emplace_back(variants[k].provenance().file, run(variants[k], o));
  }
  analysis::BriefOptions brief_options;
  brief_options.max_drivers = options.max_drivers;
  return analysis::make_brief(scenario.model(), std::move(run_result), drivers, std::move(variant_runs), brief_options);
}


}  // namespace goalpath

// goalpath sensitivity: which assumption matters most, by tornado, Morris,
// Sobol or Shapley (goalpath::sensitivity).
#include "app/cli.hpp"
#include "app/verbs_help.hpp"

namespace goalpath::app {

int verb_sensitivity(const Invocation& call) {
  std::string file, method_name, metric_name;
  SensitivityOptions o;
  CommonOptions options;
  po::options_description description("goalpath sensitivity options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "method", po::value<std::string>(&method_name)->required(), "tornado | morris | sobol | shapley")(
      "target", po::value<std::vector<std::string>>(&o.targets)->composing(),
      "analyse this target (repeatable; default: every target)")(
      "metric", po::value<std::string>(&metric_name)->default_value("value"),
      "value: the target's measured value; met: 1 when the target is met, else 0")(
      "samples", po::value<std::int64_t>(&o.samples)->default_value(0),
      "sobol: base samples N, rounded up to a power of two (0: 4096; N (2D+2) model runs for D uncertain "
      "parameters); morris: trajectories (0: 50); shapley: random permutations (0: 4000; 3D model runs each); "
      "tornado with --with-shocks: paths per setting (0: 2000)")(
      "levels", po::value<int>(&o.levels)->default_value(4), "morris: grid levels p (even)")(
      "bootstrap", po::value<int>(&o.bootstrap)->default_value(200), "sobol: bootstrap resamples for the 95% intervals")(
      "with-shocks", po::bool_switch(&o.with_shocks),
      "draw the yearly shocks (points compared share them) instead of holding them at 0")(
      "include-fixed", po::bool_switch(&o.include_fixed),
      "tornado: also move the parameters without uncertainty, to value ± 10% (default: left out)");
  add_common_options(description, options, kExecute | kSet | kWrite,
                     {{"seed", "seed of the Morris design, the Sobol bootstrap, the Shapley permutations and draws, and "
                               "the shocks (default: the scenario's simulation.seed, else 1)"},
                      {"block-size", "points evaluated together; never changes the result"},
                      {"max-seconds", "refuse work projected to take longer than this (0: no limit)"}});
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, kSensitivityUsage)) return 0;
  const Format format = output_format(options);
  auto method = sensitivity_method_from_string(method_name);
  if (!method) throw UsageError("unknown method '" + method_name + "'; " + did_you_mean(method_name, {"tornado", "morris", "sobol", "shapley"}));
  auto metric = metric_from_string(metric_name);
  if (!metric) throw UsageError("unknown metric '" + metric_name + "'; " + did_you_mean(metric_name, {"value", "met"}));
  o.method = *method;
  o.metric = *metric;
  if (auto p = o.problem()) throw *p;  // before loading, as the command line always did
  const Scenario scenario = load_scenario(file, options);
  execution_options(options, call, "evaluating the design", o);
  const SensitivityReport report = sensitivity(scenario, o);
  warn(call, report.warning.empty() ? std::vector<std::string>{} : std::vector<std::string>{report.warning});
  for (const auto& r : report.results) {
    if (!r.warning.empty()) warn(call, {r.target + ": " + r.warning});
  }
  emit(options, render(report, format, render_options(options)));
  return 0;
}

}  // namespace goalpath::app

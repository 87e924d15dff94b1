// goalpath sensitivity: which assumption matters most, by tornado, Morris,
// Sobol or Shapley (analysis/sensitivity.hpp).
#include <iostream>

#include "analysis/resources.hpp"
#include "analysis/sensitivity.hpp"
#include "app/cli.hpp"
#include "report/sensitivity.hpp"

namespace goalpath::app {

int verb_sensitivity(const Invocation& call) {
  std::string file, method_name, metric_name;
  std::vector<std::string> targets;
  std::int64_t samples = 0;
  int levels = 4, bootstrap = 200;
  bool with_shocks = false, include_fixed = false;
  CommonOptions options;
  po::options_description description("goalpath sensitivity options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "method", po::value<std::string>(&method_name)->required(), "tornado | morris | sobol | shapley")(
      "target", po::value<std::vector<std::string>>(&targets)->composing(),
      "analyse this target (repeatable; default: every target)")(
      "metric", po::value<std::string>(&metric_name)->default_value("value"),
      "value: the target's measured value; met: 1 when the target is met, else 0")(
      "samples", po::value<std::int64_t>(&samples)->default_value(0),
      "sobol: base samples N, rounded up to a power of two (0: 4096; N (2D+2) model runs for D uncertain "
      "parameters); morris: trajectories (0: 50); shapley: random permutations (0: 4000; 3D model runs each); "
      "tornado with --with-shocks: paths per setting (0: 2000)")(
      "levels", po::value<int>(&levels)->default_value(4), "morris: grid levels p (even)")(
      "bootstrap", po::value<int>(&bootstrap)->default_value(200), "sobol: bootstrap resamples for the 95% intervals")(
      "with-shocks", po::bool_switch(&with_shocks),
      "draw the yearly shocks (points compared share them) instead of holding them at 0")(
      "include-fixed", po::bool_switch(&include_fixed),
      "tornado: also move the parameters without uncertainty, to value ± 10% (default: left out)")(
      "seed", po::value<std::string>()->notifier([&options](const std::string& v) { options.seed = parse_seed(v); }),
      "seed of the Morris design, the Sobol bootstrap, the Shapley permutations and draws, and the shocks (default: the scenario's simulation.seed, else 1)")(
      "threads", po::value<int>(&options.threads)->default_value(0), "worker threads (0: every core); never changes the result")(
      "block-size", po::value<int>(&options.block_size)->default_value(1024), "points evaluated together; never changes the result")(
      "max-seconds", po::value<double>(&options.max_seconds)->default_value(3600),
      "refuse work projected to take longer than this (0: no limit)");
  add_common_options(description, options, false);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const std::string usage =
      "goalpath sensitivity SCENARIO.yaml --method tornado|morris|sobol|shapley [--target ID] [--metric value|met] "
      "[--samples N] [options]\n\n"
      "tornado: every uncertain parameter fixed at its 10th and its 90th percentile; the parameters correlated with\n"
      "         it at their conditional medians given that value, the others at value. --include-fixed also moves\n"
      "         the parameters without uncertainty, to value ± 10%.\n"
      "morris:  elementary effects of the uncertain parameters in quantile space (levels 0.5%..99.5%); mu_star and\n"
      "         sigma in output units per unit of quantile level (a move across the whole distribution).\n"
      "sobol:   first-order (S1) and total (ST) indices of the uncertain parameters, Saltelli's design, 95%\n"
      "         bootstrap half-widths. Correlations between parameters are not imposed (a warning says so).\n"
      "shapley: each uncertain parameter's share of the output's variance under the scenario's correlations\n"
      "         (Song-Nelson-Staum random permutations, conditional draws in the copula's normal space); the\n"
      "         shares sum to 1; 95% half-widths from the standard error. With --with-shocks the yearly shocks\n"
      "         are one more input, \"yearly shocks\".\n"
      "Shocks are 0 unless --with-shocks; then the points a method compares share their shocks, and a tornado\n"
      "setting's output is the mean value (--metric met: the probability of meeting the target) over --samples paths.\n"
      "Warnings go to stderr and into the JSON.\n"
      "json: one target gives CLI.md's object; several (the default: all) give {\"schema\", \"method\", \"metric\",\n"
      "\"samples\", \"targets\": [ids], \"results\": [one such object per target]}.";
  if (!parse_arguments(call, description, positional, usage)) return 0;
  report::Format format = output_format(options);

  analysis::SensitivityOptions o;
  auto method = analysis::sensitivity_method_from_string(method_name);
  if (!method) throw UsageError("unknown method '" + method_name + "'; " + did_you_mean(method_name, {"tornado", "morris", "sobol", "shapley"}));
  auto metric = analysis::metric_from_string(metric_name);
  if (!metric) throw UsageError("unknown metric '" + metric_name + "'; " + did_you_mean(metric_name, {"value", "met"}));
  if (bootstrap < 0) throw UsageError("--bootstrap must be >= 0");
  model::Model model = load_model(file, options.set);
  o.method = *method;
  o.metric = *metric;
  o.targets = targets;
  o.samples = samples;
  o.morris_levels = levels;
  o.bootstrap_resamples = bootstrap;
  o.with_shocks = with_shocks;
  if (include_fixed && *method != analysis::SensitivityMethod::tornado) {
    throw UsageError("--include-fixed applies to --method tornado only");
  }
  o.include_fixed = include_fixed;
  o.simulation = simulation_options(options, model, "evaluating the design");
  analysis::refuse_beyond_limits(analysis::sensitivity_work(model, o), o.simulation);

  analysis::SensitivityReport report = analysis::run_sensitivity(model, o);
  report.info.scenario_file = file;
  report.info.scenario_sha256 = report::sha256_file(file);
  report.info.scenario_files = scenario_file_hashes(model);
  report.info.merged_sha256 = merged_scenario_hash(model);
  report.info.command_line = call.command_line;
  report.info.engine_version = GOALPATH_VERSION;
  if (!report.warning.empty()) std::cerr << "goalpath sensitivity: warning: " << report::terminal_safe(report.warning) << "\n";
  for (const auto& r : report.results) {
    if (!r.warning.empty()) std::cerr << "goalpath sensitivity: warning: " << report::terminal_safe(r.target + ": " + r.warning) << "\n";
  }
  emit(options, report::sensitivity_report(report, format));
  return 0;
}

}  // namespace goalpath::app

// goalpath discover: which ranges of the assumptions lead to success, by
// PRIM over a Latin hypercube (analysis/discover.hpp).
#include <iostream>

#include "analysis/resources.hpp"
#include "analysis/discover.hpp"
#include "app/cli.hpp"
#include "report/discover.hpp"

namespace goalpath::app {

int verb_discover(const Invocation& call) {
  std::string file;
  analysis::DiscoverOptions o;
  CommonOptions options;
  po::options_description description("goalpath discover options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "target", po::value<std::string>(&o.target)->default_value("all"),
      "the target that defines success, or all: every target met on the same point")(
      "samples", po::value<std::int64_t>(&o.samples)->default_value(analysis::kDefaultDiscoverSamples),
      "points of the Latin hypercube (100 to 10000000)")(
      "with-shocks", po::bool_switch(&o.with_shocks), "draw yearly shocks (point r gets those of path r) instead of 0")(
      "failure", po::bool_switch(&o.failure),
      "locate failure instead of success: the box where missing the target (for all: missing any) concentrates")(
      "min-mass", po::value<double>(&o.prim.min_mass)->default_value(0.05),
      "PRIM stops peeling before the box holds less than this share of the points")(
      "peel-alpha", po::value<double>(&o.prim.peel_alpha)->default_value(0.05), "share of the box's points peeled per step")(
      "seed", po::value<std::string>()->notifier([&options](const std::string& v) { options.seed = parse_seed(v); }),
      "seed of the hypercube and the shocks (default: the scenario's simulation.seed, else 1)")(
      "threads", po::value<int>(&options.threads)->default_value(0), "worker threads (0: every core); never changes the result")(
      "block-size", po::value<int>(&options.block_size)->default_value(1024), "points evaluated together; never changes the result")(
      "max-seconds", po::value<double>(&options.max_seconds)->default_value(3600),
      "refuse work projected to take longer than this (0: no limit)");
  add_common_options(description, options, false);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const std::string usage =
      "goalpath discover SCENARIO.yaml [--target ID|all] [--failure] [--samples N] [options]\n\n"
      "Samples the uncertain parameters (Latin hypercube in the copula's normal space, correlated as the scenario\n"
      "says, through their distributions), runs each point (shocks at 0 unless --with-shocks), and peels a box of\n"
      "parameter ranges where success (with --failure: failure) is dense (Friedman-Fisher PRIM). Reports the chosen box (limits in parameter units, coverage, density, mass)\n"
      "and the peeling trajectory.";
  if (!parse_arguments(call, description, positional, usage)) return 0;
  report::Format format = output_format(options);
  if (!(o.prim.min_mass > 0 && o.prim.min_mass < 1)) throw UsageError("--min-mass must be between 0 and 1");
  if (!(o.prim.peel_alpha > 0 && o.prim.peel_alpha < 0.5)) throw UsageError("--peel-alpha must be between 0 and 0.5");
  model::Model model = load_model(file, options.set);
  o.simulation = simulation_options(options, model, "exploring");
  if (o.samples >= 100 && o.samples <= 10000000) {  // outside, run_discover's own error
    analysis::refuse_beyond_limits(analysis::discover_work(model, o), o.simulation);
  }

  analysis::DiscoverResult result = analysis::run_discover(model, o);
  result.info.scenario_file = file;
  result.info.scenario_sha256 = report::sha256_file(file);
  result.info.scenario_files = scenario_file_hashes(model);
  result.info.merged_sha256 = merged_scenario_hash(model);
  result.info.command_line = call.command_line;
  result.info.engine_version = GOALPATH_VERSION;
  if (!result.warning.empty()) std::cerr << "goalpath discover: warning: " << report::terminal_safe(result.warning) << "\n";
  emit(options, report::discover_report(result, format));
  return 0;
}

}  // namespace goalpath::app

// goalpath discover: which ranges of the assumptions lead to success, by
// PRIM over a Latin hypercube (goalpath::discover).
#include "app/cli.hpp"
#include "app/verbs_help.hpp"

namespace goalpath::app {

int verb_discover(const Invocation& call) {
  std::string file;
  DiscoverOptions o;
  CommonOptions options;
  po::options_description description("goalpath discover options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "target", po::value<std::string>(&o.target)->default_value("all"),
      "the target that defines success, or all: every target met on the same point")(
      "samples", po::value<std::int64_t>(&o.samples)->default_value(o.samples),
      "points of the Latin hypercube (100 to 10000000)")(
      "with-shocks", po::bool_switch(&o.with_shocks), "draw yearly shocks (point r gets those of path r) instead of 0")(
      "failure", po::bool_switch(&o.failure),
      "locate failure instead of success: the box where missing the target (for all: missing any) concentrates")(
      "min-mass", po::value<double>(&o.prim.min_mass)->default_value(0.05),
      "PRIM stops peeling before the box holds less than this share of the points")(
      "peel-alpha", po::value<double>(&o.prim.peel_alpha)->default_value(0.05), "share of the box's points peeled per step");
  add_common_options(description, options, kExecute | kSet | kWrite,
                     {{"seed", "seed of the hypercube and the shocks (default: the scenario's simulation.seed, else 1)"},
                      {"block-size", "points evaluated together; never changes the result"},
                      {"max-seconds", "refuse work projected to take longer than this (0: no limit)"}});
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, kDiscoverUsage)) return 0;
  const Format format = output_format(options);
  if (auto p = o.problem()) throw *p;  // before loading, as the command line always did
  const Scenario scenario = load_scenario(file, options);
  execution_options(options, call, "exploring", o);
  const DiscoverResult result = discover(scenario, o);
  if (!result.warning.empty()) warn(call, {result.warning});
  emit(options, render(result, format, render_options(options)));
  return 0;
}

}  // namespace goalpath::app

// goalpath sweep: each target's probability (and deterministic value) at
// every point of a grid of assumptions (goalpath::sweep).
#include "app/cli.hpp"
#include "app/verbs_help.hpp"

namespace goalpath::app {

int verb_sweep(const Invocation& call) {
  std::string file;
  SweepOptions o;
  CommonOptions options;
  po::options_description description("goalpath sweep options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "sweep", po::value<std::vector<std::string>>(&o.sweeps)->composing(),
      "a sweep of the scenario's `sweeps:` by id (repeatable: the axes of all are combined)")(
      "grid", po::value<std::vector<std::string>>(&o.grid)->composing(),
      "an axis: NAME=FROM:TO:STEP or NAME=v1,v2,... (repeatable; NAME a parameter). The grid is every "
      "combination of the axes (--sweep axes first, then --grid axes, the last varying fastest), at most 100000 "
      "points")(
      "fix", po::bool_switch(&o.fix),
      "fix the swept parameters exactly and draw the parameters correlated with them from their conditional "
      "distribution (default: a value moves the parameter's centre, its uncertainty and correlations kept)");
  add_common_options(description, options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, kSweepUsage)) return 0;
  const Format format = output_format(options);
  const Scenario scenario = load_scenario(file, options);
  execution_options(options, call, "sweeping", o);
  o.deterministic = options.deterministic;
  emit(options, render(sweep(scenario, o), format, render_options(options)));
  return 0;
}

}  // namespace goalpath::app

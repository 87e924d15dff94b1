// goalpath check / goalpath run
#include "app/cli.hpp"

namespace goalpath::app {

int verb_check(const Invocation& call) {
  std::string file;
  CommonOptions options;
  po::options_description description("goalpath check options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file");
  add_common_options(description, options, kSet, {{"set", "override a parameter: NAME=VALUE (repeatable)"}});
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, "goalpath check SCENARIO.yaml")) return 0;
  const CheckResult result = check(load_scenario(file, options));
  // The summary on stdout (terminal-safe: the title and names come from the
  // file), the warnings on stderr with the other diagnostics.
  emit(options, render(result, Format::table));
  warn(call, result.warnings);
  return 0;
}

int verb_run(const Invocation& call) {
  std::string file;
  CommonOptions options;
  po::options_description description("goalpath run options");
  RunOptions o;
  bool no_signposts = false;
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "via", po::value<std::string>(&o.via), "signposts on this indicator instead of each target's own")(
      "no-signposts", po::bool_switch(&no_signposts), "skip the signposts (the probabilities and bands alone, as a benchmark wants)")(
      "precision", po::value<double>(&o.max_standard_error),
      "choose the paths so that every target's probability has a standard error at most this, e.g. 0.005 "
      "(instead of --paths; sequential, the same paths for the same seed)");
  add_common_options(description, options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, "goalpath run SCENARIO.yaml [options]")) return 0;
  o.signposts = !no_signposts;
  const Format format = output_format(options);
  const Scenario scenario = load_scenario(file, options);
  execution_options(options, call, "simulating", o);
  o.deterministic = options.deterministic;
  emit(options, render(run(scenario, o), format, render_options(options)));
  return 0;
}

}  // namespace goalpath::app

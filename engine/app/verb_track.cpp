// goalpath track: the run's paths weighed by what has been observed since the
// base year (goalpath::track).
#include "app/cli.hpp"

namespace goalpath::app {

int verb_track(const Invocation& call) {
  std::string file;
  CommonOptions options;
  TrackOptions o;
  po::options_description description("goalpath track options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "via", po::value<std::string>(&o.via), "signposts on this indicator instead of each target's own");
  add_common_options(description, options, kAll & ~kDeterministic);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, "goalpath track SCENARIO.yaml [options]")) return 0;
  const Format format = output_format(options);
  const Scenario scenario = load_scenario(file, options);
  execution_options(options, call, "tracking", o);
  emit(options, render(track(scenario, o), format, render_options(options)));
  return 0;
}

}  // namespace goalpath::app

// goalpath calibrate: an indicator's growth from its history, as scenario
// text to paste (goalpath::calibrate).
#include "app/cli.hpp"

namespace goalpath::app {

int verb_calibrate(const Invocation& call) {
  std::string file;
  CalibrateOptions o;
  CommonOptions options;
  po::options_description description("goalpath calibrate options");
  description.add_options()
    ("scenario", po::value<std::string>(&file)->required(), "scenario file")
    ("indicator", po::value<std::string>(&o.indicator)->required(), "the indicator whose history is used")
    ("from", po::value<int>()->notifier([&o](int v) { o.from_year = v; }), "first year of the window (default: its first observation)")
    ("to", po::value<int>()->notifier([&o](int v) { o.to_year = v; }), "last year of the window (default: its last observation)");
  add_common_options(description, options, kWrite,
                     {{"format", "table (the YAML snippet) | json"},
                      {"out", "write to FILE (atomically)"},
                      {"quiet", "no warning on stderr (it stays in the output)"}});
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional,
                       "goalpath calibrate SCENARIO.yaml --indicator NAME [--from YEAR] [--to YEAR] [options]")) {
    return 0;
  }
  const Format format = output_format(options);  // table or json: render refuses the others
  const Calibration calibration = calibrate(load_scenario(file, options), o);
  if (!calibration.warning.empty() && !options.quiet) warn(call, {calibration.warning});
  emit(options, render(calibration, format));
  return 0;
}

}  // namespace goalpath::app

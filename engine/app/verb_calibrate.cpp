// goalpath calibrate: an indicator's growth from its history, as scenario
// text to paste (analysis/calibrate.hpp).
#include <iostream>

#include "analysis/calibrate.hpp"
#include "app/cli.hpp"
#include "report/backtest.hpp"
#include "scenario/scenario.hpp"

namespace goalpath::app {

int verb_calibrate(const Invocation& call) {
  std::string file, indicator;
  std::optional<int> from, to;
  CommonOptions options;
  po::options_description description("goalpath calibrate options");
  description.add_options()
    ("scenario", po::value<std::string>(&file)->required(), "scenario file")
    ("indicator", po::value<std::string>(&indicator)->required(), "the indicator whose history is used")
    ("from", po::value<int>()->notifier([&from](int v) { from = v; }), "first year of the window (default: its first observation)")
    ("to", po::value<int>()->notifier([&to](int v) { to = v; }), "last year of the window (default: its last observation)")
    ("format", po::value<std::string>(&options.format), "table (the YAML snippet) | json")
    ("out", po::value<std::string>(&options.out), "write to FILE (atomically)")
    ("quiet", po::bool_switch(&options.quiet), "no warning on stderr (it stays in the output)");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional,
                       "goalpath calibrate SCENARIO.yaml --indicator NAME [--from YEAR] [--to YEAR] [options]")) {
    return 0;
  }
  report::Format format = output_format(options);
  if (format != report::Format::table && format != report::Format::json) {
    throw UsageError("calibrate writes a YAML snippet (table, the default) or json, not " +
                     std::string(report::to_string(format)));
  }
  scenario::ScenarioSpec spec = scenario::load_scenario(file);
  analysis::Calibration calibration = analysis::calibrate_indicator(spec, indicator, from, to);
  if (!calibration.warning.empty() && !options.quiet) {
    std::cerr << "goalpath calibrate: warning: " << calibration.warning << "\n";
  }
  emit(options, format == report::Format::json ? report::calibration_to_json(calibration).dump(2) + "\n"
                                               : report::calibration_yaml(calibration));
  return 0;
}

}  // namespace goalpath::app

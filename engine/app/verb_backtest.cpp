// goalpath backtest: restart the scenario's method in an earlier year from its
// history and compare with what was observed (goalpath::backtest).
#include "app/cli.hpp"

namespace goalpath::app {

int verb_backtest(const Invocation& call) {
  std::string file;
  CommonOptions options;
  BacktestOptions o;
  po::options_description description("goalpath backtest options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "from", po::value<int>(&o.from_year)->required(), "restart the projection in this year, from the indicators' history");
  add_common_options(description, options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, "goalpath backtest SCENARIO.yaml --from YEAR [options]")) return 0;
  const Format format = output_format(options);
  // Refused before the work rather than by render after it.
  if (format == Format::html) throw UsageError("backtest writes table, json, csv or md, not html");
  const Scenario scenario = load_scenario(file, options);
  execution_options(options, call, "backtesting", o);
  o.deterministic = options.deterministic;
  emit(options, render(backtest(scenario, o), format));
  return 0;
}

}  // namespace goalpath::app

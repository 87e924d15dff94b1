// goalpath backtest: restart the scenario's method in an earlier year from its
// history and compare with what was observed (goalpath::backtest), or, with
// --rolling, in every year the history allows (goalpath::rolling_backtest).
#include "app/cli.hpp"

namespace goalpath::app {

int verb_backtest(const Invocation& call) {
  std::string file;
  CommonOptions options;
  BacktestOptions o;
  RollingBacktestOptions rolling;
  bool is_rolling = false;
  std::optional<int> from;
  po::options_description description("goalpath backtest options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "from", po::value<int>()->notifier([&from](int y) { from = y; }),
      "restart the projection in this year, from the indicators' history")(
      "rolling", po::bool_switch(&is_rolling),
      "restart in every year the history allows and pool the errors by horizon (instead of --from)")(
      "max-horizon", po::value<int>(&rolling.max_horizon),
      "with --rolling: compare up to this many years after each origin (default: as far as the history goes)")(
      "first-origin", po::value<int>(&rolling.first_origin), "with --rolling: the earliest origin year")(
      "last-origin", po::value<int>(&rolling.last_origin), "with --rolling: the latest origin year");
  add_common_options(description, options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional,
                       "goalpath backtest SCENARIO.yaml (--from YEAR | --rolling [--max-horizon H]) [options]")) {
    return 0;
  }
  const Format format = output_format(options);
  if (is_rolling) {
    if (from) throw UsageError("--rolling restarts in every year the history allows: give --from or --rolling, not both");
    if (options.deterministic) throw UsageError("--rolling compares bands: it runs Monte Carlo, not --deterministic");
    const Scenario scenario = load_scenario(file, options);
    execution_options(options, call, "backtesting", rolling);
    emit(options, render(rolling_backtest(scenario, rolling), format, render_options(options)));
    return 0;
  }
  if (!from) throw UsageError("give --from YEAR (restart in that year) or --rolling (every year the history allows)");
  if (rolling.max_horizon || rolling.first_origin || rolling.last_origin) {
    throw UsageError("--max-horizon, --first-origin and --last-origin go with --rolling");
  }
  o.from_year = *from;
  const Scenario scenario = load_scenario(file, options);
  execution_options(options, call, "backtesting", o);
  o.deterministic = options.deterministic;
  emit(options, render(backtest(scenario, o), format, render_options(options)));
  return 0;
}

}  // namespace goalpath::app

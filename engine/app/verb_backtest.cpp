// goalpath backtest: restart the scenario's method in an earlier year from its
// history and compare with what was observed (analysis/backtest.hpp).
#include "analysis/backtest.hpp"
#include "app/cli.hpp"
#include "report/backtest.hpp"
#include "scenario/scenario.hpp"

namespace goalpath::app {

namespace {
// A backtest compares bands with a handful of observed points. With 20000
// paths the p05 and p95 are each estimated to about ±0.3 points of
// probability (2 standard errors), plenty for that, at a fifth of a run's cost.
// It replaces only run's fallback (100000): --paths, then the scenario's
// `simulation.paths`, come first, as for every verb (CLI.md).
constexpr std::int64_t kBacktestPaths = 20000;
}  // namespace

int verb_backtest(const Invocation& call) {
  std::string file;
  int from = 0;
  CommonOptions options;
  po::options_description description("goalpath backtest options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "from", po::value<int>(&from)->required(), "restart the projection in this year, from the indicators' history");
  add_common_options(description, options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, "goalpath backtest SCENARIO.yaml --from YEAR [options]")) return 0;
  report::Format format = output_format(options);
  if (format == report::Format::html) throw UsageError("backtest writes table, json, csv or md, not html");
  scenario::ScenarioSpec spec = scenario::load_scenario(file);
  for (const auto& assignment : options.set) scenario::apply_override(spec, assignment);
  if (!options.paths && !spec.paths) options.paths = kBacktestPaths;
  analysis::BacktestPlan plan = analysis::plan_backtest(spec, from);
  model::Model model = model::compile_model(plan.spec);
  sim::SimulationOptions sim_options = simulation_options(options, model, "backtesting");

  sim::DeterministicOutcome deterministic = sim::run_deterministic(model);
  std::optional<sim::MonteCarloOutcome> monte_carlo;
  if (!options.deterministic) monte_carlo = sim::run_monte_carlo(model, sim_options);
  analysis::BacktestResult result =
      analysis::analyse_backtest(plan, model, deterministic, monte_carlo ? &*monte_carlo : nullptr);
  result.paths = options.deterministic ? 0 : sim_options.paths;
  result.seed = sim_options.seed;
  result.scenario_file = file;
  result.command_line = call.command_line;
  result.engine_version = GOALPATH_VERSION;
  emit(options, report::backtest_report(result, format));
  return 0;
}

}  // namespace goalpath::app

// Backtesting: the scenario's method restarted in an earlier year from its
// history, and compared with what was observed afterwards (`goalpath
// backtest SCENARIO --from YEAR`, CLI.md).
//
// How the scenario is restarted at YEAR (plan_backtest):
//   - base year = YEAR; last year = the last year, after YEAR and no later
//     than the scenario's last year, in which any indicator has history
//     (other than a path's inputs, below). No such year: error.
//   - Compared indicators are those with a history value after YEAR (up to
//     the new last year). Indicators that are not compared and that no
//     compared indicator depends on (through its rule or its base) are left
//     out, so that e.g. a running sum of investment with `base: 0` does not
//     block a backtest of output. They are listed in `left_out`.
//   - Each kept indicator starts in YEAR from, in this order:
//       1. `value` rule without `base:`: derived by its rule (it needs no base);
//       2. its history value for YEAR;
//       3. its `base:` expression, when it refers to at least one indicator
//          (it is then derived from restarted indicators, "0.439 * output").
//          Parameters in it keep their values, which were set for the
//          original base year: the report flags such starts;
//       otherwise its base is a level assumed for the original base year and
//       cannot be moved to YEAR: InputError `no-restart`, naming the
//       indicator and suggesting a history value for YEAR.
//   - `path` rules list only the original projected years. Earlier years of
//     the backtest take the indicator's history value of that year (the
//     plan is replaced by what happened); a year with neither is an
//     InputError `path-gap`. Those history-filled years are inputs, not
//     forecasts, and are not compared.
//   - Targets and sweeps are dropped; parameters, shocks and correlations
//     are kept as they are. `t` and base(x) in rules now count from YEAR.
//
// Scores: MAPE is the mean over every compared point of
// |deterministic - observed| / |observed| (a fraction; points observed as 0
// are left out of it), and coverage_90 the share of points with p05 <=
// observed <= p95 in the Monte Carlo.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

namespace goalpath::analysis {

/// How a kept indicator starts in the backtest's base year.
enum class BacktestStart { derived, history, expression };
const char* to_string(BacktestStart start);

struct BacktestPlan {
  scenario::ScenarioSpec spec;        // the restarted scenario, ready for model::compile_model
  int from_year = 0, last_year = 0;
  int original_base_year = 0;
  std::vector<std::string> compared;  // indicators with observations to compare, in file order
  std::vector<std::string> left_out;  // indicators nothing observed depends on
  /// Per kept indicator (spec.indicators order): how it starts, and the
  /// projected years whose value is an observation fed in (path gaps).
  std::vector<BacktestStart> starts;
  std::vector<std::vector<int>> input_years;
};

/// A compared indicator left out of a restart because it, or an indicator it
/// needs, cannot restart there (no-restart or path-gap).
struct DroppedIndicator {
  std::string indicator;
  std::string reason;
};

/// Restarts `original` at `from_year`. Throws InputError (no-history,
/// no-restart, path-gap, bad-years). With `dropped`, a compared indicator
/// that cannot restart (itself or through what it needs) is not compared
/// and is listed there instead, so the others still restart; the error is
/// thrown only when no compared indicator is left.
BacktestPlan plan_backtest(const scenario::ScenarioSpec& original, int from_year,
                           std::vector<DroppedIndicator>* dropped = nullptr);

/// One compared indicator. Vectors run over `years`; the bands are empty in
/// a deterministic backtest.
struct BacktestSeries {
  std::string name, label, unit;
  BacktestStart start = BacktestStart::history;
  std::string base_expression;        // for BacktestStart::expression
  double start_value = 0;             // deterministic value in the base year
  std::optional<double> observed_start;  // history in the base year, when there is one
  std::vector<int> years;
  std::vector<double> observed, deterministic, p05, p50, p95;
  std::vector<double> error;          // (deterministic - observed) / |observed|; NaN when observed is 0
  std::vector<bool> in_band;          // p05 <= observed <= p95 (Monte Carlo only)
  double mape = 0;                    // over this indicator's points; NaN when none counts
  int inside_90 = 0;                  // points inside p05-p95
};

struct BacktestResult {
  std::string scenario_id, title, scenario_file;
  std::string language;  // the scenario's declared report language ("" when not declared)
  int from_year = 0, last_year = 0, original_base_year = 0;
  std::int64_t paths = 0;
  std::uint64_t seed = 0;
  bool deterministic = false;
  std::vector<BacktestSeries> indicators;
  std::vector<std::string> left_out;
  /// Kept indicators (compared or not) started from their base expression,
  /// name -> expression: their parameters were set for the original base year.
  std::map<std::string, std::string> expression_starts;
  int points = 0;                     // compared points, all indicators
  int mape_points = 0;                // of which enter the MAPE (observed != 0)
  double mape = 0;                    // NaN when no point counts
  int inside_90 = 0;                  // points inside their p05-p95 band
  std::optional<double> coverage_90;  // inside_90 / points; absent in a deterministic backtest
  std::int64_t nonfinite_paths = 0;
  std::string command_line, engine_version;
};

/// Compares the outcomes of `model` (compiled from plan.spec) with the history.
BacktestResult analyse_backtest(const BacktestPlan& plan, const model::Model& model,
                                const sim::DeterministicOutcome& deterministic,
                                const sim::MonteCarloOutcome* monte_carlo);

/// plan_backtest, compile, run (Monte Carlo unless `deterministic`) and analyse.
BacktestResult run_backtest(const scenario::ScenarioSpec& original, int from_year,
                            const sim::SimulationOptions& options, bool deterministic);

}  // namespace goalpath::analysis

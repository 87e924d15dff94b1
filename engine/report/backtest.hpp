// Writers for the verbs that read history: `goalpath backtest` (table, json,
// csv, md) and `goalpath calibrate` (a YAML snippet to paste, or json).
// They read only analysis results (BacktestResult, Calibration).
//
// JSON: backtest follows CLI.md (`goalpath.backtest/1`: from, indicators
// {NAME: {years, observed, deterministic, p05, p50, p95}}, mape,
// coverage_90), calibrate gives `goalpath.calibrate/1` (indicator, from, to,
// n, mean, sd, cagr, warning). Extra fields are added, none renamed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/backtest.hpp"
#include "analysis/calibrate.hpp"
#include "analysis/calibrate_bands.hpp"
#include "report/report.hpp"

namespace goalpath::report {

nlohmann::json backtest_to_json(const analysis::BacktestResult& result);
std::string backtest_table(const analysis::BacktestResult& result);
std::string backtest_markdown(const analysis::BacktestResult& result);
std::string backtest_csv(const analysis::BacktestResult& result);
/// The report in `format`; html throws std::invalid_argument (not offered).
std::string backtest_report(const analysis::BacktestResult& result, Format format);

/// Scenario text a planner can paste: the growth parameter, the yearly
/// shock, and comments with the data behind them and any warning.
std::string calibration_yaml(const analysis::Calibration& calibration);
nlohmann::json calibration_to_json(const analysis::Calibration& calibration);

/// `goalpath calibrate --bands`: the variant to write (table), extending the
/// scenario at `extends` (a path as the variant's file will name it), with
/// the calibration as comments; or the numbers (json, goalpath.bands/1).
std::string bands_yaml(const analysis::BandsCalibration& result, const std::string& extends);
nlohmann::json bands_to_json(const analysis::BandsCalibration& result);

/// Free text on one line (for a YAML comment or a one-line string).
std::string one_line(const std::string& text);

}  // namespace goalpath::report

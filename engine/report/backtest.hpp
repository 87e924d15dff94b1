// Writers of `goalpath backtest --from YEAR` (table, json, csv, md, html);
// `goalpath calibrate`'s are in report/calibrate.hpp. They read only the
// analysis result (BacktestResult).
//
// JSON: backtest follows CLI.md (`goalpath.backtest/1`: from, indicators
// {NAME: {years, observed, deterministic, p05, p50, p95}}, mape,
// coverage_90). Extra fields are added, none renamed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/backtest.hpp"
#include "report/calibrate.hpp"
#include "report/document.hpp"
#include "report/report.hpp"

namespace goalpath::report {

nlohmann::json backtest_to_json(const analysis::BacktestResult& result);
/// The scores, every compared point with its band, a chart per indicator of
/// the projection against what was observed, each indicator's scores and
/// start, the caveats, the provenance last.
Document build_backtest_document(const analysis::BacktestResult& result, Lang lang);
std::string backtest_table(const analysis::BacktestResult& result, Lang lang = Lang::en);
std::string backtest_markdown(const analysis::BacktestResult& result, Lang lang = Lang::en);
std::string backtest_html(const analysis::BacktestResult& result, Lang lang = Lang::en);
std::string backtest_csv(const analysis::BacktestResult& result);
std::string backtest_report(const analysis::BacktestResult& result, Format format, Lang lang = Lang::en);

}  // namespace goalpath::report

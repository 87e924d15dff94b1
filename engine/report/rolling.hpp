// Writers of `goalpath backtest --rolling` (analysis::RollingResult): JSON
// `goalpath.backtest/2` (REPORT_JSON.md), a terminal table, Markdown, CSV
// (one row per point) and HTML (coverage by horizon against the nominal
// 50% and 90%, the PIT histogram, the horizons' table).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/rolling.hpp"
#include "report/document.hpp"
#include "report/report.hpp"

namespace goalpath::report {

nlohmann::json rolling_to_json(const analysis::RollingResult& result);
/// points, inside_50/90, coverage_50/90, their binomial p-values and the PIT
/// counts: the pooled fields of goalpath.backtest/2, also goalpath.bands/1's
/// `before` and `after`.
nlohmann::json coverage_to_json(const analysis::RollingCoverage& coverage);
/// How often the bands held (the answer), coverage by horizon and the PIT
/// histogram (charts), the horizons' table, the origins skipped, the
/// provenance last.
Document build_rolling_document(const analysis::RollingResult& result, Lang lang);
std::string rolling_table(const analysis::RollingResult& result, Lang lang = Lang::en);
std::string rolling_markdown(const analysis::RollingResult& result, Lang lang = Lang::en);
std::string rolling_csv(const analysis::RollingResult& result);
std::string rolling_html(const analysis::RollingResult& result, Lang lang = Lang::en);
std::string rolling_report(const analysis::RollingResult& result, Format format, Lang lang = Lang::en);

}  // namespace goalpath::report

// What the builders of the verbs that read history (backtest, backtest
// --rolling, calibrate) word alike: the provenance of a study, a coverage
// line, the origins' span. Not part of the report module's interface.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analysis/rolling.hpp"
#include "analysis/study.hpp"
#include "report/document.hpp"

namespace goalpath::report::detail {

/// The heading, the command's label and the closing note, rows empty.
Provenance provenance_frame(Lang lang);

/// Engine, scenario, file, sha256 (and the extends chain), seed and threads,
/// `extra` rows, then the command line.
Provenance study_provenance(const analysis::StudyInfo& info, const std::vector<std::pair<std::string, std::string>>& extra,
                            Lang lang);

/// "2012–2019", "2015", or "none" / "无".
std::string origins_text(const std::vector<int>& origins, Lang lang);

/// "52 of 59 points (88.1%)" / "59个点中52个（88.1%）": the points inside a band.
Cell inside_cell(int inside, int points, double share, Lang lang);
/// An exact binomial p-value, three significant digits.
Cell p_value_cell(double p);

/// Coverage by horizon: p25–p75 and p05–p95 against the nominal 50% and
/// 90%; with `after`, the calibrated bands beside (solid) those as given
/// (dashed).
LineChartData coverage_chart(const analysis::RollingResult& before, const analysis::RollingResult* after, Lang lang);

/// The PIT histogram of `coverage` as a line over the ten bins.
LineChartData pit_chart(const analysis::RollingCoverage& coverage, Lang lang);

}  // namespace goalpath::report::detail

// What the writers of the studies share: the reproducibility box (rolling's
// writer still uses it; the design-point studies end their documents with a
// Provenance block, report/build/study_parts.hpp); the JSON provenance is
// report/data/study_json.hpp, the line chart report/charts.hpp. Not part of
// the report module's interface.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "analysis/study.hpp"
#include "report/charts.hpp"
#include "report/data/json_parts.hpp"
#include "report/data/study_json.hpp"  // put_study_info, for the writers that still include this header

namespace goalpath::report::detail {

/// <section class="repro">: engine, scenario, file, sha256, seed and threads
/// (when `random`), `extra` (name, value) rows and the command line.
std::string study_repro_box(const analysis::StudyInfo& info,
                            const std::vector<std::pair<std::string, std::string>>& extra, bool random = true);

// LineSeries, LineChartData and svg_line_chart are in report/charts.hpp.

}  // namespace goalpath::report::detail

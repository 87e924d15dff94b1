// What the writers of the design-point studies (sweep, sensitivity, solve,
// discover) share: provenance in JSON, the reproducibility box (the line
// chart they draw is in report/charts.hpp). Not part of the report module's interface.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "analysis/study.hpp"
#include "report/charts.hpp"
#include "report/data/json_parts.hpp"

namespace goalpath::report::detail {

/// "engine", "scenario" and the common "settings" fields of a study's JSON
/// (seed and threads only when `random`: a deterministic study has neither).
void put_study_info(nlohmann::json& out, const analysis::StudyInfo& info, bool random = true);

/// <section class="repro">: engine, scenario, file, sha256, seed and threads
/// (when `random`), `extra` (name, value) rows and the command line.
std::string study_repro_box(const analysis::StudyInfo& info,
                            const std::vector<std::pair<std::string, std::string>>& extra, bool random = true);

// LineSeries, LineChartData and svg_line_chart are in report/charts.hpp.

}  // namespace goalpath::report::detail

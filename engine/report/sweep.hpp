// Writers for `goalpath sweep` (table, json, csv, md, html). They read only
// analysis results, never the simulator; what the writers of every
// design-point study share is in report/build/study_parts.hpp and report/data/study_json.hpp.
//
// JSON follows CLI.md: {"schema": "goalpath.sweep/1", "axes": [{"name",
// "values"}], "points": [{"values": {NAME: v}, "targets": {ID:
// {"probability", "value"}}}]}, plus engine, scenario, settings, targets
// (id, label, unit, op, threshold) and per cell probability_se, met and
// nonfinite. With --deterministic, probability and probability_se are null.
// Points are in the order of SweepResult::points (the last axis fastest).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "analysis/sweep.hpp"
#include "report/document.hpp"
#include "report/report.hpp"
#include "report/charts.hpp"
#include "report/data/json_parts.hpp"
#include "report/data/study_json.hpp"

namespace goalpath::report {

/// The sweep for people: a summary, a chart per target (a line along one
/// axis; a heatmap over two, with the scenario's own point and the 50% and
/// 80% contours, slices of the first two axes beyond that), every point as
/// a table, provenance last.
Document build_sweep_document(const analysis::SweepResult& result, Lang lang);

nlohmann::json sweep_to_json(const analysis::SweepResult& result);
std::string sweep_table(const analysis::SweepResult& result, Lang lang = Lang::en);
/// Long format, one row per point and target: point, one column per axis,
/// target, value, met, probability, probability_se, nonfinite.
std::string sweep_csv(const analysis::SweepResult& result);
std::string sweep_markdown(const analysis::SweepResult& result, Lang lang = Lang::en);
/// One line chart per target for one axis, one heatmap per target for two
/// (the first axis across, the second up), heatmap slices of the first two
/// axes for each combination of the others beyond that; then the table.
std::string sweep_html(const analysis::SweepResult& result, Lang lang = Lang::en);
std::string sweep_report(const analysis::SweepResult& result, Format format, Lang lang = Lang::en);

namespace detail {

/// What a swept value means under the sweep's mode, one clause for headings.
std::string mode_text(model::SettingMode mode, Lang lang = Lang::en);

}  // namespace detail

}  // namespace goalpath::report

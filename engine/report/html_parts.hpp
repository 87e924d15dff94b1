// Internal pieces shared by the HTML writers of `run` and `compare`: chart
// data from a RunResult, the reproducibility box, tables. Not part of the
// report module's interface.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/run.hpp"
#include "report/charts.hpp"

namespace goalpath::report::detail {

/// An indicator's projection and bands as a fan-chart series.
FanSeries fan_series(const analysis::RunResult& run, const analysis::IndicatorResult& indicator, std::string name,
                     std::string colour);

/// Markers for the targets that measure `indicator` (a growth target is drawn
/// at the level it implies in its last year).
std::vector<ThresholdMarker> threshold_markers(const analysis::RunResult& run, const std::string& indicator);

/// <section class="repro">: engine version, scenario file and SHA-256, seed,
/// paths, threads and the command line.
std::string repro_box(const analysis::RunResult& run, std::string_view heading);

/// <span class="status on_track">on track</span>
std::string status_chip(analysis::Status status);

/// A table in a scrolling wrapper. Header cells are text (escaped here); row
/// cells are markup: pass text through html_escape. numeric[c] right-aligns column c.
std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& numeric, std::string_view css_class);

}  // namespace goalpath::report::detail

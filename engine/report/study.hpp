// What the HTML writers of the studies share: the reproducibility box
// (rolling's writer still uses it; the design-point studies end their
// documents with a Provenance block, report/build/study_parts.hpp) and a
// line chart. The JSON provenance is report/data/study_json.hpp. Not part
// of the report module's interface.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "analysis/study.hpp"
#include "report/data/json_parts.hpp"
#include "report/data/study_json.hpp"  // put_study_info, for the writers that still include this header

namespace goalpath::report::detail {

/// <section class="repro">: engine, scenario, file, sha256, seed and threads
/// (when `random`), `extra` (name, value) rows and the command line.
std::string study_repro_box(const analysis::StudyInfo& info,
                            const std::vector<std::pair<std::string, std::string>>& extra, bool random = true);

struct LineSeries {
  std::string name;  // legend text ("" for none)
  std::string colour = "#0969da";
  std::vector<double> x, y;  // NaN y leaves a gap
  bool dashed = false;
  bool dots = true;
};

struct LineChartData {
  std::string css_class = "line-chart";
  std::string data_attributes;  // e.g. data-target="x" (escaped by the caller)
  std::string title, x_name, y_name;
  std::vector<LineSeries> series;
  bool y_percent = false;  // y in [0, 1], axis 0–100%
  /// Horizontal dashed lines (e.g. a threshold) with their labels.
  std::vector<std::pair<double, std::string>> reference_lines;
};

/// `<svg class=css_class …>`: axes with round ticks, one polyline per
/// series (with dots), reference lines and a legend when series are named.
std::string svg_line_chart(const LineChartData& data);

}  // namespace goalpath::report::detail

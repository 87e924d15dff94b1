// Building blocks of the HTML reports: a page shell with the shared style
// sheet, HTML escaping, and inline SVG charts (fan chart, probability bars,
// tornado bars, heatmap). Every verb's HTML writer composes these, so all
// reports look alike and stay self-contained: nothing here references a
// file, a font or a script outside the page, and every chart is an <svg>
// with a viewBox that scales to its container (phones) and prints cleanly.
//
// Charts carry a class and data-* attributes naming what they show
// (`<svg class="fan-chart" data-indicator="output">`), so tests and
// browser checks can find them. All text passed in is escaped here; callers
// pass plain UTF-8.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "analysis/run.hpp"

namespace goalpath::report {

/// Text for HTML content and attribute values: & < > " ' become entities.
std::string html_escape(std::string_view text);

/// A complete page: doctype, <meta charset="utf-8">, viewport, <title>, the
/// shared style sheet (CJK-capable font stack, responsive layout, print
/// rules) and `body_html` inside <main>. `body_html` is trusted markup.
std::string html_page(std::string_view title, std::string_view body_html);

/// CSS colour of a status (also used as the class name's colour in the style sheet).
const char* status_colour(analysis::Status status);

/// The colours of the two sides of a comparison, A then B.
inline constexpr const char* kSideColours[2] = {"#0969da", "#bc4c00"};

// ---- fan chart ---------------------------------------------------------------

/// One projected path with its bands. Empty band vectors: no band drawn
/// (deterministic runs). NaN values leave a gap.
struct FanSeries {
  std::string name;                 // legend text; "" for a chart with one series
  std::string colour = "#0969da";
  std::vector<int> years;
  std::vector<double> line;         // deterministic projection, per year
  std::vector<double> p05, p25, p75, p95;
};

/// A target drawn on the indicator it measures: a marker at (last_year,
/// value) and, for a target over several years, a dashed line from
/// first_year.
struct ThresholdMarker {
  int first_year = 0, last_year = 0;
  double value = 0;
  std::string label;  // e.g. "output-1200 ≥ 1200"
};

struct FanChartData {
  std::string indicator;  // data-indicator attribute
  std::string title, unit;
  std::vector<FanSeries> series;      // one per run (two in a comparison)
  std::map<int, double> history;      // observed points, drawn as dots
  std::vector<ThresholdMarker> thresholds;
};

/// `<svg class="fan-chart" data-indicator=…>`: bands p05–p95 and p25–p75,
/// the deterministic line, history dots, target markers, year and value axes.
std::string svg_fan_chart(const FanChartData& data);

// ---- probability bars (target dashboard) ---------------------------------------

struct ProbabilityBar {
  std::string id, label;
  std::optional<double> probability, probability_se;  // absent: deterministic
  bool met = false;                                   // deterministic verdict
  analysis::Status status = analysis::Status::off_track;
};

struct ProbabilityBarsData {
  std::vector<ProbabilityBar> bars;
  double on_track = 0.8, at_risk = 0.5;  // cut-off lines
  bool deterministic = false;            // bars show met / not met instead of P
};

/// `<svg class="target-dashboard">`: one horizontal bar per target, coloured
/// by status, ± one standard error whisker, dashed lines at the cut-offs.
std::string svg_probability_bars(const ProbabilityBarsData& data);

// ---- tornado ----------------------------------------------------------------------

struct TornadoBar {
  std::string name;
  double input_low = 0, input_high = 0;    // the parameter's two settings
  double output_low = 0, output_high = 0;  // the output at each
};

struct TornadoData {
  std::string title, unit;
  std::string target;       // data-target attribute
  double baseline = 0;      // output with every parameter at its value
  std::vector<TornadoBar> bars;  // drawn in the order given (sort by swing first)
  /// The target's threshold when the output is in the target's own terms
  /// (a vertical line with `target_label`); absent otherwise.
  std::optional<double> target_value;
  std::string target_label;
};

/// `<svg class="tornado" data-target=…>`: bars from the baseline to the output
/// at each parameter's low (light) and high (dark) setting.
std::string svg_tornado(const TornadoData& data);

// ---- heatmap ------------------------------------------------------------------------

struct HeatmapData {
  std::string title;
  std::string target;                       // data-target attribute
  std::string x_name, y_name;               // axis titles (parameter names)
  std::vector<double> x_values, y_values;
  std::vector<double> cells;                // row-major: cells[y * x_values.size() + x]; NaN: no value
  double low = 0, high = 1;                 // colour scale from red (low) to green (high)
  bool percent = true;                      // cell text as a percentage
  /// The scenario's own point (x, y) on the grid, marked; absent when unknown.
  std::optional<std::pair<double, double>> own_point;
  /// Levels at which contour lines are drawn (probabilities 0.5 and 0.8).
  std::vector<double> contours = {0.5, 0.8};
};

/// `<svg class="heatmap" data-target=…>`: one cell per (x, y) with its value
/// written in it, so the chart reads without colour too.
std::string svg_heatmap(const HeatmapData& data);

}  // namespace goalpath::report

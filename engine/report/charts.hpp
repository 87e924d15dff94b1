// Building blocks of the HTML reports: a page shell with the shared style
// sheet, HTML escaping, and inline SVG charts (fan chart, probability bars,
// tornado bars, heatmap, line chart). The HTML renderer (report/render/) draws
// a Document's chart blocks with these, so all reports look alike and stay
// self-contained: nothing here references a file, a font or a script outside
// the page, and every chart is an <svg> with a viewBox that scales to its
// container (phones) and prints cleanly. The code lives in
// report/render/html/ (page.cpp, svg.cpp and one file per chart).
//
// Fit to send to a director: every chart has a legend naming each thing it
// draws, colours from the Okabe–Ito palette (readable with every common
// colour-vision deficiency; statuses blue / orange / vermillion, never red
// against green), axis text of at least 12 units in a viewBox at most 720
// units wide, one number format per axis (thousands separators, shares as
// percentages), and text that stays inside its chart (long labels end in
// "…" with the whole text in a <title>). The words a chart draws itself
// (legend entries, axis titles) come in the chart's `lang`.
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
#include "report/language.hpp"

namespace goalpath::report {

/// Text for HTML content and attribute values: & < > " ' become entities.
std::string html_escape(std::string_view text);

/// A complete page: doctype, <html lang="en"> or "zh-CN", <meta
/// charset="utf-8">, viewport, <title>, the shared style sheet (CJK-capable
/// font stack, text that wraps instead of overflowing, tables that scroll
/// sideways on a phone, print rules) and `body_html` inside <main>.
/// `body_html` is trusted markup.
std::string html_page(std::string_view title, std::string_view body_html, Lang lang = Lang::en);

/// The Okabe–Ito palette (Okabe & Ito, "Color Universal Design", 2002):
/// eight colours told apart with every common colour-vision deficiency.
namespace palette {
inline constexpr const char* blue = "#0072B2";
inline constexpr const char* orange = "#E69F00";
inline constexpr const char* green = "#009E73";
inline constexpr const char* vermillion = "#D55E00";
inline constexpr const char* purple = "#CC79A7";
inline constexpr const char* sky = "#56B4E9";
inline constexpr const char* yellow = "#F0E442";
inline constexpr const char* black = "#000000";
/// Series colours in the order charts use them.
inline constexpr const char* series[] = {blue, orange, green, vermillion, purple, sky, black};
}  // namespace palette

/// CSS colour of a status: on track blue, at risk orange, off track
/// vermillion (the style sheet's status chips use the same three).
const char* status_colour(analysis::Status status);

/// The colours of the two sides of a comparison, A then B (blue, orange).
/// On a fan chart the second series' bands are hatched and outlined, so
/// where the two sides overlap both stay visible instead of blending.
inline constexpr const char* kSideColours[2] = {palette::blue, palette::orange};

/// `value` with floating-point noise removed: 0 when |value| is below
/// 1e-12 × |scale| (a swing of 2.2e-16 on outputs of order 1 is a rounding
/// difference, not an effect), else `value`.
double without_noise(double value, double scale);

// ---- fan chart ---------------------------------------------------------------

/// One projected path with its bands. Empty band vectors: no band drawn
/// (deterministic runs). NaN values leave a gap.
struct FanSeries {
  std::string name;                 // legend text; "" for a chart with one series
  std::string colour = palette::blue;
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
  Lang lang = Lang::en;                // the legend's words
};

/// `<svg class="fan-chart" data-indicator=…>`: bands p05–p95 and p25–p75,
/// the deterministic line, history dots, each target as a labelled line at
/// its level (a diamond at its last year), year and value axes (values as
/// percentages when the unit is a share) and a legend of everything drawn.
/// The second and later series draw their bands hatched with outlined edges.
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
  Lang lang = Lang::en;
};

/// `<svg class="target-dashboard">`: one horizontal bar per target, coloured
/// by status, ± one standard error whisker, dashed lines at the cut-offs,
/// and a legend of the status colours and the cut-off lines.
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
  /// The target's threshold when the output is in the target's terms (the
  /// indicator's level, not a probability): drawn as a vertical line.
  std::optional<double> target_value;
  std::string target_label;  // beside that line, e.g. "target ≥ 50,000 亿元"
  bool percent = false;      // the output as a percentage (also when unit_kind(unit) is share)
  Lang lang = Lang::en;
};

/// `<svg class="tornado" data-target=…>`: bars from the baseline to the output
/// at each parameter's low (light) and high (dark) setting, the swing of
/// each bar at its right (noise below 1e-12 of the scale shown as 0), the
/// baseline and target lines, a value axis in the unit's format, a legend.
std::string svg_tornado(const TornadoData& data);

// ---- heatmap ------------------------------------------------------------------------

struct HeatmapData {
  std::string title;
  std::string target;                       // data-target attribute
  std::string x_name, y_name;               // axis titles (parameter names)
  std::vector<double> x_values, y_values;
  std::vector<double> cells;                // row-major: cells[y * x_values.size() + x]; NaN: no value
  double low = 0, high = 1;                 // colour scale (viridis: dark blue low, yellow high)
  bool percent = true;                      // cell text as a percentage
  bool x_percent = false, y_percent = false;  // axis values (parameter settings) as percentages
  /// The scenario's own setting of (x, y): marked with a ring and named in the legend.
  std::optional<std::pair<double, double>> own_point;
  /// Contour lines of the cell values (linear between cell centres), labelled.
  std::vector<double> contours = {0.5, 0.8};
  Lang lang = Lang::en;
};

/// `<svg class="heatmap" data-target=…>`: one cell per (x, y) with its value
/// written in it (dark or light text, whichever reads on the cell), so the
/// chart reads without colour too; a colour bar with ticks, the contours
/// (`<g class="contour" data-level=…>`, a path through the points where the
/// value crosses the level), the scenario's own point (`class="own-point"`).
std::string svg_heatmap(const HeatmapData& data);

// ---- line chart -----------------------------------------------------------------------

namespace detail {

struct LineSeries {
  std::string name;  // legend text ("" for none)
  std::string colour = palette::blue;
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
  bool x_percent = false;  // x values (a rate parameter's settings) as percentages
  /// Horizontal dashed lines (e.g. a threshold) with their labels.
  std::vector<std::pair<double, std::string>> reference_lines;
  Lang lang = Lang::en;
};

/// `<svg class=css_class …>`: axes with round ticks, one polyline per
/// series (with dots), reference lines, and a legend of the named series and
/// the reference lines.
std::string svg_line_chart(const LineChartData& data);

}  // namespace detail

}  // namespace goalpath::report

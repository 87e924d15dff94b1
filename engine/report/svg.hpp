// Internal helpers of the SVG charts (charts.hpp, report/render/html/):
// linear scales, tick choice and one label format per axis, text measured
// and fitted into its room, legends, the sequential colour scale. Not part
// of the report module's interface.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace goalpath::report::detail {

/// Maps [domain_low, domain_high] onto [range_low, range_high]; a zero-width
/// domain maps to the middle of the range.
struct LinearScale {
  double domain_low = 0, domain_high = 1, range_low = 0, range_high = 1;
  double operator()(double v) const;
};

/// About `count` round tick values (steps of 1, 2 or 5 × 10^k) covering
/// [low, high]; `step` receives the step so labels can choose their decimals.
std::vector<double> nice_ticks(double low, double high, int count, double* step = nullptr);

/// A tick label with as many decimals as `step` needs and thousands
/// separators from 1,000 up ("0.25", "2,500", "45,000"); `percent` shows the
/// value × 100 with a % sign ("12.5%"), its decimals from step × 100.
std::string tick_label(double value, double step, bool percent = false);
/// Labels for all the ticks of one axis in one format: the same decimals
/// (from the step, or from the smallest gap between values when `step` is
/// 0), separators throughout, so "2500" never stands beside "25,000".
std::vector<std::string> tick_labels(const std::vector<double>& values, double step, bool percent = false);
/// "12345.6" -> "12,345.6" (sign, fraction and exponent kept).
std::string group_thousands(std::string text);

/// SVG coordinate text with one decimal ("12.3").
std::string coord(double v);

/// Shortens `text` to at most `max_columns` display columns (CJK counts two),
/// ending with "…" when cut.
std::string shorten(std::string_view text, std::size_t max_columns);

/// An upper estimate of the width of `text` set at `font_size` in the page's
/// sans-serif faces: CJK and symbols a full em, Latin capitals 0.7 em, other
/// characters 0.6 em.
double text_width(std::string_view text, double font_size);
/// `text` cut (ending in "…") to fit `max_width` at `font_size`.
std::string fit_text(std::string_view text, double max_width, double font_size);

/// `<text>` at (x, y) with `text` escaped and fitted into `max_width` (no
/// limit when 0); a cut text carries the whole in a <title>. `anchor` is
/// start, middle or end; `extra` more attributes (e.g. font-weight="600").
std::string svg_text(double x, double y, std::string_view text, double font_size, const char* anchor,
                     const char* fill, double max_width = 0, std::string_view extra = "");

/// One entry of a chart's legend: the symbol, its colour, the words.
struct LegendItem {
  enum class Symbol { swatch, hatched, line, dashed, dot, diamond, ring };
  Symbol symbol = Symbol::swatch;
  std::string colour;
  std::string text;
  double opacity = 1;  // a swatch's fill opacity (bands)
};
/// `<g class="legend">` laid out in rows from (x, y) (the first row's
/// baseline) within `width`, wrapping to a new row when an entry would not
/// fit; `height` receives the rows' total height.
std::string svg_legend(const std::vector<LegendItem>& items, double x, double y, double width, double* height);
/// How tall svg_legend will be (so a chart can size its viewBox first).
double legend_height(const std::vector<LegendItem>& items, double width);

/// The viridis colour map at t in [0, 1] (dark blue-purple to yellow):
/// sequential, even in lightness, readable with colour-vision deficiencies
/// and in grey print.
std::string viridis(double t);
/// Relative luminance of "#rrggbb" (WCAG), for choosing dark or light text.
double luminance(const std::string& colour);

/// The font sizes the charts use: at least 13 units, in viewBoxes at most
/// 720 units wide, so no text is smaller than 12 px once the chart is 665 px
/// wide (a fan chart, 560 units, 520 px).
inline constexpr double kTickFont = 13, kLabelFont = 14, kSmallFont = 13;
inline constexpr const char* kInk = "#1f2328";
inline constexpr const char* kMuted = "#59636e";
inline constexpr const char* kGrid = "#e6eaef";

}  // namespace goalpath::report::detail

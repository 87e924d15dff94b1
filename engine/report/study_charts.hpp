// The charts only the design-point studies draw: bars with intervals
// (Sobol's S1 and ST, Shapley shares), Morris's μ*-σ plane and PRIM's box
// within the sampled ranges. Like the charts of report/charts.hpp they are
// blocks of a Document (report/document.hpp): a builder fills the data, the
// HTML renderer draws it as inline SVG, and text and Markdown show the
// table beside it instead. Text passed in is plain UTF-8 (escaped when drawn).
#pragma once

#include <string>
#include <vector>

#include "report/language.hpp"

namespace goalpath::report {

// ---- bars with intervals -------------------------------------------------------

struct IntervalBar {
  std::string name;            // data-parameter attribute and the row's label
  std::vector<double> values;  // one per series; NaN: no bar
  std::vector<double> conf;    // half-widths of the intervals, same size; NaN or 0: no whisker
  std::string tooltip;         // <title> of the row ("a: S1 0.412 ± 0.020, ST …")
};

struct IntervalSeries {
  std::string name;    // legend text
  std::string colour;
};

struct IntervalBarsData {
  std::string css_class = "index-bars";  // "sobol-bars", "shapley-bars"
  std::string bar_class = "index-bar";   // "sobol-bar", "shapley-bar": one <g> per bar
  std::string target;                    // data-target attribute
  std::string title;
  std::vector<IntervalSeries> series;    // one or two (drawn in this order, stacked within a row)
  std::vector<IntervalBar> bars;         // one row per parameter, in the order given
  double min_high = 1;                   // the axis runs from 0 to at least this (and to every bar's end)
  double max_high = 0;                   // when > 0, the axis never runs past this
  std::string caption;                   // the line under the bars
  Lang lang = Lang::en;
};

/// `<svg class=css_class data-target=…>`: per parameter one bar per series
/// from 0 with its interval as a whisker, a legend and the caption.
std::string svg_interval_bars(const IntervalBarsData& data);

// ---- Morris's plane -------------------------------------------------------------

struct MorrisPoint {
  std::string name;
  double mu_star = 0, sigma = 0;
};

struct MorrisPlaneData {
  std::string target;  // data-target attribute
  std::string title;
  std::string x_name, y_name;          // axis titles (μ* …, σ …)
  std::vector<MorrisPoint> points;     // parameters with an effect
  /// Parameters without effect (at 0, 0), named in full under the plane:
  /// the line wraps as often as it needs to.
  std::vector<std::string> no_effect;
  std::string no_effect_label;         // "no effect (at 0, 0)"
  Lang lang = Lang::en;
};

/// `<svg class="morris-plane" data-target=…>`: μ* across, σ up, a dashed σ =
/// μ* line, one labelled point per parameter with an effect.
std::string svg_morris_plane(const MorrisPlaneData& data);

// ---- PRIM's box -----------------------------------------------------------------

struct BoxRange {
  std::string name;           // data-parameter attribute
  double range_low = 0, range_high = 1;  // the sampled range
  double lower = 0, upper = 1;           // the box's limits
  bool restricted = false;               // the box cuts into the range
  std::string lower_text, upper_text, range_text;  // the numbers as the report words them
};

struct BoxRangesData {
  std::string target;  // data-target attribute
  std::string title;
  std::vector<BoxRange> rows;  // drawn in the order given (restricted first)
  std::string caption;         // the legend line
  Lang lang = Lang::en;
};

/// `<svg class="prim-box" data-target=…>`: per parameter its sampled range
/// in grey with the box over it (dark where the box restricts it).
std::string svg_box_ranges(const BoxRangesData& data);

}  // namespace goalpath::report

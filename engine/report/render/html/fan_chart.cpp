// Fan chart: an indicator's projection with its Monte Carlo bands.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/charts.hpp"
#include "report/report.hpp"
#include "report/svg.hpp"

namespace goalpath::report {

namespace {

using detail::coord;
using detail::kInk;
using detail::kMuted;
using detail::LegendItem;

// 560 units wide: two charts side by side on a desktop, one per row on a
// phone; the tick text (13 units) is 12 px or more wherever the chart is at
// least 520 px wide, as in the report's two-column grid.
constexpr double kWidth = 560, kPlotHeight = 270;
constexpr double kRight = 14, kTop = 24, kBottom = 36;
constexpr const char* kTargetColour = palette::purple;

/// Index ranges [first, last] where every given vector is finite, so NaNs
/// (paths that divided by zero) leave gaps instead of bogus lines.
std::vector<std::pair<std::size_t, std::size_t>> finite_runs(std::size_t n,
                                                              std::initializer_list<const std::vector<double>*> of) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  std::size_t start = n;
  for (std::size_t k = 0; k <= n; ++k) {
    bool ok = k < n;
    for (const auto* v : of) ok = ok && k < v->size() && std::isfinite((*v)[k]);
    if (ok && start == n) start = k;
    if (!ok && start != n) {
      runs.emplace_back(start, k - 1);
      start = n;
    }
  }
  return runs;
}

struct Frame {
  detail::LinearScale x, y;
  double left;
};

/// Vertical hatch lines across a band from `first` to `last` (indices of
/// finite points), every `spacing` units starting at `offset`: drawn lines,
/// not an SVG pattern, so the page holds no url() reference at all.
std::string hatch(const FanSeries& s, const std::vector<double>& low, const std::vector<double>& high, const Frame& f,
                  std::size_t first, std::size_t last, double spacing, double offset) {
  std::string d;
  const double x_first = f.x(s.years[first]), x_last = f.x(s.years[last]);
  std::size_t k = first;
  for (double x = x_first + offset; x < x_last; x += spacing) {
    while (k + 1 < last && f.x(s.years[k + 1]) < x) ++k;
    const double x0 = f.x(s.years[k]), x1 = f.x(s.years[k + 1]);
    const double t = x1 == x0 ? 0 : (x - x0) / (x1 - x0);
    const double top = f.y(high[k]) + t * (f.y(high[k + 1]) - f.y(high[k]));
    const double bottom = f.y(low[k]) + t * (f.y(low[k + 1]) - f.y(low[k]));
    d += fmt::format("M{} {}V{}", coord(x), coord(top), coord(bottom));
  }
  return d;
}

/// A band; the first series' is filled, a later series' hatched with its
/// edges drawn (dashed for the outer band), so overlapping bands of two
/// runs stay apart instead of blending.
std::string band(const FanSeries& s, bool hatched, const std::vector<double>& low, const std::vector<double>& high,
                 const Frame& f, double opacity, bool outer) {
  const char* what = outer ? "p05–p95" : "p25–p75";
  std::string paint = hatched ? fmt::format("fill=\"{}\" fill-opacity=\"0.06\" stroke=\"{}\" stroke-width=\"1.4\"{}", s.colour,
                                            s.colour, outer ? " stroke-dasharray=\"5 3\"" : "")
                              : fmt::format("fill=\"{}\" fill-opacity=\"{}\" stroke=\"none\"", s.colour, opacity);
  std::string out;
  std::size_t n = std::min(s.years.size(), std::min(low.size(), high.size()));
  for (auto [a, b] : finite_runs(n, {&low, &high})) {
    std::string points;
    for (std::size_t k = a; k <= b; ++k) points += coord(f.x(s.years[k])) + "," + coord(f.y(high[k])) + " ";
    for (std::size_t k = b + 1; k-- > a;) points += coord(f.x(s.years[k])) + "," + coord(f.y(low[k])) + " ";
    points.pop_back();
    out += fmt::format("<polygon class=\"band\" points=\"{}\" {}><title>{}{}</title></polygon>\n", points, paint,
                       s.name.empty() ? "" : html_escape(s.name) + ": ", what);
    if (hatched && b > a) {
      out += fmt::format("<path class=\"hatch\" d=\"{}\" stroke=\"{}\" stroke-width=\"1\" stroke-opacity=\"0.7\"/>\n",
                         hatch(s, low, high, f, a, b, 6, outer ? 1.5 : 4.5), s.colour);
    }
  }
  return out;
}

std::string line(const FanSeries& s, const Frame& f) {
  std::string out;
  std::size_t n = std::min(s.years.size(), s.line.size());
  for (auto [a, b] : finite_runs(n, {&s.line})) {
    if (a == b) {
      out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\"/>\n", coord(f.x(s.years[a])),
                         coord(f.y(s.line[a])), s.colour);
      continue;
    }
    std::string points;
    for (std::size_t k = a; k <= b; ++k) points += coord(f.x(s.years[k])) + "," + coord(f.y(s.line[k])) + " ";
    points.pop_back();
    out += fmt::format("<polyline class=\"projection\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.4\" "
                       "stroke-linejoin=\"round\"/>\n",
                       points, s.colour);
  }
  return out;
}

std::string axes(const Frame& f, int first_year, int last_year, const std::vector<double>& ticks,
                 const std::vector<std::string>& labels, const std::string& unit, bool percent) {
  std::string out = "<g class=\"axes\">";
  const double right = kWidth - kRight, bottom = kTop + kPlotHeight;
  for (std::size_t k = 0; k < ticks.size(); ++k) {
    double y = f.y(ticks[k]);
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\"/>", coord(f.left),
                       coord(right), coord(y), coord(y), detail::kGrid);
    out += detail::svg_text(f.left - 6, y + 4.5, labels[k], detail::kTickFont, "end", kMuted);
    out += "\n";
  }
  int span = last_year - first_year;
  int year_step = span <= 10 ? 1 : span <= 20 ? 2 : span <= 50 ? 5 : 10;
  for (int year = first_year; year <= last_year; year += year_step) {
    double x = f.x(year);
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#8c959f\"/>", coord(x), coord(x),
                       coord(bottom), coord(bottom + 5));
    out += detail::svg_text(x, bottom + 20, std::to_string(year), detail::kTickFont, "middle", kMuted) + "\n";
  }
  out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#8c959f\"/>\n", coord(f.left), coord(right),
                     coord(bottom), coord(bottom));
  if (!unit.empty() && !percent) out += detail::svg_text(4, kTop - 9, unit, detail::kTickFont, "start", kMuted, kWidth - 8);
  return out + "</g>\n";
}

std::string marker(const ThresholdMarker& m, const Frame& f, double label_y) {
  double x = f.x(m.last_year), y = f.y(m.value);
  const double right = kWidth - kRight;
  std::string out = "<g class=\"threshold\">";
  out += "<title>" + html_escape(m.label) + "</title>";
  // The level across the chart (thin), the target's own years drawn bold.
  out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>",
                     coord(f.left), coord(right), coord(y), coord(y), kTargetColour);
  out += fmt::format("<line class=\"target-line\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2.2\" "
                     "stroke-dasharray=\"6 3\"/>",
                     coord(m.first_year < m.last_year ? f.x(m.first_year) : f.left), coord(x), coord(y), coord(y),
                     kTargetColour);
  out += fmt::format("<path d=\"M{} {}l7 7l-7 7l-7 -7z\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"1\"/>", coord(x),
                     coord(y - 7), kTargetColour);
  out += detail::svg_text(f.left + 4, label_y, m.label, detail::kSmallFont, "start", kInk, right - f.left - 8,
                          "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"");
  return out + "</g>\n";
}

}  // namespace

std::string svg_fan_chart(const FanChartData& d) {
  const Lang lang = d.lang;
  int first_year = std::numeric_limits<int>::max(), last_year = std::numeric_limits<int>::min();
  double low = std::numeric_limits<double>::infinity(), high = -low;
  auto take = [&](double v) {
    if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
  };
  for (const auto& s : d.series) {
    for (int year : s.years) first_year = std::min(first_year, year), last_year = std::max(last_year, year);
    for (const auto* v : {&s.line, &s.p05, &s.p95, &s.p25, &s.p75}) {
      for (double x : *v) take(x);
    }
  }
  for (const auto& [year, value] : d.history) {
    first_year = std::min(first_year, year), last_year = std::max(last_year, year);
    take(value);
  }
  for (const auto& m : d.thresholds) take(m.value);

  // The legend names everything drawn: each series' line and bands, the
  // history, the targets.
  std::vector<LegendItem> legend;
  for (std::size_t k = 0; k < d.series.size(); ++k) {
    const FanSeries& s = d.series[k];
    const bool hatched = k > 0;
    const std::string prefix = s.name.empty() ? "" : s.name + ": ";
    legend.push_back({LegendItem::Symbol::line, s.colour,
                      s.name.empty() ? say(lang, "deterministic projection", "确定性预测") : s.name});
    bool has_bands = std::any_of(s.p05.begin(), s.p05.end(), [](double v) { return std::isfinite(v); });
    if (has_bands) {
      legend.push_back({hatched ? LegendItem::Symbol::hatched : LegendItem::Symbol::swatch, s.colour,
                        prefix + say(lang, "p25–p75 (half the paths)", "p25–p75（半数路径）"), 0.34});
      legend.push_back({hatched ? LegendItem::Symbol::hatched : LegendItem::Symbol::swatch, s.colour,
                        prefix + say(lang, "p05–p95 (90% of paths)", "p05–p95（90%路径）"), 0.16});
    }
  }
  if (std::any_of(d.history.begin(), d.history.end(), [](const auto& h) { return std::isfinite(h.second); })) {
    legend.push_back({LegendItem::Symbol::dot, kInk, say(lang, "observed", "实际值")});
  }
  if (!d.thresholds.empty()) legend.push_back({LegendItem::Symbol::dashed, kTargetColour, say(lang, "target", "目标")});
  const double legend_top = kTop + kPlotHeight + kBottom + 6;
  const double height = legend_top + detail::legend_height(legend, kWidth - 8) + 4;

  std::string out = fmt::format("<svg class=\"fan-chart\" data-indicator=\"{}\" data-series=\"{}\" viewBox=\"0 0 {} {}\" "
                                "role=\"img\">\n<title>{}</title>\n",
                                html_escape(d.indicator), d.series.size(), kWidth, coord(height),
                                html_escape(d.title.empty() ? d.indicator : d.title));
  if (first_year > last_year || !(low <= high)) {
    out += detail::svg_text(kWidth / 2, (kTop + kPlotHeight) / 2, say(lang, "no finite values to draw", "没有可绘制的有限值"),
                            detail::kLabelFont, "middle", kMuted);
    return out + "\n</svg>\n";
  }
  double pad = (high - low) * 0.06;
  if (pad == 0) pad = std::abs(high) > 0 ? std::abs(high) * 0.1 : 1;
  low -= pad, high += pad;
  const bool percent = unit_kind(d.unit) == UnitKind::share;
  double step = 1;
  std::vector<double> ticks = detail::nice_ticks(low, high, 5, &step);
  std::vector<std::string> labels;
  double widest = 0;
  for (double t : ticks) {
    labels.push_back(detail::tick_label(t, step, percent));
    widest = std::max(widest, detail::text_width(labels.back(), detail::kTickFont));
  }
  const double left = std::max(44.0, widest + 12);
  // A sliver of a year on each side keeps the first and last points off the frame.
  Frame f{{first_year - 0.15, last_year + 0.15, left + 4, kWidth - kRight - 4}, {low, high, kTop + kPlotHeight, kTop}, left};

  out += axes(f, first_year, last_year, ticks, labels, d.unit, percent);
  for (std::size_t k = 0; k < d.series.size(); ++k) {
    const FanSeries& s = d.series[k];
    out += band(s, k > 0, s.p05, s.p95, f, 0.16, true);
    out += band(s, k > 0, s.p25, s.p75, f, 0.34, false);
  }
  for (const auto& s : d.series) out += line(s, f);
  for (const auto& [year, value] : d.history) {
    if (!std::isfinite(value)) continue;
    out += fmt::format("<circle class=\"observed\" cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\" stroke=\"#fff\" "
                       "stroke-width=\"1.2\"><title>{} observed: {}</title></circle>\n",
                       coord(f.x(year)), coord(f.y(value)), kInk, year, human_number(value));
  }
  // Target labels above their line, or below when the line is near the top;
  // labels of close targets stacked so they do not overprint.
  std::vector<double> used;
  for (const auto& m : d.thresholds) {
    double y = f.y(m.value);
    double label_y = y - 6 < kTop + 12 ? y + 16 : y - 6;
    for (double u : used) {
      if (std::abs(u - label_y) < 14) label_y = u + 15;
    }
    label_y = std::min(label_y, kTop + kPlotHeight - 4);
    used.push_back(label_y);
    out += marker(m, f, label_y);
  }
  out += detail::svg_legend(legend, 4, legend_top + 13, kWidth - 8, nullptr);
  return out + "</svg>\n";
}

}  // namespace goalpath::report

// Line chart: a study's output along one axis (sweeps along one parameter,
// paths needed, PRIM's coverage-density trade-off, rolling coverage).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/charts.hpp"
#include "report/report.hpp"
#include "report/svg.hpp"

namespace goalpath::report::detail {

std::string svg_line_chart(const LineChartData& d) {
  constexpr double width = 720, plot_height = 226, top = 28, right = 704;
  constexpr const char* kReferenceColour = palette::vermillion;
  double x_low = INFINITY, x_high = -INFINITY, y_low = INFINITY, y_high = -INFINITY;
  for (const auto& s : d.series) {
    for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
      if (!std::isfinite(s.x[k])) continue;
      x_low = std::min(x_low, s.x[k]);
      x_high = std::max(x_high, s.x[k]);
      if (std::isfinite(s.y[k])) y_low = std::min(y_low, s.y[k]), y_high = std::max(y_high, s.y[k]);
    }
  }
  for (const auto& [value, label] : d.reference_lines) {
    if (std::isfinite(value)) y_low = std::min(y_low, value), y_high = std::max(y_high, value);
  }
  if (!std::isfinite(x_low)) x_low = 0, x_high = 1;
  if (!std::isfinite(y_low)) y_low = 0, y_high = 1;
  if (d.y_percent) {
    y_low = 0;
    y_high = 1;
  } else {
    const double pad = (y_high - y_low) * 0.06 + (y_high == y_low ? std::max(1e-9, std::abs(y_high) * 0.05) : 0);
    y_low -= pad;
    y_high += pad;
  }
  // One format per axis; the left margin as wide as the widest y label.
  double y_step = 1, x_step = 1;
  std::vector<double> y_ticks, x_ticks;
  for (double v : nice_ticks(y_low, y_high, 5, &y_step)) {
    if (v >= y_low && v <= y_high) y_ticks.push_back(v);
  }
  for (double v : nice_ticks(x_low, x_high, 7, &x_step)) {
    if (v >= x_low - 1e-12 * std::abs(x_high - x_low) && v <= x_high + 1e-12 * std::abs(x_high - x_low)) x_ticks.push_back(v);
  }
  std::vector<std::string> y_labels, x_labels;
  double widest = 0;
  for (double v : y_ticks) {
    y_labels.push_back(tick_label(v, y_step, d.y_percent));
    widest = std::max(widest, text_width(y_labels.back(), kTickFont));
  }
  for (double v : x_ticks) x_labels.push_back(tick_label(v, x_step, d.x_percent));
  const double left = std::max(48.0, widest + 14), bottom = top + plot_height;
  const LinearScale x{x_low, x_high, left, right}, y{y_low, y_high, bottom, top};

  std::vector<LegendItem> legend;
  for (const auto& s : d.series) {
    if (!s.name.empty()) legend.push_back({s.dashed ? LegendItem::Symbol::dashed : LegendItem::Symbol::line, s.colour, s.name});
  }
  for (const auto& [value, label] : d.reference_lines) {
    if (std::isfinite(value) && !label.empty()) legend.push_back({LegendItem::Symbol::dashed, kReferenceColour, label});
  }
  const double legend_top = bottom + 46;
  const double height = legend_top + legend_height(legend, width - 16) + 4;

  std::string out = fmt::format("<svg class=\"{}\" {} viewBox=\"0 0 {} {}\" role=\"img\">\n<title>{}</title>\n",
                                html_escape(d.css_class), d.data_attributes, width, coord(height), html_escape(d.title));
  for (std::size_t k = 0; k < y_ticks.size(); ++k) {
    const double v = y_ticks[k];
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\"/>", coord(left), coord(right),
                       coord(y(v)), coord(y(v)), kGrid);
    out += svg_text(left - 6, y(v) + 4.5, y_labels[k], kTickFont, "end", kMuted) + "\n";
  }
  for (std::size_t k = 0; k < x_ticks.size(); ++k) {
    const double v = x_ticks[k];
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#d0d7de\"/>", coord(x(v)), coord(x(v)),
                       coord(bottom), coord(bottom + 4));
    out += svg_text(x(v), bottom + 18, x_labels[k], kTickFont, "middle", kMuted) + "\n";
  }
  out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\"/>\n", coord(left), coord(right),
                     coord(bottom), coord(bottom), kMuted);
  for (const auto& [value, label] : d.reference_lines) {
    if (!std::isfinite(value)) continue;
    out += fmt::format("<line class=\"reference\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1.8\" "
                       "stroke-dasharray=\"5 3\"/>",
                       coord(left), coord(right), coord(y(value)), coord(y(value)), kReferenceColour);
    out += svg_text(right, y(value) - 5, label, kSmallFont, "end", kInk, right - left,
                    "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"") +
           "\n";
  }
  for (const auto& s : d.series) {
    std::string points, dots;
    auto flush = [&]() {
      if (points.empty()) return;
      out += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2.2\"{} points=\"{}\"/>\n", s.colour,
                         s.dashed ? " stroke-dasharray=\"6 4\"" : "", points);
      points.clear();
    };
    for (std::size_t k = 0; k < s.x.size() && k < s.y.size(); ++k) {
      if (!std::isfinite(s.x[k]) || !std::isfinite(s.y[k])) {
        flush();
        continue;
      }
      if (!points.empty()) points += ' ';
      points += fmt::format("{},{}", coord(x(s.x[k])), coord(y(s.y[k])));
      if (s.dots) {
        dots += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3.2\" fill=\"{}\"><title>{}{}: {}</title></circle>",
                            coord(x(s.x[k])), coord(y(s.y[k])), s.colour, s.name.empty() ? "" : html_escape(s.name) + " ",
                            d.x_percent ? percent(s.x[k]) : number_text(s.x[k]),
                            d.y_percent ? percent(s.y[k]) : number_text(s.y[k]));
      }
    }
    flush();
    out += dots.empty() ? "" : dots + "\n";
  }
  out += svg_text((left + right) / 2, bottom + 38, d.x_name, kLabelFont, "middle", kInk, right - left) + "\n";
  out += svg_text(4, top - 12, d.y_name, kLabelFont, "start", kInk, width - 8) + "\n";
  out += svg_legend(legend, 8, legend_top + 13, width - 16, nullptr);
  return out + "</svg>\n";
}

}  // namespace goalpath::report::detail

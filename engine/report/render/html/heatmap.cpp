// Heatmap: a target's probability (or value) over a grid of two parameters'
// settings, with a colour bar, contour lines and the scenario's own point.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "report/charts.hpp"
#include "report/report.hpp"
#include "report/svg.hpp"

namespace goalpath::report {

namespace {

using detail::coord;
using detail::kInk;
using detail::kMuted;
using detail::LegendItem;

constexpr double kWidth = 720;
constexpr double kCellHeight = 34, kTop = 34;
constexpr double kBarWidth = 14, kBarRight = 60;  // the colour bar and its tick labels at the right

/// Where `v` falls among `values` (monotone settings of an axis) as a
/// fractional index: linear between neighbours, extrapolated by the end
/// steps outside them and kept within half a cell of the grid.
double fractional_index(double v, const std::vector<double>& values) {
  const std::size_t n = values.size();
  if (n < 2) return 0;
  std::size_t k = 0;
  while (k + 2 < n && !((values[k] <= v && v <= values[k + 1]) || (values[k] >= v && v >= values[k + 1]))) ++k;
  if (k + 2 == n || !((values[k] <= v && v <= values[k + 1]) || (values[k] >= v && v >= values[k + 1]))) {
    // Outside the grid (or in the last step): the nearer end's step.
    bool before = std::abs(v - values[0]) < std::abs(v - values[n - 1]);
    k = before ? 0 : n - 2;
  }
  double gap = values[k + 1] - values[k];
  double index = gap == 0 ? static_cast<double>(k) : static_cast<double>(k) + (v - values[k]) / gap;
  return std::clamp(index, -0.5, static_cast<double>(n) - 0.5);
}

struct Grid {
  double left, bottom, cell_width;
  std::size_t nx, ny;
  double x(double i) const { return left + cell_width * (i + 0.5); }
  double y(double j) const { return bottom - kCellHeight * (j + 0.5); }
};

/// The contour segments of `level` by marching squares over the cell
/// centres: on each square of four finite neighbours, the points where the
/// value crosses the level (linear between centres) joined in pairs; a
/// saddle is resolved by the square's mean. Returns "M x y L x y …".
std::string contour_path(const std::vector<double>& cells, const Grid& g, double level,
                         std::pair<double, double>* label_at) {
  std::string path;
  double best_y = INFINITY;
  auto value = [&](std::size_t i, std::size_t j) { return cells[j * g.nx + i]; };
  for (std::size_t j = 0; j + 1 < g.ny; ++j) {
    for (std::size_t i = 0; i + 1 < g.nx; ++i) {
      // Corners counter-clockwise from (i, j): 00, 10, 11, 01.
      const std::array<double, 4> v = {value(i, j), value(i + 1, j), value(i + 1, j + 1), value(i, j + 1)};
      if (!std::all_of(v.begin(), v.end(), [](double x) { return std::isfinite(x); })) continue;
      const std::array<std::pair<double, double>, 4> at = {
          {{double(i), double(j)}, {double(i + 1), double(j)}, {double(i + 1), double(j + 1)}, {double(i), double(j + 1)}}};
      // Edge e joins corner e and corner e+1: bottom, right, top, left.
      std::array<std::optional<std::pair<double, double>>, 4> cross;
      int crossings = 0;
      for (int e = 0; e < 4; ++e) {
        const int a = e, b = (e + 1) % 4;
        if ((v[a] >= level) == (v[b] >= level)) continue;
        const double t = (level - v[a]) / (v[b] - v[a]);
        cross[e] = std::pair{at[a].first + t * (at[b].first - at[a].first), at[a].second + t * (at[b].second - at[a].second)};
        ++crossings;
      }
      std::vector<std::pair<int, int>> segments;
      if (crossings == 2) {
        int first = -1;
        for (int e = 0; e < 4; ++e) {
          if (!cross[e]) continue;
          if (first < 0) first = e;
          else segments.emplace_back(first, e);
        }
      } else if (crossings == 4) {
        const bool centre_above = (v[0] + v[1] + v[2] + v[3]) / 4 >= level;
        if (centre_above == (v[0] >= level)) segments = {{0, 1}, {2, 3}};  // corners 10 and 01 cut off
        else segments = {{0, 3}, {1, 2}};                                  // corners 00 and 11 cut off
      }
      for (auto [e1, e2] : segments) {
        const double xa = g.x(cross[e1]->first), ya = g.y(cross[e1]->second);
        const double xb = g.x(cross[e2]->first), yb = g.y(cross[e2]->second);
        path += fmt::format("{}M{} {}L{} {}", path.empty() ? "" : " ", coord(xa), coord(ya), coord(xb), coord(yb));
        if ((ya + yb) / 2 < best_y) best_y = (ya + yb) / 2, *label_at = {(xa + xb) / 2, best_y};
      }
    }
  }
  return path;
}

std::string level_text(double level, bool percent) {
  return percent ? percent_text(level, 0) : number_text(level);
}

}  // namespace

std::string svg_heatmap(const HeatmapData& d) {
  const Lang lang = d.lang;
  const std::size_t nx = d.x_values.size(), ny = d.y_values.size();
  const std::vector<std::string> x_labels = detail::tick_labels(d.x_values, 0, d.x_percent);
  const std::vector<std::string> y_labels = detail::tick_labels(d.y_values, 0, d.y_percent);
  double widest_y = 0;
  for (const auto& l : y_labels) widest_y = std::max(widest_y, detail::text_width(l, detail::kTickFont));
  const double left = std::max(56.0, widest_y + 14);
  const double plot_right = kWidth - kBarRight - kBarWidth - 14;
  const double cell_width = nx ? (plot_right - left) / static_cast<double>(nx) : 0;
  const double bottom = kTop + kCellHeight * static_cast<double>(ny);
  const Grid g{left, bottom, cell_width, nx, ny};

  std::vector<LegendItem> legend;
  if (d.own_point) legend.push_back({LegendItem::Symbol::ring, kInk, say(lang, "this scenario's setting", "本情景的设定")});
  for (std::size_t k = 0; k < d.contours.size(); ++k) {
    legend.push_back({k % 2 ? LegendItem::Symbol::dashed : LegendItem::Symbol::line, kInk,
                      fmt::format("{} {}", level_text(d.contours[k], d.percent), say(lang, "contour", "等值线"))});
  }
  const double legend_top = bottom + 52;
  const double height = legend_top + detail::legend_height(legend, kWidth - 16) + 4;

  std::string out = fmt::format("<svg class=\"heatmap\" data-target=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">\n<title>{}</title>\n",
                                html_escape(d.target), kWidth, coord(height), html_escape(d.title));
  // Colours run from low (dark) to high (yellow) whichever way round low and high are given.
  const double span = d.high - d.low;
  auto colour_of = [&](double v) { return detail::viridis(span != 0 ? (v - d.low) / span : 0.5); };
  std::string values = "<g class=\"cell-values\">";
  for (std::size_t j = 0; j < ny; ++j) {
    // The first y value at the bottom, as on a plotted axis.
    double y = bottom - kCellHeight * static_cast<double>(j + 1);
    out += detail::svg_text(left - 7, y + kCellHeight / 2 + 4.5, y_labels[j], detail::kTickFont, "end", kMuted) + "\n";
    for (std::size_t i = 0; i < nx; ++i) {
      std::size_t index = j * nx + i;
      double v = index < d.cells.size() ? d.cells[index] : std::nan("");
      double x = left + cell_width * static_cast<double>(i);
      bool finite = std::isfinite(v);
      std::string fill = finite ? colour_of(v) : "#eaeef2";
      std::string text = !finite ? "—" : d.percent ? percent(v, 0) : human_number(v);
      out += fmt::format("<g class=\"cell\" data-value=\"{}\"><title>{} = {}, {} = {}: {}</title><rect x=\"{}\" y=\"{}\" "
                         "width=\"{}\" height=\"{}\" fill=\"{}\" stroke=\"#fff\"/>",
                         finite ? fmt::format("{}", v) : "", html_escape(d.x_name), x_labels[i], html_escape(d.y_name),
                         y_labels[j], text, coord(x), coord(y), coord(cell_width), coord(kCellHeight), fill);
      out += "</g>\n";
      // Dark text on light cells, white on dark ones; left out when it cannot
      // fit. Drawn over the contours, so a line never hides a value.
      for (double font : {detail::kTickFont, detail::kTickFont - 1}) {
        if (detail::text_width(text, font) > cell_width - 4) continue;
        values += detail::svg_text(x + cell_width / 2, y + kCellHeight / 2 + font * 0.35, text, font, "middle",
                                   detail::luminance(fill) > 0.2 ? kInk : "#ffffff");
        break;
      }
    }
  }
  // X labels under their columns; every k-th when they would touch.
  double widest_x = 0;
  for (const auto& l : x_labels) widest_x = std::max(widest_x, detail::text_width(l, detail::kTickFont));
  const std::size_t every = cell_width > 0 ? static_cast<std::size_t>(std::ceil((widest_x + 8) / cell_width)) : 1;
  for (std::size_t i = 0; i < nx; i += std::max<std::size_t>(every, 1)) {
    out += detail::svg_text(g.x(static_cast<double>(i)), bottom + 18, x_labels[i], detail::kTickFont, "middle", kMuted) + "\n";
  }
  out += detail::svg_text((left + plot_right) / 2, bottom + 40, d.x_name, detail::kLabelFont, "middle", kInk,
                          plot_right - left);
  out += detail::svg_text(4, kTop - 12, d.y_name, detail::kLabelFont, "start", kInk, plot_right - 8);

  // Contours over the cells, each labelled where it is highest on the chart.
  for (std::size_t k = 0; k < d.contours.size(); ++k) {
    const double level = d.contours[k];
    std::pair<double, double> label_at{NAN, NAN};
    std::string path = nx >= 2 && ny >= 2 && d.cells.size() >= nx * ny ? contour_path(d.cells, g, level, &label_at) : "";
    if (path.empty()) continue;
    const char* dash = k % 2 ? " stroke-dasharray=\"7 4\"" : "";
    out += fmt::format("<g class=\"contour\" data-level=\"{}\"><path d=\"{}\" fill=\"none\" stroke=\"#fff\" "
                       "stroke-width=\"5\" stroke-linecap=\"round\" stroke-opacity=\"0.85\"/><path class=\"contour-line\" "
                       "d=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.2\" stroke-linecap=\"round\"{}/>",
                       level, path, path, kInk, dash);
    const std::string label = level_text(level, d.percent);
    const double half = detail::text_width(label, detail::kSmallFont) / 2 + 2;
    out += detail::svg_text(std::clamp(label_at.first, left + half, plot_right - half),
                            std::clamp(label_at.second - 4, kTop + 12, bottom - 2), label, detail::kSmallFont, "middle",
                            kInk, 0, "font-weight=\"700\" stroke=\"#fff\" stroke-width=\"3.5\" paint-order=\"stroke\"");
    out += "</g>\n";
  }

  out += values + "</g>\n";

  if (d.own_point && nx > 0 && ny > 0) {
    const double px = g.x(fractional_index(d.own_point->first, d.x_values));
    const double py = g.y(fractional_index(d.own_point->second, d.y_values));
    out += fmt::format("<g class=\"own-point\" data-x=\"{}\" data-y=\"{}\"><title>{}: {} = {}, {} = {}</title>"
                       "<circle cx=\"{}\" cy=\"{}\" r=\"9\" fill=\"none\" stroke=\"#fff\" stroke-width=\"5\"/>"
                       "<circle cx=\"{}\" cy=\"{}\" r=\"9\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"/>"
                       "<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{}\" stroke=\"#fff\"/></g>\n",
                       coord(px), coord(py), say(lang, "this scenario", "本情景"), html_escape(d.x_name),
                       number_text(d.own_point->first), html_escape(d.y_name), number_text(d.own_point->second), coord(px), coord(py), coord(px),
                       coord(py), kInk, coord(px), coord(py), kInk);
  }

  // The colour bar: low at the bottom, high at the top, with ticks.
  const double lo = std::min(d.low, d.high), hi = std::max(d.low, d.high);
  const double bar_x = kWidth - kBarRight - kBarWidth, bar_top = kTop, bar_bottom = std::max(bottom, kTop + 120);
  out += "<g class=\"colour-bar\">";
  const int steps = 48;
  for (int s = 0; s < steps; ++s) {
    const double v = lo + (hi - lo) * (s + 0.5) / steps;
    const double y = bar_bottom - (bar_bottom - bar_top) * (s + 1) / steps;
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", coord(bar_x), coord(y),
                       kBarWidth, coord((bar_bottom - bar_top) / steps + 0.4), colour_of(v));
  }
  out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"none\" stroke=\"{}\"/>", coord(bar_x),
                     coord(bar_top), kBarWidth, coord(bar_bottom - bar_top), kMuted);
  double step = 1;
  const detail::LinearScale bar_y{lo, hi, bar_bottom, bar_top};
  for (double v : detail::nice_ticks(lo, hi, 4, &step)) {
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\"/>", coord(bar_x + kBarWidth),
                       coord(bar_x + kBarWidth + 4), coord(bar_y(v)), coord(bar_y(v)), kMuted);
    out += detail::svg_text(bar_x + kBarWidth + 6, bar_y(v) + 4.5, detail::tick_label(v, step, d.percent),
                            detail::kSmallFont, "start", kMuted, kBarRight - 8);
  }
  out += "</g>\n";
  out += detail::svg_text(kWidth - 4, kTop - 12, d.percent ? say(lang, "P(met)", "实现概率") : say(lang, "value", "数值"),
                          detail::kSmallFont, "end", kMuted, kBarRight + kBarWidth);
  out += detail::svg_legend(legend, 8, legend_top + 13, kWidth - 16, nullptr);
  return out + "</svg>\n";
}

}  // namespace goalpath::report

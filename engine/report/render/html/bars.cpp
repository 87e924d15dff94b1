// Bar-like charts: target dashboard (probability bars), tornado, heatmap.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/charts.hpp"
#include "report/report.hpp"
#include "report/svg.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using detail::coord;

constexpr double kWidth = 720;

std::string axis_percent_ticks(double x0, double x1, double y_top, double y_bottom) {
  std::string out;
  for (int p = 0; p <= 100; p += 25) {
    double x = x0 + (x1 - x0) * p / 100.0;
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#eaeef2\"/>"
                       "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#59636e\">{}%</text>\n",
                       coord(x), coord(x), coord(y_top), coord(y_bottom), coord(x), coord(y_bottom + 14), p);
  }
  return out;
}

std::string cutoff_line(double x, double y_top, double y_bottom, const std::string& text) {
  return fmt::format("<line class=\"cutoff\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#59636e\" "
                     "stroke-dasharray=\"4 3\"/><text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" "
                     "fill=\"#59636e\">{}</text>\n",
                     coord(x), coord(x), coord(y_top), coord(y_bottom), coord(x), coord(y_top - 4), html_escape(text));
}

/// Red (0) through amber (0.5) to green (1): the status colours' order.
std::string ramp(double t) {
  static const double stops[3][3] = {{207, 34, 46}, {240, 196, 60}, {45, 164, 78}};
  t = std::clamp(t, 0.0, 1.0);
  int k = t < 0.5 ? 0 : 1;
  double u = (t - 0.5 * k) * 2;
  int rgb[3];
  for (int c = 0; c < 3; ++c) rgb[c] = static_cast<int>(std::lround(stops[k][c] + u * (stops[k + 1][c] - stops[k][c])));
  return fmt::format("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
}

}  // namespace

std::string svg_probability_bars(const ProbabilityBarsData& d) {
  // Each label sits on its own line above its bar, so the chart stays narrow
  // (560 units) and its text stays legible when a phone scales it down.
  const double width = 560, row = 48, top = 26, x0 = 8, x1 = 548;
  const double bottom = top + row * static_cast<double>(d.bars.size());
  std::string out = fmt::format("<svg class=\"target-dashboard\" data-targets=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">\n"
                                "<title>Targets: probability of being met</title>\n",
                                d.bars.size(), width, coord(bottom + 24));
  if (!d.deterministic) {
    out += axis_percent_ticks(x0, x1, top, bottom);
    out += cutoff_line(x0 + (x1 - x0) * d.at_risk, top, bottom, "at risk " + percent(d.at_risk, 0));
    out += cutoff_line(x0 + (x1 - x0) * d.on_track, top, bottom, "on track " + percent(d.on_track, 0));
  }
  for (std::size_t k = 0; k < d.bars.size(); ++k) {
    const ProbabilityBar& b = d.bars[k];
    const double y = top + row * static_cast<double>(k);
    const char* colour = status_colour(b.status);
    const bool verdict_only = d.deterministic || !b.probability || !std::isfinite(*b.probability);
    std::string name = b.label.empty() ? b.id : b.label;
    std::string value = verdict_only ? (b.met ? "met" : "not met") : percent(*b.probability);
    if (!verdict_only && b.probability_se && std::isfinite(*b.probability_se) && *b.probability_se > 0) {
      value += " ±" + percent(*b.probability_se, 1);
    }
    out += fmt::format("<g class=\"target-bar\" data-target=\"{}\" data-status=\"{}\"><title>{}: {} ({})</title>\n",
                       html_escape(b.id), analysis::to_string(b.status), html_escape(b.id), html_escape(name),
                       detail::words(analysis::to_string(b.status)));
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"15\" fill=\"#1f2328\">{}</text>", coord(x0), coord(y + 16),
                       html_escape(detail::shorten(name, 50)));
    out += fmt::format("<text class=\"value\" x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"14\" font-weight=\"600\" "
                       "fill=\"{}\">{}</text>\n",
                       coord(x1), coord(y + 16), colour, html_escape(value));
    double p = verdict_only ? 1.0 : std::clamp(*b.probability, 0.0, 1.0);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"#eaeef2\"/>", coord(x0), coord(y + 23),
                       coord(x1 - x0));
    out += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"{}\"{}/>", coord(x0),
                       coord(y + 23), coord((x1 - x0) * p), colour,
                       verdict_only && !b.met ? " fill-opacity=\"0.35\"" : "");
    if (!verdict_only && b.probability_se && std::isfinite(*b.probability_se) && *b.probability_se > 0) {
      double lo = std::clamp(p - *b.probability_se, 0.0, 1.0), hi = std::clamp(p + *b.probability_se, 0.0, 1.0);
      out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#1f2328\" stroke-width=\"1.5\"/>",
                         coord(x0 + (x1 - x0) * lo), coord(x0 + (x1 - x0) * hi), coord(y + 31), coord(y + 31));
    }
    out += "</g>\n";
  }
  return out + "</svg>\n";
}

std::string svg_tornado(const TornadoData& d) {
  const double row = 28, top = 24, x0 = 210, x1 = 640;
  const double bottom = top + row * static_cast<double>(d.bars.size());
  double low = d.baseline, high = d.baseline;
  for (const auto& b : d.bars) {
    for (double v : {b.output_low, b.output_high}) {
      if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
    }
  }
  double pad = (high - low) * 0.05;
  detail::LinearScale x{low - pad, high + pad, x0, x1};
  std::string out = fmt::format("<svg class=\"tornado\" data-target=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">\n<title>{}</title>\n",
                                html_escape(d.target), kWidth, coord(bottom + 32), html_escape(d.title));
  double step = 1;
  for (double v : detail::nice_ticks(low - pad, high + pad, 5, &step)) {
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#eaeef2\"/><text x=\"{}\" y=\"{}\" "
                       "text-anchor=\"middle\" font-size=\"11\" fill=\"#59636e\">{}</text>\n",
                       coord(x(v)), coord(x(v)), coord(top), coord(bottom), coord(x(v)), coord(bottom + 14),
                       detail::tick_label(v, step));
  }
  for (std::size_t k = 0; k < d.bars.size(); ++k) {
    const TornadoBar& b = d.bars[k];
    double y = top + row * static_cast<double>(k);
    out += fmt::format("<g class=\"tornado-bar\" data-parameter=\"{}\"><title>{}: {} → {}, {} → {}</title>",
                       html_escape(b.name), html_escape(b.name), human_number(b.input_low), human_number(b.output_low),
                       human_number(b.input_high), human_number(b.output_high));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\" fill=\"#1f2328\">{}</text>",
                       coord(x0 - 8), coord(y + 18), html_escape(detail::shorten(b.name, 28)));
    const std::pair<double, const char*> ends[2] = {{b.output_low, "#9ec5fe"}, {b.output_high, "#0550ae"}};
    for (const auto& [value, colour] : ends) {
      if (!std::isfinite(value)) continue;
      double a = std::min(x(value), x(d.baseline)), w = std::abs(x(value) - x(d.baseline));
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"18\" fill=\"{}\"/>", coord(a), coord(y + 4),
                         coord(w), colour);
    }
    out += "</g>\n";
  }
  out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#1f2328\"/>\n", coord(x(d.baseline)),
                     coord(x(d.baseline)), coord(top - 6), coord(bottom));
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1f2328\">baseline {} {}</text>\n",
                     coord(x(d.baseline)), coord(top - 10), human_number(d.baseline), html_escape(d.unit));
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#59636e\">light: parameter at its low setting; "
                     "dark: at its high setting</text>\n",
                     coord(x0), coord(bottom + 28));
  return out + "</svg>\n";
}

std::string svg_heatmap(const HeatmapData& d) {
  const double left = 90, top = 28, right = 12, cell_height = 30;
  const std::size_t nx = d.x_values.size(), ny = d.y_values.size();
  const double cell_width = nx ? (kWidth - left - right) / static_cast<double>(nx) : 0;
  const double bottom = top + cell_height * static_cast<double>(ny);
  std::string out = fmt::format("<svg class=\"heatmap\" data-target=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">\n<title>{}</title>\n",
                                html_escape(d.target), kWidth, coord(bottom + 44), html_escape(d.title));
  const double span = d.high - d.low;
  for (std::size_t j = 0; j < ny; ++j) {
    // The first y value at the bottom, as on a plotted axis.
    double y = bottom - cell_height * static_cast<double>(j + 1);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\" fill=\"#59636e\">{}</text>\n",
                       coord(left - 6), coord(y + cell_height / 2 + 4), human_number(d.y_values[j]));
    for (std::size_t i = 0; i < nx; ++i) {
      std::size_t index = j * nx + i;
      double v = index < d.cells.size() ? d.cells[index] : std::nan("");
      double x = left + cell_width * static_cast<double>(i);
      bool finite = std::isfinite(v);
      double t = finite && span != 0 ? (v - d.low) / span : 0.5;
      std::string text = !finite ? "—" : d.percent ? percent(v, 0) : human_number(v);
      out += fmt::format("<g class=\"cell\"><title>{} = {}, {} = {}: {}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" "
                         "height=\"{}\" fill=\"{}\" stroke=\"#fff\"/>",
                         html_escape(d.x_name), human_number(d.x_values[i]), html_escape(d.y_name),
                         human_number(d.y_values[j]), text, coord(x), coord(y), coord(cell_width), coord(cell_height),
                         finite ? ramp(t) : "#eaeef2");
      if (cell_width >= 26) {
        out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#1f2328\">{}</text>",
                           coord(x + cell_width / 2), coord(y + cell_height / 2 + 4), text);
      }
      out += "</g>\n";
    }
  }
  for (std::size_t i = 0; i < nx; ++i) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#59636e\">{}</text>\n",
                       coord(left + cell_width * (static_cast<double>(i) + 0.5)), coord(bottom + 14),
                       human_number(d.x_values[i]));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1f2328\">{}</text>\n",
                     coord(left + (kWidth - left - right) / 2), coord(bottom + 34), html_escape(d.x_name));
  out += fmt::format("<text x=\"4\" y=\"{}\" font-size=\"12\" fill=\"#1f2328\">{}</text>\n", coord(top - 10),
                     html_escape(d.y_name));
  return out + "</svg>\n";
}

}  // namespace goalpath::report

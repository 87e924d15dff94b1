// Pieces shared by the writers of the design-point studies (report/study.hpp):
// JSON provenance, the reproducibility box and a line chart (sweeps along one
// axis, needed paths, PRIM's coverage-density trade-off).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/charts.hpp"
#include "report/svg.hpp"
#include "report/report.hpp"
#include "report/study.hpp"

namespace goalpath::report::detail {


std::string study_repro_box(const analysis::StudyInfo& info,
                            const std::vector<std::pair<std::string, std::string>>& extra, bool random) {
  auto item = [](std::string_view name, const std::string& value, bool mono = false) {
    return fmt::format("<dt>{}</dt><dd{}>{}</dd>\n", html_escape(name), mono ? " class=\"mono\"" : "",
                       html_escape(value));
  };
  std::string out = "<section class=\"repro\" id=\"reproducibility\">\n<h2>Reproducibility</h2>\n<dl>\n";
  out += item("engine", "goalpath " + info.engine_version);
  out += item("scenario", info.scenario_id);
  out += item("file", info.scenario_file, true);
  out += item("sha256", info.scenario_sha256.empty() ? "—" : info.scenario_sha256, true);
  for (std::size_t k = 1; k < info.scenario_files.size(); ++k) {
    out += item("extends", info.scenario_files[k].first, true);
    out += item("sha256", info.scenario_files[k].second.empty() ? "—" : info.scenario_files[k].second, true);
  }
  if (!info.merged_sha256.empty()) out += item("merged sha256", info.merged_sha256, true);
  if (random) {
    out += item("seed", std::to_string(info.seed));
    out += item("threads", std::to_string(info.threads));
  }
  for (const auto& [name, value] : extra) out += item(name, value);
  out += item("command", info.command_line, true);
  return out + "</dl>\n<p class=\"muted\">The same file, seed and settings give the same numbers whatever the "
               "number of threads.</p>\n</section>\n";
}

std::string svg_line_chart(const LineChartData& d) {
  constexpr double width = 720, height = 300, left = 70, right = 700, top = 24, bottom = 240;
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
  const LinearScale x{x_low, x_high, left, right}, y{y_low, y_high, bottom, top};

  std::string out = fmt::format("<svg class=\"{}\" {} viewBox=\"0 0 {} {}\" role=\"img\">\n<title>{}</title>\n",
                                html_escape(d.css_class), d.data_attributes, width, height, html_escape(d.title));
  double step = 1;
  for (double v : nice_ticks(y_low, y_high, 5, &step)) {
    if (v < y_low || v > y_high) continue;
    std::string label = d.y_percent ? percent(v, 0) : tick_label(v, step);
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#eaeef2\"/><text x=\"{}\" y=\"{}\" "
                       "text-anchor=\"end\" font-size=\"11\" fill=\"#59636e\">{}</text>\n",
                       coord(left), coord(right), coord(y(v)), coord(y(v)), coord(left - 6), coord(y(v) + 4), label);
  }
  for (double v : nice_ticks(x_low, x_high, 7, &step)) {
    if (v < x_low - 1e-12 * std::abs(x_high - x_low) || v > x_high + 1e-12 * std::abs(x_high - x_low)) continue;
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#d0d7de\"/><text x=\"{}\" y=\"{}\" "
                       "text-anchor=\"middle\" font-size=\"11\" fill=\"#59636e\">{}</text>\n",
                       coord(x(v)), coord(x(v)), coord(bottom), coord(bottom + 4), coord(x(v)), coord(bottom + 17),
                       tick_label(v, step));
  }
  out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#59636e\"/>\n", coord(left), coord(right),
                     coord(bottom), coord(bottom));
  for (const auto& [value, label] : d.reference_lines) {
    if (!std::isfinite(value)) continue;
    out += fmt::format("<line class=\"reference\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#cf222e\" "
                       "stroke-dasharray=\"5 3\"/><text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"11\" "
                       "fill=\"#cf222e\">{}</text>\n",
                       coord(left), coord(right), coord(y(value)), coord(y(value)), coord(right), coord(y(value) - 4),
                       html_escape(label));
  }
  for (const auto& s : d.series) {
    std::string points, dots;
    auto flush = [&]() {
      if (points.empty()) return;
      out += fmt::format("<polyline fill=\"none\" stroke=\"{}\" stroke-width=\"2\"{} points=\"{}\"/>\n", s.colour,
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
        dots += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"3\" fill=\"{}\"><title>{}{}: {}</title></circle>",
                            coord(x(s.x[k])), coord(y(s.y[k])), s.colour, s.name.empty() ? "" : html_escape(s.name) + " ",
                            human_number(s.x[k]), d.y_percent ? percent(s.y[k]) : human_number(s.y[k]));
      }
    }
    flush();
    out += dots.empty() ? "" : dots + "\n";
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1f2328\">{}</text>\n",
                     coord((left + right) / 2), coord(bottom + 34), html_escape(d.x_name));
  out += fmt::format("<text x=\"4\" y=\"{}\" font-size=\"12\" fill=\"#1f2328\">{}</text>\n", coord(top - 10),
                     html_escape(d.y_name));
  double legend_x = left;
  for (const auto& s : d.series) {
    if (s.name.empty()) continue;
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\"{}/>"
                       "<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#1f2328\">{}</text>\n",
                       coord(legend_x), coord(legend_x + 18), coord(height - 8), coord(height - 8), s.colour,
                       s.dashed ? " stroke-dasharray=\"6 4\"" : "", coord(legend_x + 22), coord(height - 4),
                       html_escape(shorten(s.name, 30)));
    legend_x += 40 + 7.0 * static_cast<double>(std::min<std::size_t>(s.name.size(), 30));
  }
  return out + "</svg>\n";
}

}  // namespace goalpath::report::detail

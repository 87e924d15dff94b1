// `goalpath sweep --format html`: a line per target along one axis, a heatmap
// per target over two (slices of the first two axes for more), then the
// grid as a table.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/text.hpp"
#include "report/charts.hpp"
#include "report/html_parts.hpp"
#include "report/sweep.hpp"

namespace goalpath::report {

namespace {

constexpr std::size_t kMaxSlices = 12;  // heatmaps per target beyond two axes; the table has the rest

std::string threshold_text(const analysis::SweepTargetInfo& t) {
  return detail::ask_text(t.ask, t.unit);
}

std::string line_chart(const analysis::SweepResult& r, std::size_t t) {
  const auto& target = r.targets[t];
  detail::LineChartData d;
  d.css_class = "sweep-line";
  d.data_attributes = "data-target=\"" + html_escape(target.id) + "\"";
  d.title = target.id + " along " + r.axes[0].name;
  d.x_name = r.axes[0].name;
  detail::LineSeries s;
  for (const auto& p : r.points) {
    s.x.push_back(p.values[0]);
    const auto& c = p.targets[t];
    s.y.push_back(r.deterministic ? c.value : c.probability ? *c.probability : std::nan(""));
  }
  if (r.deterministic) {
    d.y_name = "deterministic value" + (target.unit.empty() ? "" : " (" + target.unit + ")");
    d.reference_lines.emplace_back(target.ask.threshold, "target " + threshold_text(target));
  } else {
    d.y_name = "probability of meeting " + threshold_text(target);
    d.y_percent = true;
  }
  d.series.push_back(std::move(s));
  return detail::svg_line_chart(d);
}

/// Heatmap of the first two axes with the other axes at combination `slice`.
std::string heatmap(const analysis::SweepResult& r, std::size_t t, std::size_t slice, std::size_t slices) {
  const auto& target = r.targets[t];
  const std::size_t nx = r.axes[0].values.size(), ny = r.axes[1].values.size();
  HeatmapData d;
  d.target = target.id;
  d.x_name = r.axes[0].name;
  d.y_name = r.axes[1].name;
  d.x_values = r.axes[0].values;
  d.y_values = r.axes[1].values;
  d.cells.assign(nx * ny, std::nan(""));
  double spread = 0;
  for (std::size_t i = 0; i < nx; ++i) {
    for (std::size_t j = 0; j < ny; ++j) {
      const auto& c = r.points[(i * ny + j) * slices + slice].targets[t];
      const double v = r.deterministic ? c.value : c.probability ? *c.probability : std::nan("");
      d.cells[j * nx + i] = v;
      if (std::isfinite(v)) spread = std::max(spread, std::abs(v - target.ask.threshold));
    }
  }
  if (r.deterministic) {
    // Amber at the threshold, green on the side that meets it.
    d.percent = false;
    if (spread == 0) spread = std::max(1.0, std::abs(target.ask.threshold));
    d.low = target.ask.bound == analysis::Bound::at_most ? target.ask.threshold + spread : target.ask.threshold - spread;
    d.high = target.ask.bound == analysis::Bound::at_most ? target.ask.threshold - spread : target.ask.threshold + spread;
  }
  d.title = target.id + ": " + (r.deterministic ? "deterministic value" : "probability of meeting ") +
            (r.deterministic ? "" : threshold_text(target));
  return svg_heatmap(d);
}

std::string slice_caption(const analysis::SweepResult& r, std::size_t slice) {
  std::string out;
  std::size_t rest = slice;
  std::vector<std::string> parts(r.axes.size());
  for (std::size_t a = r.axes.size(); a-- > 2;) {
    const auto size = r.axes[a].values.size();
    parts[a] = r.axes[a].name + " = " + human_number(r.axes[a].values[rest % size]);
    rest /= size;
  }
  for (std::size_t a = 2; a < r.axes.size(); ++a) out += (out.empty() ? "" : ", ") + parts[a];
  return out;
}

std::string charts(const analysis::SweepResult& r) {
  std::string out = "<section id=\"charts\">\n<h2>Targets across the grid</h2>\n<div class=\"charts\">\n";
  std::size_t slices = 1;
  for (std::size_t a = 2; a < r.axes.size(); ++a) slices *= r.axes[a].values.size();
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    const auto& target = r.targets[t];
    const std::string name = html_escape(target.label.empty() ? target.id : target.label);
    if (r.axes.size() == 1) {
      out += "<figure>\n<h3>" + name + "</h3>\n" + line_chart(r, t) + "<figcaption>" + html_escape(target.id) +
             " " + html_escape(threshold_text(target)) + "</figcaption>\n</figure>\n";
      continue;
    }
    for (std::size_t s = 0; s < std::min(slices, kMaxSlices); ++s) {
      std::string caption = html_escape(target.id) + " " + html_escape(threshold_text(target));
      if (slices > 1) caption += "; " + html_escape(slice_caption(r, s));
      out += "<figure>\n<h3>" + name + "</h3>\n" + heatmap(r, t, s, slices) + "<figcaption>" + caption +
             "</figcaption>\n</figure>\n";
    }
  }
  out += "</div>\n";
  if (slices > kMaxSlices) {
    out += fmt::format("<p class=\"muted\">Heatmaps for the first {} of {} combinations of the other axes; the table "
                       "below has every point.</p>\n",
                       kMaxSlices, slices);
  }
  return out + "</section>\n";
}

std::string table(const analysis::SweepResult& r) {
  std::vector<std::string> header;
  for (const auto& a : r.axes) header.push_back(a.name);
  for (const auto& t : r.targets) header.push_back(t.id);
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : r.points) {
    std::vector<std::string> row;
    for (double v : p.values) row.push_back(human_number(v));
    for (const auto& c : p.targets) {
      if (r.deterministic) {
        row.push_back(fmt::format("<span class=\"{}\">{}</span>", c.met ? "up" : "down", human_number(c.value)));
      } else {
        row.push_back(c.probability ? percent(*c.probability) : "—");
      }
    }
    rows.push_back(std::move(row));
  }
  std::string note = r.deterministic ? "Deterministic values; green meets the target, red does not."
                                     : "Probability that each target is met.";
  return "<section id=\"grid\">\n<h2>Every point</h2>\n<p class=\"muted\">" + html_escape(note) + "</p>\n" +
         detail::html_table(header, rows, std::vector<bool>(header.size(), true), "sweep") + "</section>\n";
}

}  // namespace

std::string sweep_html(const analysis::SweepResult& r) {
  const std::string name = r.info.title.empty() ? r.info.scenario_id : r.info.title;
  std::string body = "<header>\n<h1>" + html_escape("Sweep: " + name) + "</h1>\n<p>";
  for (std::size_t a = 0; a < r.axes.size(); ++a) {
    body += (a ? " × " : "") + fmt::format("<code>{}</code> ({} values)", html_escape(r.axes[a].name), r.axes[a].values.size());
  }
  body += fmt::format(": {} points. ", r.points.size());
  body += r.deterministic ? "Deterministic: the other parameters at their values, shocks at 0."
                          : fmt::format("{} paths per point; {}; every point uses the same paths, so differences "
                                        "come from the swept assumptions.",
                                        r.paths, detail::mode_text(r.mode));
  body += "</p>\n</header>\n" + charts(r) + table(r);
  body += detail::study_repro_box(
      r.info, {{"paths", r.deterministic ? "deterministic (no Monte Carlo)" : std::to_string(r.paths)}});
  return html_page("Sweep: " + name + " — goalpath", body);
}

}  // namespace goalpath::report

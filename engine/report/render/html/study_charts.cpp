// report/study_charts.hpp: Sobol and Shapley bars with their intervals,
// Morris's plane and PRIM's box, as inline SVG (moved here from the
// sensitivity and discover HTML writers). Colours are Okabe–Ito's, text is
// at least 12 px at the chart's natural width.
#include "report/study_charts.hpp"

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
constexpr const char* kInk = "#1f2328";
constexpr const char* kMuted = "#59636e";

/// Splits `items` joined by ", " into lines of at most `columns` display columns.
std::vector<std::string> wrap_list(const std::vector<std::string>& items, std::string_view lead, std::size_t columns) {
  std::vector<std::string> lines;
  std::string line(lead);
  bool first = true;
  for (const auto& item : items) {
    const std::string piece = (first ? "" : ", ") + item;
    if (!first && detail::display_width(line) + detail::display_width(piece) > columns) {
      lines.push_back(line + ",");
      line = item;
    } else {
      line += piece;
    }
    first = false;
  }
  lines.push_back(line);
  return lines;
}

}  // namespace

std::string svg_interval_bars(const IntervalBarsData& d) {
  const std::size_t n_series = std::max<std::size_t>(1, d.series.size());
  const double bar_height = 13, gap = 4;
  const double row = 8 + static_cast<double>(n_series) * (bar_height + gap);
  const double top = 16, x0 = 220, x1 = 680;
  double high = d.min_high;
  for (const auto& b : d.bars) {
    for (std::size_t s = 0; s < b.values.size(); ++s) {
      const double c = s < b.conf.size() && std::isfinite(b.conf[s]) ? b.conf[s] : 0;
      if (std::isfinite(b.values[s] + c)) high = std::max(high, b.values[s] + c);
    }
  }
  if (d.max_high > 0) high = std::min(high, d.max_high);
  const detail::LinearScale x{0, high, x0, x1};
  const double bottom = top + row * static_cast<double>(d.bars.size());
  const double legend_y = bottom + 40;
  std::string out = fmt::format("<svg class=\"{}\" data-target=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">\n<title>{}</title>\n",
                                html_escape(d.css_class), html_escape(d.target), kWidth, coord(legend_y + 26),
                                html_escape(d.title));
  double step = 0.25;
  for (double v : detail::nice_ticks(0, high, 5, &step)) {
    if (v > high + 1e-12) continue;
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#eaeef2\"/><text x=\"{}\" y=\"{}\" "
                       "text-anchor=\"middle\" font-size=\"12\" fill=\"{}\">{}</text>\n",
                       coord(x(v)), coord(x(v)), coord(top), coord(bottom), coord(x(v)), coord(bottom + 16), kMuted,
                       detail::tick_label(v, step));
  }
  for (std::size_t k = 0; k < d.bars.size(); ++k) {
    const auto& b = d.bars[k];
    const double y = top + row * static_cast<double>(k);
    out += fmt::format("<g class=\"{}\" data-parameter=\"{}\"><title>{}</title>", html_escape(d.bar_class),
                       html_escape(b.name), html_escape(b.tooltip.empty() ? b.name : b.tooltip));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\" fill=\"{}\">{}</text>", coord(x0 - 8),
                       coord(y + row / 2 + 4), kInk, html_escape(detail::shorten(b.name, 28)));
    for (std::size_t s = 0; s < b.values.size(); ++s) {
      if (!std::isfinite(b.values[s])) continue;
      const double offset = 4 + static_cast<double>(s) * (bar_height + gap);
      const std::string colour = s < d.series.size() ? d.series[s].colour : "#0072B2";
      const double end = x(std::clamp(b.values[s], 0.0, high));
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{}\"/>", coord(x0), coord(y + offset),
                         coord(std::max(0.0, end - x0)), coord(bar_height), colour);
      const double c = s < b.conf.size() ? b.conf[s] : 0;
      if (std::isfinite(c) && c > 0) {
        out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\"/>",
                           coord(x(std::clamp(b.values[s] - c, 0.0, high))), coord(x(std::clamp(b.values[s] + c, 0.0, high))),
                           coord(y + offset + bar_height / 2), coord(y + offset + bar_height / 2), kInk);
      }
    }
    out += "</g>\n";
  }
  double legend_x = x0;
  for (const auto& s : d.series) {
    out += fmt::format("<g class=\"legend\"><rect x=\"{}\" y=\"{}\" width=\"14\" height=\"12\" fill=\"{}\"/><text x=\"{}\" "
                       "y=\"{}\" font-size=\"12\" fill=\"{}\">{}</text></g>\n",
                       coord(legend_x), coord(bottom + 26), s.colour, coord(legend_x + 18), coord(bottom + 36), kInk,
                       html_escape(s.name));
    legend_x += 40 + 7.0 * static_cast<double>(detail::display_width(s.name));
  }
  if (!d.caption.empty()) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{}\">{}</text>\n", coord(16), coord(legend_y + 16),
                       kMuted, html_escape(detail::shorten(d.caption, 110)));
  }
  return out + "</svg>\n";
}

std::string svg_morris_plane(const MorrisPlaneData& d) {
  const double left = 70, right = 690, top = 28, bottom = 250;
  double high_x = 0, high_y = 0;
  for (const auto& p : d.points) {
    if (std::isfinite(p.mu_star)) high_x = std::max(high_x, p.mu_star);
    if (std::isfinite(p.sigma)) high_y = std::max(high_y, p.sigma);
  }
  const double high = std::max({high_x, high_y, 1e-300}) * 1.08;
  const detail::LinearScale x{0, high, left, right}, y{0, high, bottom, top};
  // Every parameter without effect is named, on as many lines as it takes.
  const std::vector<std::string> idle =
      d.no_effect.empty() ? std::vector<std::string>{} : wrap_list(d.no_effect, d.no_effect_label + ": ", 100);
  const double height = bottom + 48 + 16 * static_cast<double>(idle.size());
  std::string out = fmt::format("<svg class=\"morris-plane\" data-target=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">\n"
                                "<title>{}</title>\n",
                                html_escape(d.target), kWidth, coord(height), html_escape(d.title));
  double step = 1;
  for (double v : detail::nice_ticks(0, high, 5, &step)) {
    if (v > high) continue;
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#eaeef2\"/><text x=\"{}\" y=\"{}\" "
                       "text-anchor=\"end\" font-size=\"12\" fill=\"{}\">{}</text>\n"
                       "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{}\">{}</text>\n",
                       coord(left), coord(right), coord(y(v)), coord(y(v)), coord(left - 6), coord(y(v) + 4), kMuted,
                       detail::tick_label(v, step), coord(x(v)), coord(bottom + 16), kMuted, detail::tick_label(v, step));
  }
  out += fmt::format("<line class=\"reference\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{}\" "
                     "stroke-dasharray=\"5 3\"/>\n",
                     coord(x(0)), coord(y(0)), coord(x(high)), coord(y(high)), kMuted);
  for (const auto& p : d.points) {
    if (!std::isfinite(p.mu_star) || !std::isfinite(p.sigma)) continue;
    out += fmt::format("<g class=\"morris-point\" data-parameter=\"{}\"><title>{}: μ* {}, σ {}</title><circle cx=\"{}\" "
                       "cy=\"{}\" r=\"4\" fill=\"#0072B2\"/><text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{}\"{}>{}</text></g>\n",
                       html_escape(p.name), html_escape(p.name), number_text(p.mu_star), number_text(p.sigma),
                       coord(x(p.mu_star)), coord(y(p.sigma)), coord(x(p.mu_star) + (x(p.mu_star) > 560 ? -6 : 6)),
                       coord(y(p.sigma) - 6), kInk, x(p.mu_star) > 560 ? " text-anchor=\"end\"" : "",
                       html_escape(detail::shorten(p.name, 24)));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"{}\">{}</text>\n",
                     coord((left + right) / 2), coord(bottom + 34), kInk, html_escape(d.x_name));
  out += fmt::format("<text x=\"4\" y=\"{}\" font-size=\"12\" fill=\"{}\">{}</text>\n", coord(top - 12), kInk,
                     html_escape(d.y_name));
  for (std::size_t k = 0; k < idle.size(); ++k) {
    out += fmt::format("<text class=\"no-effect\" x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{}\">{}</text>\n", coord(16),
                       coord(bottom + 54 + 16 * static_cast<double>(k)), kMuted, html_escape(idle[k]));
  }
  return out + "</svg>\n";
}

std::string svg_box_ranges(const BoxRangesData& d) {
  const double row = 26, top = 12, x0 = 220, x1 = 540;
  const double height = top + row * static_cast<double>(d.rows.size()) + 28;
  std::string out = fmt::format("<svg class=\"prim-box\" data-target=\"{}\" viewBox=\"0 0 720 {}\" role=\"img\">\n"
                                "<title>{}</title>\n",
                                html_escape(d.target), coord(height), html_escape(d.title));
  for (std::size_t k = 0; k < d.rows.size(); ++k) {
    const auto& b = d.rows[k];
    const double y = top + row * static_cast<double>(k);
    const detail::LinearScale x{b.range_low, b.range_high, x0, x1};
    out += fmt::format("<g class=\"box-limit\" data-parameter=\"{}\" data-restricted=\"{}\"><title>{}: {} – {} ({})</title>",
                       html_escape(b.name), b.restricted ? "true" : "false", html_escape(b.name), html_escape(b.lower_text),
                       html_escape(b.upper_text), html_escape(b.range_text));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\" fill=\"{}\">{}</text>", coord(x0 - 8),
                       coord(y + 15), b.restricted ? kInk : kMuted, html_escape(detail::shorten(b.name, 28)));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"#eaeef2\"/>", coord(x0), coord(y + 4),
                       coord(x1 - x0));
    const double a = x(b.lower), c = x(b.upper);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"{}\"/>", coord(a), coord(y + 4),
                       coord(std::max(1.0, c - a)), b.restricted ? "#0072B2" : "#56B4E9");
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{}\">{} – {}</text></g>\n", coord(x1 + 8),
                       coord(y + 15), kMuted, html_escape(detail::shorten(b.lower_text, 12)),
                       html_escape(detail::shorten(b.upper_text, 12)));
  }
  if (!d.caption.empty()) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"12\" fill=\"{}\">{}</text>\n", coord(16), coord(height - 8),
                       kMuted, html_escape(detail::shorten(d.caption, 110)));
  }
  return out + "</svg>\n";
}

}  // namespace goalpath::report

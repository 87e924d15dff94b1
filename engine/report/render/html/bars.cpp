// The target dashboard: one bar per target, its probability of being met.
#include <fmt/format.h>

#include <algorithm>
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

std::string cutoff_line(double x, double y_top, double y_bottom, const std::string& text) {
  return fmt::format("<line class=\"cutoff\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1.5\" "
                     "stroke-dasharray=\"4 3\"/>",
                     coord(x), coord(x), coord(y_top - 2), coord(y_bottom), kInk) +
         detail::svg_text(x, y_top - 6, text, detail::kSmallFont, "middle", kInk) + "\n";
}

}  // namespace

std::string svg_probability_bars(const ProbabilityBarsData& d) {
  // Each label sits on its own line above its bar, so the chart stays narrow
  // (560 units) and its text stays legible when a phone scales it down.
  const Lang lang = d.lang;
  const double width = 560, row = 50, top = 30, x0 = 8, x1 = 548;
  const double bottom = top + row * static_cast<double>(d.bars.size());
  std::vector<LegendItem> legend;
  if (d.deterministic) {
    legend.push_back({LegendItem::Symbol::swatch, status_colour(analysis::Status::on_track), say(lang, "target met", "达到目标")});
    legend.push_back(
        {LegendItem::Symbol::swatch, status_colour(analysis::Status::off_track), say(lang, "target not met", "未达到目标"), 0.35});
  } else {
    for (auto s : {analysis::Status::on_track, analysis::Status::at_risk, analysis::Status::off_track}) {
      legend.push_back({LegendItem::Symbol::swatch, status_colour(s), status_text(s, lang)});
    }
    legend.push_back({LegendItem::Symbol::dashed, kInk, say(lang, "cut-offs between statuses", "状态分界线")});
    legend.push_back({LegendItem::Symbol::line, kInk, say(lang, "± one standard error", "±1个标准误")});
  }
  const double legend_top = bottom + (d.deterministic ? 8 : 24);
  const double height = legend_top + detail::legend_height(legend, width - 16) + 4;
  std::string out = fmt::format("<svg class=\"target-dashboard\" data-targets=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">\n"
                                "<title>{}</title>\n",
                                d.bars.size(), width, coord(height),
                                say(lang, "Targets: probability of being met", "各目标的实现概率"));
  if (!d.deterministic) {
    for (int p = 0; p <= 100; p += 25) {
      double x = x0 + (x1 - x0) * p / 100.0;
      out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\"/>", coord(x), coord(x), coord(top),
                         coord(bottom), detail::kGrid);
      out += detail::svg_text(std::clamp(x, x0 + 14, x1 - 18), bottom + 16, std::to_string(p) + "%", detail::kTickFont,
                              "middle", kMuted) +
             "\n";
    }
    out += cutoff_line(x0 + (x1 - x0) * d.at_risk, top, bottom,
                       status_text(analysis::Status::at_risk, lang) + " " + percent(d.at_risk, 0));
    out += cutoff_line(x0 + (x1 - x0) * d.on_track, top, bottom,
                       status_text(analysis::Status::on_track, lang) + " " + percent(d.on_track, 0));
  }
  for (std::size_t k = 0; k < d.bars.size(); ++k) {
    const ProbabilityBar& b = d.bars[k];
    const double y = top + row * static_cast<double>(k);
    const char* colour = status_colour(b.status);
    const bool verdict_only = d.deterministic || !b.probability || !std::isfinite(*b.probability);
    std::string name = b.label.empty() ? b.id : b.label;
    std::string value = verdict_only ? (b.met ? say(lang, "met", "达到") : say(lang, "not met", "未达到"))
                                     : percent(*b.probability);
    if (!verdict_only && b.probability_se && std::isfinite(*b.probability_se) && *b.probability_se > 0) {
      value += " ±" + percent(*b.probability_se, 1);
    }
    out += fmt::format("<g class=\"target-bar\" data-target=\"{}\" data-status=\"{}\"><title>{}: {} ({})</title>\n",
                       html_escape(b.id), analysis::to_string(b.status), html_escape(b.id), html_escape(name),
                       html_escape(status_text(b.status, lang)));
    const double value_width = detail::text_width(value, detail::kLabelFont);
    out += detail::svg_text(x0, y + 17, name, detail::kLabelFont + 1, "start", kInk, x1 - x0 - value_width - 14);
    out += detail::svg_text(x1, y + 17, value, detail::kLabelFont, "end", kInk, 0, "class=\"value\" font-weight=\"600\"") +
           "\n";
    double p = verdict_only ? 1.0 : std::clamp(*b.probability, 0.0, 1.0);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"#eaeef2\"/>", coord(x0), coord(y + 24),
                       coord(x1 - x0));
    out += fmt::format("<rect class=\"bar\" x=\"{}\" y=\"{}\" width=\"{}\" height=\"16\" fill=\"{}\"{}/>", coord(x0),
                       coord(y + 24), coord((x1 - x0) * p), colour,
                       verdict_only && !b.met ? " fill-opacity=\"0.35\"" : "");
    if (!verdict_only && b.probability_se && std::isfinite(*b.probability_se) && *b.probability_se > 0) {
      double lo = std::clamp(p - *b.probability_se, 0.0, 1.0), hi = std::clamp(p + *b.probability_se, 0.0, 1.0);
      out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>",
                         coord(x0 + (x1 - x0) * lo), coord(x0 + (x1 - x0) * hi), coord(y + 32), coord(y + 32), kInk);
    }
    out += "</g>\n";
  }
  out += detail::svg_legend(legend, x0, legend_top + 13, width - 16, nullptr);
  return out + "</svg>\n";
}

}  // namespace goalpath::report

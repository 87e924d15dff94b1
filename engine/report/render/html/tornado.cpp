// Tornado: how far the output moves when each parameter goes to its low and
// its high setting, the others held at their values.
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

constexpr double kWidth = 720;
constexpr const char* kLowColour = palette::sky;
constexpr const char* kHighColour = palette::blue;
constexpr const char* kTargetColour = palette::purple;

/// A label on a vertical line at x: to its right in the left half of the
/// plot, to its left in the right half, so it stays inside the chart.
std::string line_label(double x, double y, double x0, double x1, const std::string& text, const char* fill) {
  const bool right = x < (x0 + x1) / 2;
  const double room = right ? kWidth - 8 - (x + 4) : x - 4 - 8;
  return detail::svg_text(right ? x + 4 : x - 4, y, text, detail::kSmallFont, right ? "start" : "end", fill, room,
                          "stroke=\"#fff\" stroke-width=\"3\" paint-order=\"stroke\"");
}

}  // namespace

std::string svg_tornado(const TornadoData& d) {
  const Lang lang = d.lang;
  const bool percent = d.percent || unit_kind(d.unit) == UnitKind::share;
  const double row = 30, top = 48, x0 = 200, x1 = 588, swing_x = 600;
  const double bottom = top + row * static_cast<double>(d.bars.size());
  double low = d.baseline, high = d.baseline;
  for (const auto& b : d.bars) {
    for (double v : {b.output_low, b.output_high}) {
      if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
    }
  }
  const bool has_target = d.target_value && std::isfinite(*d.target_value);
  if (has_target) low = std::min(low, *d.target_value), high = std::max(high, *d.target_value);
  // What counts as noise: rounding differences far below the outputs' size.
  const double scale = std::max({std::abs(low), std::abs(high), std::abs(d.baseline)});
  double pad = (high - low) * 0.05;
  if (pad == 0) pad = scale > 0 ? scale * 0.05 : 1;
  const detail::LinearScale x{low - pad, high + pad, x0, x1};

  std::vector<LegendItem> legend = {
      {LegendItem::Symbol::swatch, kLowColour, say(lang, "parameter at its low setting", "参数取低值")},
      {LegendItem::Symbol::swatch, kHighColour, say(lang, "parameter at its high setting", "参数取高值")},
      {LegendItem::Symbol::line, kInk, say(lang, "baseline (every parameter at its value)", "基准（各参数取设定值）")}};
  if (has_target) legend.push_back({LegendItem::Symbol::dashed, kTargetColour, say(lang, "target", "目标")});
  const double legend_top = bottom + 30;
  const double height = legend_top + detail::legend_height(legend, kWidth - 16) + 4;

  std::string out = fmt::format("<svg class=\"tornado\" data-target=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">\n<title>{}</title>\n",
                                html_escape(d.target), kWidth, coord(height), html_escape(d.title));
  double step = 1;
  std::vector<double> ticks = detail::nice_ticks(low - pad, high + pad, 5, &step);
  for (double v : ticks) {
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\"/>", coord(x(v)), coord(x(v)),
                       coord(top), coord(bottom), detail::kGrid);
    out += detail::svg_text(x(v), bottom + 17, detail::tick_label(v, step, percent), detail::kTickFont, "middle", kMuted) +
           "\n";
  }
  out += detail::svg_text(swing_x, top - 8, say(lang, "swing", "波动幅度"), detail::kSmallFont, "start", kMuted,
                          kWidth - 4 - swing_x);
  for (std::size_t k = 0; k < d.bars.size(); ++k) {
    const TornadoBar& b = d.bars[k];
    double y = top + row * static_cast<double>(k);
    const double swing = without_noise(std::abs(b.output_high - b.output_low), scale);
    std::string swing_text =
        !std::isfinite(swing) ? "—"
        : percent ? detail::tick_label(swing * 100, step * 10, false) + say(lang, " pts", "个百分点")
                  : detail::tick_label(swing, step / 10, false) + (d.unit.empty() ? "" : " " + d.unit);
    if (swing == 0) swing_text = "0";
    out += fmt::format("<g class=\"tornado-bar\" data-parameter=\"{}\" data-swing=\"{}\"><title>{}: {} → {}, {} → {}</title>",
                       html_escape(b.name), swing, html_escape(b.name), human_number(b.input_low),
                       human_number(b.output_low), human_number(b.input_high), human_number(b.output_high));
    out += detail::svg_text(x0 - 8, y + 19, b.name, detail::kTickFont, "end", kInk, x0 - 16);
    // The longer bar first, so a shorter one on the same side stays visible.
    std::pair<double, const char*> ends[2] = {{b.output_low, kLowColour}, {b.output_high, kHighColour}};
    if (std::abs(ends[1].first - d.baseline) > std::abs(ends[0].first - d.baseline)) std::swap(ends[0], ends[1]);
    for (const auto& [value, colour] : ends) {
      if (!std::isfinite(value)) continue;
      double a = std::min(x(value), x(d.baseline)), w = std::abs(x(value) - x(d.baseline));
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"20\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"0.5\"/>",
                         coord(a), coord(y + 5), coord(w), colour);
    }
    out += detail::svg_text(swing_x, y + 19, swing_text, detail::kTickFont, "start", kInk, kWidth - 4 - swing_x,
                            "class=\"swing\"");
    out += "</g>\n";
  }
  out += fmt::format("<line class=\"baseline\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1.5\"/>\n",
                     coord(x(d.baseline)), coord(x(d.baseline)), coord(top - 26), coord(bottom), kInk);
  const std::string baseline_value =
      percent ? percent_text(d.baseline) : quantity_text(d.baseline, d.unit, lang);
  out += line_label(x(d.baseline), top - 30, x0, x1, say(lang, "baseline ", "基准 ") + baseline_value, kInk) + "\n";
  if (has_target) {
    double tx = x(*d.target_value);
    out += fmt::format("<line class=\"target-line\" x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2\" "
                       "stroke-dasharray=\"6 3\"/>\n",
                       coord(tx), coord(tx), coord(top - 8), coord(bottom), kTargetColour);
    out += line_label(tx, top - 12, x0, x1, d.target_label.empty() ? say(lang, "target", "目标") : d.target_label, kInk) +
           "\n";
  }
  out += detail::svg_legend(legend, 8, legend_top + 13, kWidth - 16, nullptr);
  return out + "</svg>\n";
}

}  // namespace goalpath::report

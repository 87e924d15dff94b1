// `goalpath sweep` as a Document: what was swept, a chart per target (a
// line along one axis, a heatmap over two with the scenario's own point and
// the 50% and 80% contours; slices of the first two axes beyond that), every
// point as a table, provenance last.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "report/build/study_parts.hpp"
#include "report/sweep.hpp"
#include "report/text.hpp"

namespace goalpath::report {

std::string detail::mode_text(model::SettingMode mode, Lang lang) {
  return mode == model::SettingMode::fix
             ? say(lang, "fix: the swept parameters are known exactly, the ones correlated with them drawn given their values",
                   "固定：所扫描的参数视为确切已知，与之相关的参数按其条件分布抽取")
             : say(lang, "set: a value moves the parameter's centre, its uncertainty and correlations kept",
                   "设定：扫描值移动参数的中心，保留其不确定性和相关性");
}

namespace {

constexpr std::size_t kMaxSlices = 12;  // heatmaps per target beyond two axes; the table has the rest

std::string target_name(const analysis::SweepTargetInfo& t) { return t.label.empty() ? t.id : t.label; }

std::string summary(const analysis::SweepResult& r, Lang lang) {
  std::string shape;
  for (const auto& a : r.axes) {
    shape += (shape.empty() ? "" : " × ") +
             (lang == Lang::zh ? fmt::format("{}（{} 个取值）", a.name, a.values.size())
                               : fmt::format("{} ({} values)", a.name, a.values.size()));
  }
  if (lang == Lang::zh) {
    const std::string run =
        r.deterministic ? "确定性计算：其他参数取设定值，冲击为 0"
                        : fmt::format("每点 {} 条路径，随机种子 {}；{}；各点使用相同的路径，差异只来自所扫描的假设",
                                      r.paths, r.info.seed, detail::mode_text(r.mode, lang));
    return fmt::format("共 {} 个网格点：{}。{}。", r.points.size(), shape, run);
  }
  const std::string run = r.deterministic
                              ? "deterministic: the other parameters at their values, shocks 0"
                              : fmt::format("{} paths per point, seed {}; {}; every point uses the same paths, so "
                                            "differences come from the swept assumptions",
                                            r.paths, r.info.seed, detail::mode_text(r.mode, lang));
  return fmt::format("{} points: {}; {}.", r.points.size(), shape, run);
}

/// The number a chart draws for a cell: the probability, or the deterministic value.
double chart_value(const analysis::SweepResult& r, const analysis::SweepCell& c) {
  return r.deterministic ? c.value : c.probability ? *c.probability : std::nan("");
}

std::string what_is_drawn(const analysis::SweepResult& r, const analysis::SweepTargetInfo& t, Lang lang) {
  const std::string ask = detail::ask_text(t.ask, t.unit, detail::AskWords::bound, lang);
  if (r.deterministic) return say(lang, "deterministic value (target ", "确定性取值（目标 ") + ask + say(lang, ")", "）");
  return say(lang, "probability of meeting ", "实现概率：") + ask;
}

detail::LineChartData line_chart(const analysis::SweepResult& r, std::size_t t, Lang lang) {
  const auto& target = r.targets[t];
  detail::LineChartData d;
  d.css_class = "sweep-line";
  d.lang = lang;
  d.data_attributes = "data-target=\"" + html_escape(target.id) + "\"";
  d.title = target.id + say(lang, " along ", "：随 ") + r.axes[0].name + say(lang, "", " 变化");
  d.x_name = r.axes[0].name;
  detail::LineSeries s;
  for (const auto& p : r.points) {
    s.x.push_back(p.values[0]);
    s.y.push_back(chart_value(r, p.targets[t]));
  }
  d.y_name = what_is_drawn(r, target, lang);
  if (r.deterministic) {
    if (!target.unit.empty()) d.y_name += " (" + target.unit + ")";
    d.reference_lines.emplace_back(target.ask.threshold,
                                   say(lang, "target ", "目标 ") + detail::ask_text(target.ask, target.unit,
                                                                                   detail::AskWords::bound, lang));
  } else {
    d.y_percent = true;
  }
  d.series.push_back(std::move(s));
  return d;
}

/// Heatmap of the first two axes with the other axes at combination `slice`.
HeatmapData heatmap(const analysis::SweepResult& r, std::size_t t, std::size_t slice, std::size_t slices, Lang lang) {
  const auto& target = r.targets[t];
  const std::size_t nx = r.axes[0].values.size(), ny = r.axes[1].values.size();
  HeatmapData d;
  d.target = target.id;
  d.x_name = r.axes[0].name;
  d.y_name = r.axes[1].name;
  d.x_values = r.axes[0].values;
  d.y_values = r.axes[1].values;
  d.lang = lang;
  d.cells.assign(nx * ny, std::nan(""));
  double spread = 0;
  for (std::size_t i = 0; i < nx; ++i) {
    for (std::size_t j = 0; j < ny; ++j) {
      const double v = chart_value(r, r.points[(i * ny + j) * slices + slice].targets[t]);
      d.cells[j * nx + i] = v;
      if (std::isfinite(v)) spread = std::max(spread, std::abs(v - target.ask.threshold));
    }
  }
  if (r.deterministic) {
    // The colour scale is centred on the threshold, the side that meets it
    // high; the one contour is the threshold itself.
    d.percent = false;
    if (spread == 0) spread = std::max(1.0, std::abs(target.ask.threshold));
    const bool at_most = target.ask.bound == analysis::Bound::at_most;
    d.low = at_most ? target.ask.threshold + spread : target.ask.threshold - spread;
    d.high = at_most ? target.ask.threshold - spread : target.ask.threshold + spread;
    d.contours = {target.ask.threshold};
  } else {
    d.contours = {0.5, 0.8};
  }
  const double own_x = r.axes[0].scenario_value, own_y = r.axes[1].scenario_value;
  if (std::isfinite(own_x) && std::isfinite(own_y)) d.own_point = std::make_pair(own_x, own_y);
  d.title = target.id + ": " + what_is_drawn(r, target, lang);
  return d;
}

std::string slice_caption(const analysis::SweepResult& r, std::size_t slice) {
  std::size_t rest = slice;
  std::vector<std::string> parts(r.axes.size());
  for (std::size_t a = r.axes.size(); a-- > 2;) {
    const auto size = r.axes[a].values.size();
    parts[a] = r.axes[a].name + " = " + number_text(r.axes[a].values[rest % size]);
    rest /= size;
  }
  std::string out;
  for (std::size_t a = 2; a < r.axes.size(); ++a) out += (out.empty() ? "" : ", ") + parts[a];
  return out;
}

void add_charts(Document& doc, const analysis::SweepResult& r, Lang lang) {
  doc.add(Heading{2, say(lang, "Targets across the grid", "各目标在参数网格上的表现"), "charts"});
  std::size_t slices = 1;
  for (std::size_t a = 2; a < r.axes.size(); ++a) slices *= r.axes[a].values.size();
  // Each chart under its target's name (and the values of the other axes
  // for a slice); what the target asks is in the table's footnotes.
  for (std::size_t t = 0; t < r.targets.size(); ++t) {
    const auto& target = r.targets[t];
    if (r.axes.size() == 1) {
      doc.add(Heading{3, target_name(target), ""});
      doc.add(line_chart(r, t, lang));
      continue;
    }
    for (std::size_t s = 0; s < std::min(slices, kMaxSlices); ++s) {
      doc.add(Heading{3, slices > 1 ? target_name(target) + " — " + slice_caption(r, s) : target_name(target), ""});
      doc.add(heatmap(r, t, s, slices, lang));
    }
  }
  if (slices > kMaxSlices) {
    doc.add(Paragraph{lang == Lang::zh ? fmt::format("热力图只画出其余坐标轴 {} 种组合中的前 {} 种；下表列出全部网格点。",
                                                     slices, kMaxSlices)
                                       : fmt::format("Heatmaps for the first {} of {} combinations of the other axes; "
                                                     "the table below has every point.",
                                                     kMaxSlices, slices),
                      Paragraph::Style::note});
  }
}

bool is_own_point(const analysis::SweepResult& r, const analysis::SweepPoint& p) {
  for (std::size_t a = 0; a < r.axes.size(); ++a) {
    if (!(p.values[a] == r.axes[a].scenario_value)) return false;
  }
  return true;
}

Table grid_table(const analysis::SweepResult& r, Lang lang) {
  Table table;
  table.css_class = "sweep";
  for (const auto& a : r.axes) table.columns.push_back(a.name);
  for (const auto& t : r.targets) table.columns.push_back(t.id);
  table.align.assign(table.columns.size(), Align::right);
  for (const auto& p : r.points) {
    std::vector<Cell> row;
    for (double v : p.values) row.emplace_back(number_text(v), v);
    if (is_own_point(r, p)) row.front().note = say(lang, "scenario", "情景取值");
    for (std::size_t t = 0; t < r.targets.size(); ++t) {
      const auto& c = p.targets[t];
      if (r.deterministic) {
        row.emplace_back(detail::measured_text(r.targets[t].ask, c.value, r.targets[t].unit, lang) + (c.met ? " ✓" : " ✗"),
                         c.value);
      } else if (c.probability) {
        row.emplace_back(percent_text(*c.probability), *c.probability);
      } else {
        row.emplace_back("—");
      }
    }
    table.rows.push_back(std::move(row));
  }
  table.footnotes.push_back(r.deterministic ? say(lang, "cells: the target's deterministic value; ✓ meets the target, ✗ does not.",
                                                  "单元格：目标的确定性取值；✓ 表示达到目标，✗ 表示未达到。")
                                            : say(lang, "cells: probability that the target is met.",
                                                  "单元格：目标的实现概率。"));
  table.footnotes.push_back(say(lang, "(scenario): the row at the scenario's own values.", "（情景取值）：情景本身的参数取值所在的行。"));
  for (const auto& t : r.targets) {
    table.footnotes.push_back(t.id + ": " + (t.label.empty() ? "" : t.label + say(lang, ", ", "，")) +
                              detail::ask_text(t.ask, t.unit, detail::AskWords::bound, lang));
  }
  return table;
}

}  // namespace

Document build_sweep_document(const analysis::SweepResult& r, Lang lang) {
  Document doc;
  doc.lang = lang;
  doc.title = say(lang, "Sweep: ", "参数扫描：") + detail::study_name(r.info);
  doc.subtitle = detail::study_subtitle(r.info);
  doc.add(Paragraph{summary(r, lang)});
  add_charts(doc, r, lang);
  doc.add(Heading{2, say(lang, "Every point", "全部网格点"), "grid"});
  doc.add(grid_table(r, lang));
  doc.add(detail::study_provenance(
      r.info,
      {{say(lang, "paths", "路径数"),
        r.deterministic ? say(lang, "deterministic (no Monte Carlo)", "确定性计算（无蒙特卡洛）") : std::to_string(r.paths)}},
      !r.deterministic, lang));
  return doc;
}

std::string sweep_table(const analysis::SweepResult& result, Lang lang) { return render_text(build_sweep_document(result, lang)); }
std::string sweep_markdown(const analysis::SweepResult& result, Lang lang) { return render_markdown(build_sweep_document(result, lang)); }
std::string sweep_html(const analysis::SweepResult& result, Lang lang) { return render_html(build_sweep_document(result, lang)); }

std::string sweep_report(const analysis::SweepResult& result, Format format, Lang lang) {
  switch (format) {
    case Format::table: return sweep_table(result, lang);
    case Format::json: return sweep_to_json(result).dump(2) + "\n";
    case Format::csv: return sweep_csv(result);
    case Format::md: return sweep_markdown(result, lang);
    case Format::html: return sweep_html(result, lang);
  }
  throw std::invalid_argument("sweep: unknown format");
}

}  // namespace goalpath::report

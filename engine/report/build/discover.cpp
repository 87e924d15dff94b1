// `goalpath discover` as a Document: what was sampled, the chosen box (its
// limits on the parameters it restricts, drawn within the sampled ranges),
// the peeling trajectory (coverage against density, and as a table), what
// the measures mean, provenance last.
#include <fmt/format.h>

#include <algorithm>

#include "report/build/study_parts.hpp"
#include "report/discover.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

std::string summary(const analysis::DiscoverResult& r, Lang lang) {
  if (lang == Lang::zh) {
    const std::string targets = r.target == "all" ? "全部目标同时实现" : "目标 " + r.target;
    return fmt::format("{}：{} 个不确定参数的 {} 个样本点（经情景 copula 的拉丁超立方抽样，随机种子 {}，冲击{}）；其中 {} 个"
                       "（{}）{}{}。",
                       targets, r.parameters.size(), r.points, r.info.seed, r.with_shocks ? "随机抽取" : "取 0", r.cases,
                       percent_text(r.base_density), r.failure ? "未实现" : "实现",
                       r.failure ? "；下列区间刻画未实现的情形" : "");
  }
  const std::string targets = r.target == "all" ? "all targets met together" : r.target;
  return fmt::format("{}: {} points of {} uncertain parameters (Latin hypercube through the scenario's copula, seed "
                     "{}, shocks {}); {} of them ({}) {}{}.",
                     targets, r.points, r.parameters.size(), r.info.seed, r.with_shocks ? "drawn" : "at 0", r.cases,
                     percent_text(r.base_density), r.failure ? "fail" : "succeed",
                     r.failure ? "; the boxes locate failure" : "");
}

std::string box_sentence(const analysis::DiscoverResult& r, Lang lang) {
  const auto& b = r.boxes.front();
  if (lang == Lang::zh) {
    return fmt::format("选定区间（剥离轨迹第 {} 步，共 {} 步）内 {} 的样本点{}（总体为 {}）；它包含全部{}情形的 {}、全部样本点的 {}。",
                       r.chosen, r.trajectory.size() - 1, percent_text(b.density), r.failure ? "未实现" : "实现",
                       percent_text(r.base_density), r.failure ? "未实现" : "实现", percent_text(b.coverage),
                       percent_text(b.mass));
  }
  return fmt::format("Chosen box (trajectory step {} of {}): inside it {} of the points {} (against {} overall); it "
                     "holds {} of all {} (coverage) and {} of all points (mass).",
                     r.chosen, r.trajectory.size() - 1, percent_text(b.density), r.failure ? "fail" : "succeed",
                     percent_text(r.base_density), percent_text(b.coverage), r.failure ? "failures" : "successes",
                     percent_text(b.mass));
}

std::string limit_text(const analysis::DiscoverResult& r, const analysis::DiscoverBox& b, std::size_t i, Lang lang) {
  const bool low = b.lower[i] > r.range_low[i], high = b.upper[i] < r.range_high[i];
  if (low && high) return number_text(b.lower[i]) + " – " + number_text(b.upper[i]);
  if (low) return "≥ " + number_text(b.lower[i]);
  if (high) return "≤ " + number_text(b.upper[i]);
  return say(lang, "any", "不限");
}

std::string range_text(const analysis::DiscoverResult& r, std::size_t i) {
  return number_text(r.range_low[i]) + " – " + number_text(r.range_high[i]);
}

Table box_table(const analysis::DiscoverResult& r, Lang lang) {
  Table t;
  t.css_class = "box";
  t.columns = {say(lang, "parameter", "参数"), say(lang, "box", "区间"), say(lang, "sampled range", "抽样范围")};
  t.align = {Align::left, Align::left, Align::left};
  const auto& b = r.boxes.front();
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    if (!b.restricted[i]) continue;
    t.rows.push_back({r.parameters[i], limit_text(r, b, i, lang), range_text(r, i)});
  }
  t.footnotes.push_back(say(lang, "other parameters: any value in their sampled range", "其他参数：抽样范围内的任意取值"));
  return t;
}

BoxRangesData box_chart(const analysis::DiscoverResult& r, Lang lang) {
  const auto& b = r.boxes.front();
  BoxRangesData d;
  d.target = r.target;
  d.title = say(lang, "The chosen box within the sampled ranges", "选定区间与抽样范围");
  d.caption = say(lang, "grey: sampled range; blue: the box (dark where it restricts the parameter)",
                  "灰色：抽样范围；蓝色：选定区间（深色表示该参数受到限制）");
  d.lang = lang;
  std::vector<std::size_t> order(r.parameters.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_partition(order.begin(), order.end(), [&b](std::size_t i) { return b.restricted[i]; });
  for (std::size_t i : order) {
    d.rows.push_back({r.parameters[i], r.range_low[i], r.range_high[i], b.lower[i], b.upper[i], b.restricted[i],
                      number_text(b.lower[i]), number_text(b.upper[i]),
                      say(lang, "sampled ", "抽样范围 ") + range_text(r, i)});
  }
  return d;
}

detail::LineChartData tradeoff_chart(const analysis::DiscoverResult& r, Lang lang) {
  detail::LineChartData d;
  d.css_class = "prim-trajectory";
  d.lang = lang;
  d.data_attributes = "data-target=\"" + html_escape(r.target) + "\"";
  d.title = say(lang, "Peeling trajectory: coverage against density", "剥离轨迹：覆盖率与密度");
  d.x_name = r.failure ? say(lang, "coverage (share of all failures inside the box)", "覆盖率（区间内未实现情形占全部未实现情形的比例）")
                       : say(lang, "coverage (share of all successes inside the box)", "覆盖率（区间内实现情形占全部实现情形的比例）");
  d.y_name = r.failure ? say(lang, "density (share of the box's points that fail)", "密度（区间内未实现的样本比例）")
                       : say(lang, "density (share of the box's points that succeed)", "密度（区间内实现的样本比例）");
  d.y_percent = true;
  detail::LineSeries path{say(lang, "trajectory", "剥离轨迹"), "#0072B2", {}, {}, false, true};
  detail::LineSeries chosen{say(lang, "chosen box", "选定区间"), "#D55E00", {}, {}, false, true};
  for (const auto& b : r.trajectory) {
    path.x.push_back(b.coverage);
    path.y.push_back(b.density);
  }
  chosen.x.push_back(r.boxes.front().coverage);
  chosen.y.push_back(r.boxes.front().density);
  d.series = {std::move(path), std::move(chosen)};
  d.reference_lines.emplace_back(r.base_density, say(lang, "overall ", "总体 ") + percent_text(r.base_density));
  return d;
}

Table trajectory_table(const analysis::DiscoverResult& r, Lang lang) {
  Table t;
  t.css_class = "trajectory";
  t.columns = {say(lang, "step", "步"), say(lang, "coverage", "覆盖率"), say(lang, "density", "密度"),
               say(lang, "mass", "样本占比"), say(lang, "restricts", "限制的参数")};
  t.align = {Align::left, Align::right, Align::right, Align::right, Align::left};
  for (std::size_t k = 0; k < r.trajectory.size(); ++k) {
    const auto& b = r.trajectory[k];
    std::string names;
    for (std::size_t i = 0; i < r.parameters.size(); ++i) {
      if (b.restricted[i]) names += (names.empty() ? "" : ", ") + r.parameters[i];
    }
    std::string step = std::to_string(k);
    if (k + 1 == r.trajectory.size() && k > 0) step += say(lang, " (pasted)", "（粘贴）");
    if (static_cast<int>(k) == r.chosen) step += " *";
    t.rows.push_back({step, Cell(percent_text(b.coverage), b.coverage), Cell(percent_text(b.density), b.density),
                      Cell(percent_text(b.mass), b.mass), names.empty() ? "—" : names});
  }
  t.footnotes.push_back(
      r.failure ? say(lang,
                      "coverage: share of all failures inside the box; density: share of the points inside the box "
                      "that fail; mass: share of all points inside the box. * marks the chosen box.",
                      "覆盖率：区间内未实现情形占全部未实现情形的比例；密度：区间内样本点中未实现的比例；样本占比：区间内样本点"
                      "占全部样本点的比例。* 标出选定区间。")
                : say(lang,
                      "coverage: share of all successes inside the box; density: share of the points inside the box "
                      "that succeed; mass: share of all points inside the box. * marks the chosen box.",
                      "覆盖率：区间内实现情形占全部实现情形的比例；密度：区间内样本点中实现的比例；样本占比：区间内样本点"
                      "占全部样本点的比例。* 标出选定区间。"));
  return t;
}

}  // namespace

Document build_discover_document(const analysis::DiscoverResult& r, Lang lang) {
  Document doc;
  doc.lang = lang;
  doc.title = say(lang, "Scenario discovery: ", "情景发现：") + detail::study_name(r.info);
  doc.subtitle = detail::study_subtitle(r.info);
  doc.add(Paragraph{summary(r, lang)});
  if (!r.warning.empty()) doc.add(Warnings{{r.warning}});
  if (!r.boxes.empty()) {
    doc.add(Heading{2,
                    r.failure ? say(lang, "Where failure concentrates", "未实现的情形集中在哪里")
                              : say(lang, "Where success concentrates", "实现的情形集中在哪里"),
                    "box"});
    doc.add(Paragraph{box_sentence(r, lang)});
    doc.add(box_chart(r, lang));
    const Table box = box_table(r, lang);
    if (box.rows.empty()) {
      doc.add(Paragraph{say(lang, "(the box restricts no parameter)", "（该区间未限制任何参数）"), Paragraph::Style::note});
    } else {
      doc.add(box);
    }
    doc.add(Heading{2, say(lang, "Peeling trajectory", "剥离轨迹"), "trajectory"});
    doc.add(tradeoff_chart(r, lang));
    doc.add(trajectory_table(r, lang));
  }
  doc.add(detail::study_provenance(r.info, {{say(lang, "samples", "样本数"), std::to_string(r.samples)}}, true, lang));
  return doc;
}

std::string discover_table(const analysis::DiscoverResult& result, Lang lang) { return render_text(build_discover_document(result, lang)); }
std::string discover_markdown(const analysis::DiscoverResult& result, Lang lang) { return render_markdown(build_discover_document(result, lang)); }
std::string discover_html(const analysis::DiscoverResult& result, Lang lang) { return render_html(build_discover_document(result, lang)); }

std::string discover_report(const analysis::DiscoverResult& result, Format format, Lang lang) {
  switch (format) {
    case Format::table: return discover_table(result, lang);
    case Format::json: return discover_to_json(result).dump(2) + "\n";
    case Format::csv: return discover_csv(result);
    case Format::md: return discover_markdown(result, lang);
    case Format::html: return discover_html(result, lang);
  }
  throw std::invalid_argument("discover: unknown format");
}

}  // namespace goalpath::report

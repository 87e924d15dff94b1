// `goalpath compare` as a Document: the answer (each target's probability in
// A and in B, and the change, in one line of words), what a reader must know
// before trusting the changes, the targets side by side, the assumptions
// that differ, the indicators (A's and B's bands overlaid), and the
// provenance of both sides last.
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "report/build/parts.hpp"
#include "report/document.hpp"
#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using analysis::CompareResult;
using analysis::TargetComparison;


std::string p_text(const std::optional<analysis::TargetResult>& t, Lang lang) {
  return t ? detail::probability_text(*t, lang) : "—";
}

Cell p_cell(const std::optional<analysis::TargetResult>& t, Lang lang) {
  Cell cell(p_text(t, lang));
  if (t && t->probability && std::isfinite(*t->probability)) cell.value = *t->probability;
  return cell;
}

Cell value_cell(const std::optional<analysis::TargetResult>& t) {
  if (!t) return Cell("—");
  Cell cell(human_number(t->deterministic_value));
  if (std::isfinite(t->deterministic_value)) cell.value = t->deterministic_value;
  return cell;
}

std::string status_words(const TargetComparison& t, Lang lang) {
  if (!t.a) return say(lang, "only in B", "仅B有");
  if (!t.b) return say(lang, "only in A", "仅A有");
  const std::string a = status_text(t.a->status, lang), b = status_text(t.b->status, lang);
  return t.status_changed ? a + " → " + b : a;
}

std::string change_words(const std::string& change, Lang lang) {
  if (lang == Lang::en) return change;
  if (change == "value") return "取值";
  if (change == "distribution") return "分布";
  if (change == "value and distribution") return "取值和分布";
  if (change == "only in A") return "仅A有";
  if (change == "only in B") return "仅B有";
  return change;
}

std::string parameter_text(const std::optional<analysis::ParameterSummary>& p, Lang lang) {
  return p ? human_number(p->value) + " " + p->distribution : say(lang, "(none)", "（无）");
}

std::string end_text(const std::optional<analysis::IndicatorEnd>& e, bool p50) {
  if (!e) return "—";
  if (!p50) return human_number(e->deterministic);
  return e->p50 ? human_number(*e->p50) : "—";
}

std::string end_year(const analysis::IndicatorComparison& i) {
  int a = i.a_end ? i.a_end->year : 0, b = i.b_end ? i.b_end->year : 0;
  if (a && b && a != b) return fmt::format("{}/{}", a, b);
  return std::to_string(a ? a : b);
}

std::optional<double> end_delta(const analysis::IndicatorComparison& i) {
  if (!i.a_end || !i.b_end) return std::nullopt;
  return i.b_end->deterministic - i.a_end->deterministic;
}

std::string signed_number(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return "—";
  if (*v == 0) return "0";
  return (*v > 0 ? "+" : "") + human_number(*v);
}

Verdicts compare_verdicts(const CompareResult& c, Lang lang) {
  Verdicts out;
  const bool zh = lang == Lang::zh;
  for (const auto& t : c.targets) {
    const analysis::TargetResult& any = t.b ? *t.b : *t.a;
    Verdict v;
    v.id = t.id;
    v.label = any.label;
    v.status = any.status;
    v.probability = p_cell(t.b ? t.b : t.a, lang);
    const std::string name = detail::name_of(any) + (zh ? "（" : " (") + detail::ask_sentence(any, lang) + (zh ? "）" : ")");
    if (t.a && t.b) {
      const std::string change = detail::points(t.delta_probability, t.delta_probability_se, lang);
      v.sentence = zh ? fmt::format("{}：A {}，B {}（变化 {}），{}", name, p_text(t.a, lang), p_text(t.b, lang), change,
                                    status_words(t, lang))
                      : fmt::format("{}: A {}, B {} ({}), {}", name, p_text(t.a, lang), p_text(t.b, lang), change,
                                    status_words(t, lang));
    } else {
      v.sentence = fmt::format("{}{}{}", name, zh ? "：" : ": ", status_words(t, lang));
    }
    out.items.push_back(std::move(v));
  }
  return out;
}

std::string side_line(const char* letter, const analysis::RunResult& r, const std::string& kind, Lang lang) {
  return fmt::format("{}  {} ({}), {} {} · {}", letter, detail::title_of(r), r.scenario_id,
                     kind == "report" ? say(lang, "report", "报告") : say(lang, "scenario", "情景"),
                     r.settings.scenario_file, detail::settings_line(r, lang));
}

}  // namespace

Document build_compare_document(const CompareResult& c, Lang lang) {
  const bool zh = lang == Lang::zh;
  Document doc;
  doc.lang = lang;
  doc.title = zh ? fmt::format("比较：{} 与 {}", detail::title_of(c.a), detail::title_of(c.b))
                 : fmt::format("Compare: {} vs {}", detail::title_of(c.a), detail::title_of(c.b));
  doc.add(Paragraph{side_line("A", c.a, c.a_kind, lang), Paragraph::Style::normal, "side-a"});
  doc.add(Paragraph{side_line("B", c.b, c.b_kind, lang), Paragraph::Style::normal, "side-b"});

  doc.add(Heading{2, say(lang, "The answer", "结论"), "answer"});
  doc.add(compare_verdicts(c, lang));
  if (c.a.joint_probability && c.b.joint_probability) {
    const std::string change = detail::points(*c.b.joint_probability - *c.a.joint_probability, std::nullopt, lang);
    doc.add(Paragraph{zh ? fmt::format("全部目标同时实现的概率：A {}，B {}（{}）", percent_text(*c.a.joint_probability),
                                       percent_text(*c.b.joint_probability), change)
                         : fmt::format("All targets met together: A {}, B {} ({})", percent_text(*c.a.joint_probability),
                                       percent_text(*c.b.joint_probability), change),
                      Paragraph::Style::emphasis, ""});
  }
  // What a reader must know before trusting the changes (different seeds, path counts, years).
  std::vector<std::string> warnings = c.notes;
  for (const auto* side : {&c.a, &c.b}) {
    for (auto& w : detail::run_warnings(*side, lang)) {
      warnings.push_back((side == &c.a ? "A: " : "B: ") + w);
    }
  }
  if (!warnings.empty()) doc.add(Warnings{warnings});

  doc.add(Heading{2, say(lang, "Targets", "目标"), "targets"});
  Table targets;
  targets.css_class = "targets";
  targets.columns = {say(lang, "target", "目标"), say(lang, "P(A)", "A 实现概率"), say(lang, "P(B)", "B 实现概率"),
                     say(lang, "change", "变化"), say(lang, "value A", "A 预测值"), say(lang, "value B", "B 预测值"),
                     say(lang, "status", "状态")};
  targets.align = {Align::left, Align::right, Align::right, Align::right, Align::right, Align::right, Align::left};
  for (const auto& t : c.targets) {
    Cell name(t.id);
    if (t.definition_changed) name.note = say(lang, "defined differently in A and B", "A 与 B 的定义不同");
    Cell change(detail::points(t.delta_probability, t.delta_probability_se, lang));
    if (t.delta_probability && std::isfinite(*t.delta_probability)) change.value = *t.delta_probability;
    Cell status(status_words(t, lang));
    if (t.a && t.b) status.status = t.b->status;
    targets.rows.push_back({name, p_cell(t.a, lang), p_cell(t.b, lang), change, value_cell(t.a), value_cell(t.b), status});
  }
  targets.footnotes.push_back(say(lang, "change: B minus A, in percentage points of probability.",
                                  "变化：B 减 A，单位为概率的百分点。"));
  doc.add(std::move(targets));

  doc.add(Heading{2, say(lang, "Assumptions that differ", "不同的假设"), "assumptions"});
  if (c.parameters.empty()) {
    doc.add(Paragraph{say(lang, "None: A and B make the same assumptions.", "无：A 与 B 的假设相同。"),
                      Paragraph::Style::normal, ""});
  } else {
    Table parameters;
    parameters.css_class = "parameters";
    parameters.columns = {say(lang, "parameter", "参数"), "A", "B", say(lang, "change", "变化")};
    for (const auto& p : c.parameters) {
      parameters.rows.push_back({Cell(p.name), Cell(parameter_text(p.a, lang)), Cell(parameter_text(p.b, lang)),
                                 Cell(change_words(p.change, lang))});
    }
    doc.add(std::move(parameters));
  }

  doc.add(Heading{2, say(lang, "Indicators", "指标"), "indicators"});
  for (const auto& i : c.indicators) {
    if (!i.a || !i.b) continue;
    FanChartData chart;
    chart.indicator = i.name;
    chart.title = i.label.empty() ? i.name : i.label;
    chart.unit = i.unit;
    chart.series.push_back(detail::fan_series(c.a, *i.a, "A", kSideColours[0]));
    chart.series.push_back(detail::fan_series(c.b, *i.b, "B", kSideColours[1]));
    chart.history = i.a->history;
    chart.thresholds = detail::threshold_markers(c.a, i.name, lang);
    for (const auto& m : detail::threshold_markers(c.b, i.name, lang)) {
      bool same = false;
      for (const auto& n : chart.thresholds) same = same || (n.value == m.value && n.last_year == m.last_year);
      if (!same) chart.thresholds.push_back(m);
    }
    detail::add_fan_chart(doc, std::move(chart), *i.a, lang);
  }
  doc.add(Heading{3, say(lang, "Indicators in the last year", "末年各指标"), ""});
  Table indicators;
  indicators.css_class = "indicators";
  indicators.columns = {say(lang, "indicator", "指标"), say(lang, "year", "年份"), "A", "B", say(lang, "change", "变化"),
                        "p50 A", "p50 B"};
  indicators.align = {Align::left, Align::left, Align::right, Align::right, Align::right, Align::right, Align::right};
  for (const auto& i : c.indicators) {
    Cell a(end_text(i.a_end, false)), b(end_text(i.b_end, false));
    if (i.a_end && std::isfinite(i.a_end->deterministic)) a.value = i.a_end->deterministic;
    if (i.b_end && std::isfinite(i.b_end->deterministic)) b.value = i.b_end->deterministic;
    indicators.rows.push_back({Cell(i.name), Cell(end_year(i)), a, b, Cell(signed_number(end_delta(i))),
                               Cell(end_text(i.a_end, true)), Cell(end_text(i.b_end, true))});
  }
  indicators.footnotes.push_back(say(lang, "A, B, change: deterministic projection; p50: Monte Carlo median.",
                                     "A、B 与变化：确定性预测；p50：蒙特卡洛中位数。"));
  doc.add(std::move(indicators));

  Provenance provenance = detail::run_provenance(c.a, lang, say(lang, "Reproducibility", "可重复性"));
  provenance.rows.clear();
  for (const auto* side : {&c.a, &c.b}) {
    for (auto& [name, value] : detail::provenance_rows(*side, lang)) {
      provenance.rows.emplace_back((side == &c.a ? "A " : "B ") + name, value);
    }
  }
  doc.add(std::move(provenance));
  return doc;
}

std::string compare_table(const CompareResult& c, const TableStyle& style, Lang lang) {
  return render_text(build_compare_document(c, lang), TextStyle{style.color});
}

std::string compare_markdown(const CompareResult& c, Lang lang) { return render_markdown(build_compare_document(c, lang)); }

std::string compare_html(const CompareResult& c, Lang lang) { return render_html(build_compare_document(c, lang)); }

std::string compare_report(const CompareResult& c, Format format, const TableStyle& style, Lang lang) {
  switch (format) {
    case Format::table: return compare_table(c, style, lang);
    case Format::json: return compare_to_json(c).dump(2) + "\n";
    case Format::csv: return compare_csv(c, false);  // the byte-order mark is the caller's (goalpath::render)
    case Format::md: return compare_markdown(c, lang);
    case Format::html: return compare_html(c, lang);
  }
  throw std::invalid_argument(std::string("unknown report format ") + to_string(format));
}

}  // namespace goalpath::report

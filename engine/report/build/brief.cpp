// build_brief_document: the brief in the order a director reads it. Every
// number comes from the BriefResult; this file only chooses and words.
#include <fmt/format.h>

#include <cmath>

#include "report/brief.hpp"
#include "report/build/parts.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using analysis::BriefResult;
using detail::ask_text;
using detail::AskWords;
using detail::measured_text;
using detail::probability_text;
using detail::settings_line;

Paragraph paragraph(std::string text, Paragraph::Style style = Paragraph::Style::normal) {
  Paragraph p;
  p.text = std::move(text);
  p.style = style;
  return p;
}
using analysis::TargetResult;

std::string label_of(const TargetResult& t) { return t.label.empty() ? t.id : t.label; }

const TargetResult* find_target(const analysis::RunResult& run, const std::string& id) {
  for (const auto& t : run.targets) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

const analysis::IndicatorResult* find_indicator(const analysis::RunResult& run, const std::string& name) {
  for (const auto& i : run.indicators) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

/// A probability as its cell: "39.9%" with the exact value beside it, the
/// standard error as a quieter note; "met" / "not met" without Monte Carlo.
Cell probability_cell(const TargetResult& t, Lang lang) {
  if (!t.probability) return Cell(probability_text(t, lang));
  Cell cell(percent_text(*t.probability), *t.probability);
  if (t.probability_se && std::isfinite(*t.probability_se)) cell.note = "± " + percent_text(*t.probability_se, 2);
  return cell;
}

/// How far a driver moves the target's value: shares and growth rates in
/// percentage points, other values in their unit.
std::string swing_text(const analysis::TargetAsk& ask, double swing, const std::string& unit, Lang lang) {
  if (swing == 0) return "0";
  if (ask.is_cagr() || unit_kind(unit) == UnitKind::share) {
    return fmt::format("{:.1f}{}", 100 * swing, say(lang, " pts", "个百分点"));
  }
  return quantity_text(swing, unit, lang);
}

/// The years a target is measured in: "2027" / "2024–2027", "年" after them in Chinese.
std::string years_text(const analysis::TargetAsk& ask, Lang lang) {
  const std::string span = ask.first_year == ask.last_year ? std::to_string(ask.last_year)
                                                           : fmt::format("{}–{}", ask.first_year, ask.last_year);
  return span + say(lang, "", "年");
}

/// A change of probability in percentage points: "+12.3 pts" / "+12.3个百分点".
std::string points_text(const std::optional<double>& delta, Lang lang) {
  if (!delta || !std::isfinite(*delta)) return "—";
  return fmt::format("{:+.1f}{}", 100 * *delta, say(lang, " pts", "个百分点"));
}

std::string sentence(const TargetResult& t, Lang lang) {
  const std::string status = status_text(t.status, lang);
  if (!t.probability) {
    return lang == Lang::zh ? fmt::format("{}：{}，{}", label_of(t), probability_text(t, lang), status)
                            : fmt::format("{}: {} — {}", label_of(t), probability_text(t, lang), status);
  }
  const std::string p = percent_text(*t.probability);
  return lang == Lang::zh ? fmt::format("{}：实现概率{}，{}", label_of(t), p, status)
                          : fmt::format("{}: {} likely — {}", label_of(t), p, status);
}

void add_answer(Document& doc, const BriefResult& r, Lang lang) {
  const analysis::RunResult& run = r.run;
  doc.add(Heading{2, say(lang, "The answer", "结论"), "answer"});
  Verdicts verdicts;
  ProbabilityBarsData bars;
  bars.on_track = run.on_track;
  bars.at_risk = run.at_risk;
  bars.deterministic = run.settings.deterministic;
  bars.lang = lang;
  for (const auto& t : run.targets) {
    Verdict v;
    v.id = t.id;
    v.label = label_of(t);
    v.probability = probability_cell(t, lang);
    v.status = t.status;
    v.sentence = sentence(t, lang);
    verdicts.items.push_back(std::move(v));
    bars.bars.push_back({t.id, label_of(t), t.probability, t.probability_se, t.deterministic_met, t.status});
  }
  doc.add(std::move(verdicts));
  if (run.joint_probability && run.targets.size() > 1) {
    doc.add(paragraph(lang == Lang::zh ? fmt::format("{}个目标全部实现的概率：{}。", run.targets.size(),
                                                     percent_text(*run.joint_probability))
                                       : fmt::format("All {} targets met together: {}.", run.targets.size(),
                                                     percent_text(*run.joint_probability)),
                      Paragraph::Style::emphasis));
  }
  doc.add(std::move(bars));

  Table table;
  table.css_class = "targets";
  table.columns = {say(lang, "Target", "目标"), say(lang, "Asks", "要求"), say(lang, "Projected", "中值预测"),
                   say(lang, "Probability", "实现概率")};
  table.align = {Align::left, Align::left, Align::right, Align::right};
  for (const auto& t : run.targets) {
    // The probability in its status's colour; the status in words is the verdict line's.
    Cell probability = probability_cell(t, lang);
    probability.status = t.status;
    Cell asks(ask_text(t.ask, t.unit, AskWords::bound, lang));
    asks.note = years_text(t.ask, lang);
    table.rows.push_back({Cell(label_of(t)), asks,
                          Cell(measured_text(t.ask, t.deterministic_value, t.unit, lang), t.deterministic_value),
                          probability});
  }
  table.footnotes.push_back(
      say(lang,
          "Probability: the share of simulated paths that meet the target. Status, in the lines above: on track from " +
              percent_text(run.on_track, 0) + ", at risk from " + percent_text(run.at_risk, 0) +
              ", else off track. Projected: every assumption at its central value, no shocks.",
          "实现概率：模拟路径中达到目标的比例。判断（见上方各行）：概率不低于" +
              percent_text(run.on_track, 0) + "为有望实现，不低于" + percent_text(run.at_risk, 0) +
              "为存在风险，低于此为难以实现。中值预测：各项假设取中间值、不计冲击时的预测。"));
  doc.add(std::move(table));
}

void add_drivers(Document& doc, const BriefResult& r, Lang lang) {
  doc.add(Heading{2, say(lang, "What drives it", "影响因素"), "drivers"});
  doc.add(paragraph(say(lang,
                        "Each bar: the target's projected value with one assumption at its 10th and at its 90th "
                        "percentile, the others at their central values and no shocks; the longest bars matter most. "
                        "In the tables, the assumption's setting is under each value.",
                        "每一横条表示：某一项假设分别取其第10和第90百分位、其余假设取中间值且不计冲击时，目标的预测值；"
                        "横条越长，影响越大。表中数值下方为该假设的取值。"),
                    Paragraph::Style::note));
  if (r.drivers.empty()) {
    doc.add(paragraph(say(lang, "No assumption is uncertain: there is nothing to rank.", "没有不确定的假设，无从排序。")));
    return;
  }
  for (const auto& d : r.drivers) {
    const TargetResult* t = find_target(r.run, d.target);
    const std::string label = t ? label_of(*t) : d.target;
    const std::string unit = t ? t->unit : d.tornado.unit;
    doc.add(Heading{3, label, "drivers-" + d.target});
    TornadoData chart;
    chart.title = label;
    chart.unit = d.tornado.unit;
    chart.target = d.target;
    chart.baseline = d.tornado.baseline;
    chart.target_value = d.threshold;
    chart.target_label = say(lang, "target ", "目标 ") + ask_text(d.tornado.ask, unit, AskWords::bound, lang);
    chart.percent = d.tornado.ask.is_cagr() || unit_kind(unit) == UnitKind::share;
    chart.lang = lang;
    Table table;
    table.css_class = "drivers";
    table.columns = {say(lang, "Assumption", "假设"), say(lang, "At P10", "第10百分位"), say(lang, "At P90", "第90百分位"),
                     say(lang, "Swing", "幅度")};
    table.align = {Align::left, Align::right, Align::right, Align::right};
    for (const auto& p : d.tornado.parameters) {
      chart.bars.push_back({p.name, p.low, p.high, p.output_low, p.output_high});
      Cell low(measured_text(d.tornado.ask, p.output_low, unit, lang), p.output_low);
      low.note = number_text(p.low);
      Cell high(measured_text(d.tornado.ask, p.output_high, unit, lang), p.output_high);
      high.note = number_text(p.high);
      table.rows.push_back({Cell(p.name), low, high, Cell(swing_text(d.tornado.ask, p.swing, unit, lang), p.swing)});
    }
    doc.add(std::move(chart));
    std::string note = say(lang, "Target: ", "目标：") + years_text(d.tornado.ask, lang) + " " +
                       ask_text(d.tornado.ask, unit, AskWords::bound, lang) +
                       say(lang, "; central projection ", "；中值预测 ") +
                       measured_text(d.tornado.ask, d.tornado.baseline, unit, lang) + say(lang, ".", "。");
    if (d.omitted > 0) {
      note += lang == Lang::zh ? fmt::format("另有{}项影响较小的假设未列出。", d.omitted)
                               : fmt::format(" {} assumption{} with smaller swings not shown.", d.omitted,
                                             d.omitted == 1 ? "" : "s");
    }
    table.footnotes.push_back(note);
    doc.add(std::move(table));
    if (!d.tornado.warning.empty()) doc.add(Warnings{{d.tornado.warning}});
  }
  if (!r.drivers_warning.empty()) doc.add(Warnings{{r.drivers_warning}});
}

std::string signpost_text(const analysis::SignpostLevel& level, const std::string& unit, Lang lang) {
  if (!level.value) return "—";
  if (level.unconditional) return say(lang, "any value", "任意水平");
  return "≥ " + quantity_text(*level.value, unit, lang);
}

void add_signposts(Document& doc, const BriefResult& r, Lang lang) {
  doc.add(Heading{2, say(lang, "What the next review must show", "下次评估应看到什么"), "signposts"});
  Table table;
  table.css_class = "signposts";
  table.columns = {say(lang, "Target", "目标"), say(lang, "Review", "评估年份"), say(lang, "For 50%", "保持50%概率"),
                   say(lang, "For 80%", "保持80%概率")};
  table.align = {Align::left, Align::left, Align::right, Align::right};
  for (const auto& t : r.run.targets) {
    bool first = true;
    for (const auto& s : t.signposts) {
      const analysis::IndicatorResult* indicator = find_indicator(r.run, s.indicator);
      const std::string unit = indicator ? indicator->unit : "";
      const std::string name = indicator && !indicator->label.empty() ? indicator->label : s.indicator;
      auto level = [&](const analysis::SignpostLevel& l) {
        Cell cell(signpost_text(l, unit, lang));
        if (l.value) cell.value = *l.value;
        return cell;
      };
      Cell year(std::to_string(s.year));
      year.note = name;  // the indicator the review reads
      table.rows.push_back({Cell(first ? label_of(t) : ""), year, level(s.at_50), level(s.at_80)});
      first = false;
    }
  }
  if (table.rows.empty()) {
    doc.add(paragraph(say(lang, "No review falls between the base year and the targets' years.",
                          "基年与目标年份之间没有需要评估的年份。")));
    return;
  }
  table.footnotes.push_back(
      say(lang,
          "The value the indicator (under the year) must reach in that year's review for the target to keep a 50% "
          "(80%) chance; "
          "— : no value of that year keeps the chance.",
          "该年评估时指标（列于年份下方）需达到的水平，达到后目标仍有50%（80%）的实现概率；“—”表示该年任何水平都无法保持这一概率。"));
  doc.add(std::move(table));
}

void add_trust(Document& doc, const BriefResult& r, Lang lang) {
  doc.add(Heading{2, say(lang, "How far to trust it", "可信度"), "trust"});
  const auto& c = r.run.calibration;
  if (!c) {
    doc.add(paragraph(say(lang,
                          "The bands are assumptions: the sizes of the yearly shocks were not checked against "
                          "history, so the probabilities are as good as those sizes.",
                          "波动区间为假设：年度冲击的大小未经历史数据检验，实现概率的可靠程度取决于这些假设。")));
  } else {
    doc.add(paragraph(
        lang == Lang::zh
            ? fmt::format("波动区间已用历史数据校准：冲击大小由{}个预测误差估计（{}）；滚动回测的{}个预测点中，"
                          "{}落在50%区间内，{}落在90%区间内。",
                          c->errors, c->method, c->points, percent_text(c->coverage_50), percent_text(c->coverage_90))
            : fmt::format("The bands were calibrated against history: the shock sizes were estimated from {} forecast "
                          "errors ({}); of {} forecast points in a rolling backtest, {} fell inside the 50% band and "
                          "{} inside the 90% band.",
                          c->errors, c->method, c->points, percent_text(c->coverage_50), percent_text(c->coverage_90))));
    Table table;
    table.css_class = "coverage";
    table.columns = {say(lang, "Band", "区间"), say(lang, "Should hold", "应覆盖"), say(lang, "Held in backtest", "回测实际覆盖")};
    table.align = {Align::left, Align::right, Align::right};
    table.rows.push_back({Cell(say(lang, "50% band", "50%区间")), Cell(percent_text(0.5, 0), 0.5),
                          Cell(percent_text(c->coverage_50), c->coverage_50)});
    table.rows.push_back({Cell(say(lang, "90% band", "90%区间")), Cell(percent_text(0.9, 0), 0.9),
                          Cell(percent_text(c->coverage_90), c->coverage_90)});
    doc.add(std::move(table));
  }
  if (!r.warnings.empty()) doc.add(Warnings{r.warnings});
}

void add_variants(Document& doc, const BriefResult& r, Lang lang) {
  if (r.variants.empty()) return;
  doc.add(Heading{2, say(lang, "The variants side by side", "各情景对比"), "variants"});
  Table table;
  table.css_class = "variants";
  table.columns = {say(lang, "Target", "目标"), say(lang, "Scenario", "情景"), say(lang, "Probability", "实现概率"),
                   say(lang, "Change", "变化")};
  table.align = {Align::left, Align::left, Align::right, Align::right};
  for (std::size_t k = 0; k < r.run.targets.size(); ++k) {
    const TargetResult& t = r.run.targets[k];
    Cell base_status = probability_cell(t, lang);
    table.rows.push_back({Cell(label_of(t)), Cell(r.run.scenario_id), base_status, Cell(say(lang, "(baseline)", "（基准）"))});
    for (const auto& v : r.variants) {
      const analysis::TargetComparison* c = nullptr;
      for (const auto& tc : v.targets) {
        if (tc.id == t.id) c = &tc;
      }
      Cell probability = c && c->b ? probability_cell(*c->b, lang) : Cell(say(lang, "not in this scenario", "无此目标"));
      Cell change(points_text(c ? c->delta_probability : std::nullopt, lang));
      if (c && c->delta_probability) change.value = *c->delta_probability;
      table.rows.push_back({Cell(""), Cell(v.run.scenario_id), probability, change});
    }
  }
  table.footnotes.push_back(say(lang,
                                "Every scenario ran with the same seed and paths (common random numbers), so a change "
                                "comes from the assumptions, not from sampling noise. Change: percentage points against "
                                "the baseline.",
                                "各情景使用相同的随机种子和路径数（公共随机数），差异来自假设而非抽样误差。变化：相对基准情景的百分点。"));
  doc.add(std::move(table));
  Table titles;
  titles.css_class = "variant-files";
  titles.columns = {say(lang, "Scenario", "情景"), say(lang, "Title", "标题")};  // files: in the provenance
  titles.rows.push_back({Cell(r.run.scenario_id), Cell(r.run.title)});
  for (const auto& v : r.variants) titles.rows.push_back({Cell(v.run.scenario_id), Cell(v.run.title)});
  doc.add(std::move(titles));
}

void add_assumptions(Document& doc, const BriefResult& r, Lang lang) {
  const analysis::Assumptions& a = r.assumptions;
  doc.add(Heading{2, say(lang, "Every assumption", "全部假设"), "assumptions"});

  doc.add(Heading{3, say(lang, "Parameters", "参数"), "parameters"});
  Table parameters;
  parameters.css_class = "parameters";
  parameters.columns = {say(lang, "Parameter", "参数"), say(lang, "Value", "取值"), say(lang, "Source", "数据来源")};
  parameters.align = {Align::left, Align::left, Align::left};  // the range under the value wraps on a phone
  for (const auto& p : a.parameters) {
    const bool fixed = p.distribution == "fixed";
    Cell name(p.name);
    name.note = fixed ? say(lang, "fixed", "确定值") : p.distribution;
    Cell value(number_text(p.value), p.value);
    if (!fixed) value.note = "P10–P90 " + number_text(p.p10) + " – " + number_text(p.p90);
    parameters.rows.push_back({name, value, Cell(p.source)});
  }
  doc.add(std::move(parameters));

  doc.add(Heading{3, say(lang, "Yearly shocks", "年度冲击"), "shocks"});
  if (a.shocks.empty()) {
    doc.add(paragraph(say(lang, "None.", "无。")));
  } else {
    Table shocks;
    shocks.css_class = "shocks";
    shocks.columns = {say(lang, "Shock", "冲击"), say(lang, "SD", "标准差"), say(lang, "AR(1)", "持续性"),
                      say(lang, "Source", "数据来源")};
    shocks.align = {Align::left, Align::right, Align::right, Align::left};
    for (const auto& s : a.shocks) {
      shocks.rows.push_back({Cell(s.name), Cell(number_text(s.sd), s.sd), Cell(number_text(s.ar), s.ar), Cell(s.source)});
    }
    doc.add(std::move(shocks));
  }

  doc.add(Heading{3, say(lang, "Correlations", "相关系数"), "correlations"});
  if (a.correlations.empty()) {
    doc.add(paragraph(say(lang, "None: every assumption is drawn independently.", "无：各项假设相互独立抽样。")));
  } else {
    Table correlations;
    correlations.css_class = "correlations";
    correlations.columns = {say(lang, "Pair", "变量"), say(lang, "Correlation", "相关系数")};
    correlations.align = {Align::left, Align::right};
    for (const auto& c : a.correlations) {
      Cell pair(c.a + " – " + c.b);
      pair.note = c.shocks ? say(lang, "shocks, same year", "同年冲击") : say(lang, "parameters", "参数");
      correlations.rows.push_back({pair, Cell(number_text(c.rho), c.rho)});
    }
    doc.add(std::move(correlations));
  }

  doc.add(Heading{3, say(lang, "Indicators and sources", "指标与数据来源"), "sources"});
  Table indicators;
  indicators.css_class = "sources";
  indicators.columns = {say(lang, "Indicator", "指标"), say(lang, "Unit", "单位"), say(lang, "Source", "数据来源")};
  for (const auto& i : a.indicators) {
    indicators.rows.push_back({Cell(i.label.empty() ? i.name : i.label), Cell(i.unit), Cell(i.source)});
  }
  for (const auto& t : r.run.targets) {
    if (!t.source.empty()) {
      indicators.rows.push_back({Cell(say(lang, "Target: ", "目标：") + label_of(t)), Cell(t.unit), Cell(t.source)});
    }
  }
  doc.add(std::move(indicators));
}

void add_provenance(Document& doc, const BriefResult& r, Lang lang) {
  const analysis::RunSettings& s = r.run.settings;
  Provenance p;
  p.heading = say(lang, "Reproducibility", "可重复性");
  p.command_label = say(lang, "command", "命令");
  p.rows.push_back({say(lang, "engine", "引擎"), "goalpath " + s.engine_version});
  p.rows.push_back({say(lang, "scenario", "情景"), r.run.scenario_id});
  // File names are values, not names: a long path wraps in its value's column.
  for (const auto& [file, sha] : s.scenario_files) p.rows.push_back({say(lang, "file", "文件"), file + " · sha256 " + sha});
  p.rows.push_back({say(lang, "merged scenario", "合并后情景"), "sha256 " + s.merged_sha256});
  for (const auto& v : r.variants) {
    p.rows.push_back({say(lang, "variant", "对比情景"), v.run.settings.scenario_file + " · sha256 " + v.run.settings.scenario_sha256});
  }
  p.rows.push_back({say(lang, "seed", "随机种子"), std::to_string(r.seed)});
  p.rows.push_back({say(lang, "paths", "路径数"), std::to_string(r.paths)});
  p.rows.push_back({say(lang, "threads", "线程数"), detail::threads_text(lang, s.threads, s.processes)});
  p.command_line = s.command_line;
  p.note = say(lang, "The same files, seed and paths give the same numbers to the last digit, on any number of threads.",
               "相同的文件、随机种子和路径数，在任意线程数下都得出完全相同的结果。");
  doc.add(std::move(p));
}

}  // namespace

Document build_brief_document(const BriefResult& r, Lang lang) {
  Document doc;
  doc.lang = lang;
  doc.title = (r.run.title.empty() ? r.run.scenario_id : r.run.title) + say(lang, " — brief", " — 简报");
  doc.subtitle = r.run.scenario_id + " · " + settings_line(r.run, lang);
  add_answer(doc, r, lang);
  add_drivers(doc, r, lang);
  add_signposts(doc, r, lang);
  add_trust(doc, r, lang);
  add_variants(doc, r, lang);
  add_assumptions(doc, r, lang);
  add_provenance(doc, r, lang);
  return doc;
}

std::string brief_report(const BriefResult& r, Format format, Lang lang, const TableStyle& style) {
  switch (format) {
    case Format::json: return brief_to_json(r, lang).dump(2) + "\n";
    case Format::html: return render_html(build_brief_document(r, lang));
    case Format::md: return render_markdown(build_brief_document(r, lang));
    case Format::table: {
      TextStyle text;
      text.color = style.color;
      return render_text(build_brief_document(r, lang), text);
    }
    case Format::csv: break;
  }
  throw std::invalid_argument("a brief is written as html, json, md or table");
}

}  // namespace goalpath::report

// report/build/parts.hpp: the blocks run, track and compare share.
#include "report/build/parts.hpp"

#include <fmt/format.h>

#include <cmath>

#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report::detail {

std::string title_of(const analysis::RunResult& run) { return run.title.empty() ? run.scenario_id : run.title; }

std::string name_of(const analysis::TargetResult& target) { return target.label.empty() ? target.id : target.label; }

namespace {

/// A target's value in a table cell: a rate or a share as a percentage,
/// anything else with thousands separators (the unit is in the measure and
/// the sentences, not repeated in every cell of a narrow terminal table).
std::string cell_value(const analysis::TargetResult& t, double value) {
  if (t.ask.is_cagr() || unit_kind(t.unit) == UnitKind::share) return percent_text(value);
  return number_text(value);
}

Cell number_cell(std::string text, double value) {
  Cell cell(std::move(text));
  if (std::isfinite(value)) cell.value = value;
  return cell;
}

}  // namespace

std::string target_value_text(const analysis::TargetResult& target, double value, Lang lang) {
  return measured_text(target.ask, value, target.unit, lang);
}

std::string ask_sentence(const analysis::TargetResult& t, Lang lang) {
  const analysis::TargetAsk& ask = t.ask;
  const std::string bound = ask_text(ask, t.unit, AskWords::bound, lang);
  const std::string span = ask.kind == scenario::TargetKind::level ? std::to_string(ask.last_year)
                                                                   : fmt::format("{}–{}", ask.first_year, ask.last_year);
  if (lang == Lang::zh) return span + "年" + (ask.kind == scenario::TargetKind::level ? " " : "") + bound;
  return bound + (ask.is_cagr() ? " over " : " in ") + span;
}

Verdicts run_verdicts(const analysis::RunResult& r, Lang lang) {
  Verdicts out;
  const bool zh = lang == Lang::zh;
  for (const auto& t : r.targets) {
    Verdict v;
    v.id = t.id;
    v.label = t.label;
    v.status = t.status;
    const std::string ask = ask_sentence(t, lang);
    const std::string status = status_text(t.status, lang);
    if (t.probability) {
      v.probability = number_cell(marked(r, percent_text(*t.probability)), *t.probability);
      v.sentence = zh ? fmt::format("{}（{}）：实现概率{}，{}", name_of(t), ask, v.probability.text, status)
                      : fmt::format("{} ({}): probability {}, {}", name_of(t), ask, v.probability.text, status);
    } else {
      v.probability = Cell(t.deterministic_met ? say(lang, "met", "达到") : say(lang, "not met", "未达到"));
      v.sentence = zh ? fmt::format("{}（{}）：确定性预测{}，{}", name_of(t), ask, t.deterministic_met ? "达到" : "未达到", status)
                      : fmt::format("{} ({}): {} in the projection, {}", name_of(t), ask,
                                    t.deterministic_met ? "met" : "not met", status);
    }
    out.items.push_back(std::move(v));
  }
  return out;
}

std::string joint_sentence(const analysis::RunResult& r, Lang lang) {
  if (!r.joint_probability) return "";
  const std::string se = r.joint_probability_se ? percent_text(*r.joint_probability_se, 2) : "—";
  return lang == Lang::zh ? fmt::format("全部目标同时实现的概率：{}（± {}）", percent_text(*r.joint_probability), se)
                          : fmt::format("All targets met together: {} (± {})", percent_text(*r.joint_probability), se);
}

ProbabilityBarsData probability_bars(const analysis::RunResult& r, Lang lang) {
  ProbabilityBarsData data;
  data.lang = lang;
  data.on_track = r.on_track;
  data.at_risk = r.at_risk;
  data.deterministic = r.settings.deterministic;
  for (const auto& t : r.targets) {
    data.bars.push_back({t.id, t.label, t.probability, t.probability_se, t.deterministic_met, t.status});
  }
  return data;
}

Table targets_table(const analysis::RunResult& r, Lang lang) {
  const bool mc = !r.settings.deterministic;
  const bool zh = lang == Lang::zh;
  Table table;
  table.css_class = "targets";
  table.columns = {say(lang, "target", "目标"), say(lang, "measure", "测度"), say(lang, "projected", "预测值"),
                   say(lang, "met", "是否达到")};
  if (mc) table.columns.insert(table.columns.end(), {"p05–p95", say(lang, "P(met)", "实现概率"), say(lang, "± se", "± 标准误")});
  table.columns.insert(table.columns.end(), {say(lang, "need/yr", "需年均增长"), say(lang, "get/yr", "预测年均增长"),
                                             say(lang, "status", "状态"), say(lang, "progress", "进展")});
  table.align.assign(table.columns.size(), Align::right);
  table.align[0] = table.align[1] = table.align[3] = Align::left;
  table.align[table.columns.size() - 1] = table.align[table.columns.size() - 2] = Align::left;
  for (const auto& t : r.targets) {
    std::vector<Cell> row = {Cell(t.id), number_cell(ask_text(t.ask, t.unit, AskWords::with_years, lang), t.ask.threshold),
                             number_cell(cell_value(t, t.deterministic_value), t.deterministic_value),
                             Cell(t.deterministic_met ? say(lang, "yes", "是") : say(lang, "no", "否"))};
    if (mc) {
      row.push_back(t.quantiles ? Cell(cell_value(t, t.quantiles->p05) + " – " + cell_value(t, t.quantiles->p95)) : Cell("—"));
      row.push_back(t.probability ? number_cell(marked(r, percent_text(*t.probability)), *t.probability) : Cell("—"));
      row.push_back(t.probability_se ? number_cell(percent_text(*t.probability_se, 2), *t.probability_se) : Cell("—"));
    }
    row.push_back(number_cell(percent_text(t.required_cagr), t.required_cagr));
    row.push_back(number_cell(percent_text(t.projected_cagr), t.projected_cagr));
    Cell status(status_text(t.status, lang));
    status.status = t.status;
    row.push_back(std::move(status));
    row.push_back(Cell(progress_text(t.progress.progress_class, lang)));
    table.rows.push_back(std::move(row));
  }
  table.footnotes.push_back(calibration_footnote(r, lang));
  if (zh) {
    table.footnotes.push_back("需年均增长：从基年起恰好达到目标所需的年均增长（逐年目标：期间内每一年都达到）；预测年均增长：预测给出的年均增长。");
    table.footnotes.push_back(mc ? fmt::format("状态依据实现概率：≥ {} 有望实现，≥ {} 存在风险，否则难以实现。",
                                               percent_text(r.on_track, 0), percent_text(r.at_risk, 0))
                                 : "状态：确定性预测达到目标为有望实现，否则为难以实现。");
  } else {
    table.footnotes.push_back("need/yr: growth a year from the base year that would just meet the target (every_year: in "
                              "every year of its window); get/yr: what the projection gives.");
    table.footnotes.push_back(mc ? fmt::format("Status from the probability: on track ≥ {}, at risk ≥ {}.",
                                               percent_text(r.on_track, 0), percent_text(r.at_risk, 0))
                                 : "Status: on track when the projection meets the target, else off track.");
  }
  return table;
}

FanSeries fan_series(const analysis::RunResult& run, const analysis::IndicatorResult& indicator, std::string name,
                     std::string colour) {
  FanSeries s;
  s.name = std::move(name);
  if (!colour.empty()) s.colour = std::move(colour);
  s.years = run.years;
  s.line = indicator.deterministic;
  s.p05 = indicator.p05;
  s.p25 = indicator.p25;
  s.p75 = indicator.p75;
  s.p95 = indicator.p95;
  return s;
}

std::vector<ThresholdMarker> threshold_markers(const analysis::RunResult& run, const std::string& indicator, Lang lang) {
  std::vector<ThresholdMarker> out;
  for (const auto& t : run.targets) {
    if (t.subject != indicator) continue;
    ThresholdMarker m;
    m.first_year = t.ask.first_year;
    m.last_year = t.ask.last_year;
    if (t.ask.is_cagr()) {
      if (!t.implied_level) continue;
      m.value = *t.implied_level;
      m.first_year = m.last_year;  // a single point: the path between is not part of the target
      m.label = t.id + ": " + ask_text(t.ask, t.unit, AskWords::bound, lang);
    } else {
      m.value = t.ask.threshold;
      m.label = t.id + " " + ask_text(t.ask, t.unit, AskWords::bound, lang);
    }
    out.push_back(std::move(m));
  }
  return out;
}

void add_fan_chart(Document& doc, FanChartData chart, const analysis::IndicatorResult& i, Lang lang) {
  chart.lang = lang;
  doc.add(Heading{3, chart.title, ""});
  doc.add(std::move(chart));
  std::string caption = i.name;
  if (!i.unit.empty()) caption += " · " + i.unit;
  if (!i.source.empty()) caption += " · " + say(lang, "source: ", "来源：") + i.source;
  doc.add(Paragraph{caption, Paragraph::Style::note, ""});
}

Table indicators_table(const analysis::RunResult& r, Lang lang) {
  const bool mc = !r.settings.deterministic;
  Table table;
  table.css_class = "indicators";
  table.columns = {say(lang, "indicator", "指标"), say(lang, "projected", "预测值")};
  if (mc) table.columns.insert(table.columns.end(), {"p05", "p50", "p95"});
  table.align.assign(table.columns.size(), Align::right);
  table.align[0] = Align::left;
  for (const auto& i : r.indicators) {
    if (i.deterministic.empty()) continue;
    Cell name(i.label.empty() ? i.name : i.label);
    if (!i.label.empty()) name.note = i.name;
    std::vector<Cell> row = {name, number_cell(quantity_text(i.deterministic.back(), i.unit, lang), i.deterministic.back())};
    if (mc) {
      for (const auto* v : {&i.p05, &i.p50, &i.p95}) {
        row.push_back(v->empty() ? Cell("—") : number_cell(quantity_text(v->back(), i.unit, lang), v->back()));
      }
    }
    table.rows.push_back(std::move(row));
  }
  return table;
}

void add_assumptions(Document& doc, const analysis::RunResult& r, Lang lang) {
  doc.add(Heading{2, say(lang, "Assumptions", "假设"), "assumptions"});
  doc.add(Heading{3, say(lang, "Parameters", "参数"), ""});
  if (r.parameters.empty()) {
    doc.add(Paragraph{say(lang, "No parameters.", "无参数。"), Paragraph::Style::note, ""});
  } else {
    Table table;
    table.css_class = "assumptions";
    table.columns = {say(lang, "parameter", "参数"), say(lang, "value", "取值"), say(lang, "distribution", "分布"),
                     "p10–p90", say(lang, "source", "数据来源")};
    table.align = {Align::left, Align::right, Align::left, Align::right, Align::left};
    for (const auto& p : r.parameters) {
      const std::string range = p.distribution == "fixed" ? "—" : number_text(p.p10) + " – " + number_text(p.p90);
      table.rows.push_back({Cell(p.name), number_cell(number_text(p.value), p.value), Cell(p.distribution), Cell(range),
                            Cell(p.source)});
    }
    doc.add(std::move(table));
  }
  doc.add(Heading{3, say(lang, "Yearly shocks", "年度冲击"), ""});
  if (r.shocks.empty()) {
    doc.add(Paragraph{say(lang, "No yearly shocks.", "无年度冲击。"), Paragraph::Style::note, ""});
  } else {
    Table table;
    table.css_class = "shocks";
    table.columns = {say(lang, "shock", "冲击"), say(lang, "sd", "标准差"), say(lang, "ar", "自相关系数"),
                     say(lang, "source", "数据来源")};
    table.align = {Align::left, Align::right, Align::right, Align::left};
    for (const auto& s : r.shocks) {
      table.rows.push_back({Cell(s.name), number_cell(number_text(s.sd), s.sd), number_cell(number_text(s.ar), s.ar),
                            Cell(s.source)});
    }
    table.footnotes.push_back(say(lang,
                                  "Each year's shock is ar times the last year's plus fresh noise; sd is its "
                                  "standard deviation.",
                                  "每年的冲击等于上一年冲击乘以自相关系数再加新的随机扰动；标准差为其波动幅度。"));
    doc.add(std::move(table));
  }
  doc.add(Heading{3, say(lang, "Correlations", "相关系数"), ""});
  if (r.correlations.empty()) {
    doc.add(Paragraph{say(lang, "No correlations: every uncertain input is drawn independently.",
                          "无相关设定：各不确定输入相互独立抽样。"),
                      Paragraph::Style::note, ""});
  } else {
    Table table;
    table.css_class = "correlations";
    table.columns = {say(lang, "between", "变量"), say(lang, "and", "与"), say(lang, "correlation", "相关系数")};
    table.align = {Align::left, Align::left, Align::right};
    for (const auto& c : r.correlations) {
      table.rows.push_back({Cell(c.a), Cell(c.b), number_cell(fmt::format("{:.2f}", c.rho), c.rho)});
    }
    doc.add(std::move(table));
  }
  Table sources;
  sources.css_class = "sources";
  sources.columns = {say(lang, "indicator or target", "指标或目标"), say(lang, "source", "数据来源")};
  for (const auto& i : r.indicators) {
    if (!i.source.empty()) sources.rows.push_back({Cell(i.label.empty() ? i.name : i.label), Cell(i.source)});
  }
  for (const auto& t : r.targets) {
    if (!t.source.empty()) sources.rows.push_back({Cell(name_of(t)), Cell(t.source)});
  }
  if (!sources.rows.empty()) {
    doc.add(Heading{3, say(lang, "Sources", "数据来源"), ""});
    doc.add(std::move(sources));
  }
}

std::vector<std::pair<std::string, std::string>> provenance_rows(const analysis::RunResult& r, Lang lang) {
  const analysis::RunSettings& s = r.settings;
  std::vector<std::pair<std::string, std::string>> rows = {
      {say(lang, "engine", "引擎"), "goalpath " + s.engine_version},
      {say(lang, "scenario", "情景"), r.scenario_id},
      {say(lang, "file", "文件"), s.scenario_file},
      {"sha256", s.scenario_sha256.empty() ? "—" : s.scenario_sha256}};
  for (std::size_t k = 1; k < s.scenario_files.size(); ++k) {
    rows.emplace_back(say(lang, "extends", "继承自"), s.scenario_files[k].first);
    rows.emplace_back("sha256", s.scenario_files[k].second.empty() ? "—" : s.scenario_files[k].second);
  }
  if (!s.merged_sha256.empty()) rows.emplace_back(say(lang, "merged sha256", "合并后 sha256"), s.merged_sha256);
  rows.emplace_back(say(lang, "seed", "随机种子"), std::to_string(s.seed));
  rows.emplace_back(say(lang, "paths", "路径数"), s.deterministic ? say(lang, "deterministic (no Monte Carlo)", "确定性预测（不抽样）")
                                                                 : std::to_string(s.paths));
  rows.emplace_back(say(lang, "threads", "线程数"), threads_text(lang, s.threads, s.processes));
  return rows;
}

std::string threads_text(Lang lang, int threads, int processes) {
  if (processes <= 1) return std::to_string(threads);
  return say(lang, std::to_string(threads) + " on each of " + std::to_string(processes) + " processes",
             std::to_string(processes) + " 个进程，每个 " + std::to_string(threads) + " 个线程");
}

Provenance run_provenance(const analysis::RunResult& r, Lang lang, std::string heading) {
  Provenance p;
  p.heading = std::move(heading);
  p.rows = provenance_rows(r, lang);
  p.command_line = r.settings.command_line;
  p.command_label = say(lang, "command", "命令");
  p.note = say(lang, "The same file, seed and paths give the same numbers whatever the number of threads.",
               "同一文件、随机种子和路径数，无论用多少线程，结果都相同。");
  return p;
}

}  // namespace goalpath::report::detail

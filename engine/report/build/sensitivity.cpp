// `goalpath sensitivity` as a Document: what was run, then per target its
// chart (tornado bars with the target line, Sobol's S1 and ST bars,
// Shapley shares, Morris's plane with every parameter without effect named)
// and its table, most influential first; what the columns mean; provenance
// last.
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "report/build/study_parts.hpp"
#include "report/sensitivity.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using analysis::SensitivityMethod;

std::string method_name(SensitivityMethod method, Lang lang) {
  switch (method) {
    case SensitivityMethod::tornado: return say(lang, "tornado", "龙卷风图");
    case SensitivityMethod::morris: return say(lang, "morris", "Morris 筛选");
    case SensitivityMethod::sobol: return say(lang, "sobol", "Sobol 指数");
    case SensitivityMethod::shapley: return say(lang, "shapley", "Shapley 效应");
  }
  return "?";
}

std::string index_text(double value, double conf) {
  if (!std::isfinite(value)) return "—";
  return std::isfinite(conf) ? fmt::format("{:.3f} ± {:.3f}", value, conf) : fmt::format("{:.3f}", value);
}

Cell index_cell(double value, double conf) {
  Cell c(index_text(value, conf));
  if (std::isfinite(value)) c.value = value;
  return c;
}

/// The output at a setting: the target's value in its unit, or (metric met)
/// the share of paths that meet it.
std::string output_text(const analysis::SensitivityReport& rep, const analysis::SensitivityResult& r, double v, Lang lang) {
  if (rep.metric == analysis::Metric::met) return percent_text(v);
  return detail::measured_text(r.ask, v, r.unit, lang);
}

/// A swing, never signed: shares and the share of paths in percentage points.
std::string swing_text(const analysis::SensitivityReport& rep, const analysis::SensitivityResult& r, double v, Lang lang) {
  if (!std::isfinite(v)) return "—";
  if (v == 0) return "0";  // exactly: the analysis reports rounding noise as 0
  std::string text;
  if (rep.metric == analysis::Metric::met) {
    text = change_text(v, "share", lang);
  } else if (r.ask.is_cagr()) {
    text = detail::measured_text(r.ask, v, r.unit, lang);
  } else if (unit_kind(r.unit) == UnitKind::share) {
    text = change_text(v, r.unit, lang);
  } else {
    text = quantity_text(v, r.unit, lang);
  }
  if (!text.empty() && text.front() == '+') text.erase(0, 1);
  return text;
}

std::string summary(const analysis::SensitivityReport& rep, Lang lang) {
  const bool zh = lang == Lang::zh;
  std::string what;
  switch (rep.method) {
    case SensitivityMethod::tornado:
      what = rep.with_shocks ? (zh ? fmt::format("龙卷风图，每个取值 {} 条路径", rep.samples)
                                   : fmt::format("tornado, each setting over {} paths", rep.samples))
                             : say(lang, "tornado", "龙卷风图");
      break;
    case SensitivityMethod::morris:
      what = zh ? fmt::format("Morris 方法，{} 条轨迹，{} 个水平", rep.samples, rep.levels)
                : fmt::format("Morris, {} trajectories on {} levels", rep.samples, rep.levels);
      break;
    case SensitivityMethod::sobol:
      what = zh ? fmt::format("Sobol 方法，{} 个基础样本", rep.samples) : fmt::format("Sobol, {} base samples", rep.samples);
      break;
    case SensitivityMethod::shapley:
      what = zh ? fmt::format("Shapley 方法，{} 次随机排列", rep.samples)
                : fmt::format("Shapley, {} permutations", rep.samples);
      break;
  }
  const std::string metric =
      rep.metric == analysis::Metric::value
          ? say(lang, "value", "目标取值")
          : rep.with_shocks && rep.method == SensitivityMethod::tornado
                ? say(lang, "met (the share of the paths that meet the target)", "是否达标（达标路径的比例）")
                : say(lang, "met (1 when the target is met, else 0)", "是否达标（达标为 1，否则为 0）");
  if (zh) {
    return fmt::format("{}；衡量指标：{}；模型运行 {} 次；冲击{}；随机种子 {}。", what, metric, rep.evaluations,
                       rep.with_shocks ? "随机抽取（比较的各点共用同一组冲击）" : "取 0", rep.info.seed);
  }
  return fmt::format("{}; metric {}; {} model runs; shocks {}; seed {}.", what, metric, rep.evaluations,
                     rep.with_shocks ? "drawn (common to the points compared)" : "at 0", rep.info.seed);
}

std::string explanation(SensitivityMethod method, Lang lang) {
  switch (method) {
    case SensitivityMethod::tornado:
      return say(lang,
                 "low/high: the parameter fixed at its 10th and 90th percentiles (value ± 10% for one without "
                 "uncertainty, when such parameters are included), the parameters correlated with it at their "
                 "conditional medians, the others at their values; swing: |output at high - output at low|.",
                 "低值/高值：该参数固定在其第 10 和第 90 百分位（纳入无不确定性的参数时，取设定值 ± 10%），与之相关的参数"
                 "取条件中位数，其余参数取设定值；摆幅：|高值时的结果 − 低值时的结果|。");
    case SensitivityMethod::morris:
      return say(lang,
                 "μ*: mean absolute change in the output when the parameter moves across its distribution (per unit of "
                 "quantile level, 0.5% to 99.5%); μ: the same with signs; σ: spread of the changes (large: "
                 "interactions or curvature).",
                 "μ*：参数在其分布范围内变动时结果变化的平均绝对值（按分位水平 0.5% 至 99.5% 计）；μ：带符号的同一量；"
                 "σ：变化的离散程度（较大说明存在交互作用或非线性）。");
    case SensitivityMethod::sobol:
      return say(lang,
                 "S1: share of the output's variance due to the parameter alone; ST: including its interactions; ± "
                 "half-width of the 95% bootstrap interval.",
                 "S1：结果方差中由该参数单独解释的份额；ST：含其交互作用的份额；± 为 95% 自助法区间的半宽。");
    case SensitivityMethod::shapley:
      return say(lang,
                 "Shapley share: the parameter's share of the output's variance, its correlations with the others "
                 "included (the shares sum to 1); ± half-width of the 95% interval from the standard error.",
                 "Shapley 份额：该参数在结果方差中所占的份额，已计入其与其他参数的相关性（各份额之和为 1）；± 为由标准误"
                 "得到的 95% 区间的半宽。");
  }
  return "";
}

TornadoData tornado_chart(const analysis::SensitivityReport& rep, const analysis::SensitivityResult& r, Lang lang) {
  TornadoData d;
  d.title = say(lang, "Tornado: ", "龙卷风图：") + r.target;
  d.unit = r.unit;
  d.target = r.target;
  d.baseline = r.baseline;
  d.percent = rep.metric == analysis::Metric::met;
  d.lang = lang;
  for (const auto& p : r.parameters) d.bars.push_back({p.name, p.low, p.high, p.output_low, p.output_high});
  if (rep.metric == analysis::Metric::value) {
    // The output is the target's measured value, so its threshold is on the same axis.
    d.target_value = r.ask.threshold;
    d.target_label = say(lang, "target ", "目标 ") + detail::ask_text(r.ask, r.unit, detail::AskWords::bound, lang);
  }
  return d;
}

IntervalBarsData sobol_chart(const analysis::SensitivityResult& r, Lang lang) {
  IntervalBarsData d;
  d.css_class = "sobol-bars";
  d.bar_class = "sobol-bar";
  d.target = r.target;
  d.title = say(lang, "Sobol indices: ", "Sobol 指数：") + r.target;
  d.series = {{say(lang, "S1 (alone)", "S1（单独作用）"), "#56B4E9"}, {say(lang, "ST (with interactions)", "ST（含交互作用）"), "#0072B2"}};
  d.min_high = 1;
  d.caption = say(lang, "whiskers: 95% bootstrap intervals", "须线：95% 自助法区间");
  d.lang = lang;
  for (const auto& p : r.parameters) {
    d.bars.push_back({p.name, {p.S1, p.ST}, {p.S1_conf, p.ST_conf},
                      fmt::format("{}: S1 {}, ST {}", p.name, index_text(p.S1, p.S1_conf), index_text(p.ST, p.ST_conf))});
  }
  return d;
}

IntervalBarsData shapley_chart(const analysis::SensitivityResult& r, Lang lang) {
  IntervalBarsData d;
  d.css_class = "shapley-bars";
  d.bar_class = "shapley-bar";
  d.target = r.target;
  d.title = say(lang, "Shapley effects: ", "Shapley 效应：") + r.target;
  d.series = {{say(lang, "Shapley share", "Shapley 份额"), "#0072B2"}};
  d.min_high = 0.25;
  d.max_high = 1;
  d.caption = say(lang, "share of the output's variance, correlations included (the shares sum to 1); whiskers: 95% intervals",
                  "结果方差中的份额，已计入相关性（各份额之和为 1）；须线：95% 区间");
  d.lang = lang;
  for (const auto& p : r.parameters) {
    d.bars.push_back({p.name, {p.shapley}, {p.shapley_conf},
                      fmt::format("{}: Shapley {}", p.name, index_text(p.shapley, p.shapley_conf))});
  }
  return d;
}

std::string no_effect_label(Lang lang) { return say(lang, "no effect (μ* = σ = 0)", "无影响（μ* = σ = 0）"); }

MorrisPlaneData morris_chart(const analysis::SensitivityResult& r, Lang lang) {
  MorrisPlaneData d;
  d.target = r.target;
  d.title = say(lang, "Morris μ* and σ: ", "Morris μ* 与 σ：") + r.target;
  d.x_name = say(lang, "μ* (mean absolute effect", "μ*（平均绝对效应") + (r.unit.empty() ? "" : ", " + r.unit) +
             say(lang, ")", "）");
  d.y_name = say(lang, "σ (spread of effects); dashed: σ = μ*", "σ（效应的离散程度）；虚线：σ = μ*");
  d.no_effect = r.no_effect;
  d.no_effect_label = no_effect_label(lang);
  d.lang = lang;
  for (const auto& p : r.parameters) {
    if (p.mu_star == 0 && p.sigma == 0) continue;  // named in no_effect
    d.points.push_back({p.name, p.mu_star, p.sigma});
  }
  return d;
}

Table parameter_table(const analysis::SensitivityReport& rep, const analysis::SensitivityResult& r, Lang lang) {
  Table t;
  t.css_class = "sensitivity";
  const std::string parameter = say(lang, "parameter", "参数"), distribution = say(lang, "distribution", "分布");
  auto number = [](double v) { return !std::isfinite(v) ? Cell("—") : v == 0 ? Cell("0", v) : Cell(number_text(v), v); };
  switch (rep.method) {
    case SensitivityMethod::tornado:
      t.columns = {parameter,
                   say(lang, "low", "低值"),
                   say(lang, "high", "高值"),
                   say(lang, "output at low", "低值时的结果"),
                   say(lang, "output at high", "高值时的结果"),
                   say(lang, "swing", "摆幅")};
      for (const auto& p : r.parameters) {
        t.rows.push_back({p.name, number(p.low), number(p.high), Cell(output_text(rep, r, p.output_low, lang), p.output_low),
                          Cell(output_text(rep, r, p.output_high, lang), p.output_high),
                          Cell(swing_text(rep, r, p.swing, lang), p.swing)});
      }
      break;
    case SensitivityMethod::morris:
      t.columns = {parameter, "μ*", "μ", "σ", distribution};
      for (const auto& p : r.parameters) {
        t.rows.push_back({p.name, number(p.mu_star), number(p.mu), number(p.sigma), p.distribution});
      }
      break;
    case SensitivityMethod::sobol:
      t.columns = {parameter, say(lang, "S1 (first order)", "S1（一阶）"), say(lang, "ST (total)", "ST（总效应）"), distribution};
      for (const auto& p : r.parameters) {
        t.rows.push_back({p.name, index_cell(p.S1, p.S1_conf), index_cell(p.ST, p.ST_conf), p.distribution});
      }
      break;
    case SensitivityMethod::shapley:
      t.columns = {parameter, say(lang, "Shapley share", "Shapley 份额"), distribution};
      for (const auto& p : r.parameters) t.rows.push_back({p.name, index_cell(p.shapley, p.shapley_conf), p.distribution});
      break;
  }
  t.align.assign(t.columns.size(), Align::right);
  t.align.front() = Align::left;
  if (rep.method != SensitivityMethod::tornado) t.align.back() = Align::left;
  return t;
}

void add_target(Document& doc, const analysis::SensitivityReport& rep, const analysis::SensitivityResult& r, Lang lang) {
  doc.add(Heading{2, r.label.empty() ? r.target : r.target + " — " + r.label, "target-" + r.target});
  doc.add(Paragraph{say(lang, "Target: ", "目标：") + detail::target_ask_line(r.ask, r.unit, lang),
                    Paragraph::Style::note});
  switch (rep.method) {
    case SensitivityMethod::tornado:
      doc.add(Paragraph{say(lang, "baseline (every parameter at its value): ", "基准（各参数取设定值）：") +
                        output_text(rep, r, r.baseline, lang)});
      break;
    case SensitivityMethod::morris: break;
    case SensitivityMethod::sobol:
    case SensitivityMethod::shapley:
      doc.add(Paragraph{say(lang, "output variance: ", "结果方差：") + number_text(r.output_variance)});
      break;
  }
  if (!r.warning.empty()) doc.add(Warnings{{r.warning}});
  switch (rep.method) {
    case SensitivityMethod::tornado: doc.add(tornado_chart(rep, r, lang)); break;
    case SensitivityMethod::morris: doc.add(morris_chart(r, lang)); break;
    case SensitivityMethod::sobol: doc.add(sobol_chart(r, lang)); break;
    case SensitivityMethod::shapley: doc.add(shapley_chart(r, lang)); break;
  }
  doc.add(parameter_table(rep, r, lang));
  if (rep.method == SensitivityMethod::morris && !r.no_effect.empty()) {
    // Every one of them, however many: a list cut short hides which assumptions do not matter.
    std::string names;
    for (const auto& name : r.no_effect) names += (names.empty() ? "" : say(lang, ", ", "、")) + name;
    doc.add(Paragraph{no_effect_label(lang) + say(lang, ": ", "：") + names, Paragraph::Style::note, "no-effect"});
  }
}

}  // namespace

Document build_sensitivity_document(const analysis::SensitivityReport& rep, Lang lang) {
  Document doc;
  doc.lang = lang;
  doc.title = say(lang, "Sensitivity (", "敏感性分析（") + method_name(rep.method, lang) + say(lang, "): ", "）：") +
              detail::study_name(rep.info);
  doc.subtitle = detail::study_subtitle(rep.info);
  doc.add(Paragraph{summary(rep, lang)});
  if (!rep.warning.empty()) doc.add(Warnings{{rep.warning}});
  for (const auto& r : rep.results) add_target(doc, rep, r, lang);
  doc.add(Paragraph{explanation(rep.method, lang), Paragraph::Style::note});
  doc.add(detail::study_provenance(rep.info,
                                   {{say(lang, "method", "方法"), analysis::to_string(rep.method)},
                                    {say(lang, "metric", "衡量指标"), analysis::to_string(rep.metric)},
                                    {say(lang, "samples", "样本数"), std::to_string(rep.samples)}},
                                   true, lang));
  return doc;
}

std::string sensitivity_table(const analysis::SensitivityReport& result, Lang lang) { return render_text(build_sensitivity_document(result, lang)); }
std::string sensitivity_markdown(const analysis::SensitivityReport& result, Lang lang) { return render_markdown(build_sensitivity_document(result, lang)); }
std::string sensitivity_html(const analysis::SensitivityReport& result, Lang lang) { return render_html(build_sensitivity_document(result, lang)); }

std::string sensitivity_report(const analysis::SensitivityReport& result, Format format, Lang lang) {
  switch (format) {
    case Format::table: return sensitivity_table(result, lang);
    case Format::json: return sensitivity_to_json(result).dump(2) + "\n";
    case Format::csv: return sensitivity_csv(result);
    case Format::md: return sensitivity_markdown(result, lang);
    case Format::html: return sensitivity_html(result, lang);
  }
  throw std::invalid_argument("sensitivity: unknown format");
}

}  // namespace goalpath::report

// `goalpath calibrate` for people (md, html): an indicator's growth from its
// history, and with --bands every shock sized on the rolling backtest's
// errors: coverage before and after, each shock's assumed and calibrated sd,
// the coverage chart, the warnings, the provenance last. The YAML that
// `--format table` writes is the scenario text (report/data/).
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "report/build/history_parts.hpp"
#include "report/calibrate.hpp"
#include "report/document.hpp"

namespace goalpath::report {

namespace {

std::string signed_percent(double fraction, int decimals = 2) {
  if (!std::isfinite(fraction)) return "—";
  return fmt::format("{:+.{}f}%", 100.0 * fraction, decimals);
}

Cell sd_cell(double sd) { return {std::isfinite(sd) ? fmt::format("{:.4g}", sd) : "—", sd}; }

// ---- calibrate --bands ----------------------------------------------------------

std::string horizons_words(const analysis::RollingSettings& s, Lang lang) {
  if (s.max_horizon) {
    return lang == Lang::zh ? fmt::format("预测步长最长{}年", s.max_horizon)
                            : fmt::format("horizons up to {} years", s.max_horizon);
  }
  return say(lang, "horizons as far as the history goes", "预测步长以历史数据所及为限");
}

std::string held(const analysis::RollingCoverage& c, bool fifty, Lang lang) {
  const int inside = fifty ? c.inside_50 : c.inside_90;
  const double share = fifty ? c.coverage_50 : c.coverage_90;
  return lang == Lang::zh ? fmt::format("{}个点中{}个（{}）", c.points, inside, percent_text(share))
                          : fmt::format("{} of {} points ({})", inside, c.points, percent_text(share));
}

std::string bands_answer(const analysis::BandsCalibration& r, Lang lang) {
  const auto &before = r.before.overall, &after = r.after.overall;
  if (r.errors == 0) {
    return lang == Lang::zh
               ? fmt::format("没有可校准的冲击（见下表各冲击的说明）。按原假设，90%区间覆盖了{}。",
                             held(before, false, lang))
               : fmt::format("No shock could be calibrated (see each shock's note below). With the shocks as given "
                             "the 90% band held {}.",
                             held(before, false, lang));
  }
  if (lang == Lang::zh) {
    return fmt::format("基于{}个预测误差校准：90%区间的覆盖由{}变为{}；50%区间由{}变为{}。", r.errors,
                       held(before, false, lang), held(after, false, lang), held(before, true, lang),
                       held(after, true, lang));
  }
  return fmt::format("Calibrated on {} forecast errors: the 90% band held {} with the shocks as given and {} "
                     "calibrated; the 50% band {} and {}.",
                     r.errors, held(before, false, lang), held(after, false, lang), held(before, true, lang),
                     held(after, true, lang));
}

Table coverage_table(const analysis::BandsCalibration& r, Lang lang) {
  Table t;
  t.css_class = "bands-coverage";
  t.columns = {say(lang, "shocks", "冲击"),
               say(lang, "points", "点数"),
               say(lang, "inside p25–p75", "落在 p25–p75 内"),
               say(lang, "p (vs 50%)", "p 值（对50%）"),
               say(lang, "inside p05–p95", "落在 p05–p95 内"),
               say(lang, "p (vs 90%)", "p 值（对90%）")};
  t.align.assign(t.columns.size(), Align::right);
  t.align.front() = Align::left;
  auto row = [&](std::string name, const analysis::RollingCoverage& c) {
    t.rows.push_back({Cell(std::move(name)), Cell(std::to_string(c.points), c.points),
                      detail::inside_cell(c.inside_50, c.points, c.coverage_50, lang), detail::p_value_cell(c.coverage_50_p),
                      detail::inside_cell(c.inside_90, c.points, c.coverage_90, lang),
                      detail::p_value_cell(c.coverage_90_p)});
  };
  row(say(lang, "as given", "按原假设"), r.before.overall);
  row(say(lang, "calibrated", "校准后"), r.after.overall);
  t.footnotes.push_back(say(lang,
                            "p: the exact binomial p-value against the nominal 50% and 90% (points from overlapping "
                            "origins are correlated beyond horizon 1).",
                            "p 值：相对名义50%与90%的精确二项检验（起点重叠，步长大于1年的观测点彼此相关）。"));
  return t;
}

Table shocks_table(const analysis::BandsCalibration& r, Lang lang) {
  Table t;
  t.css_class = "bands-shocks";
  t.columns = {say(lang, "shock", "冲击"),
               say(lang, "indicators", "所用指标"),
               say(lang, "assumed sd", "假设标准差"),
               say(lang, "calibrated sd", "校准标准差"),
               say(lang, "SE", "标准误"),
               say(lang, "errors", "误差个数"),
               say(lang, "bias per year", "年均偏差"),
               say(lang, "note", "说明")};
  t.align.assign(t.columns.size(), Align::right);
  t.align[0] = t.align[1] = t.align.back() = Align::left;
  for (const auto& c : r.shocks) {
    std::string names;
    for (const auto& n : c.indicators) names += (names.empty() ? "" : ", ") + n;
    Cell calibrated = c.calibrated ? sd_cell(c.sd) : Cell(say(lang, "kept", "保持不变"));
    if (c.calibrated) calibrated.note = lang == Lang::zh ? fmt::format("×{:.2f}", c.scale) : fmt::format("×{:.2f}", c.scale);
    Cell se = c.calibrated ? Cell(fmt::format("{:.2g}", c.sd_se), c.sd_se) : Cell("—");
    const bool has_bias = static_cast<int>(c.errors.size()) >= analysis::kMinBandErrors;
    Cell bias = has_bias ? Cell(signed_percent(c.bias_per_year), c.bias_per_year) : Cell("—");
    if (c.bias_flagged) {
      bias.status = analysis::Status::at_risk;
      bias.note = say(lang, "flagged", "偏差显著");
    }
    const int errors = static_cast<int>(c.errors.size());
    t.rows.push_back({Cell(c.name), Cell(names.empty() ? "—" : names), sd_cell(c.sd_given), std::move(calibrated),
                      std::move(se), Cell(std::to_string(errors), errors), std::move(bias), Cell(c.note)});
  }
  t.footnotes.push_back(say(
      lang,
      "Each shock's sd is scaled by maximum likelihood on the errors of successive observed years of the indicators "
      "that grow by it alone (its ar kept); a shock with fewer than 3 errors keeps its assumed sd. Bias per year: "
      "the log errors' sum over the horizons' (> 0: projections above history).",
      "每个冲击的标准差按最大似然法，由仅受该冲击驱动的指标在相邻观测年份的预测误差进行缩放（自相关系数不变）；误差少于3个的"
      "冲击保持原假设。年均偏差：对数误差之和除以预测步长之和（大于0表示预测高于实际）。"));
  return t;
}

// ---- calibrate --indicator ---------------------------------------------------------

std::string window(const analysis::Calibration& c) {
  if (c.years.empty()) return fmt::format("{}–{}", c.from_year, c.to_year);
  return fmt::format("{}–{}", c.years.front(), c.years.back());
}

}  // namespace

Document build_bands_document(const analysis::BandsCalibration& r, Lang lang) {
  Document doc;
  doc.lang = lang;
  const std::string name = r.info.title.empty() ? r.info.scenario_id : r.info.title;
  doc.title = lang == Lang::zh ? fmt::format("{}（{}）冲击幅度校准", name, r.info.scenario_id)
                               : fmt::format("Band calibration of {} ({})", name, r.info.scenario_id);
  const std::string origins = detail::origins_text(r.before.origins, lang);
  doc.subtitle = lang == Lang::zh
                     ? fmt::format("滚动起点 {}，{}；{}条路径，随机种子 {}", origins,
                                   horizons_words(r.before.settings, lang), r.paths, r.info.seed)
                     : fmt::format("rolling origins {}, {}; {} paths, seed {}", origins,
                                   horizons_words(r.before.settings, lang), r.paths, r.info.seed);
  doc.add(Paragraph{bands_answer(r, lang), Paragraph::Style::emphasis, "answer"});
  doc.add(Heading{2, say(lang, "Coverage before and after", "校准前后的区间覆盖率"), "coverage"});
  doc.add(coverage_table(r, lang));
  doc.add(detail::coverage_chart(r.before, &r.after, lang));
  doc.add(Heading{2, say(lang, "Shocks", "冲击"), "shocks"});
  doc.add(shocks_table(r, lang));
  if (!r.warnings.empty()) doc.add(Warnings{r.warnings});
  doc.add(detail::study_provenance(r.info, {{say(lang, "paths", "路径数"), std::to_string(r.paths)}}, lang));
  return doc;
}

Document build_calibration_document(const analysis::Calibration& c, Lang lang) {
  Document doc;
  doc.lang = lang;
  const std::string about = c.label.empty() ? c.indicator
                                           : c.label + (lang == Lang::zh ? "（" + c.indicator + "）"
                                                                         : " (" + c.indicator + ")");
  doc.title = lang == Lang::zh ? fmt::format("{}：基于历史数据的增长校准", about)
                               : fmt::format("Growth of {} from its history", about);
  doc.subtitle = lang == Lang::zh ? fmt::format("{}，{}个同比增长观测值", window(c), c.n)
                                  : fmt::format("{}: {} year-on-year growth observations", window(c), c.n);
  doc.add(Paragraph{
      lang == Lang::zh
          ? fmt::format("{}年均复合增长率（{}年）：{}；同比增长均值 {}，标准差 {}；趋势的不确定性（标准差 / √{}）：{}。",
                        window(c), c.span_years, signed_percent(c.cagr), signed_percent(c.mean),
                        percent_text(c.sd, 2), c.span_years, percent_text(c.se, 2))
          : fmt::format("Compound annual growth {} ({} years): {}; year-on-year growth mean {}, sd {}; the trend's "
                        "uncertainty (sd / √{}): {}.",
                        window(c), c.span_years, signed_percent(c.cagr), signed_percent(c.mean),
                        percent_text(c.sd, 2), c.span_years, percent_text(c.se, 2)),
      Paragraph::Style::emphasis, "answer"});
  if (!c.warning.empty()) doc.add(Warnings{{c.warning}});

  doc.add(Heading{2, say(lang, "History", "历史数据"), "history"});
  Table h;
  h.css_class = "calibration-history";
  h.columns = {say(lang, "year", "年份"), say(lang, "observed", "实际值"), say(lang, "growth", "同比增长")};
  h.align = {Align::left, Align::right, Align::right};
  for (std::size_t k = 0; k < c.years.size(); ++k) {
    Cell growth("—");
    for (std::size_t g = 0; g < c.growth_years.size(); ++g) {
      if (c.growth_years[g] == c.years[k]) growth = Cell(signed_percent(c.growth[g]), c.growth[g]);
    }
    h.rows.push_back({Cell(std::to_string(c.years[k]), c.years[k]),
                      Cell(quantity_text(c.values[k], c.unit, lang), c.values[k]), std::move(growth)});
  }
  doc.add(std::move(h));

  doc.add(Heading{2, say(lang, "In the scenario", "写入情景"), "scenario"});
  const std::string param = c.indicator + "_growth", shock = c.indicator + "_shock";
  Table s;
  s.css_class = "calibration-values";
  s.columns = {say(lang, "name", "名称"), say(lang, "what", "含义"), say(lang, "value", "取值"),
               say(lang, "sd", "标准差")};
  s.align = {Align::left, Align::left, Align::right, Align::right};
  s.rows.push_back({Cell(param),
                    Cell(say(lang, "parameter: the trend, drawn once per path", "参数：趋势增长率，每条路径抽取一次")),
                    Cell(fmt::format("{:.4g}", c.cagr), c.cagr),
                    c.se > 0 ? Cell(fmt::format("{:.4g}", c.se), c.se) : Cell(say(lang, "none", "无"))});
  s.rows.push_back({Cell(shock), Cell(say(lang, "shock: the year-to-year spread, drawn every year",
                                          "冲击：逐年波动，每年抽取一次")),
                    Cell("—"), Cell(fmt::format("{:.4g}", c.sd), c.sd)});
  s.footnotes.push_back(lang == Lang::zh
                            ? fmt::format("增长规则：growth: \"{} + {}\"。参数的标准差是趋势的不确定性（标准差 / √{}年）。",
                                          param, shock, c.span_years)
                            : fmt::format("Rule: growth: \"{} + {}\". The parameter's sd is how well the trend is "
                                          "known (sd / √{} years).",
                                          param, shock, c.span_years));
  doc.add(std::move(s));
  return doc;
}

// The writers: the scenario text or the numbers (report/data/), or the
// document rendered for people.
std::string calibration_report(const analysis::Calibration& c, Format format, Lang lang) {
  switch (format) {
    case Format::table: return calibration_yaml(c);
    case Format::json: return calibration_to_json(c).dump(2) + "\n";
    case Format::md: return render_markdown(build_calibration_document(c, lang));
    case Format::html: return render_html(build_calibration_document(c, lang));
    case Format::csv: break;
  }
  throw std::invalid_argument(std::string("a calibration has no ") + to_string(format) + " report");
}

std::string bands_report(const analysis::BandsCalibration& r, Format format, const std::string& extends, Lang lang) {
  switch (format) {
    case Format::table: return bands_yaml(r, extends);
    case Format::json: return bands_to_json(r).dump(2) + "\n";
    case Format::md: return render_markdown(build_bands_document(r, lang));
    case Format::html: return render_html(build_bands_document(r, lang));
    case Format::csv: break;
  }
  throw std::invalid_argument(std::string("a band calibration has no ") + to_string(format) + " report");
}

}  // namespace goalpath::report

// `goalpath backtest --rolling` as a Document: how often the bands held in
// every origin's backtest (the answer), coverage by horizon and the PIT
// histogram (charts), the horizons' table, the origins skipped and the
// indicators not compared, the legend, and the provenance last.
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "report/build/history_parts.hpp"
#include "report/document.hpp"
#include "report/rolling.hpp"

namespace goalpath::report {

namespace {

Cell fixed(double value) { return {std::isfinite(value) ? fmt::format("{:.4f}", value) : "—", value}; }

std::string subtitle(const analysis::RollingResult& r, Lang lang) {
  const std::size_t n = r.origins.size();
  std::string span = n == 0 ? "" : (lang == Lang::zh ? "（" : " (") + detail::origins_text(r.origins, lang) +
                                       (lang == Lang::zh ? "）" : ")");
  if (lang == Lang::zh) {
    return fmt::format("滚动起点：{}个{}，跳过{}个；{}条路径，随机种子 {}", n, span, r.skipped.size(), r.paths,
                       r.info.seed);
  }
  return fmt::format("rolling origins: {} origin{}{}, {} skipped; {} paths, seed {}", n, n == 1 ? "" : "s", span,
                     r.skipped.size(), r.paths, r.info.seed);
}

std::string answer(const analysis::RollingResult& r, Lang lang) {
  const auto& c = r.overall;
  if (lang == Lang::zh) {
    return fmt::format("{}个观测点中，{}落在 p25–p75 区间内（相对名义50%的 p 值 {:.3g}），{}落在 p05–p95 区间内（相对名义90%的 "
                       "p 值 {:.3g}）。",
                       c.points, percent_text(c.coverage_50), c.coverage_50_p, percent_text(c.coverage_90),
                       c.coverage_90_p);
  }
  return fmt::format("{} points: {} inside p25–p75 (p = {:.3g} against 50%), {} inside p05–p95 (p = {:.3g} against "
                     "90%).",
                     c.points, percent_text(c.coverage_50), c.coverage_50_p, percent_text(c.coverage_90),
                     c.coverage_90_p);
}

Table horizons_table(const analysis::RollingResult& r, Lang lang) {
  Table t;
  t.css_class = "rolling";
  t.columns = {say(lang, "horizon", "预测步长"),     say(lang, "points", "点数"),
               say(lang, "bias", "偏差"),            "RMSE",
               say(lang, "in 50% band", "在50%区间内"), say(lang, "p (vs 50%)", "p 值（对50%）"),
               say(lang, "in 90% band", "在90%区间内"), say(lang, "p (vs 90%)", "p 值（对90%）")};
  t.align.assign(t.columns.size(), Align::right);
  t.align.front() = Align::left;
  auto add = [&t](Cell name, const analysis::RollingCoverage& c, double bias, double rmse) {
    t.rows.push_back({std::move(name), Cell(std::to_string(c.points), c.points), fixed(bias), fixed(rmse),
                      Cell(percent_text(c.coverage_50), c.coverage_50), detail::p_value_cell(c.coverage_50_p),
                      Cell(percent_text(c.coverage_90), c.coverage_90), detail::p_value_cell(c.coverage_90_p)});
  };
  for (const auto& h : r.horizons) add(Cell(std::to_string(h.horizon), h.horizon), h, h.bias, h.rmse);
  add(Cell(say(lang, "all", "合计")), r.overall, std::nan(""), std::nan(""));
  t.footnotes.push_back(say(
      lang,
      "bias, RMSE: mean and root mean square of log(projected / observed); in band: share of points inside p25–p75 "
      "and p05–p95, with the exact binomial p-value against 50% and 90% (points from overlapping origins are "
      "correlated beyond horizon 1).",
      "偏差、RMSE：log(预测值 / 实际值) 的均值与均方根；在区间内：落在 p25–p75 与 p05–p95 区间内的观测点比例，p 值为相对 "
      "50% 与 90% 的精确二项检验（起点重叠，步长大于1年的观测点彼此相关）。"));
  return t;
}

std::string pit_line(const analysis::RollingCoverage& c, Lang lang) {
  std::string out = say(lang, "PIT histogram (tenths, 0–0.1 first):", "PIT直方图（十等分，从0–0.1起）：");
  for (int n : c.pit) {
    out += ' ';
    out += std::to_string(n);
  }
  return out;
}

Warnings notes(const analysis::RollingResult& r, Lang lang) {
  Warnings w;
  for (const auto& s : r.skipped) {
    w.items.push_back(lang == Lang::zh ? fmt::format("跳过起点{}年：{}", s.year, s.reason)
                                       : fmt::format("skipped origin {}: {}", s.year, s.reason));
  }
  for (const auto& d : r.dropped) {
    w.items.push_back(lang == Lang::zh ? fmt::format("自{}年起未比较：{}（{}）", d.year, d.indicator, d.reason)
                                       : fmt::format("not compared from {}: {} ({})", d.year, d.indicator, d.reason));
  }
  if (r.nonfinite_paths > 0) {
    w.items.push_back(lang == Lang::zh
                          ? fmt::format("{}个路径-起点组合产生了非数值结果，已剔除。", r.nonfinite_paths)
                          : fmt::format("{} path-origins produced a value that is not a number; they are left out.",
                                        r.nonfinite_paths));
  }
  return w;
}

}  // namespace

Document build_rolling_document(const analysis::RollingResult& r, Lang lang) {
  Document doc;
  doc.lang = lang;
  const std::string name = r.info.title.empty() ? r.info.scenario_id : r.info.title;
  doc.title = lang == Lang::zh ? fmt::format("{}（{}）滚动回测", name, r.info.scenario_id)
                               : fmt::format("Rolling backtest of {} ({})", name, r.info.scenario_id);
  doc.subtitle = subtitle(r, lang);
  doc.add(Paragraph{answer(r, lang), Paragraph::Style::emphasis, "coverage"});
  doc.add(detail::coverage_chart(r, nullptr, lang));
  doc.add(detail::pit_chart(r.overall, lang));
  doc.add(Heading{2, say(lang, "By horizon", "分预测步长"), "horizons"});
  doc.add(horizons_table(r, lang));
  doc.add(Paragraph{pit_line(r.overall, lang), Paragraph::Style::normal, "pit"});
  if (Warnings w = notes(r, lang); !w.items.empty()) doc.add(std::move(w));
  doc.add(detail::study_provenance(r.info, {{say(lang, "paths", "路径数"), std::to_string(r.paths)}}, lang));
  return doc;
}

// The writers: the document rendered, or the data (report/data/).
std::string rolling_table(const analysis::RollingResult& r, Lang lang) {
  return render_text(build_rolling_document(r, lang));
}
std::string rolling_markdown(const analysis::RollingResult& r, Lang lang) {
  return render_markdown(build_rolling_document(r, lang));
}
std::string rolling_html(const analysis::RollingResult& r, Lang lang) {
  return render_html(build_rolling_document(r, lang));
}

std::string rolling_report(const analysis::RollingResult& r, Format format, Lang lang) {
  switch (format) {
    case Format::table: return rolling_table(r, lang);
    case Format::json: return rolling_to_json(r).dump(2) + "\n";
    case Format::csv: return rolling_csv(r);
    case Format::md: return rolling_markdown(r, lang);
    case Format::html: return rolling_html(r, lang);
  }
  throw std::invalid_argument("unknown format");
}

}  // namespace goalpath::report

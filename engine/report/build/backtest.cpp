// `goalpath backtest --from YEAR` as a Document: the scores first, then
// every compared point (observed, projected, its band) with a chart of the
// projection against what was observed per indicator, each indicator's
// scores and how it was restarted, the caveats, and the provenance last.
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "report/backtest.hpp"
#include "report/build/history_parts.hpp"
#include "report/document.hpp"

namespace goalpath::report {

namespace {

std::string signed_percent(double fraction) {
  if (!std::isfinite(fraction)) return "—";
  return fmt::format("{:+.1f}%", 100.0 * fraction);
}

Cell quantity(double value, const std::string& unit, Lang lang) { return {quantity_text(value, unit, lang), value}; }

std::string run_words(const analysis::BacktestResult& r, Lang lang) {
  if (r.deterministic) return say(lang, "deterministic projection", "确定性预测");
  return lang == Lang::zh ? fmt::format("{}条路径，随机种子 {}", r.paths, r.seed)
                          : fmt::format("{} paths, seed {}", r.paths, r.seed);
}

std::string subtitle(const analysis::BacktestResult& r, Lang lang) {
  if (lang == Lang::zh) {
    return fmt::format("以{}年的历史数据重新起算（情景基期为{}年），预测至{}年；{}", r.from_year, r.original_base_year,
                       r.last_year, run_words(r, lang));
  }
  return fmt::format("restarted in {} from history (the scenario's base year is {}), projected to {}; {}", r.from_year,
                     r.original_base_year, r.last_year, run_words(r, lang));
}

std::string scores(const analysis::BacktestResult& r, Lang lang) {
  if (lang == Lang::zh) {
    std::string out = fmt::format("预测与实际值的平均绝对百分比误差（MAPE）：{}，共{}个点", percent_text(r.mape),
                                  r.mape_points);
    if (r.coverage_90) {
      out += fmt::format("；落在 p05–p95 区间内：{}/{}（{}）", r.inside_90, r.points, percent_text(*r.coverage_90));
    }
    return out + "。";
  }
  std::string out =
      fmt::format("MAPE (projection vs observed): {} over {} points", percent_text(r.mape), r.mape_points);
  if (r.coverage_90) {
    out += fmt::format("; inside the p05–p95 band: {}/{} ({})", r.inside_90, r.points, percent_text(*r.coverage_90));
  }
  return out + ".";
}

Table points_table(const analysis::BacktestResult& r, Lang lang) {
  Table t;
  t.css_class = "backtest-points";
  t.columns = {say(lang, "indicator", "指标"), say(lang, "year", "年份"), say(lang, "observed", "实际值"),
               say(lang, "projected", "预测值"), say(lang, "error", "误差")};
  if (!r.deterministic) {
    t.columns.insert(t.columns.end(),
                     {"p05 – p95", "p50", say(lang, "in 90% band", "在90%区间内")});
  }
  t.align.assign(t.columns.size(), Align::right);
  t.align[0] = Align::left;
  if (!r.deterministic) t.align.back() = Align::left;
  for (const auto& s : r.indicators) {
    for (std::size_t k = 0; k < s.years.size(); ++k) {
      std::vector<Cell> row = {Cell(s.name), Cell(std::to_string(s.years[k]), s.years[k]),
                               quantity(s.observed[k], s.unit, lang), quantity(s.deterministic[k], s.unit, lang),
                               Cell(signed_percent(s.error[k]), s.error[k])};
      if (!r.deterministic) {
        row.push_back(Cell(quantity_text(s.p05[k], s.unit, lang) + " – " + quantity_text(s.p95[k], s.unit, lang)));
        row.push_back(quantity(s.p50[k], s.unit, lang));
        Cell inside(s.in_band[k] ? say(lang, "yes", "是") : say(lang, "no", "否"), s.in_band[k] ? 1.0 : 0.0);
        inside.status = s.in_band[k] ? analysis::Status::on_track : analysis::Status::off_track;
        row.push_back(std::move(inside));
      }
      t.rows.push_back(std::move(row));
    }
  }
  t.footnotes.push_back(say(lang, "error: (projected - observed) / observed; MAPE: mean of |error| over the points.",
                            "误差：（预测值 - 实际值）/ 实际值；MAPE：各点误差绝对值的平均。"));
  return t;
}

std::string start_text(const analysis::BacktestSeries& s, Lang lang) {
  std::string out;
  switch (s.start) {
    case analysis::BacktestStart::history:
      out = say(lang, "observed ", "实际值 ") + quantity_text(s.start_value, s.unit, lang);
      break;
    case analysis::BacktestStart::derived:
      out = say(lang, "by its value rule: ", "按其取值规则：") + quantity_text(s.start_value, s.unit, lang);
      break;
    case analysis::BacktestStart::expression:
      out = say(lang, "base '", "基期表达式 '") + s.base_expression + "' = " + quantity_text(s.start_value, s.unit, lang);
      break;
  }
  if (s.start != analysis::BacktestStart::history && s.observed_start) {
    out += lang == Lang::zh ? "（实际值 " + quantity_text(*s.observed_start, s.unit, lang) + "）"
                            : " (observed " + quantity_text(*s.observed_start, s.unit, lang) + ")";
  }
  return out;
}

Table indicators_table(const analysis::BacktestResult& r, Lang lang) {
  Table t;
  t.css_class = "backtest-indicators";
  t.columns = {say(lang, "indicator", "指标"), say(lang, "points", "点数"), "MAPE"};
  if (!r.deterministic) t.columns.push_back(say(lang, "in 90% band", "在90%区间内"));
  t.columns.push_back(lang == Lang::zh ? fmt::format("{}年起点", r.from_year) : fmt::format("start in {}", r.from_year));
  t.align.assign(t.columns.size(), Align::right);
  t.align.front() = Align::left;
  t.align.back() = Align::left;
  for (const auto& s : r.indicators) {
    const int n = static_cast<int>(s.years.size());
    std::vector<Cell> row = {Cell(s.name), Cell(std::to_string(n), n), Cell(percent_text(s.mape), s.mape)};
    if (!r.deterministic) row.push_back(Cell(fmt::format("{}/{}", s.inside_90, n), s.inside_90));
    Cell start(start_text(s, lang), s.start_value);
    row.push_back(std::move(start));
    if (!s.label.empty() && s.label != s.name) row.front().note = s.label;
    t.rows.push_back(std::move(row));
  }
  return t;
}

FanChartData projection_chart(const analysis::BacktestResult& r, const analysis::BacktestSeries& s, Lang lang) {
  FanChartData d;
  d.indicator = s.name;
  d.title = (s.label.empty() ? s.name : s.label) +
            say(lang, ": projected from " + std::to_string(r.from_year) + " and observed",
                "：" + std::to_string(r.from_year) + "年起的预测与实际值");
  d.unit = s.unit;
  FanSeries f;
  f.name = say(lang, "projected", "预测值");
  f.colour = "#0072b2";
  // The restart point opens the line and the band (no spread yet).
  f.years.push_back(r.from_year);
  f.line.push_back(s.start_value);
  f.years.insert(f.years.end(), s.years.begin(), s.years.end());
  f.line.insert(f.line.end(), s.deterministic.begin(), s.deterministic.end());
  if (!r.deterministic) {
    f.p05 = {s.start_value};
    f.p95 = {s.start_value};
    f.p05.insert(f.p05.end(), s.p05.begin(), s.p05.end());
    f.p95.insert(f.p95.end(), s.p95.begin(), s.p95.end());
  }
  d.series.push_back(std::move(f));
  if (s.observed_start) d.history[r.from_year] = *s.observed_start;
  for (std::size_t k = 0; k < s.years.size(); ++k) d.history[s.years[k]] = s.observed[k];
  return d;
}

Warnings notes(const analysis::BacktestResult& r, Lang lang) {
  Warnings w;
  for (const auto& [name, expression] : r.expression_starts) {
    w.items.push_back(lang == Lang::zh
                          ? fmt::format("'{}' 在{}年没有历史数据，以其基期表达式 '{}' 起算，其中参数是按{}年设定的。",
                                        name, r.from_year, expression, r.original_base_year)
                          : fmt::format("'{}' has no history for {}; it starts from its base expression '{}', whose "
                                        "parameters were set for {}.",
                                        name, r.from_year, expression, r.original_base_year));
  }
  if (!r.left_out.empty()) {
    std::string names;
    for (const auto& n : r.left_out) names += (names.empty() ? "" : ", ") + n;
    w.items.push_back(lang == Lang::zh
                          ? fmt::format("未纳入（{}年后没有依赖它们的观测值）：{}", r.from_year, names)
                          : fmt::format("left out (no observation after {} depends on them): {}", r.from_year, names));
  }
  if (r.nonfinite_paths > 0) {
    w.items.push_back(lang == Lang::zh
                          ? fmt::format("{}条路径产生了非数值结果，已从区间中剔除。", r.nonfinite_paths)
                          : fmt::format("{} paths produced a value that is not a number; they are left out of the bands.",
                                        r.nonfinite_paths));
  }
  return w;
}

}  // namespace

Document build_backtest_document(const analysis::BacktestResult& r, Lang lang) {
  Document doc;
  doc.lang = lang;
  const std::string name = r.title.empty() ? r.scenario_id : r.title;
  doc.title = lang == Lang::zh ? fmt::format("{}（{}）回测", name, r.scenario_id)
                               : fmt::format("Backtest of {} ({})", name, r.scenario_id);
  doc.subtitle = subtitle(r, lang);
  doc.add(Paragraph{scores(r, lang), Paragraph::Style::emphasis, "scores"});
  doc.add(Heading{2, say(lang, "Projection against what was observed", "预测值与实际值对比"), "points"});
  doc.add(points_table(r, lang));
  for (const auto& s : r.indicators) doc.add(projection_chart(r, s, lang));
  doc.add(Heading{2, say(lang, "By indicator", "分指标"), "indicators"});
  doc.add(indicators_table(r, lang));
  if (Warnings w = notes(r, lang); !w.items.empty()) doc.add(std::move(w));
  Provenance p = detail::provenance_frame(lang);
  p.rows = {{say(lang, "engine", "引擎"), "goalpath " + r.engine_version},
            {say(lang, "scenario", "情景"), r.scenario_id},
            {say(lang, "file", "文件"), r.scenario_file}};
  if (r.deterministic) {
    p.rows.emplace_back(say(lang, "run", "运行方式"), say(lang, "deterministic", "确定性"));
  } else {
    p.rows.emplace_back(say(lang, "paths", "路径数"), std::to_string(r.paths));
    p.rows.emplace_back(say(lang, "seed", "随机种子"), std::to_string(r.seed));
  }
  p.command_line = r.command_line;
  doc.add(std::move(p));
  return doc;
}

// The writers: the document rendered, or the data (report/data/).
std::string backtest_table(const analysis::BacktestResult& r, Lang lang) {
  return render_text(build_backtest_document(r, lang));
}
std::string backtest_markdown(const analysis::BacktestResult& r, Lang lang) {
  return render_markdown(build_backtest_document(r, lang));
}
std::string backtest_html(const analysis::BacktestResult& r, Lang lang) {
  return render_html(build_backtest_document(r, lang));
}

std::string backtest_report(const analysis::BacktestResult& r, Format format, Lang lang) {
  switch (format) {
    case Format::table: return backtest_table(r, lang);
    case Format::json: return backtest_to_json(r).dump(2) + "\n";
    case Format::csv: return backtest_csv(r);
    case Format::md: return backtest_markdown(r, lang);
    case Format::html: return backtest_html(r, lang);
  }
  throw std::invalid_argument("unknown format");
}

}  // namespace goalpath::report

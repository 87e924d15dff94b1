// `goalpath solve` as a Document: the answer in words (the break-even
// value, the search, and with a probability asked the value that gives it),
// the target's needed path against the projection, provenance last. And
// `solve --paths-needed`: every target's needed path.
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "report/build/study_parts.hpp"
#include "report/solve.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

std::string g6(double v) { return fmt::format("{:.6g}", v); }

std::string rate_text(const std::string& rates, double rate, const std::string& unit, Lang lang) {
  if (!std::isfinite(rate)) return "—";
  if (rates == "compound") return fmt::format("{:+.2f}%", 100 * rate) + say(lang, "/yr", "/年");
  const std::string amount = (rate >= 0 ? "+" : "") + quantity_text(rate, unit, lang);
  return lang == Lang::zh ? "每年 " + amount : amount + " a year";
}

std::string needed_path_sentence(const analysis::NeededPath& p, Lang lang) {
  if (p.rates.empty()) return p.target + say(lang, ": no path is defined: ", "：无法给出所需路径：") + p.note;
  const std::string start = quantity_text(p.projected.front(), p.unit, lang);
  const std::string needed = rate_text(p.rates, p.required_rate, p.unit, lang);
  const std::string projected = rate_text(p.rates, p.projected_rate, p.unit, lang);
  const bool binds_early = p.ask.kind == scenario::TargetKind::every_year && p.binding_year != p.years.back();
  if (lang == Lang::zh) {
    std::string out = fmt::format("{} 要求 {} 从 {} 年的 {} 起{}{}", p.target, p.subject, p.years.front(), start,
                                  p.rates == "compound" ? "年均增长 " : "", needed);
    if (binds_early) out += fmt::format("（{} 年的约束最紧）", p.binding_year);
    return out + "；按预测：" + projected;
  }
  std::string out = fmt::format("{} needs {} to grow {} from {} in {}", p.target, p.subject, needed, start, p.years.front());
  if (binds_early) out += fmt::format(" (the bound binds in {})", p.binding_year);
  return out + "; the projection: " + projected;
}

detail::LineChartData needed_path_chart(const analysis::NeededPath& p, Lang lang) {
  detail::LineChartData d;
  d.css_class = "needed-path";
  d.lang = lang;
  d.data_attributes = "data-target=\"" + html_escape(p.target) + "\"";
  d.title = say(lang, "Path needed: ", "所需路径：") + p.target;
  d.x_name = say(lang, "year", "年份");
  d.y_name = p.subject + (p.unit.empty() ? "" : " (" + p.unit + ")");
  detail::LineSeries projected{say(lang, "projection", "预测"), "#0072B2", {}, p.projected, false, true};
  detail::LineSeries needed{say(lang, "needed", "所需路径"), "#D55E00", {}, p.needed, true, true};
  for (int year : p.years) {
    projected.x.push_back(year);
    needed.x.push_back(year);
  }
  d.series.push_back(std::move(projected));
  if (!p.needed.empty()) d.series.push_back(std::move(needed));
  if (!p.ask.is_cagr()) {
    d.reference_lines.emplace_back(p.ask.threshold, say(lang, "target ", "目标 ") + detail::ask_text(p.ask, p.unit,
                                                                                                 detail::AskWords::bound, lang));
  }
  return d;
}

Table needed_path_table(const analysis::NeededPath& p, Lang lang) {
  Table t;
  t.css_class = "path";
  t.columns = {say(lang, "year", "年份"), say(lang, "needed", "所需"), say(lang, "projected", "预测")};
  t.align = {Align::left, Align::right, Align::right};
  for (std::size_t k = 0; k < p.years.size(); ++k) {
    std::vector<Cell> row{Cell(std::to_string(p.years[k]))};
    row.push_back(k < p.needed.size() ? Cell(quantity_text(p.needed[k], p.unit, lang), p.needed[k]) : Cell("—"));
    row.emplace_back(quantity_text(p.projected[k], p.unit, lang), p.projected[k]);
    t.rows.push_back(std::move(row));
  }
  return t;
}

void add_path(Document& doc, const analysis::NeededPath& p, Lang lang) {
  doc.add(Heading{2, p.label.empty() ? p.target : p.label, "path-" + p.target});
  doc.add(Paragraph{needed_path_sentence(p, lang) + say(lang, ".", "。")});
  doc.add(needed_path_chart(p, lang));
  doc.add(needed_path_table(p, lang));
}

std::string probability_sentence(const analysis::SolveResult& r, Lang lang) {
  const analysis::ProbabilitySolution& s = *r.probability;
  const bool zh = lang == Lang::zh;
  const std::string asked = zh ? "实现概率达到 " + percent_text(s.probability) : "for P(met) = " + percent_text(s.probability);
  const std::string runs =
      zh ? fmt::format("{} 次蒙特卡洛运行，每次 {} 条相同的路径；当前实现概率 {}", s.runs, s.paths,
                       percent_text(s.probability_at_current))
         : fmt::format("{} Monte Carlo runs of {} paths each, the same paths every time; P(met) now {}", s.runs, s.paths,
                       percent_text(s.probability_at_current));
  if (!s.value) return zh ? fmt::format("{}：无解 — {}（{}）", asked, s.reason, runs)
                          : fmt::format("{}: no value — {} ({})", asked, s.reason, runs);
  const bool up = s.direction == "increase";
  if (zh) {
    return fmt::format("{}：{} = {} ± {:.2g}（蒙特卡洛误差；移动参数中心，保留不确定性和相关性；高于该值时实现概率{}），"
                       "所在区间 [{}, {}]（{}）",
                       asked, r.param, g6(*s.value), s.value_se, up ? "上升" : "下降", g6(s.bracket_low),
                       g6(s.bracket_high), runs);
  }
  return fmt::format("{}: {} = {} ± {:.2g} (Monte Carlo error; centre moved, uncertainty and correlations kept; "
                     "P(met) {} above it), bracketed by [{}, {}] ({})",
                     asked, r.param, g6(*s.value), s.value_se, up ? "rises" : "falls", g6(s.bracket_low),
                     g6(s.bracket_high), runs);
}

/// The answer as sentences, one per paragraph.
std::vector<std::string> answer(const analysis::SolveResult& r, Lang lang) {
  const bool zh = lang == Lang::zh;
  std::vector<std::string> lines;
  const std::string now = detail::measured_text(r.ask, r.value_at_current, r.unit, lang);
  lines.push_back(zh ? fmt::format("当前：{} = {}，得到 {}：{}", r.param, number_text(r.current), now,
                                   r.met_at_current ? "达到目标" : "未达到目标")
                     : fmt::format("now: {} = {} gives {}: {}", r.param, number_text(r.current), now,
                                   r.met_at_current ? "met" : "not met"));
  if (!r.break_even) {
    lines.push_back(say(lang, "break-even: none — ", "临界值：无 — ") + r.reason);
  } else {
    const std::string x = g6(*r.break_even);
    const bool up = r.direction == "increase";
    std::string what;
    if (zh) {
      what = r.met_at_current ? fmt::format("只要 {} 保持在 {} {}，目标就能实现", r.param, x, up ? "及以上" : "及以下")
                              : fmt::format("需将 {} {} {} 才能实现目标", r.param, up ? "提高到至少" : "降低到至多", x);
      lines.push_back(fmt::format("临界值：{} = {}（{}）", r.param, x, what));
    } else {
      what = r.met_at_current
                 ? fmt::format("the target stays met while {} stays {} {}", r.param, up ? "at or above" : "at or below", x)
                 : fmt::format("{} {} to {} {} to meet the target", up ? "raise" : "lower", r.param,
                               up ? "at least" : "at most", x);
      lines.push_back(fmt::format("break-even: {} = {} ({})", r.param, x, what));
    }
    if (!r.other_crossings.empty()) {
      std::string others;
      for (double v : r.other_crossings) others += (others.empty() ? "" : ", ") + g6(v);
      lines.push_back(zh ? fmt::format("模型在 {} = {} 处也越过阈值", r.param, others)
                         : "the model also crosses the threshold at " + r.param + " = " + others);
    }
  }
  lines.push_back(zh ? fmt::format("搜索区间：[{}, {}]（{}）", g6(r.search_low), g6(r.search_high), r.search_basis)
                     : fmt::format("searched: [{}, {}] ({})", g6(r.search_low), g6(r.search_high), r.search_basis));
  return lines;
}

}  // namespace

Document build_solve_document(const analysis::SolveResult& r, Lang lang) {
  Document doc;
  doc.lang = lang;
  doc.title = lang == Lang::zh ? fmt::format("{} 的 {} 临界值", r.target, r.param)
                               : fmt::format("Break-even {} for {}", r.param, r.target);
  doc.subtitle = detail::study_subtitle(r.info);
  doc.add(Paragraph{(r.label.empty() ? r.target : r.target + " — " + r.label) + say(lang, ": ", "：") +
                    detail::target_ask_line(r.ask, r.unit, lang)});
  doc.add(Heading{2, say(lang, "Answer", "结论"), "answer"});
  for (auto& line : answer(r, lang)) doc.add(Paragraph{std::move(line)});
  if (r.probability) {
    doc.add(Heading{2,
                    lang == Lang::zh ? "实现概率 " + percent_text(r.probability->probability) + " 所需"
                                     : "For a " + percent_text(r.probability->probability) + " chance",
                    "probability"});
    doc.add(Paragraph{probability_sentence(r, lang) + say(lang, ".", "。")});
  }
  add_path(doc, r.path_needed, lang);
  doc.add(Paragraph{r.probability ? say(lang, "The break-even value and the path are deterministic: the other parameters "
                                              "at their values, shocks at 0.",
                                        "临界值和所需路径按确定性计算：其他参数取设定值，冲击为 0。")
                                  : say(lang, "Deterministic: the other parameters at their values, shocks at 0.",
                                        "确定性计算：其他参数取设定值，冲击为 0。"),
                    Paragraph::Style::note});
  const std::string run =
      r.probability ? (lang == Lang::zh ? fmt::format("临界值按确定性计算；实现概率按蒙特卡洛，每次 {} 条路径",
                                                      r.probability->paths)
                                        : fmt::format("break-even deterministic; the probability by Monte Carlo, {} "
                                                      "paths a run",
                                                      r.probability->paths))
                    : say(lang, "deterministic", "确定性计算");
  doc.add(detail::study_provenance(r.info, {{say(lang, "run", "计算方式"), run}}, static_cast<bool>(r.probability), lang));
  return doc;
}

Document build_paths_needed_document(const PathsNeededReport& r, Lang lang) {
  Document doc;
  doc.lang = lang;
  doc.title = say(lang, "Paths needed: ", "所需路径：") + detail::study_name(r.info);
  doc.subtitle = detail::study_subtitle(r.info);
  doc.add(Paragraph{lang == Lang::zh
                        ? fmt::format("各目标自 {} 年起恰好实现目标所需的固定年增速，与确定性预测并列。", r.base_year)
                        : fmt::format("For each target, the constant yearly growth from {} that just meets it, beside "
                                      "the deterministic projection.",
                                      r.base_year)});
  for (const auto& p : r.paths) add_path(doc, p, lang);
  doc.add(detail::study_provenance(r.info, {{say(lang, "run", "计算方式"), say(lang, "deterministic", "确定性计算")}}, false,
                                   lang));
  return doc;
}

std::string solve_table(const analysis::SolveResult& result, Lang lang) { return render_text(build_solve_document(result, lang)); }
std::string solve_markdown(const analysis::SolveResult& result, Lang lang) { return render_markdown(build_solve_document(result, lang)); }
std::string solve_html(const analysis::SolveResult& result, Lang lang) { return render_html(build_solve_document(result, lang)); }

std::string solve_report(const analysis::SolveResult& result, Format format, Lang lang) {
  switch (format) {
    case Format::table: return solve_table(result, lang);
    case Format::json: return solve_to_json(result).dump(2) + "\n";
    case Format::csv: return solve_csv(result);
    case Format::md: return solve_markdown(result, lang);
    case Format::html: return solve_html(result, lang);
  }
  throw std::invalid_argument("solve: unknown format");
}

std::string paths_needed_table(const PathsNeededReport& result, Lang lang) { return render_text(build_paths_needed_document(result, lang)); }
std::string paths_needed_markdown(const PathsNeededReport& result, Lang lang) { return render_markdown(build_paths_needed_document(result, lang)); }
std::string paths_needed_html(const PathsNeededReport& result, Lang lang) { return render_html(build_paths_needed_document(result, lang)); }

std::string paths_needed_report(const PathsNeededReport& result, Format format, Lang lang) {
  switch (format) {
    case Format::table: return paths_needed_table(result, lang);
    case Format::json: return paths_needed_to_json(result).dump(2) + "\n";
    case Format::csv: return paths_needed_csv(result);
    case Format::md: return paths_needed_markdown(result, lang);
    case Format::html: return paths_needed_html(result, lang);
  }
  throw std::invalid_argument("paths needed: unknown format");
}

}  // namespace goalpath::report

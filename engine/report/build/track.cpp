// `goalpath track` as a Document: the answer (each target's odds before and
// after the observations, in one line of words), what was observed, the
// targets table, the signposts, the indicators (bands before and after),
// the parameters before and after, the diagnostics and the provenance last.
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "report/build/parts.hpp"
#include "report/document.hpp"
#include "report/text.hpp"
#include "report/track.hpp"

namespace goalpath::report {

namespace detail {

std::string ordinal_percentile(double fraction) {
  if (!std::isfinite(fraction)) return "—";
  const double p = 100 * fraction;
  if (p < 1 || p > 99) return fmt::format("{:.1f}th", p);
  const int n = static_cast<int>(std::lround(p));
  const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
  return fmt::format("{}{}", n, suffix);
}

std::string observation_sentence(const analysis::TrackObservation& o, int base_year) {
  const std::string basis = o.year - 1 > base_year ? fmt::format("{}–{}", base_year, o.year - 1) : std::to_string(base_year);
  return fmt::format("{} {} {} fell at the {} percentile of the {}-based projection (median {})", o.year, o.indicator,
                     human_number(o.value), ordinal_percentile(o.percentile), basis, human_number(o.projected_p50));
}

std::string signpost_text(const analysis::SignpostLevel& level, int percent_kept) {
  return signpost_text(level, percent_kept, Lang::en);
}

std::string signpost_text(const analysis::SignpostLevel& level, int percent_kept, Lang lang) {
  if (!level.value) return lang == Lang::zh ? fmt::format("没有任何取值能保持{}%", percent_kept)
                                            : fmt::format("no value keeps {}%", percent_kept);
  if (level.unconditional) return say(lang, "kept whatever it shows", "无论取值如何都能保持");
  if (!std::isfinite(level.value_se) || level.value_se <= 0) return "≥ " + human_number(*level.value);
  return "≥ " + human_number(*level.value) + " ± " + human_number(level.value_se);
}

}  // namespace detail

namespace {

std::string estimate_text(const analysis::TrackResult& r, const analysis::ProbabilityEstimate& e) {
  if (!std::isfinite(e.probability)) return "—";
  return detail::marked(r.posterior, percent_text(e.probability) + " ± " + percent_text(e.probability_se));
}

Cell estimate_cell(const analysis::TrackResult& r, const analysis::ProbabilityEstimate& e) {
  Cell cell(estimate_text(r, e));
  if (std::isfinite(e.probability)) cell.value = e.probability;
  return cell;
}

std::string percentile_text(double fraction, Lang lang) {
  if (lang == Lang::en) return detail::ordinal_percentile(fraction);
  if (!std::isfinite(fraction)) return "—";
  const double p = 100 * fraction;
  return p < 1 || p > 99 ? fmt::format("第{:.1f}百分位", p) : fmt::format("第{}百分位", std::lround(p));
}

std::string moved_most(const analysis::TrackResult& r, const analysis::TrackTarget& t, Lang lang) {
  if (t.moved_by.empty()) return "—";
  const auto& m = t.moved_by.front();
  const analysis::TrackObservation& o = r.observations[m.observation];
  return fmt::format("{} {} ({})", o.indicator, o.year, detail::points(m.change, std::nullopt, lang));
}

std::string interval(const analysis::ValueSummary& s) {
  return human_number(s.mean) + " [" + human_number(s.p05) + ", " + human_number(s.p95) + "]";
}

}  // namespace

Document build_track_document(const analysis::TrackResult& r, Lang lang) {
  const bool zh = lang == Lang::zh;
  const analysis::RunResult& run = r.posterior;
  const int base_year = run.years.empty() ? 0 : run.years.front();
  Document doc;
  doc.lang = lang;
  doc.title = detail::title_of(run) + say(lang, " — tracking", " — 跟踪");
  doc.subtitle = run.scenario_id + " · " + detail::settings_line(run, lang) +
                 (zh ? fmt::format(" · 观测至{}年 · 有效路径{}条（共{}条）", r.last_observed_year,
                                   static_cast<long long>(std::floor(r.effective_paths)), r.paths)
                     : fmt::format(" · observed through {} · {} effective paths of {}", r.last_observed_year,
                                   static_cast<long long>(std::floor(r.effective_paths)), r.paths));

  doc.add(Heading{2, say(lang, "The answer", "结论"), "answer"});
  Verdicts verdicts;
  for (std::size_t k = 0; k < r.targets.size(); ++k) {
    const analysis::TrackTarget& t = r.targets[k];
    Verdict v;
    v.id = t.id;
    v.label = t.label;
    v.status = t.posterior.status;
    v.probability = estimate_cell(r, t.posterior);
    std::string name = t.label.empty() ? t.id : t.label;
    if (k < run.targets.size()) name += (zh ? "（" : " (") + detail::ask_sentence(run.targets[k], lang) + (zh ? "）" : ")");
    const std::string change = detail::points(t.posterior.probability - t.prior.probability, std::nullopt, lang);
    v.sentence = zh ? fmt::format("{}：观测前{}，观测后{}（{}），{}", name, estimate_text(r, t.prior),
                                  estimate_text(r, t.posterior), change, status_text(t.posterior.status, lang))
                    : fmt::format("{}: {} before, {} after the observations ({}), {}", name, estimate_text(r, t.prior),
                                  estimate_text(r, t.posterior), change, status_text(t.posterior.status, lang));
    verdicts.items.push_back(std::move(v));
  }
  doc.add(std::move(verdicts));

  doc.add(Heading{2, zh ? fmt::format("{}年以来的观测", base_year) : fmt::format("What happened since {}", base_year),
                  "observations"});
  if (r.observations.empty()) {
    doc.add(Paragraph{say(lang, "Nothing observed after the base year.", "基年之后没有观测值。"), Paragraph::Style::normal, ""});
  } else {
    Table table;
    table.css_class = "observations";
    table.columns = {say(lang, "year", "年份"), say(lang, "indicator", "指标"), say(lang, "observed", "观测值"),
                     say(lang, "percentile", "所处百分位"), say(lang, "projected median", "预测中位数"),
                     say(lang, "source", "来源")};
    table.align = {Align::left, Align::left, Align::right, Align::right, Align::right, Align::left};
    for (const auto& o : r.observations) {
      Cell observed(quantity_text(o.value, o.unit, lang), o.value);
      Cell percentile(percentile_text(o.percentile, lang));
      if (std::isfinite(o.percentile)) percentile.value = o.percentile;
      Cell median(quantity_text(o.projected_p50, o.unit, lang));
      if (std::isfinite(o.projected_p50)) median.value = o.projected_p50;
      table.rows.push_back({Cell(std::to_string(o.year), o.year), Cell(o.indicator), observed, percentile, median,
                            Cell(o.source)});
    }
    table.footnotes.push_back(say(lang,
                                  "percentile: where the observed value fell among the paths projected from what was "
                                  "known before its year (the base year and earlier observations).",
                                  "所处百分位：观测值在依据该年之前已知信息（基年与更早的观测）所作预测路径中的位置。"));
    doc.add(std::move(table));
  }

  doc.add(Heading{2, say(lang, "Targets: the odds before and after", "目标：观测前后的实现概率"), "targets"});
  Table targets;
  targets.css_class = "targets";
  targets.columns = {say(lang, "target", "目标"),  say(lang, "measure", "测度"), say(lang, "before", "观测前"),
                     say(lang, "after", "观测后"), say(lang, "change", "变化"),  say(lang, "status", "状态"),
                     say(lang, "moved most by", "影响最大的观测")};
  targets.align = {Align::left, Align::left, Align::right, Align::right, Align::right, Align::left, Align::left};
  for (const auto& t : r.targets) {
    Cell change(detail::points(t.posterior.probability - t.prior.probability, std::nullopt, lang));
    Cell status(status_text(t.prior.status, lang) + " → " + status_text(t.posterior.status, lang));
    status.status = t.posterior.status;
    targets.rows.push_back({Cell(t.id), Cell(detail::ask_text(t.ask, t.unit, detail::AskWords::with_years, lang)),
                            estimate_cell(r, t.prior), estimate_cell(r, t.posterior), change, status,
                            Cell(moved_most(r, t, lang))});
  }
  targets.footnotes.push_back(detail::calibration_footnote(run, lang));
  doc.add(std::move(targets));

  Table signposts;
  signposts.css_class = "signposts";
  signposts.columns = {say(lang, "target", "目标"), say(lang, "year", "年份"), say(lang, "indicator", "指标"),
                       say(lang, "to keep 50%", "保持50%"), say(lang, "to keep 80%", "保持80%")};
  signposts.align = {Align::left, Align::right, Align::left, Align::right, Align::right};
  for (const auto& t : r.targets) {
    for (const auto& s : t.signposts) {
      Cell at50(detail::signpost_text(s.at_50, 50, lang)), at80(detail::signpost_text(s.at_80, 80, lang));
      if (s.at_50.value && std::isfinite(*s.at_50.value)) at50.value = *s.at_50.value;
      if (s.at_80.value && std::isfinite(*s.at_80.value)) at80.value = *s.at_80.value;
      signposts.rows.push_back({Cell(t.id), Cell(std::to_string(s.year)), Cell(s.indicator), at50, at80});
    }
  }
  if (!signposts.rows.empty()) {
    doc.add(Heading{2, say(lang, "Signposts: what each review must show", "路标：每次评估须看到的数值"), "signposts"});
    doc.add(Paragraph{say(lang,
                          "The value x of the indicator in that year that keeps P(met | value ≥ x) at 50% and at 80%, "
                          "with its Monte Carlo error.",
                          "该年指标须达到的数值 x，使得 P(实现 | 取值 ≥ x) 保持在50%和80%，附蒙特卡洛误差。"),
                      Paragraph::Style::note, ""});
    doc.add(std::move(signposts));
  }

  doc.add(Heading{2, say(lang, "Indicators", "指标"), "indicators"});
  for (std::size_t k = 0; k < run.indicators.size() && k < r.prior.indicators.size(); ++k) {
    const analysis::IndicatorResult& after = run.indicators[k];
    FanChartData chart;
    chart.indicator = after.name;
    chart.title = after.label.empty() ? after.name : after.label;
    chart.unit = after.unit;
    chart.series.push_back(detail::fan_series(r.prior, r.prior.indicators[k], say(lang, "before", "观测前"), kSideColours[0]));
    FanSeries updated = detail::fan_series(run, after, say(lang, "after", "观测后"), kSideColours[1]);
    updated.line = after.p50;  // the updated centre: the median, not the prior's central projection
    chart.series.push_back(std::move(updated));
    chart.history = after.history;
    chart.thresholds = detail::threshold_markers(run, after.name, lang);
    detail::add_fan_chart(doc, std::move(chart), after, lang);
  }

  if (!r.parameters.empty()) {
    doc.add(Heading{2, say(lang, "Uncertain parameters, before and after", "不确定参数：观测前后"), "parameters"});
    Table parameters;
    parameters.css_class = "parameters";
    parameters.columns = {say(lang, "parameter", "参数"), say(lang, "before: mean [p05, p95]", "观测前：均值 [p05, p95]"),
                          say(lang, "after: mean [p05, p95]", "观测后：均值 [p05, p95]"), say(lang, "source", "数据来源")};
    parameters.align = {Align::left, Align::right, Align::right, Align::left};
    for (const auto& p : r.parameters) {
      parameters.rows.push_back({Cell(p.name), Cell(interval(p.prior)), Cell(interval(p.posterior)), Cell(p.source)});
    }
    doc.add(std::move(parameters));
  }

  doc.add(Heading{2, say(lang, "Diagnostics", "诊断"), "diagnostics"});
  doc.add(Paragraph{zh ? fmt::format("有效路径：{:.0f}条（共{}条）", r.effective_paths, r.paths)
                       : fmt::format("Effective paths: {:.0f} of {}", r.effective_paths, r.paths),
                    Paragraph::Style::normal, ""});
  const std::vector<std::string> warnings = detail::run_warnings(run, lang);
  if (warnings.empty()) {
    doc.add(Paragraph{say(lang, "No warnings.", "无警告。"), Paragraph::Style::note, ""});
  } else {
    doc.add(Warnings{warnings});
  }
  doc.add(detail::run_provenance(run, lang, say(lang, "Reproducibility", "可重复性")));
  return doc;
}

std::string track_table(const analysis::TrackResult& r, Lang lang) { return render_text(build_track_document(r, lang)); }

std::string track_markdown(const analysis::TrackResult& r, Lang lang) {
  return render_markdown(build_track_document(r, lang));
}

std::string track_html(const analysis::TrackResult& r, Lang lang) { return render_html(build_track_document(r, lang)); }

std::string track_report(const analysis::TrackResult& r, Format format, Lang lang) {
  switch (format) {
    case Format::table: return track_table(r, lang);
    case Format::json: return track_to_json(r).dump(2) + "\n";
    case Format::csv: return track_csv(r, false);  // the byte-order mark is the caller's (goalpath::render)
    case Format::md: return track_markdown(r, lang);
    case Format::html: return track_html(r, lang);
  }
  throw std::invalid_argument("unknown format");
}

}  // namespace goalpath::report

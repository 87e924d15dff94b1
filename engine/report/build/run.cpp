// `goalpath run` as a Document, in the order a director reads: the answer
// (each target in one line of words), the dashboard and the targets table,
// the indicators, every assumption (parameters, yearly shocks,
// correlations, sources), the diagnostics, and the provenance last.
#include <fmt/format.h>

#include <stdexcept>

#include "report/build/parts.hpp"
#include "report/document.hpp"
#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

std::string inherited_note(const analysis::RunResult& r, Lang lang) {
  if (!r.title_inherited && !r.description_inherited) return "";
  if (lang == Lang::zh) {
    return std::string(r.title_inherited && r.description_inherited ? "标题和说明"
                       : r.title_inherited                         ? "标题"
                                                                   : "说明") +
           "继承自本情景所扩展的情景。";
  }
  return std::string("The ") +
         (r.title_inherited && r.description_inherited ? "title and description are"
          : r.title_inherited                         ? "title is"
                                                      : "description is") +
         " inherited from the scenario this one extends.";
}

}  // namespace

Document build_run_document(const analysis::RunResult& r, Lang lang) {
  Document doc;
  doc.lang = lang;
  doc.title = detail::title_of(r);
  doc.subtitle = r.scenario_id + " · " + detail::settings_line(r, lang);
  if (!r.description.empty()) doc.add(Paragraph{r.description, Paragraph::Style::normal, ""});
  if (std::string note = inherited_note(r, lang); !note.empty()) doc.add(Paragraph{note, Paragraph::Style::note, ""});

  doc.add(Heading{2, say(lang, "The answer", "结论"), "answer"});
  doc.add(detail::run_verdicts(r, lang));
  if (std::string joint = detail::joint_sentence(r, lang); !joint.empty()) {
    doc.add(Paragraph{joint, Paragraph::Style::emphasis, ""});
  }

  doc.add(Heading{2, say(lang, "Targets at a glance", "目标一览"), "dashboard"});
  doc.add(detail::probability_bars(r, lang));
  doc.add(Paragraph{r.settings.deterministic
                        ? say(lang, "Deterministic projection: each target is met or not; a Monte Carlo run gives probabilities.",
                              "确定性预测：每个目标只有达到或未达到；蒙特卡洛模拟才给出概率。")
                        : say(lang, "Probability that each target is met, with ± one standard error; dashed lines are the status cut-offs.",
                              "各目标的实现概率及 ± 一个标准误；虚线为状态分界。"),
                    Paragraph::Style::note, ""});

  doc.add(Heading{2, say(lang, "Targets", "目标"), "targets"});
  doc.add(detail::targets_table(r, lang));

  doc.add(Heading{2, say(lang, "Indicators", "指标"), "indicators"});
  for (const auto& i : r.indicators) {
    FanChartData chart;
    chart.indicator = i.name;
    chart.title = i.label.empty() ? i.name : i.label;
    chart.unit = i.unit;
    chart.series.push_back(detail::fan_series(r, i, "", ""));
    chart.history = i.history;
    chart.thresholds = detail::threshold_markers(r, i.name, lang);
    detail::add_fan_chart(doc, std::move(chart), i, lang);
  }
  if (!r.years.empty()) {
    doc.add(Heading{3, lang == Lang::zh ? fmt::format("{}年各指标", r.years.back())
                                        : fmt::format("Indicators in {}", r.years.back()),
                    ""});
    doc.add(detail::indicators_table(r, lang));
  }

  detail::add_assumptions(doc, r, lang);

  doc.add(Heading{2, say(lang, "Diagnostics", "诊断"), "diagnostics"});
  doc.add(Paragraph{lang == Lang::zh ? fmt::format("非有限值路径：{}", r.nonfinite_paths)
                                     : fmt::format("Non-finite paths: {}", r.nonfinite_paths),
                    Paragraph::Style::normal, ""});
  const std::vector<std::string> warnings = detail::run_warnings(r, lang);
  if (warnings.empty()) {
    doc.add(Paragraph{say(lang, "No warnings.", "无警告。"), Paragraph::Style::note, ""});
  } else {
    doc.add(Warnings{warnings});
  }

  doc.add(detail::run_provenance(r, lang, say(lang, "Reproducibility", "可重复性")));
  return doc;
}

std::string run_table(const analysis::RunResult& result, const TableStyle& style, Lang lang) {
  return render_text(build_run_document(result, lang), TextStyle{style.color});
}

std::string run_markdown(const analysis::RunResult& result, Lang lang) {
  return render_markdown(build_run_document(result, lang));
}

std::string run_html(const analysis::RunResult& result, Lang lang) { return render_html(build_run_document(result, lang)); }

std::string run_report(const analysis::RunResult& result, Format format, const TableStyle& style, Lang lang) {
  switch (format) {
    case Format::table: return run_table(result, style, lang);
    case Format::json: return run_to_json(result).dump(2) + "\n";
    case Format::csv: return run_csv(result, false);  // the byte-order mark is the caller's (goalpath::render)
    case Format::md: return run_markdown(result, lang);
    case Format::html: return run_html(result, lang);
  }
  throw std::invalid_argument(std::string("unknown report format ") + to_string(format));
}

}  // namespace goalpath::report

// `goalpath run --format html`: one self-contained page (inline CSS and SVG,
// nothing fetched) that a planner can e-mail, open on a phone or print.
// Sections: header and reproducibility box, target dashboard, targets
// table, one fan chart per indicator, assumptions, diagnostics.
#include <fmt/format.h>

#include <cmath>
#include <numeric>

#include "report/charts.hpp"
#include "report/html_parts.hpp"
#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using detail::html_table;

std::string summary(const analysis::RunResult& r) {
  int counts[3] = {0, 0, 0};
  for (const auto& t : r.targets) ++counts[static_cast<int>(t.status)];
  std::string out = "<div class=\"summary\">";
  out += fmt::format("<span>{} target{}</span>", r.targets.size(), r.targets.size() == 1 ? "" : "s");
  for (auto s : {analysis::Status::on_track, analysis::Status::at_risk, analysis::Status::off_track}) {
    out += fmt::format("<span>{} {}</span>", counts[static_cast<int>(s)], detail::status_chip(s));
  }
  if (r.joint_probability) {
    out += fmt::format("<span>all met together: <b>{}</b></span>", percent(*r.joint_probability));
  }
  return out + "</div>\n";
}

std::string dashboard(const analysis::RunResult& r) {
  ProbabilityBarsData data;
  data.on_track = r.on_track;
  data.at_risk = r.at_risk;
  data.deterministic = r.settings.deterministic;
  for (const auto& t : r.targets) {
    data.bars.push_back({t.id, t.label, t.probability, t.probability_se, t.deterministic_met, t.status});
  }
  std::string out = "<section id=\"dashboard\">\n<h2>Targets at a glance</h2>\n";
  out += data.deterministic ? "<p class=\"muted\">Deterministic projection: each target is met or not; run without "
                              "--deterministic for probabilities.</p>\n"
                            : "<p class=\"muted\">Probability that each target is met, with ± one standard error; "
                              "dashed lines are the status cut-offs.</p>\n";
  return out + svg_probability_bars(data) + "</section>\n";
}

std::string targets_table(const analysis::RunResult& r) {
  const bool mc = !r.settings.deterministic;
  std::vector<std::string> header = {"target", "measure", "projected", "met"};
  if (mc) header.insert(header.end(), {"p05–p95", "P(met)"});
  header.insert(header.end(), {"need/yr", "get/yr", "status", "progress"});
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : r.targets) {
    std::string name = t.label.empty() ? html_escape(t.id)
                                        : html_escape(t.label) + "<br><span class=\"muted\">" + html_escape(t.id) + "</span>";
    std::vector<std::string> row = {name, html_escape(detail::ask_text(t.ask, "", detail::AskWords::with_years)), human_number(t.deterministic_value),
                                    t.deterministic_met ? "yes" : "no"};
    if (mc) {
      row.push_back(t.quantiles ? html_escape(human_number(t.quantiles->p05) + " – " + human_number(t.quantiles->p95))
                                : "—");
      row.push_back(html_escape(detail::marked(r, detail::probability_text(t))));
    }
    std::string progress = html_escape(detail::words(analysis::to_string(t.progress.progress_class)));
    if (std::isfinite(t.progress.ratio)) progress += fmt::format(" <span class=\"muted\">(R = {:.2f})</span>", t.progress.ratio);
    row.insert(row.end(), {percent(t.required_cagr), percent(t.projected_cagr), detail::status_chip(t.status), progress});
    rows.push_back(std::move(row));
  }
  std::vector<bool> numeric(header.size(), false);
  for (std::size_t c = 2; c + 2 < header.size(); ++c) numeric[c] = header[c] != "met";
  std::string out = "<section id=\"targets\">\n<h2>Targets</h2>\n" + html_table(header, rows, numeric, "targets");
  out += "<p class=\"calibration\">" + html_escape(detail::calibration_footnote(r)) + "</p>\n";
  out += "<p class=\"muted\">need/yr: growth a year from the base year that would just meet the target (every_year: in every year of its window); get/yr: what "
         "the projection gives. progress: R = actual / required growth (≥ 0.95 on track, 0.60–0.95 acceleration "
         "needed, 0–0.60 limited, below 0 deterioration).</p>\n";
  return out + "</section>\n";
}

std::string indicator_charts(const analysis::RunResult& r) {
  std::string out = "<section id=\"indicators\">\n<h2>Indicators</h2>\n<div class=\"legend\">";
  if (!r.settings.deterministic) {
    out += "<span><i class=\"swatch\" style=\"background:#0969da;opacity:.3\"></i>p05–p95</span>"
           "<span><i class=\"swatch\" style=\"background:#0969da;opacity:.55\"></i>p25–p75</span>";
  }
  out += "<span><i class=\"swatch\" style=\"background:#0969da;height:3px\"></i>deterministic projection</span>"
         "<span><i class=\"swatch\" style=\"background:#1f2328;border-radius:6px\"></i>observed</span>"
         "<span><i class=\"swatch\" style=\"background:#6639ba;transform:rotate(45deg) scale(.8)\"></i>target</span>"
         "</div>\n<div class=\"charts\">\n";
  for (const auto& i : r.indicators) {
    FanChartData data;
    data.indicator = i.name;
    data.title = i.label.empty() ? i.name : i.label;
    data.unit = i.unit;
    data.series.push_back(detail::fan_series(r, i, "", kSideColours[0]));
    data.history = i.history;
    data.thresholds = detail::threshold_markers(r, i.name);
    out += "<figure>\n<h3>" + html_escape(data.title) + "</h3>\n" + svg_fan_chart(data);
    out += "<figcaption>" + html_escape(i.name) + (i.unit.empty() ? "" : " · " + html_escape(i.unit)) +
           (i.source.empty() ? "" : " · " + html_escape(i.source)) + "</figcaption>\n</figure>\n";
  }
  return out + "</div>\n</section>\n";
}

std::string assumptions(const analysis::RunResult& r) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : r.parameters) {
    std::string range = p.distribution == "fixed" ? "—" : human_number(p.p10) + " – " + human_number(p.p90);
    rows.push_back({"<code>" + html_escape(p.name) + "</code>", human_number(p.value), html_escape(p.distribution),
                    html_escape(range), html_escape(p.source)});
  }
  return "<section id=\"assumptions\">\n<h2>Assumptions</h2>\n" +
         html_table({"parameter", "value", "distribution", "p10–p90", "source"}, rows, {false, true, false, true, false},
                    "assumptions") +
         "</section>\n";
}

std::string diagnostics(const analysis::RunResult& r) {
  std::vector<std::string> warnings;
  if (std::string warning = detail::nonfinite_warning(r); !warning.empty()) warnings.push_back(warning);
  warnings.insert(warnings.end(), r.warnings.begin(), r.warnings.end());
  if (!r.settings.deterministic && r.settings.paths < 1000) {
    warnings.push_back(fmt::format("only {} paths: probabilities are rough (standard error up to {}).",
                                   r.settings.paths, percent(0.5 / std::sqrt(static_cast<double>(r.settings.paths)))));
  }
  std::string out = "<section id=\"diagnostics\">\n<h2>Diagnostics</h2>\n";
  out += fmt::format("<p>Non-finite paths: <b>{}</b>", r.nonfinite_paths);
  if (!r.settings.deterministic) out += fmt::format(" · simulation time {:.2f} s", r.seconds);
  out += "</p>\n";
  if (warnings.empty()) return out + "<p class=\"muted\">No warnings.</p>\n</section>\n";
  out += "<ul class=\"warnings\">\n";
  for (const auto& w : warnings) out += "<li>" + html_escape(w) + "</li>\n";
  return out + "</ul>\n</section>\n";
}

}  // namespace

std::string run_html(const analysis::RunResult& r) {
  const std::string title = r.title.empty() ? r.scenario_id : r.title;
  std::string body = "<header>\n<h1>" + html_escape(title) + "</h1>\n";
  body += "<p class=\"muted\"><code>" + html_escape(r.scenario_id) + "</code> · " +
          html_escape(detail::settings_line(r)) + "</p>\n";
  if (!r.description.empty()) body += "<p>" + html_escape(r.description) + "</p>\n";
  if (r.title_inherited || r.description_inherited) {
    body += std::string("<p class=\"muted\">The ") +
            (r.title_inherited && r.description_inherited ? "title and description are"
             : r.title_inherited                         ? "title is"
                                                         : "description is") +
            " inherited from the scenario this one extends.</p>\n";
  }
  body += "</header>\n" + detail::repro_box(r, "Reproducibility") + summary(r);
  body += dashboard(r) + targets_table(r) + indicator_charts(r) + assumptions(r) + diagnostics(r);
  return html_page(title + " — goalpath", body);
}

}  // namespace goalpath::report

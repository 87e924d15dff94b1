// `goalpath solve --format html` and `--paths-needed --format html`: the
// answer in words and each target's needed path against the projection.
#include <fmt/format.h>

#include "report/text.hpp"
#include "report/charts.hpp"
#include "report/html_parts.hpp"
#include "report/solve.hpp"
#include "report/study.hpp"

namespace goalpath::report {

namespace detail {

std::string needed_path_chart(const analysis::NeededPath& p) {
  LineChartData d;
  d.css_class = "needed-path";
  d.data_attributes = "data-target=\"" + html_escape(p.target) + "\"";
  d.title = "Path needed: " + p.target;
  d.x_name = "year";
  d.y_name = p.subject + (p.unit.empty() ? "" : " (" + p.unit + ")");
  LineSeries projected{"projection", "#0969da", {}, p.projected, false, true};
  LineSeries needed{"needed", "#cf222e", {}, p.needed, true, true};
  for (int year : p.years) {
    projected.x.push_back(year);
    needed.x.push_back(year);
  }
  d.series.push_back(std::move(projected));
  if (!p.needed.empty()) d.series.push_back(std::move(needed));
  if (!p.ask.is_cagr()) d.reference_lines.emplace_back(p.ask.threshold, detail::ask_text(p.ask));
  return svg_line_chart(d);
}

}  // namespace detail

namespace {

std::string path_section(const analysis::NeededPath& p) {
  std::vector<std::vector<std::string>> rows = detail::needed_path_rows(p);
  const std::vector<std::string> header = rows.front();
  rows.erase(rows.begin());
  return fmt::format("<section class=\"path-needed\" data-target=\"{}\">\n<h2>{}</h2>\n<p>{}.</p>\n", html_escape(p.target),
                     html_escape(p.label.empty() ? p.target : p.label), html_escape(detail::needed_path_sentence(p))) +
         detail::needed_path_chart(p) + detail::html_table(header, rows, {false, true, true}, "path") + "</section>\n";
}

}  // namespace

std::string solve_html(const analysis::SolveResult& r) {
  const std::string name = r.info.title.empty() ? r.info.scenario_id : r.info.title;
  std::string body = "<header>\n<h1>" + html_escape("Break-even " + r.param + " for " + r.target) + "</h1>\n";
  body += "<p>" + html_escape(name) + ". Deterministic: the other parameters at their values, shocks at 0.</p>\n</header>\n";
  body += "<section id=\"answer\">\n<h2>Answer</h2>\n";
  if (r.break_even) {
    const bool up = r.direction == "increase";
    body += fmt::format("<p class=\"answer\"><code>{}</code> = <b>{:.6g}</b>: the target is met for values {} it. "
                        "Now <code>{}</code> = {} gives {}, which {} the target ({}).</p>\n",
                        html_escape(r.param), *r.break_even, up ? "at or above" : "at or below", html_escape(r.param),
                        human_number(r.current), html_escape(detail::measured_text(r.ask, r.value_at_current, r.unit)), r.met_at_current ? "meets" : "misses",
                        html_escape(detail::ask_text(r.ask, r.unit)));
  } else {
    body += "<p class=\"answer\">No break-even: " + html_escape(r.reason) + ".</p>\n";
  }
  body += fmt::format("<p class=\"muted\">Searched [{:.6g}, {:.6g}]: {}.</p>\n</section>\n", r.search_low, r.search_high,
                      html_escape(r.search_basis));
  if (r.probability) {
    body += "<section id=\"probability\">\n<h2>For a " + html_escape(percent(r.probability->probability)) +
            " chance</h2>\n<p class=\"answer\">" + html_escape(detail::probability_sentence(r)) + ".</p>\n</section>\n";
  }
  body += path_section(r.path_needed);
  body += detail::study_repro_box(
      r.info, {{"run", r.probability ? "break-even deterministic; --probability by Monte Carlo, " +
                                           std::to_string(r.probability->paths) + " paths a run"
                                     : "deterministic"}},
      static_cast<bool>(r.probability));
  return html_page("Break-even: " + name + " — goalpath", body);
}

std::string paths_needed_html(const PathsNeededReport& r) {
  const std::string name = r.info.title.empty() ? r.info.scenario_id : r.info.title;
  std::string body = "<header>\n<h1>" + html_escape("Paths needed: " + name) + "</h1>\n<p>For each target, the "
                     "constant yearly growth from the base year that just meets it, beside the deterministic "
                     "projection.</p>\n</header>\n";
  for (const auto& p : r.paths) body += path_section(p);
  body += detail::study_repro_box(r.info, {{"run", "deterministic"}}, false);
  return html_page("Paths needed: " + name + " — goalpath", body);
}

}  // namespace goalpath::report

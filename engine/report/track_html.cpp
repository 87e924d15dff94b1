// `goalpath track --format html`: one self-contained page. Every indicator's
// fan chart shows the bands projected from the base year and the bands after
// the observations, with the observed points over them.
#include <fmt/format.h>

#include "report/charts.hpp"
#include "report/html_parts.hpp"
#include "report/text.hpp"
#include "report/track.hpp"

namespace goalpath::report {

namespace {

using detail::html_table;

std::string estimate_html(const analysis::TrackResult& r, const analysis::ProbabilityEstimate& e) {
  return html_escape(detail::marked(r.posterior, percent(e.probability) + " ± " + percent(e.probability_se))) + " " +
         detail::status_chip(e.status);
}

std::string observations_section(const analysis::TrackResult& r, int base_year) {
  std::string out = fmt::format("<section id=\"observations\">\n<h2>What happened since {}</h2>\n", base_year);
  if (r.observations.empty()) return out + "<p>Nothing observed after the base year.</p>\n</section>\n";
  out += "<ul class=\"observations\">\n";
  for (const auto& o : r.observations) {
    out += fmt::format("<li data-indicator=\"{}\" data-year=\"{}\" data-percentile=\"{}\">{} <span class=\"muted\">({})</span></li>\n",
                       html_escape(o.indicator), o.year, o.percentile,
                       html_escape(detail::observation_sentence(o, base_year)), html_escape(o.source));
  }
  return out + "</ul>\n</section>\n";
}

std::string targets_section(const analysis::TrackResult& r) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : r.targets) {
    std::string moved = "—";
    if (!t.moved_by.empty()) {
      const auto& o = r.observations[t.moved_by.front().observation];
      moved = html_escape(fmt::format("{} {} ({})", o.indicator, o.year, detail::points(t.moved_by.front().change)));
    }
    std::string name = t.label.empty() ? html_escape(t.id)
                                       : html_escape(t.label) + "<br><span class=\"muted\">" + html_escape(t.id) + "</span>";
    rows.push_back({name, html_escape(detail::ask_text(t.ask, "", detail::AskWords::with_years)), estimate_html(r, t.prior),
                    estimate_html(r, t.posterior), html_escape(detail::points(t.posterior.probability - t.prior.probability)),
                    moved});
  }
  return "<section id=\"targets\">\n<h2>Targets: the odds before and after</h2>\n" +
         html_table({"target", "measure", "before", "after", "change", "moved most by"}, rows,
                    {false, false, true, true, true, false}, "targets") +
         "<p class=\"calibration\">" + html_escape(detail::calibration_footnote(r.posterior)) + "</p>\n</section>\n";
}

std::string signposts_section(const analysis::TrackResult& r) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : r.targets) {
    for (const auto& s : t.signposts) {
      rows.push_back({html_escape(t.id), std::to_string(s.year), "<code>" + html_escape(s.indicator) + "</code>",
                      html_escape(detail::signpost_text(s.at_50, 50)), html_escape(detail::signpost_text(s.at_80, 80))});
    }
  }
  if (rows.empty()) return "";
  return "<section id=\"signposts\">\n<h2>Signposts: what each review must show</h2>\n<p class=\"muted\">The value x of "
         "the indicator in that year that keeps P(met | value ≥ x) at 50% and at 80%, with its Monte Carlo error.</p>\n" +
         html_table({"target", "year", "indicator", "to keep 50%", "to keep 80%"}, rows, {false, true, false, true, true},
                    "signposts") +
         "</section>\n";
}

std::string charts_section(const analysis::TrackResult& r) {
  std::string out = "<section id=\"indicators\">\n<h2>Indicators</h2>\n<div class=\"legend\">";
  out += fmt::format("<span><i class=\"swatch\" style=\"background:{};opacity:.4\"></i>projected from the base year</span>"
                     "<span><i class=\"swatch\" style=\"background:{};opacity:.4\"></i>after the observations</span>"
                     "<span><i class=\"swatch\" style=\"background:#1f2328;border-radius:6px\"></i>observed</span></div>\n",
                     kSideColours[0], kSideColours[1]);
  out += "<div class=\"charts\">\n";
  for (std::size_t k = 0; k < r.posterior.indicators.size(); ++k) {
    const analysis::IndicatorResult& after = r.posterior.indicators[k];
    FanChartData data;
    data.indicator = after.name;
    data.title = after.label.empty() ? after.name : after.label;
    data.unit = after.unit;
    data.series.push_back(detail::fan_series(r.prior, r.prior.indicators[k], "before", kSideColours[0]));
    FanSeries updated = detail::fan_series(r.posterior, after, "after", kSideColours[1]);
    updated.line = after.p50;  // the updated centre: the median, not the prior's central projection
    data.series.push_back(std::move(updated));
    data.history = after.history;
    data.thresholds = detail::threshold_markers(r.posterior, after.name);
    out += "<figure>\n<h3>" + html_escape(data.title) + "</h3>\n" + svg_fan_chart(data);
    out += "<figcaption>" + html_escape(after.name) + (after.unit.empty() ? "" : " · " + html_escape(after.unit)) +
           "</figcaption>\n</figure>\n";
  }
  return out + "</div>\n</section>\n";
}

std::string parameters_section(const analysis::TrackResult& r) {
  if (r.parameters.empty()) return "";
  std::vector<std::vector<std::string>> rows;
  auto cell = [](const analysis::ValueSummary& s) {
    return html_escape(human_number(s.mean) + " [" + human_number(s.p05) + ", " + human_number(s.p95) + "]");
  };
  for (const auto& p : r.parameters) {
    rows.push_back({"<code>" + html_escape(p.name) + "</code>", cell(p.prior), cell(p.posterior), html_escape(p.source)});
  }
  return "<section id=\"parameters\">\n<h2>Uncertain parameters, before and after</h2>\n" +
         html_table({"parameter", "before: mean [p05, p95]", "after: mean [p05, p95]", "source"}, rows,
                    {false, true, true, false}, "parameters") +
         "</section>\n";
}

std::string warnings_section(const analysis::TrackResult& r) {
  std::string out = "<section id=\"diagnostics\">\n<h2>Diagnostics</h2>\n";
  out += fmt::format("<p>Effective paths: <b>{:.0f}</b> of {}</p>\n", r.effective_paths, r.paths);
  if (r.posterior.warnings.empty()) return out + "<p class=\"muted\">No warnings.</p>\n</section>\n";
  out += "<ul class=\"warnings\">\n";
  for (const auto& w : r.posterior.warnings) out += "<li>" + html_escape(w) + "</li>\n";
  return out + "</ul>\n</section>\n";
}

}  // namespace

std::string track_html(const analysis::TrackResult& r) {
  const analysis::RunResult& run = r.posterior;
  const std::string title = (run.title.empty() ? run.scenario_id : run.title) + " — tracking";
  const int base_year = run.years.empty() ? 0 : run.years.front();
  std::string body = "<header>\n<h1>" + html_escape(title) + "</h1>\n";
  body += "<p class=\"muted\"><code>" + html_escape(run.scenario_id) + "</code> · " +
          html_escape(fmt::format("{} · observed through {} · {:.0f} effective paths of {}", detail::settings_line(run),
                                  r.last_observed_year, r.effective_paths, r.paths)) +
          "</p>\n</header>\n";
  body += detail::repro_box(run, "Reproducibility");
  body += observations_section(r, base_year) + targets_section(r) + signposts_section(r) + charts_section(r) +
          parameters_section(r) + warnings_section(r);
  return html_page(title + " — goalpath", body);
}

}  // namespace goalpath::report

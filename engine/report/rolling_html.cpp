// `goalpath backtest --rolling --format html`: coverage by horizon against
// the nominal 50% and 90% lines, the PIT histogram (flat when the bands are
// right), and the horizons' table; the charts are the study line chart's.
#include <fmt/format.h>

#include <cmath>

#include "report/charts.hpp"
#include "report/html_parts.hpp"
#include "report/rolling.hpp"
#include "report/study.hpp"

namespace goalpath::report {

namespace {

std::string coverage_chart(const analysis::RollingResult& r) {
  detail::LineChartData d;
  d.css_class = "rolling-coverage";
  d.title = "Observations inside the bands, by horizon";
  d.x_name = "horizon (years after the origin)";
  d.y_name = "share of points inside";
  d.y_percent = true;
  detail::LineSeries c50{"p25–p75", "#0969da", {}, {}}, c90{"p05–p95", "#bc4c00", {}, {}};
  for (const auto& h : r.horizons) {
    c50.x.push_back(h.horizon);
    c50.y.push_back(h.coverage_50);
    c90.x.push_back(h.horizon);
    c90.y.push_back(h.coverage_90);
  }
  d.series = {c50, c90};
  d.reference_lines = {{0.5, "nominal 50%"}, {0.9, "nominal 90%"}};
  return detail::svg_line_chart(d);
}

std::string pit_chart(const analysis::RollingCoverage& c) {
  detail::LineChartData d;
  d.css_class = "rolling-pit";
  d.title = "PIT histogram: where each observation fell among the paths";
  d.x_name = "PIT (share of paths below the observation)";
  d.y_name = "share of points";
  d.y_percent = true;
  detail::LineSeries s{"", "#0969da", {}, {}};
  for (std::size_t k = 0; k < c.pit.size(); ++k) {
    s.x.push_back(0.05 + 0.1 * static_cast<double>(k));
    s.y.push_back(c.points > 0 ? static_cast<double>(c.pit[k]) / c.points : std::nan(""));
  }
  d.series = {s};
  d.reference_lines = {{0.1, "uniform: 10% per bin"}};
  return detail::svg_line_chart(d);
}

std::string horizons_table(const analysis::RollingResult& r) {
  std::vector<std::string> header = {"horizon", "points", "bias", "RMSE", "in 50% band", "p", "in 90% band", "p"};
  std::vector<std::vector<std::string>> rows;
  auto fixed = [](double v) { return std::isfinite(v) ? fmt::format("{:.4f}", v) : std::string("—"); };
  for (const auto& h : r.horizons) {
    rows.push_back({std::to_string(h.horizon), std::to_string(h.points), fixed(h.bias), fixed(h.rmse),
                    percent(h.coverage_50), fmt::format("{:.3g}", h.coverage_50_p), percent(h.coverage_90),
                    fmt::format("{:.3g}", h.coverage_90_p)});
  }
  return detail::html_table(header, rows, std::vector<bool>(header.size(), true), "rolling");
}

}  // namespace

std::string rolling_html(const analysis::RollingResult& r) {
  const std::string name = r.info.title.empty() ? r.info.scenario_id : r.info.title;
  std::string body = "<header>\n<h1>" + html_escape("Rolling backtest: " + name) + "</h1>\n<p>";
  body += html_escape(fmt::format("{} origins, {} skipped; {} points: {} inside p25–p75 (p = {:.3g} against 50%), "
                                  "{} inside p05–p95 (p = {:.3g} against 90%).",
                                  r.origins.size(), r.skipped.size(), r.overall.points,
                                  percent(r.overall.coverage_50), r.overall.coverage_50_p,
                                  percent(r.overall.coverage_90), r.overall.coverage_90_p));
  body += "</p>\n</header>\n<section id=\"coverage\">\n" + coverage_chart(r) + pit_chart(r.overall) + "</section>\n";
  body += "<section id=\"horizons\">\n<h2>By horizon</h2>\n" + horizons_table(r) + "</section>\n";
  if (!r.skipped.empty()) {
    body += "<section id=\"skipped\">\n<h2>Origins skipped</h2>\n<ul>\n";
    for (const auto& s : r.skipped) body += fmt::format("<li>{}: {}</li>\n", s.year, html_escape(s.reason));
    body += "</ul>\n</section>\n";
  }
  if (!r.dropped.empty()) {
    body += "<section id=\"dropped\">\n<h2>Indicators not compared from some origins</h2>\n<ul>\n";
    for (const auto& d : r.dropped) {
      body += fmt::format("<li>{}: {} ({})</li>\n", d.year, html_escape(d.indicator), html_escape(d.reason));
    }
    body += "</ul>\n</section>\n";
  }
  body += detail::study_repro_box(r.info, {{"paths", std::to_string(r.paths)}});
  return html_page("Rolling backtest: " + name + " — goalpath", body);
}

}  // namespace goalpath::report

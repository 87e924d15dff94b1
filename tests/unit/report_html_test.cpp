// `run --format html` and the chart building blocks (charts.hpp): one
// self-contained page (nothing fetched from outside), one fan chart per
// indicator, the target dashboard, scenario text escaped, and the markup a
// phone and a printer need.
#include <doctest/doctest.h>

#include <cmath>

#include "report/charts.hpp"
#include "report/report.hpp"
#include "report_test_support.hpp"

using namespace goalpath;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

/// Everything that would make a browser fetch something: links, sources,
/// CSS url() and @import, and any absolute URL at all.
void check_self_contained(const std::string& html) {
  for (const char* bad : {"http://", "https://", "//cdn", "src=", "href=", "url(", "@import", "<link", "<iframe",
                          "<object", "<embed", "<img"}) {
    INFO("found " << bad);
    CHECK(html.find(bad) == std::string::npos);
  }
}

}  // namespace

TEST_CASE("run HTML: self-contained, one fan chart per indicator, dashboard, escaped text") {
  const analysis::RunResult r = test::run_scenario_text(test::report_scenario());
  const std::string html = report::run_html(r);
  check_self_contained(html);
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html.find("name=\"viewport\"") != std::string::npos);
  CHECK(html.find("@media print") != std::string::npos);
  CHECK(html.find("Noto Sans CJK SC") != std::string::npos);
  CHECK(count(html, "<svg class=\"fan-chart\"") == r.indicators.size());
  for (const auto& i : r.indicators) CHECK(count(html, "data-indicator=\"" + i.name + "\"") == 1);
  CHECK(count(html, "<svg class=\"target-dashboard\"") == 1);
  CHECK(count(html, "class=\"target-bar\"") == r.targets.size());
  CHECK(count(html, "class=\"cutoff\"") == 2);
  // Every chart scales with its container.
  CHECK(count(html, "<svg ") == count(html, "viewBox=\"0 0 "));
  // Text from the scenario is escaped; Chinese passes through as UTF-8.
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
  CHECK(html.find("<b>Tom") == std::string::npos);
  CHECK(html.find("&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;") != std::string::npos);
  CHECK(html.find("工业总产值") != std::string::npos);
  // Reproducibility box, targets table, assumptions, diagnostics.
  for (const char* piece : {"class=\"repro\"", "0.1.0-test", "report-test.yaml", "goalpath run report-test.yaml --paths 2000",
                            "<table class=\"targets\">", "<table class=\"assumptions\">", "id=\"diagnostics\""}) {
    INFO(piece);
    CHECK(html.find(piece) != std::string::npos);
  }
  CHECK(html.find(std::string(64, 'a')) != std::string::npos);
  // The history is drawn as dots (3 observed years of output), each target on its indicator as a marker.
  CHECK(count(html, "class=\"observed\"") == 3);
  CHECK(count(html, "class=\"threshold\"") == r.targets.size());
  CHECK(count(html, "class=\"band\"") == 2 * r.indicators.size());
  CHECK(report::run_report(r, report::Format::html) == html);
}

TEST_CASE("run HTML of a deterministic run: met / not met, no bands or cut-offs") {
  const analysis::RunResult r = test::run_scenario_text(test::report_scenario(), 1, true);
  const std::string html = report::run_html(r);
  check_self_contained(html);
  CHECK(count(html, "<svg class=\"fan-chart\"") == r.indicators.size());
  CHECK(count(html, "class=\"band\"") == 0);
  CHECK(count(html, "class=\"cutoff\"") == 0);
  CHECK(count(html, ">met</text>") + count(html, ">not met</text>") == r.targets.size());
}

TEST_CASE("charts: tornado and heatmap are SVG with classes, escaped names and a value in every cell") {
  report::TornadoData tornado{"What moves output", "亿元", "output-1200", 100,
                              {{"growth<&>", 0.03, 0.05, 90, 112}, {"share", 0.2, 0.4, 98, 103}}};
  const std::string t = report::svg_tornado(tornado);
  CHECK(t.rfind("<svg class=\"tornado\" data-target=\"output-1200\"", 0) == 0);
  CHECK(count(t, "class=\"tornado-bar\"") == 2);
  CHECK(t.find("growth&lt;&amp;&gt;") != std::string::npos);
  CHECK(t.find("growth<&>") == std::string::npos);

  report::HeatmapData heat{"P(output ≥ 1200)", "output-1200", "growth", "share", {0.02, 0.03, 0.04}, {0.1, 0.2},
                           {0.1, 0.5, 0.9, 0.2, std::nan(""), 1.0}};
  const std::string h = report::svg_heatmap(heat);
  CHECK(h.rfind("<svg class=\"heatmap\" data-target=\"output-1200\"", 0) == 0);
  CHECK(count(h, "class=\"cell\"") == 6);
  CHECK(h.find(">50%</text>") != std::string::npos);
  CHECK(h.find(">—</text>") != std::string::npos);
  check_self_contained(report::html_page("charts <test>", t + h));
  CHECK(report::html_page("a <b> & \"c\"", "").find("<title>a &lt;b&gt; &amp; &quot;c&quot;</title>") != std::string::npos);
}

TEST_CASE("fan chart: NaN values leave gaps instead of lines through nonsense") {
  report::FanChartData data;
  data.indicator = "x";
  report::FanSeries s;
  s.years = {2020, 2021, 2022, 2023, 2024};
  s.line = {1, 2, std::nan(""), 4, 5};
  data.series.push_back(s);
  const std::string svg = report::svg_fan_chart(data);
  CHECK(count(svg, "<polyline") == 2);
  CHECK(svg.find("nan") == std::string::npos);
  data.series[0].line.assign(5, std::nan(""));
  CHECK(report::svg_fan_chart(data).find("no finite values") != std::string::npos);
}

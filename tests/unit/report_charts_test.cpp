// The SVG charts (charts.hpp) fit to send to a director: a legend naming
// everything drawn, the Okabe–Ito palette (no red-against-green statuses),
// readable text, one number format per axis, the heatmap's contours and the
// scenario's own point where they belong, the tornado's target line, and
// swings free of floating-point noise; words in the chart's language.
#include <doctest/doctest.h>

#include <cmath>
#include <regex>
#include <set>
#include <string>
#include <vector>

#include "report/charts.hpp"
#include "report/svg.hpp"

using namespace goalpath;
using report::Lang;

namespace {

std::size_t count(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (std::size_t at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}

/// The texts of the legend entries of a chart.
std::vector<std::string> legend_texts(const std::string& svg) {
  std::vector<std::string> out;
  std::size_t at = svg.find("<g class=\"legend\">");
  if (at == std::string::npos) return out;
  std::string legend = svg.substr(at, svg.find("</g>\n", at) - at);
  std::regex text(R"re(<text[^>]*>(?:<title>[^<]*</title>)?([^<]*)</text>)re");
  for (std::sregex_iterator it(legend.begin(), legend.end(), text), end; it != end; ++it) out.push_back((*it)[1]);
  return out;
}

bool has(const std::vector<std::string>& texts, const std::string& what) {
  for (const auto& t : texts) {
    if (t.find(what) != std::string::npos) return true;
  }
  return false;
}

/// Every font-size in the chart is at least 12 and the viewBox at most 720 wide.
void check_readable(const std::string& svg) {
  std::regex size(R"re(font-size="([0-9.]+)")re");
  std::size_t n = 0;
  for (std::sregex_iterator it(svg.begin(), svg.end(), size), end; it != end; ++it, ++n) {
    INFO((*it)[0]);
    CHECK(std::stod((*it)[1]) >= 12);
  }
  CHECK(n > 0);
  std::smatch box;
  REQUIRE(std::regex_search(svg, box, std::regex(R"re(viewBox="0 0 ([0-9.]+) ([0-9.]+)")re")));
  CHECK(std::stod(box[1]) <= 720);
}

/// Every x and y of text anchored "start" or "middle" lies inside the viewBox.
void check_text_inside(const std::string& svg) {
  std::smatch box;
  REQUIRE(std::regex_search(svg, box, std::regex(R"re(viewBox="0 0 ([0-9.]+) ([0-9.]+)")re")));
  const double width = std::stod(box[1]), height = std::stod(box[2]);
  std::regex text(R"re(<text x="([-0-9.]+)" y="([-0-9.]+)")re");
  for (std::sregex_iterator it(svg.begin(), svg.end(), text), end; it != end; ++it) {
    INFO((*it)[0]);
    CHECK(std::stod((*it)[1]) >= 0);
    CHECK(std::stod((*it)[1]) <= width);
    CHECK(std::stod((*it)[2]) > 0);
    CHECK(std::stod((*it)[2]) <= height);
  }
}

report::FanChartData fan(Lang lang) {
  report::FanChartData d;
  d.indicator = "output";
  d.title = "工业总产值";
  d.unit = "亿元";
  d.lang = lang;
  report::FanSeries s;
  s.years = {2024, 2025, 2026, 2027};
  s.line = {1000, 2500, 12000, 25000};
  s.p05 = {900, 2000, 9000, 20000};
  s.p25 = {950, 2300, 11000, 23000};
  s.p75 = {1050, 2700, 13000, 27000};
  s.p95 = {1100, 3000, 15000, 30000};
  d.series.push_back(s);
  d.history = {{2022, 800}, {2023, 900}};
  d.thresholds.push_back({2027, 2027, 26000, "output ≥ 26,000 亿元"});
  return d;
}

report::HeatmapData heat_of_x(std::vector<double> xs) {
  report::HeatmapData h;
  h.title = "P(met)";
  h.target = "t";
  h.x_name = "growth";
  h.y_name = "share";
  h.x_values = xs;
  h.y_values = {0.1, 0.2, 0.3};
  for (std::size_t j = 0; j < h.y_values.size(); ++j) {
    for (double x : xs) h.cells.push_back(x);  // the cell's value is its x
  }
  return h;
}

/// The (x, y) points of the path with class contour-line in the contour group of `level`.
std::vector<std::pair<double, double>> contour_points(const std::string& svg, const std::string& level) {
  std::vector<std::pair<double, double>> out;
  std::size_t at = svg.find("<g class=\"contour\" data-level=\"" + level + "\">");
  if (at == std::string::npos) return out;
  std::size_t path = svg.find("class=\"contour-line\" d=\"", at);
  std::string d = svg.substr(path + 24, svg.find('"', path + 24) - path - 24);
  std::regex point(R"re([ML]([-0-9.]+) ([-0-9.]+))re");
  for (std::sregex_iterator it(d.begin(), d.end(), point), end; it != end; ++it) {
    out.emplace_back(std::stod((*it)[1]), std::stod((*it)[2]));
  }
  return out;
}

/// The x of every column's centre from the cells' rects.
std::vector<double> column_centres(const std::string& svg) {
  std::set<double> xs;
  double width = 0;
  std::regex rect(R"re(<g class="cell"[^>]*><title>[^<]*</title><rect x="([-0-9.]+)" y="[-0-9.]+" width="([0-9.]+)")re");
  for (std::sregex_iterator it(svg.begin(), svg.end(), rect), end; it != end; ++it) {
    xs.insert(std::stod((*it)[1]));
    width = std::stod((*it)[2]);
  }
  std::vector<double> out;
  for (double x : xs) out.push_back(x + width / 2);
  return out;
}

}  // namespace

TEST_CASE("palette: Okabe–Ito statuses, no pure red or green; compare's sides blue and orange") {
  using analysis::Status;
  CHECK(std::string(report::status_colour(Status::on_track)) == report::palette::blue);
  CHECK(std::string(report::status_colour(Status::at_risk)) == report::palette::orange);
  CHECK(std::string(report::status_colour(Status::off_track)) == report::palette::vermillion);
  for (auto s : {Status::on_track, Status::at_risk, Status::off_track}) {
    std::string c = report::status_colour(s);
    for (const char* banned : {"#cf222e", "#1a7f37", "#ff0000", "#00ff00", "#008000", "#2da44e"}) {
      CHECK(c != banned);
    }
  }
  CHECK(std::string(report::kSideColours[0]) == "#0072B2");
  CHECK(std::string(report::kSideColours[1]) == "#E69F00");
  // The style sheet's status chips use the same colours.
  const std::string page = report::html_page("t", "");
  CHECK(page.find("--on:#0072B2") != std::string::npos);
  CHECK(page.find("--risk:#E69F00") != std::string::npos);
  CHECK(page.find("--off:#D55E00") != std::string::npos);
  CHECK(page.find("#cf222e") == std::string::npos);
  CHECK(page.find("#1a7f37") == std::string::npos);
  // The heatmap's scale is viridis: dark at the low end, yellow at the high end, never red or green.
  CHECK(report::detail::viridis(0) == "#440154");
  CHECK(report::detail::viridis(1) == "#fde725");
}

TEST_CASE("page: lang attribute, wrapping, scrolling tables, print rules") {
  CHECK(report::html_page("t", "").find("<html lang=\"en\">") != std::string::npos);
  const std::string zh = report::html_page("标题", "", Lang::zh);
  CHECK(zh.find("<html lang=\"zh-CN\">") != std::string::npos);
  CHECK(zh.find("Noto Sans CJK SC") != std::string::npos);
  CHECK(zh.find("overflow-wrap:anywhere") != std::string::npos);
  CHECK(zh.find(".table-wrap{overflow-x:auto") != std::string::npos);
  CHECK(zh.find("thead{display:table-header-group}") != std::string::npos);
  CHECK(zh.find("@media print") != std::string::npos);
}

TEST_CASE("fan chart: legend of line, bands, history and target; the target a labelled line; one tick format") {
  const std::string svg = report::svg_fan_chart(fan(Lang::en));
  const auto legend = legend_texts(svg);
  CHECK(has(legend, "deterministic projection"));
  CHECK(has(legend, "p25–p75"));
  CHECK(has(legend, "p05–p95"));
  CHECK(has(legend, "observed"));
  CHECK(has(legend, "target"));
  CHECK(count(svg, "class=\"target-line\"") == 1);
  CHECK(svg.find(">output ≥ 26,000 亿元</text>") != std::string::npos);
  check_readable(svg);
  check_text_inside(svg);
  // Value ticks from 0 to 30,000: every label with thousands separators, none "2500"-style.
  std::regex tick(R"re(text-anchor="end" font-size="13" fill="#59636e">([^<]*)</text>)re");
  std::vector<std::string> ticks;
  for (std::sregex_iterator it(svg.begin(), svg.end(), tick), end; it != end; ++it) ticks.push_back((*it)[1]);
  REQUIRE(ticks.size() >= 3);
  for (const auto& t : ticks) {
    INFO(t);
    const std::string digits = t.substr(0, t.find(','));
    if (std::abs(std::stod(std::regex_replace(t, std::regex(","), ""))) >= 1000) CHECK(t.find(',') != std::string::npos);
    CHECK(digits.size() <= 3);
  }

  const std::string zh = report::svg_fan_chart(fan(Lang::zh));
  const auto zh_legend = legend_texts(zh);
  CHECK(has(zh_legend, "确定性预测"));
  CHECK(has(zh_legend, "实际值"));
  CHECK(has(zh_legend, "目标"));
  CHECK(!has(zh_legend, "observed"));
}

TEST_CASE("fan chart of two sides: the second side's bands hatched and outlined, both named in the legend") {
  report::FanChartData d = fan(Lang::en);
  d.series[0].name = "A";
  report::FanSeries b = d.series[0];
  b.name = "B";
  b.colour = report::kSideColours[1];
  d.series.push_back(b);
  const std::string svg = report::svg_fan_chart(d);
  // B's two bands hatched (drawn lines: no url() reference) with their edges drawn, A's two filled.
  CHECK(svg.find("url(") == std::string::npos);
  CHECK(count(svg, "fill-opacity=\"0.06\" stroke=\"#E69F00\" stroke-width=\"1.4\"") == 2);
  CHECK(count(svg, "<path class=\"hatch\"") == 2);
  CHECK(count(svg, "fill=\"#0072B2\" fill-opacity=\"0.16\" stroke=\"none\"><title>A: p05–p95") == 1);
  CHECK(count(svg, "fill=\"#0072B2\" fill-opacity=\"0.34\" stroke=\"none\"><title>A: p25–p75") == 1);
  const auto legend = legend_texts(svg);
  CHECK(has(legend, "A: p05–p95"));
  CHECK(has(legend, "B: p05–p95"));
  CHECK(svg.find("<title>B: p05–p95</title>") != std::string::npos);
}

TEST_CASE("probability bars: status colours, a legend of statuses and cut-offs, in both languages") {
  report::ProbabilityBarsData d;
  d.bars.push_back({"gdp", "GDP 5万亿", 0.85, 0.01, false, analysis::Status::on_track});
  d.bars.push_back({"va", "增加值", 0.3, 0.01, false, analysis::Status::off_track});
  const std::string en = report::svg_probability_bars(d);
  CHECK(count(en, "class=\"bar\"") == 2);
  CHECK(en.find("fill=\"#0072B2\"") != std::string::npos);
  CHECK(en.find("fill=\"#D55E00\"") != std::string::npos);
  auto legend = legend_texts(en);
  CHECK(has(legend, "on track"));
  CHECK(has(legend, "at risk"));
  CHECK(has(legend, "off track"));
  CHECK(has(legend, "cut-offs"));
  check_readable(en);
  check_text_inside(en);
  d.lang = Lang::zh;
  const std::string zh = report::svg_probability_bars(d);
  legend = legend_texts(zh);
  CHECK(has(legend, "有望实现"));
  CHECK(has(legend, "难以实现"));
  CHECK(zh.find(">存在风险 50%</text>") != std::string::npos);
}

TEST_CASE("tornado: legend, the target line at its value, swings without floating-point noise") {
  report::TornadoData d;
  d.title = "What moves output";
  d.unit = "亿元";
  d.target = "output-1200";
  d.baseline = 1000;
  d.bars = {{"growth", 0.03, 0.05, 900, 1150}, {"flat", 0.1, 0.2, 1000, 1000 + 2.220446049250313e-13}};
  d.target_value = 1200;
  d.target_label = "target ≥ 1,200 亿元";
  const std::string svg = report::svg_tornado(d);
  const auto legend = legend_texts(svg);
  CHECK(has(legend, "low setting"));
  CHECK(has(legend, "high setting"));
  CHECK(has(legend, "baseline"));
  CHECK(has(legend, "target"));
  check_readable(svg);
  check_text_inside(svg);
  CHECK(svg.find("e-1") == std::string::npos);  // no 2.220e-16-style numbers anywhere
  CHECK(svg.find("data-parameter=\"flat\" data-swing=\"0\"") != std::string::npos);
  CHECK(svg.find("class=\"swing\">0</text>") != std::string::npos);
  CHECK(svg.find("class=\"swing\">250 亿元</text>") != std::string::npos);
  // The target line sits where the axis puts 1200: find two ticks and interpolate.
  std::smatch line;
  REQUIRE(std::regex_search(svg, line, std::regex(R"re(<line class="target-line" x1="([0-9.]+)")re")));
  const double target_x = std::stod(line[1]);
  std::smatch base;
  REQUIRE(std::regex_search(svg, base, std::regex(R"re(<line class="baseline" x1="([0-9.]+)")re")));
  const double baseline_x = std::stod(base[1]);
  std::regex tick(R"re(<line x1="([0-9.]+)" x2="[0-9.]+" y1="[0-9.]+" y2="[0-9.]+" stroke="#e6eaef"/><text[^>]*>([0-9,]+)</text>)re");
  std::vector<std::pair<double, double>> ticks;
  for (std::sregex_iterator it(svg.begin(), svg.end(), tick), end; it != end; ++it) {
    ticks.emplace_back(std::stod(std::regex_replace(std::string((*it)[2]), std::regex(","), "")), std::stod((*it)[1]));
  }
  REQUIRE(ticks.size() >= 2);
  const double per_unit = (ticks.back().second - ticks.front().second) / (ticks.back().first - ticks.front().first);
  CHECK(target_x == doctest::Approx(ticks.front().second + (1200 - ticks.front().first) * per_unit).epsilon(0.002));
  CHECK(baseline_x == doctest::Approx(ticks.front().second + (1000 - ticks.front().first) * per_unit).epsilon(0.002));
  // Chinese words.
  d.lang = Lang::zh;
  const auto zh = legend_texts(report::svg_tornado(d));
  CHECK(has(zh, "参数取低值"));
  CHECK(has(zh, "参数取高值"));
  CHECK(report::without_noise(2.220446049250313e-16, 1) == 0);
  CHECK(report::without_noise(1e-9, 1) == 1e-9);
}

TEST_CASE("heatmap: the 50% contour of a grid whose value is x is the vertical line x = 0.5") {
  // Columns at 0, 0.2, …, 1: 0.5 lies halfway between the centres of columns 2 and 3.
  const std::string svg = report::svg_heatmap(heat_of_x({0, 0.2, 0.4, 0.6, 0.8, 1.0}));
  const auto centres = column_centres(svg);
  REQUIRE(centres.size() == 6);
  const auto points = contour_points(svg, "0.5");
  REQUIRE(points.size() == 4);  // two squares tall (three rows of centres), one segment each
  for (const auto& [x, y] : points) CHECK(x == doctest::Approx((centres[2] + centres[3]) / 2).epsilon(0.001));
  // The 80% contour lies at x = 0.8: the centre of column 4.
  const auto eighty = contour_points(svg, "0.8");
  REQUIRE(!eighty.empty());
  for (const auto& [x, y] : eighty) CHECK(x == doctest::Approx(centres[4]).epsilon(0.001));
  // Both labelled and in the legend; a colour bar with percentage ticks.
  CHECK(svg.find(">50%</text></g>") != std::string::npos);
  const auto legend = legend_texts(svg);
  CHECK(has(legend, "50% contour"));
  CHECK(has(legend, "80% contour"));
  CHECK(svg.find("<g class=\"colour-bar\">") != std::string::npos);
  CHECK(svg.find(">100%</text>") != std::string::npos);
  check_readable(svg);
  check_text_inside(svg);
}

TEST_CASE("heatmap: the scenario's own point at its coordinates, readable cell text, one format per axis") {
  report::HeatmapData h = heat_of_x({0.02, 0.025, 0.03, 0.035, 0.04});
  h.own_point = std::pair{0.0275, 0.2};  // halfway between columns 1 and 2, on row 1
  h.x_percent = true;
  h.low = 0.02, h.high = 0.04;
  h.lang = Lang::zh;
  const std::string svg = report::svg_heatmap(h);
  const auto centres = column_centres(svg);
  REQUIRE(centres.size() == 5);
  std::smatch point;
  REQUIRE(std::regex_search(svg, point, std::regex(R"re(<g class="own-point" data-x="([0-9.]+)" data-y="([0-9.]+)")re")));
  CHECK(std::stod(point[1]) == doctest::Approx((centres[1] + centres[2]) / 2).epsilon(0.001));
  // Row 1 of three (first at the bottom): the middle row's centre.
  std::regex row(R"re(<g class="cell"[^>]*><title>[^<]*</title><rect x="[0-9.]+" y="([0-9.]+)" width="[0-9.]+" height="([0-9.]+)")re");
  std::set<double> tops;
  double height = 0;
  for (std::sregex_iterator it(svg.begin(), svg.end(), row), end; it != end; ++it) {
    tops.insert(std::stod((*it)[1]));
    height = std::stod((*it)[2]);
  }
  REQUIRE(tops.size() == 3);
  CHECK(std::stod(point[2]) == doctest::Approx(*std::next(tops.begin()) + height / 2).epsilon(0.001));
  CHECK(has(legend_texts(svg), "本情景的设定"));
  CHECK(has(legend_texts(svg), "等值线"));
  // x labels as percentages with one decimal each: 2.0% beside 2.5%, never "2%" beside "2.5%".
  for (const char* label : {">2.0%</text>", ">2.5%</text>", ">3.0%</text>", ">4.0%</text>"}) {
    INFO(label);
    CHECK(svg.find(label) != std::string::npos);
  }
  // Cell text contrasts with its cell: white on the dark (low) end, dark on the light (high) end.
  CHECK(svg.find("fill=\"#ffffff\">2%</text>") != std::string::npos);
  CHECK(svg.find("fill=\"#1f2328\">4%</text>") != std::string::npos);
  check_readable(svg);
  check_text_inside(svg);
}

TEST_CASE("line chart: legend of series and reference lines, one tick format, readable") {
  report::detail::LineChartData d;
  d.title = "paths needed";
  d.x_name = "growth";
  d.y_name = "P";
  d.y_percent = true;
  d.series.push_back({"P(met)", report::palette::blue, {0.01, 0.02, 0.03}, {0.2, 0.5, 0.9}});
  d.series.push_back({"needed", report::palette::orange, {0.01, 0.02, 0.03}, {0.3, 0.6, 0.8}, true});
  d.reference_lines.push_back({0.8, "on track 80%"});
  const std::string svg = report::detail::svg_line_chart(d);
  const auto legend = legend_texts(svg);
  CHECK(has(legend, "P(met)"));
  CHECK(has(legend, "needed"));
  CHECK(has(legend, "on track 80%"));
  CHECK(svg.find(">100%</text>") != std::string::npos);
  CHECK(svg.find(">0.010</text>") != std::string::npos);  // x ticks all with the step's three decimals
  CHECK(svg.find(">0.030</text>") != std::string::npos);
  check_readable(svg);
  check_text_inside(svg);
}

TEST_CASE("tick labels: one format per axis, thousands separators from 1,000, percentages") {
  using report::detail::tick_label;
  using report::detail::tick_labels;
  CHECK(tick_label(2500, 2500) == "2,500");
  CHECK(tick_label(25000, 2500) == "25,000");
  CHECK(tick_label(-1234567, 1000) == "-1,234,567");
  CHECK(tick_label(0.25, 0.05) == "0.25");
  CHECK(tick_label(0.125, 0.025, true) == "12.5%");
  CHECK(tick_label(0.2, 0.1, true) == "20%");
  CHECK(tick_labels({0.02, 0.025, 0.03}, 0) == std::vector<std::string>{"0.020", "0.025", "0.030"});
  CHECK(tick_labels({1000, 2500, 10000}, 0) == std::vector<std::string>{"1,000", "2,500", "10,000"});
  CHECK(tick_labels({0.1, 0.15}, 0, true) == std::vector<std::string>{"10%", "15%"});
  CHECK(tick_labels({0.1, 0.125}, 0, true) == std::vector<std::string>{"10.0%", "12.5%"});
}

TEST_CASE("svg text: a label too long for its room ends in … and keeps the whole in a <title>") {
  using report::detail::svg_text;
  const std::string long_name = "上海市战略性新兴产业增加值占规模以上工业总产值比重";
  const std::string t = svg_text(10, 20, long_name, 13, "start", "#000", 120);
  CHECK(t.find("…</text>") != std::string::npos);
  CHECK(t.find("<title>" + long_name + "</title>") != std::string::npos);
  CHECK(report::detail::text_width(report::detail::fit_text(long_name, 120, 13), 13) <= 120);
  CHECK(svg_text(10, 20, "short", 13, "start", "#000", 120).find("<title>") == std::string::npos);
}

TEST_CASE("tornado of a share: ticks as percentages, swings in percentage points, in both languages") {
  report::TornadoData d;
  d.title = "share";
  d.unit = "share";
  d.target = "sei-share-50";
  d.baseline = 0.5;
  d.bars = {{"sei_growth", 0.05, 0.1, 0.45, 0.6}};
  const std::string en = report::svg_tornado(d);
  CHECK(en.find(">45%</text>") != std::string::npos);
  CHECK(en.find(">60%</text>") != std::string::npos);
  CHECK(en.find("class=\"swing\">15.0 pts</text>") != std::string::npos);
  CHECK(en.find("baseline 50.0%") != std::string::npos);
  d.lang = Lang::zh;
  const std::string zh = report::svg_tornado(d);
  CHECK(zh.find("class=\"swing\">15.0个百分点</text>") != std::string::npos);
  CHECK(zh.find("基准 50.0%") != std::string::npos);
  CHECK(zh.find(">波动幅度</text>") != std::string::npos);
}

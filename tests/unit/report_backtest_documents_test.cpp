// The documents of the verbs that read history (report/build/backtest.cpp,
// rolling.cpp, calibrate.cpp): which blocks, in which order, with which
// numbers (the exact value beside every number a program may check), values
// in their unit, and the same study worded in Chinese.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>

#include "report/backtest.hpp"
#include "report/calibrate.hpp"
#include "report/document.hpp"
#include "report/rolling.hpp"

using namespace goalpath;
using namespace goalpath::report;

namespace {

analysis::BacktestResult backtest_result(bool deterministic = false) {
  analysis::BacktestResult r;
  r.scenario_id = "shanghai";
  r.title = "上海 2027";
  r.scenario_file = "scenarios/shanghai.yaml";
  r.from_year = 2019;
  r.last_year = 2021;
  r.original_base_year = 2023;
  r.paths = deterministic ? 0 : 20000;
  r.seed = 7;
  r.deterministic = deterministic;
  analysis::BacktestSeries output;
  output.name = "output";
  output.label = "工业总产值";
  output.unit = "亿元";
  output.start_value = 40000;
  output.years = {2020, 2021};
  output.observed = {45000, 48549.3};
  output.deterministic = {44000, 47000};
  output.error = {-1000.0 / 45000, (47000 - 48549.3) / 48549.3};
  if (!deterministic) {
    output.p05 = {41000, 43000};
    output.p50 = {44100, 47100};
    output.p95 = {47000, 48000};
    output.in_band = {true, false};
    output.inside_90 = 1;
  }
  output.mape = 0.027;
  analysis::BacktestSeries share;
  share.name = "share";
  share.unit = "share";
  share.start_value = 0.23;
  share.years = {2021};
  share.observed = {0.2349};
  share.deterministic = {0.24};
  share.error = {(0.24 - 0.2349) / 0.2349};
  if (!deterministic) {
    share.p05 = {0.22};
    share.p50 = {0.24};
    share.p95 = {0.26};
    share.in_band = {true};
    share.inside_90 = 1;
  }
  share.mape = 0.0217;
  r.indicators = {output, share};
  r.left_out = {"invest"};
  r.points = 3;
  r.mape_points = 3;
  r.mape = 0.025;
  if (!deterministic) {
    r.inside_90 = 2;
    r.coverage_90 = 2.0 / 3;
  }
  r.command_line = "goalpath backtest shanghai.yaml --from 2019";
  r.engine_version = "0.1.0";
  return r;
}

template <class B>
std::vector<const B*> blocks(const Document& doc) {
  std::vector<const B*> out;
  for (const auto& b : doc.blocks) {
    if (const auto* p = std::get_if<B>(&b)) out.push_back(p);
  }
  return out;
}

const Table& table(const Document& doc, const std::string& css_class) {
  for (const auto* t : blocks<Table>(doc)) {
    if (t->css_class == css_class) return *t;
  }
  FAIL("no table " << css_class);
  throw std::logic_error("unreachable");
}

std::string all_text(const Document& doc) { return render_text(doc); }

}  // namespace

TEST_CASE("backtest document: the scores first, points in their unit with exact values, a chart per indicator, provenance last") {
  const Document doc = build_backtest_document(backtest_result(), Lang::en);
  CHECK(doc.title == "Backtest of 上海 2027 (shanghai)");
  REQUIRE(!doc.blocks.empty());
  const auto* scores = std::get_if<Paragraph>(&doc.blocks.front());
  REQUIRE(scores != nullptr);
  CHECK(scores->text == "MAPE (projection vs observed): 2.5% over 3 points; inside the p05–p95 band: 2/3 (66.7%).");
  CHECK(std::holds_alternative<Provenance>(doc.blocks.back()));
  const auto& provenance = std::get<Provenance>(doc.blocks.back());
  CHECK(provenance.command_line == "goalpath backtest shanghai.yaml --from 2019");
  CHECK(provenance.heading == "Reproducibility");

  const Table& points = table(doc, "backtest-points");
  REQUIRE(points.columns.size() == 8);
  REQUIRE(points.rows.size() == 3);
  const auto& row = points.rows[1];  // output 2021
  CHECK(row[0].text == "output");
  CHECK(row[2].text == "48,549 亿元");
  CHECK(row[2].value == 48549.3);
  CHECK(row[3].text == "47,000 亿元");
  CHECK(row[4].text == "-3.2%");
  CHECK(*row[4].value == doctest::Approx((47000 - 48549.3) / 48549.3));
  CHECK(row[5].text == "43,000 亿元 – 48,000 亿元");
  CHECK(row[7].text == "no");
  CHECK(row[7].value == 0.0);
  const auto& share = points.rows[2];
  CHECK(share[2].text == "23.5%");
  CHECK(share[2].value == 0.2349);
  CHECK(share[5].text == "22.0% – 26.0%");

  const Table& indicators = table(doc, "backtest-indicators");
  REQUIRE(indicators.rows.size() == 2);
  CHECK(indicators.rows[0][0].note == "工业总产值");
  CHECK(indicators.rows[0][2].text == "2.7%");
  CHECK(indicators.rows[0][3].text == "1/2");
  CHECK(indicators.rows[0][4].text == "observed 40,000 亿元");
  CHECK(indicators.columns.back() == "start in 2019");

  const auto charts = blocks<FanChartData>(doc);
  REQUIRE(charts.size() == 2);
  CHECK(charts[0]->indicator == "output");
  CHECK(charts[0]->unit == "亿元");
  REQUIRE(charts[0]->series.size() == 1);
  // The restart point opens the line, then every compared year.
  CHECK(charts[0]->series[0].years == std::vector<int>{2019, 2020, 2021});
  CHECK(charts[0]->series[0].p95 == std::vector<double>{40000, 47000, 48000});
  CHECK(charts[0]->history.at(2021) == 48549.3);

  const auto warnings = blocks<Warnings>(doc);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0]->items.front() == "left out (no observation after 2019 depends on them): invest");
}

TEST_CASE("backtest document: a deterministic backtest has no band columns, bands or seed") {
  const Document doc = build_backtest_document(backtest_result(true), Lang::en);
  const Table& points = table(doc, "backtest-points");
  CHECK(points.columns.size() == 5);
  CHECK(std::get<Paragraph>(doc.blocks.front()).text == "MAPE (projection vs observed): 2.5% over 3 points.");
  for (const auto* chart : blocks<FanChartData>(doc)) CHECK(chart->series[0].p05.empty());
  const auto& provenance = std::get<Provenance>(doc.blocks.back());
  CHECK(std::none_of(provenance.rows.begin(), provenance.rows.end(), [](const auto& row) { return row.first == "seed"; }));
  CHECK(doc.subtitle.find("deterministic projection") != std::string::npos);
}

TEST_CASE("backtest document in Chinese: headings, columns, amounts in 万亿元, yes/no") {
  const Document doc = build_backtest_document(backtest_result(), Lang::zh);
  CHECK(doc.lang == Lang::zh);
  CHECK(doc.title == "上海 2027（shanghai）回测");
  CHECK(doc.subtitle == "以2019年的历史数据重新起算（情景基期为2023年），预测至2021年；20000条路径，随机种子 7");
  CHECK(std::get<Paragraph>(doc.blocks.front()).text ==
        "预测与实际值的平均绝对百分比误差（MAPE）：2.5%，共3个点；落在 p05–p95 区间内：2/3（66.7%）。");
  const Table& points = table(doc, "backtest-points");
  CHECK(points.columns[2] == "实际值");
  CHECK(points.columns[3] == "预测值");
  CHECK(points.rows[1][2].text == "4.85万亿元");
  CHECK(points.rows[1][2].value == 48549.3);
  CHECK(points.rows[0][7].text == "是");
  CHECK(points.rows[1][7].text == "否");
  CHECK(table(doc, "backtest-indicators").rows[0][4].text == "实际值 4.00万亿元");
  CHECK(std::get<Provenance>(doc.blocks.back()).heading == "可重复性");
  // Nothing English is left in the Chinese page but names, units and symbols.
  const std::string text = all_text(doc);
  for (const char* word : {"observed", "projected", "MAPE (", "left out", "Reproducibility", "paths", " yes", " no"}) {
    CHECK_MESSAGE(text.find(word) == std::string::npos, word);
  }
}

namespace {

analysis::RollingResult rolling_result() {
  analysis::RollingResult r;
  r.info.scenario_id = "shanghai";
  r.info.title = "上海 2027";
  r.info.scenario_file = "shanghai.yaml";
  r.info.scenario_sha256 = "abc";
  r.info.engine_version = "0.1.0";
  r.info.command_line = "goalpath backtest shanghai.yaml --rolling";
  r.info.seed = 11;
  r.paths = 5000;
  r.origins = {2015, 2016, 2017};
  r.skipped = {{2018, "no history after 2018"}};
  analysis::RollingHorizon h1;
  h1.horizon = 1;
  h1.points = 10;
  h1.inside_50 = 4;
  h1.inside_90 = 8;
  h1.coverage_50 = 0.4;
  h1.coverage_90 = 0.8;
  h1.coverage_50_p = 0.754;
  h1.coverage_90_p = 0.264;
  h1.bias = 0.0123;
  h1.rmse = 0.0456;
  analysis::RollingHorizon h2 = h1;
  h2.horizon = 2;
  h2.coverage_90 = 0.7;
  r.horizons = {h1, h2};
  r.overall.points = 20;
  r.overall.inside_50 = 8;
  r.overall.inside_90 = 15;
  r.overall.coverage_50 = 0.4;
  r.overall.coverage_90 = 0.75;
  r.overall.coverage_50_p = 0.503;
  r.overall.coverage_90_p = 0.0433;
  r.overall.pit = {1, 2, 3, 2, 2, 2, 2, 2, 2, 2};
  return r;
}

}  // namespace

TEST_CASE("rolling document: the coverage in words, both charts, the horizons with exact values, provenance last") {
  const Document doc = build_rolling_document(rolling_result(), Lang::en);
  CHECK(doc.subtitle == "rolling origins: 3 origins (2015–2017), 1 skipped; 5000 paths, seed 11");
  CHECK(std::get<Paragraph>(doc.blocks.front()).text ==
        "20 points: 40.0% inside p25–p75 (p = 0.503 against 50%), 75.0% inside p05–p95 (p = 0.0433 against 90%).");
  const auto charts = blocks<detail::LineChartData>(doc);
  REQUIRE(charts.size() == 2);
  CHECK(charts[0]->css_class == "rolling-coverage");
  CHECK(charts[0]->series[1].y == std::vector<double>{0.8, 0.7});
  CHECK(charts[0]->reference_lines.size() == 2);
  CHECK(charts[1]->css_class == "rolling-pit");
  CHECK(charts[1]->series[0].y[2] == doctest::Approx(3.0 / 20));
  const Table& t = table(doc, "rolling");
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[0][2].text == "0.0123");
  CHECK(t.rows[0][6].text == "80.0%");
  CHECK(t.rows[0][6].value == 0.8);
  CHECK(t.rows[2][0].text == "all");
  CHECK(t.rows[2][2].text == "—");
  CHECK(t.rows[2][7].value == 0.0433);
  CHECK(all_text(doc).find("PIT histogram (tenths, 0–0.1 first): 1 2 3 2 2 2 2 2 2 2") != std::string::npos);
  REQUIRE(blocks<Warnings>(doc).size() == 1);
  CHECK(blocks<Warnings>(doc)[0]->items[0] == "skipped origin 2018: no history after 2018");
  const auto& provenance = std::get<Provenance>(doc.blocks.back());
  CHECK(provenance.rows.back() == std::pair<std::string, std::string>{"paths", "5000"});
}

TEST_CASE("rolling document in Chinese") {
  const Document doc = build_rolling_document(rolling_result(), Lang::zh);
  CHECK(doc.title == "上海 2027（shanghai）滚动回测");
  CHECK(doc.subtitle == "滚动起点：3个（2015–2017），跳过1个；5000条路径，随机种子 11");
  CHECK(table(doc, "rolling").rows[2][0].text == "合计");
  CHECK(table(doc, "rolling").columns[6] == "在90%区间内");
  CHECK(blocks<detail::LineChartData>(doc)[0]->reference_lines[1].second == "名义90%");
  CHECK(blocks<Warnings>(doc)[0]->items[0] == "跳过起点2018年：no history after 2018");
}

namespace {

analysis::BandsCalibration bands_result() {
  analysis::BandsCalibration r;
  r.info = rolling_result().info;
  r.paths = 5000;
  r.before = rolling_result();
  r.after = rolling_result();
  r.after.overall.inside_90 = 18;
  r.after.overall.coverage_90 = 0.9;
  r.after.overall.coverage_90_p = 1.0;
  r.errors = 12;
  analysis::ShockCalibration s;
  s.name = "output_shock";
  s.sd_given = 0.01;
  s.indicators = {"output", "va"};
  s.errors.resize(12);
  s.calibrated = true;
  s.sd = 0.0283;
  s.sd_se = 0.0058;
  s.scale = 2.83;
  s.bias_per_year = -0.0125;
  s.bias_flagged = true;
  s.note = "projections below history by 1.3% a year";
  analysis::ShockCalibration kept;
  kept.name = "share_shock";
  kept.sd_given = 0.02;
  kept.sd = 0.02;
  kept.note = "no indicator with history grows by it alone";
  r.shocks = {s, kept};
  r.calibrated.id = "shanghai";
  r.calibrated.shocks.resize(2);  // runs parallel to r.shocks (bands_yaml restates the sources)
  r.calibrated.shocks[0].source = "calibrated";
  r.warnings = {"the bias of output_shock is flagged"};
  return r;
}

}  // namespace

TEST_CASE("bands document: coverage before and after, every shock's sd with its SE and bias flag, provenance last") {
  const Document doc = build_bands_document(bands_result(), Lang::en);
  CHECK(doc.title == "Band calibration of 上海 2027 (shanghai)");
  CHECK(std::get<Paragraph>(doc.blocks.front()).text ==
        "Calibrated on 12 forecast errors: the 90% band held 15 of 20 points (75.0%) with the shocks as given and 18 "
        "of 20 points (90.0%) calibrated; the 50% band 8 of 20 points (40.0%) and 8 of 20 points (40.0%).");
  const Table& coverage = table(doc, "bands-coverage");
  REQUIRE(coverage.rows.size() == 2);
  CHECK(coverage.rows[0][4].text == "15/20 (75.0%)");
  CHECK(coverage.rows[0][4].value == 0.75);
  CHECK(coverage.rows[1][4].value == 0.9);
  CHECK(coverage.rows[1][5].value == 1.0);
  const Table& shocks = table(doc, "bands-shocks");
  REQUIRE(shocks.rows.size() == 2);
  CHECK(shocks.rows[0][1].text == "output, va");
  CHECK(shocks.rows[0][2].value == 0.01);
  CHECK(shocks.rows[0][3].text == "0.0283");
  CHECK(shocks.rows[0][3].note == "×2.83");
  CHECK(shocks.rows[0][4].text == "0.0058");
  CHECK(shocks.rows[0][5].value == 12);
  CHECK(shocks.rows[0][6].text == "-1.25%");
  CHECK(shocks.rows[0][6].status == analysis::Status::at_risk);
  CHECK(shocks.rows[1][3].text == "kept");
  CHECK(shocks.rows[1][6].text == "—");
  const auto charts = blocks<detail::LineChartData>(doc);
  REQUIRE(charts.size() == 1);
  CHECK(charts[0]->series.size() == 4);  // 50% and 90%, as given (dashed) and calibrated
  CHECK(charts[0]->series[0].dashed);
  CHECK(!charts[0]->series[1].dashed);
  REQUIRE(blocks<Warnings>(doc).size() == 1);
  CHECK(std::holds_alternative<Provenance>(doc.blocks.back()));
}

TEST_CASE("bands document in Chinese, and with nothing calibrated") {
  const Document doc = build_bands_document(bands_result(), Lang::zh);
  CHECK(doc.title == "上海 2027（shanghai）冲击幅度校准");
  CHECK(std::get<Paragraph>(doc.blocks.front()).text ==
        "基于12个预测误差校准：90%区间的覆盖由20个点中15个（75.0%）变为20个点中18个（90.0%）；50%区间由20个点中8个（40.0%）"
        "变为20个点中8个（40.0%）。");
  CHECK(table(doc, "bands-coverage").rows[0][0].text == "按原假设");
  CHECK(table(doc, "bands-coverage").rows[0][4].text == "15/20（75.0%）");
  CHECK(table(doc, "bands-shocks").columns[2] == "假设标准差");
  CHECK(table(doc, "bands-shocks").rows[1][3].text == "保持不变");

  analysis::BandsCalibration none = bands_result();
  none.errors = 0;
  CHECK(std::get<Paragraph>(build_bands_document(none, Lang::en).blocks.front()).text ==
        "No shock could be calibrated (see each shock's note below). With the shocks as given the 90% band held 15 of "
        "20 points (75.0%).");
}

TEST_CASE("calibration document: the growth, the history in its unit, what to write in the scenario") {
  analysis::Calibration c;
  c.indicator = "output";
  c.label = "工业总产值";
  c.unit = "亿元";
  c.years = {2020, 2021, 2022};
  c.values = {40000, 42000, 44100};
  c.growth_years = {2021, 2022};
  c.growth = {0.05, 0.05};
  c.n = 2;
  c.mean = 0.05;
  c.sd = 0;
  c.se = 0;
  c.cagr = 0.05;
  c.span_years = 2;
  c.warning = "sd from n=2 year-on-year rates is unreliable";
  const Document doc = build_calibration_document(c, Lang::en);
  CHECK(doc.title == "Growth of 工业总产值 (output) from its history");
  CHECK(std::get<Paragraph>(doc.blocks.front()).text ==
        "Compound annual growth 2020–2022 (2 years): +5.00%; year-on-year growth mean +5.00%, sd 0.00%; the trend's "
        "uncertainty (sd / √2): 0.00%.");
  REQUIRE(blocks<Warnings>(doc).size() == 1);
  const Table& history = table(doc, "calibration-history");
  CHECK(history.rows[1][1].text == "42,000 亿元");
  CHECK(history.rows[1][2].value == 0.05);
  CHECK(history.rows[0][2].text == "—");
  const Table& values = table(doc, "calibration-values");
  CHECK(values.rows[0][2].value == 0.05);
  CHECK(values.rows[0][3].text == "none");  // no spread: a fixed trend
  CHECK(values.rows[1][3].value == 0.0);

  const Document zh = build_calibration_document(c, Lang::zh);
  CHECK(zh.title == "工业总产值（output）：基于历史数据的增长校准");
  CHECK(table(zh, "calibration-history").rows[1][1].text == "4.20万亿元");
  CHECK(table(zh, "calibration-values").rows[0][3].text == "无");
}

TEST_CASE("the writers render the documents; calibrate's table stays the YAML") {
  CHECK(backtest_report(backtest_result(), Format::html).find("<svg class=\"fan-chart\" data-indicator=\"output\"") !=
        std::string::npos);
  CHECK(backtest_report(backtest_result(), Format::md, Lang::zh).find("| 指标 |") != std::string::npos);
  CHECK(rolling_report(rolling_result(), Format::html).find("class=\"rolling-pit\"") != std::string::npos);
  CHECK(bands_report(bands_result(), Format::table, "base.yaml").rfind("# Written by goalpath", 0) == 0);
  CHECK(bands_report(bands_result(), Format::html, "base.yaml").find("data-value=\"0.0283\"") != std::string::npos);
  CHECK_THROWS_AS(bands_report(bands_result(), Format::csv, "base.yaml"), std::invalid_argument);
}

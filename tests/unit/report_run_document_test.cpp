// The Document of `goalpath run` (report/build/run.cpp): blocks in the order
// a director reads (the answer, the targets, the indicators, every
// assumption, the diagnostics, the provenance last), numbers in cells equal
// to the RunResult's, shares as percentages, and every word in Chinese with
// Lang::zh. Also the compare and track builders' order and language.
#include <doctest/doctest.h>

#include <algorithm>
#include <string>

#include "analysis/run.hpp"
#include "model/model.hpp"
#include "report/document.hpp"
#include "report/report.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

using namespace goalpath;
using report::Lang;

namespace {

const char* kScenario = R"(scenario: doc
title: 文档测试
years: [2023, 2027]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.01 } }
  h: { value: 0.01, uncertainty: { dist: normal, sd: 0.005 } }
shocks:
  e: { sd: 0.02, ar: 0.5 }
  f: { sd: 0.01 }
correlations:
  - [g, h, 0.4]
  - [e, f, -0.3]
indicators:
  output: { label: 工业总产值, unit: 亿元, base: 40000, growth: "g + e", source: 统计年鉴 }
  share: { label: 战略性新兴产业占比, unit: share, base: 0.4, change: "h + f" }
targets:
  - { id: output-5t, label: 工业总产值迈上5万亿元, indicator: output, year: 2027, at_least: 50000 }
  - { id: share-50, indicator: share, year: 2027, at_least: 0.5 }
  - { id: grow-6, indicator: output, cagr: [2023, 2027], at_least: 0.06 }
)";

analysis::RunResult run_result(std::int64_t paths) {
  model::Model model = model::compile_model(scenario::load_scenario_text(kScenario, "doc.yaml"));
  sim::DeterministicOutcome deterministic = sim::run_deterministic(model);
  sim::SimulationOptions options;
  options.paths = paths;
  options.seed = 7;
  options.threads = 1;
  sim::MonteCarloOutcome mc = sim::run_monte_carlo(model, options);
  analysis::RunSettings settings;
  settings.paths = paths;
  settings.seed = 7;
  settings.engine_version = "test";
  settings.scenario_file = "doc.yaml";
  settings.command_line = "goalpath run doc.yaml";
  return analysis::analyse_run(model, deterministic, &mc, settings);
}

template <class B>
std::vector<std::size_t> positions(const report::Document& doc) {
  std::vector<std::size_t> out;
  for (std::size_t k = 0; k < doc.blocks.size(); ++k) {
    if (std::holds_alternative<B>(doc.blocks[k])) out.push_back(k);
  }
  return out;
}

const report::Table* table(const report::Document& doc, const std::string& css) {
  for (const auto& b : doc.blocks) {
    if (const auto* t = std::get_if<report::Table>(&b); t && t->css_class == css) return t;
  }
  return nullptr;
}

std::size_t index_of(const report::Document& doc, const std::string& css) {
  for (std::size_t k = 0; k < doc.blocks.size(); ++k) {
    if (const auto* t = std::get_if<report::Table>(&doc.blocks[k]); t && t->css_class == css) return k;
  }
  return doc.blocks.size();
}

bool has_heading(const report::Document& doc, const std::string& text) {
  return std::any_of(doc.blocks.begin(), doc.blocks.end(), [&](const report::Block& b) {
    const auto* h = std::get_if<report::Heading>(&b);
    return h && h->text == text;
  });
}

std::size_t column(const report::Table& t, const std::string& name) {
  return static_cast<std::size_t>(std::find(t.columns.begin(), t.columns.end(), name) - t.columns.begin());
}

}  // namespace

TEST_CASE("run document: the answer first, then targets, indicators, assumptions, diagnostics, provenance last") {
  const analysis::RunResult r = run_result(2000);
  const report::Document doc = report::build_run_document(r, Lang::en);
  const auto verdicts = positions<report::Verdicts>(doc);
  const auto provenance = positions<report::Provenance>(doc);
  REQUIRE(verdicts.size() == 1);
  REQUIRE(provenance.size() == 1);
  CHECK(provenance.front() == doc.blocks.size() - 1);
  const std::size_t targets = index_of(doc, "targets");
  REQUIRE(targets < doc.blocks.size());
  CHECK(verdicts.front() < targets);
  CHECK(positions<report::ProbabilityBarsData>(doc).front() < targets);
  CHECK(targets < positions<report::FanChartData>(doc).front());
  CHECK(positions<report::FanChartData>(doc).back() < index_of(doc, "assumptions"));
  CHECK(index_of(doc, "assumptions") < index_of(doc, "shocks"));
  CHECK(index_of(doc, "shocks") < index_of(doc, "correlations"));
  CHECK(index_of(doc, "correlations") < provenance.front());
  CHECK(positions<report::FanChartData>(doc).size() == 2);
}

TEST_CASE("run document: numbers in cells are the RunResult's, shares and rates as percentages") {
  const analysis::RunResult r = run_result(2000);
  const report::Document doc = report::build_run_document(r, Lang::en);
  const report::Table* t = table(doc, "targets");
  REQUIRE(t != nullptr);
  REQUIRE(t->rows.size() == r.targets.size());
  const std::size_t p = column(*t, "P(met)"), projected = column(*t, "projected"), se = column(*t, "± se");
  REQUIRE(p < t->columns.size());
  for (std::size_t k = 0; k < r.targets.size(); ++k) {
    const auto& row = t->rows[k];
    CHECK(row[0].text == r.targets[k].id);
    REQUIRE(row[p].value.has_value());
    CHECK(*row[p].value == *r.targets[k].probability);
    CHECK(row[p].text == report::percent_text(*r.targets[k].probability));  // 42.3%: one decimal
    CHECK(row[se].text == report::percent_text(*r.targets[k].probability_se, 2));
    CHECK(*row[se].value == *r.targets[k].probability_se);
    CHECK(*row[projected].value == r.targets[k].deterministic_value);
  }
  // The share target's projection and threshold read as percentages, the money one with separators.
  CHECK(t->rows[1][projected].text == report::percent_text(r.targets[1].deterministic_value));
  CHECK(t->rows[1][1].text == "2027 ≥ 50.0%");
  CHECK(t->rows[0][projected].text.find(',') != std::string::npos);
  CHECK(t->rows[0][projected].text == report::number_text(r.targets[0].deterministic_value));

  const auto& verdicts = std::get<report::Verdicts>(doc.blocks[positions<report::Verdicts>(doc).front()]);
  REQUIRE(verdicts.items.size() == 3);
  CHECK(*verdicts.items[0].probability.value == *r.targets[0].probability);
  CHECK(verdicts.items[0].sentence.find("工业总产值迈上5万亿元 (≥ 50,000 亿元 in 2027): probability " +
                                        report::percent_text(*r.targets[0].probability)) == 0);
  CHECK(verdicts.items[0].sentence.find(report::status_text(r.targets[0].status, Lang::en)) != std::string::npos);

  // The growth target's marker sits at the level the analysis implies.
  for (const auto& b : doc.blocks) {
    const auto* chart = std::get_if<report::FanChartData>(&b);
    if (!chart || chart->indicator != "output") continue;
    REQUIRE(chart->thresholds.size() == 2);
    CHECK(chart->thresholds[1].value == *r.targets[2].implied_level);
  }
}

TEST_CASE("run document: the yearly shocks and every correlation with its value in the assumptions") {
  const analysis::RunResult r = run_result(2000);
  const report::Document doc = report::build_run_document(r, Lang::en);
  const report::Table* shocks = table(doc, "shocks");
  REQUIRE(shocks != nullptr);
  REQUIRE(shocks->rows.size() == 2);
  CHECK(shocks->rows[0][0].text == "e");
  CHECK(*shocks->rows[0][1].value == 0.02);
  CHECK(*shocks->rows[0][2].value == 0.5);
  const report::Table* correlations = table(doc, "correlations");
  REQUIRE(correlations != nullptr);
  REQUIRE(correlations->rows.size() == 2);
  CHECK(correlations->rows[0][0].text == "g");
  CHECK(correlations->rows[0][1].text == "h");
  CHECK(*correlations->rows[0][2].value == 0.4);
  CHECK(correlations->rows[1][2].text == "-0.30");
  const report::Table* sources = table(doc, "sources");
  REQUIRE(sources != nullptr);
  CHECK(sources->rows[0][1].text == "统计年鉴");
}

TEST_CASE("run document in Chinese: headings, columns, statuses and the calibration footnote") {
  const analysis::RunResult r = run_result(2000);
  const report::Document doc = report::build_run_document(r, Lang::zh);
  CHECK(doc.lang == Lang::zh);
  for (const char* h : {"结论", "目标一览", "目标", "指标", "假设", "年度冲击", "相关系数", "诊断"}) {
    CHECK_MESSAGE(has_heading(doc, h), h);
  }
  const report::Table* t = table(doc, "targets");
  REQUIRE(t != nullptr);
  CHECK(t->columns == std::vector<std::string>{"目标", "测度", "预测值", "是否达到", "p05–p95", "实现概率", "± 标准误",
                                               "需年均增长", "预测年均增长", "状态", "进展"});
  CHECK(t->rows[0][9].text == report::status_text(r.targets[0].status, Lang::zh));
  CHECK(t->footnotes[0].find("区间未经历史数据校准") == 0);
  const auto& verdicts = std::get<report::Verdicts>(doc.blocks[positions<report::Verdicts>(doc).front()]);
  CHECK(verdicts.items[0].sentence.find("工业总产值迈上5万亿元（2027年 ≥ 5.00万亿元）：实现概率") == 0);
  CHECK(verdicts.items[2].sentence.find("（2023–2027年年均增长 ≥ 6.0%）") != std::string::npos);
  const auto& provenance = std::get<report::Provenance>(doc.blocks.back());
  CHECK(provenance.heading == "可重复性");
  CHECK(provenance.command_label == "命令");
  // The rendered page is Chinese from title to footnote (apart from the scenario's own words and codes).
  const std::string text = report::render_text(doc);
  CHECK(text.find("实现概率") != std::string::npos);
  CHECK(text.find("target") == std::string::npos);
  CHECK(text.find("Reproducibility") == std::string::npos);
}

TEST_CASE("every format shows the few-paths warning the analysis sets") {
  const analysis::RunResult r = run_result(400);
  REQUIRE(r.few_paths_se.has_value());
  for (Lang lang : {Lang::en, Lang::zh}) {
    const report::Document doc = report::build_run_document(r, lang);
    const auto warnings = positions<report::Warnings>(doc);
    REQUIRE(warnings.size() == 1);
    const auto& items = std::get<report::Warnings>(doc.blocks[warnings.front()]).items;
    const std::string expected = lang == Lang::en ? "only 400 paths: probabilities are rough (standard error up to 2.5%)."
                                                  : "仅400条路径：概率只是粗略估计（标准误最大可达2.5%）。";
    CHECK(std::find(items.begin(), items.end(), expected) != items.end());
    for (const std::string& page : {report::run_table(r, {}, lang), report::run_markdown(r, lang), report::run_html(r, lang)}) {
      CHECK(page.find(lang == Lang::en ? "only 400 paths" : "仅400条路径") != std::string::npos);
    }
  }
  CHECK(report::run_html(run_result(2000)).find("only 2000 paths") == std::string::npos);
}

TEST_CASE("compare document: the answer first, provenance of both sides last, in either language") {
  const analysis::CompareResult c = analysis::compare_runs(run_result(2000), run_result(3000));
  for (Lang lang : {Lang::en, Lang::zh}) {
    const report::Document doc = report::build_compare_document(c, lang);
    const auto verdicts = positions<report::Verdicts>(doc);
    REQUIRE(verdicts.size() == 1);
    CHECK(verdicts.front() < index_of(doc, "targets"));
    REQUIRE(std::holds_alternative<report::Provenance>(doc.blocks.back()));
    const auto& provenance = std::get<report::Provenance>(doc.blocks.back());
    CHECK(provenance.rows.front().first == (lang == Lang::en ? "A engine" : "A 引擎"));
    const report::Table* t = table(doc, "targets");
    REQUIRE(t != nullptr);
    CHECK(*t->rows[0][1].value == *c.targets[0].a->probability);
    CHECK(*t->rows[0][2].value == *c.targets[0].b->probability);
    CHECK(*t->rows[0][3].value == *c.targets[0].delta_probability);
    CHECK(t->columns[1] == (lang == Lang::en ? "P(A)" : "A 实现概率"));
  }
}

// report/build/brief.cpp: the brief's Document — its sections in the order a
// director reads them, provenance last, every number the BriefResult's, in
// Chinese and in English.
#include <doctest/doctest.h>

#include <regex>

#include "report/brief.hpp"

using namespace goalpath;
using namespace goalpath::report;
using analysis::Status;

namespace {

analysis::TargetResult target(const std::string& id, const std::string& label, const std::string& unit, double threshold,
                              double p, Status status) {
  analysis::TargetResult t;
  t.id = id;
  t.label = label;
  t.unit = unit;
  t.ask.threshold = threshold;
  t.ask.first_year = t.ask.last_year = 2027;
  t.probability = p;
  t.probability_se = 0.0077;
  t.status = status;
  t.deterministic_value = threshold * 0.97;
  return t;
}

analysis::BriefResult brief_sample(bool calibrated = true) {
  analysis::BriefResult b;
  analysis::RunResult& run = b.run;
  run.scenario_id = "shanghai-2027-baseline";
  run.title = "上海推进新型工业化2027年目标";
  run.years = {2023, 2024, 2025, 2026, 2027};
  run.settings.seed = 11;
  run.settings.paths = 4000;
  run.settings.threads = 2;
  run.settings.engine_version = "1.0";
  run.settings.scenario_file = "baseline.yaml";
  run.settings.scenario_files = {{"baseline.yaml", "abc"}};
  run.settings.command_line = "goalpath brief baseline.yaml";
  run.targets.push_back(target("output-5tn", "工业总产值迈上5万亿元新台阶", "亿元", 50000, 0.399, Status::off_track));
  run.targets.push_back(target("sei-share", "战略性新兴产业比重达到50%", "share", 0.5, 0.515, Status::at_risk));
  run.joint_probability = 0.21;
  analysis::TargetSignpost s;
  s.year = 2025;
  s.indicator = "output";
  s.at_50.value = 41600;
  s.at_80.value = 46600;
  run.targets[0].signposts.push_back(s);
  analysis::IndicatorResult output;
  output.name = "output";
  output.label = "工业总产值";
  output.unit = "亿元";
  run.indicators.push_back(output);
  if (calibrated) {
    scenario::CalibrationSpec c;
    c.method = "maximum likelihood";
    c.errors = 17;
    c.points = 59;
    c.coverage_50 = 0.4576;
    c.coverage_90 = 0.9492;
    run.calibration = c;
  }
  analysis::TargetDrivers d;
  d.target = "output-5tn";
  d.tornado.target = "output-5tn";
  d.tornado.unit = "亿元";
  d.tornado.ask = run.targets[0].ask;
  d.tornado.baseline = 48549;
  analysis::SensitivityParameter p;
  p.name = "output_growth";
  p.low = 0.0208;
  p.high = 0.0592;
  p.output_low = 45100;
  p.output_high = 52200;
  p.swing = 7100;
  d.tornado.parameters = {p};
  d.omitted = 2;
  b.drivers.push_back(d);
  analysis::BriefVariant v;
  v.file = "optimistic.yaml";
  v.run = run;
  v.run.scenario_id = "shanghai-2027-optimistic";
  v.run.targets[0].probability = 0.567;
  v.run.targets[1].probability = 0.569;
  for (const auto& t : run.targets) {
    analysis::TargetComparison c;
    c.id = t.id;
    c.a = t;
    c.b = v.run.targets[&t - &run.targets[0]];
    c.delta_probability = *c.b->probability - *t.probability;
    v.targets.push_back(c);
  }
  b.variants.push_back(v);
  b.assumptions.parameters.push_back({"output_growth", "assumption: 2015-2021 CAGR", "normal(sd=0.015)", 0.04, 0.0208, 0.0592});
  b.assumptions.shocks.push_back({"output_shock", "calibrated", 0.0543, 0.3});
  b.assumptions.correlations.push_back({"output_growth", "sei_growth", 0.6, false});
  b.assumptions.correlations.push_back({"output_shock", "sei_shock", 0.6, true});
  b.assumptions.indicators.push_back({"output", "工业总产值", "亿元", "seed 000"});
  b.seed = 11;
  b.paths = 4000;
  return b;
}

std::vector<std::string> sections(const Document& doc) {
  std::vector<std::string> out;
  for (const auto& block : doc.blocks) {
    if (const auto* h = std::get_if<Heading>(&block); h && h->level == 2) out.push_back(h->text);
  }
  return out;
}

const Table& table(const Document& doc, const std::string& css_class) {
  for (const auto& block : doc.blocks) {
    if (const auto* t = std::get_if<Table>(&block); t && t->css_class == css_class) return *t;
  }
  FAIL("no table " << css_class);
  throw;
}

template <class B>
const B& first(const Document& doc) {
  for (const auto& block : doc.blocks) {
    if (const auto* b = std::get_if<B>(&block)) return *b;
  }
  FAIL("no such block");
  throw;
}

}  // namespace

TEST_CASE("the brief's sections in the director's order, provenance last, in each language") {
  const auto b = brief_sample();
  const Document en = build_brief_document(b, Lang::en);
  CHECK(sections(en) == std::vector<std::string>{"The answer", "What drives it", "What the next review must show",
                                                 "How far to trust it", "The variants side by side", "Every assumption"});
  CHECK(std::holds_alternative<Provenance>(en.blocks.back()));
  CHECK(std::get<Provenance>(en.blocks.back()).heading == "Reproducibility");
  const Document zh = build_brief_document(b, Lang::zh);
  CHECK(zh.lang == Lang::zh);
  CHECK(sections(zh) == std::vector<std::string>{"结论", "影响因素", "下次评估应看到什么", "可信度", "各情景对比", "全部假设"});
  CHECK(std::get<Provenance>(zh.blocks.back()).heading == "可重复性");
  // No English words of ours in the Chinese brief's headings and column headers.
  const std::regex latin("[A-Za-z]{2,}");
  for (const auto& block : zh.blocks) {
    if (const auto* h = std::get_if<Heading>(&block); h && h->level != 3) CHECK_FALSE(std::regex_search(h->text, latin));
    if (const auto* t = std::get_if<Table>(&block)) {
      for (const auto& c : t->columns) CHECK_MESSAGE(!std::regex_search(c, latin), c);
    }
  }
  // Without variants the section is left out.
  auto alone = brief_sample();
  alone.variants.clear();
  CHECK(sections(build_brief_document(alone, Lang::en)).size() == 5);
}

TEST_CASE("the answer: one line of words per target, carrying the run's probability") {
  const auto b = brief_sample();
  const Document zh_doc = build_brief_document(b, Lang::zh);
  const Document en_doc = build_brief_document(b, Lang::en);
  const Verdicts& zh = first<Verdicts>(zh_doc);
  REQUIRE(zh.items.size() == 2);
  CHECK(zh.items[0].sentence == "工业总产值迈上5万亿元新台阶：实现概率39.9%，难以实现");
  CHECK(zh.items[1].sentence == "战略性新兴产业比重达到50%：实现概率51.5%，存在风险");
  CHECK(zh.items[0].probability.value == 0.399);
  CHECK(zh.items[0].probability.text == "39.9%");
  const Verdicts& en = first<Verdicts>(en_doc);
  CHECK(en.items[0].sentence == "工业总产值迈上5万亿元新台阶: 39.9% likely — off track");
  CHECK(en.items[1].sentence == "战略性新兴产业比重达到50%: 51.5% likely — at risk");
  const ProbabilityBarsData& bars = first<ProbabilityBarsData>(en_doc);
  CHECK(bars.bars.size() == 2);
  CHECK(*bars.bars[1].probability == 0.515);

  const Table& targets = table(zh_doc, "targets");
  REQUIRE(targets.rows.size() == 2);
  CHECK(targets.rows[0][1].text == "≥ 5.00万亿元");
  CHECK(targets.rows[1][1].text == "≥ 50.0%");
  CHECK(targets.rows[0][3].text == "39.9%");
  CHECK(targets.rows[0][3].value == 0.399);
  CHECK(targets.rows[0][3].status == Status::off_track);
  CHECK(table(en_doc, "targets").rows[0][1].text == "≥ 50,000 亿元");
}

TEST_CASE("drivers, signposts and trust: the BriefResult's numbers, worded per language") {
  const auto b = brief_sample();
  const Document zh = build_brief_document(b, Lang::zh);
  const TornadoData& chart = first<TornadoData>(zh);
  CHECK(chart.target == "output-5tn");
  CHECK(chart.baseline == 48549);
  REQUIRE(chart.bars.size() == 1);
  CHECK(chart.bars[0].output_high == 52200);
  const Table& drivers = table(zh, "drivers");
  CHECK(drivers.rows[0][1].text == "4.51万亿元");
  CHECK(drivers.rows[0][1].value == 45100);
  CHECK(drivers.rows[0][3].text == "7,100亿元");
  CHECK(drivers.footnotes[0].find("另有2项影响较小的假设未列出") != std::string::npos);

  const Table& signposts = table(zh, "signposts");
  REQUIRE(signposts.rows.size() == 1);
  CHECK(signposts.rows[0][1].text == "2025");
  CHECK(signposts.rows[0][1].note == "工业总产值");
  CHECK(signposts.rows[0][2].text == "≥ 4.16万亿元");
  CHECK(signposts.rows[0][2].value == 41600);
  CHECK(signposts.rows[0][3].value == 46600);
  const Document en = build_brief_document(b, Lang::en);
  CHECK(table(en, "signposts").rows[0][3].text == "≥ 46,600 亿元");

  const Table& coverage = table(zh, "coverage");
  CHECK(coverage.rows[0][2].value == 0.4576);
  CHECK(coverage.rows[1][2].text == "94.9%");
  bool says_assumed = false;
  const Document assumed = build_brief_document(brief_sample(false), Lang::zh);
  for (const auto& block : assumed.blocks) {
    if (const auto* p = std::get_if<Paragraph>(&block)) says_assumed |= p->text.rfind("波动区间为假设", 0) == 0;
  }
  CHECK(says_assumed);
}

TEST_CASE("variants side by side and every assumption") {
  const auto b = brief_sample();
  const Document zh_doc = build_brief_document(b, Lang::zh);
  const Document en = build_brief_document(b, Lang::en);
  const Table& zh = table(zh_doc, "variants");
  REQUIRE(zh.rows.size() == 4);  // two targets, each the baseline then the variant
  CHECK(zh.rows[0][1].text == "shanghai-2027-baseline");
  CHECK(zh.rows[0][2].value == 0.399);
  CHECK(zh.rows[1][1].text == "shanghai-2027-optimistic");
  CHECK(zh.rows[1][2].value == 0.567);
  CHECK(zh.rows[1][2].text == "56.7%");
  CHECK(zh.rows[1][3].text == "+16.8个百分点");
  CHECK(zh.rows[1][3].value == b.variants[0].targets[0].delta_probability);
  CHECK(table(en, "variants").rows[3][3].text == "+5.4 pts");

  const Table& parameters = table(en, "parameters");
  CHECK(parameters.rows[0][1].value == 0.04);
  CHECK(parameters.rows[0][2].text == "assumption: 2015-2021 CAGR");
  CHECK(table(en, "shocks").rows[0][1].value == 0.0543);
  const Table& correlations = table(en, "correlations");
  REQUIRE(correlations.rows.size() == 2);
  CHECK(correlations.rows[1][0].text == "output_shock – sei_shock");
  CHECK(correlations.rows[1][0].note == "shocks, same year");
  CHECK(table(en, "sources").rows[0][2].text == "seed 000");
  const auto& provenance = std::get<Provenance>(en.blocks.back());
  CHECK(provenance.command_line == "goalpath brief baseline.yaml");
  bool seed = false;
  for (const auto& [name, value] : provenance.rows) seed |= name == "seed" && value == "11";
  CHECK(seed);
}

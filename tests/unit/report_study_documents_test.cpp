// The documents of the design-point studies (report/build/{sweep,
// sensitivity,solve,discover}.cpp): their blocks, provenance last, cells
// that carry the result's exact numbers, the heatmap's own point and
// contours, the tornado's target line, Morris's full no-effect list, and
// Chinese words with Lang::zh.
#include <doctest/doctest.h>

#include <cmath>
#include <string>
#include <variant>

#include "report/discover.hpp"
#include "report/document.hpp"
#include "report/sensitivity.hpp"
#include "report/solve.hpp"
#include "report/sweep.hpp"

using namespace goalpath;
using report::Lang;

namespace {

analysis::StudyInfo info() {
  analysis::StudyInfo i;
  i.scenario_id = "study-test";
  i.title = "上海工业";
  i.scenario_file = "study-test.yaml";
  i.scenario_sha256 = std::string(64, 'a');
  i.engine_version = "0.1.0-test";
  i.command_line = "goalpath study study-test.yaml";
  i.seed = 7;
  i.threads = 2;
  return i;
}

analysis::TargetAsk level_ask(double threshold, int year = 2027) {
  analysis::TargetAsk a;
  a.threshold = threshold;
  a.first_year = a.last_year = year;
  return a;
}

template <class B>
std::vector<const B*> blocks(const report::Document& doc) {
  std::vector<const B*> out;
  for (const auto& b : doc.blocks) {
    if (const auto* p = std::get_if<B>(&b)) out.push_back(p);
  }
  return out;
}

/// Every word a reader sees: title, headings, paragraphs, table headers,
/// cells and footnotes, warnings, provenance names.
std::string all_text(const report::Document& doc) {
  std::string out = doc.title + "\n" + doc.subtitle + "\n";
  for (const auto& b : doc.blocks) {
    if (const auto* h = std::get_if<report::Heading>(&b)) out += h->text + "\n";
    if (const auto* p = std::get_if<report::Paragraph>(&b)) out += p->text + "\n";
    if (const auto* w = std::get_if<report::Warnings>(&b)) {
      for (const auto& i : w->items) out += i + "\n";
    }
    if (const auto* t = std::get_if<report::Table>(&b)) {
      for (const auto& c : t->columns) out += c + "|";
      for (const auto& row : t->rows) {
        for (const auto& c : row) out += c.text + "|" + c.note + "|";
      }
      for (const auto& f : t->footnotes) out += f + "\n";
    }
    if (const auto* p = std::get_if<report::Provenance>(&b)) {
      out += p->heading + "\n" + p->note + "\n";
      for (const auto& [name, value] : p->rows) out += name + "=" + value + "\n";
    }
  }
  return out;
}

void check_provenance_last(const report::Document& doc) {
  REQUIRE(!doc.blocks.empty());
  const auto* p = std::get_if<report::Provenance>(&doc.blocks.back());
  REQUIRE(p != nullptr);
  CHECK(p->command_line == "goalpath study study-test.yaml");
  CHECK(blocks<report::Provenance>(doc).size() == 1);
}

bool contains(const std::string& text, const std::string& piece) { return text.find(piece) != std::string::npos; }

analysis::SweepResult sweep() {
  analysis::SweepResult r;
  r.info = info();
  r.paths = 1000;
  r.axes = {{"output_growth", {0.02, 0.04}, {}, 0.04}, {"sei_growth", {0.05, 0.06, 0.07}, {}, 0.06}};
  r.targets = {{"output-5w", "工业总产值迈上5万亿元", "亿元", level_ask(50000)},
               {"sei-share", "Strategic share", "share", level_ask(0.3)}};
  double p = 0.05;
  for (double x : r.axes[0].values) {
    for (double y : r.axes[1].values) {
      analysis::SweepPoint point;
      point.values = {x, y};
      for (int t = 0; t < 2; ++t) {
        analysis::SweepCell c;
        c.value = t == 0 ? 48549.3 + 1000 * x : 0.2349;
        c.probability = p;
        c.probability_se = 0.001;
        p += 0.061;
        point.targets.push_back(c);
      }
      r.points.push_back(point);
    }
  }
  return r;
}

}  // namespace

TEST_CASE("sweep: heatmaps with the scenario's own point and contours, every cell's exact probability, provenance last") {
  const analysis::SweepResult r = sweep();
  const report::Document doc = report::build_sweep_document(r, Lang::en);
  check_provenance_last(doc);
  const auto heatmaps = blocks<report::HeatmapData>(doc);
  REQUIRE(heatmaps.size() == 2);
  for (const auto* h : heatmaps) {
    REQUIRE(h->own_point.has_value());
    CHECK(h->own_point->first == 0.04);
    CHECK(h->own_point->second == 0.06);
    CHECK(h->contours == std::vector<double>{0.5, 0.8});
    CHECK(h->x_values == r.axes[0].values);
  }
  // Cell (x 0.04, y 0.05) of target 1 is point 3's.
  CHECK(heatmaps[1]->cells[0 * 2 + 1] == *r.points[3].targets[1].probability);

  const auto tables = blocks<report::Table>(doc);
  REQUIRE(tables.size() == 1);
  const report::Table& grid = *tables.front();
  REQUIRE(grid.rows.size() == r.points.size());
  for (std::size_t k = 0; k < r.points.size(); ++k) {
    CHECK(grid.rows[k][0].value == r.points[k].values[0]);
    CHECK(grid.rows[k][2].value == *r.points[k].targets[0].probability);
    CHECK(grid.rows[k][3].value == *r.points[k].targets[1].probability);
  }
  CHECK(grid.rows[0][3].text == "11.1%");
  // The row at the scenario's own values says so, and only that row.
  CHECK(grid.rows[4][0].note == "scenario");
  CHECK(grid.rows[0][0].note.empty());
  const std::string text = all_text(doc);
  CHECK(contains(text, "≥ 50,000 亿元"));
  CHECK(contains(text, "≥ 30.0%"));  // a share's threshold as a percentage
  CHECK(contains(text, "1000 paths per point, seed 7"));
}

TEST_CASE("sweep in Chinese: headings, notes and the 万亿元 threshold") {
  const report::Document doc = report::build_sweep_document(sweep(), Lang::zh);
  check_provenance_last(doc);
  CHECK(doc.lang == Lang::zh);
  const std::string text = all_text(doc);
  for (const char* piece : {"参数扫描：上海工业", "全部网格点", "各目标在参数网格上的表现", "每点 1000 条路径", "5.00万亿元",
                            "单元格：目标的实现概率。", "情景取值", "随机种子=7"}) {
    CHECK_MESSAGE(contains(text, piece), piece);
  }
  CHECK(!contains(text, "paths per point"));
  CHECK(!contains(text, "Every point"));
}

TEST_CASE("sweep, deterministic: values in their unit, a contour at the threshold, no seed in the provenance") {
  analysis::SweepResult r = sweep();
  r.deterministic = true;
  r.paths = 0;
  const report::Document doc = report::build_sweep_document(r, Lang::en);
  const auto heatmaps = blocks<report::HeatmapData>(doc);
  REQUIRE(heatmaps.size() == 2);
  CHECK(heatmaps[0]->contours == std::vector<double>{50000});
  CHECK(!heatmaps[0]->percent);
  const report::Table& grid = *blocks<report::Table>(doc).front();
  CHECK(grid.rows[0][2].value == r.points[0].targets[0].value);
  CHECK(grid.rows[0][2].text == "48,569 亿元 ✗");
  CHECK(grid.rows[0][3].text == "23.5% ✗");
  for (const auto& [name, value] : blocks<report::Provenance>(doc).front()->rows) CHECK(name != "seed");
}

TEST_CASE("sweep along one axis: a line chart per target") {
  analysis::SweepResult r = sweep();
  r.axes.pop_back();
  r.points.resize(2);
  for (auto& p : r.points) p.values.resize(1);
  const report::Document doc = report::build_sweep_document(r, Lang::en);
  CHECK(blocks<report::detail::LineChartData>(doc).size() == 2);
  CHECK(blocks<report::HeatmapData>(doc).empty());
}

namespace {

analysis::SensitivityReport sensitivity(analysis::SensitivityMethod method) {
  analysis::SensitivityReport rep;
  rep.info = info();
  rep.method = method;
  rep.samples = 20;
  rep.levels = 4;
  rep.evaluations = 420;
  analysis::SensitivityResult r;
  r.target = "sei-share";
  r.label = "战略性新兴产业占比";
  r.unit = "share";
  r.ask = level_ask(0.3);
  r.baseline = 0.2349;
  r.output_variance = 0.0004;
  for (int k = 0; k < 14; ++k) {
    analysis::SensitivityParameter p;
    p.name = "param_" + std::to_string(k);
    p.distribution = "normal(sd=0.01)";
    p.uncertain = true;
    if (k < 2) {
      p.low = 0.03 + k;
      p.high = 0.05 + k;
      p.output_low = 0.2101;
      p.output_high = 0.2612 - 0.01 * k;
      p.swing = p.output_high - p.output_low;
      p.mu_star = p.mu = 0.0123 / (k + 1);
      p.sigma = 0.002;
      p.S1 = p.ST = 0.412 / (k + 1);
      p.S1_conf = p.ST_conf = 0.02;
      p.shapley = 0.6 - 0.2 * k;
      p.shapley_conf = 0.031;
    } else {
      r.no_effect.push_back(p.name);
    }
    r.parameters.push_back(p);
  }
  rep.results.push_back(r);
  return rep;
}

}  // namespace

TEST_CASE("sensitivity, tornado: the target line, outputs as percentages, swings with their exact values") {
  const auto rep = sensitivity(analysis::SensitivityMethod::tornado);
  const report::Document doc = report::build_sensitivity_document(rep, Lang::en);
  check_provenance_last(doc);
  const auto tornados = blocks<report::TornadoData>(doc);
  REQUIRE(tornados.size() == 1);
  REQUIRE(tornados[0]->target_value.has_value());
  CHECK(*tornados[0]->target_value == 0.3);
  CHECK(tornados[0]->baseline == 0.2349);
  CHECK(tornados[0]->bars.size() == 14);
  const report::Table& t = *blocks<report::Table>(doc).front();
  REQUIRE(t.rows.size() == 14);
  CHECK(t.rows[0][3].text == "21.0%");
  CHECK(t.rows[0][3].value == 0.2101);
  CHECK(t.rows[0][5].value == rep.results[0].parameters[0].swing);
  CHECK(t.rows[0][5].text == "5.1 pts");
  CHECK(t.rows[13][5].text == "0");  // a swing of 0, never 2.220e-16
  CHECK(contains(all_text(doc), "baseline (every parameter at its value): 23.5%"));
  CHECK(contains(all_text(doc), "Target: ≥ 30.0% (2027)"));
  const std::string zh = all_text(report::build_sensitivity_document(rep, Lang::zh));
  for (const char* piece : {"敏感性分析（龙卷风图）：上海工业", "基准（各参数取设定值）：23.5%", "目标：≥ 30.0%（2027 年）", "摆幅",
                            "5.1个百分点", "低值时的结果", "可重复性"}) {
    CHECK_MESSAGE(contains(zh, piece), piece);
  }

  // Metric met: the output is a share of paths, not in the target's terms.
  auto met = rep;
  met.metric = analysis::Metric::met;
  CHECK(!blocks<report::TornadoData>(report::build_sensitivity_document(met, Lang::en)).front()->target_value);
}

TEST_CASE("sensitivity, Morris: every parameter without effect is named, in every language") {
  const auto rep = sensitivity(analysis::SensitivityMethod::morris);
  for (Lang lang : {Lang::en, Lang::zh}) {
    const report::Document doc = report::build_sensitivity_document(rep, lang);
    check_provenance_last(doc);
    const auto planes = blocks<report::MorrisPlaneData>(doc);
    REQUIRE(planes.size() == 1);
    CHECK(planes[0]->points.size() == 2);
    CHECK(planes[0]->no_effect == rep.results[0].no_effect);
    const std::string text = all_text(doc);
    for (const auto& name : rep.results[0].no_effect) CHECK_MESSAGE(contains(text, name), name);
    // The list is one paragraph that ends with the last of the twelve.
    bool found = false;
    for (const auto* p : blocks<report::Paragraph>(doc)) {
      if (p->css_class == "no-effect") {
        found = true;
        CHECK(p->text.size() >= std::string("param_13").size());
        CHECK(p->text.substr(p->text.size() - 8) == "param_13");
        CHECK(contains(p->text, "param_2"));
      }
    }
    CHECK(found);
  }
  const std::string svg = report::svg_morris_plane(*blocks<report::MorrisPlaneData>(
      report::build_sensitivity_document(rep, Lang::en)).front());
  for (const auto& name : rep.results[0].no_effect) CHECK_MESSAGE(contains(svg, name), name);
}

TEST_CASE("sensitivity, Sobol and Shapley: bars with intervals, cells with the exact indices") {
  const auto sobol = sensitivity(analysis::SensitivityMethod::sobol);
  const report::Document doc = report::build_sensitivity_document(sobol, Lang::en);
  const auto bars = blocks<report::IntervalBarsData>(doc);
  REQUIRE(bars.size() == 1);
  CHECK(bars[0]->css_class == "sobol-bars");
  CHECK(bars[0]->series.size() == 2);
  CHECK(bars[0]->bars[0].values == std::vector<double>{0.412, 0.412});
  const report::Table& t = *blocks<report::Table>(doc).front();
  CHECK(t.rows[0][1].text == "0.412 ± 0.020");
  CHECK(t.rows[0][1].value == 0.412);

  const auto shapley = sensitivity(analysis::SensitivityMethod::shapley);
  const report::Document zh = report::build_sensitivity_document(shapley, Lang::zh);
  const auto sbars = blocks<report::IntervalBarsData>(zh);
  REQUIRE(sbars.size() == 1);
  CHECK(sbars[0]->css_class == "shapley-bars");
  const std::string svg = report::svg_interval_bars(*sbars[0]);
  CHECK(svg.find("class=\"shapley-bar\"") != std::string::npos);
  const std::string text = all_text(zh);
  for (const char* piece : {"敏感性分析（Shapley 效应）：上海工业", "Shapley 份额", "参数", "结果方差", "Shapley 方法，20 次随机排列"}) {
    CHECK_MESSAGE(contains(text, piece), piece);
  }
}

namespace {

analysis::SolveResult solve() {
  analysis::SolveResult r;
  r.info = info();
  r.target = "output-5w";
  r.label = "工业总产值迈上5万亿元";
  r.unit = "亿元";
  r.ask = level_ask(50000);
  r.param = "output_growth";
  r.current = 0.04;
  r.value_at_current = 48549.3;
  r.met_at_current = false;
  r.break_even = 0.0512345678;
  r.direction = "increase";
  r.search_low = 0;
  r.search_high = 0.08;
  r.search_basis = "bounds";
  auto& p = r.path_needed;
  p.target = r.target;
  p.label = r.label;
  p.subject = "gross_output";
  p.unit = "亿元";
  p.ask = r.ask;
  p.years = {2023, 2024, 2025};
  p.needed = {40000, 44721.4, 50000};
  p.projected = {40000, 41600, 43264};
  p.rates = "compound";
  p.required_rate = 0.118;
  p.projected_rate = 0.04;
  p.binding_year = 2025;
  analysis::ProbabilitySolution s;
  s.probability = 0.8;
  s.value = 0.061;
  s.value_se = 0.0012;
  s.probability_at_current = 0.35;
  s.direction = "increase";
  s.paths = 2000;
  s.runs = 9;
  r.probability = s;
  return r;
}

}  // namespace

TEST_CASE("solve: the answer, the probability section, the needed path in its unit, provenance last") {
  const auto r = solve();
  const report::Document doc = report::build_solve_document(r, Lang::en);
  check_provenance_last(doc);
  const std::string text = all_text(doc);
  CHECK(contains(text, "break-even: output_growth = 0.0512346 (raise output_growth to at least 0.0512346 to meet the target)"));
  CHECK(contains(text, "for P(met) = 80.0%: output_growth = 0.061 ± 0.0012"));
  CHECK(contains(text, "now: output_growth = 0.0400 gives 48,549 亿元: not met"));
  CHECK(contains(text, "output-5w — 工业总产值迈上5万亿元: ≥ 50,000 亿元 (2027)"));
  bool anchor = false;
  for (const auto* h : blocks<report::Heading>(doc)) anchor = anchor || h->anchor == "probability";
  CHECK(anchor);
  const report::Table& t = *blocks<report::Table>(doc).front();
  REQUIRE(t.rows.size() == 3);
  CHECK(t.rows[1][1].value == 44721.4);
  CHECK(t.rows[1][1].text == "44,721 亿元");
  CHECK(blocks<report::detail::LineChartData>(doc).size() == 1);

  const std::string zh = all_text(report::build_solve_document(r, Lang::zh));
  for (const char* piece : {"结论", "临界值：output_growth = 0.0512346", "实现概率达到 80.0%", "4.47万亿元", "年份", "所需路径",
                            "未达到目标"}) {
    CHECK_MESSAGE(contains(zh, piece), piece);
  }
}

TEST_CASE("paths needed: one section per target") {
  report::PathsNeededReport rep;
  rep.info = info();
  rep.base_year = 2023;
  rep.paths = {solve().path_needed, solve().path_needed};
  rep.paths[1].target = "other";
  const report::Document doc = report::build_paths_needed_document(rep, Lang::en);
  check_provenance_last(doc);
  CHECK(blocks<report::Table>(doc).size() == 2);
  CHECK(contains(all_text(doc), "output-5w needs gross_output to grow +11.80%/yr from 40,000 亿元 in 2023"));
}

TEST_CASE("discover: the box, the trajectory with exact shares, Chinese words") {
  analysis::DiscoverResult r;
  r.info = info();
  r.target = "all";
  r.samples = r.points = 1000;
  r.failure = true;
  r.cases = 200;
  r.base_density = 0.2;
  r.parameters = {"a", "b"};
  r.range_low = {0, 0};
  r.range_high = {1, 1};
  analysis::DiscoverBox whole{{0, 0}, {1, 1}, {false, false}, 1, 0.2, 1};
  analysis::DiscoverBox cut{{0, 0.25}, {1, 1}, {false, true}, 0.8, 0.62, 0.25};
  r.trajectory = {whole, cut};
  r.chosen = 1;
  r.boxes = {cut};
  const report::Document doc = report::build_discover_document(r, Lang::en);
  check_provenance_last(doc);
  const std::string text = all_text(doc);
  CHECK(contains(text, "the boxes locate failure"));
  CHECK(contains(text, "Where failure concentrates"));
  const auto tables = blocks<report::Table>(doc);
  REQUIRE(tables.size() == 2);
  REQUIRE(tables[0]->rows.size() == 1);  // only the restricted parameter
  CHECK(tables[0]->rows[0][1].text == "≥ 0.2500");
  CHECK(tables[1]->rows[1][2].value == 0.62);
  CHECK(blocks<report::BoxRangesData>(doc).front()->rows.front().name == "b");  // restricted first

  const std::string zh = all_text(report::build_discover_document(r, Lang::zh));
  for (const char* piece : {"情景发现：上海工业", "未实现的情形集中在哪里", "剥离轨迹", "覆盖率", "全部目标同时实现"}) {
    CHECK_MESSAGE(contains(zh, piece), piece);
  }
}

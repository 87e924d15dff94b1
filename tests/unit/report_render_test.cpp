// report/render/: one Document rendered as a terminal page, Markdown and
// HTML. Each format shows every block; numbers travel as data-value in HTML.
#include <doctest/doctest.h>

#include <regex>

#include "report/document.hpp"
#include "report/text.hpp"

using namespace goalpath::report;
using goalpath::analysis::Status;

namespace {

Document sample() {
  Document doc;
  doc.title = "上海 | plan <2027>";
  doc.subtitle = "20000 paths";
  doc.add(Heading{2, "Answer", "answer"});
  Verdict v;
  v.id = "gross-output";
  v.label = "工业总产值";
  v.probability = Cell("39.9%", 0.399);
  v.status = Status::off_track;
  v.sentence = "工业总产值：实现概率39.9%，难以实现";
  doc.add(Verdicts{{v}});
  Table t;
  t.css_class = "targets";
  t.columns = {"target", "P(met)", "status"};
  t.align = {Align::left, Align::right, Align::left};
  Cell status("off track");
  status.status = Status::off_track;
  t.rows.push_back({Cell("工业总产值–2027"), Cell("39.9%", 0.399), status});
  t.rows.push_back({Cell("va"), Cell("0.0%", 0.0), Cell("at risk")});
  t.footnotes = {"† calibrated"};
  doc.add(t);
  doc.add(FanChartData{"output", "Output", "亿元", {}, {}, {}});
  doc.add(Warnings{{"only 100 paths"}});
  doc.add(Provenance{"Reproducibility", {{"seed", "7"}}, "goalpath run x.yaml", "command", "same seed, same numbers"});
  return doc;
}

// The column where each line's second field starts, by display width.
std::size_t column_of(const std::string& line, const std::string& field) {
  return goalpath::report::detail::display_width(line.substr(0, line.find(field)));
}

}  // namespace

TEST_CASE("render_text: aligned columns with CJK and dashes, no charts, provenance last") {
  const std::string text = render_text(sample());
  CHECK(text.rfind("上海 | plan <2027>\n20000 paths\n", 0) == 0);
  std::istringstream lines(text);
  std::string line, header, row1, row2;
  while (std::getline(lines, line)) {
    if (line.rfind("target", 0) == 0) header = line;
    if (line.rfind("工业总产值–2027", 0) == 0) row1 = line;
    if (line.rfind("va ", 0) == 0) row2 = line;
  }
  REQUIRE(!header.empty());
  REQUIRE(!row1.empty());
  // Right-aligned P(met): the cells end in the same column as the header.
  CHECK(column_of(header, "P(met)") + 6 == column_of(row1, "39.9%") + 5);
  CHECK(column_of(row1, "off track") == column_of(header, "status"));
  CHECK(column_of(row2, "at risk") == column_of(header, "status"));
  CHECK(text.find("fan-chart") == std::string::npos);
  CHECK(text.find("warning: only 100 paths") != std::string::npos);
  CHECK(text.find("- 工业总产值：实现概率39.9%，难以实现") != std::string::npos);
  CHECK(text.find("command:") > text.find("† calibrated"));
  CHECK(text.find("\033[") == std::string::npos);
  CHECK(render_text(sample(), {.color = true}).find("\033[31moff track\033[0m") != std::string::npos);
}

TEST_CASE("render_markdown: escaped title, a table per Table, provenance with the command in code") {
  const std::string md = render_markdown(sample());
  CHECK(md.rfind("# 上海 \\| plan \\<2027\\>\n", 0) == 0);
  CHECK(md.find("| target | P(met) | status |\n| --- | ---: | --- |") != std::string::npos);
  CHECK(md.find("## Reproducibility") != std::string::npos);
  CHECK(md.find("`goalpath run x.yaml`") != std::string::npos);
  CHECK(md.find("> **Warning:** only 100 paths") != std::string::npos);
  CHECK(md.find("svg") == std::string::npos);
}

TEST_CASE("render_html: sections, data-value on numbers, status chips, charts, provenance last") {
  const std::string html = render_html(sample());
  CHECK(html.find("<title>上海 | plan &lt;2027&gt;</title>") != std::string::npos);
  CHECK(html.find("<section id=\"answer\">") != std::string::npos);
  CHECK(html.find("<li class=\"verdict off_track\" data-target=\"gross-output\" data-value=\"0.399\">") !=
        std::string::npos);
  CHECK(html.find("<td class=\"num\" data-value=\"0.399\">39.9%</td>") != std::string::npos);
  CHECK(html.find("<span class=\"status off_track\">off track</span>") != std::string::npos);
  CHECK(html.find("class=\"fan-chart\"") != std::string::npos);
  CHECK(html.find("<p class=\"warning\">only 100 paths</p>") != std::string::npos);
  const auto repro = html.find("<section class=\"repro\" id=\"provenance\">");
  REQUIRE(repro != std::string::npos);
  CHECK(repro > html.find("fan-chart"));
  // Every section opened is closed.
  const auto count = [&](const std::string& what) {
    std::size_t n = 0;
    for (auto at = html.find(what); at != std::string::npos; at = html.find(what, at + 1)) ++n;
    return n;
  };
  CHECK(count("<section") == count("</section>"));
}

// The report model: every verb's result becomes one Document, a list of
// typed blocks (a heading, a paragraph, a table, a chart, warnings,
// provenance), and each human-readable format renders blocks:
//
//   result ──build_*_document (report/build/)──▶ Document
//   Document ──render_text / render_markdown / render_html (report/render/)──▶ text
//
// JSON and CSV are written from the result itself (report/data/), because
// they are contracts for programs, not pages for people.
//
// Builders choose and word; they compute nothing. A derived number (the
// level a growth target implies, a warning that a run has too few paths)
// comes from the analysis result. Renderers decide nothing: a block says
// what it shows and a renderer only lays it out, so a new block or verb is
// one change, not one per format.
//
// Text in blocks is plain UTF-8 (renderers escape it); numbers that a test
// or a program may want to match against the JSON travel beside their text
// (Cell::value), and the HTML renderer writes them as data-value.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "analysis/run.hpp"
#include "report/charts.hpp"
#include "report/language.hpp"
#include "report/study_charts.hpp"
#include "report/study_charts.hpp"

namespace goalpath::report {

/// A section heading. Level 1 is the page title (one per document), 2 a
/// section, 3 a subsection. `anchor` is the HTML id ("" for none).
struct Heading {
  int level = 2;
  std::string text;
  std::string anchor;
};

/// A paragraph of plain text. `note` paragraphs are explanations set in a
/// quieter style (HTML class "muted"; Markdown italics are not used so that
/// the text stays plain).
struct Paragraph {
  enum class Style { normal, note, emphasis };
  std::string text;
  Style style = Style::normal;
  std::string css_class;  // HTML class ("" for the style's default)
};

/// One table cell. `text` is what people read; `value`, when set, is the
/// exact number behind it (HTML: data-value, so a browser test can compare
/// the page with the JSON). `status` paints the cell as a status chip.
struct Cell {
  std::string text;
  std::optional<double> value;
  std::optional<analysis::Status> status;
  std::string note;  // a second, quieter line (HTML <br><span class=muted>; text/md: in parentheses)

  Cell() = default;
  Cell(std::string text_) : text(std::move(text_)) {}           // NOLINT: cells are mostly text
  Cell(const char* text_) : text(text_) {}                      // NOLINT
  Cell(std::string text_, double value_) : text(std::move(text_)), value(value_) {}
};

enum class Align { left, right };

/// A table. `columns[c]` is the header; `align[c]` its alignment (left when
/// absent). `css_class` names the table in HTML (e.g. "targets") and
/// `footnotes` follow it in every format.
struct Table {
  std::string css_class;
  std::vector<std::string> columns;
  std::vector<Align> align;
  std::vector<std::vector<Cell>> rows;
  std::vector<std::string> footnotes;
};

/// Each target's answer in one line of words, for the top of a page:
/// "工业总产值迈上5万亿元新台阶：实现概率39.9%，难以实现". Rendered as a list
/// (text, Markdown) or a list of status-coloured lines (HTML, each
/// <li class="verdict STATUS" data-target=ID data-value=P>). `sentence` is
/// the whole line, probability included; when it is empty the line is
/// "label: probability — status".
struct Verdict {
  std::string id, label;
  Cell probability;        // "39.9%" with value 0.399, or "met" / "not met"
  analysis::Status status = analysis::Status::off_track;
  std::string sentence;    // the answer in words
};
struct Verdicts {
  std::vector<Verdict> items;
};

/// Things the reader must know before trusting the numbers.
struct Warnings {
  std::vector<std::string> items;
};

/// Where the numbers came from, always last: (name, value) rows such as
/// engine, scenario file, SHA-256, seed, paths, threads, and the command
/// line. The block carries its own heading and closing note (in the
/// document's language); HTML renders it as <section class="repro">.
struct Provenance {
  std::string heading;  // "Reproducibility" / "可重复性"
  std::vector<std::pair<std::string, std::string>> rows;
  std::string command_line;
  std::string command_label = "command";
  std::string note;  // e.g. that the same file, seed and paths give the same numbers
};

/// A block that is drawn: the chart data of report/charts.hpp,
/// report/study_charts.hpp. Text and Markdown show the table that accompanies a
/// chart in the same document and skip the chart itself.
using Block = std::variant<Heading, Paragraph, Table, Verdicts, Warnings, Provenance, FanChartData, ProbabilityBarsData,
                           TornadoData, HeatmapData, detail::LineChartData, IntervalBarsData, MorrisPlaneData,
                           BoxRangesData>;

struct Document {
  Lang lang = Lang::en;
  std::string title;     // <title> and the level-1 heading
  std::string subtitle;  // the scenario id and settings line
  std::vector<Block> blocks;

  template <class B>
  Document& add(B block) {
    blocks.emplace_back(std::move(block));
    return *this;
  }
};

struct TextStyle {
  bool color = false;  // ANSI colours for statuses (only on a terminal)
};

/// A terminal page: aligned columns (CJK characters count two), no charts.
std::string render_text(const Document& document, const TextStyle& style = {});
/// GitHub-flavoured Markdown.
std::string render_markdown(const Document& document);
/// One self-contained HTML page: inline CSS and SVG, nothing fetched.
std::string render_html(const Document& document);

}  // namespace goalpath::report

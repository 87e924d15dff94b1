// render_text: a Document for a terminal. Tables are aligned by display
// width (CJK two columns, dashes one, colour none); charts are left out,
// because every chart's numbers are in a table of the same document.
#include <fmt/format.h>

#include "report/document.hpp"
#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

const char* ansi_colour(analysis::Status status) {
  switch (status) {
    case analysis::Status::on_track: return "\033[34m";   // blue
    case analysis::Status::at_risk: return "\033[33m";    // yellow
    case analysis::Status::off_track: return "\033[31m";  // red
  }
  return "";
}

std::string cell_text(const Cell& cell, const TextStyle& style) {
  std::string text = cell.note.empty() ? cell.text : cell.text + " (" + cell.note + ")";
  if (style.color && cell.status) return ansi_colour(*cell.status) + text + "\033[0m";
  return text;
}

struct TextWriter {
  const TextStyle& style;
  std::string out;

  // Blocks are separated by one blank line; a heading sits directly on
  // the block it introduces.
  bool after_heading = true;
  void open_block() {
    if (!after_heading && !out.empty()) out += "\n";
    after_heading = false;
  }

  void operator()(const Heading& h) {
    open_block();
    out += h.text + "\n";
    after_heading = true;
  }
  void operator()(const Paragraph& p) {
    open_block();
    out += p.text + "\n";
  }
  void operator()(const Table& t) {
    open_block();
    std::vector<std::vector<std::string>> rows = {t.columns};
    std::vector<bool> right(t.columns.size(), false);
    for (std::size_t c = 0; c < t.align.size() && c < right.size(); ++c) right[c] = t.align[c] == Align::right;
    for (const auto& row : t.rows) {
      std::vector<std::string> cells;
      for (const auto& cell : row) cells.push_back(cell_text(cell, style));
      rows.push_back(std::move(cells));
    }
    out += detail::aligned_columns(rows, right);
    for (const auto& note : t.footnotes) out += note + "\n";
  }
  void operator()(const Verdicts& v) {
    open_block();
    for (const auto& item : v.items) {
      std::string line = item.sentence;
      if (line.empty()) {
        line = (item.label.empty() ? item.id : item.label) + ": " + item.probability.text;
      }
      if (style.color) line = ansi_colour(item.status) + line + "\033[0m";
      out += "- " + line + "\n";
    }
  }
  void operator()(const Warnings& w) {
    if (w.items.empty()) return;
    open_block();
    for (const auto& item : w.items) out += "warning: " + item + "\n";
  }
  void operator()(const Provenance& p) {
    open_block();
    if (!p.heading.empty()) out += p.heading + "\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& [name, value] : p.rows) rows.push_back({name + ":", value});
    if (!p.command_line.empty()) rows.push_back({p.command_label + ":", p.command_line});
    out += detail::aligned_columns(rows, {false, false});
    if (!p.note.empty()) out += p.note + "\n";
  }
  // Charts: their numbers are in the document's tables.
  template <class Chart>
  void operator()(const Chart&) {}
};

}  // namespace

std::string render_text(const Document& document, const TextStyle& style) {
  TextWriter writer{style, {}};
  if (!document.title.empty()) writer.out += document.title + "\n";
  if (!document.subtitle.empty()) writer.out += document.subtitle + "\n";
  writer.after_heading = false;
  for (const auto& block : document.blocks) std::visit(writer, block);
  return terminal_safe(writer.out, style.color);
}

}  // namespace goalpath::report

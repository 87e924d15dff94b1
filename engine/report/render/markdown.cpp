// render_markdown: a Document as GitHub-flavoured Markdown. Every text is
// escaped (md_escape), so a label never becomes markup; charts are left out
// because their numbers are in the document's tables.
#include <fmt/format.h>

#include <algorithm>

#include "report/document.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using detail::md_escape;

struct MarkdownWriter {
  std::string out;

  void operator()(const Heading& h) {
    out += std::string(static_cast<std::size_t>(std::clamp(h.level, 1, 6)), '#') + " " + md_escape(h.text) + "\n\n";
  }
  void operator()(const Paragraph& p) {
    const std::string text = md_escape(p.text);
    out += (p.style == Paragraph::Style::emphasis ? "**" + text + "**" : text) + "\n\n";
  }
  void operator()(const Table& t) {
    std::vector<bool> numeric(t.columns.size(), false);
    for (std::size_t c = 0; c < t.align.size() && c < numeric.size(); ++c) numeric[c] = t.align[c] == Align::right;
    std::vector<std::vector<std::string>> rows;
    for (const auto& row : t.rows) {
      std::vector<std::string> cells;
      for (const auto& cell : row) cells.push_back(cell.note.empty() ? cell.text : cell.text + " (" + cell.note + ")");
      rows.push_back(std::move(cells));
    }
    out += detail::md_table(t.columns, rows, numeric) + "\n";
    for (const auto& note : t.footnotes) out += md_escape(note) + "\n\n";
  }
  void operator()(const Verdicts& v) {
    for (const auto& item : v.items) {
      std::string line = item.sentence;
      if (line.empty()) line = (item.label.empty() ? item.id : item.label) + ": " + item.probability.text;
      out += "- " + md_escape(line) + "\n";
    }
    out += "\n";
  }
  void operator()(const Warnings& w) {
    for (const auto& item : w.items) out += "> **Warning:** " + md_escape(item) + "\n>\n";
    if (!w.items.empty()) out.replace(out.size() - 2, 2, "\n");
  }
  void operator()(const Provenance& p) {
    if (!p.heading.empty()) out += "## " + md_escape(p.heading) + "\n\n";
    std::vector<std::vector<std::string>> rows;
    for (const auto& [name, value] : p.rows) rows.push_back({name, value});
    out += detail::md_table({"", ""}, rows, {false, false}) + "\n";
    if (!p.command_line.empty()) out += md_escape(p.command_label) + ": " + detail::md_code(p.command_line) + "\n\n";
    if (!p.note.empty()) out += md_escape(p.note) + "\n\n";
  }
  template <class Chart>
  void operator()(const Chart&) {}
};

}  // namespace

std::string render_markdown(const Document& document) {
  MarkdownWriter writer;
  if (!document.title.empty()) writer.out += "# " + md_escape(document.title) + "\n\n";
  if (!document.subtitle.empty()) writer.out += md_escape(document.subtitle) + "\n\n";
  for (const auto& block : document.blocks) std::visit(writer, block);
  while (writer.out.size() > 1 && writer.out.ends_with("\n\n")) writer.out.pop_back();
  return writer.out;
}

}  // namespace goalpath::report

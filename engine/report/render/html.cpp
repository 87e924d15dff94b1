// render_html: a Document as one self-contained page (report/charts.hpp's
// page shell and SVG charts). Each level-2 heading opens a <section>; every
// table cell that stands for a number carries it exactly as data-value, so
// a browser test can hold the page to the JSON.
#include <fmt/format.h>

#include "report/charts.hpp"
#include "report/document.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

std::string data_value(const std::optional<double>& value) {
  if (!value) return "";
  const std::string exact = detail::exact_number(*value);
  return exact.empty() ? "" : " data-value=\"" + exact + "\"";
}

std::string status_chip(analysis::Status status, const std::string& text) {
  return fmt::format("<span class=\"status {}\">{}</span>", analysis::to_string(status), html_escape(text));
}

std::string cell_markup(const Cell& cell) {
  std::string markup = cell.status ? status_chip(*cell.status, cell.text) : html_escape(cell.text);
  if (!cell.note.empty()) markup += "<br><span class=\"muted\">" + html_escape(cell.note) + "</span>";
  return markup;
}

struct HtmlWriter {
  std::string out;
  bool in_section = false;

  void close_section() {
    if (in_section) out += "</section>\n";
    in_section = false;
  }

  void operator()(const Heading& h) {
    const std::string id = h.anchor.empty() ? "" : " id=\"" + html_escape(h.anchor) + "\"";
    if (h.level <= 2) {
      close_section();
      out += "<section" + id + ">\n";
      in_section = true;
      out += fmt::format("<h{0}>{1}</h{0}>\n", std::max(h.level, 1), html_escape(h.text));
      return;
    }
    out += fmt::format("<h{0}{1}>{2}</h{0}>\n", std::min(h.level, 6), id, html_escape(h.text));
  }
  void operator()(const Paragraph& p) {
    std::string css = p.css_class;
    if (css.empty() && p.style == Paragraph::Style::note) css = "muted";
    if (css.empty() && p.style == Paragraph::Style::emphasis) css = "lead";
    out += (css.empty() ? "<p>" : "<p class=\"" + html_escape(css) + "\">") + html_escape(p.text) + "</p>\n";
  }
  void operator()(const Table& t) {
    auto align = [&](std::size_t c) {
      return c < t.align.size() && t.align[c] == Align::right ? " class=\"num\"" : "";
    };
    out += fmt::format("<div class=\"table-wrap\"><table class=\"{}\">\n<thead><tr>", html_escape(t.css_class));
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      out += fmt::format("<th{}>{}</th>", align(c), html_escape(t.columns[c]));
    }
    out += "</tr></thead>\n<tbody>\n";
    for (const auto& row : t.rows) {
      out += "<tr>";
      for (std::size_t c = 0; c < row.size(); ++c) {
        out += fmt::format("<td{}{}>{}</td>", align(c), data_value(row[c].value), cell_markup(row[c]));
      }
      out += "</tr>\n";
    }
    out += "</tbody></table></div>\n";
    for (const auto& note : t.footnotes) out += "<p class=\"footnote\">" + html_escape(note) + "</p>\n";
  }
  void operator()(const Verdicts& v) {
    out += "<ul class=\"verdicts\">\n";
    for (const auto& item : v.items) {
      const char* status = analysis::to_string(item.status);
      std::string line = item.sentence;
      if (line.empty()) line = (item.label.empty() ? item.id : item.label) + ": " + item.probability.text;
      out += fmt::format("<li class=\"verdict {}\" data-target=\"{}\"{}>{}</li>\n", status, html_escape(item.id),
                         data_value(item.probability.value), html_escape(line));
    }
    out += "</ul>\n";
  }
  void operator()(const Warnings& w) {
    if (w.items.empty()) return;
    out += "<div class=\"warnings\">\n";
    for (const auto& item : w.items) out += "<p class=\"warning\">" + html_escape(item) + "</p>\n";
    out += "</div>\n";
  }
  void operator()(const Provenance& p) {
    close_section();
    out += "<section class=\"repro\" id=\"provenance\">\n";
    if (!p.heading.empty()) out += "<h2>" + html_escape(p.heading) + "</h2>\n";
    out += "<dl>\n";
    for (const auto& [name, value] : p.rows) {
      out += fmt::format("<dt>{}</dt><dd>{}</dd>\n", html_escape(name), html_escape(value));
    }
    if (!p.command_line.empty()) {
      out += fmt::format("<dt>{}</dt><dd><code>{}</code></dd>\n", html_escape(p.command_label),
                         html_escape(p.command_line));
    }
    out += "</dl>\n";
    if (!p.note.empty()) out += "<p class=\"muted\">" + html_escape(p.note) + "</p>\n";
    out += "</section>\n";
  }
  void operator()(const FanChartData& chart) { out += svg_fan_chart(chart); }
  void operator()(const ProbabilityBarsData& chart) { out += svg_probability_bars(chart); }
  void operator()(const TornadoData& chart) { out += svg_tornado(chart); }
  void operator()(const HeatmapData& chart) { out += svg_heatmap(chart); }
  void operator()(const detail::LineChartData& chart) { out += detail::svg_line_chart(chart); }
  void operator()(const IntervalBarsData& chart) { out += svg_interval_bars(chart); }
  void operator()(const MorrisPlaneData& chart) { out += svg_morris_plane(chart); }
  void operator()(const BoxRangesData& chart) { out += svg_box_ranges(chart); }
};

}  // namespace

std::string render_html(const Document& document) {
  HtmlWriter writer;
  writer.out += "<header>\n<h1>" + html_escape(document.title) + "</h1>\n";
  if (!document.subtitle.empty()) writer.out += "<p class=\"muted\">" + html_escape(document.subtitle) + "</p>\n";
  writer.out += "</header>\n";
  for (const auto& block : document.blocks) std::visit(writer, block);
  writer.close_section();
  return html_page(document.title, writer.out, document.lang);
}

}  // namespace goalpath::report

// `goalpath compare --format html`: plan A against plan B on one
// self-contained page, with A's and B's fan charts overlaid per shared indicator.
#include <fmt/format.h>

#include <cmath>

#include "report/charts.hpp"
#include "report/html_parts.hpp"
#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using analysis::CompareResult;

std::string name_of(const analysis::RunResult& r) { return r.title.empty() ? r.scenario_id : r.title; }

std::string side_chip(int side) {
  return fmt::format("<i class=\"swatch\" style=\"background:{}\"></i><b>{}</b>", kSideColours[side], side ? "B" : "A");
}

std::string delta_cell(const std::optional<double>& delta, const std::optional<double>& se = std::nullopt) {
  std::string text = html_escape(detail::points(delta, se));
  if (!delta || *delta == 0 || !std::isfinite(*delta)) return text;
  return fmt::format("<span class=\"{}\">{}</span>", *delta > 0 ? "up" : "down", text);
}

std::string targets(const CompareResult& c) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : c.targets) {
    const auto& any = t.a ? *t.a : *t.b;
    std::string name = any.label.empty() ? html_escape(t.id)
                                          : html_escape(any.label) + "<br><span class=\"muted\">" + html_escape(t.id) + "</span>";
    if (t.definition_changed) name += "<br><span class=\"down\">defined differently in A and B</span>";
    auto p = [](const std::optional<analysis::TargetResult>& s) { return s ? html_escape(detail::probability_text(*s)) : "—"; };
    auto v = [](const std::optional<analysis::TargetResult>& s) { return s ? human_number(s->deterministic_value) : "—"; };
    std::string status = t.a && t.b ? detail::status_chip(t.a->status) + (t.status_changed ? " → " + detail::status_chip(t.b->status) : "")
                                    : t.a ? "only in A" : "only in B";
    rows.push_back({name, p(t.a), p(t.b), delta_cell(t.delta_probability, t.delta_probability_se), v(t.a), v(t.b), status});
  }
  std::string out = "<section id=\"targets\">\n<h2>Targets</h2>\n";
  out += detail::html_table({"target", "P(A)", "P(B)", "change", "value A", "value B", "status"}, rows,
                            {false, true, true, true, true, true, false}, "targets");
  if (c.a.joint_probability && c.b.joint_probability) {
    out += fmt::format("<p>All targets met together: A {}, B {} ({}).</p>\n", percent(*c.a.joint_probability),
                       percent(*c.b.joint_probability),
                       delta_cell(*c.b.joint_probability - *c.a.joint_probability));
  }
  return out + "<p class=\"muted\">change: B minus A, in percentage points of probability.</p>\n</section>\n";
}

std::string parameters(const CompareResult& c) {
  std::string out = "<section id=\"assumptions\">\n<h2>Assumptions that differ</h2>\n";
  if (c.parameters.empty()) return out + "<p>None: A and B make the same assumptions.</p>\n</section>\n";
  auto text = [](const std::optional<analysis::ParameterSummary>& p) {
    return p ? human_number(p->value) + " <span class=\"muted\">" + html_escape(p->distribution) + "</span>"
             : std::string("<span class=\"muted\">(none)</span>");
  };
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : c.parameters) {
    rows.push_back({"<code>" + html_escape(p.name) + "</code>", text(p.a), text(p.b), html_escape(p.change)});
  }
  return out + detail::html_table({"parameter", "A", "B", "change"}, rows, {}, "parameters") + "</section>\n";
}

std::string indicators(const CompareResult& c) {
  std::string out = "<section id=\"indicators\">\n<h2>Indicators</h2>\n<div class=\"legend\"><span>" + side_chip(0) +
                    " " + html_escape(name_of(c.a)) + "</span><span>" + side_chip(1) + " " + html_escape(name_of(c.b)) +
                    "</span><span>line: deterministic projection; bands: p05–p95 and p25–p75</span></div>\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& i : c.indicators) {
    auto end = [](const std::optional<analysis::IndicatorEnd>& e) {
      if (!e) return std::string("—");
      return fmt::format("{} <span class=\"muted\">({})</span>", human_number(e->deterministic), e->year);
    };
    rows.push_back({html_escape(i.label.empty() ? i.name : i.label), html_escape(i.unit), end(i.a_end), end(i.b_end)});
  }
  out += detail::html_table({"indicator", "unit", "A, last year", "B, last year"}, rows, {false, false, true, true},
                            "indicators");
  out += "<div class=\"charts\">\n";
  for (const auto& i : c.indicators) {
    if (!i.a || !i.b) continue;
    FanChartData data;
    data.indicator = i.name;
    data.title = i.label.empty() ? i.name : i.label;
    data.unit = i.unit;
    data.series.push_back(detail::fan_series(c.a, *i.a, "A", kSideColours[0]));
    data.series.push_back(detail::fan_series(c.b, *i.b, "B", kSideColours[1]));
    data.history = i.a->history;
    data.thresholds = detail::threshold_markers(c.a, i.name);
    for (const auto& m : detail::threshold_markers(c.b, i.name)) {
      bool same = false;
      for (const auto& n : data.thresholds) same = same || (n.value == m.value && n.last_year == m.last_year);
      if (!same) data.thresholds.push_back(m);
    }
    out += "<figure>\n<h3>" + html_escape(data.title) + "</h3>\n" + svg_fan_chart(data) + "<figcaption>" +
           html_escape(i.name) + (i.unit.empty() ? "" : " · " + html_escape(i.unit)) + "</figcaption>\n</figure>\n";
  }
  return out + "</div>\n</section>\n";
}

}  // namespace

std::string compare_html(const CompareResult& c) {
  std::string title = "Compare: " + name_of(c.a) + " vs " + name_of(c.b);
  std::string body = "<header>\n<h1>" + html_escape(title) + "</h1>\n";
  for (int side = 0; side < 2; ++side) {
    const analysis::RunResult& r = side ? c.b : c.a;
    body += "<p>" + side_chip(side) + " " + html_escape(name_of(r)) + " <span class=\"muted\">(<code>" +
            html_escape(r.scenario_id) + "</code>, " + html_escape(side ? c.b_kind : c.a_kind) + " · " +
            html_escape(detail::settings_line(r)) + ")</span></p>\n";
  }
  body += "</header>\n";
  if (!c.notes.empty()) {
    body += "<ul class=\"warnings\">\n";
    for (const auto& note : c.notes) body += "<li>" + html_escape(note) + "</li>\n";
    body += "</ul>\n";
  }
  body += targets(c) + parameters(c) + indicators(c);
  body += "<section id=\"reproducibility\">\n<h2>Reproducibility</h2>\n<div class=\"charts\">\n" +
          detail::repro_box(c.a, "A") + detail::repro_box(c.b, "B") + "</div>\n</section>\n";
  return html_page(title + " — goalpath", body);
}

}  // namespace goalpath::report

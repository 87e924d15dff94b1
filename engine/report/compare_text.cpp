// `goalpath compare` as a terminal table, CSV and Markdown.
#include <fmt/format.h>

#include <cmath>
#include <set>

#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using analysis::CompareResult;
using analysis::TargetComparison;

std::string status_text(const TargetComparison& t) {
  if (!t.a) return "only in B";
  if (!t.b) return "only in A";
  std::string a = detail::words(analysis::to_string(t.a->status)), b = detail::words(analysis::to_string(t.b->status));
  return t.status_changed ? a + " → " + b : a;
}

std::string value_or_dash(const std::optional<analysis::TargetResult>& t) {
  return t ? human_number(t->deterministic_value) : "—";
}

std::string p_or_dash(const std::optional<analysis::TargetResult>& t) {
  return t ? detail::probability_text(*t) : "—";
}

std::string parameter_text(const std::optional<analysis::ParameterSummary>& p) {
  return p ? human_number(p->value) + " " + p->distribution : "(none)";
}

std::string side_line(const char* name, const analysis::RunResult& r, const std::string& kind) {
  return fmt::format("{}  {} ({}), {} {}\n   {}\n", name, r.title.empty() ? r.scenario_id : r.title, r.scenario_id,
                     kind, r.settings.scenario_file, detail::settings_line(r));
}

std::string end_text(const std::optional<analysis::IndicatorEnd>& e, bool p50) {
  if (!e) return "—";
  if (!p50) return human_number(e->deterministic);
  return e->p50 ? human_number(*e->p50) : "—";
}

std::string end_year(const analysis::IndicatorComparison& i) {
  int a = i.a_end ? i.a_end->year : 0, b = i.b_end ? i.b_end->year : 0;
  if (a && b && a != b) return fmt::format("{}/{}", a, b);
  return std::to_string(a ? a : b);
}

std::optional<double> end_delta(const analysis::IndicatorComparison& i, bool p50) {
  if (!i.a_end || !i.b_end) return std::nullopt;
  if (!p50) return i.b_end->deterministic - i.a_end->deterministic;
  if (!i.a_end->p50 || !i.b_end->p50) return std::nullopt;
  return *i.b_end->p50 - *i.a_end->p50;
}

std::string change_text(const TargetComparison& t) { return detail::points(t.delta_probability, t.delta_probability_se); }

std::string signed_number(const std::optional<double>& v) {
  if (!v || !std::isfinite(*v)) return "—";
  if (*v == 0) return "0";
  std::string out = *v > 0 ? "+" : "";
  return out + human_number(*v);
}

}  // namespace

std::string compare_table(const CompareResult& c, const TableStyle& style) {
  std::string out = side_line("A", c.a, c.a_kind) + side_line("B", c.b, c.b_kind) + "\n";
  std::vector<std::vector<std::string>> rows = {{"target", "P(A)", "P(B)", "change", "value A", "value B", "status"}};
  for (const auto& t : c.targets) {
    std::string change = change_text(t);
    if (style.color && t.delta_probability && *t.delta_probability != 0) {
      change = (*t.delta_probability > 0 ? "\033[32m" : "\033[31m") + change + "\033[0m";
    }
    rows.push_back({t.id, p_or_dash(t.a), p_or_dash(t.b), change, value_or_dash(t.a), value_or_dash(t.b), status_text(t)});
  }
  out += detail::aligned_columns(rows, {false, true, true, true, true, true, false});
  if (c.a.joint_probability && c.b.joint_probability) {
    out += fmt::format("\nall targets met together: A {}, B {} ({})\n", percent(*c.a.joint_probability),
                       percent(*c.b.joint_probability),
                       detail::points(*c.b.joint_probability - *c.a.joint_probability));
  }
  out += "\nassumptions that differ:\n";
  if (c.parameters.empty()) {
    out += "  none: A and B make the same assumptions\n";
  } else {
    std::vector<std::vector<std::string>> prows = {{"  parameter", "A", "B", "change"}};
    for (const auto& p : c.parameters) prows.push_back({"  " + p.name, parameter_text(p.a), parameter_text(p.b), p.change});
    out += detail::aligned_columns(prows, {});
  }
  out += "\nindicators in the last year (A, B, change: deterministic projection; p50: Monte Carlo median):\n";
  std::vector<std::vector<std::string>> irows = {{"  indicator", "year", "A", "B", "change", "p50 A", "p50 B"}};
  for (const auto& i : c.indicators) {
    irows.push_back({"  " + i.name, end_year(i), end_text(i.a_end, false), end_text(i.b_end, false),
                     signed_number(end_delta(i, false)), end_text(i.a_end, true), end_text(i.b_end, true)});
  }
  out += detail::aligned_columns(irows, {false, false, true, true, true, true, true});
  for (const auto& note : c.notes) out += "\nnote: " + note + "\n";
  out += "\nchange: B minus A, in percentage points of probability.\n";
  return out;
}

std::string compare_markdown(const CompareResult& c) {
  using detail::md_code;
  using detail::md_escape;
  auto name = [](const analysis::RunResult& r) { return r.title.empty() ? r.scenario_id : r.title; };
  std::string out = "# Compare: " + md_escape(name(c.a)) + " vs " + md_escape(name(c.b)) + "\n\n";
  for (const auto& [letter, r, kind] : {std::tuple{"A", &c.a, &c.a_kind}, std::tuple{"B", &c.b, &c.b_kind}}) {
    out += fmt::format("- **{}**: {} — {} {} — {}; goalpath {}; SHA-256 {}\n", letter, md_code(r->scenario_id), *kind,
                       md_code(r->settings.scenario_file), md_escape(detail::settings_line(*r)),
                       md_escape(r->settings.engine_version), md_code(r->settings.scenario_sha256));
  }
  out += "- Command: " + md_code(c.a.settings.command_line) + "\n\n## Targets\n\n";
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : c.targets) {
    rows.push_back({t.id, p_or_dash(t.a), p_or_dash(t.b), change_text(t), value_or_dash(t.a),
                    value_or_dash(t.b), status_text(t)});
  }
  out += detail::md_table({"target", "P(A)", "P(B)", "change", "value A", "value B", "status"}, rows,
                          {false, true, true, true, true, true, false});
  out += "\nchange: B minus A, in percentage points.\n\n## Assumptions that differ\n\n";
  if (c.parameters.empty()) {
    out += "None: A and B make the same assumptions.\n";
  } else {
    std::vector<std::vector<std::string>> prows;
    for (const auto& p : c.parameters) prows.push_back({p.name, parameter_text(p.a), parameter_text(p.b), p.change});
    out += detail::md_table({"parameter", "A", "B", "change"}, prows, {});
  }
  out += "\n## Indicators in the last year\n\n";
  std::vector<std::vector<std::string>> irows;
  for (const auto& i : c.indicators) {
    irows.push_back({i.label.empty() ? i.name : i.label + " (" + i.name + ")", end_year(i), end_text(i.a_end, false),
                     end_text(i.b_end, false), signed_number(end_delta(i, false)), end_text(i.a_end, true),
                     end_text(i.b_end, true)});
  }
  out += detail::md_table({"indicator", "year", "A", "B", "change", "p50 A", "p50 B"}, irows,
                          {false, false, true, true, true, true, true});
  if (!c.notes.empty()) {
    out += "\n## Notes\n\n";
    for (const auto& note : c.notes) out += "- " + md_escape(note) + "\n";
  }
  return out;
}

std::string compare_report(const CompareResult& c, Format format, const TableStyle& style) {
  switch (format) {
    case Format::table: return compare_table(c, style);
    case Format::json: return compare_to_json(c).dump(2) + "\n";
    case Format::csv: return compare_csv(c);
    case Format::md: return compare_markdown(c);
    case Format::html: return compare_html(c);
  }
  throw std::invalid_argument(std::string("unknown report format ") + to_string(format));
}

}  // namespace goalpath::report

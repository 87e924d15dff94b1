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

std::string compare_csv(const CompareResult& c) {
  std::string out = detail::csv_record({"section", "target", "indicator", "parameter", "year", "statistic", "a", "b", "delta"});
  auto row = [&](const char* section, const std::string& target, const std::string& indicator,
                 const std::string& parameter, int year, const std::string& statistic, const std::string& a,
                 const std::string& b, const std::string& delta) {
    out += detail::csv_record({section, target, indicator, parameter, year ? std::to_string(year) : "", statistic, a, b, delta});
  };
  auto numbers = [&](const char* section, const std::string& target, const std::string& indicator, int year,
                     const std::string& statistic, std::optional<double> a, std::optional<double> b) {
    std::string delta = a && b ? detail::exact_number(*b - *a) : "";
    row(section, target, indicator, "", year, statistic, a ? detail::exact_number(*a) : "", b ? detail::exact_number(*b) : "",
        delta);
  };
  auto meta = [&](const std::string& key, auto of) { row("meta", "", "", "", 0, key, of(c.a), of(c.b), ""); };
  meta("scenario_id", [](const analysis::RunResult& r) { return r.scenario_id; });
  meta("title", [](const analysis::RunResult& r) { return r.title; });
  row("meta", "", "", "", 0, "kind", c.a_kind, c.b_kind, "");
  meta("scenario_file", [](const analysis::RunResult& r) { return r.settings.scenario_file; });
  meta("scenario_sha256", [](const analysis::RunResult& r) { return r.settings.scenario_sha256; });
  meta("engine_version", [](const analysis::RunResult& r) { return r.settings.engine_version; });
  meta("seed", [](const analysis::RunResult& r) { return std::to_string(r.settings.seed); });
  meta("paths", [](const analysis::RunResult& r) { return std::to_string(r.settings.deterministic ? 0 : r.settings.paths); });
  meta("threads", [](const analysis::RunResult& r) { return std::to_string(r.settings.threads); });
  meta("deterministic", [](const analysis::RunResult& r) { return std::string(r.settings.deterministic ? "true" : "false"); });
  meta("command_line", [](const analysis::RunResult& r) { return r.settings.command_line; });
  for (const auto& t : c.targets) {
    auto get = [](const std::optional<analysis::TargetResult>& s, auto field) -> std::optional<double> {
      if (!s) return std::nullopt;
      return field(*s);
    };
    int year = (t.a ? t.a->ask : t.b->ask).last_year;
    numbers("target", t.id, "", year, "probability", get(t.a, [](auto& s) { return s.probability; }),
            get(t.b, [](auto& s) { return s.probability; }));
    // The delta column of probability_se holds the change's standard error.
    row("target", t.id, "", "", year, "probability_se",
        t.a && t.a->probability_se ? detail::exact_number(*t.a->probability_se) : "",
        t.b && t.b->probability_se ? detail::exact_number(*t.b->probability_se) : "",
        t.delta_probability_se ? detail::exact_number(*t.delta_probability_se) : "");
    numbers("target", t.id, "", year, "deterministic_value", get(t.a, [](auto& s) { return std::optional(s.deterministic_value); }),
            get(t.b, [](auto& s) { return std::optional(s.deterministic_value); }));
    numbers("target", t.id, "", year, "threshold", get(t.a, [](auto& s) { return std::optional(s.ask.threshold); }),
            get(t.b, [](auto& s) { return std::optional(s.ask.threshold); }));
    row("target", t.id, "", "", year, "status", t.a ? analysis::to_string(t.a->status) : "",
        t.b ? analysis::to_string(t.b->status) : "", t.status_changed ? "changed" : "");
  }
  for (const auto& p : c.parameters) {
    row("parameter", "", "", p.name, 0, "value", p.a ? detail::exact_number(p.a->value) : "",
        p.b ? detail::exact_number(p.b->value) : "", p.a && p.b ? detail::exact_number(p.b->value - p.a->value) : "");
    row("parameter", "", "", p.name, 0, "distribution", p.a ? p.a->distribution : "", p.b ? p.b->distribution : "", p.change);
  }
  for (const auto& i : c.indicators) {
    std::set<int> years(c.a.years.begin(), c.a.years.end());
    years.insert(c.b.years.begin(), c.b.years.end());
    auto at = [](const analysis::RunResult& r, const std::optional<analysis::IndicatorResult>& ind,
                 const std::vector<double> analysis::IndicatorResult::*series, int year) -> std::optional<double> {
      if (!ind || r.years.empty()) return std::nullopt;
      std::size_t k = static_cast<std::size_t>(year - r.years.front());
      const auto& values = (*ind).*series;
      if (year < r.years.front() || k >= values.size() || !std::isfinite(values[k])) return std::nullopt;
      return values[k];
    };
    for (int year : years) {
      numbers("indicator", "", i.name, year, "deterministic", at(c.a, i.a, &analysis::IndicatorResult::deterministic, year),
              at(c.b, i.b, &analysis::IndicatorResult::deterministic, year));
      numbers("indicator", "", i.name, year, "p50", at(c.a, i.a, &analysis::IndicatorResult::p50, year),
              at(c.b, i.b, &analysis::IndicatorResult::p50, year));
    }
  }
  for (const auto& note : c.notes) row("note", "", "", "", 0, "note", note, "", "");
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

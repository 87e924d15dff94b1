// `goalpath solve` as a terminal table, Markdown and CSV: the answer in
// words, the search, and the target's needed path year by year.
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "report/solve.hpp"
#include "report/study.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string rate_text(const std::string& rates, double rate, const std::string& unit) {
  if (!std::isfinite(rate)) return "—";
  if (rates == "compound") return fmt::format("{:+.2f}%/yr", 100 * rate);
  return fmt::format("{}{} {}a year", rate >= 0 ? "+" : "", human_number(rate), unit.empty() ? "" : unit + " ");
}

/// The answer as sentences, one per line.
std::vector<std::string> answer(const analysis::SolveResult& r) {
  std::vector<std::string> lines;
  lines.push_back(fmt::format("now: {} = {} gives {}: {}", r.param, human_number(r.current),
                              detail::measured_text(r.ask, r.value_at_current, r.unit), r.met_at_current ? "met" : "not met"));
  if (!r.break_even) {
    lines.push_back("break-even: none — " + r.reason);
  } else {
    const std::string x = human_number(*r.break_even);
    const bool up = r.direction == "increase";
    std::string what = r.met_at_current
                           ? fmt::format("the target stays met while {} stays {} {}", r.param, up ? "at or above" : "at or below", x)
                           : fmt::format("{} {} to {} {} to meet the target", up ? "raise" : "lower", r.param,
                                         up ? "at least" : "at most", x);
    lines.push_back(fmt::format("break-even: {} = {} ({})", r.param, fmt::format("{:.6g}", *r.break_even), what));
    if (!r.other_crossings.empty()) {
      std::string others;
      for (double v : r.other_crossings) others += (others.empty() ? "" : ", ") + fmt::format("{:.6g}", v);
      lines.push_back("the model also crosses the threshold at " + r.param + " = " + others);
    }
  }
  lines.push_back(fmt::format("searched: [{:.6g}, {:.6g}] ({})", r.search_low, r.search_high, r.search_basis));
  if (r.probability) lines.push_back(detail::probability_sentence(r));
  return lines;
}

std::string title(const analysis::SolveResult& r) {
  return fmt::format("break-even {} for {}{} ({})", r.param, r.target, r.label.empty() ? "" : " — " + r.label,
                     detail::ask_text(r.ask, r.unit));
}

}  // namespace

namespace detail {

std::string probability_sentence(const analysis::SolveResult& r) {
  const analysis::ProbabilitySolution& s = *r.probability;
  const std::string asked = fmt::format("for P(met) = {}", percent(s.probability));
  std::string runs = fmt::format("{} Monte Carlo runs of {} paths each, the same paths every time; P(met) now {}",
                                 s.runs, s.paths, percent(s.probability_at_current));
  if (!s.value) return fmt::format("{}: no value — {} ({})", asked, s.reason, runs);
  return fmt::format("{}: {} = {:.6g} ± {:.2g} (Monte Carlo error; centre moved, uncertainty and correlations kept; "
                     "P(met) {} above it), bracketed by [{:.6g}, {:.6g}] ({})",
                     asked, r.param, *s.value, s.value_se, s.direction == "increase" ? "rises" : "falls", s.bracket_low,
                     s.bracket_high, runs);
}

std::string needed_path_sentence(const analysis::NeededPath& p) {
  if (p.rates.empty()) return p.target + ": no path is defined: " + p.note;
  const std::string start = human_number(p.projected.front()) + (p.unit.empty() ? "" : " " + p.unit);
  std::string out = fmt::format("{} needs {} to grow {} from {} in {}", p.target, p.subject,
                                rate_text(p.rates, p.required_rate, p.unit), start, p.years.front());
  if (p.ask.kind == scenario::TargetKind::every_year && p.binding_year != p.years.back()) out += fmt::format(" (the bound binds in {})", p.binding_year);
  out += "; the projection: " + rate_text(p.rates, p.projected_rate, p.unit);
  return out;
}

std::vector<std::vector<std::string>> needed_path_rows(const analysis::NeededPath& p) {
  Rows rows = {{"year", "needed", "projected"}};
  for (std::size_t k = 0; k < p.years.size(); ++k) {
    rows.push_back({std::to_string(p.years[k]), k < p.needed.size() ? human_number(p.needed[k]) : "—",
                    human_number(p.projected[k])});
  }
  return rows;
}

}  // namespace detail

std::string solve_table(const analysis::SolveResult& r) {
  std::string out = title(r) + "\n";
  for (const auto& line : answer(r)) out += "  " + line + "\n";
  out += fmt::format("\n{}\n", detail::needed_path_sentence(r.path_needed));
  out += detail::aligned_columns(detail::needed_path_rows(r.path_needed), {false, true, true});
  return out + (r.probability ? "\n(break-even and path: deterministic, other parameters at their values, shocks at 0)\n"
                               : "\n(deterministic: other parameters at their values, shocks at 0)\n");
}

std::string solve_markdown(const analysis::SolveResult& r) {
  std::string out = "## " + detail::md_escape(title(r)) + "\n\n";
  for (const auto& line : answer(r)) out += "- " + detail::md_escape(line) + "\n";
  out += fmt::format("\n{}.\n\n", detail::md_escape(detail::needed_path_sentence(r.path_needed)));
  const Rows rows = detail::needed_path_rows(r.path_needed);
  return out + detail::md_table(rows.front(), Rows(rows.begin() + 1, rows.end()), {false, true, true});
}

std::string solve_csv(const analysis::SolveResult& r) {
  using detail::exact_number;
  std::string out = detail::csv_record({"section", "year", "field", "value"});
  auto add = [&out](const std::string& section, const std::string& year, const std::string& field, const std::string& value) {
    out += detail::csv_record({section, year, field, value});
  };
  add("solve", "", "target", r.target);
  add("solve", "", "param", r.param);
  add("solve", "", "break_even", r.break_even ? exact_number(*r.break_even) : "");
  add("solve", "", "current", exact_number(r.current));
  add("solve", "", "direction", r.direction);
  add("solve", "", "reason", r.reason);
  add("solve", "", "value_at_current", exact_number(r.value_at_current));
  add("solve", "", "met_at_current", r.met_at_current ? "1" : "0");
  add("solve", "", "search_low", exact_number(r.search_low));
  add("solve", "", "search_high", exact_number(r.search_high));
  if (r.probability) {
    const analysis::ProbabilitySolution& s = *r.probability;
    add("solve", "", "probability", exact_number(s.probability));
    add("solve", "", "value", s.value ? exact_number(*s.value) : "");
    add("solve", "", "value_se", s.value ? exact_number(s.value_se) : "");
    add("solve", "", "probability_at_current", exact_number(s.probability_at_current));
    add("solve", "", "paths", std::to_string(s.paths));
  }
  const auto& p = r.path_needed;
  add("path", "", "required_rate", exact_number(p.required_rate));
  add("path", "", "projected_rate", exact_number(p.projected_rate));
  add("path", "", "rates", p.rates);
  for (std::size_t k = 0; k < p.years.size(); ++k) {
    if (k < p.needed.size()) add("path", std::to_string(p.years[k]), "needed", exact_number(p.needed[k]));
    add("path", std::to_string(p.years[k]), "projected", exact_number(p.projected[k]));
  }
  return out;
}

std::string solve_report(const analysis::SolveResult& r, Format format) {
  switch (format) {
    case Format::table: return solve_table(r);
    case Format::json: return solve_to_json(r).dump(2) + "\n";
    case Format::csv: return solve_csv(r);
    case Format::md: return solve_markdown(r);
    case Format::html: return solve_html(r);
  }
  throw std::invalid_argument("solve: unknown format");
}

std::string paths_needed_table(const PathsNeededReport& r) {
  std::string out = fmt::format("paths needed for the targets of {} from {} (deterministic projection beside them)\n",
                                r.info.scenario_id, r.base_year);
  for (const auto& p : r.paths) {
    out += fmt::format("\n{}\n", detail::needed_path_sentence(p));
    out += detail::aligned_columns(detail::needed_path_rows(p), {false, true, true});
  }
  return out;
}

std::string paths_needed_markdown(const PathsNeededReport& r) {
  std::string out = "## Paths needed: " + detail::md_escape(r.info.scenario_id) + "\n";
  for (const auto& p : r.paths) {
    out += "\n### " + detail::md_escape(p.target) + "\n\n" + detail::md_escape(detail::needed_path_sentence(p)) + ".\n\n";
    const Rows rows = detail::needed_path_rows(p);
    out += detail::md_table(rows.front(), Rows(rows.begin() + 1, rows.end()), {false, true, true});
  }
  return out;
}

std::string paths_needed_csv(const PathsNeededReport& r) {
  using detail::exact_number;
  std::string out = detail::csv_record({"target", "year", "needed", "projected"});
  for (const auto& p : r.paths) {
    for (std::size_t k = 0; k < p.years.size(); ++k) {
      out += detail::csv_record({p.target, std::to_string(p.years[k]), k < p.needed.size() ? exact_number(p.needed[k]) : "",
                                 exact_number(p.projected[k])});
    }
  }
  return out;
}

std::string paths_needed_report(const PathsNeededReport& r, Format format) {
  switch (format) {
    case Format::table: return paths_needed_table(r);
    case Format::json: return paths_needed_to_json(r).dump(2) + "\n";
    case Format::csv: return paths_needed_csv(r);
    case Format::md: return paths_needed_markdown(r);
    case Format::html: return paths_needed_html(r);
  }
  throw std::invalid_argument("paths needed: unknown format");
}

}  // namespace goalpath::report

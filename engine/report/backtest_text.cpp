// `goalpath backtest` as a terminal table, Markdown and CSV: one row per
// compared point, then the scores and how each indicator was restarted.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <stdexcept>

#include "report/backtest.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string signed_percent(double fraction) {
  if (!std::isfinite(fraction)) return "—";
  return fmt::format("{:+.1f}%", 100.0 * fraction);
}

Rows point_rows(const analysis::BacktestResult& r, bool repeat_names) {
  Rows rows;
  std::vector<std::string> header = {"indicator", "year", "observed", "projected", "error"};
  if (!r.deterministic) header.insert(header.end(), {"p05 – p95", "p50", "in 90% band"});
  rows.push_back(header);
  for (const auto& s : r.indicators) {
    for (std::size_t k = 0; k < s.years.size(); ++k) {
      std::vector<std::string> row = {k == 0 || repeat_names ? s.name : "", std::to_string(s.years[k]),
                                      human_number(s.observed[k]), human_number(s.deterministic[k]),
                                      signed_percent(s.error[k])};
      if (!r.deterministic) {
        row.insert(row.end(), {human_number(s.p05[k]) + " – " + human_number(s.p95[k]), human_number(s.p50[k]),
                               s.in_band[k] ? "yes" : "no"});
      }
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

Rows indicator_rows(const analysis::BacktestResult& r) {
  Rows rows;
  std::vector<std::string> header = {"indicator", "points", "MAPE"};
  if (!r.deterministic) header.push_back("in 90% band");
  header.push_back("start in " + std::to_string(r.from_year));
  rows.push_back(header);
  for (const auto& s : r.indicators) {
    std::string start;
    switch (s.start) {
      case analysis::BacktestStart::history: start = "observed " + human_number(s.start_value); break;
      case analysis::BacktestStart::derived: start = "by its value rule: " + human_number(s.start_value); break;
      case analysis::BacktestStart::expression:
        start = "base '" + s.base_expression + "' = " + human_number(s.start_value);
        break;
    }
    if (s.start != analysis::BacktestStart::history && s.observed_start) {
      start += " (observed " + human_number(*s.observed_start) + ")";
    }
    std::vector<std::string> row = {s.name, std::to_string(s.years.size()), percent(s.mape)};
    if (!r.deterministic) row.push_back(fmt::format("{}/{}", s.inside_90, s.years.size()));
    row.push_back(start);
    rows.push_back(std::move(row));
  }
  return rows;
}

/// Left-aligned text columns, right-aligned numbers; names and numbers are ASCII.
std::string aligned(const Rows& rows, std::size_t first_numeric) {
  std::vector<std::size_t> widths(rows.front().size(), 0);
  auto width = [](const std::string& s) {  // "–" and "—" take one column but three bytes
    return s.size() - 2 * static_cast<std::size_t>(std::count(s.begin(), s.end(), '\xe2'));
  };
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], width(row[c]));
  }
  std::string out;
  for (const auto& row : rows) {
    std::string line;
    for (std::size_t c = 0; c < row.size(); ++c) {
      std::string fill(widths[c] - width(row[c]), ' ');
      bool right = c >= first_numeric && c + 1 < row.size();
      line += (c ? "  " : "") + (right ? fill + row[c] : row[c] + fill);
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  return out;
}

std::string markdown(const Rows& rows, std::size_t first_numeric) {
  std::vector<bool> numeric(rows.front().size(), false);
  for (std::size_t c = first_numeric; c + 1 < numeric.size(); ++c) numeric[c] = true;
  return detail::md_table(rows.front(), Rows(rows.begin() + 1, rows.end()), numeric);
}

std::string heading(const analysis::BacktestResult& r) {
  std::string run = r.deterministic ? "deterministic projection"
                                    : fmt::format("{} paths, seed {}", r.paths, r.seed);
  return fmt::format("restarted in {} from history (the scenario's base year is {}), projected to {}; {}",
                     r.from_year, r.original_base_year, r.last_year, run);
}

std::string scores(const analysis::BacktestResult& r) {
  std::string out = fmt::format("MAPE (projection vs observed): {} over {} points", percent(r.mape), r.mape_points);
  if (r.coverage_90) {
    out += fmt::format("; inside the p05–p95 band: {}/{} ({})", r.inside_90, r.points, percent(*r.coverage_90));
  }
  return out;
}

std::string notes(const analysis::BacktestResult& r) {
  std::string out;
  for (const auto& [name, expression] : r.expression_starts) {
    out += fmt::format("note: '{}' has no history for {}; it starts from its base expression '{}', whose "
                       "parameters were set for {}.\n",
                       name, r.from_year, expression, r.original_base_year);
  }
  if (!r.left_out.empty()) {
    std::string names;
    for (const auto& n : r.left_out) names += (names.empty() ? "" : ", ") + n;
    out += "left out (no observation after " + std::to_string(r.from_year) + " depends on them): " + names + "\n";
  }
  if (r.nonfinite_paths > 0) {
    out += fmt::format("warning: {} paths produced a value that is not a number; they are left out of the bands.\n",
                       r.nonfinite_paths);
  }
  return out;
}

}  // namespace

std::string backtest_table(const analysis::BacktestResult& r) {
  std::string out = fmt::format("backtest of {} ({})\n{}\n\n", r.title.empty() ? r.scenario_id : r.title,
                                r.scenario_id, heading(r));
  out += aligned(point_rows(r, false), 2) + "\n";
  out += aligned(indicator_rows(r), 1) + "\n";
  out += scores(r) + "\n";
  if (std::string n = notes(r); !n.empty()) out += "\n" + n;
  out += "\nerror: (projected - observed) / observed; MAPE: mean of |error| over the points.\n";
  return out;
}

std::string backtest_markdown(const analysis::BacktestResult& r) {
  std::string out = "## Backtest of " + detail::md_escape(r.scenario_id) + " from " + std::to_string(r.from_year) +
                    "\n\n" + detail::md_escape(heading(r)) + ".\n\n";
  out += markdown(point_rows(r, true), 2) + "\n";
  out += markdown(indicator_rows(r), 1) + "\n";
  out += detail::md_escape(scores(r)) + ".\n";
  // One paragraph per note; md_escape keeps expressions like 'a * b' literal.
  std::string n = notes(r);
  for (std::size_t at = 0, end; (end = n.find('\n', at)) != std::string::npos; at = end + 1) {
    out += "\n";
    out += detail::md_escape(n.substr(at, end - at));
    out += "\n";
  }
  return out;
}

std::string backtest_csv(const analysis::BacktestResult& r) {
  using detail::exact_number;
  std::string out = detail::csv_record({"scenario", "from", "indicator", "year", "observed", "deterministic", "error",
                                        "p05", "p50", "p95", "inside_90"});
  for (const auto& s : r.indicators) {
    for (std::size_t k = 0; k < s.years.size(); ++k) {
      std::vector<std::string> fields = {r.scenario_id, std::to_string(r.from_year), s.name, std::to_string(s.years[k]),
                                         exact_number(s.observed[k]), exact_number(s.deterministic[k]),
                                         exact_number(s.error[k])};
      if (r.deterministic) {
        fields.insert(fields.end(), {"", "", "", ""});
      } else {
        fields.insert(fields.end(), {exact_number(s.p05[k]), exact_number(s.p50[k]), exact_number(s.p95[k]),
                                     s.in_band[k] ? "1" : "0"});
      }
      out += detail::csv_record(fields);
    }
  }
  return out;
}

std::string backtest_report(const analysis::BacktestResult& r, Format format) {
  switch (format) {
    case Format::table: return backtest_table(r);
    case Format::json: return backtest_to_json(r).dump(2) + "\n";
    case Format::csv: return backtest_csv(r);
    case Format::md: return backtest_markdown(r);
    case Format::html: break;
  }
  throw std::invalid_argument(std::string("backtest has no ") + to_string(format) + " report");
}

}  // namespace goalpath::report

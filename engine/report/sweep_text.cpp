// `goalpath sweep` as a terminal table, Markdown and CSV: one row per grid
// point, one column per target (the probability, or with --deterministic
// the value and whether it meets the target).
#include <fmt/format.h>

#include <stdexcept>

#include "report/sweep.hpp"
#include "report/text.hpp"

namespace goalpath::report {



namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string cell_text(const analysis::SweepResult& r, const analysis::SweepCell& c) {
  if (r.deterministic) return human_number(c.value) + (c.met ? " ✓" : " ✗");
  return c.probability ? percent(*c.probability) : "—";
}

Rows grid_rows(const analysis::SweepResult& r) {
  Rows rows;
  std::vector<std::string> header;
  for (const auto& a : r.axes) header.push_back(a.name);
  for (const auto& t : r.targets) header.push_back(t.id);
  rows.push_back(std::move(header));
  for (const auto& p : r.points) {
    std::vector<std::string> row;
    for (double v : p.values) row.push_back(human_number(v));
    for (const auto& c : p.targets) row.push_back(cell_text(r, c));
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string heading(const analysis::SweepResult& r) {
  std::string shape;
  for (const auto& a : r.axes) shape += fmt::format("{}{} ({} values)", shape.empty() ? "" : " x ", a.name, a.values.size());
  std::string run = r.deterministic
                        ? "deterministic: the other parameters at their values, shocks 0"
                        : fmt::format("{} paths per point, seed {}; {}; every point uses the same paths",
                                      r.paths, r.info.seed, detail::mode_text(r.mode));
  return fmt::format("{} points: {}; {}", r.points.size(), shape, run);
}

std::string legend(const analysis::SweepResult& r) {
  std::string out = r.deterministic ? "cells: the target's deterministic value; ✓ meets the target, ✗ does not.\n"
                                    : "cells: probability that the target is met.\n";
  for (const auto& t : r.targets) {
    out += fmt::format("  {}: {}{}\n", t.id, t.label.empty() ? "" : t.label + ", ",
                       detail::ask_text(t.ask, t.unit));
  }
  return out;
}

std::vector<bool> right_aligned(const analysis::SweepResult& r) {
  return std::vector<bool>(r.axes.size() + r.targets.size(), true);
}

}  // namespace

std::string sweep_table(const analysis::SweepResult& r) {
  std::string out = fmt::format("sweep of {} ({})\n{}\n\n", r.info.title.empty() ? r.info.scenario_id : r.info.title,
                                r.info.scenario_id, heading(r));
  out += detail::aligned_columns(grid_rows(r), right_aligned(r));
  return out + "\n" + legend(r);
}

std::string sweep_markdown(const analysis::SweepResult& r) {
  const Rows rows = grid_rows(r);
  std::string out = "## Sweep of " + detail::md_escape(r.info.scenario_id) + "\n\n" + detail::md_escape(heading(r)) + ".\n\n";
  out += detail::md_table(rows.front(), Rows(rows.begin() + 1, rows.end()), right_aligned(r)) + "\n";
  const std::string text = legend(r);
  for (std::size_t at = 0, end; (end = text.find('\n', at)) != std::string::npos; at = end + 1) {
    out += "- " + detail::md_escape(text.substr(at, end - at)) + "\n";
  }
  return out;
}

std::string sweep_csv(const analysis::SweepResult& r) {
  using detail::exact_number;
  std::vector<std::string> header = {"point"};
  for (const auto& a : r.axes) header.push_back(a.name);
  header.insert(header.end(), {"target", "value", "met", "probability", "probability_se", "nonfinite"});
  std::string out = detail::csv_record(header);
  for (std::size_t k = 0; k < r.points.size(); ++k) {
    const auto& p = r.points[k];
    for (std::size_t t = 0; t < r.targets.size(); ++t) {
      const auto& c = p.targets[t];
      std::vector<std::string> fields = {std::to_string(k)};
      for (double v : p.values) fields.push_back(exact_number(v));
      fields.insert(fields.end(), {r.targets[t].id, exact_number(c.value), c.met ? "1" : "0",
                                   c.probability ? exact_number(*c.probability) : "",
                                   c.probability_se ? exact_number(*c.probability_se) : "",
                                   r.deterministic ? "" : std::to_string(c.nonfinite)});
      out += detail::csv_record(fields);
    }
  }
  return out;
}

std::string sweep_report(const analysis::SweepResult& r, Format format) {
  switch (format) {
    case Format::table: return sweep_table(r);
    case Format::json: return sweep_to_json(r).dump(2) + "\n";
    case Format::csv: return sweep_csv(r);
    case Format::md: return sweep_markdown(r);
    case Format::html: return sweep_html(r);
  }
  throw std::invalid_argument("sweep: unknown format");
}

}  // namespace goalpath::report

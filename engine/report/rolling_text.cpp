// `goalpath backtest --rolling` as a terminal table, Markdown and CSV: the
// scores by horizon, pooled over every horizon, the PIT histogram and the
// origins skipped; CSV gives every point instead.
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "report/rolling.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string fixed(double value) { return std::isfinite(value) ? fmt::format("{:.4f}", value) : "—"; }
std::string p_value(double value) { return fmt::format("{:.3g}", value); }

Rows horizon_rows(const analysis::RollingResult& r) {
  Rows rows = {{"horizon", "points", "bias", "RMSE", "in 50% band", "p (vs 50%)", "in 90% band", "p (vs 90%)"}};
  auto add = [&rows](const std::string& name, const analysis::RollingCoverage& c, double bias, double rmse) {
    rows.push_back({name, std::to_string(c.points), fixed(bias), fixed(rmse), percent(c.coverage_50),
                    p_value(c.coverage_50_p), percent(c.coverage_90), p_value(c.coverage_90_p)});
  };
  for (const auto& h : r.horizons) add(std::to_string(h.horizon), h, h.bias, h.rmse);
  add("all", r.overall, std::nan(""), std::nan(""));
  return rows;
}

std::string heading(const analysis::RollingResult& r) {
  std::string origins = fmt::format("{} origin{}", r.origins.size(), r.origins.size() == 1 ? "" : "s");
  if (r.origins.size() == 1) origins += fmt::format(" ({})", r.origins.front());
  if (r.origins.size() > 1) origins += fmt::format(" ({}–{})", r.origins.front(), r.origins.back());
  return fmt::format("rolling origins: {}, {} skipped; {} paths, seed {}", origins, r.skipped.size(), r.paths,
                     r.info.seed);
}

std::string pit_line(const analysis::RollingCoverage& c) {
  std::string out = "PIT histogram (tenths, 0–0.1 first):";
  for (int n : c.pit) {
    out += ' ';  // not " " + text: g++ 12 warns (-Wrestrict) about that concatenation
    out += std::to_string(n);
  }
  return out;
}

std::string notes(const analysis::RollingResult& r) {
  std::string out;
  for (const auto& s : r.skipped) out += fmt::format("skipped origin {}: {}\n", s.year, s.reason);
  for (const auto& d : r.dropped) {
    out += fmt::format("not compared from {}: {} ({})\n", d.year, d.indicator, d.reason);
  }
  if (r.nonfinite_paths > 0) {
    out += fmt::format("warning: {} path-origins produced a value that is not a number; they are left out.\n",
                       r.nonfinite_paths);
  }
  return out;
}

const char* kLegend =
    "bias, RMSE: mean and root mean square of log(projected / observed); in band: share of points inside "
    "p25–p75 and p05–p95, with the exact binomial p-value against 50% and 90% (points from overlapping "
    "origins are correlated beyond horizon 1).";

}  // namespace

std::string rolling_table(const analysis::RollingResult& r) {
  std::string out = fmt::format("rolling backtest of {} ({})\n{}\n\n",
                                r.info.title.empty() ? r.info.scenario_id : r.info.title, r.info.scenario_id,
                                heading(r));
  std::vector<bool> right(8, true);
  right[0] = false;
  out += detail::aligned_columns(horizon_rows(r), right) + "\n";
  out += pit_line(r.overall) + "\n";
  if (std::string n = notes(r); !n.empty()) out += "\n" + n;
  out += std::string("\n") + kLegend + "\n";
  return out;
}

std::string rolling_markdown(const analysis::RollingResult& r) {
  std::string out = "## Rolling backtest of " + detail::md_escape(r.info.scenario_id) + "\n\n" +
                    detail::md_escape(heading(r)) + ".\n\n";
  Rows rows = horizon_rows(r);
  out += detail::md_table(rows.front(), Rows(rows.begin() + 1, rows.end()), std::vector<bool>(8, true)) + "\n";
  out += detail::md_escape(pit_line(r.overall)) + "\n";
  std::string n = notes(r);
  for (std::size_t at = 0, end; (end = n.find('\n', at)) != std::string::npos; at = end + 1) {
    out += "\n";
    out += detail::md_escape(n.substr(at, end - at));
    out += "\n";
  }
  out += "\n";
  out += detail::md_escape(kLegend);
  out += "\n";
  return out;
}

std::string rolling_csv(const analysis::RollingResult& r) {
  using detail::exact_number;
  std::string out = detail::csv_record({"scenario", "indicator", "origin", "year", "horizon", "observed",
                                        "deterministic", "p05", "p25", "p50", "p75", "p95", "pit", "log_error"});
  for (const auto& f : r.forecasts) {
    out += detail::csv_record({r.info.scenario_id, f.indicator, std::to_string(f.origin), std::to_string(f.year),
                               std::to_string(f.horizon), exact_number(f.observed), exact_number(f.deterministic),
                               exact_number(f.p05), exact_number(f.p25), exact_number(f.p50), exact_number(f.p75),
                               exact_number(f.p95), exact_number(f.pit), exact_number(f.log_error)});
  }
  return out;
}

std::string rolling_report(const analysis::RollingResult& r, Format format) {
  switch (format) {
    case Format::table: return rolling_table(r);
    case Format::json: return rolling_to_json(r).dump(2) + "\n";
    case Format::csv: return rolling_csv(r);
    case Format::md: return rolling_markdown(r);
    case Format::html: return rolling_html(r);
  }
  throw std::invalid_argument("unknown format");
}

}  // namespace goalpath::report

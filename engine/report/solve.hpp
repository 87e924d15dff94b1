// Writers for `goalpath solve` (table, json, csv, md, html): the break-even
// value of a parameter for a target, and the yearly paths targets need
// (`--paths-needed`). They read only analysis results.
//
// JSON (CLI.md): {"schema": "goalpath.solve/1", "target", "param",
// "break_even", "current", "direction"}, break_even null with a "reason"
// when no value in the search interval meets the target (direction is then
// null too); plus label, unit, op, threshold, value_at_current,
// met_at_current, search {low, high, basis}, other_crossings and
// path_needed (below). With --probability: "probability" (asked for),
// "value" (null with "probability_reason" when P(met) does not cross it),
// "value_se", and "probability_search" {bracket, slope, slope_step,
// probability_at_current, direction, paths, runs}. `--paths-needed` alone gives {"schema":
// "goalpath.paths_needed/1", "targets": [path, ...]} where a path is
// {target, label, subject, unit, kind, op, threshold, rates, required_rate,
// projected_rate, binding_year, years, needed, projected, note}.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/solve.hpp"
#include "report/document.hpp"
#include "report/report.hpp"

namespace goalpath::report {

/// The answer for people: the break-even value in words, the search, the
/// value that gives the asked probability, the needed path against the
/// projection; provenance last.
Document build_solve_document(const analysis::SolveResult& result, Lang lang);

nlohmann::json solve_to_json(const analysis::SolveResult& result);
std::string solve_table(const analysis::SolveResult& result, Lang lang = Lang::en);
/// One row per field: section (solve | path), year, field, value.
std::string solve_csv(const analysis::SolveResult& result);
std::string solve_markdown(const analysis::SolveResult& result, Lang lang = Lang::en);
/// The answer in words and the target's needed path against the projection.
std::string solve_html(const analysis::SolveResult& result, Lang lang = Lang::en);
std::string solve_report(const analysis::SolveResult& result, Format format, Lang lang = Lang::en);

/// The needed paths of several targets (`goalpath solve --paths-needed`).
struct PathsNeededReport {
  analysis::StudyInfo info;
  int base_year = 0;
  std::vector<analysis::NeededPath> paths;
};
/// Each target's needed path (sentence, chart, table); provenance last.
Document build_paths_needed_document(const PathsNeededReport& report, Lang lang);
nlohmann::json paths_needed_to_json(const PathsNeededReport& report);
std::string paths_needed_table(const PathsNeededReport& report, Lang lang = Lang::en);
/// Columns: target, year, needed, projected.
std::string paths_needed_csv(const PathsNeededReport& report);
std::string paths_needed_markdown(const PathsNeededReport& report, Lang lang = Lang::en);
std::string paths_needed_html(const PathsNeededReport& report, Lang lang = Lang::en);
std::string paths_needed_report(const PathsNeededReport& report, Format format, Lang lang = Lang::en);

namespace detail {
nlohmann::json needed_path_json(const analysis::NeededPath& path);
}  // namespace detail

}  // namespace goalpath::report

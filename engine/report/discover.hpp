// Writers for `goalpath discover` (table, json, csv, md, html). They read
// only analysis::DiscoverResult.
//
// JSON (CLI.md): {"schema": "goalpath.discover/1", "target", "boxes":
// [{"limits": {NAME: [lo, hi]}, "coverage", "density", "mass"}]} with, per
// box, "restricted" (the names whose limits cut into the sampled range);
// plus "trajectory" (every peeled box, then the pasted one, same shape),
// "chosen" (its index, null with no box), targets, samples, points,
// successes, outcome ("success", or "failure" with --failure), cases (points
// with that outcome; the boxes count them), base_density, parameters [{name, range: [lo, hi]}] and warning.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/discover.hpp"
#include "report/document.hpp"
#include "report/report.hpp"

namespace goalpath::report {

/// The discovery for people: what was sampled, the chosen box (limits,
/// drawn within the sampled ranges), the peeling trajectory; provenance last.
Document build_discover_document(const analysis::DiscoverResult& result, Lang lang);

nlohmann::json discover_to_json(const analysis::DiscoverResult& result);
std::string discover_table(const analysis::DiscoverResult& result, Lang lang = Lang::en);
/// One row per trajectory box and parameter: step, chosen, coverage,
/// density, mass, parameter, lower, upper, restricted.
std::string discover_csv(const analysis::DiscoverResult& result);
std::string discover_markdown(const analysis::DiscoverResult& result, Lang lang = Lang::en);
/// The chosen box against the sampled ranges, the coverage-density
/// trade-off along the trajectory, and the tables.
std::string discover_html(const analysis::DiscoverResult& result, Lang lang = Lang::en);
std::string discover_report(const analysis::DiscoverResult& result, Format format, Lang lang = Lang::en);

}  // namespace goalpath::report

// Writers for `goalpath sensitivity` (table, json, csv, md, html). They read
// only analysis::SensitivityReport.
//
// JSON (CLI.md): with one target analysed, the contract's object
//   {"schema": "goalpath.sensitivity/1", "method", "target", "metric",
//    "samples", "parameters": [{"name", ...}], ...}
// where each parameter carries, by method, tornado low, high, output_low,
// output_high, swing; morris mu_star, sigma (and mu); sobol S1, S1_conf, ST,
// ST_conf; shapley shapley, shapley_conf (95% half-width), shapley_se;
// plus label, unit, baseline (tornado), output_variance (sobol, shapley) and
// warning. With several targets (the default is every target), the top
// level keeps schema, method, metric and samples and holds "target": null,
// "targets": [ids] and "results": [one object per target with the fields
// above, "target" included]. Either way engine, scenario, settings and
// diagnostics describe the run.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/sensitivity.hpp"
#include "report/document.hpp"
#include "report/report.hpp"

namespace goalpath::report {

/// The analysis for people: what was run, then per target its chart
/// (tornado bars with the target line, Sobol or Shapley bars with their
/// intervals, Morris's plane) and table, every parameter without effect
/// named; what the columns mean; provenance last.
Document build_sensitivity_document(const analysis::SensitivityReport& report, Lang lang);

nlohmann::json sensitivity_to_json(const analysis::SensitivityReport& report);
std::string sensitivity_table(const analysis::SensitivityReport& report, Lang lang = Lang::en);
/// One row per target and parameter: target, parameter, then the method's
/// fields (tornado low, high, output_low, output_high, swing; morris mu_star,
/// mu, sigma; sobol S1, S1_conf, ST, ST_conf; shapley shapley, shapley_conf, shapley_se).
std::string sensitivity_csv(const analysis::SensitivityReport& report);
std::string sensitivity_markdown(const analysis::SensitivityReport& report, Lang lang = Lang::en);
/// Tornado bars, S1/ST bars with their intervals, Shapley shares with
/// theirs, or Morris's μ*-σ plane,
/// per target, with the tables.
std::string sensitivity_html(const analysis::SensitivityReport& report, Lang lang = Lang::en);
std::string sensitivity_report(const analysis::SensitivityReport& report, Format format, Lang lang = Lang::en);

}  // namespace goalpath::report

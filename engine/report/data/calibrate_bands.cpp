// `goalpath calibrate --bands`: the calibrated variant (YAML) or its numbers
// (JSON, goalpath.bands/1, REPORT_JSON.md).
#include <fmt/format.h>

#include "report/calibrate.hpp"
#include "report/rolling.hpp"
#include "report/data/json_parts.hpp"
#include "report/data/json_parts.hpp"
#include "report/data/study_json.hpp"

namespace goalpath::report {

namespace {
using detail::json_number;
using nlohmann::json;

/// A YAML double-quoted scalar: backslash and quote escaped, on one line.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char ch : one_line(text)) {
    if (ch == '"' || ch == '\\') out += '\\';
    out += ch;
  }
  return out + "\"";
}

std::string held(const analysis::RollingCoverage& c) {
  return fmt::format("{} points, 50% band held {} ({:.0f}%), 90% band held {} ({:.0f}%)", c.points, c.inside_50,
                     100.0 * c.coverage_50, c.inside_90, 100.0 * c.coverage_90);
}

std::string origins(const analysis::RollingResult& r) {
  if (r.origins.empty()) return "none";
  if (r.origins.size() == 1) return std::to_string(r.origins.front());
  return fmt::format("{}–{}", r.origins.front(), r.origins.back());
}

std::string shock_line(const analysis::ShockCalibration& c) {
  if (!c.calibrated) return fmt::format("{}: sd {:.4g} {}", c.name, c.sd_given, c.note);
  std::string names;
  for (const auto& n : c.indicators) {
    if (!names.empty()) names += ", ";
    names += n;
  }
  std::string out = fmt::format("{}: sd {:.4g} -> {:.4g} (se {:.2g}), from {} errors of {}", c.name, c.sd_given, c.sd,
                                c.sd_se, c.errors.size(), names);
  if (!c.note.empty()) out += "; " + c.note;
  return out;
}

}  // namespace

std::string bands_yaml(const analysis::BandsCalibration& r, const std::string& extends) {
  const analysis::RollingSettings& s = r.before.settings;
  std::string out = fmt::format("# Written by goalpath's band calibration ({}) from {}\n", r.info.engine_version,
                     one_line(r.info.scenario_file));
  if (!r.info.command_line.empty()) out += "#   " + one_line(r.info.command_line) + "\n";
  out += fmt::format("# Rolling-origin backtest, origins {}, horizons up to {}, {} paths, seed {}:\n", origins(r.before),
                     s.max_horizon ? std::to_string(s.max_horizon) + " years" : "the history's",
                     r.paths, r.info.seed);
  out += "#   shocks as given:  " + held(r.before.overall) + "\n";
  out += "#   calibrated:       " + held(r.after.overall) + "\n";
  out += "# Each shock (its sd scaled by maximum likelihood on the errors of successive\n"
         "# observed years of the indicators that grow by it alone; ar kept):\n";
  for (const auto& c : r.shocks) out += "#   " + one_line(shock_line(c)) + "\n";
  for (const auto& w : r.warnings) out += "# warning: " + one_line(w) + "\n";
  out += "\n";
  out += "scenario: " + r.calibrated.id + "-calibrated\n";
  const std::string title = r.calibrated.title.empty() ? r.calibrated.id : r.calibrated.title;
  out += "title: " + quoted(title + " (bands calibrated)") + "\n";
  out += "description: " +
         quoted(fmt::format("The scenario {} with its yearly shocks calibrated on {} forecast errors of its own "
                            "method (goalpath's band calibration); everything else is inherited.",
                            r.calibrated.id, r.errors)) +
         "\n";
  out += "extends: " + quoted(extends) + "\n";
  // With nothing calibrated the variant is its parent: no calibration to claim.
  if (r.errors == 0) return out + "# nothing calibrated: see each shock's note above\n";
  out += "calibration:\n";
  out += "  method: " +
         quoted(fmt::format("goalpath band calibration: shock scales by maximum likelihood on {} forecast errors of "
                            "successive observed years (rolling origins {})",
                            r.errors, origins(r.before))) +
         "\n";
  out += fmt::format("  errors: {}\n  points: {}\n", r.errors, r.after.overall.points);
  out += fmt::format("  coverage_50: {:.4g}\n  coverage_90: {:.4g}\n", r.after.overall.coverage_50,
                     r.after.overall.coverage_90);
  // Only the calibrated shocks are restated; ar and the rest merge in from
  // the scenario. (r.shocks runs parallel to the scenario's shocks.)
  bool any = false;
  for (std::size_t k = 0; k < r.shocks.size(); ++k) {
    if (!r.shocks[k].calibrated) continue;
    if (!any) out += "shocks:\n";
    any = true;
    out += fmt::format("  {}:\n    sd: {:.4g}\n", r.shocks[k].name, r.shocks[k].sd);
    out += "    source: " + quoted(r.calibrated.shocks[k].source) + "\n";
  }
  return out;
}

json bands_to_json(const analysis::BandsCalibration& r) {
  json out;
  out["schema"] = "goalpath.bands/1";
  detail::put_study_info(out, r.info);
  const analysis::RollingSettings& s = r.before.settings;
  out["settings"]["paths"] = r.paths;
  out["settings"]["first_origin"] = s.first_origin ? json(s.first_origin) : json(nullptr);
  out["settings"]["last_origin"] = s.last_origin ? json(s.last_origin) : json(nullptr);
  out["settings"]["max_horizon"] = s.max_horizon ? json(s.max_horizon) : json(nullptr);
  out["origins"] = r.before.origins;
  out["errors"] = r.errors;
  out["before"] = coverage_to_json(r.before.overall);
  out["after"] = coverage_to_json(r.after.overall);
  json shocks = json::array();
  for (const auto& c : r.shocks) {
    json errors = json::array();
    for (const auto& e : c.errors) {
      errors.push_back({{"indicator", e.indicator},
                        {"origin", e.origin},
                        {"year", e.year},
                        {"log_error", json_number(e.log_error)},
                        {"variance_fixed", json_number(e.variance_fixed)},
                        {"variance_shocks", json_number(e.variance_shocks)}});
    }
    shocks.push_back({{"name", c.name},
                      {"calibrated", c.calibrated},
                      {"sd_given", c.sd_given},
                      {"ar", c.ar},
                      {"sd", json_number(c.sd)},
                      {"sd_se", c.calibrated ? json_number(c.sd_se) : json(nullptr)},
                      {"scale", json_number(c.scale)},
                      {"indicators", c.indicators},
                      {"bias_per_year", c.errors.size() >= analysis::kMinBandErrors ? json_number(c.bias_per_year)
                                                                                     : json(nullptr)},
                      {"bias_flagged", c.bias_flagged},
                      {"note", c.note},
                      {"errors", std::move(errors)}});
  }
  out["shocks"] = std::move(shocks);
  out["warnings"] = r.warnings;
  return out;
}

}  // namespace goalpath::report

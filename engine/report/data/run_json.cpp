// `goalpath run --format json` (CLI.md, "Report JSON").
#include <cmath>

#include "report/data/json_parts.hpp"
#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {
using nlohmann::json;

using detail::json_number;


}  // namespace

namespace detail {

json quantiles_json(const sim::Quantiles& q) {
  return {{"p05", json_number(q.p05)}, {"p10", json_number(q.p10)}, {"p25", json_number(q.p25)}, {"p50", json_number(q.p50)},
          {"p75", json_number(q.p75)}, {"p90", json_number(q.p90)}, {"p95", json_number(q.p95)}};
}

json scenario_json(const analysis::RunResult& r) {
  json out = {{"id", r.scenario_id},
              {"title", r.title},
              {"file", r.settings.scenario_file},
              {"sha256", r.settings.scenario_sha256}};
  json files = json::array();
  for (const auto& [file, sha256] : r.settings.scenario_files) files.push_back({{"file", file}, {"sha256", sha256}});
  out["files"] = files;
  out["merged_sha256"] = r.settings.merged_sha256;
  out["title_inherited"] = r.title_inherited;
  out["description_inherited"] = r.description_inherited;
  return out;
}

json indicators_json(const analysis::RunResult& r) {
  json indicators = json::object();
  for (const auto& i : r.indicators) {
    json j;
    j["label"] = i.label;
    j["unit"] = i.unit;
    j["rule"] = i.rule;
    j["source"] = i.source;
    j["deterministic"] = detail::json_numbers(i.deterministic);
    j["p05"] = detail::json_numbers(i.p05);
    j["p10"] = detail::json_numbers(i.p10);
    j["p25"] = detail::json_numbers(i.p25);
    j["p50"] = detail::json_numbers(i.p50);
    j["p75"] = detail::json_numbers(i.p75);
    j["p90"] = detail::json_numbers(i.p90);
    j["p95"] = detail::json_numbers(i.p95);
    j["nonfinite_paths"] = i.nonfinite;
    j["sign_flip_paths"] = i.sign_flips;
    j["deterministic_sign_flip_years"] = i.deterministic_sign_flip_years;
    json history = json::object();
    for (const auto& [year, value] : i.history) history[std::to_string(year)] = value;
    j["history"] = std::move(history);
    indicators[i.name] = std::move(j);
  }
  return indicators;
}

json signposts_json(const std::vector<analysis::TargetSignpost>& signposts) {
  json out = json::array();
  auto level = [](const analysis::SignpostLevel& l) { return l.value ? json_number(*l.value) : json(nullptr); };
  auto level_se = [](const analysis::SignpostLevel& l) { return l.value ? json_number(l.value_se) : json(nullptr); };
  for (const auto& s : signposts) {
    out.push_back({{"year", s.year},
                   {"indicator", s.indicator},
                   {"at_50", level(s.at_50)},
                   {"at_50_se", level_se(s.at_50)},
                   {"at_80", level(s.at_80)},
                   {"at_80_se", level_se(s.at_80)},
                   {"at_50_unconditional", s.at_50.unconditional},
                   {"at_80_unconditional", s.at_80.unconditional},
                   {"paths", s.paths}});
  }
  return out;
}

}  // namespace detail

json run_to_json(const analysis::RunResult& r) {
  json out;
  out["schema"] = "goalpath.report/1";
  out["engine"] = {{"version", r.settings.engine_version}};
  out["scenario"] = detail::scenario_json(r);
  out["warnings"] = r.warnings;
  out["calibration"] = detail::calibration_json(r);
  out["settings"] = {{"paths", r.settings.deterministic ? 0 : r.settings.paths},
                     {"seed", r.settings.seed},
                     {"threads", r.settings.threads},
                     {"processes", r.settings.processes},
                     {"deterministic", r.settings.deterministic},
                     {"command_line", r.settings.command_line}};
  if (r.settings.max_standard_error > 0) {
    out["settings"]["precision"] = {{"max_standard_error", r.settings.max_standard_error},
                                    {"stages", r.settings.precision_stages}};
  }
  out["status_cutoffs"] = {{"on_track", r.on_track}, {"at_risk", r.at_risk}};
  out["years"] = r.years;
  json targets = json::array();
  for (const auto& t : r.targets) {
    json j = detail::target_header_json(t.id, t.label, t.unit, t.ask);
    j["measure"] = t.subject;
    j["source"] = t.source;
    j["deterministic"] = {{"value", json_number(t.deterministic_value)}, {"met", t.deterministic_met}};
    if (t.ask.kind == scenario::TargetKind::every_year) j["deterministic"]["worst_year"] = t.deterministic_worst_year;
    j["probability"] = t.probability ? json_number(*t.probability) : json(nullptr);
    j["probability_se"] = t.probability_se ? json_number(*t.probability_se) : json(nullptr);
    j["quantiles"] = t.quantiles ? detail::quantiles_json(*t.quantiles) : json(nullptr);
    j["required_cagr"] = json_number(t.required_cagr);
    if (!t.ask.is_cagr()) j["required_year"] = t.required_year;
    j["projected_cagr"] = json_number(t.projected_cagr);
    j["gap"] = json_number(t.gap);
    j["status"] = analysis::to_string(t.status);
    j["status_basis"] = t.probability ? "probability" : "deterministic";
    j["progress"] = {{"basis", t.progress.basis},
                     {"rates", t.progress.rates},
                     {"actual_rate", json_number(t.progress.actual_rate)},
                     {"required_rate", json_number(t.progress.required_rate)},
                     {"ratio", json_number(t.progress.ratio)},
                     {"class", analysis::to_string(t.progress.progress_class)}};
    j["series"] = detail::json_numbers(t.series);
    j["nonfinite_paths"] = t.nonfinite;
    j["nan_paths"] = t.nan;
    j["probability_if_nan_failed"] = t.probability_if_nan_failed ? json_number(*t.probability_if_nan_failed) : json(nullptr);
    j["probability_if_nan_met"] = t.probability_if_nan_met ? json_number(*t.probability_if_nan_met) : json(nullptr);
    if (!r.settings.deterministic) j["signposts"] = detail::signposts_json(t.signposts);
    if (t.implied_level) j["implied_level"] = json_number(*t.implied_level);
    targets.push_back(std::move(j));
  }
  out["targets"] = std::move(targets);
  out["joint"] = {{"probability", r.joint_probability ? json_number(*r.joint_probability) : json(nullptr)},
                  {"probability_se", r.joint_probability_se ? json_number(*r.joint_probability_se) : json(nullptr)}};
  out["indicators"] = detail::indicators_json(r);
  json parameters = json::array();
  for (const auto& p : r.parameters) {
    parameters.push_back({{"name", p.name},
                          {"value", p.value},
                          {"distribution", p.distribution},
                          {"p10", json_number(p.p10)},
                          {"p90", json_number(p.p90)},
                          {"source", p.source}});
  }
  out["parameters"] = std::move(parameters);
  json shocks = json::array(), correlations = json::array();
  for (const auto& s : r.shocks) {
    shocks.push_back({{"name", s.name}, {"sd", json_number(s.sd)}, {"ar", json_number(s.ar)}, {"source", s.source}});
  }
  for (const auto& c : r.correlations) correlations.push_back({{"a", c.a}, {"b", c.b}, {"rho", json_number(c.rho)}});
  out["shocks"] = std::move(shocks);
  out["correlations"] = std::move(correlations);
  json by_target = json::object(), by_indicator = json::object(), sign_flips = json::object();
  for (const auto& t : analysis::nonfinite_by_target(r)) by_target[t.name] = t.count;
  for (const auto& i : analysis::nonfinite_by_indicator(r)) by_indicator[i.name] = i.count;
  for (const auto& i : analysis::sign_flips_by_indicator(r)) sign_flips[i.name] = i.count;
  out["diagnostics"] = {{"nonfinite_paths", r.nonfinite_paths},
                        {"nonfinite_by_target", std::move(by_target)},
                        {"nonfinite_path_years_by_indicator", std::move(by_indicator)},
                        {"sign_flip_path_years_by_indicator", std::move(sign_flips)},
                        {"seconds", r.seconds}};
  return out;
}

}  // namespace goalpath::report

// `goalpath sensitivity --format json` (CLI.md, goalpath.sensitivity/1).
#include "report/data/json_parts.hpp"
#include "report/data/study_json.hpp"
#include "report/sensitivity.hpp"

namespace goalpath::report {

namespace {

using nlohmann::json;
using detail::json_number;

json parameter_json(const analysis::SensitivityReport& rep, const analysis::SensitivityParameter& p) {
  json j = {{"name", p.name}, {"distribution", p.distribution}, {"uncertain", p.uncertain}};
  switch (rep.method) {
    case analysis::SensitivityMethod::tornado:
      j["low"] = json_number(p.low);
      j["high"] = json_number(p.high);
      j["output_low"] = json_number(p.output_low);
      j["output_high"] = json_number(p.output_high);
      j["swing"] = json_number(p.swing);
      break;
    case analysis::SensitivityMethod::morris:
      j["mu_star"] = json_number(p.mu_star);
      j["mu"] = json_number(p.mu);
      j["sigma"] = json_number(p.sigma);
      break;
    case analysis::SensitivityMethod::sobol:
      j["S1"] = json_number(p.S1);
      j["S1_conf"] = json_number(p.S1_conf);
      j["ST"] = json_number(p.ST);
      j["ST_conf"] = json_number(p.ST_conf);
      break;
    case analysis::SensitivityMethod::shapley:
      j["shapley"] = json_number(p.shapley);
      j["shapley_conf"] = json_number(p.shapley_conf);
      j["shapley_se"] = json_number(p.shapley_se);
      break;
  }
  return j;
}

json result_json(const analysis::SensitivityReport& rep, const analysis::SensitivityResult& r) {
  // The target's header, under "target" rather than "id" as this schema has always named it.
  json j = detail::target_header_json(r.target, r.label, r.unit, r.ask);
  j.erase("id");
  j["target"] = r.target;
  if (rep.method == analysis::SensitivityMethod::tornado) j["baseline"] = json_number(r.baseline);
  if (rep.method == analysis::SensitivityMethod::sobol || rep.method == analysis::SensitivityMethod::shapley) j["output_variance"] = json_number(r.output_variance);
  if (rep.method == analysis::SensitivityMethod::morris) j["no_effect"] = r.no_effect;
  json parameters = json::array();
  for (const auto& p : r.parameters) parameters.push_back(parameter_json(rep, p));
  j["parameters"] = std::move(parameters);
  // Each result's warning is complete on its own: its own sentences, then the report's.
  std::string warning = r.warning;
  if (!rep.warning.empty()) warning += (warning.empty() ? "" : "; ") + rep.warning;
  j["warning"] = warning.empty() ? json(nullptr) : json(warning);
  return j;
}

}  // namespace

json sensitivity_to_json(const analysis::SensitivityReport& rep) {
  json out;
  out["schema"] = "goalpath.sensitivity/1";
  out["method"] = analysis::to_string(rep.method);
  out["metric"] = analysis::to_string(rep.metric);
  out["samples"] = rep.samples;
  if (rep.results.size() == 1) {
    out.update(result_json(rep, rep.results.front()));
  } else {
    out["target"] = nullptr;
    out["warning"] = rep.warning.empty() ? json(nullptr) : json(rep.warning);
    json ids = json::array(), results = json::array();
    for (const auto& r : rep.results) {
      ids.push_back(r.target);
      results.push_back(result_json(rep, r));
    }
    out["targets"] = std::move(ids);
    out["results"] = std::move(results);
  }
  detail::put_study_info(out, rep.info);
  out["settings"]["with_shocks"] = rep.with_shocks;
  if (rep.method == analysis::SensitivityMethod::morris) out["settings"]["levels"] = rep.levels;
  out["diagnostics"]["evaluations"] = rep.evaluations;
  return out;
}

}  // namespace goalpath::report

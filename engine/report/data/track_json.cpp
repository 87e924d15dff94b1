// `goalpath track --format json`: goalpath.track/1.
#include <cmath>

#include "report/data/json_parts.hpp"
#include "report/data/json_parts.hpp"
#include "report/data/study_json.hpp"
#include "report/text.hpp"
#include "report/track.hpp"

namespace goalpath::report {

namespace {
using nlohmann::json;

json estimate_json(const analysis::ProbabilityEstimate& e) {
  return {{"probability", detail::json_number(e.probability)},
          {"probability_se", detail::json_number(e.probability_se)},
          {"status", analysis::to_string(e.status)}};
}

json summary_json(const analysis::ValueSummary& s) {
  return {{"mean", detail::json_number(s.mean)}, {"p05", detail::json_number(s.p05)}, {"p50", detail::json_number(s.p50)}, {"p95", detail::json_number(s.p95)}};
}
}  // namespace

json track_to_json(const analysis::TrackResult& r) {
  const analysis::RunResult& run = r.posterior;
  json out;
  out["schema"] = "goalpath.track/1";
  out["engine"] = {{"version", run.settings.engine_version}};
  out["scenario"] = detail::scenario_json(run);
  out["warnings"] = run.warnings;
  out["calibration"] = detail::calibration_json(run);
  out["settings"] = {{"paths", run.settings.paths},
                     {"seed", run.settings.seed},
                     {"threads", run.settings.threads},
                     {"processes", run.settings.processes},
                     {"command_line", run.settings.command_line}};
  out["status_cutoffs"] = {{"on_track", run.on_track}, {"at_risk", run.at_risk}};
  out["years"] = run.years;
  out["base_year"] = run.years.empty() ? 0 : run.years.front();
  out["last_observed_year"] = r.last_observed_year;
  out["paths"] = r.paths;
  out["ess"] = detail::json_number(r.effective_paths);
  json observations = json::array();
  for (const auto& o : r.observations) {
    observations.push_back({{"indicator", o.indicator},
                            {"label", o.label},
                            {"unit", o.unit},
                            {"year", o.year},
                            {"value", detail::json_number(o.value)},
                            {"sd", detail::json_number(o.sd)},
                            {"source", o.source},
                            {"percentile", detail::json_number(o.percentile)},
                            {"projected_p50", detail::json_number(o.projected_p50)}});
  }
  out["observations"] = std::move(observations);
  json targets = json::array();
  for (std::size_t k = 0; k < r.targets.size(); ++k) {
    const analysis::TrackTarget& t = r.targets[k];
    const analysis::TargetResult& after = run.targets[k];
    json j = detail::target_header_json(t.id, t.label, t.unit, t.ask);
    j["measure"] = t.subject;
    j["prior"] = estimate_json(t.prior);
    j["posterior"] = estimate_json(t.posterior);
    if (after.quantiles) j["posterior"]["quantiles"] = detail::quantiles_json(*after.quantiles);
    j["change"] = detail::json_number(t.posterior.probability - t.prior.probability);
    json moved = json::array();
    for (const auto& m : t.moved_by) {
      const analysis::TrackObservation& o = r.observations[m.observation];
      moved.push_back({{"indicator", o.indicator}, {"year", o.year}, {"change", detail::json_number(m.change)}});
    }
    j["moved_by"] = std::move(moved);
    j["signposts"] = detail::signposts_json(t.signposts);
    targets.push_back(std::move(j));
  }
  out["targets"] = std::move(targets);
  out["joint"] = {
      {"prior", {{"probability", detail::json_number(r.prior.joint_probability.value_or(NAN))},
                 {"probability_se", detail::json_number(r.prior.joint_probability_se.value_or(NAN))}}},
      {"posterior", {{"probability", detail::json_number(run.joint_probability.value_or(NAN))},
                     {"probability_se", detail::json_number(run.joint_probability_se.value_or(NAN))}}}};
  json parameters = json::array();
  for (const auto& p : r.parameters) {
    parameters.push_back({{"name", p.name}, {"source", p.source}, {"prior", summary_json(p.prior)},
                          {"posterior", summary_json(p.posterior)}});
  }
  out["parameters"] = std::move(parameters);
  out["indicators"] = detail::indicators_json(run);
  out["prior_indicators"] = detail::indicators_json(r.prior);
  out["diagnostics"] = {{"seconds", run.seconds}, {"nonfinite_paths", run.nonfinite_paths}};
  return out;
}

}  // namespace goalpath::report

// analysis/brief.hpp: a director's brief put together from its studies.
#include "analysis/brief.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace goalpath::analysis {

std::string BriefOptions::validate() const {
  if (max_drivers < 0) return fmt::format("max_drivers = {}: must be >= 0 (0 keeps every bar)", max_drivers);
  return "";
}

Assumptions assumptions_of(const model::Model& model) {
  Assumptions out;
  out.parameters = summarise_parameters(model);
  const scenario::ScenarioSpec& spec = model.spec;
  for (const auto& s : spec.shocks) out.shocks.push_back({s.name, s.source, s.sd, s.ar});
  auto is_shock = [&spec](const std::string& name) {
    return std::any_of(spec.shocks.begin(), spec.shocks.end(), [&name](const auto& s) { return s.name == name; });
  };
  for (const auto& c : spec.correlations) out.correlations.push_back({c.a, c.b, c.rho, is_shock(c.a)});
  for (const auto& i : spec.indicators) out.indicators.push_back({i.name, i.label, i.unit, i.source});
  return out;
}

BriefResult make_brief(const model::Model& model, RunResult run, const SensitivityReport& tornado,
                       std::vector<std::pair<std::string, RunResult>> variants, const BriefOptions& options) {
  BriefResult out;
  out.seed = run.settings.seed;
  out.paths = run.settings.paths;
  out.seconds = run.seconds + tornado.info.seconds;
  out.assumptions = assumptions_of(model);
  out.drivers_warning = tornado.warning;
  for (const auto& result : tornado.results) {
    TargetDrivers d;
    d.target = result.target;
    d.tornado = result;
    d.threshold = result.ask.threshold;
    // run_sensitivity sorts the bars by swing, largest first; keep the head.
    const auto keep = static_cast<std::size_t>(options.max_drivers);
    if (options.max_drivers > 0 && d.tornado.parameters.size() > keep) {
      d.omitted = d.tornado.parameters.size() - keep;
      d.tornado.parameters.resize(keep);
    }
    out.drivers.push_back(std::move(d));
  }
  out.warnings = run.warnings;
  for (auto& [file, variant] : variants) {
    CompareResult compared = compare_runs(run, variant);
    BriefVariant v;
    v.file = file;
    v.targets = std::move(compared.targets);
    v.notes = std::move(compared.notes);
    for (const auto& note : v.notes) out.warnings.push_back(variant.scenario_id + ": " + note);
    for (const auto& w : variant.warnings) {
      // A variant repeats the warnings it inherits; say only what is its own.
      if (std::find(run.warnings.begin(), run.warnings.end(), w) == run.warnings.end()) {
        out.warnings.push_back(variant.scenario_id + ": " + w);
      }
    }
    out.seconds += variant.seconds;
    v.run = std::move(variant);
    out.variants.push_back(std::move(v));
  }
  out.run = std::move(run);
  return out;
}

}  // namespace goalpath::analysis

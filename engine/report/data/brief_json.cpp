// goalpath.brief/1 (schema/REPORT_JSON.md): the brief's numbers for programs.
// The scenario and every variant are their goalpath.report/1 documents as
// `goalpath run --format json` writes them, so a program reads them alike.
#include "report/brief.hpp"
#include "report/data/json_parts.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using nlohmann::json;
using detail::json_number;

json optional_number(const std::optional<double>& value) { return value ? json_number(*value) : json(nullptr); }

json drivers_json(const analysis::BriefResult& r) {
  json out = json::array();
  for (const auto& d : r.drivers) {
    json bars = json::array();
    for (const auto& p : d.tornado.parameters) {
      bars.push_back({{"name", p.name},
                      {"distribution", p.distribution},
                      {"low", json_number(p.low)},
                      {"high", json_number(p.high)},
                      {"output_low", json_number(p.output_low)},
                      {"output_high", json_number(p.output_high)},
                      {"swing", json_number(p.swing)}});
    }
    json j = detail::target_header_json(d.target, d.tornado.label, d.tornado.unit, d.tornado.ask);
    j["method"] = "tornado";
    j["metric"] = "value";
    j["baseline"] = json_number(d.tornado.baseline);
    j["bars"] = std::move(bars);
    j["omitted"] = d.omitted;
    j["warning"] = d.tornado.warning;
    out.push_back(std::move(j));
  }
  return out;
}

json variants_json(const analysis::BriefResult& r) {
  json out = json::array();
  for (const auto& v : r.variants) {
    json changes = json::array();
    for (const auto& t : v.targets) {
      changes.push_back({{"id", t.id},
                         {"delta_probability", optional_number(t.delta_probability)},
                         {"delta_value", optional_number(t.delta_value)},
                         {"status_changed", t.status_changed},
                         {"definition_changed", t.definition_changed}});
    }
    out.push_back({{"file", v.file}, {"report", run_to_json(v.run)}, {"changes", std::move(changes)}, {"notes", v.notes}});
  }
  return out;
}

json assumptions_json(const analysis::Assumptions& a) {
  json parameters = json::array();
  for (const auto& p : a.parameters) {
    parameters.push_back({{"name", p.name},
                          {"value", json_number(p.value)},
                          {"distribution", p.distribution},
                          {"p10", json_number(p.p10)},
                          {"p90", json_number(p.p90)},
                          {"source", p.source}});
  }
  json shocks = json::array();
  for (const auto& s : a.shocks) {
    shocks.push_back({{"name", s.name}, {"sd", json_number(s.sd)}, {"ar", json_number(s.ar)}, {"source", s.source}});
  }
  json correlations = json::array();
  for (const auto& c : a.correlations) {
    correlations.push_back({{"a", c.a}, {"b", c.b}, {"rho", json_number(c.rho)}, {"of", c.shocks ? "shocks" : "parameters"}});
  }
  json indicators = json::array();
  for (const auto& i : a.indicators) {
    indicators.push_back({{"name", i.name}, {"label", i.label}, {"unit", i.unit}, {"source", i.source}});
  }
  return {{"parameters", std::move(parameters)},
          {"shocks", std::move(shocks)},
          {"correlations", std::move(correlations)},
          {"indicators", std::move(indicators)}};
}

}  // namespace

json brief_to_json(const analysis::BriefResult& r, Lang lang) {
  json out;
  out["schema"] = "goalpath.brief/1";
  out["lang"] = to_string(lang);
  out["seed"] = r.seed;
  out["paths"] = r.paths;
  out["scenario"] = run_to_json(r.run);
  out["variants"] = variants_json(r);
  out["drivers"] = drivers_json(r);
  out["trust"] = detail::calibration_json(r.run);
  out["assumptions"] = assumptions_json(r.assumptions);
  out["warnings"] = r.warnings;
  return out;
}

}  // namespace goalpath::report

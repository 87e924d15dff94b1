// `goalpath compare --format json` (CLI.md): schema goalpath.compare/1.
#include <cmath>

#include "report/data/json_parts.hpp"
#include "report/report.hpp"

namespace goalpath::report {

namespace {

using nlohmann::json;

using detail::json_number;

json side(const analysis::RunResult& r, const std::string& kind) {
  return {{"kind", kind},
          {"engine", {{"version", r.settings.engine_version}}},
          {"scenario", {{"id", r.scenario_id}, {"title", r.title}, {"file", r.settings.scenario_file},
                        {"sha256", r.settings.scenario_sha256}}},
          {"settings", {{"paths", r.settings.deterministic ? 0 : r.settings.paths}, {"seed", r.settings.seed},
                        {"threads", r.settings.threads}, {"processes", r.settings.processes},
                        {"deterministic", r.settings.deterministic},
                        {"command_line", r.settings.command_line}}},
          {"years", r.years},
          {"joint", {{"probability", json_number(r.joint_probability.value_or(NAN))}, {"probability_se", json_number(r.joint_probability_se.value_or(NAN))}}}};
}

json target_side(const std::optional<analysis::TargetResult>& t) {
  if (!t) return nullptr;
  json j = detail::target_header_json(t->id, t->label, t->unit, t->ask);
  j.update(json{{"deterministic", {{"value", json_number(t->deterministic_value)}, {"met", t->deterministic_met}}},
            {"probability", json_number(t->probability.value_or(NAN))},
            {"probability_se", json_number(t->probability_se.value_or(NAN))},
            {"status", analysis::to_string(t->status)},
            {"progress", {{"class", analysis::to_string(t->progress.progress_class)}, {"ratio", json_number(t->progress.ratio)}}}});
  j["quantiles"] = t->quantiles ? json{{"p05", json_number(t->quantiles->p05)}, {"p50", json_number(t->quantiles->p50)},
                                       {"p95", json_number(t->quantiles->p95)}}
                                : json(nullptr);
  return j;
}

json parameter_side(const std::optional<analysis::ParameterSummary>& p) {
  if (!p) return nullptr;
  return {{"value", p->value}, {"distribution", p->distribution}, {"p10", json_number(p->p10)}, {"p90", json_number(p->p90)},
          {"source", p->source}};
}

json indicator_end(const std::optional<analysis::IndicatorEnd>& e) {
  if (!e) return nullptr;
  return {{"year", e->year}, {"deterministic", json_number(e->deterministic)}, {"p50", json_number(e->p50.value_or(NAN))}};
}

}  // namespace

json compare_to_json(const analysis::CompareResult& c) {
  json out;
  out["schema"] = "goalpath.compare/1";
  out["a"] = side(c.a, c.a_kind);
  out["b"] = side(c.b, c.b_kind);
  json targets = json::array();
  for (const auto& t : c.targets) {
    json j = {{"id", t.id},
              {"label", t.a ? t.a->label : t.b->label},
              {"a", target_side(t.a)},
              {"b", target_side(t.b)},
              {"delta_probability", json_number(t.delta_probability.value_or(NAN))},
              {"delta_probability_se", json_number(t.delta_probability_se.value_or(NAN))},
              {"delta_value", json_number(t.delta_value.value_or(NAN))},
              {"definition_changed", t.definition_changed}};
    j["status_change"] = t.a && t.b && t.status_changed
                             ? json{{"from", analysis::to_string(t.a->status)}, {"to", analysis::to_string(t.b->status)}}
                             : json(nullptr);
    targets.push_back(std::move(j));
  }
  out["targets"] = std::move(targets);
  json parameters = json::array();
  for (const auto& p : c.parameters) {
    parameters.push_back({{"name", p.name}, {"change", p.change}, {"a", parameter_side(p.a)}, {"b", parameter_side(p.b)}});
  }
  out["parameters"] = std::move(parameters);
  json indicators = json::object();
  for (const auto& i : c.indicators) {
    json j = {{"label", i.label}, {"unit", i.unit}, {"a", indicator_end(i.a_end)}, {"b", indicator_end(i.b_end)}};
    bool both = i.a_end && i.b_end;
    j["delta_deterministic"] = both ? json_number(i.b_end->deterministic - i.a_end->deterministic) : json(nullptr);
    j["delta_p50"] = both && i.a_end->p50 && i.b_end->p50 ? json_number(*i.b_end->p50 - *i.a_end->p50) : json(nullptr);
    indicators[i.name] = std::move(j);
  }
  out["indicators"] = std::move(indicators);
  out["notes"] = c.notes;
  return out;
}

}  // namespace goalpath::report

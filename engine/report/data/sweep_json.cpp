// `goalpath sweep --format json` (CLI.md, goalpath.sweep/1).
#include "report/data/json_parts.hpp"
#include "report/data/study_json.hpp"
#include "report/sweep.hpp"

namespace goalpath::report {

nlohmann::json sweep_to_json(const analysis::SweepResult& r) {
  using nlohmann::json;
  using detail::json_number;
  json out;
  out["schema"] = "goalpath.sweep/1";
  detail::put_study_info(out, r.info);
  out["settings"]["paths"] = r.paths;
  out["settings"]["deterministic"] = r.deterministic;
  out["settings"]["mode"] = model::to_string(r.mode);
  out["sweeps"] = r.sweep_ids;
  json axes = json::array();
  for (const auto& a : r.axes) {
    axes.push_back({{"name", a.name}, {"values", a.values}, {"scenario_value", json_number(a.scenario_value)}});
  }
  out["axes"] = std::move(axes);
  json targets = json::array();
  for (const auto& t : r.targets) {
    targets.push_back(detail::target_header_json(t.id, t.label, t.unit, t.ask));
  }
  out["targets"] = std::move(targets);
  json points = json::array();
  for (const auto& p : r.points) {
    json values = json::object();
    for (std::size_t a = 0; a < r.axes.size(); ++a) values[r.axes[a].name] = p.values[a];
    json cells = json::object();
    for (std::size_t t = 0; t < r.targets.size(); ++t) {
      const analysis::SweepCell& c = p.targets[t];
      cells[r.targets[t].id] = {{"probability", c.probability ? json_number(*c.probability) : json(nullptr)},
                                {"probability_se", c.probability_se ? json_number(*c.probability_se) : json(nullptr)},
                                {"value", json_number(c.value)},
                                {"met", c.met},
                                {"nonfinite", c.nonfinite}};
    }
    points.push_back({{"values", std::move(values)}, {"targets", std::move(cells)}});
  }
  out["points"] = std::move(points);
  return out;
}

}  // namespace goalpath::report

// `goalpath solve --format json` (CLI.md, goalpath.solve/1) and
// `--paths-needed` (goalpath.paths_needed/1).
#include "report/data/json_parts.hpp"
#include "report/data/study_json.hpp"
#include "report/solve.hpp"

namespace goalpath::report {

using nlohmann::json;
using detail::json_number;

namespace detail {

json needed_path_json(const analysis::NeededPath& p) {
  json needed = json::array(), projected = json::array();
  for (double v : p.needed) needed.push_back(json_number(v));
  for (double v : p.projected) projected.push_back(json_number(v));
  // The target's header, under "target"; "years" here are the path's years.
  json j = target_header_json(p.target, p.label, p.unit, p.ask);
  j.erase("id");
  j.erase("years");
  j["target"] = p.target;
  j.update(json{{"subject", p.subject},
          {"rates", p.rates.empty() ? json(nullptr) : json(p.rates)},
          {"required_rate", json_number(p.required_rate)},
          {"projected_rate", json_number(p.projected_rate)},
          {"binding_year", p.binding_year},
          {"years", p.years},
          {"needed", std::move(needed)},
          {"projected", std::move(projected)},
          {"note", p.note.empty() ? json(nullptr) : json(p.note)}});
  return j;
}

}  // namespace detail

json solve_to_json(const analysis::SolveResult& r) {
  json out;
  out["schema"] = "goalpath.solve/1";
  out["target"] = r.target;
  out["param"] = r.param;
  out["break_even"] = r.break_even ? json_number(*r.break_even) : json(nullptr);
  out["current"] = r.current;
  out["direction"] = r.direction.empty() ? json(nullptr) : json(r.direction);
  if (!r.break_even) out["reason"] = r.reason;
  json header = detail::target_header_json(r.target, r.label, r.unit, r.ask);
  header.erase("id");  // "target" above
  out.update(header);
  out["value_at_current"] = json_number(r.value_at_current);
  out["met_at_current"] = r.met_at_current;
  out["search"] = {{"low", r.search_low}, {"high", r.search_high}, {"basis", r.search_basis}};
  out["other_crossings"] = r.other_crossings;
  out["path_needed"] = detail::needed_path_json(r.path_needed);
  if (r.probability) {
    const analysis::ProbabilitySolution& s = *r.probability;
    out["probability"] = s.probability;
    out["value"] = s.value ? json_number(*s.value) : json(nullptr);
    out["value_se"] = s.value ? json_number(s.value_se) : json(nullptr);
    if (!s.value) out["probability_reason"] = s.reason;
    out["probability_search"] = {{"bracket", s.value ? json::array({s.bracket_low, s.bracket_high}) : json(nullptr)},
                                 {"slope", json_number(s.slope)},
                                 {"slope_step", json_number(s.slope_step)},
                                 {"probability_at_current", json_number(s.probability_at_current)},
                                 {"direction", s.direction.empty() ? json(nullptr) : json(s.direction)},
                                 {"paths", s.paths},
                                 {"runs", s.runs}};
  }
  detail::put_study_info(out, r.info, static_cast<bool>(r.probability));
  out["settings"]["deterministic"] = !r.probability;
  if (r.probability) out["settings"]["paths"] = r.probability->paths;
  return out;
}

json paths_needed_to_json(const PathsNeededReport& r) {
  json out;
  out["schema"] = "goalpath.paths_needed/1";
  out["base_year"] = r.base_year;
  json paths = json::array();
  for (const auto& p : r.paths) paths.push_back(detail::needed_path_json(p));
  out["targets"] = std::move(paths);
  detail::put_study_info(out, r.info, false);
  out["settings"]["deterministic"] = true;
  return out;
}

}  // namespace goalpath::report

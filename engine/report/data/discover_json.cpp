// `goalpath discover --format json` (CLI.md, goalpath.discover/1).
#include "report/data/json_parts.hpp"
#include "report/data/study_json.hpp"
#include "report/discover.hpp"

namespace goalpath::report {

namespace {

using nlohmann::json;
using detail::json_number;

json box_json(const analysis::DiscoverResult& r, const analysis::DiscoverBox& b) {
  json limits = json::object();
  json restricted = json::array();
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    limits[r.parameters[i]] = {json_number(b.lower[i]), json_number(b.upper[i])};
    if (b.restricted[i]) restricted.push_back(r.parameters[i]);
  }
  return {{"limits", std::move(limits)},
          {"restricted", std::move(restricted)},
          {"coverage", json_number(b.coverage)},
          {"density", json_number(b.density)},
          {"mass", json_number(b.mass)}};
}

}  // namespace

json discover_to_json(const analysis::DiscoverResult& r) {
  json out;
  out["schema"] = "goalpath.discover/1";
  out["target"] = r.target;
  json boxes = json::array(), trajectory = json::array(), parameters = json::array();
  for (const auto& b : r.boxes) boxes.push_back(box_json(r, b));
  for (const auto& b : r.trajectory) trajectory.push_back(box_json(r, b));
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    parameters.push_back({{"name", r.parameters[i]}, {"range", {json_number(r.range_low[i]), json_number(r.range_high[i])}}});
  }
  out["boxes"] = std::move(boxes);
  out["trajectory"] = std::move(trajectory);
  out["chosen"] = r.chosen >= 0 ? json(r.chosen) : json(nullptr);
  out["targets"] = r.target_ids;
  out["samples"] = r.samples;
  out["points"] = r.points;
  out["successes"] = r.successes;
  out["outcome"] = r.failure ? "failure" : "success";
  out["cases"] = r.cases;
  out["base_density"] = json_number(r.base_density);
  out["parameters"] = std::move(parameters);
  out["warning"] = r.warning.empty() ? json(nullptr) : json(r.warning);
  detail::put_study_info(out, r.info);
  out["settings"]["with_shocks"] = r.with_shocks;
  return out;
}

}  // namespace goalpath::report

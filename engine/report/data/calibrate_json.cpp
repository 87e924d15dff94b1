// `goalpath calibrate --indicator NAME --format json` (goalpath.calibrate/1).
#include "report/calibrate.hpp"
#include "report/data/json_parts.hpp"

namespace goalpath::report {

using detail::json_number;
using nlohmann::json;

json calibration_to_json(const analysis::Calibration& c) {
  json growth = json::array();
  for (std::size_t k = 0; k < c.growth.size(); ++k) {
    growth.push_back({{"from", c.growth_years[k] - 1}, {"to", c.growth_years[k]}, {"rate", json_number(c.growth[k])}});
  }
  json observed = json::object();
  for (std::size_t k = 0; k < c.years.size(); ++k) observed[std::to_string(c.years[k])] = json_number(c.values[k]);
  return {{"schema", "goalpath.calibrate/1"},
          {"indicator", c.indicator},
          {"label", c.label},
          {"unit", c.unit},
          {"from", c.from_year},
          {"to", c.to_year},
          {"n", c.n},
          {"mean", json_number(c.mean)},
          {"sd", json_number(c.sd)},
          {"cagr", json_number(c.cagr)},
          {"span_years", c.span_years},
          {"se", json_number(c.se)},
          {"suggested", {{"value", json_number(c.cagr)}, {"parameter_sd", json_number(c.se)}, {"shock_sd", json_number(c.sd)}}},
          {"observed", std::move(observed)},
          {"growth", std::move(growth)},
          {"warning", c.warning.empty() ? json(nullptr) : json(c.warning)}};
}

}  // namespace goalpath::report

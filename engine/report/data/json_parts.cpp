// report/data/json_parts.hpp.
#include "report/data/json_parts.hpp"

#include <cmath>

namespace goalpath::report::detail {

nlohmann::json json_number(double value) {
  return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(nullptr);
}

nlohmann::json json_numbers(const std::vector<double>& values) {
  nlohmann::json out = nlohmann::json::array();
  for (double v : values) out.push_back(json_number(v));
  return out;
}

nlohmann::json target_header_json(const std::string& id, const std::string& label, const std::string& unit,
                                  const analysis::TargetAsk& ask) {
  return {{"id", id},       {"label", label},
          {"unit", unit},   {"kind", ask.kind_name()},
          {"op", ask.op()}, {"threshold", ask.threshold},
          {"years", ask.years()}};
}

}  // namespace goalpath::report::detail

// Pieces every verb's JSON writes the same way: a number (null when not
// finite) and a target's header. Not part of the report module's interface.
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "analysis/target.hpp"

namespace goalpath::report::detail {

/// A number for JSON: null when not finite.
nlohmann::json json_number(double value);

/// An array of numbers, null where not finite.
nlohmann::json json_numbers(const std::vector<double>& values);

/// {"id", "label", "unit", "kind", "op", "threshold", "years"}: what a
/// target asks, as every report's JSON names it.
nlohmann::json target_header_json(const std::string& id, const std::string& label, const std::string& unit,
                                  const analysis::TargetAsk& ask);

}  // namespace goalpath::report::detail

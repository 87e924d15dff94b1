// What the JSON of every design-point study (sweep, sensitivity, solve,
// discover) carries the same way: where its numbers come from. Not part of
// the report module's interface.
#pragma once

#include <nlohmann/json.hpp>

#include "analysis/study.hpp"

namespace goalpath::report::detail {

/// "engine", "scenario" and the common "settings" fields of a study's JSON
/// (seed and threads only when `random`: a deterministic study has neither),
/// and "diagnostics" {"seconds"}.
void put_study_info(nlohmann::json& out, const analysis::StudyInfo& info, bool random = true);

}  // namespace goalpath::report::detail

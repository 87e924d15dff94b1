// What the builders of the design-point studies (sweep, sensitivity, solve,
// discover) share: the provenance block and the page's title. Not part of
// the report module's interface.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "analysis/study.hpp"
#include "analysis/target.hpp"
#include "report/document.hpp"

namespace goalpath::report::detail {

/// Engine, scenario, file and SHA-256 (and the extends chain), seed and
/// threads (when `random`: a deterministic study has neither), `extra`
/// (name, value) rows, and the command line: the Provenance block a study's
/// document ends with.
Provenance study_provenance(const analysis::StudyInfo& info, const std::vector<std::pair<std::string, std::string>>& extra,
                            bool random, Lang lang);

/// What a target asks with its unit and years: "≥ 50,000 亿元 (2027)",
/// "every year ≥ 25.0% (2024–2027)", zh "≥ 5.00万亿元（2027 年）".
std::string target_ask_line(const analysis::TargetAsk& ask, const std::string& unit, Lang lang);

/// The scenario's title, or its id when it has none.
std::string study_name(const analysis::StudyInfo& info);

/// "{id}: {title}" for the subtitle (the id alone when there is no title).
std::string study_subtitle(const analysis::StudyInfo& info);

}  // namespace goalpath::report::detail

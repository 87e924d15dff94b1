// `goalpath brief`: the page a director reads (analysis/brief.hpp), as a
// Document (report/build/brief.cpp) and as goalpath.brief/1 JSON
// (report/data/brief_json.cpp, schema/REPORT_JSON.md).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/brief.hpp"
#include "report/document.hpp"
#include "report/report.hpp"

namespace goalpath::report {

/// In the order a director reads: the answer (each target in one line of
/// words, and the probability bars), what drives it (a tornado per target),
/// what the next review must show (signposts), how far to trust it (the
/// calibration), the variants side by side, every assumption, and the
/// provenance last.
Document build_brief_document(const analysis::BriefResult& result, Lang lang);

/// goalpath.brief/1: {schema, lang, scenario: the run's goalpath.report/1,
/// variants: [{file, report, changes}], drivers: [per target the tornado],
/// trust: the calibration, assumptions: {parameters, shocks, correlations,
/// indicators}}.
nlohmann::json brief_to_json(const analysis::BriefResult& result, Lang lang);

/// html: the page; json: brief_to_json; table: the document for a
/// terminal; md: Markdown. CSV has no brief (std::invalid_argument).
std::string brief_report(const analysis::BriefResult& result, Format format, Lang lang = Lang::en,
                         const TableStyle& style = {});

}  // namespace goalpath::report

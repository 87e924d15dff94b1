// Writers of `goalpath track`: how the observations since the base year moved
// each target's odds (table, json, csv, md, html). They read only
// analysis::TrackResult.
//
// JSON `goalpath.track/1` (docs/REPORT_JSON.md): targets[] with prior and
// posterior {probability, probability_se, status}, change, moved_by[] and
// signposts[]; observations[] with indicator, year, value, sd, percentile
// (0–1); parameters[] with prior and posterior {mean, p05, p50, p95};
// ess; indicators (the updated bands, as in goalpath.report/1) and
// prior_indicators. Fields are added, never renamed.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/track.hpp"
#include "report/report.hpp"

namespace goalpath::report {

nlohmann::json track_to_json(const analysis::TrackResult& result);
/// The report model of `goalpath track` (report/document.hpp).
Document build_track_document(const analysis::TrackResult& result, Lang lang = Lang::en);
std::string track_table(const analysis::TrackResult& result, Lang lang = Lang::en);
std::string track_markdown(const analysis::TrackResult& result, Lang lang = Lang::en);
/// Long format like run's CSV: section (meta | target | observation |
/// parameter | signpost | indicator), target, indicator, parameter, year,
/// statistic, value.
/// Starts with the UTF-8 byte-order mark unless `byte_order_mark` is false.
std::string track_csv(const analysis::TrackResult& result, bool byte_order_mark = true);
/// Fan charts with the bands before (from the base year) and after the
/// observations, the observed points drawn over them.
std::string track_html(const analysis::TrackResult& result, Lang lang = Lang::en);
std::string track_report(const analysis::TrackResult& result, Format format, Lang lang = Lang::en);

namespace detail {
/// "2024 sei_share 0.436 fell at the 3rd percentile of the 2023-based projection (median 0.447)".
std::string observation_sentence(const analysis::TrackObservation& o, int base_year);
/// "3rd", "50th", "99.9th": a 0–1 percentile as people say it.
std::string ordinal_percentile(double fraction);
/// "to keep 80%: ≥ 52000 (± 310)"; "no value keeps 80%".
std::string signpost_text(const analysis::SignpostLevel& level, int percent_kept);
/// The same in the report's language ("没有任何取值能保持80%").
std::string signpost_text(const analysis::SignpostLevel& level, int percent_kept, Lang lang);
}  // namespace detail

}  // namespace goalpath::report

// Pieces the builders of run, track and compare share: a run's title, the
// answer in words, the targets table, the assumptions (parameters, shocks,
// correlations, sources), fan-chart data and the provenance. They choose
// and word; every number comes from the RunResult. Not part of the report
// module's interface.
#pragma once

#include <string>
#include <vector>

#include "analysis/run.hpp"
#include "report/document.hpp"

namespace goalpath::report::detail {

/// The scenario's title, or its id when it has none.
std::string title_of(const analysis::RunResult& run);
/// The target's label, or its id when it has none.
std::string name_of(const analysis::TargetResult& target);

/// A target's value in its unit (a growth target's as a rate a year).
std::string target_value_text(const analysis::TargetResult& target, double value, Lang lang);
/// What a target asks with its unit and years, for a sentence:
/// "≥ 50,000 亿元 in 2027" / "2027年 ≥ 5万亿元".
std::string ask_sentence(const analysis::TargetResult& target, Lang lang);

/// Each target's answer in one line of words (probability and status).
Verdicts run_verdicts(const analysis::RunResult& run, Lang lang);
/// "All targets met together: 0.0% (± 0.00%)", "" without Monte Carlo.
std::string joint_sentence(const analysis::RunResult& run, Lang lang);
/// The bars of the target dashboard.
ProbabilityBarsData probability_bars(const analysis::RunResult& run, Lang lang);
/// The targets table: target, measure, projected, met, [p05–p95, P(met),
/// ± se,] need/yr, get/yr, status, progress; the † footnote under it.
Table targets_table(const analysis::RunResult& run, Lang lang);

/// An indicator's projection and bands as a fan-chart series.
FanSeries fan_series(const analysis::RunResult& run, const analysis::IndicatorResult& indicator, std::string name,
                     std::string colour);
/// The targets measured on `indicator`, as markers: a level at its
/// threshold, a growth target at the level it implies in its last year
/// (TargetResult::implied_level).
std::vector<ThresholdMarker> threshold_markers(const analysis::RunResult& run, const std::string& indicator, Lang lang);
/// The chart of one indicator of a run, with its caption (name · unit · source).
void add_fan_chart(Document& doc, FanChartData chart, const analysis::IndicatorResult& indicator, Lang lang);
/// Each indicator in the last year: projected and (Monte Carlo) p05, p50, p95, in its unit.
Table indicators_table(const analysis::RunResult& run, Lang lang);

/// Parameters, yearly shocks, correlations and the sources of indicators
/// and targets, each under its own heading (level 3).
void add_assumptions(Document& doc, const analysis::RunResult& run, Lang lang);

/// Engine, scenario file and SHA-256 (and the files it extends), seed,
/// paths, threads and the command line.
Provenance run_provenance(const analysis::RunResult& run, Lang lang, std::string heading);
/// The rows of run_provenance, for a document that shows two runs.
std::vector<std::pair<std::string, std::string>> provenance_rows(const analysis::RunResult& run, Lang lang);
/// The threads row of a provenance block: "2", or "1 on each of 4 processes" for a run spread over processes.
std::string threads_text(Lang lang, int threads, int processes);

}  // namespace goalpath::report::detail

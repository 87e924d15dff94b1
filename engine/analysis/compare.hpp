// Plan A against plan B (`goalpath compare A B`): which targets became more
// or less likely, which verdicts changed, which assumptions differ, and where
// each indicator ends up. Built from two RunResults, however they were
// obtained (two scenario runs with common random numbers, or two report JSON
// files read back), so every writer sees the same plain data.
//
// Signs: every delta is B minus A.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/run.hpp"

namespace goalpath::analysis {

/// One target id found in A, B or both.
struct TargetComparison {
  std::string id;
  std::optional<TargetResult> a, b;         // absent on the side that lacks the target
  std::optional<double> delta_probability;  // B - A when both sides have a probability
  /// Its standard error when A and B drew independent random numbers (different
  /// seeds): sqrt(se_A² + se_B²). Absent with one seed: the paths are then
  /// paired (common random numbers) and the marginal standard errors do not
  /// give the change's.
  std::optional<double> delta_probability_se;
  std::optional<double> delta_value;        // B - A of the deterministic measured value
  bool status_changed = false;
  /// The two sides measure different things under one id (kind, bound,
  /// threshold or years differ), so their probabilities are not like for like.
  bool definition_changed = false;
};

/// A parameter whose value or distribution differs, or that only one side has.
struct ParameterDifference {
  std::string name;
  std::optional<ParameterSummary> a, b;
  std::string change;  // "value", "distribution", "value and distribution", "only in A", "only in B"
};

/// Where an indicator ends: its own last year on each side.
struct IndicatorEnd {
  int year = 0;
  double deterministic = 0;
  std::optional<double> p50;  // absent in deterministic runs
};

/// One indicator name found in A, B or both. The full results are kept for
/// charts that overlay A and B.
struct IndicatorComparison {
  std::string name, label, unit;
  std::optional<IndicatorResult> a, b;
  std::optional<IndicatorEnd> a_end, b_end;
};

struct CompareResult {
  RunResult a, b;
  std::string a_kind, b_kind;  // "scenario" (run here) or "report" (read from a report JSON file)
  std::vector<TargetComparison> targets;         // A's order, then targets only in B
  std::vector<ParameterDifference> parameters;   // only those that differ; A's order, then B-only
  std::vector<IndicatorComparison> indicators;   // A's order, then indicators only in B
  /// Sentences a reader must know before trusting the deltas (different
  /// seeds or path counts, a deterministic side, different years).
  std::vector<std::string> notes;
};

/// Compares two results. Values are compared exactly: a report JSON file
/// keeps every double to the last digit, so equal inputs compare equal.
CompareResult compare_runs(RunResult a, RunResult b, std::string a_kind = "scenario", std::string b_kind = "scenario");

}  // namespace goalpath::analysis

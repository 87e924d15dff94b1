// Goal seeking (CLI.md, `goalpath solve`): the break-even value of one
// parameter for one target, and the yearly path each target needs from the
// base year. Both are deterministic: parameters at their value, shocks 0.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/sweep.hpp"

namespace goalpath::analysis {

struct SolveOptions {
  std::string target, param;
  /// Search interval; absent: the parameter's bounds when it has both,
  /// else its plausible range (see SolveResult::search_basis).
  std::optional<std::pair<double, double>> within;
  /// Points of the scan that looks for sign changes before Brent refines
  /// one: enough to find every crossing of a model that is not monotone in
  /// the parameter, in one batch of evaluations.
  int scan_points = 257;
};

/// The yearly path a target needs: its subject grown from the base-year
/// value at the constant rate that just meets the target, beside the
/// deterministic projection.
struct NeededPath {
  std::string target, label, subject, unit, kind, op;  // kind: level | every_year | cagr
  double threshold = 0;
  std::vector<int> years;         // from the base year (a cagr target: its first year) to the target's last year
  std::vector<double> needed;     // the path that just meets the target; empty when none is defined
  std::vector<double> projected;  // the deterministic projection of the subject, same years
  /// "compound": needed = start · (1 + rate)^t; "linear": start + rate · t
  /// (when the start or the threshold is <= 0, e.g. a running sum from 0,
  /// where a growth rate means nothing); "" when no path is defined.
  std::string rates;
  double required_rate = 0;   // per year; NaN when not defined
  double projected_rate = 0;  // the projection's rate over the same years, same kind
  int binding_year = 0;       // the year whose bound decides the rate (every_year: the hardest)
  std::string note;           // why no path is defined, when it is not
};

struct SolveResult {
  StudyInfo info;
  std::string target, label, unit, op;  // op: ">=" or "<="; unit: empty for a cagr target
  std::string kind;                     // level | every_year | cagr (a cagr threshold is a rate a year)
  double threshold = 0;
  std::string param;
  double current = 0;                 // the parameter's value
  double value_at_current = 0;        // the target's measured value there
  bool met_at_current = false;
  /// The value of `param` at which the target's measured value equals the
  /// threshold (to 1e-12 relative to the search interval), the crossing
  /// nearest to `current` when there are several; absent when none lies in
  /// the search interval, and `reason` says why.
  std::optional<double> break_even;
  /// Which side of break_even meets the target: "increase" (values at or
  /// above it do) or "decrease" (values at or below it). When the target is
  /// not met now, it is the way to move from current. "" without a break-even.
  std::string direction;
  std::string reason;
  double search_low = 0, search_high = 0;
  std::string search_basis;  // "bounds", "--within", "plausible range: ...", "value ± 10·|value|"
  std::vector<double> other_crossings;  // further break-even values in the interval, ascending
  NeededPath path_needed;               // for `target`
};

/// The break-even value of options.param for options.target. InputError for
/// an unknown parameter or target (did-you-mean) and an empty or non-finite
/// --within interval.
SolveResult solve_break_even(const model::Model& model, const SolveOptions& options);

/// The needed path of each target (ids; empty: every target), in the
/// scenario's order. InputError for an unknown id.
std::vector<NeededPath> paths_needed(const model::Model& model, const std::vector<std::string>& targets);

}  // namespace goalpath::analysis

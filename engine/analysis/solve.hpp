// Goal seeking (CLI.md, `goalpath solve`): the break-even value of one
// parameter for one target, and the yearly path each target needs from the
// base year. Both are deterministic: parameters at their value, shocks 0.
// With a probability (`solve --probability P`), also the centre of the
// parameter at which the target is met with that probability: Monte Carlo
// runs of the scenario with the parameter set (model/setting.hpp: its
// uncertainty and correlations kept), all on the same paths.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "analysis/study.hpp"
#include "analysis/target.hpp"

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
  /// Also seek the centre of `param` at which P(met) equals this, in (0, 1).
  std::optional<double> probability;
  /// Seed, paths, threads of those Monte Carlo runs (the same at every trial).
  sim::SimulationOptions simulation;
  /// Points of the probability scan that brackets the answer (each one Monte Carlo run).
  int probability_scan_points = 17;
};

/// `solve --probability P`: the parameter's centre at which the target is
/// met with probability P. Every trial is sim::run_monte_carlo of the
/// scenario with the parameter set there, with the same seed and paths, so
/// P(x) is a fixed (step) function of x: a scan over the search interval
/// brackets the crossing nearest the current value, bisection narrows the
/// bracket to 1e-7 of the interval.
struct ProbabilitySolution {
  double probability = 0;              // asked for
  std::optional<double> value;         // the centre where P(met) crosses `probability`; absent: see reason
  /// Monte Carlo error of value: se(P) / |dP/dx|, with se(P) = sqrt(P(1-P)/n)
  /// and the slope a central difference over ±slope_step on the same paths.
  double value_se = 0;
  double slope = 0, slope_step = 0;
  double bracket_low = 0, bracket_high = 0;  // scan points on either side of value
  double probability_at_current = 0;   // P(met) with the parameter at its scenario value
  std::string direction;               // "increase" | "decrease": the side of value where P(met) >= probability
  std::string reason;                  // why there is no value
  std::int64_t paths = 0;
  int runs = 0;                        // Monte Carlo runs made
};

/// The yearly path a target needs: its subject grown from the base-year
/// value at the constant rate that just meets the target, beside the
/// deterministic projection.
struct NeededPath {
  std::string target, label, subject, unit;
  TargetAsk ask;
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
  std::string target, label, unit;  // unit: empty for a cagr target
  TargetAsk ask;
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
  std::optional<ProbabilitySolution> probability;  // with SolveOptions::probability
};

/// The break-even value of options.param for options.target, and with
/// options.probability the ProbabilitySolution. InputError for an unknown
/// parameter or target (did-you-mean), an empty or non-finite --within
/// interval, and a probability outside (0, 1).
SolveResult solve_break_even(const model::Model& model, const SolveOptions& options);

/// The needed path of each target (ids; empty: every target), in the
/// scenario's order. InputError for an unknown id.
std::vector<NeededPath> paths_needed(const model::Model& model, const std::vector<std::string>& targets);

}  // namespace goalpath::analysis

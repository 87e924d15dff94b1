// Signposts: what a year's value must be for a target to keep a given chance.
//
// From the same paths a run simulates: for a target and a year before its
// last, the value x of an indicator in that year such that the chance of
// meeting the target among the paths whose value that year is at least x,
// P(met | value >= x), is p. A planner reads it as "to keep an 80% chance
// of 5 trillion in 2027, gross output must reach at least x in 2025".
//
// The estimator. Paths are sorted by their value that year, highest first;
// paths with equal values form one tie group and are always taken together
// (a condition value >= x takes every path at x). Going down group by group,
// accumulate the weight C of the paths so far, their met weight M and the sum
// of their squared weights S2. A prefix (the paths down to the end of a
// group) is eligible when its effective count C^2 / S2 (Kish; for unit
// weights the number of paths) is at least options.minimum_paths; other
// prefixes are not checked. The signpost at p is the value at the end of
// the last eligible prefix, scanning from the top, before the first eligible
// prefix with M / C < p: the lowest value x such that M / C >= p at every
// eligible prefix from the top down to x. So:
//   - the first eligible prefix already fails, or no prefix is eligible
//     (fewer paths than minimum_paths): no value (std::nullopt);
//   - no eligible prefix fails: the smallest value of the sample (the
//     condition is then the whole sample: P(met) >= p unconditionally).
// The comparison is M >= p·C, so a prefix with exactly p passes.
//
// Its Monte Carlo error is a Poisson bootstrap of the same paths (Hanley &
// MacGibbon 2006): replicate r multiplies path k's weight by m ~ Poisson(1),
// drawn from a splitmix64 hash of (options.seed, path_ids[k], r) through a
// Poisson(1) inverse-CDF table, and reruns the same scan in the same sorted
// order (one sort, then O(n) per replicate, no allocation per replicate).
// value_se is the standard deviation (n - 1 denominator) of the replicates'
// answers over the replicates that have one (NaN when fewer than half of
// them have one: the error of a value that is often absent is not a
// standard deviation). The draws are a pure function
// of (seed, path id, r), and the sort order is a total order (value, then
// path id, met, weight), so the whole result, value_se included, is
// bit-identical for any order of the input paths. The function is single
// threaded; callers may run several (target, year) pairs at once. Cost at
// 200 000 paths, 64 replicates, on the 2-core build machine: about 0.1 s a
// call, most of it the sort and the copies; a replicate's scan is about
// 2 ns a path (one splitmix64 and a branch-free Poisson table lookup).
//
// The scan stops at the first failure, so the signpost is a first passage:
// where the running M / C first dips below p, which sampling noise moves
// either way around the true crossing. Checked against a closed form (a
// Gaussian random walk, tests/unit/analysis_signposts_test.cpp): no bias
// was seen (the mean of 100 runs lay within its own noise of the exact
// value), and value_se over the spread of 100 independent runs was a ratio
// of 0.97-1.16 (four seeds) at 10 000 paths; at 200 000 paths (estimate - exact)
// / value_se over 30 seeds had mean near 0 and root mean square 0.9-1.2.
//
// Weights are relative (evidence weights): the effective count C^2 / S2 is
// what minimum_paths asks for, so a path of weight 2 counts for less than
// two paths of weight 1 there. Where every prefix concerned is eligible
// (e.g. minimum_paths = 1) a weight of 2 gives the same value as a
// duplicated path.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "sim/sim.hpp"

namespace goalpath::analysis {

struct SignpostLevel {
  double probability = 0;       // the chance kept: 0.5, 0.8
  std::optional<double> value;  // x; absent when no value of the year keeps that chance
  /// Monte Carlo error of x: 0 when x is absent; NaN when fewer than half of
  /// the replicates (or fewer than 2) have a value, or bootstrap_replicates
  /// is 0 or 1 (then the bootstrap cannot say how far x may move).
  double value_se = 0;
  /// Bootstrap replicates in which this level had a value (out of
  /// options.bootstrap_replicates).
  int replicates_with_value = 0;
  /// No eligible prefix failed: the chance is kept over the whole sample,
  /// whatever the year shows (value is then the sample's smallest value,
  /// value_se 0 and replicates_with_value 0: it is not replicated, there is
  /// no bar to clear; reports say "kept whatever it shows").
  bool unconditional = false;
};

struct SignpostOptions {
  /// Each in (0, 1]; at most 16 levels.
  std::vector<double> probabilities = {0.5, 0.8};
  /// Paths (effective, with weights: C^2 / S2) a condition must hold at least.
  double minimum_paths = 100;
  /// >= 0; 0 skips the bootstrap (value_se NaN).
  int bootstrap_replicates = 64;
  std::uint64_t seed = 1;
};

/// values[k]: path k's value that year; NaN paths are left out (they belong
/// to no condition). met[k]: nonzero if path k met the target; a path whose
/// target value is NaN has no answer to "met", so the caller must leave it
/// out (not pass it as unmet). weights[k]: the path's weight, finite and
/// >= 0 (empty: every path weighs 1); a weight of 0 is the same as leaving
/// the path out. path_ids[k]: the path's index in the run, keying its
/// bootstrap random numbers (empty: k, the position in these spans).
/// Results come in the order of options.probabilities.
/// Throws std::invalid_argument when the spans differ in length, a weight is
/// negative or not finite, or an option is out of range.
std::vector<SignpostLevel> signpost_levels(std::span<const double> values, std::span<const std::uint8_t> met,
                                           std::span<const double> weights, std::span<const std::int64_t> path_ids,
                                           const SignpostOptions& options);

// ---- signposts of a run's targets ----------------------------------------------

/// One year's signpost of a target: the value of `indicator` in `year` that
/// keeps P(met | value >= x) at 50% and at 80% (absent: no value of that year
/// keeps it), each with its Monte Carlo error.
struct TargetSignpost {
  int year = 0;
  std::string indicator;
  SignpostLevel at_50, at_80;
  std::int64_t paths = 0;  // the paths it read
};

/// The indicator a target's signposts read: `via` when >= 0, else the
/// target's own indicator, else -1 (a target on an expression needs a via).
int signpost_indicator(const model::Target& target, int via);
/// The years between `after_year` and the target's last year, both excluded:
/// the reviews still to come before the target is measured.
std::vector<int> signpost_years(const model::Target& target, int after_year);
/// The indicator-year columns [y * I + i] the signposts of every target read
/// (SimulationOptions::record_columns).
std::vector<Eigen::Index> signpost_columns(const model::Model& model, int after_year, int via);
/// Target t's signposts from recorded paths; `weights` empty: every path
/// weighs 1. Paths whose target value is NaN are left out, as from its probability.
std::vector<TargetSignpost> target_signposts(const model::Model& model, std::size_t t,
                                             const sim::RecordedPaths& recorded, std::span<const double> weights,
                                             int after_year, int via, std::uint64_t seed);

/// target_signposts of every target, on up to `threads` threads (a target a task).
std::vector<std::vector<TargetSignpost>> all_target_signposts(const model::Model& model,
                                                               const sim::RecordedPaths& recorded,
                                                               std::span<const double> weights, int after_year, int via,
                                                               std::uint64_t seed, int threads);

}  // namespace goalpath::analysis

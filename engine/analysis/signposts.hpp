// Signposts: what a year's value must be for a target to keep a given chance.
//
// From the same paths a run simulates: for a target and a year before its
// last, the value x of an indicator in that year such that the chance of
// meeting the target among the paths whose value that year is at least x,
// P(met | value >= x), is p. A planner reads it as "to keep an 80% chance
// of 5 trillion in 2027, gross output must reach at least x in 2025".
//
// The estimator: sort the paths by their value that year, highest first,
// and accumulate (weighted) met and total; the signpost at p is the lowest
// value x such that P(met | value >= x') >= p for every x' >= x with at
// least kMinimumPaths (effective) paths at or above x'. Ties are taken
// together (a condition value >= x takes every path at x). Its Monte Carlo
// error is a Poisson bootstrap of the same paths (Hanley & MacGibbon 2006),
// with random numbers that are a pure function of (seed, path), so the
// result does not depend on threads.
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
  double probability = 0;         // the chance kept: 0.5, 0.8
  std::optional<double> value;    // x; absent when no value of the year keeps that chance
  double value_se = 0;            // Monte Carlo error of x (0 when absent)
};

struct SignpostOptions {
  std::vector<double> probabilities = {0.5, 0.8};
  /// Paths (effective, with weights) a condition must hold at least.
  double minimum_paths = 100;
  int bootstrap_replicates = 64;
  std::uint64_t seed = 1;
};

/// values[k]: path k's value that year (NaN paths are left out), met[k]: 1 if
/// path k met the target (paths whose target value is NaN must be left out by
/// the caller), weights[k]: the path's weight (empty: every path weighs 1).
/// path_ids[k]: the path's index in the run, keying its bootstrap random
/// numbers (empty: k).
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

}  // namespace goalpath::analysis

// Tracking: what the years observed since the base year say about the odds.
//
// A run projects from the base year as if nothing after it were known. Once
// a year is published, the paths that came close to what happened deserve
// more belief than those that did not. Tracking weighs every path by the
// likelihood of the observations given that path's values (each observation
// ~ Normal(the path's value, sd^2), model::Observation) and reads every
// statistic with those weights: self-normalised importance sampling over the
// paths of the prior run. The paths keep their own values (an observation is
// evidence, not an override), so the weighted statistics converge to the
// exact posterior as the path count grows; what a weak year says about the
// uncertain parameters (a lower trend) carries into every later year, and a
// derived indicator (a share) can be observed while its parts are not.
//
// The paths are not resampled: every path is simulated to the last year
// before it is weighed, so resampling would only duplicate paths, adding
// noise and no information (resampling helps a particle filter that moves
// the particles on afterwards). When the weights degenerate, the remedy is
// more paths or a larger observation error; the effective sample size (ESS,
// Kish: (sum w)^2 / sum w^2) says when, and tracking refuses below
// kMinimumEffectivePaths and warns below kFewEffectivePaths.
//
// Every sum runs over the recorded paths in path order, so the result does
// not depend on threads or blocks, to the last digit.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "analysis/run.hpp"
#include "analysis/signposts.hpp"
#include "model/model.hpp"
#include "sim/sim.hpp"

namespace goalpath::analysis {

inline constexpr double kMinimumEffectivePaths = 100;
inline constexpr double kFewEffectivePaths = 1000;

struct TrackObservation {
  std::string indicator, label, unit, source;
  int year = 0;
  double value = 0, sd = 0;
  /// Where the value fell among the paths projected from what was known
  /// before its year (the base year and the observations of earlier years):
  /// the weighted share of paths below it, ties counting half (0..1).
  double percentile = 0;
  double projected_p50 = 0;  // the median of that projection
};

/// A probability with its Monte Carlo standard error and status.
struct ProbabilityEstimate {
  double probability = 0, probability_se = 0;
  Status status = Status::off_track;
};

/// How much one observation moved a target's probability: the posterior
/// with every observation minus the posterior without this one.
struct ObservationEffect {
  std::size_t observation = 0;  // index into TrackResult::observations
  double change = 0;
};

struct TrackTarget {
  std::string id, label, subject, unit;
  TargetAsk ask;
  ProbabilityEstimate prior, posterior;
  std::vector<ObservationEffect> moved_by;  // largest |change| first
  std::vector<TargetSignpost> signposts;    // the years after the last observed one
};

struct ValueSummary {
  double mean = 0, p05 = 0, p50 = 0, p95 = 0;
};

struct TrackParameter {
  std::string name, source;
  ValueSummary prior, posterior;
};

struct TrackResult {
  /// The run the paths come from (prior bands, probabilities, settings).
  RunResult prior;
  /// The same run read with the observations' weights: every target's
  /// probability, SE, status and quantiles, every indicator's bands.
  RunResult posterior;
  std::vector<TrackObservation> observations;
  std::vector<TrackTarget> targets;
  std::vector<TrackParameter> parameters;  // the uncertain ones
  double effective_paths = 0;              // ESS of the weights
  std::int64_t paths = 0;
  int last_observed_year = 0;              // the base year when nothing is observed
  std::vector<std::string> warnings;
};

struct TrackSettings {
  std::uint64_t seed = 1;  // keys the signposts' bootstrap
  int via_indicator = -1;  // signposts on this indicator instead of each target's own
  int threads = 1;         // for the signposts
};

/// Reads a Monte Carlo run that recorded every path (with every indicator
/// column) through the model's observations. `prior` is analyse_run of that
/// run. InputError (code degenerate-weights) when the observations leave
/// fewer than kMinimumEffectivePaths effective paths.
TrackResult analyse_track(const model::Model& model, const sim::MonteCarloOutcome& monte_carlo, RunResult prior,
                          const TrackSettings& settings);

/// Quantiles of values with weights (NaN values left out): type 1 as in
/// sim::Quantiles, the smallest value with at least a fraction q of the
/// weight at or below it. Ties are ordered by index, so the result is a
/// pure function of the inputs.
sim::Quantiles weighted_quantiles(const Eigen::Ref<const Eigen::ArrayXd>& values,
                                  const Eigen::Ref<const Eigen::ArrayXd>& weights);

}  // namespace goalpath::analysis

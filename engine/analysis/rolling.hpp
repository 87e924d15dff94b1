// Rolling-origin evaluation (`goalpath backtest SCENARIO --rolling`, CLI.md):
// the scenario's rules restarted (plan_backtest) in every year its history
// allows, each horizon 1..H projected, and the forecast errors pooled by
// horizon over every indicator with history and every origin.
//
// An origin restarts every indicator it can: an indicator with later history
// that cannot restart there (no history that year and a base that is a level
// for the scenario's base year, or needing such an indicator) is listed in
// `dropped` and the others are compared; an origin with nothing left is
// `skipped`.
//
// Per compared point (indicator, origin, year), h = year - origin:
//   - observed, the deterministic projection, and p05..p95 of the paths
//     (exact order statistics, sim::Quantiles);
//   - PIT = (paths below observed + half the paths equal to it) / paths
//     counted, NaN paths left out: uniform on [0, 1] when the model is right;
//   - log error = log(deterministic / observed) when both are > 0; other
//     points stay out of bias and RMSE, but count in coverage and the PIT.
// Pooled (by horizon, and over every horizon): coverage of the 50% band
// (p25 <= obs <= p75) and of the 90% band (p05 <= obs <= p95), each with an
// exact two-sided binomial p-value against 0.5 / 0.9; a 10-bin PIT
// histogram; and by horizon the bias (mean log error) and RMSE of the log
// errors. Points from overlapping origins share observations, so they are
// correlated beyond horizon 1 and the p-values there are optimistic.
//
// Every origin runs with the same seed, and the PIT reads the recorded paths
// in path order: nothing depends on threads or block size.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "analysis/study.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

namespace goalpath::analysis {

struct RollingSettings {
  int first_origin = 0, last_origin = 0;  // 0: as the history allows
  int max_horizon = 0;                    // 0: as the history allows
  /// Every shock's sd multiplied by this (calibrate_bands reads the bands
  /// with the shocks off, 0, and as given, 1).
  double shock_scale = 1.0;
};

struct RollingForecast {
  std::string indicator;
  int origin = 0, year = 0, horizon = 0;
  double observed = 0, deterministic = 0;
  double p05 = 0, p25 = 0, p50 = 0, p75 = 0, p95 = 0;
  double pit = 0;        // NaN when every path is NaN
  double log_error = 0;  // NaN when deterministic or observed is not > 0
  double log_sd = 0;     // sd of log(value) over the paths; NaN unless every finite value is > 0
};

/// Coverage and PIT of a set of points.
struct RollingCoverage {
  int points = 0;
  int inside_50 = 0, inside_90 = 0;
  double coverage_50 = 0, coverage_90 = 0;      // NaN without points
  double coverage_50_p = 1, coverage_90_p = 1;  // exact two-sided binomial p-values against 0.5, 0.9
  std::array<int, 10> pit{};                    // points with PIT in [k/10, (k+1)/10), 1 in the last bin
};

struct RollingHorizon : RollingCoverage {
  int horizon = 0;
  int error_points = 0;       // points with a log error
  double bias = 0, rmse = 0;  // of the log errors; NaN without any
};

struct SkippedOrigin {
  int year = 0;
  std::string reason;  // the planner's InputError message
};

/// An indicator with history that an origin could not restart, while the
/// origin's other indicators were compared (plan_backtest's `dropped`).
struct DroppedAtOrigin {
  int year = 0;
  std::string indicator, reason;
};

struct RollingResult {
  StudyInfo info;
  std::int64_t paths = 0;
  RollingSettings settings;                // as asked
  std::vector<int> origins;                // used
  std::vector<SkippedOrigin> skipped;
  std::vector<DroppedAtOrigin> dropped;
  RollingCoverage overall;
  std::vector<RollingHorizon> horizons;    // 1, 2, … (only horizons with points)
  std::vector<RollingForecast> forecasts;  // by origin, then indicator, then year
  std::int64_t nonfinite_paths = 0;        // summed over origins
};

/// P(X at least as unlikely as k) for X ~ Binomial(n, p): the sum of the
/// probabilities no larger than P(X = k). 1 when n is 0.
double binomial_two_sided_p(int k, int n, double p);

/// Pools the points into `result.overall` and `result.horizons`.
void pool_rolling(RollingResult& result);

/// Plans, runs and compares every origin. InputError `no-origin` when no
/// origin can be restarted.
RollingResult run_rolling(const scenario::ScenarioSpec& original, const RollingSettings& settings,
                          const sim::SimulationOptions& options);

}  // namespace goalpath::analysis

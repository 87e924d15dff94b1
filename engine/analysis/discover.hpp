// Scenario discovery (CLI.md, `goalpath discover`): which ranges of the
// uncertain assumptions lead to success (or, with `failure`, to failure). A
// Latin hypercube of the uncertain parameters is drawn in the Gaussian
// copula's normal space (each coordinate u -> Φ⁻¹(u)), correlated by the
// factor of the scenario's correlation among them, and mapped through each
// parameter's marginal, as a Monte Carlo run draws its parameters: the
// points follow the scenario's joint distribution, correlations included
// (without correlations this is the plain stratified hypercube through the
// quantile functions). The points are run through the model; PRIM
// (analysis/methods.hpp) then peels a box, in parameter units, that holds
// many cases of the outcome sought and few of the other.
#pragma once

#include <string>
#include <vector>

#include "analysis/methods.hpp"
#include "analysis/study.hpp"

namespace goalpath::analysis {

inline constexpr std::int64_t kDefaultDiscoverSamples = 10000;

struct DiscoverOptions {
  std::string target = "all";  // a target id, or "all": every target met on the same point
  std::int64_t samples = kDefaultDiscoverSamples;
  bool with_shocks = false;    // point r gets the shocks of path r of simulation.seed
  /// Look for where failure concentrates: PRIM's cases are the points that
  /// do not meet the target (for "all": miss at least one target).
  bool failure = false;
  PrimOptions prim;
  sim::SimulationOptions simulation;  // seed (hypercube and shocks), threads, block size, progress
};

struct DiscoverBox {
  std::vector<double> lower, upper;  // per parameter, in DiscoverResult::parameters order
  std::vector<bool> restricted;      // a side cut inside the sampled range
  double coverage = 0;  // cases inside / all cases
  double density = 0;   // P(case | inside): cases inside / points inside
  double mass = 0;      // points inside / all points
};

struct DiscoverResult {
  StudyInfo info;
  std::string target;                   // as asked: an id or "all"
  std::vector<std::string> target_ids;  // the targets that define success
  std::int64_t samples = 0;             // points in the hypercube
  bool with_shocks = false;
  bool failure = false;                 // the outcome sought is failure (DiscoverOptions::failure)
  std::vector<std::string> parameters;  // the uncertain parameters: PRIM's dimensions
  std::vector<double> range_low, range_high;  // the sampled range of each
  std::int64_t points = 0;     // points used (samples less those with a value that is not a number)
  std::int64_t successes = 0;  // points that meet the target(s)
  std::int64_t cases = 0;      // points with the outcome sought: successes, or with `failure` points - successes
  double base_density = 0;     // cases / points: the density to beat
  /// Boxes: coverage, density and mass count cases (successes, or failures
  /// with `failure`).
  std::vector<DiscoverBox> trajectory;  // the peeling trajectory, then the pasted box
  int chosen = -1;                      // index into trajectory; -1 with no box
  std::vector<DiscoverBox> boxes;       // the chosen box (empty when there is none)
  std::string warning;  // no case / every point a case / points left out
};

/// InputError: unknown target (did-you-mean), samples below 100 or above
/// 10^7, a scenario with no uncertain parameter.
DiscoverResult run_discover(const model::Model& model, const DiscoverOptions& options);

}  // namespace goalpath::analysis

// Up-front estimates of the time and memory of the verbs that evaluate the
// model many times (sweep, sensitivity, discover), so that work this machine
// cannot do is refused before it starts, as run_monte_carlo refuses a run,
// instead of being killed by the kernel (out of memory) or running for hours.
#pragma once

#include <cstdint>
#include <string>

#include "analysis/discover.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/sweep.hpp"
#include "model/model.hpp"
#include "sim/sim.hpp"

namespace goalpath::analysis {

struct WorkEstimate {
  double seconds = 0;       // on the options' threads
  std::int64_t bytes = 0;   // working memory at the peak
  std::string what;         // the size of the work, e.g. "10000 points x 100000 paths"
  std::string advice;       // what to change to ask for less, e.g. "use fewer --samples"
};

/// Seconds one path (one design point) of `model` takes on one thread,
/// timed on a small block of points at the parameters' values.
double seconds_per_path(const model::Model& model, bool draw_shocks);

/// A sweep of `points` grid points, each one run_monte_carlo call of
/// options.simulation.paths paths (or one deterministic evaluation).
WorkEstimate sweep_work(const model::Model& model, std::int64_t points, const SweepOptions& options);
/// The design of the method (model runs) and, for Sobol, the bootstrap.
WorkEstimate sensitivity_work(const model::Model& model, const SensitivityOptions& options);
/// The Latin hypercube, its evaluation and PRIM's peeling.
WorkEstimate discover_work(const model::Model& model, const DiscoverOptions& options);

/// Throws sim::ResourceLimit (what it needs, the limit, what to change) when
/// `work` needs more than options.max_seconds or options.max_memory_bytes
/// (each 0: no limit).
void refuse_beyond_limits(const WorkEstimate& work, const sim::SimulationOptions& options);

}  // namespace goalpath::analysis

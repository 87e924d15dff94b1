#include "analysis/resources.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>

namespace goalpath::analysis {

namespace {

// The bootstrap's cost per drawn row (a random index and an increment),
// measured at about 2 ns on the development machines; taken a little high.
constexpr double kSecondsPerBootstrapDraw = 3e-9;
// PRIM's sorting and peeling, per point and parameter.
constexpr double kSecondsPerPrimPointDimension = 2e-7;
// The Latin hypercube (draws, a shuffle of the strata) and the quantiles, per point and parameter.
constexpr double kSecondsPerHypercubePointDimension = 1e-7;

std::string duration_text(double seconds) {
  if (seconds < 120) return fmt::format("{:.0f} s", seconds);
  if (seconds < 7200) return fmt::format("{:.0f} minutes", seconds / 60);
  if (seconds < 2 * 86400) return fmt::format("{:.1f} hours", seconds / 3600);
  return fmt::format("{:.0f} days", seconds / 86400);
}

std::string bytes_text(double bytes) {
  if (bytes < 1e9) return fmt::format("{:.0f} MB", bytes / 1e6);
  return fmt::format("{:.1f} GB", bytes / 1e9);
}

double as_double(std::int64_t n) { return static_cast<double>(n); }

}  // namespace

double seconds_per_path(const model::Model& model, bool draw_shocks) {
  constexpr Eigen::Index kRows = 256;
  Eigen::ArrayXXd rows(kRows, static_cast<Eigen::Index>(model.parameters.size()));
  for (std::size_t p = 0; p < model.parameters.size(); ++p) rows.col(static_cast<Eigen::Index>(p)).setConstant(model.parameters[p].value);
  sim::SimulationOptions one;
  one.threads = 1;
  one.block_size = static_cast<int>(kRows);
  one.paths = kRows;
  double best = 0;
  for (int attempt = 0; attempt < 2; ++attempt) {  // the first also warms the caches
    const auto start = std::chrono::steady_clock::now();
    (void)sim::evaluate_points(model, rows, draw_shocks, one);
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    best = attempt == 0 ? seconds : std::min(best, seconds);
  }
  return best / static_cast<double>(kRows);
}

WorkEstimate sweep_work(const model::Model& model, std::int64_t points, const SweepOptions& options) {
  const sim::SimulationOptions& s = options.simulation;
  const auto T = static_cast<std::int64_t>(model.targets.size());
  WorkEstimate w;
  const std::int64_t paths = options.deterministic ? 1 : s.paths;
  w.what = fmt::format("{} grid points x {} paths", points, paths);
  w.advice = options.deterministic ? "use a coarser grid (fewer points)" : "use a coarser grid or fewer " + option_ref("paths");
  // Paths of one point at a time through the driver (one run_monte_carlo
  // call per point), evaluated and accumulated: about twice the evaluation.
  const double per_path = seconds_per_path(model, !options.deterministic) * (options.deterministic ? 1.0 : 2.0);
  w.seconds = as_double(points) * as_double(paths) * per_path / std::max(1, s.resolved_threads());
  w.bytes = (options.deterministic ? 0 : sim::monte_carlo_memory_bytes(model, s)) + points * T * 64;
  return w;
}

WorkEstimate sensitivity_work(const model::Model& model, const SensitivityOptions& o) {
  const sim::SimulationOptions& s = o.simulation;
  const auto P = static_cast<std::int64_t>(model.parameters.size());
  const auto D = static_cast<std::int64_t>(uncertain_parameters(model).size());
  const auto T = static_cast<std::int64_t>(model.targets.size());
  const std::int64_t targets = o.targets.empty() ? T : static_cast<std::int64_t>(o.targets.size());
  WorkEstimate w;
  std::int64_t runs = 0;
  double bootstrap_seconds = 0;
  if (o.samples < 0 || o.bootstrap_resamples < 0) return w;  // run_sensitivity refuses them, with the reason
  switch (o.method) {
    case SensitivityMethod::tornado: {
      const std::int64_t paths = o.with_shocks ? (o.samples ? o.samples : kDefaultTornadoShockPaths) : 1;
      runs = (2 * P + 1) * paths;
      w.what = fmt::format("{} settings x {} paths", 2 * P + 1, paths);
      w.advice = "use fewer " + option_ref("samples");
      w.bytes = paths * (P + T) * 8 * 2 + (2 * P + 1) * T * 8;
      break;
    }
    case SensitivityMethod::morris: {
      const std::int64_t r = o.samples ? o.samples : kDefaultMorrisTrajectories;
      runs = r * (D + 1);
      w.what = fmt::format("{} trajectories x {} points", r, D + 1);
      w.advice = "use fewer " + option_ref("samples") + " (trajectories)";
      w.bytes = runs * (P + T + D) * 8 * 2;
      break;
    }
    case SensitivityMethod::sobol: {
      const auto n = static_cast<std::int64_t>(std::bit_ceil(static_cast<std::uint64_t>(
          std::min<std::int64_t>(o.samples ? o.samples : kDefaultSobolSamples, std::int64_t{1} << 40))));
      const std::int64_t resamples = o.bootstrap_resamples;
      runs = n * (2 * D + 2);
      w.what = fmt::format("{} base samples x {} design matrices, {} bootstrap resamples", n, 2 * D + 2, resamples);
      w.advice = "use fewer " + option_ref("samples") + " or " + option_ref("bootstrap");
      // Outputs per target, the design in slices of at most 2^24 doubles,
      // the per-row terms, and the bootstrap's indices (S1 and ST per resample).
      w.bytes = runs * T * 8 + 2 * D * n * 8 + std::min<std::int64_t>(runs * P * 8, std::int64_t{1} << 27) * 2 +
                n * (2 + 2 * D) * 8 + 2 * D * resamples * 8 + resamples * 8 + (std::int64_t{2} << 20);
      bootstrap_seconds = as_double(targets) * as_double(resamples) * as_double(n) * kSecondsPerBootstrapDraw;
      break;
    }
  }
  w.seconds = as_double(runs) * seconds_per_path(model, o.with_shocks) / std::max(1, s.resolved_threads()) +
              bootstrap_seconds;
  return w;
}

WorkEstimate discover_work(const model::Model& model, const DiscoverOptions& o) {
  const sim::SimulationOptions& s = o.simulation;
  const auto P = static_cast<std::int64_t>(model.parameters.size());
  const auto D = static_cast<std::int64_t>(uncertain_parameters(model).size());
  const auto T = static_cast<std::int64_t>(model.targets.size());
  WorkEstimate w;
  w.what = fmt::format("{} samples of {} uncertain parameter{}", o.samples, D, D == 1 ? "" : "s");
  w.advice = "use fewer " + option_ref("samples");
  // The hypercube, the points at their quantiles, the outputs, PRIM's copy
  // and its per-dimension orderings.
  w.bytes = o.samples * (D * 8 * 3 + P * 8 + T * 8 + D * 8 + 16);
  w.seconds = as_double(o.samples) * seconds_per_path(model, o.with_shocks) / std::max(1, s.resolved_threads()) +
              as_double(o.samples) * as_double(D) * (kSecondsPerPrimPointDimension + kSecondsPerHypercubePointDimension);
  return w;
}

void refuse_beyond_limits(const WorkEstimate& work, const sim::SimulationOptions& options) {
  if (options.max_memory_bytes > 0 && work.bytes > options.max_memory_bytes) {
    throw sim::ResourceLimit(fmt::format("this needs about {} of memory ({}), more than the {} available; {}",
                                         bytes_text(as_double(work.bytes)), work.what,
                                         bytes_text(as_double(options.max_memory_bytes)), work.advice));
  }
  if (options.max_seconds > 0 && work.seconds > options.max_seconds) {
    throw sim::ResourceLimit(fmt::format("this would take about {} on {} threads ({}), more than {} {}; {}",
                                         duration_text(work.seconds), options.resolved_threads(), work.what,
                                         option_ref("max_seconds"), duration_text(options.max_seconds), work.advice));
  }
}

}  // namespace goalpath::analysis

// Sweeps: each target's probability and deterministic value at every point
// of a grid of assumptions (CLI.md, `goalpath sweep`). The pieces every
// design-point study shares are in analysis/study.hpp.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "analysis/study.hpp"
#include "analysis/target.hpp"
#include "model/model.hpp"
#include "model/setting.hpp"
#include "sim/sim.hpp"

namespace goalpath::analysis {

// ---- sweeps ---------------------------------------------------------------------

struct SweepAxis {
  std::string name;            // a parameter
  std::vector<double> values;  // in the order given
  SourcePos pos;               // where it was asked for ("--grid" or the scenario's sweep)
  /// The parameter's own value in the scenario (run_sweep fills it): the
  /// scenario's point on the grid, which reports mark on their charts.
  double scenario_value = std::numeric_limits<double>::quiet_NaN();
};

/// The largest grid a sweep accepts (points = product of the axes' sizes).
inline constexpr std::int64_t kMaxSweepPoints = 100000;

/// Axes of the scenario's sweep `id`; InputError (unknown-name) with a
/// did-you-mean, or listing the sweeps, when there is no such sweep.
std::vector<SweepAxis> sweep_axes(const model::Model& model, const std::string& id);

/// One `--grid` argument: NAME=FROM:TO:STEP (from, from + step, ... up to
/// to, as the scenario's `{from, to, step}`) or NAME=v1,v2,... InputError
/// (position "--grid", code bad-value) naming the mistake otherwise. The
/// name is checked against the model by run_sweep, not here.
SweepAxis parse_grid(const std::string& argument);

struct SweepOptions {
  bool deterministic = false;  // values only, no Monte Carlo
  /// set: a point's value moves the parameter's centre, uncertainty and
  /// correlations kept; fix: the parameter is known exactly and the ones
  /// correlated with it are conditioned on it (model/setting.hpp).
  model::SettingMode mode = model::SettingMode::set;
  sim::SimulationOptions simulation;  // paths, seed, threads, block size, progress, cancel
};

struct SweepTargetInfo {
  std::string id, label, unit;  // unit: empty for a cagr target
  TargetAsk ask;
};

/// One target at one grid point.
struct SweepCell {
  double value = 0;      // deterministic: the swept parameters at the point, the others at value, shocks 0
  bool met = false;      // of `value`
  // Monte Carlo (absent with deterministic): met / finite over options.paths paths.
  std::optional<double> probability, probability_se;
  std::int64_t nonfinite = 0;  // paths whose value was not finite (left out of the probability)
};

struct SweepPoint {
  std::vector<double> values;     // per axis
  std::vector<SweepCell> targets; // per target, in SweepResult::targets order
};

struct SweepResult {
  StudyInfo info;
  std::vector<std::string> sweep_ids;  // the scenario sweeps used (--sweep), if any
  std::vector<SweepAxis> axes;
  std::vector<SweepTargetInfo> targets;
  /// Cartesian product of the axes, the last axis varying fastest: point k
  /// has axis a at index (k / stride_a) % size_a, stride_a = product of the
  /// sizes of the axes after a.
  std::vector<SweepPoint> points;
  bool deterministic = false;
  model::SettingMode mode = model::SettingMode::set;
  std::int64_t paths = 0;   // per point (0 when deterministic)
};

/// Runs the sweep. Each point is a Monte Carlo run (sim::run_monte_carlo)
/// of the scenario with the point's settings applied in options.mode
/// (model::apply_settings), with the same seed and paths at every point
/// (common random numbers), so differences between points are the
/// assumptions' doing. Under "set", a point at the scenario's own values
/// gives `goalpath run`'s probabilities to the last digit.
/// InputError: an axis that names no parameter (did-you-mean), a parameter
/// on two axes, an empty axis, a non-finite value, or more than
/// kMaxSweepPoints points.
SweepResult run_sweep(const model::Model& model, std::vector<SweepAxis> axes, const SweepOptions& options);

}  // namespace goalpath::analysis

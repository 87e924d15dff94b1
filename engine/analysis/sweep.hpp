// Sweeps: each target's probability and deterministic value at every point
// of a grid of assumptions (CLI.md, `goalpath sweep`). Also the pieces every
// design-point study shares (sweep, sensitivity, solve, discover): the
// provenance block their reports carry and the one way they evaluate
// parameter rows, sim::evaluate_points (ARCHITECTURE.md: a Monte Carlo path
// and a design point are the same thing).
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "analysis/target.hpp"
#include "model/model.hpp"
#include "model/setting.hpp"
#include "sim/sim.hpp"

namespace goalpath::analysis {

// ---- shared by the design-point studies -----------------------------------------

/// Where a study's numbers come from, for its report's reproducibility block.
struct StudyInfo {
  std::string scenario_id, title, scenario_file, scenario_sha256;
  std::vector<std::pair<std::string, std::string>> scenario_files;  // the extends chain: (file, sha256)
  std::string merged_sha256;                                        // of the merged scenario
  std::string engine_version, command_line;
  std::uint64_t seed = 0;
  int threads = 1;
  double seconds = 0;
};

/// What the target's side of one design point is: its measured value, or
/// the 0/1 outcome of meeting it (NaN when the value is not finite, so that
/// an undefined value is never counted as a miss).
enum class Metric { value, met };
const char* to_string(Metric metric);
std::optional<Metric> metric_from_string(const std::string& text);
double metric_output(const model::Target& target, double measured, Metric metric);

/// The targets' measured values (n x targets) at parameter rows (n x P),
/// through sim::evaluate_points. Without shocks every row has shocks 0 and
/// all rows go in one call. With shocks, row r gets the yearly shocks of
/// path r mod `period` of options.seed: rows are evaluated `period` at a
/// time, so a design can give the same shocks to the points it compares
/// (common random numbers). options.progress, when set, sees the fraction of
/// all rows done.
Eigen::ArrayXXd evaluate_rows(const model::Model& model, const Eigen::ArrayXXd& parameters, bool with_shocks,
                              std::int64_t period, const sim::SimulationOptions& options);

/// Index of a parameter by name; InputError (code unknown-name, at `pos`)
/// with a did-you-mean when there is none.
int require_parameter(const model::Model& model, const std::string& name, const SourcePos& pos);
/// Index of a target by id; InputError (unknown-name, at `pos`) with a did-you-mean.
int require_target(const model::Model& model, const std::string& id, const SourcePos& pos);

/// The copula's correlation among the parameters `columns` (factor·factorᵀ restricted).
Eigen::MatrixXd copula_correlation(const model::Model& model, const std::vector<int>& columns);
/// Parameter rows (n x P) from normals in the copula's space: row i of z
/// (columns.size() x n) is mapped through parameter columns[i]'s marginal, as
/// a Monte Carlo run maps its correlated normals; the other parameters are at
/// their value. Shapley points and discover's sample are drawn this way.
Eigen::ArrayXXd parameters_from_normals(const model::Model& model, const std::vector<int>& columns,
                                        const Eigen::MatrixXd& z);

// ---- sweeps ---------------------------------------------------------------------

struct SweepAxis {
  std::string name;            // a parameter
  std::vector<double> values;  // in the order given
  SourcePos pos;               // where it was asked for ("--grid" or the scenario's sweep)
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

// The batch evaluator and the drivers that run it over many paths.
//
// Pieces, each replaceable alone (QuantLib's Monte Carlo layout):
//   draw_parameters / shock streams  (random inputs, from sample/)
//   Evaluator::run                   (path generation + evaluation for one block)
//   StatAccumulator                  (streaming statistics of one worker)
//   run_monte_carlo, evaluate_points (drivers over blocks and threads)
//
// A block is B paths evaluated together: every slot of the model is an
// array of B doubles (one column of a B x slots matrix) and every compiled
// instruction runs over the whole array. A Monte Carlo path and a design
// point of a sensitivity analysis are the same thing: one row of parameter
// values plus, optionally, the path's yearly shocks.
//
// Reproducibility: path p's inputs are a pure function of (seed, p) and the
// variable's name, and everything accumulated across paths is an integer
// count (histograms, met counts), so results do not depend on the number of
// threads or the block size, to the last digit.
#pragma once

#include <Eigen/Core>
#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "expr/expr.hpp"
#include "model/model.hpp"

namespace goalpath::sim {

/// The most paths one run takes.
inline constexpr std::int64_t kMaxPaths = 1'000'000'000'000;
/// The most worker threads, and paths per block, a run takes.
inline constexpr int kMaxThreads = 1024;
inline constexpr int kMaxBlockSize = 65535;

/// The processes one study is spread over (MPI ranks: engine/mpi/). Each
/// process evaluates its share of the blocks of paths (or of design rows),
/// then every process merges every share: integer counts add, minima and
/// maxima compare, rows are placed by their path number. So the merged
/// result is the one a single process gets, to the last digit, whatever the
/// number of processes and the threads of each. Every process must make the
/// same calls in the same order: they run the same study on the same input.
class Cluster {
 public:
  virtual ~Cluster() = default;
  virtual int rank() const = 0;  // this process, from 0 to size() - 1
  virtual int size() const = 0;
  /// Every process passes its bytes; each gets every process's, in rank order.
  virtual std::vector<std::string> all_gather(const std::string& mine) const = 0;
};

/// Blocks [first, end) of `blocks` that process `rank` of `size` evaluates:
/// consecutive runs of nearly equal length, in rank order.
std::pair<std::int64_t, std::int64_t> share_of(std::int64_t blocks, int rank, int size);

struct SimulationOptions {
  std::int64_t paths = 100000;
  std::uint64_t seed = 1;
  int threads = 0;                // 0: every core
  int block_size = 1024;          // paths per block
  int histogram_bins = 4096;      // per statistic, over the range the pilot found
  std::int64_t pilot_paths = 4096;
  /// false: the caller reads only the counts (probabilities), as a sweep or a
  /// probability goal-seek does at every point: no quantile replay, small
  /// histograms, and the outcome's `targets` and `indicators` quantiles empty.
  bool quantiles = true;
  /// Exact quantiles without a second pass over every path: one process's
  /// first pass keeps the values near each quantile's estimate from its
  /// head (an eighth of the paths, a 32nd of a long run), within this many
  /// standard errors of it, narrowing them as it counts (sim/windows.hpp),
  /// and replays only the head. A quantile that falls outside them (a chance
  /// of about 1e-5 each and narrowing) counts and replays every path, as
  /// with 0, which turns the windows off. The result is the same either way.
  /// The kept values grow as the square root of the paths (about 14 MB at
  /// most for 2M paths of six drivers over four years); windows that could
  /// take more than 256 MB, or than max_memory_bytes leaves, are not opened.
  double window_standard_errors = 4.5;
  /// Called now and then from the driver thread with the fraction done.
  std::function<void(double)> progress;
  /// Set from elsewhere (a signal handler) to stop a run; the driver then throws Cancelled.
  const std::atomic<bool>* cancel = nullptr;
  /// Refuse (throw ResourceLimit) a run whose first blocks project it to take
  /// longer than this on these threads; 0: no limit.
  double max_seconds = 0;
  /// Refuse a run whose working memory (monte_carlo_memory_bytes) is larger; 0: no limit.
  std::int64_t max_memory_bytes = 0;
  /// Keep every value of the first `record_paths` paths (MonteCarloOutcome::
  /// recorded): what needs the paths one by one reads them there (signposts,
  /// tracking's weights). Memory grows with it: 8 bytes per path for each
  /// recorded column, target and parameter.
  std::int64_t record_paths = 0;
  /// The indicator-year columns [y * I + i] recorded; empty: every one.
  std::vector<Eigen::Index> record_columns;
  /// Spread the paths (or rows) over these processes; nullptr: this one
  /// alone. The result is the same either way (see Cluster).
  const Cluster* cluster = nullptr;

  /// "" when valid, else a sentence naming the field, its value and the rule.
  std::string validate() const;
  int resolved_threads() const;
  int processes() const { return cluster ? cluster->size() : 1; }
};

struct Cancelled : std::runtime_error {
  Cancelled() : std::runtime_error("interrupted") {}
};

/// A run refused because it would need more time or memory than allowed;
/// what() says how much it needs, the limit, and what to change, with the
/// options to change as their field names; text() keeps the option_ref
/// marks for a front end to spell its way (common/error.hpp).
struct ResourceLimit : std::runtime_error {
  explicit ResourceLimit(const std::string& message)
      : std::runtime_error(render_option_refs(message)), text_(message) {}
  const std::string& text() const { return text_; }

 private:
  std::string text_;
};

/// Working memory of run_monte_carlo in bytes: every worker's block arrays
/// and histograms, and the pilot. It does not grow with the number of paths
/// (the windows of window_standard_errors fit in what is left, or are not opened).
std::int64_t monte_carlo_memory_bytes(const model::Model& model, const SimulationOptions& options);

/// Stable 32-bit stream id of a variable, from its name, so that scenarios
/// that share a variable share its random numbers (compare A with B).
std::uint32_t stream_id(const std::string& name);

/// Everything one block produces. Rows are paths.
struct BlockResult {
  Eigen::ArrayXXd indicators;  // B x (years * indicators): column y * I + i
  Eigen::ArrayXXd targets;     // B x targets: the measured value
  /// Per indicator-year [y * I + i]: paths whose growth rate was below -100%,
  /// which would flip the level's sign (a level cannot fall by more than all
  /// of it). Those levels are set to NaN, so every target that depends on
  /// them counts the path as non-finite and leaves it out of its probability.
  std::vector<std::int64_t> sign_flips;
};

/// Scratch memory of one worker; reused block after block.
struct Workspace {
  Eigen::ArrayXXd previous, shocks, shock_state, scratch, target_series;
  Eigen::ArrayXXd constants;                      // each year, each t, zeros (Evaluator::run)
  std::array<std::int64_t, 3> constants_shape{};  // the rows, years and base year they were filled for
  Eigen::ArrayXd column;
  expr::Workspace registers;
};

/// The non-identity rows of a copula factor, found once per model: row j of
/// z · factorᵀ is Σ terms[k].second · z.col(terms[k].first).
struct CorrelationPlan {
  struct Row {
    Eigen::Index column = 0;
    std::vector<std::pair<Eigen::Index, double>> terms;
  };
  std::vector<Row> rows;  // last column first, so that a lower-triangular factor works in place
  bool in_place = true;   // the factor is lower-triangular
  static CorrelationPlan of(const Eigen::MatrixXd& factor);
};

class Evaluator {
 public:
  explicit Evaluator(const model::Model& model);

  /// Draws the parameters of paths [first_path, first_path + B) into B x P.
  void draw_parameters(std::uint64_t seed, std::int64_t first_path, Eigen::Index rows,
                       Eigen::ArrayXXd& parameters) const;

  /// Runs B = parameters.rows() paths. With `draw_shocks`, path first_path + r
  /// gets the yearly shocks of stream (seed, first_path + r); otherwise
  /// shocks are 0 (deterministic projection, tornado, ...).
  void run(const Eigen::ArrayXXd& parameters, bool draw_shocks, std::uint64_t seed, std::int64_t first_path,
           BlockResult& out, Workspace& workspace) const;

  const model::Model& model() const { return model_; }

 private:
  void draw_shocks(std::uint64_t seed, std::int64_t first_path, int year_index, Eigen::Index rows,
                   Workspace& ws) const;
  const model::Model& model_;
  std::vector<std::uint32_t> parameter_streams_, shock_streams_;
  CorrelationPlan parameter_plan_, shock_plan_;
};

/// Parameters at their `value` (one row); a parameter conditioned on a fixed
/// one (model.parameter_shift) at its conditional median.
Eigen::ArrayXXd central_parameters(const model::Model& model);

// ---- results ------------------------------------------------------------------

/// Quantiles of one statistic over the paths where it is a number: ±inf
/// are ordered values (a p95 may be inf), NaN is left out. Each pXX is an
/// order statistic of the paths (Hyndman & Fan type 1: the smallest value
/// with at least XX% of those paths at or below it); NaN when every path is NaN.
struct Quantiles {
  double p05 = 0, p10 = 0, p25 = 0, p50 = 0, p75 = 0, p90 = 0, p95 = 0;
  double min = 0, max = 0;
  std::int64_t finite = 0, nonfinite = 0;  // nonfinite: ±inf and NaN
  std::int64_t nan = 0;                    // not a number: left out of quantiles and probabilities
};

struct DeterministicOutcome {
  Eigen::ArrayXXd indicators;        // years x indicators
  Eigen::ArrayXXd target_series;     // years x targets: the indicator or expr a target measures, each year
  std::vector<double> targets;       // measured value per target
  std::vector<std::int64_t> sign_flips;  // [y * I + i]: 1 where growth below -100% made the level NaN
};

/// The values of the first paths of a run, row k = path k (SimulationOptions::record_paths).
struct RecordedPaths {
  std::vector<Eigen::Index> columns;  // the indicator-year columns recorded, [y * I + i]
  Eigen::ArrayXXd indicators;         // paths x columns.size()
  Eigen::ArrayXXd targets;            // paths x targets: the measured values
  Eigen::ArrayXXd parameters;         // paths x parameters: the drawn values
  Eigen::Index rows() const { return targets.rows(); }
  /// Position of indicator-year column c in `indicators`, -1 when not recorded.
  Eigen::Index find(Eigen::Index column) const;
};

struct MonteCarloOutcome {
  std::int64_t paths = 0;
  // Per target: paths that met it, and paths whose value is a number (±inf
  // included: they meet or fail a bound like any number; NaN paths do not count).
  std::vector<std::int64_t> target_met, target_finite;
  std::int64_t joint_met = 0, joint_finite = 0;         // joint_finite: paths with no NaN target
  std::vector<Quantiles> targets;                       // per target
  std::vector<Quantiles> indicators;                    // years * indicators, [y * I + i]
  std::int64_t nonfinite_paths = 0;  // paths with any non-finite indicator or target value
  std::vector<std::int64_t> sign_flips;  // [y * I + i]: paths whose growth below -100% made the level NaN
  RecordedPaths recorded;    // the first options.record_paths paths, value by value
  int quantile_replays = 0;  // passes over the paths after the first, to make the quantiles exact
  std::int64_t replayed_paths = 0;  // paths this process evaluated again for them (the windows' head; all its own per replay or recount)
  double seconds = 0;
};

DeterministicOutcome run_deterministic(const model::Model& model);
MonteCarloOutcome run_monte_carlo(const model::Model& model, const SimulationOptions& options);

// ---- shards: one run in independent processes (array jobs), merged later ----

/// Shard `index` of `count` of run_monte_carlo(model, options): its share of
/// the blocks (share_of), evaluated with no exchange, as bytes for
/// merge_monte_carlo_shards. They hold its counts, the recorded rows among
/// its paths, and, per statistic, every value of the histogram bins near
/// each reported quantile: a window wide enough (Dvoretzky-Kiefer-Wolfowitz,
/// a chance below 1e-9 a statistic of missing) to hold the bin where the
/// merged run's quantile falls. options.cluster must be null. `window`: the
/// half-width kept around each quantile's rank, a fraction of the shard's
/// paths; 0 (the default) for the width above (tests ask for less).
std::string run_monte_carlo_shard(const model::Model& model, const SimulationOptions& options, int index, int count,
                                  double window = 0);
/// Every shard of one run, in any order: the outcome run_monte_carlo gives
/// with the same options, to the last digit. std::runtime_error when the
/// parts are not the `count` shards of this run, or when a quantile falls
/// where a shard kept no values (then it names the statistic; run fewer,
/// larger shards).
MonteCarloOutcome merge_monte_carlo_shards(const model::Model& model, const SimulationOptions& options,
                                           const std::vector<std::string>& shards);

/// Evaluates the model at given parameter rows (n x P) in parallel blocks and
/// returns the targets' measured values (n x targets). With `draw_shocks`,
/// row r gets the shocks of path r of `seed`.
Eigen::ArrayXXd evaluate_points(const model::Model& model, const Eigen::ArrayXXd& parameters, bool draw_shocks,
                                const SimulationOptions& options);

}  // namespace goalpath::sim

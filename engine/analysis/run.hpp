// Turning simulation outcomes into what a planner reads: per target the
// deterministic value and verdict, the probability of meeting it, its band,
// the growth it needs and the growth it gets, a status and a progress class;
// per indicator its deterministic path and bands. RunResult is what every
// report writer reads (report/ never reaches into sim/).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "analysis/signposts.hpp"
#include "analysis/target.hpp"
#include "model/model.hpp"
#include "sim/sim.hpp"

namespace goalpath::analysis {

/// Verdict from the probability of meeting a target and the scenario's
/// `status` cut-offs (deterministic runs: met -> on_track, else off_track).
enum class Status { on_track, at_risk, off_track };
const char* to_string(Status status);

/// Distance-to-target class (Eurostat SDG monitoring; CLI.md "Progress class").
enum class ProgressClass { achieved, on_track, acceleration_needed, limited, deterioration, unknown };
const char* to_string(ProgressClass c);

/// Class of a ratio R = actual rate / required rate.
ProgressClass classify_progress(double ratio);

struct Progress {
  std::string basis;  // "observed" (history after the base year) or "projected"
  std::string rates;  // "compound" (CAGR) or "linear" (when a level is <= 0, e.g. a running sum from 0)
  double actual_rate = 0, required_rate = 0;
  double ratio = 0;   // NaN when undefined
  ProgressClass progress_class = ProgressClass::unknown;
};

struct TargetResult {
  std::string id, label, source, subject, unit;
  TargetAsk ask;                  // kind, bound, threshold, years
  double deterministic_value = 0;
  bool deterministic_met = false;
  int deterministic_worst_year = 0;  // every_year: the binding year
  // Monte Carlo (absent in deterministic runs)
  std::optional<double> probability, probability_se;
  std::optional<sim::Quantiles> quantiles;
  std::int64_t nonfinite = 0;  // paths whose value is ±inf or NaN
  // Paths whose value is NaN (not a number): left out of the probability.
  // When there are some, how far P could move with them counted as failed
  // and as met (±inf paths are ordered values: they meet or fail the bound).
  std::int64_t nan = 0;
  std::optional<double> probability_if_nan_failed, probability_if_nan_met;
  double required_cagr = 0, projected_cagr = 0;  // NaN when not defined
  /// The year required_cagr and projected_cagr run to: a level target's
  /// year; for every_year the binding year, whose constant growth from the
  /// base year meets the bound in every year of the window.
  int required_year = 0;
  double gap = 0;                                 // deterministic value - threshold
  Status status = Status::off_track;
  Progress progress;
  std::vector<double> series;  // what the target measures, each year (deterministic)
  /// What each review before the target year must show (Monte Carlo only,
  /// from the first kSignpostPaths paths).
  std::vector<TargetSignpost> signposts;
  /// A growth (cagr) target's level in its last year: the deterministic
  /// level of its first year grown at the threshold rate, which is where a
  /// chart marks it. Absent for other targets and when the first year's
  /// level is not positive (set by add_derived_numbers).
  std::optional<double> implied_level;
};

struct IndicatorResult {
  std::string name, label, unit, source, rule;
  std::vector<double> deterministic;                  // per year
  std::vector<double> p05, p10, p25, p50, p75, p90, p95;  // per year (Monte Carlo only)
  std::vector<std::int64_t> nonfinite;                // per year
  /// Per year (Monte Carlo only): paths whose growth rate below -100% would
  /// have flipped the level's sign; the level is NaN there instead.
  std::vector<std::int64_t> sign_flips;
  std::vector<int> deterministic_sign_flip_years;     // the same, in the deterministic projection
  std::map<int, double> history;
};

/// A yearly shock as the scenario states it: standard deviation and AR(1) coefficient.
struct ShockSummary {
  std::string name, source;
  double sd = 0, ar = 0;
};

/// One correlation of the scenario (parameters with parameters, shocks with shocks).
struct CorrelationSummary {
  std::string a, b;
  double rho = 0;
};

struct ParameterSummary {
  std::string name, source, distribution;  // distribution: e.g. "normal(sd=0.012)", "fixed"
  double value = 0;
  double p10 = 0, p90 = 0;  // of the marginal (value for fixed)
};

/// The paths a run's signposts read (the first ones; all when fewer): enough
/// for a signpost's error to be small beside its meaning, few enough that
/// recording them costs little beside the run.
inline constexpr std::int64_t kSignpostPaths = 50000;

struct RunSettings {
  std::int64_t paths = 0;
  std::uint64_t seed = 0;
  int threads = 1;     // of each process
  int processes = 1;   // that shared the paths (sim::Cluster); the result does not depend on it
  bool deterministic = false;
  std::string command_line, engine_version, scenario_file, scenario_sha256;
  /// Every file of the extends chain, the named file first, each with the
  /// SHA-256 of its bytes, and the SHA-256 of the merged scenario
  /// (ScenarioSpec::canonical_text): editing a parent changes both.
  std::vector<std::pair<std::string, std::string>> scenario_files;  // (file, sha256)
  std::string merged_sha256;
  /// Paths chosen for a precision (RunOptions::max_standard_error): the
  /// bound, and the path counts of the runs that chose them (the last is
  /// `paths`). 0 and empty when the paths were given.
  double max_standard_error = 0;
  std::vector<std::int64_t> precision_stages;
  int via_indicator = -1;  // the signposts' indicator, when not each target's own
  bool signposts = true;   // false: recorded paths are for another reader (tracking), no signposts from the base year
};

struct RunResult {
  std::string scenario_id, title, description;
  std::string language;  // the scenario's declared report language ("" when not declared)
  RunSettings settings;
  std::vector<int> years;
  std::vector<TargetResult> targets;
  std::optional<double> joint_probability, joint_probability_se;
  std::vector<IndicatorResult> indicators;
  std::vector<ParameterSummary> parameters;
  std::vector<ShockSummary> shocks;              // the scenario's yearly shocks, in its order
  std::vector<CorrelationSummary> correlations;  // every correlation it states, in its order
  /// Set when a Monte Carlo run has fewer than kFewPaths paths: the largest
  /// standard error a probability can have with so few (0.5 / sqrt(paths)),
  /// which every report warns about (set by add_derived_numbers).
  std::optional<double> few_paths_se;
  std::int64_t nonfinite_paths = 0;
  double seconds = 0;
  double on_track = 0.8, at_risk = 0.5;
  bool title_inherited = false, description_inherited = false;  // from a file the scenario extends
  /// Legal but probably not meant: the model's warnings (an inherited title,
  /// an unused parameter) and threshold_warnings(). Every report shows them.
  std::vector<std::string> warnings;
  /// How the bands were checked against history (the scenario's
  /// `calibration:`); absent: the shock sizes are assumptions. Every report
  /// states it (report::calibration_statement). Set by the library's run and
  /// track, which know the scenario.
  std::optional<scenario::CalibrationSpec> calibration;
};

/// Indicator units with a meaning (SCENARIO_FORMAT.md, Indicators): `share`
/// (a fraction, 0.25 is 25%), `percent` (25 is 25%), `rate` (a fraction a
/// year). Any other unit (亿元, MW, 家) is a label.
bool is_fraction_unit(const std::string& unit);

/// Thresholds that are probably typed wrong: a number above 1 on a `share`
/// or `rate` indicator or as a cagr target's rate (a percentage typed as a
/// fraction), and a threshold far outside every value the target's subject
/// takes on any path in its years (beyond the range by more than the range's
/// width and more than its largest magnitude: a target twice the best path
/// is hard, fifty times it is a typo). With `mc` null, the
/// deterministic projection stands for the paths.
std::vector<std::string> threshold_warnings(const model::Model& model, const sim::DeterministicOutcome& deterministic,
                                            const sim::MonteCarloOutcome* monte_carlo);

/// Combines a deterministic projection and (optionally) a Monte Carlo run.
RunResult analyse_run(const model::Model& model, const sim::DeterministicOutcome& deterministic,
                      const sim::MonteCarloOutcome* monte_carlo, const RunSettings& settings);

/// A place where values were not a number, and how many.
struct NonfiniteCount {
  std::string name;     // target id or indicator name
  std::int64_t count;   // paths (a target) or path-years (an indicator)
};
/// The targets with non-finite paths, in scenario order (none when all were finite).
std::vector<NonfiniteCount> nonfinite_by_target(const RunResult& result);
/// The indicators with non-finite path-years, in scenario order.
std::vector<NonfiniteCount> nonfinite_by_indicator(const RunResult& result);

/// The indicators whose growth fell below -100% on some paths (path-years), in scenario order.
std::vector<NonfiniteCount> sign_flips_by_indicator(const RunResult& result);

/// Below this many paths a run's probabilities are rough, and reports say so.
inline constexpr std::int64_t kFewPaths = 1000;

/// The numbers derived from a result that reports show: each growth
/// target's implied_level and the run's few_paths_se. analyse_run calls it;
/// so does a reader of a report written before these were stored.
void add_derived_numbers(RunResult& result);

/// Shocks and correlations as the model states them.
std::vector<ShockSummary> summarise_shocks(const model::Model& model);
std::vector<CorrelationSummary> summarise_correlations(const model::Model& model);

/// Status from a probability and the cut-offs.
Status status_of(double probability, double on_track, double at_risk);

/// Parameter summaries (value, distribution, 10th/90th percentiles, source).
std::vector<ParameterSummary> summarise_parameters(const model::Model& model);

}  // namespace goalpath::analysis

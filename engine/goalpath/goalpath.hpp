// GoalPath as a library: load a scenario once, then run any study of it.
//
// This header is the manual. Everything the `goalpath` command line does is
// one call here; the command line (engine/app/) and the Python module
// (python/) are thin clients of it: they turn flags or keyword arguments into
// the option structs below, call, and render what comes back.
//
//   #include "goalpath/goalpath.hpp"
//
//   goalpath::LoadOptions load;
//   load.set = {"output_growth=0.05"};
//   const goalpath::Scenario scenario = goalpath::Scenario::load("baseline.yaml", load);
//   goalpath::RunOptions options;
//   options.paths = 100000;
//   options.seed = 1;
//   const goalpath::RunResult result = goalpath::run(scenario, options);
//   for (const auto& t : result.targets) std::printf("%s %.3f\n", t.id.c_str(), t.probability.value_or(NAN));
//   std::string json = goalpath::render(result, goalpath::Format::json);  // goalpath.report/1
//
// Conventions (Ceres Solver's):
//   - one Options struct per study, every field with a default, units in
//     the names (max_seconds, max_memory_bytes); each has validate(), which
//     returns "" or a sentence naming the field, its value and the rule;
//     the study functions call it and throw OptionError.
//   - every study returns a plain result struct that carries its provenance
//     (scenario files and their SHA-256, seed, paths, threads, engine
//     version) and its warnings; the writers (render) read nothing else.
//   - same scenario, options and seed: the same result to the last digit,
//     for any thread count or block size.
//
// Errors: InputError (common/error.hpp) for anything wrong in a scenario or
// in what a study asks of it (file, line, column, a stable code, a hint);
// OptionError for an option out of range; sim::ResourceLimit for a study
// that would take longer than max_seconds or more memory than
// max_memory_bytes; sim::Cancelled when *cancel became true.
//
// Threads: a Scenario is immutable once loaded and may be shared by any
// number of threads running studies at once.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "analysis/backtest.hpp"
#include "analysis/brief.hpp"
#include "analysis/calibrate.hpp"
#include "analysis/calibrate_bands.hpp"
#include "analysis/compare.hpp"
#include "analysis/discover.hpp"
#include "analysis/rolling.hpp"
#include "analysis/run.hpp"
#include "analysis/sensitivity.hpp"
#include "analysis/solve.hpp"
#include "analysis/sweep.hpp"
#include "analysis/track.hpp"
#include "common/error.hpp"
#include "model/model.hpp"
#include "report/language.hpp"
#include "report/report.hpp"
#include "report/solve.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

namespace goalpath {

/// The engine's version, as every report records it.
const char* version();

// ---- results (defined in analysis/, re-exported here) ----------------------------

using analysis::BacktestResult;    // backtest()
using analysis::Calibration;       // calibrate()
using analysis::CompareResult;     // compare()
using analysis::DiscoverResult;    // discover()
using analysis::RollingResult;     // rolling_backtest()
using analysis::NeededPath;        // paths_needed()
using analysis::RunResult;         // run(): targets, probabilities, bands, provenance, warnings
using analysis::SensitivityReport; // sensitivity()
using analysis::SolveResult;       // solve()
using analysis::SweepResult;       // sweep()
using report::Format;              // table | json | csv | md | html
using report::Lang;                // en | zh

/// An option out of range: `field` is the option's name in its Options
/// struct ("paths", "samples"), `value` as given, `rule` what it must be.
/// what() reads "paths = 0: must be at least 1" (without " = VALUE" when
/// nothing was given: value ""). Front ends spell the field
/// their way (the command line as --paths, Python as paths=); `rule` may
/// name other options with option_ref (common/error.hpp), rendered alike.
struct OptionError : std::invalid_argument {
  OptionError(std::string field, std::string value, std::string rule);
  std::string field, value, rule;
};

// ---- the scenario -----------------------------------------------------------------

struct LoadOptions {
  /// Overrides applied in order after `extends` is followed, as `goalpath run
  /// --set`: "NAME=VALUE" moves a parameter's (or a shock's) value,
  /// "NAME.sd=VALUE" its standard deviation (SCENARIO_FORMAT.md).
  std::vector<std::string> set;
};

/// Where a result's numbers come from: every file of the extends chain with
/// the SHA-256 of its bytes (the named file first), and the SHA-256 of the
/// merged scenario (editing a parent changes both).
struct Provenance {
  std::string file;                                          // as named to Scenario::load ("" for text)
  std::string sha256;                                        // of that file's bytes
  std::vector<std::pair<std::string, std::string>> files;   // (file, sha256), the extends chain
  std::string merged_sha256;
  /// The overrides applied after the files were merged (LoadOptions::set,
  /// then each with_set's), in order: not in the hashes.
  std::vector<std::string> set;
};

/// A scenario loaded, checked, overridden and compiled: ready to run. Cheap
/// to copy (the compiled model is shared) and immutable.
class Scenario {
 public:
  /// Reads `path`, follows `extends`, applies options.set and compiles.
  /// InputError (with file, line and column) for anything wrong.
  static Scenario load(const std::string& path, const LoadOptions& options = {});
  /// The same from YAML text; `name` stands for the file in error positions
  /// and `extends` is resolved relative to the current directory.
  static Scenario parse(const std::string& yaml, const std::string& name = "<text>", const LoadOptions& options = {});

  /// This scenario with more overrides applied (LoadOptions::set's rules,
  /// after those it was loaded with), reading no file: what a what-if tool
  /// calls each time an assumption moves. Provenance is this scenario's,
  /// with `set` appended to Provenance::set.
  /// InputError (position "--set") for an unknown name or a value the
  /// format refuses, exactly as load would give it.
  Scenario with_set(const std::vector<std::string>& set) const;

  const model::Model& model() const { return *model_; }
  /// The merged scenario with the overrides applied (what was compiled).
  const scenario::ScenarioSpec& spec() const { return model_->spec; }
  const Provenance& provenance() const { return *provenance_; }
  /// Names of the parameters, in file order, and of those with an `uncertainty:`.
  std::vector<std::string> parameter_names() const;
  std::vector<std::string> uncertain_parameter_names() const;
  std::vector<std::string> target_ids() const;
  std::vector<std::string> indicator_names() const;
  /// Years from the base year to the last, one per indicator value.
  std::vector<int> years() const;

 struct Parts {  // what load and parse build
    std::shared_ptr<const model::Model> model;
    std::shared_ptr<const Provenance> provenance;
  };

 private:
  explicit Scenario(Parts parts) : model_(std::move(parts.model)), provenance_(std::move(parts.provenance)) {}
  std::shared_ptr<const model::Model> model_;
  std::shared_ptr<const Provenance> provenance_;
};

/// What `goalpath check` reports of a scenario: a summary of the compiled
/// model (years, counts, extends chain, evaluation order, targets, notes)
/// and its warnings (the model's, and thresholds that look like a unit
/// mistake on the deterministic projection).
struct CheckResult {
  std::string file;                   // as named to Scenario::load
  std::string summary;                // the lines `goalpath check` prints
  std::vector<std::string> warnings;  // one sentence each
};
CheckResult check(const Scenario& scenario);

// ---- options every simulating study shares ---------------------------------------

/// How a study simulates. None of these changes a result except paths and
/// seed (and a refusal by a limit).
struct ExecutionOptions {
  /// Monte Carlo paths; absent: the scenario's simulation.paths, else the
  /// study's default (run: 100000).
  std::optional<std::int64_t> paths;
  /// Random seed, 0 to 2^53; absent: the scenario's simulation.seed, else 1.
  std::optional<std::uint64_t> seed;
  int threads = 0;         // worker threads; 0: every core
  int block_size = 1024;   // paths evaluated together
  /// Refuse (sim::ResourceLimit) a study projected to take longer; 0: no limit.
  double max_seconds = 0;
  /// Refuse a study whose working memory would be larger; 0: no limit.
  std::int64_t max_memory_bytes = 0;
  /// Called now and then with the fraction done, from the calling thread.
  std::function<void(double)> progress;
  /// When it becomes true the study stops and throws sim::Cancelled.
  const std::atomic<bool>* cancel = nullptr;
  /// The processes the study is spread over (an MPI job: engine/mpi/, or
  /// any sim::Cluster); nullptr: this process alone. Every process calls
  /// the same study with the same options and gets the same result, the
  /// one a single process gets, to the last digit; `threads` is per process.
  const sim::Cluster* cluster = nullptr;
  /// Recorded in the result's provenance ("" from a program).
  std::string command_line;

  /// "" or "FIELD = VALUE: RULE" for the first field out of range. Each
  /// study's Options adds its own rules; the study throws problem().
  std::string validate() const;
  std::optional<OptionError> problem() const;
};

/// The simulation options a study of `scenario` runs with: paths and seed
/// resolved (`default_paths` when neither the options nor the scenario
/// give paths). OptionError for a field out of range.
sim::SimulationOptions simulation_options(const Scenario& scenario, const ExecutionOptions& options,
                                          std::int64_t default_paths = 100000);

// ---- run ------------------------------------------------------------------------

struct RunOptions : ExecutionOptions {
  /// No Monte Carlo: parameters at their value, shocks 0.
  bool deterministic = false;
  /// The indicator every target's signposts read (TargetResult::signposts);
  /// "": each target's own (a target on an expression then has none).
  std::string via;
  /// Signposts (from the first analysis::kSignpostPaths paths, about a
  /// third of the time of a 50000-path run): false leaves every target's
  /// `signposts` empty, as a benchmark of the probabilities alone wants.
  bool signposts = true;
  /// Precision on demand: > 0 chooses the paths (instead of `paths`) so that
  /// every target's probability has a standard error at or below this
  /// (paths_for_precision). 0: the paths as given.
  double max_standard_error = 0;
};

/// The paths a run needs for every target's standard error to be at most
/// `max_standard_error`, found sequentially: counts-only runs of
/// kPrecisionStep paths, then of as many as the worst target's estimate asks
/// (rounded up to a multiple of kPrecisionStep), until the bound holds. The
/// error is judged cautiously, with p taken half a path towards 1/2
/// ((met + 1/2) / (counted + 1)): never below the reported sqrt(p(1-p)/n), so
/// that 0 of 10,000 does not claim an error of 0. Path p's draws depend on
/// (seed, p) alone, so the answer is deterministic for a seed, and a run with
/// the last count is `run` with those paths to the last digit. Returns every
/// count tried, the chosen one last.
inline constexpr std::int64_t kPrecisionStep = 10000;
std::vector<std::int64_t> paths_for_precision(const Scenario& scenario, const RunOptions& options);

/// Every target's verdict and probability, every indicator's path and bands
/// (`goalpath run`). The same result as the command line's, to the last digit.
RunResult run(const Scenario& scenario, const RunOptions& options = {});

/// Shards: one run as independent processes that never talk (the array jobs
/// of a cluster without MPI), merged afterwards into the run's result, to
/// the last digit (sim::run_monte_carlo_shard says how the exact quantiles
/// survive the split). What a shard file says of the run it belongs to:
struct ShardInfo {
  int index = 0, count = 1;
  std::string engine_version;
  std::string scenario_file;           // as the shard named it
  std::string merged_sha256;           // of the merged scenario it ran
  std::vector<std::string> set;        // the overrides applied (Provenance::set): load it with them
  RunOptions options;                  // paths and seed resolved; via, signposts, threads, block_size, command_line
};
/// Shard `index` of `count` of run(scenario, options) (`goalpath run --shard
/// I/N --out PART`): its share of the paths as the bytes of a part file,
/// goalpath.shard/1: one line of JSON (ShardInfo), then its counts and kept
/// values (binary). OptionError for an index out of range, for precision
/// (choose the paths) and for a deterministic run (nothing to split).
std::string run_shard(const Scenario& scenario, const RunOptions& options, int index, int count);
/// A part's ShardInfo; InputError (at `name`) when it is not a shard file.
ShardInfo read_shard_info(const std::string& part, const std::string& name);
/// run(scenario, options) from the parts of every shard of it, in any order
/// (`goalpath merge`): the same result to the last digit, with
/// settings.processes the number of shards. InputError (at the part's name)
/// when a part is not a shard of this scenario (its merged SHA-256 and
/// overrides) and these options, or a shard is missing or given twice.
RunResult merge_shards(const Scenario& scenario, const RunOptions& options, const std::vector<std::string>& parts,
                       const std::vector<std::string>& names);

/// Per-path values of one indicator in one year: the `paths` values a run
/// with these options draws (path p's value at index p), NaN where the
/// value is not a number. For histograms and statistics of one's own.
/// InputError for an unknown indicator or a year outside the scenario's.
std::vector<double> sample_indicator(const Scenario& scenario, const std::string& indicator, int year,
                                     const ExecutionOptions& options = {});

/// The model as a function of its parameters, for SALib, the EMA Workbench
/// or a design of one's own: row r of `values` (N x D, row-major:
/// values[r * D + d]) sets parameter `columns[d]` to that value; every
/// other parameter stays at its value. Without shocks (the default) a row
/// is the deterministic projection there, exactly what `goalpath run
/// --deterministic --set NAME=VALUE ...` measures; with_shocks gives row r
/// the yearly shocks of Monte Carlo path r of the seed. InputError for an
/// unknown column name or a value that is not a finite number.
struct EvaluateOptions : ExecutionOptions {
  std::vector<std::string> columns;  // parameter names; empty: the uncertain parameters, in file order
  bool with_shocks = false;
};
struct Evaluation {
  std::vector<std::string> columns;  // the parameters, as used
  std::vector<std::string> targets;  // target ids, in the scenario's order
  std::int64_t rows = 0;
  std::vector<double> value;         // rows x targets, row-major: what each target measures
  std::vector<std::uint8_t> met;     // rows x targets: 1 met, 0 not (a NaN value is not met)
};
Evaluation evaluate(const Scenario& scenario, const std::vector<double>& values, const EvaluateOptions& options = {});

// ---- what-if studies -----------------------------------------------------------------

struct SweepOptions : ExecutionOptions {
  std::vector<std::string> sweeps;           // ids of the scenario's `sweeps:`, their axes first
  std::vector<std::string> grid;             // axes: "NAME=FROM:TO:STEP" or "NAME=v1,v2,..."
  bool fix = false;                          // fix the swept parameters (default: set their centre)
  bool deterministic = false;                // values only
};
SweepResult sweep(const Scenario& scenario, const SweepOptions& options);

struct SensitivityOptions : ExecutionOptions {
  analysis::SensitivityMethod method = analysis::SensitivityMethod::tornado;
  analysis::Metric metric = analysis::Metric::value;
  std::vector<std::string> targets;  // ids; empty: every target
  std::int64_t samples = 0;          // 0: the method's default (analysis/sensitivity.hpp)
  int levels = 4;                    // Morris grid levels, even
  int bootstrap = 200;               // Sobol bootstrap resamples
  bool with_shocks = false;
  bool include_fixed = false;        // tornado: also move the certain parameters (value ± 10%)
  std::string validate() const {
    auto p = problem();
    return p ? p->what() : "";
  }
  std::optional<OptionError> problem() const;
};
SensitivityReport sensitivity(const Scenario& scenario, const SensitivityOptions& options);
/// The names front ends accept: "tornado", "morris", "sobol", "shapley";
/// "value", "met". nullopt for anything else.
using analysis::metric_from_string;
using analysis::sensitivity_method_from_string;

struct SolveOptions : ExecutionOptions {
  std::string target, param;
  std::optional<std::pair<double, double>> within;  // search interval; absent: bounds or plausible range
  std::optional<double> probability;                // also the centre at which P(met) is this, in (0, 1)
  std::string validate() const {
    auto p = problem();
    return p ? p->what() : "";
  }
  std::optional<OptionError> problem() const;
};
SolveResult solve(const Scenario& scenario, const SolveOptions& options);
/// The yearly path each target needs from the base year (ids; empty: all),
/// with the study's provenance (`goalpath solve --paths-needed`).
using PathsNeededResult = report::PathsNeededReport;
PathsNeededResult paths_needed(const Scenario& scenario, const std::vector<std::string>& targets = {},
                               const std::string& command_line = "");

struct DiscoverOptions : ExecutionOptions {
  std::string target = "all";  // an id, or "all": every target met at once
  std::int64_t samples = analysis::kDefaultDiscoverSamples;
  bool with_shocks = false;
  bool failure = false;        // find where failure concentrates
  analysis::PrimOptions prim;
  std::string validate() const {
    auto p = problem();
    return p ? p->what() : "";
  }
  std::optional<OptionError> problem() const;
};
DiscoverResult discover(const Scenario& scenario, const DiscoverOptions& options);

// ---- history -------------------------------------------------------------------------

struct BacktestOptions : ExecutionOptions {
  int from_year = 0;           // restart the projection in this year from the history
  bool deterministic = false;
  std::string validate() const {
    auto p = problem();
    return p ? p->what() : "";
  }
  std::optional<OptionError> problem() const;
};
/// Default paths of a backtest (when neither the options nor the scenario
/// give them): a handful of observed points against bands needs fewer.
inline constexpr std::int64_t kDefaultBacktestPaths = 20000;
BacktestResult backtest(const Scenario& scenario, const BacktestOptions& options);

/// `goalpath backtest --rolling`: the scenario's rules restarted in every
/// year from the first year of any indicator's history to the year before
/// the last (within first_origin..last_origin when set), each projected up
/// to max_horizon years ahead, and the forecast errors pooled by horizon
/// over every indicator with history (analysis/rolling.hpp): coverage of
/// the 50% and 90% bands with exact binomial p-values, PIT histograms, bias
/// and RMSE of the log errors, and every point. An origin the planner
/// refuses (plan_backtest's InputError) is skipped and listed with the
/// reason; none usable: InputError `no-origin`. Monte Carlo only, every
/// origin with the same seed; paths default to kDefaultBacktestPaths, and
/// every path of the compared indicator-years is kept while an origin is
/// read (8 bytes per path and point).
struct RollingBacktestOptions : ExecutionOptions {
  int first_origin = 0;  // earliest origin; 0: the history's first year
  int last_origin = 0;   // latest origin; 0: the year before the history's last
  int max_horizon = 0;   // years ahead compared; 0: as far as the history goes
  std::string validate() const {
    auto p = problem();
    return p ? p->what() : "";
  }
  std::optional<OptionError> problem() const;
};
RollingResult rolling_backtest(const Scenario& scenario, const RollingBacktestOptions& options);

/// `goalpath track`: the run's paths weighed by the observations after the
/// base year (the indicators' history there, inline or from history files):
/// every target's probability before and after, where each observation fell
/// in the projection made before it, which observations moved each target
/// most, the parameters' posteriors and the signposts of the reviews to come
/// (analysis/track.hpp). Every path is kept in memory while it is read:
/// 8 bytes per path for each indicator-year, target and parameter.
struct TrackOptions : ExecutionOptions {
  /// Signposts on this indicator instead of each target's own.
  std::string via;
};
using analysis::TrackResult;
TrackResult track(const Scenario& scenario, const TrackOptions& options = {});

struct CalibrateOptions {
  std::string indicator;
  std::optional<int> from_year, to_year;  // absent: the first and last year of its history
  std::string validate() const {
    auto p = problem();
    return p ? p->what() : "";
  }
  std::optional<OptionError> problem() const;
};
Calibration calibrate(const Scenario& scenario, const CalibrateOptions& options);

/// `goalpath calibrate --bands`: every shock's sd estimated from the
/// forecast errors of the scenario's own method, restarted at every origin
/// its history allows (analysis/calibrate_bands.hpp: maximum likelihood on
/// the errors of successive observed years, each scaled by the variance the
/// model gives its horizon), and the rolling evaluation's coverage with the
/// shocks as given (`before`) and as estimated (`after`). `calibrated` is the
/// scenario with the new shocks; render(…, Format::table, extends) writes
/// it as a variant. Paths default to kDefaultBacktestPaths.
/// The rolling evaluation's options and rules, except that max_horizon 0
/// means the scenario's own horizon (last year - base year), the horizons
/// its targets are read at.
struct BandsCalibrationOptions : RollingBacktestOptions {};
using analysis::BandsCalibration;
BandsCalibration calibrate_bands(const Scenario& scenario, const BandsCalibrationOptions& options);

// ---- plan A against plan B -------------------------------------------------------

struct CompareOptions : RunOptions {};
/// One side of a comparison: a scenario to run, or a result read back from
/// a report (read_run_report).
using CompareSide = std::variant<Scenario, RunResult>;
/// Runs the scenario sides with one seed and one path count (common random
/// numbers: a difference comes from the assumptions, not the noise) and
/// compares. The seed and paths are the options', else a report side's,
/// else the first scenario's.
CompareResult compare(const CompareSide& a, const CompareSide& b, const CompareOptions& options = {});
/// Compares two results however obtained (run, or read back from report JSON).
CompareResult compare(RunResult a, RunResult b, std::string a_kind = "scenario", std::string b_kind = "scenario");
/// A `goalpath.report/1` JSON file read back (compare a report with a scenario).
RunResult read_run_report(const std::string& path);

// ---- the director's brief ----------------------------------------------------------

/// `goalpath brief`: one page a director reads top to bottom (CLI.md). The
/// scenario's run (each target's probability, status and signposts), what
/// drives each target (a tornado of its measured value: every uncertain
/// parameter at its 10th and 90th percentile, shocks 0), how far to trust
/// the bands (the scenario's calibration), each variant run with the same
/// seed and paths (common random numbers, as compare), and every
/// assumption. The run's numbers are run()'s with the same options, to the
/// last digit.
struct BriefOptions : RunOptions {
  /// Tornado bars kept per target, largest swing first; 0 keeps every one.
  int max_drivers = 8;
  std::string validate() const {
    auto p = problem();
    return p ? p->what() : "";
  }
  std::optional<OptionError> problem() const;
};
using analysis::BriefResult;
/// `variants` are run with the scenario's seed and paths (the options',
/// else the scenario's); `variant_files` names them as the page shows them
/// (default: each variant's file as loaded). OptionError for an option out
/// of range (a brief states probabilities: deterministic and signposts off
/// are refused).
BriefResult brief(const Scenario& scenario, const std::vector<Scenario>& variants, const BriefOptions& options = {});

// ---- reports ---------------------------------------------------------------------

/// A result rendered as the command line writes it (REPORT_JSON.md, CLI.md).
/// color: ANSI colours in a table (for a terminal).
/// lang: the language of table, md and html (report/language.hpp); unset:
///   the scenario's `language:`, else `locale` when it is Chinese, else English.
/// locale: the reader's locale name ("zh_CN.UTF-8"), "" for none.
/// csv_byte_order_mark: CSV starts with EF BB BF, which Excel needs to read
///   UTF-8 (Chinese labels) rather than the desktop's code page.
struct RenderOptions {
  bool color = false;
  std::optional<report::Lang> lang;
  std::string locale;
  bool csv_byte_order_mark = true;
};
std::string render(const RunResult& result, Format format, const RenderOptions& options = {});
std::string render(const SweepResult& result, Format format, const RenderOptions& options = {});
std::string render(const SensitivityReport& result, Format format, const RenderOptions& options = {});
std::string render(const SolveResult& result, Format format, const RenderOptions& options = {});
std::string render(const DiscoverResult& result, Format format, const RenderOptions& options = {});
std::string render(const BacktestResult& result, Format format, const RenderOptions& options = {});
std::string render(const RollingResult& result, Format format, const RenderOptions& options = {});
std::string render(const TrackResult& result, Format format, const RenderOptions& options = {});
std::string render(const CompareResult& result, Format format, const RenderOptions& options = {});
std::string render(const PathsNeededResult& result, Format format, const RenderOptions& options = {});
/// html: the page (report/build/brief.cpp); json: goalpath.brief/1; table,
/// md: the same document as text.
std::string render(const BriefResult& result, Format format, const RenderOptions& options = {});
/// table: the YAML to paste into a scenario; json: the numbers; md, html: the estimate for people.
std::string render(const Calibration& result, Format format, const RenderOptions& options = {});
/// table: the variant scenario, `extends:` naming `extends` (the scenario's
/// path as seen from where the variant is written; default its file as
/// loaded); json: the numbers (goalpath.bands/1); md, html: the study for people.
std::string render(const BandsCalibration& result, Format format, const std::string& extends = "",
                   const RenderOptions& options = {});
/// table only: the summary (the warnings are the caller's to show).
std::string render(const CheckResult& result, Format format);

}  // namespace goalpath

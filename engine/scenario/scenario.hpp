// Scenario files (SCENARIO_FORMAT.md) as plain data.
//
// load_scenario reads a YAML file, follows `extends`, checks every key and
// every value's type and range, and returns a ScenarioSpec in which every
// item remembers where it was written (file:line:col). It does not resolve
// names or expressions: that is model/'s job, and model/ uses the positions
// kept here to point at the offending text.
//
// All problems are InputError (common/error.hpp) with a stable code:
//   yaml-syntax, unknown-key, missing-key, wrong-type, bad-value, bad-years,
//   duplicate-id, two-rules, no-rule, path-gap, extends-cycle, extends-depth,
//   file-not-found, too-large, csv-syntax, history-conflict.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/error.hpp"

namespace goalpath::scenario {

/// An expression as written, with the position of its first character.
/// Numbers are expressions too ("39000").
struct ExprText {
  std::string text;
  SourcePos pos;
};

/// `uncertainty:` of a parameter. Fields not given stay empty; which are
/// required depends on `dist` and is checked here.
struct UncertaintySpec {
  std::string dist;  // normal | lognormal | uniform | triangular
  std::optional<double> sd, low, high;
  std::optional<double> lower_bound, upper_bound;  // from `bounds: [lo, hi]`
  SourcePos pos;
};

struct ParameterSpec {
  std::string name;
  SourcePos pos;  // of the name
  double value = 0.0;
  std::optional<UncertaintySpec> uncertainty;
  std::string label, unit;  // for people (what-if sliders); "" when not given
  std::string source;
};

struct ShockSpec {
  std::string name;
  SourcePos pos;
  double sd = 0.0;
  double ar = 0.0;  // AR(1) coefficient in (-1, 1); 0 = iid
  std::string source;
};

struct CorrelationSpec {
  std::string a, b;
  double rho = 0.0;
  SourcePos pos, a_pos, b_pos;
};

enum class RuleKind { growth, change, value, path };
const char* to_string(RuleKind kind);

struct IndicatorSpec {
  std::string name;
  SourcePos pos;
  std::string label, unit, source;
  std::optional<ExprText> base;  // absent: from history, or from the value rule
  RuleKind rule = RuleKind::value;
  ExprText rule_expr;            // growth, change, value
  std::map<int, double> path;    // path: year -> value
  SourcePos rule_pos;
  std::map<int, double> history; // observed values
  SourcePos history_pos;
  /// Where a history value came from when not written inline: "FILE:LINE"
  /// of the history file's row (and its source columns, if any).
  std::map<int, std::string> history_source;
  /// The error of an observed value after the base year (tracking): in the
  /// indicator's unit, or relative to the observed value. Absent: the
  /// default, 1% of the observed value.
  std::optional<double> observation_sd;
  bool observation_sd_relative = false;
  SourcePos observation_sd_pos;
};

enum class TargetKind { level, every_year, cagr };
const char* to_string(TargetKind kind);

struct TargetSpec {
  std::string id;
  SourcePos pos;
  std::string label, source;
  std::string indicator;            // either indicator ...
  std::optional<ExprText> expr;     // ... or expr
  SourcePos subject_pos;
  TargetKind kind = TargetKind::level;
  int first_year = 0, last_year = 0;  // level: both the year
  bool at_least = true;               // false: at_most
  double threshold = 0.0;
};

struct SweepAxisSpec {
  std::string name;
  SourcePos pos;
  std::vector<double> values;
};

struct SweepSpec {
  std::string id;
  SourcePos pos;
  std::vector<SweepAxisSpec> axes;
};

/// `calibration:` — how the shocks' sizes were checked against history
/// (SCENARIO_FORMAT.md; `goalpath calibrate --bands` writes it). Reports
/// state it beside every probability. A variant inherits it only while its
/// shocks are the parent's (load.cpp): other shock sizes, other bands.
struct CalibrationSpec {
  std::string method;          // how the shock sizes were estimated, in words
  std::int64_t errors = 0;     // forecast errors the shock sizes were estimated from
  std::int64_t points = 0;     // forecast points of the backtest that checked the bands
  double coverage_50 = 0.0;    // share of those points inside the 50% band
  double coverage_90 = 0.0;    // ... inside the 90% band
  SourcePos pos;
};

struct ScenarioSpec {
  std::string id, title, description;
  /// The language its reports default to: "zh", "en" or "" (not declared:
  /// the reader's locale decides).
  std::string language;
  std::string file;                 // the file given to load_scenario
  std::vector<std::string> files;   // it and every file it extends, child first
  /// The merged scenario (every file of the extends chain) as canonical
  /// JSON: keys in file order, every value as text, no positions. Its hash
  /// identifies what was run, whichever file changed.
  std::string canonical_text;
  bool title_inherited = false, description_inherited = false;  // from a file it extends
  std::vector<std::string> notes;     // what merging did (correlations by pair), for `check`
  std::vector<std::string> warnings;  // legal but probably not meant (an inherited title); reports show them
  int base_year = 0, last_year = 0;
  SourcePos years_pos;
  std::optional<std::int64_t> paths;   // simulation.paths
  std::optional<std::uint64_t> seed;   // simulation.seed
  std::vector<ParameterSpec> parameters;  // in file order
  std::vector<ShockSpec> shocks;
  std::vector<CorrelationSpec> correlations;
  std::vector<IndicatorSpec> indicators;
  std::vector<TargetSpec> targets;
  std::vector<SweepSpec> sweeps;
  double on_track = 0.8, at_risk = 0.5;  // status cut-offs
  std::optional<CalibrationSpec> calibration;  // absent: the bands are the scenario's assumptions

  const ParameterSpec* find_parameter(const std::string& name) const;
  ParameterSpec* find_parameter(const std::string& name);
  const IndicatorSpec* find_indicator(const std::string& name) const;
};

/// Limits on what a file may ask for (hostile or mistaken input).
/// The largest seed, in simulation.seed and on the command line alike: JSON
/// reports carry the seed as a number, and JSON readers (and YAML's numbers,
/// read as doubles) hold whole numbers exactly only up to 2^53.
inline constexpr std::uint64_t kMaxSeed = std::uint64_t{1} << 53;
/// The most Monte Carlo paths, in simulation.paths and --paths alike.
inline constexpr std::int64_t kMaxPaths = 1000000000000;

struct LoadLimits {
  // 1 MiB of YAML (the largest bundled scenario is 23 KB): yaml-cpp builds
  // its whole tree before the node budget can be checked, at about 300 bytes
  // of memory per byte of a flat list, so 4 MiB took a gigabyte.
  std::size_t max_file_bytes = 1u << 20;
  std::size_t max_nodes = 200000;          // after alias expansion ("billion laughs")
  std::size_t max_text_bytes = 64u << 20;  // text of all values and keys, after alias expansion
  int max_depth = 32;                      // nesting of YAML collections
  int max_extends = 16;                    // length of an extends chain
  int max_years = 200;
  // A history file (history_files:) is read whole; a spreadsheet's export
  // of decades of yearly series is kilobytes.
  std::size_t max_history_file_bytes = 16u << 20;
  std::size_t max_indicators = 5000;
  // Parameters and shocks are each a row and a column of a dense correlation
  // matrix (model/), factored in O(n^3) time.
  std::size_t max_parameters = 1000;
  std::size_t max_shocks = 1000;
};

/// Reads, merges (`extends`) and checks a scenario file.
ScenarioSpec load_scenario(const std::string& path, const LoadLimits& limits = {});

/// The same from text in memory (tests); `file` names it in errors and
/// anchors relative `extends` paths.
ScenarioSpec load_scenario_text(const std::string& text, const std::string& file,
                                const LoadLimits& limits = {});

/// "Set a parameter" (docs/SCENARIO_FORMAT.md, "Setting and fixing a
/// parameter"): moves its centre to `value` and keeps its uncertainty. A
/// normal or lognormal gets value = `value` (its mean or median; sd kept);
/// a uniform or triangular moves low, value and high by the same amount, so
/// its width and shape are kept; bounds stay where they are. InputError at
/// `at` (code bad-value) when the result breaks a rule of the format: a value
/// outside the bounds, a lognormal value <= 0, a range left outside the bounds.
void set_parameter_centre(ParameterSpec& parameter, double value, const SourcePos& at);

/// Applies one `--set` assignment: `NAME=VALUE` sets a parameter's value
/// (set_parameter_centre);
/// `NAME.FIELD=VALUE` sets sd, low, high of its uncertainty (or sd, ar of a
/// shock). Errors name the option (position "--set") with a did-you-mean.
/// A shock's sd or ar set to another value drops `calibration` (it checked
/// other bands) with a warning, as a variant restating it does.
void apply_override(ScenarioSpec& spec, const std::string& assignment);

}  // namespace goalpath::scenario

// A scenario compiled for evaluation: names resolved to slots, expressions
// compiled to programs, indicators sorted so that each year can be computed
// in one pass, correlations factored. Built once per run; immutable and
// shared by every worker thread.
//
// Errors (InputError, positions from the scenario file): unknown-name (with a
// did-you-mean), duplicate-id (a name used twice across indicators,
// parameters and shocks), cycle (prints it: a -> b -> a), bad-correlation
// (names that are not uncertain parameters or shocks, a parameter paired with
// a shock, a matrix that is not positive semi-definite), unused-name (a
// parameter or shock of a variant that no expression uses), plus whatever the
// expression parser reports (syntax, unknown-function, arity, ...).
#pragma once

#include <Eigen/Core>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "expr/expr.hpp"
#include "sample/sample.hpp"
#include "scenario/scenario.hpp"

namespace goalpath::model {

/// Where each variable lives in the evaluator's slot table (one array of
/// paths per slot). Indicators have three slots: this year, last year and the
/// base year; `year` and `t` are slots holding the calendar year and the
/// years since the base year.
struct SlotLayout {
  int parameters = 0, shocks = 0, indicators = 0;
  int parameter(int i) const { return i; }
  int shock(int i) const { return parameters + i; }
  int current(int i) const { return parameters + shocks + i; }
  int previous(int i) const { return parameters + shocks + indicators + i; }
  int base(int i) const { return parameters + shocks + 2 * indicators + i; }
  int year() const { return parameters + shocks + 3 * indicators; }
  int t() const { return year() + 1; }
  int count() const { return t() + 1; }
};

struct Parameter {
  std::string name, source;
  SourcePos pos;
  double value = 0.0;          // deterministic value
  sample::Marginal marginal;   // dist == fixed when it has no uncertainty
  std::string label, unit;     // ParameterSpec's: for people, "" when not given
  bool uncertain() const { return marginal.dist != sample::Distribution::fixed; }
};

struct Shock {
  std::string name, source;
  SourcePos pos;
  double sd = 0.0, ar = 0.0;
};

struct Indicator {
  std::string name, label, unit, source;
  SourcePos pos;
  scenario::RuleKind rule = scenario::RuleKind::value;
  expr::Program base_program;    // evaluated in the base year
  expr::Program rule_program;    // growth, change, value: evaluated in each later year
  std::vector<double> path;      // path rule: value per year index (index 0 unused)
  std::map<int, double> history; // observed values by calendar year
};

/// The observation error an indicator gets when it states none: 1% of the
/// observed value (a published figure rounded to three digits, plus room for
/// a first release to be revised).
inline constexpr double kDefaultObservationRelativeSd = 0.01;

/// An observed value of an indicator in a year after the base year: evidence
/// that tracking weighs each path by (analysis/track.hpp). The path keeps its
/// own value; the observation says how likely that value made what was seen:
/// value ~ Normal(path's value, sd^2).
struct Observation {
  int indicator = 0;   // index into Model::indicators
  int year = 0;        // calendar year, after the base year, at most the last year
  double value = 0.0;
  double sd = 0.0;     // in the indicator's unit, > 0
  std::string source;  // "history" (inline) or the history file's FILE:LINE
  SourcePos pos;
};

/// Whether `measured` meets a bound: at least (or at most) `threshold`,
/// equality included. NaN meets nothing. Target::met and analysis::TargetAsk
/// both ask this one function.
inline bool meets_bound(bool at_least, double threshold, double measured) {
  return at_least ? measured >= threshold : measured <= threshold;
}

struct Target {
  std::string id, label, source;
  SourcePos pos;
  scenario::TargetKind kind = scenario::TargetKind::level;
  int first_year = 0, last_year = 0;  // calendar years
  bool at_least = true;
  double threshold = 0.0;
  int indicator = -1;                  // the measured indicator, or -1 with `expr`
  std::optional<expr::Program> expr;   // evaluated in the target's years
  std::string subject;                 // indicator name or expression text, for reports
  std::string unit;

  /// The one rule every study counts by (run, sweep, solve, discover,
  /// sensitivity, evaluate; the Monte Carlo driver's vectorised count is the
  /// same comparison). A value meets the bound when it is on the bound's side,
  /// equality included; ±inf are ordered values that meet or miss like any
  /// large number; NaN is not a number: it neither meets nor misses and is
  /// left out of every probability (counts() is false).
  bool met(double measured) const { return meets_bound(at_least, threshold, measured); }
  static bool counts(double measured) { return !std::isnan(measured); }
};

struct Model {
  std::string id, title, description;
  std::string language;  // ScenarioSpec::language
  int base_year = 0, last_year = 0;
  int year_count() const { return last_year - base_year + 1; }  // base year included

  std::vector<Parameter> parameters;
  std::vector<Shock> shocks;
  std::vector<Indicator> indicators;
  std::vector<Target> targets;
  /// History values after the base year, by year then indicator.
  std::vector<Observation> observations;
  SlotLayout slots;

  std::vector<int> base_order;  // indicator evaluation order in the base year
  std::vector<int> step_order;  // ... in every later year

  /// Gaussian copula factors: correlated normals = factor * independent
  /// normals. Identity when nothing is correlated.
  Eigen::MatrixXd parameter_factor;  // parameters x parameters
  Eigen::MatrixXd shock_factor;      // shocks x shocks
  bool parameters_correlated = false, shocks_correlated = false;
  /// Added to the correlated normals of the parameters before their
  /// marginals: the conditional means left by fixing a correlated parameter
  /// (model/setting.hpp). Empty when nothing is fixed, so a scenario's own
  /// draws are untouched.
  Eigen::VectorXd parameter_shift;

  double on_track = 0.8, at_risk = 0.5;
  scenario::ScenarioSpec spec;  // what it was compiled from, for reports
  /// The loader's warnings (spec.warnings) and the compiler's (a parameter or
  /// shock no expression uses, in a standalone scenario); `check` and every
  /// report show them.
  std::vector<std::string> warnings;

  bool has_uncertainty() const;
  int find_parameter(const std::string& name) const;  // -1 when absent
  int find_indicator(const std::string& name) const;
  int find_target(const std::string& id) const;
  /// Names a user can refer to, for did-you-mean hints.
  std::vector<std::string> parameter_names() const;
  std::vector<std::string> target_ids() const;
};

/// Compiles a loaded scenario.
Model compile_model(const scenario::ScenarioSpec& spec);

/// sample::Marginal for a parameter spec (fixed when it has no uncertainty).
sample::Marginal marginal_of(const scenario::ParameterSpec& parameter);

}  // namespace goalpath::model

// What a director's brief (`goalpath brief`) needs, gathered from the
// analyses that compute it: the scenario's run (each target's probability,
// status and signposts), what drives each target (the tornado of the
// sensitivity analysis), how far to trust the bands (the scenario's
// `calibration:`), each variant's run on the same seed and paths with its
// change against the scenario (compare_runs), and every assumption
// (parameters, shocks, correlations, indicator sources).
//
// Nothing here simulates: the library's brief() runs the studies
// (goalpath/brief.cpp) and make_brief() puts their results together and
// derives what the page shows from them (the drivers kept, the changes
// against the scenario), so the report's builder only words and lays out.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "analysis/compare.hpp"
#include "analysis/run.hpp"
#include "analysis/sensitivity.hpp"
#include "model/model.hpp"

namespace goalpath::analysis {

/// The brief's own choices (the runs' are the library's RunOptions).
struct BriefOptions {
  /// Tornado bars kept per target, largest swing first; 0 keeps every one.
  int max_drivers = 8;
  /// "" or "FIELD = VALUE: RULE" for the first field out of range.
  std::string validate() const;
};

/// A yearly shock as the scenario gives it.
struct ShockAssumption {
  std::string name, source;
  double sd = 0, ar = 0;
};

/// One pair of the scenario's `correlations:` (parameters or shocks).
struct CorrelationAssumption {
  std::string a, b;
  double rho = 0;
  bool shocks = false;  // a pair of shocks (same year) rather than of parameters
};

/// Where an indicator's numbers come from.
struct IndicatorSource {
  std::string name, label, unit, source;
};

/// Every assumption a run rests on, in the scenario's order.
struct Assumptions {
  std::vector<ParameterSummary> parameters;  // value, distribution, 10th and 90th percentiles, source
  std::vector<ShockAssumption> shocks;
  std::vector<CorrelationAssumption> correlations;
  std::vector<IndicatorSource> indicators;
};
Assumptions assumptions_of(const model::Model& model);

/// What drives one target: its tornado (SensitivityResult, bars sorted by
/// swing, at most max_drivers of them), and how many bars were left out.
struct TargetDrivers {
  std::string target;          // id
  SensitivityResult tornado;   // value metric: the target's measured value at each parameter's 10th and 90th percentile
  std::size_t omitted = 0;     // bars beyond max_drivers
  /// The line the bars are read against: the target's threshold (its
  /// measured value meets the target on the bound's side of it).
  double threshold = 0;
};

/// A variant beside the scenario, run with the same seed and paths (common
/// random numbers): its run, and per target of the scenario the change
/// (variant minus scenario) from compare_runs.
struct BriefVariant {
  std::string file;                         // as named on the command line
  RunResult run;
  std::vector<TargetComparison> targets;    // compare_runs(scenario, variant).targets
  std::vector<std::string> notes;           // compare_runs' notes (different seeds, years...)
};

struct BriefResult {
  RunResult run;                          // the scenario's: `goalpath run` with the same seed and paths
  std::vector<TargetDrivers> drivers;     // one per target with a tornado, in the scenario's order
  std::string drivers_warning;            // the sensitivity analysis' warning for every target ("" when none)
  std::vector<BriefVariant> variants;     // in the order given
  Assumptions assumptions;
  /// The same seed and paths as every variant's (common random numbers).
  std::uint64_t seed = 0;
  std::int64_t paths = 0;
  /// The warnings the page states: the run's, each variant's (prefixed with
  /// its scenario id), and the runs' notes when they differ in years or seeds.
  std::vector<std::string> warnings;
  double seconds = 0;  // every study together
};

/// Puts a brief together from the studies' results (make_brief does no
/// simulation): drivers per target (largest swings first, at most
/// options.max_drivers kept), the variants' changes against `run`, every
/// assumption of `model` (the scenario that `run` ran) and the warnings.
BriefResult make_brief(const model::Model& model, RunResult run, const SensitivityReport& tornado,
                       std::vector<std::pair<std::string, RunResult>> variants, const BriefOptions& options = {});

}  // namespace goalpath::analysis

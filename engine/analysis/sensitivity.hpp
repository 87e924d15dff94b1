// Which assumption matters most: tornado, Morris, Sobol and Shapley analyses of a
// scenario (CLI.md, `goalpath sensitivity`). The estimators are the
// model-free ones of analysis/methods.hpp; this module turns a scenario into
// the batch function they analyse, each design point one row of parameters
// through sim::evaluate_points.
//
// Inputs. Tornado moves each uncertain parameter from its 10th to its 90th
// percentile, fixed there ("fix", model/setting.hpp): the parameters
// correlated with it move to their conditional medians given that value, the
// others stay at their values. Parameters without uncertainty (published
// facts) are left out unless include_fixed; then they move to value ± 10% of
// |value| (one at 0 has no such range and gets a swing of 0). Morris and Sobol
// vary the uncertain parameters; the fixed ones stay at their value.
// Correlations between parameters are not imposed by Morris and Sobol: their
// indices are defined for independent inputs, and each result's warning
// says so when the scenario has correlated parameters and points to Shapley.
// The tornado fixes each uncertain parameter at its 10th and 90th percentile
// and conditions the parameters correlated with it (model/setting.hpp).
//
// Shapley effects keep the scenario's Gaussian copula: the estimator works in
// the copula's normal space z ~ N(0, C) of the uncertain parameters (C from
// model.parameter_factor), draws X_{-u} | X_u there by
// sample::condition_copula, and maps each coordinate through its parameter's
// marginal (Marginal::from_standard_normal, as a Monte Carlo run does). The
// shares decompose the variance of the output under the scenario's own joint
// distribution, correlations included, and sum to 1. With shocks, the yearly
// shocks (all of them, every year) are one more input, independent of the
// parameters, reported as kShocksInputName: drawn, a point gets a fresh
// shock path; fixed, it keeps the path of the point it was fixed from.
//
// Unit coordinates. Sobol and Morris work in each parameter's quantile
// space: a coordinate u becomes marginal.quantile(q). For Sobol q = u (the
// design's points lie strictly inside (0, 1)), so the indices decompose the
// variance under the scenario's own distributions. Morris's grid includes 0
// and 1, where an unbounded distribution's quantile is infinite, so its
// levels map to q = 0.005 + 0.99 u (the 0.5% to 99.5% quantiles), and μ*,
// μ and σ are reported per unit of q: the change in output for moving a
// parameter across its whole distribution, so for a parameter uniform on
// [lo, hi] with output a·x, μ* = |a| (hi - lo).
//
// Shocks are 0 unless with_shocks. With shocks, points that an estimator
// compares share their yearly shocks (common random numbers), so the
// difference is the parameters' doing: Sobol's row j of A, B, A_B^i and
// B_A^i all get the shocks of path j; Morris's trajectory t gets those of
// path t at every step; a tornado setting is the mean value (metric value)
// or the share of paths meeting the target (metric met) over `samples`
// paths, the same paths at every setting.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "analysis/study.hpp"
#include "analysis/target.hpp"

namespace goalpath::analysis {

enum class SensitivityMethod { tornado, morris, sobol, shapley };
const char* to_string(SensitivityMethod method);
std::optional<SensitivityMethod> sensitivity_method_from_string(const std::string& text);

/// Defaults of `samples` per method: Sobol base samples N (rounded up to a
/// power of two; 4096 keeps the bootstrap half-widths of a ten-parameter
/// scenario near 0.02 at 90112 evaluations), Morris trajectories r, and the
/// paths per tornado setting with shocks.
inline constexpr std::int64_t kDefaultSobolSamples = 4096;
inline constexpr std::int64_t kDefaultMorrisTrajectories = 50;
inline constexpr std::int64_t kDefaultTornadoShockPaths = 2000;
/// Shapley: random permutations M (each costs D·3 model runs; 4000 keeps the
/// half-widths of a ten-parameter scenario's shares near 0.02).
inline constexpr std::int64_t kDefaultShapleyPermutations = 4000;

struct SensitivityOptions {
  SensitivityMethod method = SensitivityMethod::tornado;
  Metric metric = Metric::value;
  std::vector<std::string> targets;  // ids; empty: every target
  std::int64_t samples = 0;          // 0: the method's default (above)
  int morris_levels = 4;             // p, even
  int bootstrap_resamples = 200;     // Sobol intervals
  bool with_shocks = false;
  bool include_fixed = false;        // tornado: also move the parameters without uncertainty (value ± 10%)
  sim::SimulationOptions simulation;  // seed (designs, bootstrap, shocks), threads, block size, progress
};

/// The name of the Shapley input that stands for the yearly shocks
/// (--with-shocks); no parameter can be called so (names have no spaces).
inline constexpr const char* kShocksInputName = "yearly shocks";

/// One parameter's line; only the fields of the method that ran are set.
struct SensitivityParameter {
  std::string name;
  std::string distribution;  // e.g. "normal(sd=0.015)", "fixed"
  bool uncertain = false;
  // tornado: the settings tried, the output at each, |output_high - output_low|
  double low = 0, high = 0, output_low = 0, output_high = 0, swing = 0;
  // morris: per unit of quantile level (see the top of this file)
  double mu = 0, mu_star = 0, sigma = 0;
  // sobol: indices and their bootstrap half-widths
  double S1 = 0, S1_conf = 0, ST = 0, ST_conf = 0;
  // shapley: share of the output's variance (the shares sum to 1), 95% half-width, standard error
  double shapley = 0, shapley_conf = 0, shapley_se = 0;
};

struct SensitivityResult {
  std::string target, label, unit;  // unit: empty for metric met and cagr targets
  TargetAsk ask;
  /// Tornado: the output with every parameter at its value (the bars' axis).
  double baseline = 0;
  /// Sobol, Shapley: the output's variance over the design, in output units squared.
  double output_variance = 0;
  /// Sorted: tornado by swing, Morris by μ*, Sobol by ST, Shapley by share (largest first).
  std::vector<SensitivityParameter> parameters;
  /// Morris: the parameters without effect (μ* and σ both 0), in the order
  /// of `parameters`: every one of them, for a report to name in full.
  std::vector<std::string> no_effect;
  /// This target's warnings: the method's (Sobol: too few samples, no
  /// variation, non-finite rows) and non-finite outputs; sentences joined by
  /// "; ", empty when all is well. What concerns every target is in
  /// SensitivityReport::warning.
  std::string warning;
};

struct SensitivityReport {
  StudyInfo info;
  SensitivityMethod method = SensitivityMethod::tornado;
  Metric metric = Metric::value;
  std::int64_t samples = 0;      // as used: Sobol N, Morris r, Shapley permutations M, tornado paths per setting (0: no shocks)
  int levels = 0;                // Morris p
  bool with_shocks = false;
  std::int64_t evaluations = 0;  // model runs (paths) in all
  std::vector<SensitivityResult> results;  // one per target analysed, in the scenario's order
  std::string warning;  // for every target: correlations not imposed (Morris, Sobol); tornado of met without shocks
};

/// Runs the analysis for every requested target. All targets share one
/// evaluation of the design (evaluate_points returns every target's value
/// per point); each target then gets its own estimates. InputError for an
/// unknown target id (did-you-mean), samples out of range, odd or too few
/// Morris levels, or a method that has nothing to vary (no uncertain
/// parameter for Morris, Sobol and Shapley).
SensitivityReport run_sensitivity(const model::Model& model, const SensitivityOptions& options);

// ---- shared with discover ---------------------------------------------------------

/// Indices into model.parameters of the uncertain parameters, in file order.
std::vector<int> uncertain_parameters(const model::Model& model);

/// Parameter rows (n x P) for the points of a quantile design q (D x n, in
/// (0, 1)): every parameter at its value, then parameter columns[i] set to
/// marginal.quantile(q(i, j)) in row j.
Eigen::ArrayXXd parameters_at_quantiles(const model::Model& model, const std::vector<int>& columns,
                                        const Eigen::MatrixXd& q);

/// The sentence a Morris or Sobol result carries when the scenario correlates
/// parameters (it points to --method shapley, which keeps them).
std::string correlation_warning(const model::Model& model);

}  // namespace goalpath::analysis

// Band calibration (`goalpath calibrate SCENARIO --bands`, CLI.md): each
// shock's size estimated from the forecast errors the scenario's own method
// would have made, so that its bands cover what history did.
//
// The errors come from the rolling-origin evaluation (analysis/rolling.hpp).
// A shock is estimated from its own indicators: those whose rule is
// `growth:` naming that shock and no other. For each own indicator, the
// errors used are those of successive observed years: the restart in an
// observed year o, compared with the next observed year o + h (h > 1 across
// a gap). These intervals do not overlap, so the errors are independent
// under the model's random walk (apart from a shock's AR(1) persistence
// across an interval's edge), and each is scaled by the variance the model
// gives its own horizon: one scale for every horizon, pooled as in Knüppel
// (2014), "Efficient estimation of forecast uncertainty based on recent
// forecast errors". Overlapping origins would add no information about a
// random walk and would make the standard error look smaller than it is.
//
// The model: the log error e = log(deterministic / observed) of a point is
// Normal(0, a + s b), where
//   a = the variance of log(value) with every shock off (the parameters'
//       uncertainty), and
//   b = the variance the shocks add as the scenario gives them,
// both read from the paths of the rolling runs (with every shock scaled by 0
// and by 1; the log value is nearly linear in a growth shock). s = (sd /
// sd_given)^2 is estimated by maximum likelihood over the shock's errors,
// s >= 0, with its standard error from the Fisher information
// I(s) = 1/2 sum b^2 / (a + s b)^2, and sd = sd_given sqrt(s) with
// se(sd) = sd_given se(s) / (2 sqrt(s)). The errors are not centred: a
// projection that is biased widens the bands, as a forecaster's RMSE does
// (the Federal Reserve's fan charts); the bias is reported, and flagged when
// it exceeds twice its standard error, since a growth assumption is better
// corrected than covered.
//
// The persistence `ar` is kept as given: a handful of errors cannot tell it
// apart from the scale. A shock is kept as given, with the reason, when it has
// no own indicator, fewer than kMinBandErrors errors, or when s = 0 (its
// errors are no larger than the parameters' uncertainty alone explains).
//
// Every run uses the same seed and reads the paths in path order: the result
// does not depend on threads or block size.
#pragma once

#include <string>
#include <vector>

#include "analysis/rolling.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

namespace goalpath::analysis {

/// Fewer errors than this leave a shock as given.
constexpr int kMinBandErrors = 3;

/// One error used to estimate a shock.
struct BandError {
  std::string indicator;
  int origin = 0, year = 0;
  double log_error = 0;        // log(deterministic / observed)
  double variance_fixed = 0;   // a: with every shock off
  double variance_shocks = 0;  // b: what the shocks add, as given
};

struct ShockCalibration {
  std::string name;
  double sd_given = 0, ar = 0;
  std::vector<std::string> indicators;  // its own indicators with history
  std::vector<BandError> errors;
  bool calibrated = false;
  double sd = 0;           // the estimate (sd_given when not calibrated)
  double sd_se = 0;        // its standard error (0 when not calibrated)
  double scale = 1;        // sd / sd_given
  double bias_per_year = 0;  // sum of log errors / sum of horizons (> 0: projections above history)
  bool bias_flagged = false;
  std::string note;        // why kept, or the bias; "" when none
};

struct BandsSettings {
  RollingSettings rolling;
};

struct BandsCalibration {
  StudyInfo info;
  std::int64_t paths = 0;
  RollingResult before;                  // the scenario as given
  RollingResult after;                   // with the calibrated shocks
  std::vector<ShockCalibration> shocks;  // every shock, in file order
  int errors = 0;                        // errors behind the calibrated shocks
  scenario::ScenarioSpec calibrated;     // the scenario with the calibrated shocks
  std::vector<std::string> warnings;
};

/// Maximum-likelihood s >= 0 for errors e_i ~ Normal(0, a_i + s b_i), and
/// its standard error (NaN when s = 0). Exposed for the tests.
struct ScaleEstimate {
  double s = 0, se = 0;
};
ScaleEstimate estimate_variance_scale(const std::vector<BandError>& errors);

/// Runs the rolling evaluation with the shocks off and as given, estimates
/// every shock it can, and re-runs the evaluation with the estimates.
/// InputError `no-origin` as run_rolling.
BandsCalibration calibrate_bands(const scenario::ScenarioSpec& spec, const BandsSettings& settings,
                                 const sim::SimulationOptions& options);

}  // namespace goalpath::analysis

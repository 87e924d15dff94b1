// Model-free analysis methods: sensitivity indices, root finding and scenario
// discovery over any batch function. They know nothing of scenarios; the
// engine (analysis/sensitivity.cpp and friends) turns a scenario into a
// BatchFunction whose every column is one run of the compiled model.
//
// Convention: a design is a matrix with one point per column (dimension x n),
// the simulator's one-column-per-path layout, in the unit hypercube [0,1]^D
// unless said otherwise; the caller maps unit coordinates to parameter values
// through each parameter's quantile function.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace goalpath::analysis {

/// Evaluates the model at each column of `points` (D x n); returns n outputs.
using BatchFunction = std::function<Eigen::VectorXd(const Eigen::MatrixXd& points)>;

// ---- tornado ------------------------------------------------------------------

struct TornadoBar {
  int parameter = 0;          // index into the inputs
  double low = 0, high = 0;   // the input values tried
  double output_low = 0, output_high = 0;
  double swing = 0;           // |output_high - output_low|
};
/// One-at-a-time: each parameter moved to low[i] then high[i], the others at
/// center; points are in natural units (not the unit cube). Sorted by swing,
/// largest first (ties by index). 2D + 1 evaluations in one batch.
std::vector<TornadoBar> tornado(const BatchFunction& f, const Eigen::VectorXd& center,
                                const Eigen::VectorXd& low, const Eigen::VectorXd& high);

// ---- Morris elementary effects -------------------------------------------------

struct MorrisOptions {
  int trajectories = 20;  // r
  int levels = 4;         // p (even); step Δ = p / (2 (p - 1))
  std::uint64_t seed = 1;
};
struct MorrisIndex {
  double mu = 0, mu_star = 0, sigma = 0;  // per unit of the unit cube
};
/// Morris (1991) one-at-a-time trajectories on the grid {0, 1/(p-1), …, 1},
/// with Campolongo et al. (2007) μ*. r·(D+1) evaluations in one batch.
std::vector<MorrisIndex> morris(const BatchFunction& f, int dimension, const MorrisOptions& options);

// ---- Sobol indices (Saltelli design) ------------------------------------------

struct SobolOptions {
  std::int64_t base_samples = 1024;   // N; rounded up to a power of two
  int bootstrap_resamples = 200;
  double confidence = 0.95;
  std::uint64_t seed = 1;             // for the bootstrap
};
struct SobolIndex {
  double S1 = 0, S1_conf = 0, ST = 0, ST_conf = 0;  // conf: half-width of the interval
};
struct SobolResult {
  std::vector<SobolIndex> indices;
  std::int64_t evaluations = 0;   // N (2D + 2)
  double output_variance = 0;
  /// Set when the confidence intervals say N is too small (e.g. a half-width
  /// above 0.1, or S1 > ST by more than the intervals allow).
  std::string warning;
};
/// Saltelli's design on Sobol points of dimension 2D: matrices A, B, A_B^i and
/// B_A^i, N (2D + 2) evaluations; first-order by Saltelli (2010), total by
/// Jansen (1999); bootstrap percentile intervals.
SobolResult sobol(const BatchFunction& f, int dimension, const SobolOptions& options);

// ---- root finding ---------------------------------------------------------------

struct BrentOptions {
  double x_tolerance = 1e-10;
  int max_iterations = 200;
};
/// A root of f in [a, b] by Brent's method, when f(a) and f(b) differ in sign
/// (or one is zero); nothing otherwise.
std::optional<double> brent_root(const std::function<double(double)>& f, double a, double b,
                                 const BrentOptions& options = {});

// ---- scenario discovery (PRIM) -----------------------------------------------------

struct PrimOptions {
  double peel_alpha = 0.05;   // share of the points in the box peeled per step
  double paste_alpha = 0.01;
  double min_mass = 0.05;     // stop peeling below this share of all points
};
struct PrimBox {
  std::vector<double> lower, upper;  // per dimension, in the units of the points
  double coverage = 0;  // successes inside / all successes
  double density = 0;   // successes inside / points inside
  double mass = 0;      // points inside / all points
};
struct PrimResult {
  std::vector<PrimBox> trajectory;  // from the full box, one per peel, then the pasted final box
  int chosen = 0;                   // index into trajectory of the suggested box
};
/// Friedman & Fisher (1999) patient rule induction: peel, then paste.
/// points is D x n, success has n entries of 0 or 1.
PrimResult prim(const Eigen::MatrixXd& points, const Eigen::VectorXd& success, const PrimOptions& options);

}  // namespace goalpath::analysis

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
#include <atomic>
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
  double swing = 0;           // |output_high - output_low|; 0 when below kSwingNoise of the outputs' scale
  double output_center = 0;   // the output with every parameter at center (the chart's axis)
};
/// A swing at most this fraction of max(|output_center|, |output_low|,
/// |output_high|) is floating-point rounding (a parameter that cancels out of
/// the output): the swing is reported as 0.
inline constexpr double kSwingNoise = 1e-12;
/// One-at-a-time: each parameter moved to low[i] then high[i], the others at
/// center; points are in natural units (not the unit cube). Sorted by swing,
/// largest first (ties by index; a NaN swing sorts last). 2D + 1 evaluations
/// in one batch, the center first. Throws std::invalid_argument when the
/// three vectors differ in size.
std::vector<TornadoBar> tornado(const BatchFunction& f, const Eigen::VectorXd& center,
                                const Eigen::VectorXd& low, const Eigen::VectorXd& high);
/// The same with each bar's two settings given as whole points, for inputs
/// that move together (a parameter fixed at a percentile carries the ones
/// correlated with it): bar i moves input moved[i], its settings are columns
/// i of low_points and high_points (D x moved.size()), and bar.low/high are
/// their entries moved[i]. Throws std::invalid_argument on mismatched sizes
/// or an index out of range.
std::vector<TornadoBar> tornado(const BatchFunction& f, const Eigen::VectorXd& center, const std::vector<int>& moved,
                                const Eigen::MatrixXd& low_points, const Eigen::MatrixXd& high_points);

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
/// with Campolongo et al. (2007) μ*. r·(D+1) evaluations in one batch. Start
/// points, step directions (up or down, EE signed by the step) and orders are
/// a pure function of `seed`. σ is the sample standard deviation (divisor
/// r - 1; 0 when r = 1). Throws std::invalid_argument when dimension < 1,
/// trajectories < 1 or levels is odd or < 2.
std::vector<MorrisIndex> morris(const BatchFunction& f, int dimension, const MorrisOptions& options);

// ---- Sobol indices (Saltelli design) ------------------------------------------

struct SobolOptions {
  std::int64_t base_samples = 1024;   // N; rounded up to a power of two
  int bootstrap_resamples = 200;
  double confidence = 0.95;
  std::uint64_t seed = 1;             // for the bootstrap
  /// Set from elsewhere (Ctrl-C) to stop; polled between bootstrap chunks (throws sim::Cancelled).
  const std::atomic<bool>* cancel = nullptr;
};
struct SobolIndex {
  double S1 = 0, S1_conf = 0, ST = 0, ST_conf = 0;  // conf: half-width of the interval
};
struct SobolResult {
  std::vector<SobolIndex> indices;
  std::int64_t evaluations = 0;   // N (2D + 2)
  double output_variance = 0;     // of f over A and B (divisor 2N), in output units squared
  /// Set when the confidence intervals say N is too small (a half-width
  /// above 0.1, or S1 > ST by more than the intervals allow), when the output
  /// does not vary (all indices 0), or when rows with non-finite outputs were
  /// left out; sentences joined by "; ". Empty when all is well.
  std::string warning;
};
/// Saltelli's design on Sobol points of dimension 2D: matrices A, B, A_B^i and
/// B_A^i, N (2D + 2) evaluations; first-order by Saltelli (2010), total by
/// Jansen (1999), each averaged with its mirror estimate from B_A^i so the
/// whole design is used; bootstrap percentile intervals (conf is half the
/// width of the [(1-c)/2, (1+c)/2] percentile interval over the resamples).
/// The design goes to f in one call (a few calls of whole matrices when it
/// would exceed 2^24 numbers). Design rows where any output is not finite are
/// left out and the warning says how many; an output that does not vary
/// gives indices of 0 and a warning. Throws std::invalid_argument for
/// dimension < 1, base_samples outside [1, 2^32], bootstrap_resamples < 0 or
/// confidence outside (0, 1); std::runtime_error when f returns the wrong
/// number of outputs.
SobolResult sobol(const BatchFunction& f, int dimension, const SobolOptions& options);

// ---- Shapley effects (dependent inputs) -----------------------------------------

/// Draws of the inputs X (D x n, one point per column) for the Shapley
/// estimator, in whatever space f reads. draw(fixed, x, normals): points
/// whose coordinates in `fixed` equal x's and whose other coordinates are
/// drawn from their conditional distribution given those, one point per
/// column of `normals` (D x n independent standard normals that drive the
/// draw, so the result is a pure function of its arguments). With `fixed`
/// empty: independent draws of X (x is not read).
using ConditionalSampler = std::function<Eigen::MatrixXd(const std::vector<int>& fixed, const Eigen::VectorXd& x,
                                                         const Eigen::MatrixXd& normals)>;

/// The sampler of z ~ N(0, correlation) in the copula's normal space, each
/// conditional draw from sample::condition_copula (its conditional factor and
/// the linear map from the fixed values to the conditional mean are worked
/// out once per fixed set and kept). Throws std::invalid_argument when the
/// matrix is not square, finite and positive semi-definite.
ConditionalSampler gaussian_conditional_sampler(const Eigen::MatrixXd& correlation);

struct ShapleyOptions {
  std::int64_t permutations = 2000;  // M: random orders of the inputs
  int outer_samples = 1;             // N_o: draws of the fixed inputs per conditional variance
  int inner_samples = 3;             // N_i: conditional draws per fixed point (>= 2)
  double confidence = 0.95;
  std::uint64_t seed = 1;            // permutations and normals
  /// Empty when valid, else "ShapleyOptions::FIELD = VALUE; it must be RULE".
  std::string validate() const;
};
struct ShapleyIndex {
  double shapley = 0;  // the input's share of Var(Y); the shares sum to 1
  double conf = 0;     // half-width of the normal interval at `confidence`, from the standard error
  double se = 0;       // the share's standard error (delta method over the permutations)
};
struct ShapleyResult {
  std::vector<ShapleyIndex> indices;
  std::int64_t evaluations = 0;   // M · D · N_o · N_i
  std::int64_t permutations_used = 0;  // M less those with a non-finite output
  double output_variance = 0;     // Var(Y) as estimated, in output units squared
  /// Set when a half-width exceeds 0.1 (too few permutations), when the
  /// output does not vary (all shares 0), or when permutations with a
  /// non-finite output were left out; sentences joined by "; ".
  std::string warning;
};
/// Shapley effects of dependent inputs (Shapley 1953; Owen 2014; Song,
/// Nelson & Staum 2016; Owen & Prieur 2017) by Song et al.'s random-
/// permutation estimator with conditional sampling: for each of M random
/// orders π and each j = 1..D, c(P_j) = E[Var(Y | X_{-P_j})] over the first
/// j inputs of π, estimated from N_o outer draws of X_{-P_j} and N_i
/// conditional draws of X_{P_j} given them (sample variance, divisor
/// N_i - 1); input π(j) gets c(P_j) - c(P_{j-1}), c(∅) = 0, and at j = D
/// the draws are unconditioned, so each permutation's gains add up to its
/// own estimate of Var(Y). The share of input i is the ratio of the means
/// over permutations of its gain and of that sum (so the shares sum to 1),
/// with a delta-method standard error from the M independent permutations.
/// Permutations with a non-finite output are left out whole. Pure function
/// of f, the sampler and options.seed. Throws std::invalid_argument for
/// dimension < 1 (or > 63) or invalid options; std::runtime_error when f
/// returns the wrong number of outputs.
ShapleyResult shapley(const BatchFunction& f, const ConditionalSampler& sampler, int dimension,
                      const ShapleyOptions& options);

// ---- root finding ---------------------------------------------------------------

struct BrentOptions {
  double x_tolerance = 1e-10;
  int max_iterations = 200;
};
/// A root of f in [a, b] by a bracketing method of Brent's family, when f(a)
/// and f(b) differ in sign (or one is zero, then that end is returned);
/// nothing otherwise, also when f(a) or f(b) is not finite. The order of a
/// and b does not matter. The solver is Boost.Math's TOMS 748 (Alefeld,
/// Potra & Shi), which, like Brent's method, never leaves the bracket; it
/// stops when the bracket is x_tolerance wide and returns its midpoint.
/// Throws std::domain_error when f is not finite inside the bracket.
std::optional<double> brent_root(const std::function<double(double)>& f, double a, double b,
                                 const BrentOptions& options = {});

// ---- scenario discovery (PRIM) -----------------------------------------------------

struct PrimOptions {
  double peel_alpha = 0.05;   // share of the points in the box peeled per step
  double paste_alpha = 0.01;  // share of the box's points taken in per paste step; 0: no pasting
  double min_mass = 0.05;     // stop peeling below this share of all points
  /// The box pasting starts from: the first (largest) peeled box whose density
  /// is at least (1 - density_slack) times the best density on the trajectory,
  /// trading a sliver of density for coverage.
  double density_slack = 0.01;
  /// Set from elsewhere (Ctrl-C) to stop; polled at every peeling step (throws sim::Cancelled).
  const std::atomic<bool>* cancel = nullptr;
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
/// points is D x n, success has n entries of 0 or 1. Each peel removes the
/// peel_alpha share of the box's points from one side of one dimension,
/// whichever leaves the highest density; peeling stops before mass would fall
/// below min_mass, or at density 1. Pasting starts from the largest peeled
/// box within density_slack of the best density and widens sides while the
/// density does not drop. Box sides sit midway between the last point in and
/// the first point out; an uncut side is the data's min or max. Throws
/// std::invalid_argument for mismatched sizes, non-finite points, success
/// values other than 0/1 or options out of range.
PrimResult prim(const Eigen::MatrixXd& points, const Eigen::VectorXd& success, const PrimOptions& options);

}  // namespace goalpath::analysis

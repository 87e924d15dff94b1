// Sobol indices from Saltelli's design.
//
// Design: N Sobol points of dimension 2D, the all-zeros first point of the
// textbook sequence left out (Boost's generator, behind sample::sobol_points,
// already starts at the second point, (1/2, …, 1/2), so no further skip);
// A is the first D coordinates, B the last D. A_B^i is A with coordinate i
// taken from B, B_A^i is B with coordinate i taken from A. The model runs on
// A, B, A_B^1…A_B^D, B_A^1…B_A^D: N (2D + 2) points.
//
// Estimators, each the average of the estimate from A_B^i and its mirror from
// B_A^i, so the whole design is used:
//   V     = variance of the 2N outputs f(A), f(B) (divisor 2N)
//   S1_i  = ½ [mean f(B)(f(A_B^i) - f(A)) + mean f(A)(f(B_A^i) - f(B))] / V
//                                                         (Saltelli et al. 2010)
//   ST_i  = ½ [mean (f(A) - f(A_B^i))² / 2 + mean (f(B) - f(B_A^i))² / 2] / V
//                                                         (Jansen 1999)
// Outputs are centred on the mean of f(A), f(B) first. The indices are
// unchanged in expectation, but the Saltelli first-order product then has far
// less variance when the output's mean is large against its spread (a target
// value of 50000 ± 10), and V cannot lose digits to cancellation.
//
// Intervals: a bootstrap over the N rows of the design (row j of every matrix
// together), `bootstrap_resamples` times with a SplitMix64 stream seeded by
// `seed`; the half-width is half the distance between the (1-c)/2 and (1+c)/2
// percentiles of the resampled indices. Every estimate is a ratio of column
// sums of one N x (2D + 2) table of per-row terms, so a resample is a vector
// of row counts times that table: no model evaluations, and a batch of
// resamples is one matrix product.
#include <algorithm>
#include <bit>
#include <cmath>
#include <string>

#include "analysis/methods.hpp"
#include "analysis/methods_detail.hpp"
#include "sample/sample.hpp"
#include "sim/sim.hpp"

namespace goalpath::analysis {
namespace {

// The design matrices hold at most this many doubles per call to f (128 MB);
// a larger design is evaluated a few whole matrices at a time.
constexpr std::int64_t max_doubles_per_call = std::int64_t{1} << 24;
// The bootstrap's count matrices hold at most this many doubles (2 MB, to stay in cache).
constexpr Eigen::Index max_bootstrap_counts = Eigen::Index{1} << 18;

// Columns of the per-row table: 0 f(A) + f(B), 1 f(A)² + f(B)², then per
// parameter i at 2 + 2i: f(B)(f(A_B^i) - f(A)) + f(A)(f(B_A^i) - f(B)), and at
// 3 + 2i: (f(A) - f(A_B^i))² + (f(B) - f(B_A^i))². (Each estimator only ever
// needs these sums, so the bootstrap's product is half as wide.)
struct Estimate {
  double variance = 0;
  Eigen::VectorXd s1, st;
};

Estimate estimate_from_sums(const Eigen::Ref<const Eigen::VectorXd>& sums, double rows, int d) {
  Estimate e;
  const double mean = sums(0) / (2 * rows);
  e.variance = sums(1) / (2 * rows) - mean * mean;
  e.s1.resize(d);
  e.st.resize(d);
  for (int i = 0; i < d; ++i) {
    e.s1(i) = sums(2 + 2 * i) / (2 * rows) / e.variance;
    e.st(i) = sums(3 + 2 * i) / (4 * rows) / e.variance;
  }
  return e;
}

void append(std::string& warning, const std::string& sentence) {
  if (!warning.empty()) warning += "; ";
  warning += sentence;
}

}  // namespace

SobolResult sobol(const BatchFunction& f, int dimension, const SobolOptions& options) {
  if (dimension < 1) detail::invalid_option("sobol: dimension", std::to_string(dimension), ">= 1");
  if (options.base_samples < 1 || options.base_samples > (std::int64_t{1} << 32)) {
    detail::invalid_option("SobolOptions.base_samples", std::to_string(options.base_samples),
                           "between 1 and 2^32");
  }
  if (options.bootstrap_resamples < 0) {
    detail::invalid_option("SobolOptions.bootstrap_resamples", std::to_string(options.bootstrap_resamples),
                           ">= 0");
  }
  if (!(options.confidence > 0 && options.confidence < 1)) {
    detail::invalid_option("SobolOptions.confidence", detail::format_number(options.confidence),
                           "strictly between 0 and 1");
  }
  const int d = dimension;
  const std::int64_t n = std::bit_ceil(static_cast<std::uint64_t>(options.base_samples));
  const int matrices = 2 * d + 2;  // A, B, A_B^i, B_A^i

  SobolResult result;
  result.indices.assign(static_cast<std::size_t>(d), SobolIndex{});
  result.evaluations = n * matrices;

  // ---- design and evaluation ----
  const Eigen::MatrixXd base = sample::sobol_points(2 * d, n, 0);
  auto design_matrix = [&](int k, Eigen::Ref<Eigen::MatrixXd> out) {
    if (k == 0) {
      out = base.topRows(d);
    } else if (k == 1) {
      out = base.bottomRows(d);
    } else if (k < 2 + d) {
      const int i = k - 2;
      out = base.topRows(d);
      out.row(i) = base.row(d + i);
    } else {
      const int i = k - 2 - d;
      out = base.bottomRows(d);
      out.row(i) = base.row(i);
    }
  };
  Eigen::MatrixXd y(n, matrices);  // column k: the outputs on matrix k
  const std::int64_t per_call =
      std::clamp<std::int64_t>(max_doubles_per_call / (static_cast<std::int64_t>(d) * n), 1, matrices);
  for (int first = 0; first < matrices; first += static_cast<int>(per_call)) {
    const int count = std::min<int>(static_cast<int>(per_call), matrices - first);
    Eigen::MatrixXd points(d, n * count);
    for (int k = 0; k < count; ++k) design_matrix(first + k, points.middleCols(n * k, n));
    const Eigen::VectorXd out = detail::evaluate(f, points, "sobol");
    for (int k = 0; k < count; ++k) y.col(first + k) = out.segment(n * k, n);
  }

  // ---- rows with a non-finite output are left out, whole ----
  std::vector<Eigen::Index> rows;
  rows.reserve(static_cast<std::size_t>(n));
  for (Eigen::Index j = 0; j < n; ++j) {
    if (y.row(j).allFinite()) rows.push_back(j);
  }
  const auto m = static_cast<Eigen::Index>(rows.size());
  if (m < n) {
    append(result.warning, std::to_string(n - m) + " of " + std::to_string(n) +
                               " design rows gave a non-finite output and were left out");
  }
  if (m < 2) {
    append(result.warning, "too few finite outputs to estimate indices");
    return result;
  }

  double scale = 0, mean = 0;
  for (const Eigen::Index j : rows) {
    scale = std::max(scale, y.row(j).cwiseAbs().maxCoeff());
    mean += y(j, 0) + y(j, 1);
  }
  mean /= 2.0 * static_cast<double>(m);

  // ---- per-row terms ----
  const int width = 2 + 2 * d;
  Eigen::MatrixXd terms(m, width);
  for (Eigen::Index r = 0; r < m; ++r) {
    const auto row = y.row(rows[static_cast<std::size_t>(r)]).array() - mean;
    const double fa = row(0), fb = row(1);
    terms(r, 0) = fa + fb;
    terms(r, 1) = fa * fa + fb * fb;
    for (int i = 0; i < d; ++i) {
      const double fab = row(2 + i), fba = row(2 + d + i);
      terms(r, 2 + 2 * i) = fb * (fab - fa) + fa * (fba - fb);
      terms(r, 3 + 2 * i) = (fa - fab) * (fa - fab) + (fb - fba) * (fb - fba);
    }
  }
  const Eigen::VectorXd sums = terms.colwise().sum().transpose();
  const Estimate point = estimate_from_sums(sums, static_cast<double>(m), d);
  result.output_variance = point.variance;

  // A spread below 1e-12 of the output's size is rounding, not variation.
  const double floor_sd = 1e-12 * scale;
  if (!(point.variance > floor_sd * floor_sd)) {
    result.output_variance = std::max(point.variance, 0.0);
    append(result.warning, "the output does not vary over the design, so every index is 0");
    return result;
  }

  // ---- bootstrap ----
  // A resample is a vector of counts (how often each row was drawn), and its
  // column sums are terms^T counts; a chunk of resamples becomes one matrix
  // product, which Eigen blocks for the cache and vectorises.
  const int resamples = options.bootstrap_resamples;
  Eigen::MatrixXd boot_s1(d, resamples), boot_st(d, resamples);
  detail::SplitMix64 rng(options.seed);
  detail::IndexSampler draw(rng, static_cast<std::uint64_t>(m));  // m <= N <= 2^32
  const auto chunk = static_cast<int>(
      std::clamp<Eigen::Index>(max_bootstrap_counts / m, 1, std::max(resamples, 1)));
  Eigen::MatrixXd counts(m, chunk);
  Eigen::MatrixXd chunk_sums(width, chunk);
  for (int first = 0; first < resamples; first += chunk) {
    if (options.cancel && options.cancel->load()) throw sim::Cancelled();  // 10^7 resamples take minutes
    const int size = std::min(chunk, resamples - first);
    counts.setZero();
    for (int c = 0; c < size; ++c) {
      double* column = counts.col(c).data();
      for (Eigen::Index r = 0; r < m; ++r) column[draw.next()] += 1;
    }
    chunk_sums.leftCols(size).noalias() = terms.transpose() * counts.leftCols(size);
    for (int c = 0; c < size; ++c) {
      const Estimate e = estimate_from_sums(chunk_sums.col(c), static_cast<double>(m), d);
      boot_s1.col(first + c) = e.s1;
      boot_st.col(first + c) = e.st;
    }
  }
  const double q_lo = (1 - options.confidence) / 2, q_hi = (1 + options.confidence) / 2;
  // A resample that drew no variation (a rare 0/1 outcome missed by every
  // draw) has no indices; the interval comes from the others. With none left
  // the half-width is 1, the width of the indices' whole range: nothing known.
  int degenerate = 0;
  for (int b = 0; b < resamples; ++b) {
    if (!boot_s1.col(b).allFinite() || !boot_st.col(b).allFinite()) ++degenerate;
  }
  std::vector<double> v;
  auto half_width = [&](const Eigen::MatrixXd& boot, int i) {
    if (resamples == 0) return 0.0;
    if (options.cancel && options.cancel->load()) throw sim::Cancelled();
    v.clear();
    for (int b = 0; b < resamples; ++b) {
      if (boot_s1.col(b).allFinite() && boot_st.col(b).allFinite()) v.push_back(boot(i, b));
    }
    if (v.empty()) return 1.0;
    std::sort(v.begin(), v.end());
    return (detail::sorted_percentile(v, q_hi) - detail::sorted_percentile(v, q_lo)) / 2;
  };
  if (degenerate > 0) {
    append(result.warning, std::to_string(degenerate) + " of " + std::to_string(resamples) +
                               " bootstrap resamples had an output that does not vary and were left out");
  }

  double widest = 0;
  std::string s1_above_st;
  for (int i = 0; i < d; ++i) {
    SobolIndex& index = result.indices[static_cast<std::size_t>(i)];
    index.S1 = point.s1(i);
    index.ST = point.st(i);
    index.S1_conf = half_width(boot_s1, i);
    index.ST_conf = half_width(boot_st, i);
    widest = std::max({widest, index.S1_conf, index.ST_conf});
    if (resamples > 0 && index.S1 - index.ST > index.S1_conf + index.ST_conf) {
      s1_above_st += (s1_above_st.empty() ? "" : ", ") + std::to_string(i);
    }
  }
  if (widest > 0.1) {
    append(result.warning, "N = " + std::to_string(n) + " base samples is too few: a confidence half-width is " +
                               detail::format_number(widest) + " (above 0.1); use more samples");
  }
  if (!s1_above_st.empty()) {
    append(result.warning, "S1 exceeds ST by more than the intervals allow for parameter(s) " + s1_above_st +
                               "; use more samples");
  }
  return result;
}

}  // namespace goalpath::analysis

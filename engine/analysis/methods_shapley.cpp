// Shapley effects by random permutations with conditional sampling (Song,
// Nelson & Staum 2016, Algorithm 1 with the cost c(J) = E[Var(Y | X_{-J})]).
//
// Why c and not Var(E[Y | X_J]): both give the same Shapley values (Song et
// al., Theorem 1), but c is estimated by an inner sample variance alone,
// which stays unbiased with only N_i = 3 conditional draws, and Song et al.
// show N_o = 1, N_i = 3 and as many permutations as the budget allows to be
// the efficient choice.
//
// Why the ratio of means: permutation m yields a gain g_{m,i} for every input
// and their sum b_m, its own estimate of Var(Y). The permutations are
// independent and identically distributed, so share_i = mean(g_i) / mean(b)
// sums to 1 exactly and has the delta-method standard error
// sd(g_i - share_i b) / (√M mean(b)), without a separate variance sample
// whose error the intervals would have to carry.
//
// Random numbers: the normals that drive every draw come from the counter-
// based streams of sample/ (seed, index, coordinate, stream), the orders from
// SplitMix64(seed); the design is a pure function of the seed, evaluated a
// chunk of whole permutations at a time.
#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <numeric>
#include <span>
#include <string>

#include "analysis/methods.hpp"
#include "analysis/methods_detail.hpp"
#include "sample/conditional.hpp"
#include "sample/sample.hpp"

namespace goalpath::analysis {
namespace {

// Streams ("years") of sample::fill_standard_normals used here, away from the
// years a simulation and latin_hypercube use.
constexpr std::uint32_t kOuterStream = 0xFFFFFFF0u, kInnerStream = 0xFFFFFFF1u;
// The points of one call to f hold at most this many doubles (128 MB).
constexpr std::int64_t kMaxDoublesPerCall = std::int64_t{1} << 24;

void append(std::string& warning, const std::string& sentence) {
  if (!warning.empty()) warning += "; ";
  warning += sentence;
}

/// D x n standard normals of `stream`, column k the index first + k.
Eigen::MatrixXd normals(std::uint64_t seed, std::uint32_t stream, std::uint64_t first, Eigen::Index n, int d) {
  Eigen::MatrixXd out(d, n);
  std::vector<double> row(static_cast<std::size_t>(n));
  for (int k = 0; k < d; ++k) {
    sample::fill_standard_normals(seed, first, static_cast<std::uint32_t>(k), stream, row);
    out.row(k) = Eigen::Map<const Eigen::RowVectorXd>(row.data(), n);
  }
  return out;
}

}  // namespace

std::string ShapleyOptions::validate() const {
  auto rule = [](const char* field, const std::string& value, const char* must) {
    return std::string("ShapleyOptions::") + field + " = " + value + "; it must be " + must;
  };
  if (permutations < 2 || permutations > (std::int64_t{1} << 32)) {
    return rule("permutations", std::to_string(permutations), "between 2 and 2^32");
  }
  if (outer_samples < 1) return rule("outer_samples", std::to_string(outer_samples), ">= 1");
  if (inner_samples < 2) return rule("inner_samples", std::to_string(inner_samples), ">= 2 (a variance needs two draws)");
  if (!(confidence > 0 && confidence < 1)) {
    return rule("confidence", detail::format_number(confidence), "strictly between 0 and 1");
  }
  return {};
}

ConditionalSampler gaussian_conditional_sampler(const Eigen::MatrixXd& correlation) {
  const Eigen::Index n = correlation.rows();
  if (correlation.cols() != n || !correlation.allFinite()) {
    throw std::invalid_argument("gaussian_conditional_sampler: the correlation matrix must be square and finite");
  }
  const auto joint = sample::correlation_factor(correlation);
  if (!joint) throw std::invalid_argument("gaussian_conditional_sampler: the correlation matrix is not positive semi-definite");
  // Per fixed set: the conditional factor, and the map from the fixed values
  // to the conditional mean (the shift of condition_copula is linear in them,
  // so its columns are the shifts for unit values).
  struct Conditioned {
    Eigen::MatrixXd factor, mean_map;  // n x n, n x |F|
  };
  auto memo = std::make_shared<std::map<std::vector<int>, Conditioned>>();
  const Eigen::MatrixXd c = correlation.selfadjointView<Eigen::Lower>();
  const Eigen::MatrixXd l = *joint;
  return [memo, c, l, n](const std::vector<int>& fixed, const Eigen::VectorXd& x, const Eigen::MatrixXd& e) {
    if (e.rows() != n || (!fixed.empty() && x.size() != n)) {
      throw std::invalid_argument("gaussian_conditional_sampler: the normals (and x) must have one row per variable");
    }
    if (fixed.empty()) return Eigen::MatrixXd(l * e);
    auto it = memo->find(fixed);
    if (it == memo->end()) {
      const auto k = static_cast<Eigen::Index>(fixed.size());
      Conditioned cond;
      cond.factor = sample::condition_copula(c, fixed, Eigen::VectorXd::Zero(k)).factor;
      cond.mean_map.resize(n, k);
      for (Eigen::Index j = 0; j < k; ++j) {
        cond.mean_map.col(j) = sample::condition_copula(c, fixed, Eigen::VectorXd::Unit(k, j)).shift;
      }
      it = memo->emplace(fixed, std::move(cond)).first;
    }
    const Eigen::VectorXd shift = it->second.mean_map * x(fixed);
    return Eigen::MatrixXd((it->second.factor * e).colwise() + shift);
  };
}

ShapleyResult shapley(const BatchFunction& f, const ConditionalSampler& sampler, int dimension,
                      const ShapleyOptions& options) {
  if (dimension < 1 || dimension > 63) detail::invalid_option("shapley: dimension", std::to_string(dimension), "in [1, 63]");
  if (const std::string problem = options.validate(); !problem.empty()) throw std::invalid_argument(problem);
  const int d = dimension;
  const std::int64_t m_total = options.permutations;
  const int n_o = options.outer_samples, n_i = options.inner_samples;
  const std::int64_t per_perm = static_cast<std::int64_t>(d) * n_o * n_i;  // evaluations of one permutation

  ShapleyResult result;
  result.indices.assign(static_cast<std::size_t>(d), ShapleyIndex{});
  result.evaluations = m_total * per_perm;

  // Gains per permutation (one row each) and their sums; rows with a
  // non-finite output are marked and left out afterwards.
  Eigen::MatrixXd gains(m_total, d);
  std::vector<char> finite(static_cast<std::size_t>(m_total), 1);
  detail::SplitMix64 rng(options.seed);
  const std::int64_t chunk = std::clamp<std::int64_t>(kMaxDoublesPerCall / (per_perm * d), 1, m_total);
  std::vector<std::vector<int>> orders;
  for (std::int64_t first = 0; first < m_total; first += chunk) {
    const std::int64_t count = std::min(chunk, m_total - first);
    orders.assign(static_cast<std::size_t>(count), std::vector<int>(static_cast<std::size_t>(d)));
    Eigen::MatrixXd points(d, count * per_perm);
    for (std::int64_t m = 0; m < count; ++m) {
      std::vector<int>& order = orders[static_cast<std::size_t>(m)];
      std::iota(order.begin(), order.end(), 0);
      detail::shuffle(order, rng);
      for (int j = 1; j <= d; ++j) {
        // Drawn: the first j inputs of the order; fixed: the rest, sorted.
        std::vector<int> fixed(order.begin() + j, order.end());
        std::sort(fixed.begin(), fixed.end());
        for (int o = 0; o < n_o; ++o) {
          const auto outer = static_cast<std::uint64_t>(((first + m) * d + (j - 1)) * n_o + o);
          Eigen::VectorXd x;
          if (!fixed.empty()) x = sampler({}, x, normals(options.seed, kOuterStream, outer, 1, d)).col(0);
          const Eigen::MatrixXd inner = sampler(fixed, x, normals(options.seed, kInnerStream, outer * n_i, n_i, d));
          if (inner.rows() != d || inner.cols() != n_i) {
            throw std::runtime_error("shapley: the sampler returned a " + std::to_string(inner.rows()) + " x " +
                                     std::to_string(inner.cols()) + " matrix; it must return one column per normal");
          }
          points.middleCols((m * per_perm) + ((j - 1) * n_o + o) * n_i, n_i) = inner;
        }
      }
    }
    const Eigen::VectorXd y = detail::evaluate(f, points, "shapley");
    for (std::int64_t m = 0; m < count; ++m) {
      const auto block = y.segment(m * per_perm, per_perm);
      if (!block.allFinite()) {
        finite[static_cast<std::size_t>(first + m)] = 0;
        continue;
      }
      double previous = 0;
      for (int j = 1; j <= d; ++j) {
        double c = 0;
        for (int o = 0; o < n_o; ++o) {
          const auto inner = block.segment(((j - 1) * n_o + o) * n_i, n_i).array();
          c += (inner - inner.mean()).square().sum() / (n_i - 1);
        }
        c /= n_o;
        gains(first + m, orders[static_cast<std::size_t>(m)][static_cast<std::size_t>(j - 1)]) = c - previous;
        previous = c;
      }
    }
  }

  std::vector<Eigen::Index> kept;
  for (std::int64_t m = 0; m < m_total; ++m) {
    if (finite[static_cast<std::size_t>(m)]) kept.push_back(m);
  }
  const auto used = static_cast<Eigen::Index>(kept.size());
  result.permutations_used = used;
  if (used < m_total) {
    append(result.warning, std::to_string(m_total - used) + " of " + std::to_string(m_total) +
                               " permutations gave a non-finite output and were left out");
  }
  if (used < 2) {
    append(result.warning, "too few finite outputs to estimate Shapley effects");
    return result;
  }
  const Eigen::MatrixXd g = gains(kept, Eigen::all);
  const Eigen::VectorXd b = g.rowwise().sum();
  const double variance = b.mean();
  result.output_variance = variance;
  if (!(variance > 0)) {
    result.output_variance = std::max(variance, 0.0);
    append(result.warning, "the output does not vary, so every Shapley effect is 0");
    return result;
  }
  const double z = sample::inverse_normal_cdf((1 + options.confidence) / 2);
  double widest = 0;
  for (int i = 0; i < d; ++i) {
    ShapleyIndex& index = result.indices[static_cast<std::size_t>(i)];
    index.shapley = g.col(i).mean() / variance;
    const Eigen::ArrayXd residual = g.col(i).array() - index.shapley * b.array();
    const double sd = std::sqrt((residual - residual.mean()).square().sum() / static_cast<double>(used - 1));
    index.se = sd / (std::sqrt(static_cast<double>(used)) * variance);
    index.conf = z * index.se;
    widest = std::max(widest, index.conf);
  }
  if (widest > 0.1) {
    append(result.warning, std::to_string(used) + " permutations are too few: a confidence half-width is " +
                               detail::format_number(widest) + " (above 0.1); use more samples");
  }
  return result;
}

}  // namespace goalpath::analysis

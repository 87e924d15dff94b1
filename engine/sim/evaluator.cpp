// One block of paths through the compiled model, year by year.
#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <mutex>
#include <shared_mutex>
#include <tuple>

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

#include "sample/sample.hpp"
#include "sim/draw_cache.hpp"
#include "sim/sim.hpp"

namespace goalpath::sim {

using scenario::RuleKind;
using scenario::TargetKind;

std::uint32_t stream_id(const std::string& name) {
  std::uint32_t hash = 2166136261u;  // FNV-1a
  for (unsigned char c : name) {
    hash ^= c;
    hash *= 16777619u;
  }
  return hash;
}

namespace {

/// Whether any of x[0 .. n) is below `bound`; a NaN is not (as
/// minCoeff<PropagateNumbers>() < bound, in one comparison per value).
bool any_below(const double* x, Eigen::Index n, double bound) {
  Eigen::Index k = 0;
#if defined(__AVX512F__)
  __mmask8 below = 0;
  for (; k + 8 <= n; k += 8) below |= _mm512_cmp_pd_mask(_mm512_loadu_pd(x + k), _mm512_set1_pd(bound), _CMP_LT_OQ);
  if (below != 0) return true;
#endif
  for (; k < n; ++k) {
    if (x[k] < bound) return true;
  }
  return false;
}

/// into[k] = the lower (at_least) or higher of into[k] and next[k], or NaN
/// if either is NaN: the worst year of an every_year window so far.
void worst_of(double* into, const double* next, Eigen::Index n, bool at_least) {
  Eigen::Index k = 0;
#if defined(__AVX512F__)
  const __m512d nan = _mm512_set1_pd(std::numeric_limits<double>::quiet_NaN());
  for (; k + 8 <= n; k += 8) {
    const __m512d a = _mm512_loadu_pd(into + k), b = _mm512_loadu_pd(next + k);
    // (b, a): for equal values (-0 and +0) a, as std::min and std::max give.
    const __m512d worst = at_least ? _mm512_min_pd(b, a) : _mm512_max_pd(b, a);
    _mm512_storeu_pd(into + k, _mm512_mask_blend_pd(_mm512_cmp_pd_mask(a, b, _CMP_UNORD_Q), worst, nan));
  }
#endif
  for (; k < n; ++k) {
    const double a = into[k], b = next[k];
    into[k] = std::isnan(a) || std::isnan(b) ? std::numeric_limits<double>::quiet_NaN() : at_least ? std::min(a, b) : std::max(a, b);
  }
}

std::vector<std::uint32_t> unique_streams(const std::vector<std::string>& names, std::uint32_t salt) {
  std::vector<std::uint32_t> ids;
  for (const auto& name : names) {
    std::uint32_t id = stream_id(name) ^ salt;
    // Two names hashing alike would share draws; nudge deterministically.
    while (std::find(ids.begin(), ids.end(), id) != ids.end()) ++id;
    ids.push_back(id);
  }
  return ids;
}

/// z ← z · factorᵀ, i.e. column j becomes Σ_k factor(j, k) · column k: the
/// independent normals made correlated. Only the plan's rows (the factor's
/// non-identity rows, non-zero entries) are visited: a copula usually ties a
/// few pairs, and a dense product would spend most of its time packing B x n
/// blocks for a tiny n x n matrix.
void correlate(const CorrelationPlan& plan, Eigen::ArrayXXd& z, Eigen::ArrayXd& column, Eigen::ArrayXXd& copy) {
  if (!plan.in_place) copy = z;
  const Eigen::ArrayXXd& source = plan.in_place ? z : copy;
  for (const CorrelationPlan::Row& row : plan.rows) {
    column = row.terms.front().second * source.col(row.terms.front().first);
    for (std::size_t k = 1; k < row.terms.size(); ++k) column += row.terms[k].second * source.col(row.terms[k].first);
    z.col(row.column) = column;
  }
}

// ---- the memo of parameter draws (sim/draw_cache.hpp) ----------------------

struct DrawCache {
  struct Key {
    std::uint64_t seed;
    std::int64_t first_path;
    Eigen::Index rows;
    std::uint32_t stream;
    auto operator<=>(const Key&) const = default;
  };
  struct Entry {
    sample::Marginal marginal;
    std::vector<double> z, x;
  };
  std::shared_mutex mutex;  // lookups share it (after a sweep's first point nearly every call is one)
  std::atomic<int> scopes{0};  // changed under the mutex; read without it to skip the memo
  std::size_t bytes = 0;
  std::map<Key, Entry> entries;
  /// Standard normals of a stream: (seed, first path, rows, stream, year).
  std::map<std::tuple<std::uint64_t, std::int64_t, Eigen::Index, std::uint32_t, std::uint32_t>, std::vector<double>>
      normals;
};

DrawCache& draw_cache() {
  static DrawCache cache;
  return cache;
}

bool same_bits(double a, double b) { return std::bit_cast<std::uint64_t>(a) == std::bit_cast<std::uint64_t>(b); }

bool same_marginal(const sample::Marginal& a, const sample::Marginal& b) {
  return a.dist == b.dist && same_bits(a.value, b.value) && same_bits(a.sd, b.sd) && same_bits(a.low, b.low) &&
         same_bits(a.high, b.high) && same_bits(a.lower_bound, b.lower_bound) &&
         same_bits(a.upper_bound, b.upper_bound);
}

/// A marginal whose map from normal scores is value by value (worth
/// remembering): not the closed forms of an untruncated normal or lognormal.
bool costly(const sample::Marginal& m) {
  using sample::Distribution;
  if (m.dist == Distribution::fixed) return false;
  if (m.dist == Distribution::normal || m.dist == Distribution::lognormal) {
    return m.lower_bound != -std::numeric_limits<double>::infinity() ||
           m.upper_bound != std::numeric_limits<double>::infinity();
  }
  return true;
}

/// column = marginal(column), from the memo when a scope is open and it holds
/// this very input.
void map_to_marginal(const sample::Marginal& marginal, std::uint64_t seed, std::int64_t first_path,
                     std::uint32_t stream, std::span<double> column) {
  DrawCache& cache = draw_cache();
  const auto rows = static_cast<Eigen::Index>(column.size());
  const std::size_t bytes = column.size() * sizeof(double);
  const DrawCache::Key key{seed, first_path, rows, stream};
  bool use = false;
  if (costly(marginal) && cache.scopes.load(std::memory_order_relaxed) > 0) {
    std::shared_lock lock(cache.mutex);
    use = cache.scopes > 0;
    if (use) {
      const auto at = cache.entries.find(key);
      if (at != cache.entries.end() && same_marginal(at->second.marginal, marginal) &&
          std::memcmp(at->second.z.data(), column.data(), bytes) == 0) {
        std::memcpy(column.data(), at->second.x.data(), bytes);
        return;
      }
    }
  }
  if (!use) {
    marginal.from_standard_normal(column, column);
    return;
  }
  std::vector<double> z(column.begin(), column.end());
  marginal.from_standard_normal(column, column);
  std::lock_guard lock(cache.mutex);
  if (cache.scopes == 0) return;
  auto at = cache.entries.find(key);
  if (at != cache.entries.end()) {
    at->second = {marginal, std::move(z), {column.begin(), column.end()}};
  } else if (cache.bytes + 2 * bytes <= kDrawCacheBytes) {
    cache.entries.emplace(key, DrawCache::Entry{marginal, std::move(z), {column.begin(), column.end()}});
    cache.bytes += 2 * bytes;
  }
}

/// sample::fill_standard_normals, from the memo when a scope is open.
void standard_normals(std::uint64_t seed, std::int64_t first_path, std::uint32_t stream, std::uint32_t year,
                      std::span<double> out) {
  DrawCache& cache = draw_cache();
  const auto key = std::make_tuple(seed, first_path, static_cast<Eigen::Index>(out.size()), stream, year);
  if (cache.scopes.load(std::memory_order_relaxed) == 0) {  // the common case: no study remembering draws
    sample::fill_standard_normals(seed, static_cast<std::uint64_t>(first_path), stream, year, out);
    return;
  }
  {
    std::shared_lock lock(cache.mutex);
    if (const auto at = cache.normals.find(key); at != cache.normals.end()) {
      std::memcpy(out.data(), at->second.data(), out.size() * sizeof(double));
      return;
    }
  }
  sample::fill_standard_normals(seed, static_cast<std::uint64_t>(first_path), stream, year, out);
  std::lock_guard lock(cache.mutex);
  const std::size_t bytes = out.size() * sizeof(double);
  if (cache.scopes > 0 && cache.bytes + bytes <= kDrawCacheBytes &&
      cache.normals.emplace(key, std::vector<double>(out.begin(), out.end())).second) {
    cache.bytes += bytes;
  }
}

}  // namespace

DrawCacheScope::DrawCacheScope() {
  DrawCache& cache = draw_cache();
  std::lock_guard lock(cache.mutex);
  ++cache.scopes;
}

DrawCacheScope::~DrawCacheScope() {
  DrawCache& cache = draw_cache();
  std::lock_guard lock(cache.mutex);
  if (--cache.scopes == 0) {
    cache.entries.clear();
    cache.normals.clear();
    cache.bytes = 0;
  }
}

CorrelationPlan CorrelationPlan::of(const Eigen::MatrixXd& factor) {
  CorrelationPlan plan;
  plan.in_place = factor.isLowerTriangular();
  // In place, column j reads only columns k <= j, so the last column goes first.
  for (Eigen::Index j = factor.rows() - 1; j >= 0; --j) {
    Row row{j, {{j, factor(j, j)}}};
    for (Eigen::Index k = 0; k < factor.cols(); ++k) {
      if (k != j && factor(j, k) != 0.0) row.terms.emplace_back(k, factor(j, k));
    }
    if (row.terms.size() > 1 || factor(j, j) != 1.0) plan.rows.push_back(std::move(row));
  }
  return plan;
}

Evaluator::Evaluator(const model::Model& model) : model_(model) {
  std::vector<std::string> names;
  for (const auto& p : model.parameters) names.push_back(p.name);
  parameter_streams_ = unique_streams(names, 0);
  names.clear();
  for (const auto& s : model.shocks) names.push_back(s.name);
  shock_streams_ = unique_streams(names, 0x5bd1e995u);
  if (model.parameters_correlated) parameter_plan_ = CorrelationPlan::of(model.parameter_factor);
  if (model.shocks_correlated) shock_plan_ = CorrelationPlan::of(model.shock_factor);
}

Eigen::ArrayXXd central_parameters(const model::Model& model) {
  Eigen::ArrayXXd row(1, static_cast<Eigen::Index>(model.parameters.size()));
  for (std::size_t p = 0; p < model.parameters.size(); ++p) row(0, static_cast<Eigen::Index>(p)) = model.parameters[p].value;
  // A parameter conditioned on a fixed one is centred on its conditional
  // median: the marginal at the conditional mean of its normal score.
  for (Eigen::Index p = 0; p < model.parameter_shift.size(); ++p) {
    const model::Parameter& param = model.parameters[static_cast<std::size_t>(p)];
    const double shift = model.parameter_shift(p);
    if (shift != 0.0 && param.uncertain()) param.marginal.from_standard_normal({&shift, 1}, {&row(0, p), 1});
  }
  return row;
}

void Evaluator::draw_parameters(std::uint64_t seed, std::int64_t first_path, Eigen::Index rows,
                                Eigen::ArrayXXd& parameters) const {
  const auto P = static_cast<Eigen::Index>(model_.parameters.size());
  parameters.resize(rows, P);
  for (Eigen::Index p = 0; p < P; ++p) {
    if (model_.parameters[p].uncertain()) {
      standard_normals(seed, first_path, parameter_streams_[p], 0, {&parameters(0, p), static_cast<std::size_t>(rows)});
    } else {
      parameters.col(p).setZero();
    }
  }
  if (model_.parameters_correlated) {
    Eigen::ArrayXd column;
    Eigen::ArrayXXd copy;
    correlate(parameter_plan_, parameters, column, copy);
  }
  if (model_.parameter_shift.size() > 0) {
    for (Eigen::Index p = 0; p < P; ++p) {
      const double shift = model_.parameter_shift(p);
      if (shift != 0.0 && model_.parameters[p].uncertain()) parameters.col(p) += shift;
    }
  }
  for (Eigen::Index p = 0; p < P; ++p) {
    const auto& param = model_.parameters[p];
    if (!param.uncertain()) {
      parameters.col(p).setConstant(param.value);
      continue;
    }
    std::span<double> column{&parameters(0, p), static_cast<std::size_t>(rows)};
    map_to_marginal(param.marginal, seed, first_path, parameter_streams_[p], column);
  }
}

void Evaluator::draw_shocks(std::uint64_t seed, std::int64_t first_path, int year_index, Eigen::Index rows,
                            Workspace& ws) const {
  const auto S = static_cast<Eigen::Index>(model_.shocks.size());
  for (Eigen::Index s = 0; s < S; ++s) {
    if (model_.shocks[s].sd > 0) {
      standard_normals(seed, first_path, shock_streams_[s], static_cast<std::uint32_t>(year_index),
                       {&ws.shocks(0, s), static_cast<std::size_t>(rows)});
    } else {
      ws.shocks.col(s).setZero();
    }
  }
  if (model_.shocks_correlated) correlate(shock_plan_, ws.shocks, ws.column, ws.scratch);
  for (Eigen::Index s = 0; s < S; ++s) {
    const auto& shock = model_.shocks[s];
    if (year_index == 1) {
      ws.shock_state.col(s) = shock.sd * ws.shocks.col(s);
    } else {
      ws.shock_state.col(s) = shock.ar * ws.shock_state.col(s) + std::sqrt(1.0 - shock.ar * shock.ar) * shock.sd * ws.shocks.col(s);
    }
  }
}

void Evaluator::run(const Eigen::ArrayXXd& parameters, bool with_shocks, std::uint64_t seed, std::int64_t first_path,
                    BlockResult& out, Workspace& ws) const {
  const model::Model& m = model_;
  const model::SlotLayout& L = m.slots;
  const Eigen::Index B = parameters.rows();
  const int I = L.indicators, S = L.shocks, Y = m.year_count();
  const auto T = static_cast<Eigen::Index>(m.targets.size());

  ws.shocks.resize(B, S);
  ws.shock_state.resize(B, S);
  ws.target_series.resize(B, T * Y);
  out.indicators.resize(B, static_cast<Eigen::Index>(Y) * I);
  out.targets.resize(B, T);
  out.sign_flips.assign(static_cast<std::size_t>(Y) * static_cast<std::size_t>(I), 0);

  // Every slot is a pointer to B doubles, and most point where the values
  // already are, so nothing is copied between years: parameters at their
  // column of `parameters`, shocks at their state, and an indicator's
  // current, previous and base values at its columns of out.indicators for
  // this year, last year and the base year. The year, t and (in the base
  // year, or without shocks) zero shocks point into ws.constants, filled
  // once for a workspace's shape rather than for every block.
  const std::array<std::int64_t, 3> shape{B, Y, m.base_year};
  if (ws.constants_shape != shape) {
    ws.constants.resize(B, 2 * Y + 1);
    for (int y = 0; y < Y; ++y) {
      ws.constants.col(y).setConstant(m.base_year + y);
      ws.constants.col(Y + y).setConstant(y);
    }
    ws.constants.col(2 * Y).setZero();
    ws.constants_shape = shape;
  }
  double* const zeros = &ws.constants(0, 2 * Y);
  std::vector<double*> slot(static_cast<std::size_t>(L.count()), nullptr);
  for (int p = 0; p < L.parameters; ++p) slot[L.parameter(p)] = const_cast<double*>(&parameters(0, p));
  auto indicator_year = [&](int y, int i) { return &out.indicators(0, static_cast<Eigen::Index>(y) * I + i); };
  auto evaluate = [&](const expr::Program& program, double* dst) {
    expr::evaluate(program, std::span<const double* const>(slot.data(), slot.size()), B, ws.registers, dst);
  };

  for (int y = 0; y < Y; ++y) {
    slot[L.year()] = &ws.constants(0, y);
    slot[L.t()] = &ws.constants(0, Y + y);
    for (int i = 0; i < I; ++i) slot[L.current(i)] = indicator_year(y, i);
    if (y == 0) {
      // In the base year prev(x) and base(x) are x's base value.
      for (int s = 0; s < S; ++s) slot[L.shock(s)] = zeros;
      for (int i = 0; i < I; ++i) slot[L.previous(i)] = slot[L.base(i)] = slot[L.current(i)];
      for (int i : m.base_order) evaluate(m.indicators[i].base_program, slot[L.current(i)]);
    } else {
      for (int i = 0; i < I; ++i) slot[L.previous(i)] = indicator_year(y - 1, i);
      if (S > 0) {
        if (with_shocks) {
          draw_shocks(seed, first_path, y, B, ws);
          for (int s = 0; s < S; ++s) slot[L.shock(s)] = &ws.shock_state(0, s);
        } else {
          for (int s = 0; s < S; ++s) slot[L.shock(s)] = zeros;
        }
      }
      for (int i : m.step_order) {
        const model::Indicator& ind = m.indicators[i];
        Eigen::Map<Eigen::ArrayXd> current(slot[L.current(i)], B);
        Eigen::Map<const Eigen::ArrayXd> previous(slot[L.previous(i)], B);
        switch (ind.rule) {
          case RuleKind::growth: {
            evaluate(ind.rule_program, current.data());
            // Below -100% a level would fall by more than all of it and change
            // sign: not a number, so no probability counts the path as met.
            // The minimum (ignoring NaN) keeps the common case to one pass.
            if (any_below(current.data(), B, -1.0)) {
              auto flips = current < -1.0 && previous.abs() > 0.0;
              out.sign_flips[static_cast<std::size_t>(y * I + i)] += flips.count();
              current = flips.select(std::numeric_limits<double>::quiet_NaN(), previous * (1.0 + current));
            } else {
              current = previous * (1.0 + current);
            }
            break;
          }
          case RuleKind::change:
            evaluate(ind.rule_program, current.data());
            current += previous;
            break;
          case RuleKind::value:
            evaluate(ind.rule_program, current.data());
            break;
          case RuleKind::path:
            current.setConstant(ind.path[static_cast<std::size_t>(y)]);
            break;
        }
      }
    }
    for (Eigen::Index t = 0; t < T; ++t) {
      const model::Target& target = m.targets[t];
      // Every year, not only the target's window: reports show the whole path.
      if (target.expr) {
        evaluate(*target.expr, &ws.target_series(0, t * Y + y));
      }
    }
  }

  for (Eigen::Index t = 0; t < T; ++t) {
    const model::Target& target = m.targets[t];
    auto series = [&](int year) {
      int y = year - m.base_year;
      return target.expr ? ws.target_series.col(t * Y + y) : out.indicators.col(static_cast<Eigen::Index>(y) * I + target.indicator);
    };
    auto measured = out.targets.col(t);
    switch (target.kind) {
      case TargetKind::level:
        measured = series(target.last_year);
        break;
      case TargetKind::every_year:
        measured = series(target.first_year);
        // min/max would drop a NaN; a year that is not a number makes the window not a number.
        for (int year = target.first_year + 1; year <= target.last_year; ++year) {
          worst_of(measured.data(), series(year).data(), B, target.at_least);
        }
        break;
      case TargetKind::cagr: {
        double years = target.last_year - target.first_year;
        // exp(log(r) / n) rather than pow: vectorised, and NaN for r < 0 just the same.
        measured = ((series(target.last_year) / series(target.first_year)).log() * (1.0 / years)).exp() - 1.0;
        break;
      }
    }
  }
}

}  // namespace goalpath::sim

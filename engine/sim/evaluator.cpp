// One block of paths through the compiled model, year by year.
#include <algorithm>
#include <cmath>
#include <limits>

#include "sample/sample.hpp"
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

}  // namespace

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
      sample::fill_standard_normals(seed, static_cast<std::uint64_t>(first_path), parameter_streams_[p], 0,
                                    {&parameters(0, p), static_cast<std::size_t>(rows)});
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
    param.marginal.from_standard_normal(column, column);
  }
}

void Evaluator::draw_shocks(std::uint64_t seed, std::int64_t first_path, int year_index, Eigen::Index rows,
                            Workspace& ws) const {
  const auto S = static_cast<Eigen::Index>(model_.shocks.size());
  for (Eigen::Index s = 0; s < S; ++s) {
    if (model_.shocks[s].sd > 0) {
      sample::fill_standard_normals(seed, static_cast<std::uint64_t>(first_path), shock_streams_[s],
                                    static_cast<std::uint32_t>(year_index), {&ws.shocks(0, s), static_cast<std::size_t>(rows)});
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

  ws.slots.resize(B, L.count());
  ws.shocks.resize(B, S);
  ws.shock_state.resize(B, S);
  ws.target_series.resize(B, T * Y);
  out.indicators.resize(B, static_cast<Eigen::Index>(Y) * I);
  out.targets.resize(B, T);
  out.sign_flips.assign(static_cast<std::size_t>(Y) * static_cast<std::size_t>(I), 0);

  if (L.parameters > 0) ws.slots.leftCols(L.parameters) = parameters;
  std::vector<const double*> slot(static_cast<std::size_t>(L.count()));
  for (int k = 0; k < L.count(); ++k) slot[k] = &ws.slots(0, k);
  auto column = [&](int k) { return &ws.slots(0, k); };
  auto evaluate = [&](const expr::Program& program, double* dst) {
    expr::evaluate(program, slot, B, ws.registers, dst);
  };

  for (int y = 0; y < Y; ++y) {
    ws.slots.col(L.year()).setConstant(m.base_year + y);
    ws.slots.col(L.t()).setConstant(y);
    if (y == 0) {
      // In the base year prev(x) and base(x) are x's base value.
      if (S > 0) ws.slots.middleCols(L.shock(0), S).setZero();
      for (int i = 0; i < I; ++i) slot[L.previous(i)] = slot[L.base(i)] = column(L.current(i));
      for (int i : m.base_order) evaluate(m.indicators[i].base_program, column(L.current(i)));
      if (I > 0) {
        ws.slots.middleCols(L.base(0), I) = ws.slots.middleCols(L.current(0), I);
        ws.slots.middleCols(L.previous(0), I) = ws.slots.middleCols(L.current(0), I);
      }
      for (int i = 0; i < I; ++i) {
        slot[L.previous(i)] = column(L.previous(i));
        slot[L.base(i)] = column(L.base(i));
      }
    } else {
      if (I > 0) ws.slots.middleCols(L.previous(0), I) = ws.slots.middleCols(L.current(0), I);
      if (S > 0) {
        if (with_shocks) {
          draw_shocks(seed, first_path, y, B, ws);
          ws.slots.middleCols(L.shock(0), S) = ws.shock_state;
        } else {
          ws.slots.middleCols(L.shock(0), S).setZero();
        }
      }
      for (int i : m.step_order) {
        const model::Indicator& ind = m.indicators[i];
        auto current = ws.slots.col(L.current(i));
        auto previous = ws.slots.col(L.previous(i));
        switch (ind.rule) {
          case RuleKind::growth: {
            evaluate(ind.rule_program, column(L.current(i)));
            // Below -100% a level would fall by more than all of it and change
            // sign: not a number, so no probability counts the path as met.
            // The minimum (ignoring NaN) keeps the common case to one pass.
            if (current.minCoeff<Eigen::PropagateNumbers>() < -1.0) {
              auto flips = current < -1.0 && previous.abs() > 0.0;
              out.sign_flips[static_cast<std::size_t>(y * I + i)] += flips.count();
              current = flips.select(std::numeric_limits<double>::quiet_NaN(), previous * (1.0 + current));
            } else {
              current = previous * (1.0 + current);
            }
            break;
          }
          case RuleKind::change:
            evaluate(ind.rule_program, column(L.current(i)));
            current += previous;
            break;
          case RuleKind::value:
            evaluate(ind.rule_program, column(L.current(i)));
            break;
          case RuleKind::path:
            current.setConstant(ind.path[static_cast<std::size_t>(y)]);
            break;
        }
      }
    }
    if (I > 0) out.indicators.middleCols(static_cast<Eigen::Index>(y) * I, I) = ws.slots.middleCols(L.current(0), I);
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
        for (int year = target.first_year + 1; year <= target.last_year; ++year) {
          auto next = series(year);
          // min/max would drop a NaN; a year that is not a number makes the window not a number.
          const double nan = std::numeric_limits<double>::quiet_NaN();
          if (target.at_least) {
            measured = (measured.isNaN() || next.isNaN()).select(nan, measured.min(next));
          } else {
            measured = (measured.isNaN() || next.isNaN()).select(nan, measured.max(next));
          }
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

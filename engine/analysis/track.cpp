// Tracking (track.hpp): the paths of a run weighed by the observations.
#include "analysis/track.hpp"

#include <algorithm>
#include <cmath>
#include <fmt/format.h>
#include <limits>
#include <numeric>

namespace goalpath::analysis {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kInf = std::numeric_limits<double>::infinity();

/// Log-likelihood of each observation on each path (paths x observations):
/// -((value - path's value) / sd)^2 / 2; -inf where the path's value is NaN.
Eigen::ArrayXXd log_likelihoods(const model::Model& model, const sim::RecordedPaths& recorded) {
  const auto I = static_cast<Eigen::Index>(model.indicators.size());
  const Eigen::Index n = recorded.rows(), K = static_cast<Eigen::Index>(model.observations.size());
  Eigen::ArrayXXd out(n, K);
  for (Eigen::Index j = 0; j < K; ++j) {
    const model::Observation& o = model.observations[static_cast<std::size_t>(j)];
    const Eigen::Index column = recorded.find(static_cast<Eigen::Index>(o.year - model.base_year) * I + o.indicator);
    const auto x = recorded.indicators.col(column);
    for (Eigen::Index k = 0; k < n; ++k) {
      const double z = (o.value - x[k]) / o.sd;
      out(k, j) = std::isnan(z) ? -kInf : -0.5 * z * z;
    }
  }
  return out;
}

/// Weights exp(ll - max ll), summed in path order; all 0 when no path is possible.
Eigen::ArrayXd weights_of(const Eigen::ArrayXd& log_likelihood) {
  const double top = log_likelihood.size() ? log_likelihood.maxCoeff() : -kInf;
  if (!std::isfinite(top)) return Eigen::ArrayXd::Zero(log_likelihood.size());
  return (log_likelihood - top).exp();
}

double effective_paths(const Eigen::ArrayXd& w) {
  double sum = 0, squares = 0;
  for (Eigen::Index k = 0; k < w.size(); ++k) {
    sum += w[k];
    squares += w[k] * w[k];
  }
  return squares > 0 ? sum * sum / squares : 0;
}

/// Self-normalised estimate of P(met) over the paths whose value is a number,
/// with its delta-method standard error sqrt(sum w^2 (m - p)^2) / sum w.
ProbabilityEstimate weighted_probability(const model::Target& target, const Eigen::Ref<const Eigen::ArrayXd>& measured,
                                         const Eigen::ArrayXd& w, const model::Model& model) {
  double sum = 0, met = 0;
  for (Eigen::Index k = 0; k < w.size(); ++k) {
    if (!model::Target::counts(measured[k])) continue;
    sum += w[k];
    if (target.met(measured[k])) met += w[k];
  }
  ProbabilityEstimate e;
  if (!(sum > 0)) {
    e.probability = e.probability_se = kNaN;
    return e;
  }
  e.probability = met / sum;
  double spread = 0;
  for (Eigen::Index k = 0; k < w.size(); ++k) {
    if (!model::Target::counts(measured[k])) continue;
    const double d = (target.met(measured[k]) ? 1.0 : 0.0) - e.probability;
    spread += w[k] * w[k] * d * d;
  }
  e.probability_se = std::sqrt(spread) / sum;
  e.status = status_of(e.probability, model.on_track, model.at_risk);
  return e;
}

ValueSummary summary_of(const Eigen::Ref<const Eigen::ArrayXd>& values, const Eigen::ArrayXd& w) {
  const sim::Quantiles q = weighted_quantiles(values, w);
  double sum = 0, total = 0;
  for (Eigen::Index k = 0; k < values.size(); ++k) {
    if (std::isnan(values[k])) continue;
    sum += w[k] * values[k];
    total += w[k];
  }
  return {total > 0 ? sum / total : kNaN, q.p05, q.p50, q.p95};
}

/// The share of weight below `value` among the paths' values, ties counting half.
double weighted_percentile(const Eigen::Ref<const Eigen::ArrayXd>& values, const Eigen::ArrayXd& w, double value) {
  double below = 0, total = 0;
  for (Eigen::Index k = 0; k < values.size(); ++k) {
    if (std::isnan(values[k])) continue;
    total += w[k];
    if (values[k] < value) below += w[k];
    else if (values[k] == value) below += 0.5 * w[k];
  }
  return total > 0 ? below / total : kNaN;
}

std::string number(double v) { return fmt::format("{:.4g}", v); }

}  // namespace

sim::Quantiles weighted_quantiles(const Eigen::Ref<const Eigen::ArrayXd>& values,
                                  const Eigen::Ref<const Eigen::ArrayXd>& weights) {
  sim::Quantiles q;
  std::vector<Eigen::Index> order;
  order.reserve(static_cast<std::size_t>(values.size()));
  double total = 0;
  for (Eigen::Index k = 0; k < values.size(); ++k) {
    if (std::isnan(values[k])) {
      ++q.nan;
      ++q.nonfinite;
      continue;
    }
    if (std::isinf(values[k])) ++q.nonfinite;
    else ++q.finite;
    if (weights[k] > 0) {
      order.push_back(k);
      total += weights[k];
    }
  }
  double* out[] = {&q.p05, &q.p10, &q.p25, &q.p50, &q.p75, &q.p90, &q.p95};
  const double levels[] = {0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95};
  if (order.empty()) {
    for (double* p : out) *p = kNaN;
    q.min = q.max = kNaN;
    return q;
  }
  std::sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
    return values[a] < values[b] || (values[a] == values[b] && a < b);
  });
  q.min = values[order.front()];
  q.max = values[order.back()];
  double cumulative = 0;
  std::size_t level = 0;
  for (Eigen::Index k : order) {
    cumulative += weights[k];
    while (level < 7 && cumulative >= levels[level] * total) *out[level++] = values[k] == 0 ? 0.0 : values[k];
  }
  while (level < 7) *out[level++] = q.max;  // rounding left the top short of the total
  return q;
}

TrackResult analyse_track(const model::Model& model, const sim::MonteCarloOutcome& mc, RunResult prior,
                          const TrackSettings& settings) {
  const sim::RecordedPaths& recorded = mc.recorded;
  const auto I = static_cast<Eigen::Index>(model.indicators.size());
  const Eigen::Index n = recorded.rows(), IY = I * model.year_count();
  if (n != mc.paths || static_cast<Eigen::Index>(recorded.columns.size()) != IY) {
    throw std::invalid_argument("analyse_track needs every path with every indicator column recorded");
  }
  TrackResult out;
  out.paths = n;
  out.last_observed_year = model.base_year;
  const Eigen::ArrayXXd ll = log_likelihoods(model, recorded);
  const Eigen::Index K = ll.cols();
  const Eigen::ArrayXd total_ll = K > 0 ? Eigen::ArrayXd(ll.rowwise().sum()) : Eigen::ArrayXd::Zero(n);
  const Eigen::ArrayXd w = weights_of(total_ll);
  out.effective_paths = effective_paths(w);

  // Each observation against the projection from what was known before its year.
  Eigen::ArrayXd before_ll = Eigen::ArrayXd::Zero(n);
  for (Eigen::Index j = 0; j < K;) {
    const int year = model.observations[static_cast<std::size_t>(j)].year;
    const Eigen::ArrayXd before = weights_of(before_ll);
    Eigen::Index end = j;
    for (; end < K && model.observations[static_cast<std::size_t>(end)].year == year; ++end) {
      const model::Observation& o = model.observations[static_cast<std::size_t>(end)];
      const model::Indicator& ind = model.indicators[static_cast<std::size_t>(o.indicator)];
      const auto x = recorded.indicators.col(static_cast<Eigen::Index>(o.year - model.base_year) * I + o.indicator);
      TrackObservation t;
      t.indicator = ind.name;
      t.label = ind.label;
      t.unit = ind.unit;
      t.source = o.source;
      t.year = o.year;
      t.value = o.value;
      t.sd = o.sd;
      t.percentile = weighted_percentile(x, before, o.value);
      t.projected_p50 = weighted_quantiles(x, before).p50;
      const double spread = x.maxCoeff() - x.minCoeff();
      if (!(spread > 0)) {
        out.warnings.push_back(fmt::format(
            "the {} value of '{}' takes one value on every path ({}): observing it says nothing about the "
            "uncertain parameters, and weighs every path alike",
            o.year, ind.name, number(x[0])));
      } else if (t.percentile < 0.001 || t.percentile > 0.999) {
        out.warnings.push_back(fmt::format(
            "the {} value of '{}', {}, lies beyond almost every path projected before it (percentile {}): the "
            "scenario's uncertainty is too narrow there, or the observation is on another basis (a revised "
            "series, other units); the update rests on the few paths nearest it",
            o.year, ind.name, number(o.value), number(100 * t.percentile)));
      }
      out.observations.push_back(std::move(t));
      out.last_observed_year = std::max(out.last_observed_year, o.year);
    }
    for (; j < end; ++j) before_ll += ll.col(j);
  }

  if (K > 0 && out.effective_paths < kMinimumEffectivePaths) {
    const model::Observation& first = model.observations.front();
    throw InputError(first.pos, "degenerate-weights",
                     fmt::format("the observations leave {:.0f} effective paths of {}: too few to trust any "
                                 "probability read from them",
                                 out.effective_paths, n),
                     "run more paths (" + option_ref("paths") +
                         "), or state a larger observation error (observation_sd: on the observed indicators)");
  }
  if (K > 0 && out.effective_paths < kFewEffectivePaths) {
    out.warnings.push_back(fmt::format(
        "the observations leave {:.0f} effective paths of {}: the updated probabilities rest on few paths (their "
        "standard errors say how much); more paths make them firmer",
        out.effective_paths, n));
  }
  if (K == 0) {
    out.warnings.push_back("the scenario has no observed values after its base year " +
                           std::to_string(model.base_year) +
                           ": the update is the projection itself (add the years since to the indicators' history)");
  }

  out.posterior = prior;
  RunResult& post = out.posterior;
  std::vector<double> weight_list(w.data(), w.data() + w.size());
  double joint_sum = 0, joint_met = 0;
  Eigen::Array<bool, Eigen::Dynamic, 1> all_met = Eigen::Array<bool, Eigen::Dynamic, 1>::Ones(n);
  Eigen::Array<bool, Eigen::Dynamic, 1> all_count = Eigen::Array<bool, Eigen::Dynamic, 1>::Ones(n);
  for (std::size_t t = 0; t < model.targets.size(); ++t) {
    const model::Target& target = model.targets[t];
    const auto measured = recorded.targets.col(static_cast<Eigen::Index>(t));
    for (Eigen::Index k = 0; k < n; ++k) {
      all_count[k] = all_count[k] && model::Target::counts(measured[k]);
      all_met[k] = all_met[k] && target.met(measured[k]);
    }
    TrackTarget tt;
    const TargetResult& before = prior.targets[t];
    tt.id = before.id;
    tt.label = before.label;
    tt.subject = before.subject;
    tt.unit = before.unit;
    tt.ask = before.ask;
    tt.prior.probability = before.probability.value_or(kNaN);
    tt.prior.probability_se = before.probability_se.value_or(kNaN);
    tt.prior.status = before.status;
    tt.posterior = weighted_probability(target, measured, w, model);
    for (Eigen::Index j = 0; j < K; ++j) {
      const ProbabilityEstimate without = weighted_probability(target, measured, weights_of(total_ll - ll.col(j)), model);
      tt.moved_by.push_back({static_cast<std::size_t>(j), tt.posterior.probability - without.probability});
    }
    std::stable_sort(tt.moved_by.begin(), tt.moved_by.end(), [](const ObservationEffect& a, const ObservationEffect& b) {
      return std::abs(a.change) > std::abs(b.change);
    });
    TargetResult& after = post.targets[t];
    after.probability = tt.posterior.probability;
    after.probability_se = tt.posterior.probability_se;
    after.status = tt.posterior.status;
    after.quantiles = weighted_quantiles(measured, w);
    out.targets.push_back(std::move(tt));
  }
  auto signposts = all_target_signposts(model, recorded, weight_list, out.last_observed_year, settings.via_indicator,
                                        settings.seed, settings.threads);
  for (std::size_t t = 0; t < signposts.size(); ++t) {
    post.targets[t].signposts = signposts[t];
    out.targets[t].signposts = std::move(signposts[t]);
  }
  for (Eigen::Index k = 0; k < n; ++k) {
    if (!all_count[k]) continue;
    joint_sum += w[k];
    if (all_met[k]) joint_met += w[k];
  }
  if (joint_sum > 0 && post.joint_probability) {
    double spread = 0;
    const double p = joint_met / joint_sum;
    for (Eigen::Index k = 0; k < n; ++k) {
      if (!all_count[k]) continue;
      const double d = (all_met[k] ? 1.0 : 0.0) - p;
      spread += w[k] * w[k] * d * d;
    }
    post.joint_probability = p;
    post.joint_probability_se = std::sqrt(spread) / joint_sum;
  }
  for (std::size_t i = 0; i < post.indicators.size(); ++i) {
    IndicatorResult& r = post.indicators[i];
    for (int y = 0; y < model.year_count(); ++y) {
      if (r.p05.size() <= static_cast<std::size_t>(y)) break;
      const sim::Quantiles q =
          weighted_quantiles(recorded.indicators.col(static_cast<Eigen::Index>(y) * I + static_cast<Eigen::Index>(i)), w);
      r.p05[y] = q.p05;
      r.p10[y] = q.p10;
      r.p25[y] = q.p25;
      r.p50[y] = q.p50;
      r.p75[y] = q.p75;
      r.p90[y] = q.p90;
      r.p95[y] = q.p95;
    }
  }
  const Eigen::ArrayXd ones = Eigen::ArrayXd::Ones(n);
  for (std::size_t p = 0; p < model.parameters.size(); ++p) {
    if (!model.parameters[p].uncertain()) continue;
    const auto values = recorded.parameters.col(static_cast<Eigen::Index>(p));
    out.parameters.push_back({model.parameters[p].name, model.parameters[p].source, summary_of(values, ones),
                              summary_of(values, w)});
  }
  for (const auto& warning : out.warnings) post.warnings.push_back(warning);
  out.prior = std::move(prior);
  return out;
}

}  // namespace goalpath::analysis

// Break-even values (a scan, then Brent) and the paths targets need.
//
// Why scan first: brent_root needs a bracket with a sign change, and a
// planner's question ("what growth do we need?") has no bracket to hand.
// The scan evaluates the whole search interval in one batch (257 points
// cost about as much as one), so it also finds every crossing of a model
// that is not monotone in the parameter, skips regions where the model is
// undefined, and tells "met everywhere" from "met nowhere" when there is no
// crossing at all.
#include "analysis/solve.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "analysis/methods.hpp"
#include "model/setting.hpp"

namespace goalpath::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string number(double x) { return fmt::format("{:.7g}", x); }

/// Measured values of target t with parameter p at each of xs, the rest at value, shocks 0.
std::vector<double> measure(const model::Model& model, int p, int t, const std::vector<double>& xs) {
  Eigen::ArrayXXd rows = sim::central_parameters(model).replicate(static_cast<Eigen::Index>(xs.size()), 1);
  for (std::size_t k = 0; k < xs.size(); ++k) rows(static_cast<Eigen::Index>(k), p) = xs[k];
  sim::SimulationOptions one;
  one.threads = 1;  // a handful of rows: threads would cost more than they save
  one.paths = 1;
  const Eigen::ArrayXXd out = sim::evaluate_points(model, rows, false, one);
  std::vector<double> values(xs.size());
  for (std::size_t k = 0; k < xs.size(); ++k) values[k] = out(static_cast<Eigen::Index>(k), t);
  return values;
}

/// The search interval and how it was chosen.
std::pair<double, double> search_interval(const model::Parameter& param, const SolveOptions& o, std::string& basis) {
  const sample::Marginal& m = param.marginal;
  if (o.within) {
    basis = "--within";
    return *o.within;
  }
  if (std::isfinite(m.lower_bound) && std::isfinite(m.upper_bound)) {
    basis = "the parameter's bounds";
    return {m.lower_bound, m.upper_bound};
  }
  double lo, hi;
  if (param.uncertain()) {
    // The distribution's 0.1%-99.9% range, widened by its width on each side:
    // a break-even a little outside what the scenario thinks plausible is
    // still worth reporting (and flagging), one far outside is not an answer.
    lo = m.quantile(0.001);
    hi = m.quantile(0.999);
    const double width = hi - lo;
    lo = std::max(lo - width, m.lower_bound);
    hi = std::min(hi + width, m.upper_bound);
    basis = "plausible range: the 0.1%-99.9% quantiles widened by their width on each side";
  } else {
    const double reach = param.value == 0 ? 1.0 : 10 * std::abs(param.value);
    lo = param.value - reach;
    hi = param.value + reach;
    basis = param.value == 0 ? "value ± 1 (the value is 0)" : "value ± 10·|value|";
  }
  return {lo, hi};
}

/// P(met) of target t as a function of the centre of parameter p, every
/// call on the same paths. NaN where the parameter cannot take the value
/// (a centre that breaks its bounds) or no path has a finite value.
class ProbabilityCurve {
 public:
  ProbabilityCurve(const model::Model& model, int p, int t, const sim::SimulationOptions& options)
      : model_(model), p_(p), t_(t), options_(options) {
    options_.quantiles = false;  // only counts are read
    options_.progress = nullptr;
  }
  double operator()(double x) {
    ++runs;
    model::Model at;
    try {
      at = model::apply_settings(model_, {{model_.parameters[static_cast<std::size_t>(p_)].name, x,
                                           model::SettingMode::set, {option_ref("param")}}});
    } catch (const InputError&) {
      return kNaN;
    }
    const sim::MonteCarloOutcome mc = sim::run_monte_carlo(at, options_);
    finite = mc.target_finite[static_cast<std::size_t>(t_)];
    if (finite == 0) return kNaN;
    return static_cast<double>(mc.target_met[static_cast<std::size_t>(t_)]) / static_cast<double>(finite);
  }
  int runs = 0;
  std::int64_t finite = 0;  // of the last run

 private:
  const model::Model& model_;
  int p_, t_;
  sim::SimulationOptions options_;
};

ProbabilitySolution solve_probability(const model::Model& model, int p, int t, double lo, double hi,
                                      const SolveOptions& o) {
  const model::Parameter& param = model.parameters[static_cast<std::size_t>(p)];
  ProbabilitySolution s;
  s.probability = *o.probability;
  s.paths = o.simulation.paths;
  s.value_se = s.slope = kNaN;
  ProbabilityCurve curve(model, p, t, o.simulation);
  s.probability_at_current = curve(param.value);

  const int K = std::max(3, o.probability_scan_points);
  std::vector<double> xs(static_cast<std::size_t>(K)), ps(static_cast<std::size_t>(K));
  for (int k = 0; k < K; ++k) {
    xs[static_cast<std::size_t>(k)] = lo + (hi - lo) * k / (K - 1);
    if (o.simulation.progress) o.simulation.progress(0.5 * k / K);
    ps[static_cast<std::size_t>(k)] = curve(xs[static_cast<std::size_t>(k)]);
  }
  // h(x) >= 0 exactly where P(met) reaches the probability asked for.
  auto above = [&](double pr) { return pr >= s.probability; };
  std::vector<std::size_t> brackets;
  double lowest = 1, highest = 0;
  for (std::size_t k = 0; k < xs.size(); ++k) {
    if (!std::isfinite(ps[k])) continue;
    lowest = std::min(lowest, ps[k]);
    highest = std::max(highest, ps[k]);
    if (k + 1 < xs.size() && std::isfinite(ps[k + 1]) && above(ps[k]) != above(ps[k + 1])) brackets.push_back(k);
  }
  if (brackets.empty()) {
    const std::string interval = "[" + number(lo) + ", " + number(hi) + "]";
    s.reason = lowest > highest
                   ? "the target's value is not a number for any " + param.name + " in " + interval
                   : fmt::format("P(met) stays between {} and {} for {} in {}, never crossing {}", number(lowest),
                                 number(highest), param.name, interval, number(s.probability));
    s.runs = curve.runs;
    return s;
  }
  auto distance = [&](std::size_t k) {
    const double a = xs[k], b = xs[k + 1], c = param.value;
    return c < a ? a - c : c > b ? c - b : 0.0;
  };
  const std::size_t k = *std::min_element(brackets.begin(), brackets.end(),
                                          [&](std::size_t a, std::size_t b) { return distance(a) < distance(b); });
  s.bracket_low = xs[k];
  s.bracket_high = xs[k + 1];
  s.direction = above(ps[k + 1]) ? "increase" : "decrease";
  // Bisection: P(x) is a step function of x on fixed paths, so no smoother
  // root finder would gain; 24 halvings leave 1e-7 of the scan step.
  double a = xs[k], b = xs[k + 1];
  const bool a_above = above(ps[k]);
  for (int i = 0; i < 24; ++i) {
    if (o.simulation.progress) o.simulation.progress(0.5 + 0.4 * i / 24);
    const double m = 0.5 * (a + b);
    const double pm = curve(m);
    if (!std::isfinite(pm)) break;
    (above(pm) == a_above ? a : b) = m;
  }
  const double x = 0.5 * (a + b);
  s.value = x;
  // The slope over a step that the parameter's own spread makes natural
  // (a tenth of its 10%-90% range), else a hundredth of the search interval.
  const sample::Marginal& m = param.marginal;
  s.slope_step = param.uncertain() ? 0.1 * (m.quantile(0.9) - m.quantile(0.1)) : 0.01 * (hi - lo);
  double p_plus = curve(x + s.slope_step), p_minus = curve(x - s.slope_step), span = 2 * s.slope_step;
  // Next to a bound one side may be out of reach: a one-sided difference then.
  if (!std::isfinite(p_plus) || !std::isfinite(p_minus)) {
    (std::isfinite(p_plus) ? p_minus : p_plus) = curve(x);
    span = s.slope_step;
  }
  const double n = static_cast<double>(curve.finite);
  s.slope = (p_plus - p_minus) / span;
  const double se_p = std::sqrt(s.probability * (1 - s.probability) / n);
  s.value_se = std::isfinite(s.slope) && s.slope != 0 ? se_p / std::abs(s.slope) : kNaN;
  s.runs = curve.runs;
  if (o.simulation.progress) o.simulation.progress(1.0);
  return s;
}

}  // namespace

SolveResult solve_break_even(const model::Model& model, const SolveOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  const int p = require_parameter(model, o.param, {option_ref("param") + " " + o.param});
  const int t = require_target(model, o.target, {option_ref("target") + " " + o.target});
  if (o.within && !(std::isfinite(o.within->first) && std::isfinite(o.within->second) && o.within->first < o.within->second)) {
    throw InputError({option_ref("within")}, "bad-option", option_ref("within") + " needs LOW:HIGH with LOW < HIGH, both finite",
                     "e.g. " + option_ref("within") + " 0:0.15");
  }
  if (o.probability && !(*o.probability > 0 && *o.probability < 1)) {
    throw InputError({option_ref("probability") + " " + number(*o.probability)}, "bad-option", option_ref("probability") + " must lie strictly between 0 and 1",
                     "e.g. " + option_ref("probability") + " 0.8 for an 80% chance of meeting the target");
  }
  if (o.scan_points < 3) throw std::invalid_argument("SolveOptions.scan_points is " + std::to_string(o.scan_points) + "; it must be >= 3");
  const model::Parameter& param = model.parameters[static_cast<std::size_t>(p)];
  const model::Target& target = model.targets[static_cast<std::size_t>(t)];

  SolveResult r;
  r.info.scenario_id = model.id;
  r.info.title = model.title;
  r.info.language = model.language;
  r.target = target.id;
  r.label = target.label;
  r.unit = target.kind == scenario::TargetKind::cagr ? "" : target.unit;  // a cagr's value is a rate
  r.ask = TargetAsk::of(target);
  r.param = param.name;
  r.current = param.value;
  auto [lo, hi] = search_interval(param, o, r.search_basis);
  r.search_low = lo;
  r.search_high = hi;

  // g >= 0 exactly when the target is met, for >= and <= alike.
  const double sign = target.at_least ? 1.0 : -1.0;
  auto g_of = [&](double measured) { return sign * (measured - target.threshold); };
  auto g = [&](double x) { return g_of(measure(model, p, t, {x})[0]); };

  std::vector<double> xs(static_cast<std::size_t>(o.scan_points));
  for (int k = 0; k < o.scan_points; ++k) xs[static_cast<std::size_t>(k)] = lo + (hi - lo) * k / (o.scan_points - 1);
  xs.push_back(r.current);
  std::vector<double> measured = measure(model, p, t, xs);
  r.value_at_current = measured.back();
  r.met_at_current = target.met(r.value_at_current);
  xs.pop_back();
  measured.pop_back();

  // Brackets: neighbouring scan points, both finite, on either side of 0.
  std::vector<std::pair<double, double>> brackets;
  std::size_t finite = 0, met = 0, best = xs.size();
  for (std::size_t k = 0; k < xs.size(); ++k) {
    const double gk = g_of(measured[k]);
    if (!std::isfinite(gk)) continue;
    ++finite;
    met += gk >= 0;
    if (best == xs.size() || gk > g_of(measured[best])) best = k;
    if (k + 1 < xs.size()) {
      const double gn = g_of(measured[k + 1]);
      if (std::isfinite(gn) && (gk < 0) != (gn < 0)) brackets.emplace_back(xs[k], xs[k + 1]);
    }
  }
  if (brackets.empty()) {
    const std::string interval = "[" + number(lo) + ", " + number(hi) + "]";
    if (finite == 0) {
      r.reason = "the target's value is not a number for any " + param.name + " in " + interval;
    } else if (met == finite) {
      r.reason = "the target is met for every " + param.name + " in " + interval + " (" + r.search_basis + ")";
    } else if (met == 0) {
      r.reason = fmt::format("no {} in {} meets the target ({}): the closest is {} at {} = {}, against a threshold of {}",
                             param.name, interval, r.search_basis, number(measured[best]), param.name, number(xs[best]),
                             number(target.threshold));
    } else {
      r.reason = "the target is met in parts of " + interval + " that are separated by values where the model is "
                 "not defined; no crossing can be located";
    }
    r.path_needed = paths_needed(model, {target.id}).front();
    if (o.probability) r.probability = solve_probability(model, p, t, lo, hi, o);
    r.info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return r;
  }

  // The crossing nearest to the current value answers the question; the
  // others are reported so that a non-monotone model does not surprise.
  auto distance = [&](const std::pair<double, double>& b) {
    return r.current < b.first ? b.first - r.current : r.current > b.second ? r.current - b.second : 0.0;
  };
  std::stable_sort(brackets.begin(), brackets.end(),
                   [&](const auto& a, const auto& b) { return distance(a) < distance(b); });
  BrentOptions brent;
  brent.x_tolerance = 1e-12 * std::max({1.0, std::abs(lo), std::abs(hi)});
  for (std::size_t k = 0; k < brackets.size(); ++k) {
    const auto [a, b] = brackets[k];
    std::optional<double> root;
    try {
      root = brent_root(g, a, b, brent);
    } catch (const std::domain_error&) {
      root.reset();  // undefined somewhere inside: not a usable crossing
    }
    if (!root) continue;
    if (!r.break_even) {
      r.break_even = *root;
      r.direction = g(b) >= 0 ? "increase" : "decrease";
    } else {
      r.other_crossings.push_back(*root);
    }
  }
  std::sort(r.other_crossings.begin(), r.other_crossings.end());
  if (!r.break_even) r.reason = "the model's value is not defined next to every crossing found by the scan";
  r.path_needed = paths_needed(model, {target.id}).front();
  if (o.probability) r.probability = solve_probability(model, p, t, lo, hi, o);
  r.info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

namespace {

NeededPath needed_path(const model::Model& model, const sim::DeterministicOutcome& det, int t) {
  const model::Target& target = model.targets[static_cast<std::size_t>(t)];
  NeededPath n;
  n.target = target.id;
  n.label = target.label;
  n.subject = target.subject;
  n.unit = target.unit;
  n.ask = TargetAsk::of(target);
  n.required_rate = n.projected_rate = kNaN;
  n.binding_year = target.last_year;
  const int first = target.kind == scenario::TargetKind::cagr ? target.first_year : model.base_year;
  for (int y = first; y <= target.last_year; ++y) {
    n.years.push_back(y);
    n.projected.push_back(det.target_series(y - model.base_year, t));
  }
  const double start = n.projected.front();
  auto fill = [&](bool compound, double rate) {
    n.rates = compound ? "compound" : "linear";
    n.required_rate = rate;
    for (std::size_t k = 0; k < n.years.size(); ++k) {
      const auto steps = static_cast<double>(k);
      n.needed.push_back(compound ? start * std::pow(1 + rate, steps) : start + rate * steps);
    }
    const auto span = static_cast<double>(n.binding_year - first);
    const double reached = n.projected[static_cast<std::size_t>(n.binding_year - first)];
    if (span > 0) n.projected_rate = compound ? (reached > 0 ? std::pow(reached / start, 1 / span) - 1 : kNaN) : (reached - start) / span;
  };

  if (!std::isfinite(start)) {
    n.note = "the subject's value in " + std::to_string(first) + " is not a number";
    return n;
  }
  if (target.kind == scenario::TargetKind::cagr) {
    if (!(start > 0)) {
      n.note = "a growth rate from a level of " + number(start) + " is not defined";
      return n;
    }
    fill(true, target.threshold);
    return n;
  }
  // Every year in the window must meet the bound: the rate is the most
  // demanding of the per-year requirements (largest for >=, smallest for <=).
  const int window_first = target.kind == scenario::TargetKind::every_year ? target.first_year : target.last_year;
  const bool compound = start > 0 && target.threshold > 0;
  std::optional<double> rate;
  for (int y = window_first; y <= target.last_year; ++y) {
    const double steps = y - model.base_year;
    if (steps == 0) {
      if (!target.met(start)) {
        n.note = "the base year is in the target's window and does not meet it; no path from it can";
        return n;
      }
      continue;
    }
    const double need = compound ? std::pow(target.threshold / start, 1 / steps) - 1 : (target.threshold - start) / steps;
    if (!rate || (target.at_least ? need > *rate : need < *rate)) {
      rate = need;
      n.binding_year = y;
    }
  }
  if (!rate) {
    n.note = "the window holds only the base year, which meets the target";
    n.needed = n.projected;
    return n;
  }
  fill(compound, *rate);
  return n;
}

}  // namespace

std::vector<NeededPath> paths_needed(const model::Model& model, const std::vector<std::string>& targets) {
  std::vector<int> indices;
  for (const auto& id : targets) indices.push_back(require_target(model, id, {option_ref("target") + " " + id}));
  if (targets.empty()) {
    for (std::size_t t = 0; t < model.targets.size(); ++t) indices.push_back(static_cast<int>(t));
  }
  const sim::DeterministicOutcome det = sim::run_deterministic(model);
  std::vector<NeededPath> out;
  for (int t : indices) out.push_back(needed_path(model, det, t));
  return out;
}

}  // namespace goalpath::analysis

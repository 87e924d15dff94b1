#include "analysis/run.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <sstream>

namespace goalpath::analysis {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Compound annual rate from a to b over n years; NaN when a level is <= 0.
double compound_rate(double from, double to, double years) {
  if (!(from > 0) || !(to > 0) || !(years > 0)) return kNaN;
  return std::pow(to / from, 1.0 / years) - 1.0;
}

std::string describe(const sample::Marginal& m) {
  std::ostringstream s;
  s.precision(6);
  switch (m.dist) {
    case sample::Distribution::fixed: return "fixed";
    case sample::Distribution::normal: s << "normal(sd=" << m.sd; break;
    case sample::Distribution::lognormal: s << "lognormal(sd=" << m.sd; break;
    case sample::Distribution::uniform: s << "uniform(" << m.low << ", " << m.high; break;
    case sample::Distribution::triangular: s << "triangular(" << m.low << ", " << m.high; break;
  }
  if (std::isfinite(m.lower_bound) || std::isfinite(m.upper_bound)) {
    s << "; bounds " << m.lower_bound << ", " << m.upper_bound;
  }
  s << ")";
  return s.str();
}

/// The year of an every_year target's window that needs the fastest
/// constant growth from the base year: a path growing at g a year meets
/// `>= T` in year y iff g >= (T/start)^(1/(y-base)) - 1, so it meets every
/// year iff g is at least the largest of these (the smallest for `<=`).
/// The worst projected year is not the binding one: a share that must hold
/// from the first year binds there, however it moves later. The last year
/// when a rate is undefined (a level <= 0), as for a level target.
int binding_year(const model::Target& target, double start, int base_year) {
  int binding = target.last_year;
  double need = kNaN;
  for (int year = std::max(target.first_year, base_year + 1); year <= target.last_year; ++year) {
    const double rate = compound_rate(start, target.threshold, year - base_year);
    if (std::isnan(rate)) return target.last_year;
    if (std::isnan(need) || (target.at_least ? rate > need : rate < need)) {
      need = rate;
      binding = year;
    }
  }
  return binding;
}

/// The required and actual rates and the class for one target (CLI.md).
Progress progress_of(const model::Model& model, const model::Target& target, const TargetResult& r) {
  Progress p;
  p.basis = "projected";
  p.rates = "compound";
  const int base = model.base_year;
  if (target.kind == scenario::TargetKind::cagr) {
    p.required_rate = target.threshold;
    p.actual_rate = r.projected_cagr;
    if (target.indicator >= 0) {
      const auto& history = model.indicators[target.indicator].history;
      auto first = history.find(target.first_year);
      auto latest = history.upper_bound(model.last_year);
      if (first != history.end() && latest != history.begin()) {
        --latest;
        if (latest->first > target.first_year && latest->first > base) {
          p.basis = "observed";
          p.actual_rate = compound_rate(first->second, latest->second, latest->first - target.first_year);
        }
      }
    }
  } else {
    const int year = r.required_year;
    const double years = year - base;
    const double start = r.series.empty() ? kNaN : r.series.front();
    double latest_value = start, latest_years = 0;
    if (target.indicator >= 0) {
      const auto& history = model.indicators[target.indicator].history;
      auto latest = history.upper_bound(model.last_year);
      if (latest != history.begin() && std::prev(latest)->first > base) {
        --latest;
        p.basis = "observed";
        latest_value = latest->second;
        latest_years = latest->first - base;
      }
    }
    if (target.met(latest_value) && (p.basis == "observed" || target.kind == scenario::TargetKind::level ||
                                       target.kind == scenario::TargetKind::every_year)) {
      p.progress_class = ProgressClass::achieved;
      p.ratio = kNaN;
      p.required_rate = compound_rate(start, target.threshold, years);
      p.actual_rate = p.basis == "observed" ? compound_rate(start, latest_value, latest_years) : r.projected_cagr;
      return p;
    }
    p.required_rate = compound_rate(start, target.threshold, years);
    p.actual_rate = p.basis == "observed" ? compound_rate(start, latest_value, latest_years) : r.projected_cagr;
    if (std::isnan(p.required_rate) || std::isnan(p.actual_rate)) {
      // A level at or below zero (a running sum that starts at 0): linear rates.
      p.rates = "linear";
      p.required_rate = (target.threshold - start) / years;
      double end = p.basis == "observed" ? latest_value : r.series[static_cast<std::size_t>(year - base)];
      double span = p.basis == "observed" ? latest_years : years;
      p.actual_rate = (end - start) / span;
    }
  }
  if (p.required_rate == 0) {
    p.ratio = kNaN;
    bool right_way = target.at_least ? p.actual_rate >= 0 : p.actual_rate <= 0;
    p.progress_class = right_way ? ProgressClass::on_track : ProgressClass::deterioration;
  } else {
    p.ratio = p.actual_rate / p.required_rate;
    p.progress_class = classify_progress(p.ratio);
  }
  return p;
}

}  // namespace

const char* to_string(Status status) {
  switch (status) {
    case Status::on_track: return "on_track";
    case Status::at_risk: return "at_risk";
    case Status::off_track: return "off_track";
  }
  return "?";
}

const char* to_string(ProgressClass c) {
  switch (c) {
    case ProgressClass::achieved: return "achieved";
    case ProgressClass::on_track: return "on_track";
    case ProgressClass::acceleration_needed: return "acceleration_needed";
    case ProgressClass::limited: return "limited";
    case ProgressClass::deterioration: return "deterioration";
    case ProgressClass::unknown: return "unknown";
  }
  return "?";
}

ProgressClass classify_progress(double ratio) {
  if (std::isnan(ratio)) return ProgressClass::unknown;
  if (ratio >= 0.95) return ProgressClass::on_track;
  if (ratio >= 0.60) return ProgressClass::acceleration_needed;
  if (ratio >= 0.0) return ProgressClass::limited;
  return ProgressClass::deterioration;
}

Status status_of(double probability, double on_track, double at_risk) {
  if (probability >= on_track) return Status::on_track;
  if (probability >= at_risk) return Status::at_risk;
  return Status::off_track;
}

std::vector<ParameterSummary> summarise_parameters(const model::Model& model) {
  std::vector<ParameterSummary> out;
  for (const auto& p : model.parameters) {
    ParameterSummary s{p.name, p.source, describe(p.marginal), p.value, p.value, p.value};
    if (p.uncertain()) {
      s.p10 = p.marginal.quantile(0.1);
      s.p90 = p.marginal.quantile(0.9);
    }
    out.push_back(std::move(s));
  }
  return out;
}

RunResult analyse_run(const model::Model& model, const sim::DeterministicOutcome& det,
                      const sim::MonteCarloOutcome* mc, const RunSettings& settings) {
  RunResult result;
  result.scenario_id = model.id;
  result.title = model.title;
  result.description = model.description;
  result.language = model.language;
  result.settings = settings;
  result.on_track = model.on_track;
  result.at_risk = model.at_risk;
  const int Y = model.year_count();
  const int I = static_cast<int>(model.indicators.size());
  for (int y = 0; y < Y; ++y) result.years.push_back(model.base_year + y);

  for (std::size_t t = 0; t < model.targets.size(); ++t) {
    const model::Target& target = model.targets[t];
    TargetResult r;
    r.id = target.id;
    r.label = target.label;
    r.source = target.source;
    r.subject = target.subject;
    r.unit = target.unit;
    r.ask = TargetAsk::of(target);
    for (int y = 0; y < Y; ++y) r.series.push_back(det.target_series(y, static_cast<Eigen::Index>(t)));
    r.deterministic_value = det.targets[t];
    r.deterministic_met = target.met(r.deterministic_value);
    r.deterministic_worst_year = target.last_year;
    if (target.kind == scenario::TargetKind::every_year) {
      for (int year = target.first_year; year <= target.last_year; ++year) {
        if (r.series[static_cast<std::size_t>(year - model.base_year)] == r.deterministic_value) {
          r.deterministic_worst_year = year;
          break;
        }
      }
    }
    r.gap = r.deterministic_value - target.threshold;
    if (target.kind == scenario::TargetKind::cagr) {
      r.required_cagr = target.threshold;
      r.projected_cagr = r.deterministic_value;
    } else {
      r.required_year = target.kind == scenario::TargetKind::every_year
                            ? binding_year(target, r.series.front(), model.base_year)
                            : target.last_year;
      double years = r.required_year - model.base_year;
      r.required_cagr = compound_rate(r.series.front(), target.threshold, years);
      r.projected_cagr = compound_rate(r.series.front(), r.series[static_cast<std::size_t>(years)], years);
    }
    if (mc) {
      std::int64_t n = mc->target_finite[t];
      double p = n > 0 ? static_cast<double>(mc->target_met[t]) / static_cast<double>(n) : kNaN;
      r.probability = p;
      r.probability_se = n > 0 ? std::sqrt(p * (1 - p) / static_cast<double>(n)) : kNaN;
      r.quantiles = mc->targets[t];
      r.nonfinite = mc->targets[t].nonfinite;
      r.nan = mc->paths - n;
      if (r.nan > 0 && n > 0) {
        const auto met = static_cast<double>(mc->target_met[t]), paths = static_cast<double>(mc->paths);
        r.probability_if_nan_failed = met / paths;
        r.probability_if_nan_met = (met + static_cast<double>(r.nan)) / paths;
      }
      r.status = status_of(p, model.on_track, model.at_risk);
    } else {
      r.status = r.deterministic_met ? Status::on_track : Status::off_track;
    }
    r.progress = progress_of(model, target, r);
    result.targets.push_back(std::move(r));
  }
  if (mc && mc->recorded.rows() > 0 && settings.signposts) {
    auto signposts = all_target_signposts(model, mc->recorded, {}, model.base_year, settings.via_indicator,
                                          settings.seed, settings.threads);
    for (std::size_t t = 0; t < signposts.size(); ++t) result.targets[t].signposts = std::move(signposts[t]);
  }
  if (mc && mc->joint_finite > 0) {
    double p = static_cast<double>(mc->joint_met) / static_cast<double>(mc->joint_finite);
    result.joint_probability = p;
    result.joint_probability_se = std::sqrt(p * (1 - p) / static_cast<double>(mc->joint_finite));
  }

  for (int i = 0; i < I; ++i) {
    const model::Indicator& ind = model.indicators[i];
    IndicatorResult r;
    r.name = ind.name;
    r.label = ind.label;
    r.unit = ind.unit;
    r.source = ind.source;
    r.rule = scenario::to_string(ind.rule);
    r.history = ind.history;
    for (int y = 0; y < Y; ++y) {
      r.deterministic.push_back(det.indicators(y, i));
      if (det.sign_flips[static_cast<std::size_t>(y * I + i)] > 0) r.deterministic_sign_flip_years.push_back(model.base_year + y);
      if (!mc) continue;
      const sim::Quantiles& q = mc->indicators[static_cast<std::size_t>(y * I + i)];
      r.p05.push_back(q.p05);
      r.p10.push_back(q.p10);
      r.p25.push_back(q.p25);
      r.p50.push_back(q.p50);
      r.p75.push_back(q.p75);
      r.p90.push_back(q.p90);
      r.p95.push_back(q.p95);
      r.nonfinite.push_back(q.nonfinite);
      r.sign_flips.push_back(mc->sign_flips[static_cast<std::size_t>(y * I + i)]);
    }
    result.indicators.push_back(std::move(r));
  }
  result.parameters = summarise_parameters(model);
  result.title_inherited = model.spec.title_inherited;
  result.description_inherited = model.spec.description_inherited;
  result.warnings = model.warnings;
  for (auto& warning : threshold_warnings(model, det, mc)) result.warnings.push_back(std::move(warning));
  if (mc) {
    result.nonfinite_paths = mc->nonfinite_paths;
    result.seconds = mc->seconds;
  }
  return result;
}

bool is_fraction_unit(const std::string& unit) { return unit == "share" || unit == "rate"; }

std::vector<std::string> threshold_warnings(const model::Model& model, const sim::DeterministicOutcome& det,
                                            const sim::MonteCarloOutcome* mc) {
  std::vector<std::string> out;
  const int I = static_cast<int>(model.indicators.size());
  auto number = [](double v) {
    std::ostringstream s;
    s.precision(6);
    s << v;
    return s.str();
  };
  for (std::size_t t = 0; t < model.targets.size(); ++t) {
    const model::Target& target = model.targets[t];
    const std::string unit = target.indicator >= 0 ? model.indicators[static_cast<std::size_t>(target.indicator)].unit : "";
    const std::string who = "target '" + target.id + "' (" + (target.indicator >= 0 ? "indicator '" : "expression '") +
                            target.subject + "')";
    if (target.kind == scenario::TargetKind::cagr && std::abs(target.threshold) > 1) {
      out.push_back(who + ": the cagr threshold " + number(target.threshold) + " is " + number(100 * target.threshold) +
                    "% a year; a rate is a fraction (0.1 is 10%): did you mean " + number(target.threshold / 100) + "?");
      continue;
    }
    if (target.kind != scenario::TargetKind::cagr && is_fraction_unit(unit) && std::abs(target.threshold) > 1) {
      out.push_back(who + ": the threshold " + number(target.threshold) + " is above 1 on a '" + unit +
                    "' (a fraction: 0.5 is 50%): did you mean " + number(target.threshold / 100) + "?");
      continue;
    }
    if (target.kind == scenario::TargetKind::cagr) continue;  // a rate, not a value the paths take
    // The range of what the target measures in its years, over every path.
    double low = std::numeric_limits<double>::infinity(), high = -low;
    for (int year = target.first_year; year <= target.last_year; ++year) {
      const int y = year - model.base_year;
      if (mc && target.indicator >= 0) {
        const sim::Quantiles& q = mc->indicators[static_cast<std::size_t>(y * I + target.indicator)];
        if (q.finite > 0) {
          low = std::min(low, q.min);
          high = std::max(high, q.max);
        }
      } else {
        const double v = det.target_series(y, static_cast<Eigen::Index>(t));
        if (std::isfinite(v)) {
          low = std::min(low, v);
          high = std::max(high, v);
        }
      }
    }
    if (mc && target.indicator < 0 && mc->targets[t].finite > 0) {
      low = std::min(low, mc->targets[t].min);
      high = std::max(high, mc->targets[t].max);
    }
    if (!(low <= high)) continue;
    const double distance = target.threshold > high ? target.threshold - high : low - target.threshold;
    const double margin = std::max(high - low, std::max(std::abs(low), std::abs(high)));
    if (distance > margin && distance > 0) {
      out.push_back(who + ": the threshold " + number(target.threshold) + " lies far outside every value it takes " +
                    (mc ? "on any path" : "in the projection") + " (" + number(low) + " to " + number(high) +
                    "); check the threshold's unit" + (unit.empty() ? "" : " (" + unit + ")"));
    }
  }
  return out;
}

std::vector<NonfiniteCount> nonfinite_by_target(const RunResult& result) {
  std::vector<NonfiniteCount> out;
  for (const auto& t : result.targets) {
    if (t.nonfinite > 0) out.push_back({t.id, t.nonfinite});
  }
  return out;
}

namespace {

/// The indicators whose per-year `counts` add up to more than 0, in scenario order.
std::vector<NonfiniteCount> by_indicator(const RunResult& result, std::vector<std::int64_t> IndicatorResult::*counts) {
  std::vector<NonfiniteCount> out;
  for (const auto& i : result.indicators) {
    std::int64_t count = 0;
    for (const std::int64_t n : i.*counts) count += n;
    if (count > 0) out.push_back({i.name, count});
  }
  return out;
}

}  // namespace

std::vector<NonfiniteCount> nonfinite_by_indicator(const RunResult& result) {
  return by_indicator(result, &IndicatorResult::nonfinite);
}

std::vector<NonfiniteCount> sign_flips_by_indicator(const RunResult& result) {
  return by_indicator(result, &IndicatorResult::sign_flips);
}

}  // namespace goalpath::analysis

#include "analysis/backtest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <set>

namespace goalpath::analysis {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

/// The indicators an expression names (any access: x, prev(x), base(x)).
std::vector<std::string> indicator_refs(const scenario::ExprText& text, const std::set<std::string>& indicators) {
  std::vector<std::string> out;
  for (const auto& ref : expr::Expression::parse(text.text, text.pos).names()) {
    if (indicators.count(ref.name)) out.push_back(ref.name);
  }
  return out;
}

std::string year_list(const std::set<int>& years) {
  std::string out;
  for (int year : years) out += (out.empty() ? "" : ", ") + std::to_string(year);
  return out;
}

std::string year_list(const std::map<int, double>& history) {
  std::set<int> years;
  for (const auto& [year, value] : history) years.insert(year);
  return year_list(years);
}

std::string number_text(double value) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.17g", value);
  return buffer;
}

/// What plan_backtest works out for one indicator before deciding what to keep.
struct Draft {
  std::optional<BacktestStart> start;      // none: its base cannot move to the backtest's base year
  std::vector<std::string> deps;           // indicators it needs
  std::vector<int> compared;               // observed years to compare
  std::map<int, double> path;              // path rule, completed from history
  std::vector<int> input_years;            // path years filled from history
  std::optional<int> path_gap;             // first year with neither path nor history
};

Draft draft_of(const scenario::IndicatorSpec& ind, int from, int last, const std::set<std::string>& names) {
  Draft d;
  const bool path = ind.rule == scenario::RuleKind::path;
  if (!path) d.deps = indicator_refs(ind.rule_expr, names);
  if (ind.rule == scenario::RuleKind::value && !ind.base) {
    d.start = BacktestStart::derived;
  } else if (ind.history.count(from)) {
    d.start = BacktestStart::history;
  } else if (ind.base) {
    std::vector<std::string> refs = indicator_refs(*ind.base, names);
    if (!refs.empty()) {
      d.start = BacktestStart::expression;
      d.deps.insert(d.deps.end(), refs.begin(), refs.end());
    }
  }
  if (path) {
    for (int year = from + 1; year <= last; ++year) {
      if (auto p = ind.path.find(year); p != ind.path.end()) {
        d.path[year] = p->second;
      } else if (auto h = ind.history.find(year); h != ind.history.end()) {
        d.path[year] = h->second;
        d.input_years.push_back(year);
      } else if (!d.path_gap) {
        d.path_gap = year;
      }
    }
  }
  for (auto it = ind.history.upper_bound(from); it != ind.history.end() && it->first <= last; ++it) {
    bool fed_in = path && !ind.path.count(it->first);
    if (!fed_in) d.compared.push_back(it->first);
  }
  return d;
}

[[noreturn]] void cannot_start(const scenario::IndicatorSpec& ind, const scenario::ScenarioSpec& original, int from,
                               const std::string& needed_by) {
  // The loader turns a base-year history value into `base` at the history's
  // position; say so, since the planner wrote no `base:`.
  const bool from_history = ind.base && ind.base->pos.line == ind.history_pos.line &&
                            ind.base->pos.col == ind.history_pos.col && ind.history_pos.line > 0;
  std::string base = !ind.base      ? "(none)"
                     : from_history ? ind.base->text + " (its " + std::to_string(original.base_year) + " history value)"
                                    : "'" + ind.base->text + "'";
  std::string why = needed_by.empty() ? "" : " (needed by '" + needed_by + "')";
  std::string hint = "add a history value for " + std::to_string(from) + " to '" + ind.name + "' (history: {" +
                     std::to_string(from) + ": …}) with its source";
  if (!ind.history.empty()) hint += ", or backtest from a year its history has: " + year_list(ind.history);
  throw InputError(ind.base ? ind.base->pos : ind.pos, "no-restart",
                   "indicator '" + ind.name + "'" + why + " cannot be restarted in " + std::to_string(from) +
                       ": it has no history for " + std::to_string(from) + ", and its base " + base +
                       " refers to no indicator, so it is a level for " + std::to_string(original.base_year),
                   hint);
}

}  // namespace

const char* to_string(BacktestStart start) {
  switch (start) {
    case BacktestStart::derived: return "derived";
    case BacktestStart::history: return "history";
    case BacktestStart::expression: return "expression";
  }
  return "?";
}

BacktestPlan plan_backtest(const scenario::ScenarioSpec& original, int from, std::vector<DroppedIndicator>* dropped) {
  int last = 0;
  std::set<int> observed_years;
  for (const auto& ind : original.indicators) {
    for (const auto& [year, value] : ind.history) {
      observed_years.insert(year);
      // A path's observations outside its listed years are inputs (see the
      // header), so they give nothing to compare and do not extend the run.
      bool input = ind.rule == scenario::RuleKind::path && !ind.path.count(year);
      if (year > from && year <= original.last_year && !input) last = std::max(last, year);
    }
  }
  const SourcePos at{option_ref("from_year") + " " + std::to_string(from), 0, 0};
  if (last == 0) {
    throw InputError(at, "no-history",
                     "no indicator of '" + original.id + "' has history after " + std::to_string(from) + " (up to " +
                         std::to_string(original.last_year) + "), so there is nothing to compare",
                     observed_years.empty() ? "add `history:` to the indicators"
                                            : "backtest from an earlier year; years with history: " +
                                                  year_list(observed_years));
  }
  if (last - from > 200) {
    throw InputError(at, "bad-years",
                     "a backtest from " + std::to_string(from) + " to " + std::to_string(last) +
                         " spans more than 200 years",
                     "start from a later year");
  }

  std::set<std::string> names;
  for (const auto& ind : original.indicators) names.insert(ind.name);
  std::map<std::string, std::size_t> index;
  std::vector<Draft> drafts;
  for (std::size_t i = 0; i < original.indicators.size(); ++i) {
    index[original.indicators[i].name] = i;
    drafts.push_back(draft_of(original.indicators[i], from, last, names));
  }

  // Keep what is compared and, transitively, what it depends on; remember who
  // asked first, so that an error can say why an unobserved indicator matters.
  std::vector<std::string> needed_by(drafts.size());
  std::vector<bool> kept(drafts.size(), false);
  auto keep_closure = [&](const std::vector<bool>& compared) {
    std::fill(kept.begin(), kept.end(), false);
    std::fill(needed_by.begin(), needed_by.end(), std::string());
    std::vector<std::size_t> queue;
    for (std::size_t i = 0; i < drafts.size(); ++i) {
      if (!compared[i]) continue;
      kept[i] = true;
      queue.push_back(i);
    }
    for (std::size_t k = 0; k < queue.size(); ++k) {
      for (const auto& dep : drafts[queue[k]].deps) {
        std::size_t j = index.at(dep);
        if (kept[j]) continue;
        kept[j] = true;
        needed_by[j] = original.indicators[queue[k]].name;
        queue.push_back(j);
      }
    }
  };
  auto blocked = [&](std::size_t i) { return !drafts[i].start || drafts[i].path_gap.has_value(); };
  std::vector<bool> compared(drafts.size());
  for (std::size_t i = 0; i < drafts.size(); ++i) compared[i] = !drafts[i].compared.empty();
  if (dropped) {
    std::vector<DroppedIndicator> dropped_here;
    // Drop each compared indicator whose own closure holds one that cannot
    // restart; the rest of the origin stays usable.
    for (std::size_t c = 0; c < drafts.size(); ++c) {
      if (!compared[c]) continue;
      std::vector<bool> alone(drafts.size(), false);
      alone[c] = true;
      keep_closure(alone);
      for (std::size_t i = 0; i < drafts.size(); ++i) {
        if (!kept[i] || !blocked(i)) continue;
        const std::string why =
            !drafts[i].start ? "has no history for " + std::to_string(from) + " and a base that is a level for " +
                                   std::to_string(original.base_year)
                             : "has neither a path value nor history for " + std::to_string(*drafts[i].path_gap);
        const std::string who = i == c ? "it" : "'" + original.indicators[i].name + "', which it needs,";
        dropped_here.push_back({original.indicators[c].name, who + " " + why});
        break;
      }
    }
    for (const auto& d : dropped_here) compared[index.at(d.indicator)] = false;
    // With nothing left, plan everything again so that the error below names the cause.
    if (std::find(compared.begin(), compared.end(), true) == compared.end()) {
      for (std::size_t i = 0; i < drafts.size(); ++i) compared[i] = !drafts[i].compared.empty();
    } else {
      for (const auto& d : dropped_here) drafts[index.at(d.indicator)].compared.clear();
      *dropped = std::move(dropped_here);
    }
  }
  keep_closure(compared);

  BacktestPlan plan;
  plan.from_year = from;
  plan.last_year = last;
  plan.original_base_year = original.base_year;
  plan.spec = original;
  // Left-out indicators leave the names only they used unused. In a variant
  // that is an error (a misspelt restatement, model/compile.cpp), but here it
  // is the restart's doing: compile the plan as one file, where it is a warning.
  if (!plan.spec.files.empty()) plan.spec.files = {plan.spec.files.back()};
  plan.spec.base_year = from;
  plan.spec.last_year = last;
  plan.spec.targets.clear();
  plan.spec.sweeps.clear();
  plan.spec.indicators.clear();
  for (std::size_t i = 0; i < drafts.size(); ++i) {
    const scenario::IndicatorSpec& ind = original.indicators[i];
    Draft& d = drafts[i];
    if (!kept[i]) {
      plan.left_out.push_back(ind.name);
      continue;
    }
    if (!d.start) cannot_start(ind, original, from, needed_by[i]);
    if (d.path_gap) {
      throw InputError(ind.rule_pos, "path-gap",
                       "the path of '" + ind.name + "' starts after " + std::to_string(original.base_year) +
                           "; the backtest from " + std::to_string(from) + " also needs " +
                           std::to_string(*d.path_gap) + ", and the history of '" + ind.name + "' has no value for it",
                       "add the observed value for " + std::to_string(*d.path_gap) + " to the history of '" +
                           ind.name + "'");
    }
    scenario::IndicatorSpec out = ind;
    if (*d.start == BacktestStart::history) {
      out.base = scenario::ExprText{number_text(ind.history.at(from)), ind.history_pos};
    }
    if (ind.rule == scenario::RuleKind::path) out.path = d.path;
    if (!d.compared.empty()) plan.compared.push_back(ind.name);
    plan.starts.push_back(*d.start);
    plan.input_years.push_back(d.input_years);
    plan.spec.indicators.push_back(std::move(out));
  }
  return plan;
}

BacktestResult analyse_backtest(const BacktestPlan& plan, const model::Model& model,
                                const sim::DeterministicOutcome& det, const sim::MonteCarloOutcome* mc) {
  BacktestResult r;
  r.scenario_id = plan.spec.id;
  r.title = plan.spec.title;
  r.language = plan.spec.language;
  r.from_year = plan.from_year;
  r.last_year = plan.last_year;
  r.original_base_year = plan.original_base_year;
  r.left_out = plan.left_out;
  r.deterministic = mc == nullptr;
  const int I = static_cast<int>(model.indicators.size());
  double total_ape = 0;
  for (std::size_t k = 0; k < plan.spec.indicators.size(); ++k) {
    const scenario::IndicatorSpec& ind = plan.spec.indicators[k];
    const int i = model.find_indicator(ind.name);
    BacktestSeries s;
    s.name = ind.name;
    s.label = ind.label;
    s.unit = ind.unit;
    s.start = plan.starts[k];
    if (s.start == BacktestStart::expression) {
      s.base_expression = ind.base->text;
      r.expression_starts[ind.name] = ind.base->text;
    }
    s.start_value = det.indicators(0, i);
    if (auto h = ind.history.find(plan.from_year); h != ind.history.end()) s.observed_start = h->second;
    const std::vector<int>& fed_in = plan.input_years[k];
    double ape_sum = 0;
    int ape_count = 0;
    const auto end = ind.history.upper_bound(plan.last_year);
    for (auto it = ind.history.upper_bound(plan.from_year); it != end; ++it) {
      if (std::find(fed_in.begin(), fed_in.end(), it->first) != fed_in.end()) continue;
      const int y = it->first - plan.from_year;
      const double observed = it->second, projected = det.indicators(y, i);
      s.years.push_back(it->first);
      s.observed.push_back(observed);
      s.deterministic.push_back(projected);
      double error = observed != 0 ? (projected - observed) / std::abs(observed) : kNaN;
      s.error.push_back(error);
      if (std::isfinite(error)) {
        ape_sum += std::abs(error);
        ++ape_count;
      }
      if (mc) {
        const sim::Quantiles& q = mc->indicators[static_cast<std::size_t>(y * I + i)];
        s.p05.push_back(q.p05);
        s.p50.push_back(q.p50);
        s.p95.push_back(q.p95);
        s.in_band.push_back(q.finite > 0 && q.p05 <= observed && observed <= q.p95);
        s.inside_90 += s.in_band.back();
      }
    }
    if (s.years.empty()) continue;  // kept only because a compared indicator needs it
    s.mape = ape_count > 0 ? ape_sum / ape_count : kNaN;
    r.points += static_cast<int>(s.years.size());
    r.mape_points += ape_count;
    total_ape += ape_sum;
    r.inside_90 += s.inside_90;
    r.indicators.push_back(std::move(s));
  }
  r.mape = r.mape_points > 0 ? total_ape / r.mape_points : kNaN;
  if (mc) {
    r.coverage_90 = static_cast<double>(r.inside_90) / r.points;
    r.nonfinite_paths = mc->nonfinite_paths;
  }
  return r;
}

BacktestResult run_backtest(const scenario::ScenarioSpec& original, int from_year,
                            const sim::SimulationOptions& options, bool deterministic) {
  BacktestPlan plan = plan_backtest(original, from_year);
  model::Model model = model::compile_model(plan.spec);
  sim::DeterministicOutcome det = sim::run_deterministic(model);
  std::optional<sim::MonteCarloOutcome> mc;
  if (!deterministic) mc = sim::run_monte_carlo(model, options);
  BacktestResult r = analyse_backtest(plan, model, det, mc ? &*mc : nullptr);
  r.paths = deterministic ? 0 : options.paths;
  r.seed = options.seed;
  r.scenario_file = original.file;
  return r;
}

}  // namespace goalpath::analysis

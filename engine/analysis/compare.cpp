#include "analysis/compare.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>

namespace goalpath::analysis {

namespace {

template <class T, class Key>
const T* find_by(const std::vector<T>& items, const std::string& key, Key key_of) {
  for (const auto& item : items) {
    if (key_of(item) == key) return &item;
  }
  return nullptr;
}

TargetComparison compare_target(const TargetResult* a, const TargetResult* b) {
  TargetComparison c;
  c.id = a ? a->id : b->id;
  if (a) c.a = *a;
  if (b) c.b = *b;
  if (!a || !b) return c;
  if (a->probability && b->probability && std::isfinite(*a->probability) && std::isfinite(*b->probability)) {
    c.delta_probability = *b->probability - *a->probability;
  }
  if (std::isfinite(a->deterministic_value) && std::isfinite(b->deterministic_value)) {
    c.delta_value = b->deterministic_value - a->deterministic_value;
  }
  c.status_changed = a->status != b->status;
  c.definition_changed = a->ask != b->ask || a->subject != b->subject;
  return c;
}

std::optional<IndicatorEnd> end_of(const RunResult& run, const IndicatorResult* indicator) {
  if (!indicator || indicator->deterministic.empty() || run.years.empty()) return std::nullopt;
  IndicatorEnd end;
  end.year = run.years.back();
  end.deterministic = indicator->deterministic.back();
  if (!indicator->p50.empty()) end.p50 = indicator->p50.back();
  return end;
}

void add_notes(CompareResult& c) {
  const RunSettings &a = c.a.settings, &b = c.b.settings;
  if (a.deterministic != b.deterministic) {
    c.notes.push_back("one side is a deterministic projection: it has no probabilities to compare");
  } else if (!a.deterministic && (a.seed != b.seed || a.paths != b.paths)) {
    std::ostringstream s;
    s << "A and B used different random numbers (A: seed " << a.seed << ", " << a.paths << " paths; B: seed " << b.seed
      << ", " << b.paths << " paths): part of each probability change is Monte Carlo noise";
    if (a.seed != b.seed) {
      s << " (its standard error is given beside it)";
    } else {
      s << "; the first " << std::min(a.paths, b.paths)
        << " paths are the same on both sides, so the change has no simple standard error: run both with one --paths";
    }
    c.notes.push_back(s.str());
  }
  if (c.a.years != c.b.years && !c.a.years.empty() && !c.b.years.empty()) {
    std::ostringstream s;
    s << "A covers " << c.a.years.front() << "–" << c.a.years.back() << ", B covers " << c.b.years.front() << "–"
      << c.b.years.back() << ": indicator end values are of different years";
    c.notes.push_back(s.str());
  }
  for (const auto& t : c.targets) {
    if (t.definition_changed) c.notes.push_back("target " + t.id + " is defined differently in A and B");
  }
}

}  // namespace

CompareResult compare_runs(RunResult a, RunResult b, std::string a_kind, std::string b_kind) {
  CompareResult c;
  c.a = std::move(a);
  c.b = std::move(b);
  c.a_kind = std::move(a_kind);
  c.b_kind = std::move(b_kind);

  auto target_id = [](const TargetResult& t) { return t.id; };
  for (const auto& t : c.a.targets) c.targets.push_back(compare_target(&t, find_by(c.b.targets, t.id, target_id)));
  for (const auto& t : c.b.targets) {
    if (!find_by(c.a.targets, t.id, target_id)) c.targets.push_back(compare_target(nullptr, &t));
  }

  auto parameter_name = [](const ParameterSummary& p) { return p.name; };
  for (const auto& p : c.a.parameters) {
    const ParameterSummary* other = find_by(c.b.parameters, p.name, parameter_name);
    if (!other) {
      c.parameters.push_back({p.name, p, std::nullopt, "only in A"});
      continue;
    }
    bool value = p.value != other->value, distribution = p.distribution != other->distribution;
    if (!value && !distribution) continue;
    c.parameters.push_back({p.name, p, *other, value && distribution ? "value and distribution" : value ? "value" : "distribution"});
  }
  for (const auto& p : c.b.parameters) {
    if (!find_by(c.a.parameters, p.name, parameter_name)) c.parameters.push_back({p.name, std::nullopt, p, "only in B"});
  }

  auto indicator_name = [](const IndicatorResult& i) { return i.name; };
  auto add_indicator = [&](const IndicatorResult* ia, const IndicatorResult* ib) {
    const IndicatorResult& any = ia ? *ia : *ib;
    IndicatorComparison ic{any.name, any.label, any.unit, std::nullopt, std::nullopt, end_of(c.a, ia), end_of(c.b, ib)};
    if (ia) ic.a = *ia;
    if (ib) ic.b = *ib;
    c.indicators.push_back(std::move(ic));
  };
  for (const auto& i : c.a.indicators) add_indicator(&i, find_by(c.b.indicators, i.name, indicator_name));
  for (const auto& i : c.b.indicators) {
    if (!find_by(c.a.indicators, i.name, indicator_name)) add_indicator(nullptr, &i);
  }
  const RunSettings &sa = c.a.settings, &sb = c.b.settings;
  if (!sa.deterministic && !sb.deterministic && sa.seed != sb.seed) {
    for (auto& t : c.targets) {
      if (!t.delta_probability || !t.a->probability_se || !t.b->probability_se) continue;
      double se = std::hypot(*t.a->probability_se, *t.b->probability_se);
      if (std::isfinite(se)) t.delta_probability_se = se;
    }
  }
  add_notes(c);
  return c;
}

}  // namespace goalpath::analysis

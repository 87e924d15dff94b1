// ScenarioSpec -> Model: name resolution, evaluation order, correlations.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <functional>
#include <set>
#include <unordered_map>

#include "model/model.hpp"

namespace goalpath::model {
namespace {

/// An expression as reports show it: an expression written over several lines
/// (a folded or block value) on one line, without trailing line breaks.
std::string one_line(const std::string& text) {
  std::string out;
  for (char c : text) {
    const bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

using scenario::RuleKind;

enum class NameKind { parameter, shock, indicator, builtin };
struct NameInfo {
  NameKind kind;
  int index;
};

class NameTable {
 public:
  NameTable(const scenario::ScenarioSpec& spec, const SlotLayout& slots) : slots_(slots) {
    for (std::size_t i = 0; i < spec.parameters.size(); ++i) add(spec.parameters[i].name, spec.parameters[i].pos, NameKind::parameter, i);
    for (std::size_t i = 0; i < spec.shocks.size(); ++i) add(spec.shocks[i].name, spec.shocks[i].pos, NameKind::shock, i);
    for (std::size_t i = 0; i < spec.indicators.size(); ++i) add(spec.indicators[i].name, spec.indicators[i].pos, NameKind::indicator, i);
    names_.push_back("year");
    names_.push_back("t");
    used_parameter_.assign(spec.parameters.size(), false);
    used_shock_.assign(spec.shocks.size(), false);
  }

  /// Whether an expression compiled so far refers to the parameter (shock).
  bool parameter_used(std::size_t i) const { return used_parameter_[i]; }
  bool shock_used(std::size_t i) const { return used_shock_[i]; }

  const NameInfo* find(const std::string& name) const {
    auto it = table_.find(name);
    return it == table_.end() ? nullptr : &it->second;
  }

  /// The resolver for expressions written at `pos` (the expression's start).
  expr::Resolver resolver(const SourcePos& pos) const {
    return [this, pos](const expr::NameRef& ref) -> int {
      SourcePos at = pos.shifted(ref.column);
      if (ref.name == "year" || ref.name == "t") {
        if (ref.access == expr::Access::current) return ref.name == "year" ? slots_.year() : slots_.t();
        // Built-ins are not in the table; without this, prev(year) would be
        // reported as an unknown name with the hint "did you mean 'year'?".
        throw InputError(at, "prev-argument",
                         std::string(ref.access == expr::Access::prev ? "prev" : "base") + "() takes an indicator; '" +
                             ref.name + "' is a built-in",
                         ref.name == "year" ? "last year is 'year - 1' and the base year is 'year - t'"
                                            : "last year's t is 't - 1'; in the base year t is 0");
      }
      const NameInfo* info = find(ref.name);
      if (!info) {
        throw InputError(at, "unknown-name", "'" + ref.name + "' is not defined", unknown_hint(ref.name));
      }
      if (ref.access != expr::Access::current && info->kind != NameKind::indicator) {
        throw InputError(at, "prev-argument",
                         std::string(ref.access == expr::Access::prev ? "prev" : "base") + "() takes an indicator; '" +
                             ref.name + "' is a " + (info->kind == NameKind::parameter ? "parameter" : "shock"),
                         info->kind == NameKind::parameter ? "a parameter has the same value every year: write just '" + ref.name + "'"
                                                           : "for a shock that persists, give it `ar:`");
      }
      switch (info->kind) {
        case NameKind::parameter:
          used_parameter_[static_cast<std::size_t>(info->index)] = true;
          return slots_.parameter(info->index);
        case NameKind::shock:
          used_shock_[static_cast<std::size_t>(info->index)] = true;
          return slots_.shock(info->index);
        default: break;
      }
      switch (ref.access) {
        case expr::Access::current: return slots_.current(info->index);
        case expr::Access::prev: return slots_.previous(info->index);
        case expr::Access::base: return slots_.base(info->index);
      }
      return -1;
    };
  }

  std::string unknown_hint(const std::string& name) const {
    std::string hint = did_you_mean(name, names_);
    if (hint.rfind("did you mean", 0) == 0) return hint;
    return "names are indicators, parameters, shocks, year and t; define '" + name + "' or fix the spelling";
  }

  const std::vector<std::string>& names() const { return names_; }

 private:
  void add(const std::string& name, const SourcePos& pos, NameKind kind, std::size_t index) {
    auto [it, inserted] = table_.emplace(name, NameInfo{kind, static_cast<int>(index)});
    if (!inserted) {
      const auto& first = first_use_.at(name);
      throw InputError(pos, "duplicate-id", "the name '" + name + "' is used twice",
                       "'" + name + "' is already " + first.first + (first.second.str().empty() ? "" : " at " + first.second.str()) +
                           "; indicators, parameters and shocks share one namespace, so rename one of them");
    }
    first_use_.emplace(name, std::pair{std::string(kind == NameKind::parameter ? "a parameter"
                                                   : kind == NameKind::shock   ? "a shock"
                                                                               : "an indicator"),
                                       pos});
    names_.push_back(name);
  }

  const SlotLayout& slots_;
  std::unordered_map<std::string, NameInfo> table_;
  std::unordered_map<std::string, std::pair<std::string, SourcePos>> first_use_;  // for duplicate-id hints
  std::vector<std::string> names_;
  // Filled while expressions compile, to find names nothing uses.
  mutable std::vector<bool> used_parameter_, used_shock_;
};

std::vector<std::string> words_of(const std::string& name) {
  std::vector<std::string> words(1);
  for (char c : name) {
    if (c == '_') {
      words.emplace_back();
    } else {
      words.back() += c;
    }
  }
  return words;
}

/// The used name `name` most likely stands for: the closest by edit
/// distance, else one whose words each match `name`'s, in order, as an
/// abbreviation (invest for investment) or with a slip of the fingers
/// (grwoth for growth): `invest_grwoth` is six edits from
/// `investment_growth`, too many for an edit distance alone. "" when none.
std::string likely_meant(const std::string& name, const std::vector<std::string>& used) {
  if (std::string best = closest_match(name, used); !best.empty()) return best;
  const auto words = words_of(name);
  for (const auto& candidate : used) {
    const auto theirs = words_of(candidate);
    if (theirs.size() != words.size()) continue;
    bool all = true;
    for (std::size_t k = 0; k < words.size() && all; ++k) {
      const std::string& a = words[k];
      const std::string& b = theirs[k];
      const bool abbreviation = a.size() >= 3 && b.size() >= 3 && (b.rfind(a, 0) == 0 || a.rfind(b, 0) == 0);
      all = a == b || abbreviation || !closest_match(a, {b}).empty();
    }
    if (all) return candidate;
  }
  return {};
}

// A parameter or shock that no expression uses changes nothing: in a variant
// it is almost always a misspelt restatement of the parent's (the variant
// then silently equals its parent), so it is an error there; in a standalone
// scenario it is a warning. A name counts as the variant's when the variant's
// file wrote it (its position is not in the root file of the chain).
void check_unused_names(const scenario::ScenarioSpec& spec, const NameTable& names, Model& model) {
  std::vector<std::string> used;
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    if (names.parameter_used(i)) used.push_back(spec.parameters[i].name);
  }
  for (std::size_t i = 0; i < spec.shocks.size(); ++i) {
    if (names.shock_used(i)) used.push_back(spec.shocks[i].name);
  }
  const bool variant = spec.files.size() > 1;
  auto report = [&](const std::string& name, const SourcePos& pos, const char* what) {
    const std::string message = std::string(what) + " '" + name + "' is not used by any expression";
    if (variant && pos.file != spec.files.back()) {
      const std::string meant = likely_meant(name, used);
      const std::string hint =
          !meant.empty() ? "did you mean '" + meant + "'? (a variant changes a name of the file it extends by restating it under the same name)"
                         : "a variant changes the names of the file it extends; a new name must be used by an expression";
      throw InputError(pos, "unused-name", message, hint);
    }
    model.warnings.push_back((pos.str().empty() ? std::string{} : pos.str() + ": ") + message +
                             (variant ? "; the variant's rules no longer use it, so its draws change nothing"
                                      : "; it changes nothing (delete it, or use it in an expression)"));
  };
  for (std::size_t i = 0; i < spec.parameters.size(); ++i) {
    if (!names.parameter_used(i)) report(spec.parameters[i].name, spec.parameters[i].pos, "parameter");
  }
  for (std::size_t i = 0; i < spec.shocks.size(); ++i) {
    if (!names.shock_used(i)) report(spec.shocks[i].name, spec.shocks[i].pos, "shock");
  }
}

expr::Program compile_text(const scenario::ExprText& text, const NameTable& names) {
  expr::Expression parsed = expr::Expression::parse(text.text, text.pos);
  return expr::Program::compile(parsed, names.resolver(text.pos));
}

/// Same-year dependencies of each indicator, for ordering. In the base year
/// prev(x) and base(x) are x's base value, so they count too.
std::vector<std::vector<int>> dependencies(const std::vector<const scenario::ExprText*>& texts,
                                           const NameTable& names, bool base_year) {
  std::vector<std::vector<int>> deps(texts.size());
  for (std::size_t i = 0; i < texts.size(); ++i) {
    if (!texts[i]) continue;
    expr::Expression parsed = expr::Expression::parse(texts[i]->text, texts[i]->pos);
    for (const auto& ref : parsed.names()) {
      const NameInfo* info = names.find(ref.name);
      if (info && info->kind == NameKind::indicator && (base_year || ref.access == expr::Access::current)) {
        deps[i].push_back(info->index);
      }
    }
  }
  return deps;
}

/// Topological order (dependencies first, otherwise file order); a cycle is
/// an error that prints it.
std::vector<int> evaluation_order(const std::vector<std::vector<int>>& deps, const scenario::ScenarioSpec& spec,
                                  const std::vector<const scenario::ExprText*>& texts, const char* when) {
  const int n = static_cast<int>(deps.size());
  std::vector<int> state(n, 0), order, stack;  // 0 new, 1 on stack, 2 done
  std::function<void(int)> visit = [&](int v) {
    state[v] = 1;
    stack.push_back(v);
    for (int w : deps[v]) {
      if (state[w] == 1) {
        auto from = std::find(stack.begin(), stack.end(), w);
        std::string cycle;
        for (auto it = from; it != stack.end(); ++it) cycle += spec.indicators[*it].name + " -> ";
        cycle += spec.indicators[w].name;
        const scenario::ExprText* where = texts[*from];
        throw InputError(where ? where->pos : spec.indicators[*from].pos, "cycle",
                         std::string("indicators depend on each other in the same year (") + when + "): " + cycle,
                         "use prev(x) for last year's value to break the cycle");
      }
      if (state[w] == 0) visit(w);
    }
    stack.pop_back();
    state[v] = 2;
    order.push_back(v);
  };
  for (int v = 0; v < n; ++v) {
    if (state[v] == 0) visit(v);
  }
  return order;
}

void compile_correlations(const scenario::ScenarioSpec& spec, const NameTable& names, Model& model) {
  const int P = static_cast<int>(model.parameters.size());
  const int S = static_cast<int>(model.shocks.size());
  Eigen::MatrixXd param_corr = Eigen::MatrixXd::Identity(P, P);
  Eigen::MatrixXd shock_corr = Eigen::MatrixXd::Identity(S, S);
  for (const auto& c : spec.correlations) {
    const NameInfo* a = names.find(c.a);
    const NameInfo* b = names.find(c.b);
    for (auto [info, name, pos] : {std::tuple{a, c.a, c.a_pos}, std::tuple{b, c.b, c.b_pos}}) {
      if (!info) throw InputError(pos, "unknown-name", "'" + name + "' is not defined", names.unknown_hint(name));
      if (info->kind == NameKind::indicator) {
        throw InputError(pos, "bad-correlation", "'" + name + "' is an indicator; only parameters and shocks can be correlated",
                         "correlate the parameters or shocks that drive it");
      }
      if (info->kind == NameKind::parameter && !model.parameters[info->index].uncertain()) {
        throw InputError(pos, "bad-correlation", "parameter '" + name + "' has no uncertainty, so it cannot be correlated",
                         "give it an `uncertainty:` or remove the pair");
      }
    }
    if (a->kind != b->kind) {
      throw InputError(c.pos, "bad-correlation", "'" + c.a + "' and '" + c.b + "' mix a parameter and a shock",
                       "parameters are drawn once per path and shocks every year; pair parameters with parameters and shocks with shocks");
    }
    Eigen::MatrixXd& m = a->kind == NameKind::parameter ? param_corr : shock_corr;
    m(a->index, b->index) = m(b->index, a->index) = c.rho;
  }
  auto factor_of = [&](const Eigen::MatrixXd& corr, bool params) {
    auto factor = sample::correlation_factor(corr);
    if (factor) return *factor;
    std::string involved;
    std::vector<std::string> involved_names;
    for (int i : sample::non_psd_variables(corr)) {
      involved_names.push_back(params ? model.parameters[i].name : model.shocks[i].name);
      involved += (involved.empty() ? "" : ", ") + involved_names.back();
    }
    // Point at the first pair among the variables involved (not merely the
    // first pair of the file, which may be a consistent pair of the other kind).
    SourcePos at = spec.correlations.front().pos;
    auto is_involved = [&](const std::string& name) {
      return std::find(involved_names.begin(), involved_names.end(), name) != involved_names.end();
    };
    for (const auto& c : spec.correlations) {
      const NameInfo* a = names.find(c.a);
      if (a && (a->kind == NameKind::parameter) == params && is_involved(c.a) && is_involved(c.b)) {
        at = c.pos;
        break;
      }
    }
    throw InputError(at, "bad-correlation",
                     "the correlations are inconsistent (the matrix is not positive semi-definite); involved: " + involved,
                     "such coefficients cannot hold together (e.g. a~b and b~c strongly positive but a~c strongly negative); "
                     "weaken one of the pairs among these names");
  };
  model.parameters_correlated = !param_corr.isIdentity();
  model.shocks_correlated = !shock_corr.isIdentity();
  // The factor of the identity is the identity: no O(n^3) decomposition
  // when nothing of a kind is correlated.
  model.parameter_factor = model.parameters_correlated ? factor_of(param_corr, true) : Eigen::MatrixXd::Identity(P, P);
  model.shock_factor = model.shocks_correlated ? factor_of(shock_corr, false) : Eigen::MatrixXd::Identity(S, S);
}

}  // namespace

sample::Marginal marginal_of(const scenario::ParameterSpec& p) {
  sample::Marginal m;
  m.value = p.value;
  if (!p.uncertainty) return m;
  const auto& u = *p.uncertainty;
  m.dist = *sample::distribution_from_string(u.dist);
  m.sd = u.sd.value_or(0.0);
  m.low = u.low.value_or(0.0);
  m.high = u.high.value_or(0.0);
  if (u.lower_bound) m.lower_bound = *u.lower_bound;
  if (u.upper_bound) m.upper_bound = *u.upper_bound;
  return m;
}

bool Model::has_uncertainty() const {
  return std::any_of(parameters.begin(), parameters.end(), [](const Parameter& p) { return p.uncertain(); }) ||
         std::any_of(shocks.begin(), shocks.end(), [](const Shock& s) { return s.sd > 0; });
}

int Model::find_parameter(const std::string& name) const {
  for (std::size_t i = 0; i < parameters.size(); ++i) {
    if (parameters[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int Model::find_indicator(const std::string& name) const {
  for (std::size_t i = 0; i < indicators.size(); ++i) {
    if (indicators[i].name == name) return static_cast<int>(i);
  }
  return -1;
}

int Model::find_target(const std::string& id) const {
  for (std::size_t i = 0; i < targets.size(); ++i) {
    if (targets[i].id == id) return static_cast<int>(i);
  }
  return -1;
}

std::vector<std::string> Model::parameter_names() const {
  std::vector<std::string> out;
  for (const auto& p : parameters) out.push_back(p.name);
  return out;
}

std::vector<std::string> Model::target_ids() const {
  std::vector<std::string> out;
  for (const auto& t : targets) out.push_back(t.id);
  return out;
}

namespace {

std::string number_text(double v) {
  char text[32];
  std::snprintf(text, sizeof text, "%.6g", v);
  return text;
}

/// History values after the base year become observations, each with the
/// error its indicator states (or the default): what tracking conditions on.
void compile_observations(const scenario::ScenarioSpec& spec, Model& model) {
  for (std::size_t i = 0; i < spec.indicators.size(); ++i) {
    const scenario::IndicatorSpec& ind = spec.indicators[i];
    for (const auto& [year, value] : ind.history) {
      if (year <= spec.base_year || year > spec.last_year) continue;
      Observation o;
      o.indicator = static_cast<int>(i);
      o.year = year;
      o.value = value;
      const bool relative = !ind.observation_sd || ind.observation_sd_relative;
      const double sd = ind.observation_sd.value_or(kDefaultObservationRelativeSd);
      o.sd = relative ? sd * std::abs(value) : sd;
      if (!ind.observation_sd && !(o.sd > 0)) {
        // The default is relative to the value, and a value of 0 has none:
        // take it relative to the largest value the indicator's history holds.
        double largest = 0;
        for (const auto& [y, v] : ind.history) largest = std::max(largest, std::abs(v));
        o.sd = sd * largest;
        if (!(o.sd > 0) || !std::isfinite(o.sd)) {
          model.warnings.push_back("indicator '" + ind.name + "': the observed value 0 in " + std::to_string(year) +
                                   " is not weighed when tracking: its default error (1% of the value) is 0; give "
                                   "observation_sd in the indicator's unit to use it");
          continue;
        }
      }
      const auto source = ind.history_source.find(year);
      o.source = source != ind.history_source.end() ? source->second : "history";
      o.pos = ind.observation_sd ? ind.observation_sd_pos : ind.history_pos;
      if (!(o.sd > 0) || !std::isfinite(o.sd)) {
        throw InputError(o.pos, "bad-value",
                         "indicator '" + ind.name + "': the observed value " + number_text(value) + " in " +
                             std::to_string(year) + " has an observation error of " + number_text(o.sd) +
                             "; it must be a positive number",
                         "a relative error of a value of 0 is 0: give observation_sd in the indicator's unit "
                         "(observation_sd: 0.001)");
      }
      model.observations.push_back(std::move(o));
    }
  }
  std::stable_sort(model.observations.begin(), model.observations.end(),
                   [](const Observation& a, const Observation& b) { return a.year < b.year; });
}

}  // namespace

Model compile_model(const scenario::ScenarioSpec& spec) {
  Model model;
  model.id = spec.id;
  model.title = spec.title;
  model.language = spec.language;
  model.description = spec.description;
  model.base_year = spec.base_year;
  model.last_year = spec.last_year;
  model.on_track = spec.on_track;
  model.at_risk = spec.at_risk;
  model.spec = spec;
  model.warnings = spec.warnings;
  model.slots.parameters = static_cast<int>(spec.parameters.size());
  model.slots.shocks = static_cast<int>(spec.shocks.size());
  model.slots.indicators = static_cast<int>(spec.indicators.size());
  NameTable names(spec, model.slots);

  for (const auto& p : spec.parameters) {
    Parameter param{p.name, p.source, p.pos, p.value, marginal_of(p), p.label, p.unit};
    if (std::string problem = sample::validate(param.marginal); !problem.empty()) {
      throw InputError(p.pos, "bad-value", "parameter '" + p.name + "': " + problem,
                       "check the uncertainty: of '" + p.name + "' against SCENARIO_FORMAT.md (Parameters)");
    }
    model.parameters.push_back(std::move(param));
  }
  for (const auto& s : spec.shocks) model.shocks.push_back({s.name, s.source, s.pos, s.sd, s.ar});

  std::vector<const scenario::ExprText*> base_texts, rule_texts;
  for (const auto& ind : spec.indicators) {
    Indicator out;
    out.name = ind.name;
    out.label = ind.label;
    out.unit = ind.unit;
    out.source = ind.source;
    out.pos = ind.pos;
    out.rule = ind.rule;
    out.history = ind.history;
    const scenario::ExprText* base = ind.base ? &*ind.base : &ind.rule_expr;  // value rule defines the base year
    out.base_program = compile_text(*base, names);
    if (ind.rule == RuleKind::path) {
      out.path.assign(static_cast<std::size_t>(model.year_count()), 0.0);
      for (const auto& [year, value] : ind.path) out.path[static_cast<std::size_t>(year - spec.base_year)] = value;
    } else {
      out.rule_program = compile_text(ind.rule_expr, names);
    }
    base_texts.push_back(base);
    rule_texts.push_back(ind.rule == RuleKind::path ? nullptr : &ind.rule_expr);
    model.indicators.push_back(std::move(out));
  }
  model.base_order = evaluation_order(dependencies(base_texts, names, true), spec, base_texts, "base year");
  model.step_order = evaluation_order(dependencies(rule_texts, names, false), spec, rule_texts, "projected years");

  for (const auto& t : spec.targets) {
    Target target;
    target.id = t.id;
    target.label = t.label;
    target.source = t.source;
    target.pos = t.pos;
    target.kind = t.kind;
    target.first_year = t.first_year;
    target.last_year = t.last_year;
    target.at_least = t.at_least;
    target.threshold = t.threshold;
    if (t.expr) {
      target.expr = compile_text(*t.expr, names);
      target.subject = one_line(t.expr->text);
    } else {
      const NameInfo* info = names.find(t.indicator);
      if (!info || info->kind != NameKind::indicator) {
        std::vector<std::string> indicator_names;
        for (const auto& ind : spec.indicators) indicator_names.push_back(ind.name);
        throw InputError(t.subject_pos, "unknown-name", "target '" + t.id + "': '" + t.indicator + "' is not an indicator",
                         info ? "to measure a parameter or shock write expr: \"" + t.indicator + "\""
                              : did_you_mean(t.indicator, indicator_names));
      }
      target.indicator = info->index;
      target.subject = t.indicator;
      target.unit = spec.indicators[static_cast<std::size_t>(info->index)].unit;
    }
    model.targets.push_back(std::move(target));
  }
  check_unused_names(spec, names, model);
  compile_correlations(spec, names, model);
  compile_observations(spec, model);
  // A sweep names the parameters it varies: check them here, with every other
  // name, rather than only when `goalpath sweep` runs it.
  std::vector<std::string> parameter_names;
  for (const auto& p : spec.parameters) parameter_names.push_back(p.name);
  for (const auto& sweep : spec.sweeps) {
    for (const auto& axis : sweep.axes) {
      if (std::find(parameter_names.begin(), parameter_names.end(), axis.name) != parameter_names.end()) continue;
      std::string hint = did_you_mean(axis.name, parameter_names);
      if (spec.find_indicator(axis.name)) hint = "'" + axis.name + "' is an indicator; a sweep varies parameters only";
      throw InputError(axis.pos, "unknown-name",
                       "sweep '" + sweep.id + "' varies '" + axis.name + "', which is not a parameter", hint);
    }
  }
  return model;
}

}  // namespace goalpath::model

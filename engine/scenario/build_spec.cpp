// Doc -> ScenarioSpec: every key checked, every value typed and ranged.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "scenario/parse.hpp"

namespace goalpath::scenario::detail {
namespace {

const std::vector<std::string> kTopKeys = {"scenario", "title", "description", "language", "extends", "years",
                                           "simulation", "parameters", "shocks", "correlations",
                                           "indicators", "targets", "sweeps", "status",
                                           "history_files", "calibration"};
const std::vector<std::string> kReserved = {"year", "t", "and", "or", "not"};

/// A number as a planner wrote it: 0.2, not 0.200000.
std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

// Names and ids are checked character by character, not with std::regex:
// libstdc++'s matcher recurses once per character, so a long enough name
// (the loader accepts files of megabytes) overflows the stack.
bool is_lower_or_digit(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/// [a-z_][a-z0-9_]*
bool is_valid_name(const std::string& name) {
  return !name.empty() && !(name[0] >= '0' && name[0] <= '9') &&
         std::all_of(name.begin(), name.end(), [](char c) { return is_lower_or_digit(c) || c == '_'; });
}

/// [a-z0-9-]+
bool is_valid_id(const std::string& id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) { return is_lower_or_digit(c) || c == '-'; });
}

void check_name(const std::string& name, const SourcePos& pos, const std::string& what) {
  if (!is_valid_name(name)) {
    throw InputError(pos, "bad-name", "'" + name + "' is not a valid " + what + " name",
                     "use lower-case letters, digits and '_', starting with a letter, e.g. output_growth");
  }
  if (std::find(kReserved.begin(), kReserved.end(), name) != kReserved.end()) {
    throw InputError(pos, "bad-name", "'" + name + "' is reserved and cannot name " + (what == "indicator" ? "an " : "a ") + what,
                     "'year' and 't' are built-in names and 'and', 'or', 'not' are operators; pick another name");
  }
}

std::string optional_text(const Doc& doc, const std::string& key, const std::string& what) {
  const Doc* value = doc.find(key);
  return value ? to_text(*value, what + " " + key) : std::string{};
}

void parse_years(const Doc& top, ScenarioSpec& spec) {
  const Doc& years = require_key(top, "years", "the scenario",
                                 "add `years: [BASE, LAST]`, e.g. years: [2023, 2027]");
  expect_kind(years, Doc::Kind::sequence, "years");
  if (years.items.size() != 2) {
    throw InputError(years.pos, "bad-years", "years must list exactly two years: the base year and the last year",
                     "e.g. years: [2023, 2027]");
  }
  spec.base_year = to_year(years.items[0], "the base year");
  spec.last_year = to_year(years.items[1], "the last year");
  spec.years_pos = years.pos;
  if (spec.last_year <= spec.base_year) {
    throw InputError(years.items[1].pos, "bad-years",
                     "the last year (" + std::to_string(spec.last_year) + ") must come after the base year (" +
                         std::to_string(spec.base_year) + ")",
                     "years: [BASE, LAST] with BASE the last observed year");
  }
  if (spec.last_year - spec.base_year > 200) {
    throw InputError(years.pos, "too-large", "a horizon of more than 200 years is not supported",
                     "planning horizons are a few years to a few decades");
  }
}

void check_year_in_range(const Doc& year_doc, int year, const ScenarioSpec& spec, const std::string& what,
                         bool allow_base = true) {
  int first = allow_base ? spec.base_year : spec.base_year + 1;
  if (year < first || year > spec.last_year) {
    std::string range = std::to_string(first) + "–" + std::to_string(spec.last_year);
    throw InputError(year_doc.pos, "bad-years",
                     what + " " + std::to_string(year) + " is outside the " +
                         (allow_base ? "scenario's years " : "projected years ") + range,
                     allow_base ? "use a year within `years:` or widen `years:`"
                                : "a path lists each projected year " + range + ", within `years:`; the base year's "
                                  "value goes in `base:`");
  }
}

UncertaintySpec parse_uncertainty(const Doc& doc, const std::string& name) {
  std::string what = "the uncertainty of '" + name + "'";
  expect_kind(doc, Doc::Kind::map, what);
  expect_keys(doc, {"dist", "sd", "low", "high", "bounds"}, what);
  UncertaintySpec u;
  u.pos = doc.pos;
  const Doc& dist = require_key(doc, "dist", what, "add `dist: normal` (or lognormal, uniform, triangular)");
  u.dist = to_text(dist, "dist");
  const std::vector<std::string> kinds = {"normal", "lognormal", "uniform", "triangular"};
  if (std::find(kinds.begin(), kinds.end(), u.dist) == kinds.end()) {
    throw InputError(dist.pos, "bad-value", "unknown distribution '" + u.dist + "'", did_you_mean(u.dist, kinds));
  }
  bool by_sd = u.dist == "normal" || u.dist == "lognormal";
  for (const std::string& key : {std::string("sd"), std::string("low"), std::string("high")}) {
    bool wanted = by_sd ? key == "sd" : key != "sd";
    const Doc* field = doc.find(key);
    if (wanted && !field) {
      throw InputError(doc.pos, "missing-key", "a " + u.dist + " distribution needs '" + key + ":'",
                       by_sd ? "e.g. { dist: " + u.dist + ", sd: 0.01 }"
                             : "e.g. { dist: " + u.dist + ", low: 0.02, high: 0.06 }");
    }
    if (!wanted && field) {
      throw InputError(doc.pos_of_key(key), "bad-value", "'" + key + "' does not apply to a " + u.dist + " distribution",
                       by_sd ? "a " + u.dist + " distribution is set by its sd"
                             : "a " + u.dist + " distribution is set by low and high");
    }
    if (field) {
      double v = to_number(*field, "the " + key + " of '" + name + "'");
      (key == "sd" ? u.sd : key == "low" ? u.low : u.high) = v;
    }
  }
  if (const Doc* bounds = doc.find("bounds")) {
    expect_kind(*bounds, Doc::Kind::sequence, "bounds");
    if (bounds->items.size() != 2) {
      throw InputError(bounds->pos, "bad-value", "bounds must be [lower, upper]", "e.g. bounds: [0, 0.2]");
    }
    u.lower_bound = to_number(bounds->items[0], "the lower bound of '" + name + "'");
    u.upper_bound = to_number(bounds->items[1], "the upper bound of '" + name + "'");
  }
  return u;
}

void parse_parameters(const Doc& top, ScenarioSpec& spec) {
  const Doc* params = top.find("parameters");
  if (!params || params->kind == Doc::Kind::null) return;
  expect_kind(*params, Doc::Kind::map, "parameters");
  for (std::size_t i = 0; i < params->entries.size(); ++i) {
    const auto& [name, doc] = params->entries[i];
    ParameterSpec p;
    p.name = name;
    p.pos = params->key_pos[i];
    check_name(name, p.pos, "parameter");
    if (doc.kind == Doc::Kind::scalar) {
      p.value = to_number(doc, "the value of '" + name + "'");
    } else {
      std::string what = "parameter '" + name + "'";
      expect_kind(doc, Doc::Kind::map, what);
      expect_keys(doc, {"value", "uncertainty", "label", "unit", "source"}, what);
      p.value = to_number(require_key(doc, "value", what, "add `value:`, the number used in the deterministic projection"),
                          "the value of '" + name + "'");
      if (const Doc* u = doc.find("uncertainty")) p.uncertainty = parse_uncertainty(*u, name);
      p.label = optional_text(doc, "label", what);
      p.unit = optional_text(doc, "unit", what);
      p.source = optional_text(doc, "source", what);
    }
    check_parameter(p);
    spec.parameters.push_back(std::move(p));
  }
}

void parse_shocks(const Doc& top, ScenarioSpec& spec) {
  const Doc* shocks = top.find("shocks");
  if (!shocks || shocks->kind == Doc::Kind::null) return;
  expect_kind(*shocks, Doc::Kind::map, "shocks");
  for (std::size_t i = 0; i < shocks->entries.size(); ++i) {
    const auto& [name, doc] = shocks->entries[i];
    std::string what = "shock '" + name + "'";
    ShockSpec s;
    s.name = name;
    s.pos = shocks->key_pos[i];
    check_name(name, s.pos, "shock");
    expect_kind(doc, Doc::Kind::map, what);
    expect_keys(doc, {"sd", "ar", "source"}, what);
    s.sd = to_number(require_key(doc, "sd", what, "add `sd:`, the yearly standard deviation"), "the sd of " + what);
    if (const Doc* ar = doc.find("ar")) s.ar = to_number(*ar, "the ar of " + what);
    s.source = optional_text(doc, "source", what);
    try {
      check_shock(s);
    } catch (const InputError& e) {
      // Point at the value that is out of range (check_shock checks sd first).
      throw InputError(doc.find(s.sd >= 0 ? "ar" : "sd")->pos, e.code(), e.message(), e.hint());
    }
    spec.shocks.push_back(std::move(s));
  }
}

void parse_correlations(const Doc& top, ScenarioSpec& spec) {
  const Doc* list = top.find("correlations");
  if (!list || list->kind == Doc::Kind::null) return;
  expect_kind(*list, Doc::Kind::sequence, "correlations");
  std::set<std::pair<std::string, std::string>> seen;
  for (const Doc& item : list->items) {
    if (item.kind != Doc::Kind::sequence || item.items.size() != 3) {
      throw InputError(item.pos, "wrong-type", "a correlation must be [name, name, coefficient]",
                       "e.g. - [output_growth, sei_growth, 0.6]");
    }
    CorrelationSpec c;
    c.a = to_text(item.items[0], "a correlated name");
    c.b = to_text(item.items[1], "a correlated name");
    c.a_pos = item.items[0].pos;
    c.b_pos = item.items[1].pos;
    c.pos = item.pos;
    c.rho = to_number(item.items[2], "a correlation coefficient");
    if (c.rho < -1.0 || c.rho > 1.0) {
      throw InputError(item.items[2].pos, "bad-value",
                       "a correlation coefficient must lie in [-1, 1], not " + item.items[2].scalar,
                       "write a coefficient between -1 and 1, e.g. - [" + item.items[0].scalar + ", " +
                           item.items[1].scalar + ", 0.5]");
    }
    if (c.a == c.b) {
      throw InputError(c.b_pos, "bad-value", "'" + c.a + "' is correlated with itself",
                       "a correlation pairs two different names");
    }
    auto key = std::minmax(c.a, c.b);
    if (!seen.insert({key.first, key.second}).second) {
      throw InputError(c.pos, "duplicate-id", "the pair " + c.a + ", " + c.b + " is correlated twice",
                       "keep one entry per pair");
    }
    spec.correlations.push_back(std::move(c));
  }
}

std::map<int, double> parse_year_map(const Doc& doc, const std::string& what, const ScenarioSpec& spec,
                                     bool projected_only) {
  expect_kind(doc, Doc::Kind::map, what);
  std::map<int, double> out;
  for (std::size_t i = 0; i < doc.entries.size(); ++i) {
    Doc key_doc;
    key_doc.kind = Doc::Kind::scalar;
    key_doc.scalar = doc.entries[i].first;
    key_doc.pos = doc.key_pos[i];
    int year = to_year(key_doc, "each key of " + what);
    if (projected_only) check_year_in_range(key_doc, year, spec, "the year", false);
    out[year] = to_number(doc.entries[i].second, what + " for " + std::to_string(year));
  }
  return out;
}

/// `observation_sd:` — a positive number in the indicator's unit, or a
/// percentage of the observed value ("2%"), above 0 and at most 100%.
void parse_observation_sd(const Doc& doc, IndicatorSpec& ind) {
  const std::string text = doc.kind == Doc::Kind::scalar ? doc.scalar : std::string{};
  const bool percent = !text.empty() && text.back() == '%';
  double value = 0.0;
  const bool number = doc.kind == Doc::Kind::scalar && parse_number(percent ? text.substr(0, text.size() - 1) : text, value);
  if (!number || !(value > 0) || (percent && value > 100)) {
    const std::string found = doc.kind == Doc::Kind::scalar ? "'" + text + "'" : kind_name(doc.kind);
    throw InputError(doc.pos, "bad-value",
                     "indicator '" + ind.name + "': observation_sd is " + found + "; it must be a number > 0 in the "
                         "indicator's unit, or a percentage of the observed value above 0% and at most 100%",
                     "e.g. observation_sd: 150 (in the indicator's unit) or observation_sd: 2% (of each observed value)");
  }
  ind.observation_sd = percent ? value / 100 : value;
  ind.observation_sd_relative = percent;
  ind.observation_sd_pos = doc.pos;
}

/// Adds the values history files give `ind` to its history; a year the
/// inline history also gives must have the same value there.
void merge_file_history(const Doc* inline_history, const std::map<int, FileValue>& values, IndicatorSpec& ind) {
  for (const auto& [year, file_value] : values) {
    auto [it, added] = ind.history.emplace(year, file_value.value);
    if (added) {
      ind.history_source[year] = file_value.source;
      continue;
    }
    if (same_observation(it->second, file_value.value)) continue;
    SourcePos at = ind.history_pos;
    for (std::size_t i = 0; inline_history && i < inline_history->entries.size(); ++i) {
      double key = 0.0;
      if (parse_number(inline_history->entries[i].first, key) && key == year) at = inline_history->key_pos[i];
    }
    throw InputError(at, "history-conflict",
                     "indicator '" + ind.name + "': history gives " + std::to_string(year) + ": " +
                         number_text(it->second) + " here, but " + file_value.source + " gives " +
                         number_text(file_value.value),
                     "keep one: delete the year here, or leave it out of the file's entry with years: or where:");
  }
  if (ind.history_pos.line == 0 && !values.empty()) ind.history_pos = values.begin()->second.entry_pos;
}

void parse_indicators(const Doc& top, ScenarioSpec& spec, const LoadLimits& limits) {
  const Doc& indicators = require_key(top, "indicators", "the scenario", "add `indicators:` with at least one indicator");
  expect_kind(indicators, Doc::Kind::map, "indicators");
  if (indicators.entries.empty()) {
    throw InputError(indicators.pos, "missing-key", "the scenario has no indicators", "add at least one indicator");
  }
  // Before the indicators: a base-year value from a file is the base, as an inline one is.
  const FileHistory file_history = read_history_files(top, indicators, limits);
  for (std::size_t i = 0; i < indicators.entries.size(); ++i) {
    const auto& [name, doc] = indicators.entries[i];
    std::string what = "indicator '" + name + "'";
    IndicatorSpec ind;
    ind.name = name;
    ind.pos = indicators.key_pos[i];
    check_name(name, ind.pos, "indicator");
    expect_kind(doc, Doc::Kind::map, what);
    expect_keys(doc, {"label", "unit", "source", "base", "growth", "change", "value", "path", "history",
                       "observation_sd"}, what);
    ind.label = optional_text(doc, "label", what);
    ind.unit = optional_text(doc, "unit", what);
    ind.source = optional_text(doc, "source", what);
    std::vector<std::string> rules;  // in file order, so that a two-rules error points at the second one written
    for (const auto& entry : doc.entries) {
      if (entry.first == "growth" || entry.first == "change" || entry.first == "value" || entry.first == "path") {
        rules.push_back(entry.first);
      }
    }
    if (rules.empty()) {
      throw InputError(ind.pos, "no-rule", what + " has no rule for the years after the base year",
                       "add one of growth:, change:, value: or path:");
    }
    if (rules.size() > 1) {
      throw InputError(doc.pos_of_key(rules[1]), "two-rules",
                       what + " has two rules, '" + rules[0] + "' and '" + rules[1] + "'",
                       "keep exactly one of growth:, change:, value:, path:");
    }
    ind.rule_pos = doc.pos_of_key(rules[0]);
    const Doc& rule = *doc.find(rules[0]);
    if (rules[0] == "path") {
      ind.rule = RuleKind::path;
      ind.path = parse_year_map(rule, "the path of '" + name + "'", spec, true);
      for (int year = spec.base_year + 1; year <= spec.last_year; ++year) {
        if (!ind.path.count(year)) {
          throw InputError(rule.pos, "path-gap", "the path of '" + name + "' has no value for " + std::to_string(year),
                           "a path lists every projected year " + std::to_string(spec.base_year + 1) + "–" +
                               std::to_string(spec.last_year));
        }
      }
    } else {
      ind.rule = rules[0] == "growth" ? RuleKind::growth : rules[0] == "change" ? RuleKind::change : RuleKind::value;
      ind.rule_expr = to_expr(rule, "the " + rules[0] + " rule of '" + name + "'");
    }
    if (const Doc* history = doc.find("history")) {
      ind.history = parse_year_map(*history, "the history of '" + name + "'", spec, false);
      ind.history_pos = history->pos;
    }
    if (auto from_files = file_history.find(name); from_files != file_history.end()) {
      merge_file_history(doc.find("history"), from_files->second, ind);
    }
    if (const Doc* sd = doc.find("observation_sd")) parse_observation_sd(*sd, ind);
    if (const Doc* base = doc.find("base")) {
      ind.base = to_expr(*base, "the base of '" + name + "'");
    } else if (ind.rule != RuleKind::value && ind.history.count(spec.base_year)) {
      // A value rule defines its own base year (value: E holds in every year);
      // other rules start from the observed base-year value.
      char buffer[64];
      std::snprintf(buffer, sizeof buffer, "%.17g", ind.history.at(spec.base_year));
      ind.base = ExprText{buffer, ind.history_pos};
    } else if (ind.rule != RuleKind::value) {
      throw InputError(ind.pos, "missing-base",
                       what + " has no base-year (" + std::to_string(spec.base_year) + ") value",
                       "add `base:` (a number or an expression), or a history value for " +
                           std::to_string(spec.base_year));
    }
    const auto after_base = ind.history.upper_bound(spec.base_year);
    if (ind.observation_sd && (after_base == ind.history.end() || after_base->first > spec.last_year)) {
      spec.warnings.push_back(ind.observation_sd_pos.str() + ": indicator '" + name + "': observation_sd is unused: it has "
                              "no history in the projected years " + std::to_string(spec.base_year + 1) + "–" +
                              std::to_string(spec.last_year) +
                              " (observed values after the base year are what tracking conditions on)");
    }
    spec.indicators.push_back(std::move(ind));
  }
}

void parse_target_window(const Doc& doc, const ScenarioSpec& spec, TargetSpec& t) {
  std::vector<std::string> kinds;  // in file order, like the rules of an indicator
  for (const auto& entry : doc.entries) {
    if (entry.first == "year" || entry.first == "every_year" || entry.first == "cagr") kinds.push_back(entry.first);
  }
  std::string what = "target '" + t.id + "'";
  if (kinds.size() != 1) {
    throw InputError(kinds.size() > 1 ? doc.pos_of_key(kinds[1]) : t.pos, kinds.empty() ? "missing-key" : "two-rules",
                     what + (kinds.empty() ? " says no year" : " gives both '" + kinds[0] + "' and '" + kinds[1] + "'"),
                     "give exactly one of year: Y, every_year: [Y1, Y2], cagr: [Y1, Y2]");
  }
  const Doc& window = *doc.find(kinds[0]);
  if (kinds[0] == "year") {
    t.kind = TargetKind::level;
    t.first_year = t.last_year = to_year(window, "the year of " + what);
    check_year_in_range(window, t.first_year, spec, "the target year");
    return;
  }
  t.kind = kinds[0] == "every_year" ? TargetKind::every_year : TargetKind::cagr;
  expect_kind(window, Doc::Kind::sequence, kinds[0]);
  if (window.items.size() != 2) {
    throw InputError(window.pos, "bad-years", kinds[0] + " must be [first year, last year]",
                     "e.g. " + kinds[0] + ": [2024, 2027]");
  }
  t.first_year = to_year(window.items[0], "the first year");
  t.last_year = to_year(window.items[1], "the last year");
  check_year_in_range(window.items[0], t.first_year, spec, "the first year");
  check_year_in_range(window.items[1], t.last_year, spec, "the last year");
  bool ordered = t.kind == TargetKind::cagr ? t.first_year < t.last_year : t.first_year <= t.last_year;
  if (!ordered) {
    throw InputError(window.pos, "bad-years", "the window of " + what + " runs backwards or is empty",
                     t.kind == TargetKind::cagr ? "a growth rate needs two different years, first < last"
                                                : "write [first, last] with first <= last");
  }
}

void parse_targets(const Doc& top, ScenarioSpec& spec) {
  const Doc* targets = top.find("targets");
  if (!targets || targets->kind == Doc::Kind::null) return;
  expect_kind(*targets, Doc::Kind::sequence, "targets");
  std::set<std::string> ids;
  for (const Doc& doc : targets->items) {
    expect_kind(doc, Doc::Kind::map, "a target");
    expect_keys(doc, {"id", "label", "indicator", "expr", "year", "every_year", "cagr", "at_least", "at_most", "source"},
                "a target");
    TargetSpec t;
    const Doc& id = require_key(doc, "id", "a target", "add `id:`, a short unique name such as gross-output-5t");
    t.id = to_text(id, "id");
    t.pos = id.pos;
    if (t.id.find_first_not_of(" \t") == std::string::npos) {
      throw InputError(id.pos, "bad-name", "a target id may not be empty",
                       "give the target a short unique name, e.g. id: gross-output-5t; reports and " + option_ref("target") + " use it");
    }
    if (!ids.insert(t.id).second) {
      throw InputError(id.pos, "duplicate-id", "two targets have the id '" + t.id + "'", "give each target its own id");
    }
    std::string what = "target '" + t.id + "'";
    t.label = optional_text(doc, "label", what);
    t.source = optional_text(doc, "source", what);
    const Doc* indicator = doc.find("indicator");
    const Doc* expr = doc.find("expr");
    if (!!indicator == !!expr) {
      throw InputError(expr && indicator ? doc.pos_of_key("expr") : t.pos, indicator ? "two-rules" : "missing-key",
                       what + (indicator ? " gives both 'indicator' and 'expr'" : " says neither what to measure"),
                       "give exactly one of indicator: NAME or expr: \"EXPRESSION\"");
    }
    if (indicator) {
      t.indicator = to_text(*indicator, "indicator");
      t.subject_pos = indicator->pos;
    } else {
      t.expr = to_expr(*expr, "the expr of " + what);
      t.subject_pos = expr->pos;
    }
    parse_target_window(doc, spec, t);
    const Doc* at_least = doc.find("at_least");
    const Doc* at_most = doc.find("at_most");
    if (!!at_least == !!at_most) {
      throw InputError(at_least && at_most ? doc.pos_of_key("at_most") : t.pos,
                       at_least ? "two-rules" : "missing-key",
                       what + (at_least ? " gives both 'at_least' and 'at_most'" : " has no bound"),
                       "give exactly one of at_least: X or at_most: X");
    }
    t.at_least = at_least != nullptr;
    t.threshold = to_number(at_least ? *at_least : *at_most, at_least ? "at_least" : "at_most");
    spec.targets.push_back(std::move(t));
  }
}

std::vector<double> parse_axis(const Doc& doc, const std::string& name) {
  std::string what = "the sweep axis '" + name + "'";
  expect_kind(doc, Doc::Kind::map, what);
  std::vector<double> values;
  if (const Doc* list = doc.find("values")) {
    for (const char* range_key : {"from", "to", "step"}) {
      if (doc.find(range_key)) {
        throw InputError(doc.pos_of_key(range_key), "two-rules",
                         what + " gives both 'values' and '" + range_key + "'",
                         "give either values: [v1, v2, ...] or from:, to: and step:, not both");
      }
    }
    expect_keys(doc, {"values"}, what);
    expect_kind(*list, Doc::Kind::sequence, "values");
    for (const Doc& v : list->items) values.push_back(to_number(v, "a sweep value"));
    if (values.empty()) throw InputError(list->pos, "bad-value", what + " lists no values", "list at least one value, e.g. values: [0.02, 0.04]");
    return values;
  }
  expect_keys(doc, {"from", "to", "step", "values"}, what);
  double from = to_number(require_key(doc, "from", what, "give from:, to:, step: or values: [...]"), "from");
  double to = to_number(require_key(doc, "to", what, "add `to:`, the last value, e.g. { from: 0.02, to: 0.08, step: 0.005 }"), "to");
  double step = to_number(require_key(doc, "step", what, "add `step:`, the distance between values, e.g. { from: 0.02, to: 0.08, step: 0.005 }"), "step");
  if (step <= 0 || to < from) {
    throw InputError(doc.pos, "bad-value", what + " needs from <= to and step > 0", "e.g. { from: 0.02, to: 0.08, step: 0.005 }");
  }
  double count = std::floor((to - from) / step + 1e-9) + 1;
  if (count > 10000) {
    // Not cast to an integer: (to - from) / step can exceed every integer type, or overflow to inf.
    char points[32];
    std::snprintf(points, sizeof points, "%.10g", count);
    throw InputError(doc.pos, "too-large",
                     what + " has " + (std::isfinite(count) ? std::string(points) : "more than 1e308") + " points",
                     "use at most 10000 points per axis (a larger step)");
  }
  for (int k = 0; k < static_cast<int>(count); ++k) values.push_back(from + k * step);
  return values;
}

// The grid values of all sweeps together: {from, to, step} turns three
// numbers into up to 10000 values, and YAML aliases repeat whole grids.
constexpr std::size_t kMaxSweepValues = 100000;
// The most points one sweep's grid may have: goalpath sweep's limit
// (analysis::kMaxSweepPoints), checked here so that `check` finds it with a line.
constexpr std::int64_t kMaxSweepPoints = 100000;

void parse_sweeps(const Doc& top, ScenarioSpec& spec) {
  const Doc* sweeps = top.find("sweeps");
  if (!sweeps || sweeps->kind == Doc::Kind::null) return;
  expect_kind(*sweeps, Doc::Kind::sequence, "sweeps");
  std::set<std::string> ids;
  std::size_t values = 0;
  for (const Doc& doc : sweeps->items) {
    expect_kind(doc, Doc::Kind::map, "a sweep");
    expect_keys(doc, {"id", "grid"}, "a sweep");
    SweepSpec s;
    const Doc& id = require_key(doc, "id", "a sweep", "add `id:`, a short name to ask for the sweep by (" + option_ref("sweeps") + " ID)");
    s.id = to_text(id, "id");
    s.pos = id.pos;
    if (!ids.insert(s.id).second) {
      throw InputError(id.pos, "duplicate-id", "two sweeps have the id '" + s.id + "'", "give each sweep its own id");
    }
    const Doc& grid = expect_kind(require_key(doc, "grid", "sweep '" + s.id + "'",
                                              "add `grid:` with one axis per parameter, e.g. "
                                              "grid: { output_growth: { from: 0.02, to: 0.08, step: 0.01 } }"),
                                  Doc::Kind::map, "grid");
    if (grid.entries.empty()) {
      throw InputError(grid.pos, "bad-value", "sweep '" + s.id + "' has an empty grid: nothing to sweep",
                       "give one axis per parameter, e.g. grid: { output_growth: { from: 0.02, to: 0.08, step: 0.01 } }");
    }
    double points = 1;  // the grid is every combination of its axes
    for (std::size_t i = 0; i < grid.entries.size(); ++i) {
      s.axes.push_back({grid.entries[i].first, grid.key_pos[i], parse_axis(grid.entries[i].second, grid.entries[i].first)});
      points *= static_cast<double>(s.axes.back().values.size());
      if (points > static_cast<double>(kMaxSweepPoints)) {
        throw InputError(grid.key_pos[i], "too-large",
                         "sweep '" + s.id + "' has more than " + std::to_string(kMaxSweepPoints) +
                             " points (every combination of its axes)",
                         "use fewer axes or larger steps; `goalpath sweep` runs the scenario once per point");
      }
      values += s.axes.back().values.size();
      if (values > kMaxSweepValues) {
        throw InputError(grid.key_pos[i], "too-large",
                         "the sweeps have more than " + std::to_string(kMaxSweepValues) + " grid values in all",
                         "use fewer axes or larger steps; YAML aliases (*name) repeat whole grids");
      }
    }
    spec.sweeps.push_back(std::move(s));
  }
}

}  // namespace

void check_parameter(const ParameterSpec& p) {
  if (!p.uncertainty) return;
  const UncertaintySpec& u = *p.uncertainty;
  auto fail = [&](const std::string& message, const std::string& hint) {
    throw InputError(u.pos.line ? u.pos : p.pos, "bad-value", "parameter '" + p.name + "': " + message, hint);
  };
  if (u.sd && !(*u.sd > 0)) fail("sd is " + number_text(*u.sd) + "; it must be > 0", "remove the uncertainty for a fixed value");
  if (u.dist == "lognormal" && !(p.value > 0)) fail("a lognormal distribution needs value > 0 (its median)", "use normal for a value that can be <= 0");
  // A range wider than the largest double has no number for most of its
  // draws, and the distance between two of them overflows (issue 14, item 1).
  // A normal reaches value ± 40 sd (Φ(-40) is below the smallest double);
  // sample::validate applies the same rule to the compiled marginal.
  if (u.sd && (!std::isfinite(80 * *u.sd) || (u.dist == "normal" && !std::isfinite(std::abs(p.value) + 80 * *u.sd)))) {
    fail("sd is " + number_text(*u.sd) + "; the range a draw can reach, value ± 40 sd" +
             (u.dist == "lognormal" ? " of the log" : "") + ", must be narrower than the largest double (1.8e308)",
         "an sd this large means the value is unknown; give the plausible range instead");
  }
  if (u.low && u.high && !std::isfinite(*u.high - *u.low)) {
    fail("high - low exceeds the largest double (1.8e308) (low is " + number_text(*u.low) + ", high is " +
             number_text(*u.high) + ")",
         "give the plausible range; no double stands for most values of a range this wide");
  }
  if (u.low && u.high) {
    if (!(*u.low < *u.high)) {
      fail("low must be below high (low is " + number_text(*u.low) + ", high is " + number_text(*u.high) + ")",
           "swap them or widen the range");
    }
    if (p.value < *u.low || p.value > *u.high) {
      fail("value " + number_text(p.value) + " lies outside [low, high] = [" + number_text(*u.low) + ", " +
               number_text(*u.high) + "]",
           u.dist == "triangular" ? "value is the mode; it must lie between low and high"
                                  : "value is used in the deterministic projection; put it inside the range");
    }
  }
  if (u.lower_bound || u.upper_bound) {
    if (!(*u.lower_bound < *u.upper_bound)) {
      fail("bounds must be [lower, upper] with lower < upper", "write bounds: [lower, upper], e.g. bounds: [0, 0.2]");
    }
    if (p.value < *u.lower_bound || p.value > *u.upper_bound) {
      fail("value " + number_text(p.value) + " lies outside its bounds [" + number_text(*u.lower_bound) + ", " +
               number_text(*u.upper_bound) + "]",
           "bounds truncate the distribution; they must contain value");
    }
  }
}

void check_shock(const ShockSpec& s) {
  if (!(s.sd >= 0)) {
    throw InputError(s.pos, "bad-value", "shock '" + s.name + "': sd is " + number_text(s.sd) + "; it must be >= 0",
                     "sd is the yearly standard deviation");
  }
  if (!(s.ar > -1.0 && s.ar < 1.0)) {
    throw InputError(s.pos, "bad-value", "shock '" + s.name + "': ar is " + number_text(s.ar) + "; it must lie strictly between -1 and 1",
                     "ar is the AR(1) persistence; 0 means independent years");
  }
}

ScenarioSpec build_spec(const Doc& top, const LoadLimits& limits) {
  expect_keys(top, kTopKeys, "the scenario");
  ScenarioSpec spec;
  const Doc& id = require_key(top, "scenario", "the scenario", "add `scenario: my-scenario-id` at the top");
  spec.id = to_text(id, "scenario");
  if (!is_valid_id(spec.id)) {
    throw InputError(id.pos, "bad-name", "the scenario id '" + spec.id + "' may contain only a-z, 0-9 and '-'",
                     "e.g. scenario: shanghai-2027-baseline");
  }
  spec.title = optional_text(top, "title", "the scenario");
  spec.description = optional_text(top, "description", "the scenario");
  spec.language = optional_text(top, "language", "the scenario");
  if (!spec.language.empty() && spec.language != "zh" && spec.language != "en") {
    throw InputError(top.find("language")->pos, "bad-value",
                     "language is '" + spec.language + "'; reports are written in zh (Chinese) or en (English)",
                     "write language: zh or language: en, or leave it out to follow the reader's locale");
  }
  parse_years(top, spec);
  if (const Doc* sim = top.find("simulation"); sim && sim->kind != Doc::Kind::null) {
    expect_kind(*sim, Doc::Kind::map, "simulation");
    expect_keys(*sim, {"paths", "seed"}, "simulation");
    if (const Doc* paths = sim->find("paths")) {
      double n = to_number(*paths, "paths");
      if (n > static_cast<double>(kMaxPaths)) {
        throw InputError(paths->pos, "bad-value",
                         "paths is " + paths->scalar + ", more than the maximum of 1000000000000 (10^12)",
                         "e.g. paths: 100000; a million paths already give probabilities to 0.1%");
      }
      if (n < 1 || n != std::floor(n)) {
        throw InputError(paths->pos, "bad-value", "paths must be a whole number >= 1", "e.g. paths: 100000");
      }
      spec.paths = static_cast<std::int64_t>(n);
    }
    if (const Doc* seed = sim->find("seed")) {
      double s = to_number(*seed, "seed");
      // A double cannot tell 2^53 + 1 from 2^53: whole numbers written out
      // in digits are compared exactly.
      const bool digits = !seed->scalar.empty() && seed->scalar.size() <= 19 &&
                          seed->scalar.find_first_not_of("0123456789") == std::string::npos;
      const bool above = digits ? std::stoull(seed->scalar) > kMaxSeed : s > static_cast<double>(kMaxSeed);
      if (s < 0 || s != std::floor(s) || above) {
        throw InputError(seed->pos, "bad-value",
                         "seed must be a whole number from 0 to " + std::to_string(kMaxSeed) + " (2^53)",
                         "e.g. seed: 20240220");
      }
      spec.seed = static_cast<std::uint64_t>(s);
    }
  }
  if (const Doc* status = top.find("status"); status && status->kind != Doc::Kind::null) {
    expect_kind(*status, Doc::Kind::map, "status");
    expect_keys(*status, {"on_track", "at_risk"}, "status");
    if (const Doc* v = status->find("on_track")) spec.on_track = to_number(*v, "on_track");
    if (const Doc* v = status->find("at_risk")) spec.at_risk = to_number(*v, "at_risk");
    if (!(0 <= spec.at_risk && spec.at_risk <= spec.on_track && spec.on_track <= 1)) {
      throw InputError(status->pos, "bad-value", "status cut-offs need 0 <= at_risk <= on_track <= 1",
                       "e.g. status: { on_track: 0.8, at_risk: 0.5 }");
    }
  }
  spec.calibration = parse_calibration(top);
  parse_parameters(top, spec);
  parse_shocks(top, spec);
  parse_correlations(top, spec);
  parse_indicators(top, spec, limits);
  parse_targets(top, spec);
  parse_sweeps(top, spec);
  return spec;
}

}  // namespace goalpath::scenario::detail

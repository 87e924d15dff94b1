#include "analysis/calibrate.hpp"

#include <cmath>

namespace goalpath::analysis {

Calibration calibrate_growth(const std::map<int, double>& history, int from, int to, const std::string& name,
                             const SourcePos& pos) {
  if (from > to) {
    throw InputError(pos, "bad-years", option_ref("from_year") + " " + std::to_string(from) + " comes after " + option_ref("to_year") + " " + std::to_string(to),
                     "give the window as " + option_ref("from_year") + " FIRST " + option_ref("to_year") + " LAST");
  }
  Calibration c;
  c.indicator = name;
  c.from_year = from;
  c.to_year = to;
  for (auto it = history.lower_bound(from); it != history.end() && it->first <= to; ++it) {
    if (!(it->second > 0)) {
      throw InputError(pos, "bad-value",
                       "the history of '" + name + "' has " + std::to_string(it->second) + " in " +
                           std::to_string(it->first) + "; growth rates need levels above 0",
                       "calibrate a window without that year, or model the indicator with a `change:` rule");
    }
    if (!c.years.empty() && c.years.back() == it->first - 1) {
      c.growth_years.push_back(it->first);
      c.growth.push_back(it->second / c.values.back() - 1.0);
    }
    c.years.push_back(it->first);
    c.values.push_back(it->second);
  }
  c.n = static_cast<int>(c.growth.size());
  if (c.n < 2) {
    std::string seen;
    for (int year : c.years) seen += (seen.empty() ? "" : ", ") + std::to_string(year);
    throw InputError(pos, "too-few",
                     "the history of '" + name + "' has " + std::to_string(c.n) + " year-on-year growth observation" +
                         (c.n == 1 ? "" : "s") + " in " + std::to_string(from) + "–" + std::to_string(to) +
                         " (observed years: " + (seen.empty() ? "none" : seen) + "); at least 2 are needed for an sd",
                     "an sd needs two pairs of consecutive observed years: widen " + option_ref("from_year") + "/" + option_ref("to_year") + ", or add the "
                     "observed values of the missing years to the history");
  }
  c.span_years = c.years.back() - c.years.front();
  c.cagr = std::pow(c.values.back() / c.values.front(), 1.0 / c.span_years) - 1.0;
  double sum = 0;
  for (double g : c.growth) sum += g;
  c.mean = sum / c.n;
  double squares = 0;
  for (double g : c.growth) squares += (g - c.mean) * (g - c.mean);
  c.sd = std::sqrt(squares / (c.n - 1));
  c.se = c.sd / std::sqrt(static_cast<double>(c.span_years));
  if (c.n < kReliableGrowthObservations) {
    c.warning = "sd from n=" + std::to_string(c.n) + " observations is unreliable";
  }
  return c;
}

Calibration calibrate_indicator(const scenario::ScenarioSpec& spec, const std::string& indicator,
                                std::optional<int> from, std::optional<int> to) {
  const SourcePos at{option_ref("indicator") + " " + indicator, 0, 0};
  const scenario::IndicatorSpec* ind = spec.find_indicator(indicator);
  if (!ind) {
    std::vector<std::string> names;
    for (const auto& i : spec.indicators) names.push_back(i.name);
    std::string hint = spec.find_parameter(indicator)
                           ? "'" + indicator + "' is a parameter; calibrate reads the history of an indicator"
                           : did_you_mean(indicator, names);
    throw InputError(at, "unknown-name", "'" + indicator + "' is not an indicator of '" + spec.id + "'", hint);
  }
  if (ind->history.empty()) {
    throw InputError(ind->pos, "too-few", "indicator '" + indicator + "' has no history",
                     "add `history: {YEAR: value, …}` with the observed values and their source");
  }
  const int first = from.value_or(ind->history.begin()->first), last = to.value_or(ind->history.rbegin()->first);
  if (first > last) {
    const std::string runs =
        std::to_string(ind->history.begin()->first) + "–" + std::to_string(ind->history.rbegin()->first);
    throw InputError(at, "bad-years", "the window " + std::to_string(first) + "–" + std::to_string(last) + " is empty",
                     "give " + option_ref("from_year") + " FIRST " + option_ref("to_year") + " LAST with FIRST <= LAST (the history of '" + indicator + "' runs " +
                         runs + ")");
  }
  Calibration c = calibrate_growth(ind->history, first, last, indicator, ind->history_pos.line ? ind->history_pos : at);
  c.label = ind->label;
  c.unit = ind->unit;
  return c;
}

}  // namespace goalpath::analysis

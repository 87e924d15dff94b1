// Calibration: an indicator's growth estimated from its history, as numbers a
// planner can paste into a scenario (`goalpath calibrate SCENARIO --indicator
// NAME --from YEAR --to YEAR`).
//
// From the observations in [from, to]:
//   cagr  compound annual growth from the first to the last observation,
//         (x_last / x_first)^(1 / years) - 1: it uses every year of the
//         window, gaps included (2015 -> 2019 counts as four years), and is
//         the rate that reproduces the observed levels when compounded.
//   n, mean, sd  the year-on-year growth rates x_t / x_{t-1} - 1 of the
//         pairs of consecutive observed years only (a gap's average rate
//         hides its year-to-year spread, so it would understate sd); mean is
//         their average and sd their sample standard deviation (n - 1).
//   se    sd / sqrt(years of the window): the standard error of the average
//         annual rate over those years if yearly growth varied by sd
//         independently from year to year.
//
// The suggested scenario text follows GoalPath's semantics (SCENARIO_FORMAT.md):
// a parameter is drawn once per path, so the growth parameter gets value =
// cagr and, as its uncertainty, se (how well the trend is known); the
// year-to-year variation sd is a shock, drawn every year. Putting sd on the
// parameter would treat one bad year as a bad decade and widen the bands by
// about sqrt(horizon). When the rates do not vary (se = 0) the parameter gets
// no uncertainty, since a normal needs sd > 0.
//
// Errors (InputError): unknown-name (not an indicator, with a did-you-mean),
// bad-years (from > to), too-few (fewer than 2 year-on-year observations),
// bad-value (a level <= 0 in the window: growth rates undefined).
#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"

namespace goalpath::analysis {

struct Calibration {
  std::string indicator, label, unit;
  int from_year = 0, to_year = 0;        // the window asked for
  std::vector<int> years;                // observations in the window
  std::vector<double> values;
  std::vector<int> growth_years;         // t for each consecutive pair (t-1, t)
  std::vector<double> growth;            // x_t / x_{t-1} - 1
  int n = 0;                             // growth.size()
  double mean = 0, sd = 0, se = 0, cagr = 0;
  int span_years = 0;                    // last observed year - first observed year
  std::string warning;                   // "" when none
  std::string language;                  // the scenario's declared report language ("" when not declared)
};

/// Fewer year-on-year observations than this get a warning (sd unreliable).
constexpr int kReliableGrowthObservations = 5;

/// Growth statistics of `history` within [from, to]; `name` and `pos` only
/// word the errors.
Calibration calibrate_growth(const std::map<int, double>& history, int from, int to, const std::string& name,
                             const SourcePos& pos = {});

/// The same for an indicator of a scenario; `from`/`to` default to the first
/// and last year of its history.
Calibration calibrate_indicator(const scenario::ScenarioSpec& spec, const std::string& indicator,
                                std::optional<int> from, std::optional<int> to);

}  // namespace goalpath::analysis

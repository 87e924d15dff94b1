// GET /api/model: goalpath.model/1, what the page builds its sliders,
// target cards and charts from (docs/SERVE.md).
#include <cmath>
#include <limits>

#include "serve/serve.hpp"

namespace goalpath::serve {

namespace {

using nlohmann::json;

struct SliderRange {
  double min = 0, max = 0, step = 0;
};

/// 1, 2 or 5 times a power of ten: about 200 steps over `span`, so an arrow
/// key moves the value by a round amount.
double round_step(double span) {
  if (!(span > 0) || !std::isfinite(span)) return 1;
  const double raw = span / 200;
  const double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  for (double m : {1.0, 2.0, 5.0}) {
    if (raw <= m * magnitude) return m * magnitude;
  }
  return 10 * magnitude;
}

/// The steps' grid from lo to hi, its ends on multiples of the step and
/// inside [lo, hi] (so every position is a value the format accepts).
SliderRange on_grid(double lo, double hi) {
  const double step = round_step(hi - lo);
  SliderRange r{std::ceil(lo / step - 1e-9) * step, std::floor(hi / step + 1e-9) * step, step};
  if (r.max < r.min) r = {lo, hi, (hi - lo) / 2};
  return r;
}

/// Where a parameter's value may go: its distribution's central 99%
/// widened by half on each side (a fixed one: half its size either way),
/// within the bounds, and for a uniform or triangular one (whose low and high
/// move with the value, SCENARIO_FORMAT.md) only as far as its range stays
/// inside them; a lognormal's median stays positive.
SliderRange value_range(const model::Parameter& p) {
  const sample::Marginal& m = p.marginal;
  double lo, hi;
  if (p.uncertain()) {
    lo = m.quantile(0.005);
    hi = m.quantile(0.995);
    const double width = hi - lo;
    lo -= width / 2;
    hi += width / 2;
  } else {
    const double half = p.value != 0 ? std::abs(p.value) / 2 : 1.0;
    lo = p.value - half;
    hi = p.value + half;
  }
  double below = 0, above = 0;  // how far the range reaches past the value
  if (m.dist == sample::Distribution::uniform || m.dist == sample::Distribution::triangular) {
    below = m.value - m.low;
    above = m.high - m.value;
  }
  if (std::isfinite(m.lower_bound)) lo = std::max(lo, m.lower_bound + below);
  if (std::isfinite(m.upper_bound)) hi = std::min(hi, m.upper_bound - above);
  if (m.dist == sample::Distribution::lognormal) lo = std::max(lo, p.value / 10);
  lo = std::min(lo, p.value);
  hi = std::max(hi, p.value);
  return on_grid(lo, hi);
}

json slider_json(const SliderRange& r) { return {{"min", r.min}, {"max", r.max}, {"step", r.step}}; }

json bounds_json(const sample::Marginal& m) {
  if (!std::isfinite(m.lower_bound) && !std::isfinite(m.upper_bound)) return nullptr;
  auto end = [](double x) { return std::isfinite(x) ? json(x) : json(nullptr); };
  return json::array({end(m.lower_bound), end(m.upper_bound)});
}

json parameters_json(const model::Model& model) {
  json out = json::array();
  const auto summaries = analysis::summarise_parameters(model);
  for (std::size_t i = 0; i < model.parameters.size(); ++i) {
    const model::Parameter& p = model.parameters[i];
    const bool has_sd = p.marginal.dist == sample::Distribution::normal || p.marginal.dist == sample::Distribution::lognormal;
    json sd = nullptr, sd_slider = nullptr;
    if (has_sd) {
      sd = p.marginal.sd;
      SliderRange r = on_grid(0, 3 * p.marginal.sd);
      if (r.min <= 0) r.min = r.step;  // an sd must be > 0
      sd_slider = slider_json(r);
    }
    out.push_back({{"name", p.name},
                   {"label", p.label.empty() ? p.name : p.label},
                   {"unit", p.unit},
                   {"source", p.source},
                   {"value", p.value},
                   {"distribution", summaries[i].distribution},
                   {"uncertain", p.uncertain()},
                   {"bounds", bounds_json(p.marginal)},
                   {"slider", slider_json(value_range(p))},
                   {"sd", sd},
                   {"sd_slider", sd_slider}});
  }
  return out;
}

}  // namespace

Response WhatIf::model() const {
  const model::Model& m = scenario_.model();
  json targets = json::array(), indicators = json::array();
  for (const auto& t : m.targets) {
    targets.push_back({{"id", t.id},
                       {"label", t.label.empty() ? t.id : t.label},
                       {"unit", t.unit},
                       {"indicator", t.indicator >= 0 ? json(m.indicators[t.indicator].name) : json(nullptr)},
                       {"subject", t.subject},
                       {"kind", scenario::to_string(t.kind)},
                       {"op", t.at_least ? ">=" : "<="},
                       {"threshold", t.threshold},
                       {"years", {t.first_year, t.last_year}}});
  }
  for (const auto& i : m.indicators) {
    indicators.push_back({{"name", i.name}, {"label", i.label.empty() ? i.name : i.label}, {"unit", i.unit}});
  }
  const sim::SimulationOptions sim = simulation_options(scenario_, [&] {
    ExecutionOptions e;
    e.paths = options_.paths;
    return e;
  }());
  json out = {{"schema", "goalpath.model/1"},
              {"lang", report::to_string(lang_)},
              {"scenario",
               {{"id", m.id},
                {"title", m.title},
                {"file", scenario_.provenance().file},
                {"language", m.language},
                {"base_year", m.base_year},
                {"last_year", m.last_year},
                {"seed", sim.seed},
                {"paths", sim.paths}}},
              {"status_cutoffs", {{"on_track", m.spec.on_track}, {"at_risk", m.spec.at_risk}}},
              {"parameters", parameters_json(m)},
              {"targets", targets},
              {"indicators", indicators},
              {"warnings", m.spec.warnings},
              {"limits",
               {{"max_paths", options_.max_paths},
                {"max_overrides", options_.max_overrides},
                {"max_body_bytes", options_.max_body_bytes}}}};
  Response r;
  r.body = out.dump(-1, ' ', false, json::error_handler_t::replace);
  return r;
}

}  // namespace goalpath::serve

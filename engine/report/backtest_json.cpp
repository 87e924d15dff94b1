// `goalpath backtest --format json` (CLI.md, goalpath.backtest/1).
#include <cmath>

#include "report/backtest.hpp"

namespace goalpath::report {

namespace {
using nlohmann::json;

json number(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json numbers(const std::vector<double>& values) {
  json out = json::array();
  for (double v : values) out.push_back(number(v));
  return out;
}
}  // namespace

json backtest_to_json(const analysis::BacktestResult& r) {
  json out;
  out["schema"] = "goalpath.backtest/1";
  out["engine"] = {{"version", r.engine_version}};
  out["scenario"] = {{"id", r.scenario_id}, {"title", r.title}, {"file", r.scenario_file}};
  out["settings"] = {{"paths", r.paths},
                     {"seed", r.seed},
                     {"deterministic", r.deterministic},
                     {"command_line", r.command_line}};
  out["from"] = r.from_year;
  out["to"] = r.last_year;
  out["original_base_year"] = r.original_base_year;
  json indicators = json::object();
  for (const auto& s : r.indicators) {
    json j;
    j["label"] = s.label;
    j["unit"] = s.unit;
    j["start"] = {{"kind", analysis::to_string(s.start)},
                  {"value", number(s.start_value)},
                  {"observed", s.observed_start ? number(*s.observed_start) : json(nullptr)}};
    if (s.start == analysis::BacktestStart::expression) j["start"]["expression"] = s.base_expression;
    j["years"] = s.years;
    j["observed"] = numbers(s.observed);
    j["deterministic"] = numbers(s.deterministic);
    j["p05"] = numbers(s.p05);
    j["p50"] = numbers(s.p50);
    j["p95"] = numbers(s.p95);
    j["error"] = numbers(s.error);
    j["mape"] = number(s.mape);
    j["n"] = s.years.size();
    j["inside_90"] = r.deterministic ? json(nullptr) : json(s.inside_90);
    indicators[s.name] = std::move(j);
  }
  out["indicators"] = std::move(indicators);
  out["left_out"] = r.left_out;
  out["expression_starts"] = r.expression_starts;
  out["points"] = r.points;
  out["mape_points"] = r.mape_points;
  out["mape"] = number(r.mape);
  out["inside_90"] = r.deterministic ? json(nullptr) : json(r.inside_90);
  out["coverage_90"] = r.coverage_90 ? number(*r.coverage_90) : json(nullptr);
  out["diagnostics"] = {{"nonfinite_paths", r.nonfinite_paths}};
  return out;
}

json calibration_to_json(const analysis::Calibration& c) {
  json growth = json::array();
  for (std::size_t k = 0; k < c.growth.size(); ++k) {
    growth.push_back({{"from", c.growth_years[k] - 1}, {"to", c.growth_years[k]}, {"rate", number(c.growth[k])}});
  }
  json observed = json::object();
  for (std::size_t k = 0; k < c.years.size(); ++k) observed[std::to_string(c.years[k])] = number(c.values[k]);
  return {{"schema", "goalpath.calibrate/1"},
          {"indicator", c.indicator},
          {"label", c.label},
          {"unit", c.unit},
          {"from", c.from_year},
          {"to", c.to_year},
          {"n", c.n},
          {"mean", number(c.mean)},
          {"sd", number(c.sd)},
          {"cagr", number(c.cagr)},
          {"span_years", c.span_years},
          {"se", number(c.se)},
          {"suggested", {{"value", number(c.cagr)}, {"parameter_sd", number(c.se)}, {"shock_sd", number(c.sd)}}},
          {"observed", std::move(observed)},
          {"growth", std::move(growth)},
          {"warning", c.warning.empty() ? json(nullptr) : json(c.warning)}};
}

}  // namespace goalpath::report

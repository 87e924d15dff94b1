// `goalpath backtest --format json` (CLI.md, goalpath.backtest/1).
#include "report/backtest.hpp"
#include "report/data/json_parts.hpp"

namespace goalpath::report {

namespace {
using detail::json_number;
using nlohmann::json;

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
                  {"value", json_number(s.start_value)},
                  {"observed", s.observed_start ? json_number(*s.observed_start) : json(nullptr)}};
    if (s.start == analysis::BacktestStart::expression) j["start"]["expression"] = s.base_expression;
    j["years"] = s.years;
    j["observed"] = detail::json_numbers(s.observed);
    j["deterministic"] = detail::json_numbers(s.deterministic);
    j["p05"] = detail::json_numbers(s.p05);
    j["p50"] = detail::json_numbers(s.p50);
    j["p95"] = detail::json_numbers(s.p95);
    j["error"] = detail::json_numbers(s.error);
    j["mape"] = json_number(s.mape);
    j["n"] = s.years.size();
    j["inside_90"] = r.deterministic ? json(nullptr) : json(s.inside_90);
    indicators[s.name] = std::move(j);
  }
  out["indicators"] = std::move(indicators);
  out["left_out"] = r.left_out;
  out["expression_starts"] = r.expression_starts;
  out["points"] = r.points;
  out["mape_points"] = r.mape_points;
  out["mape"] = json_number(r.mape);
  out["inside_90"] = r.deterministic ? json(nullptr) : json(r.inside_90);
  out["coverage_90"] = r.coverage_90 ? json_number(*r.coverage_90) : json(nullptr);
  out["diagnostics"] = {{"nonfinite_paths", r.nonfinite_paths}};
  return out;
}

}  // namespace goalpath::report

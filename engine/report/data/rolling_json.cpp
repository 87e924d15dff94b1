// `goalpath backtest --rolling --format json` (REPORT_JSON.md, goalpath.backtest/2).
#include "report/rolling.hpp"
#include "report/data/json_parts.hpp"
#include "report/data/json_parts.hpp"
#include "report/data/study_json.hpp"

namespace goalpath::report {

namespace {
using detail::json_number;
using nlohmann::json;

void put_coverage(json& out, const analysis::RollingCoverage& c) { out.update(coverage_to_json(c)); }
}  // namespace

json coverage_to_json(const analysis::RollingCoverage& c) {
  return {{"points", c.points},
          {"inside_50", c.inside_50},
          {"inside_90", c.inside_90},
          {"coverage_50", json_number(c.coverage_50)},
          {"coverage_90", json_number(c.coverage_90)},
          {"coverage_50_p", json_number(c.coverage_50_p)},
          {"coverage_90_p", json_number(c.coverage_90_p)},
          {"pit", c.pit}};
}

json rolling_to_json(const analysis::RollingResult& r) {
  json out;
  out["schema"] = "goalpath.backtest/2";
  detail::put_study_info(out, r.info);
  out["settings"]["paths"] = r.paths;
  out["settings"]["rolling"] = true;
  out["settings"]["first_origin"] = r.settings.first_origin ? json(r.settings.first_origin) : json(nullptr);
  out["settings"]["last_origin"] = r.settings.last_origin ? json(r.settings.last_origin) : json(nullptr);
  out["settings"]["max_horizon"] = r.settings.max_horizon ? json(r.settings.max_horizon) : json(nullptr);
  out["origins"] = r.origins;
  json skipped = json::array();
  for (const auto& s : r.skipped) skipped.push_back({{"origin", s.year}, {"reason", s.reason}});
  out["skipped_origins"] = std::move(skipped);
  json dropped = json::array();
  for (const auto& d : r.dropped) {
    dropped.push_back({{"origin", d.year}, {"indicator", d.indicator}, {"reason", d.reason}});
  }
  out["dropped_indicators"] = std::move(dropped);
  put_coverage(out, r.overall);
  json horizons = json::array();
  for (const auto& h : r.horizons) {
    json j = {{"horizon", h.horizon}};
    put_coverage(j, h);
    j["error_points"] = h.error_points;
    j["bias"] = json_number(h.bias);
    j["rmse"] = json_number(h.rmse);
    horizons.push_back(std::move(j));
  }
  out["horizons"] = std::move(horizons);
  json forecasts = json::array();
  for (const auto& f : r.forecasts) {
    forecasts.push_back({{"indicator", f.indicator},
                         {"origin", f.origin},
                         {"year", f.year},
                         {"horizon", f.horizon},
                         {"observed", json_number(f.observed)},
                         {"deterministic", json_number(f.deterministic)},
                         {"p05", json_number(f.p05)},
                         {"p25", json_number(f.p25)},
                         {"p50", json_number(f.p50)},
                         {"p75", json_number(f.p75)},
                         {"p95", json_number(f.p95)},
                         {"pit", json_number(f.pit)},
                         {"log_error", json_number(f.log_error)},
                         {"log_sd", json_number(f.log_sd)}});
  }
  out["forecasts"] = std::move(forecasts);
  out["diagnostics"]["nonfinite_paths"] = r.nonfinite_paths;
  return out;
}

}  // namespace goalpath::report

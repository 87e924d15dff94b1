// `goalpath backtest --rolling --format csv`: one row per point of every origin.
#include "report/rolling.hpp"
#include "report/text.hpp"

namespace goalpath::report {

std::string rolling_csv(const analysis::RollingResult& r) {
  using detail::exact_number;
  std::string out = detail::csv_record({"scenario", "indicator", "origin", "year", "horizon", "observed",
                                        "deterministic", "p05", "p25", "p50", "p75", "p95", "pit", "log_error"});
  for (const auto& f : r.forecasts) {
    out += detail::csv_record({r.info.scenario_id, f.indicator, std::to_string(f.origin), std::to_string(f.year),
                               std::to_string(f.horizon), exact_number(f.observed), exact_number(f.deterministic),
                               exact_number(f.p05), exact_number(f.p25), exact_number(f.p50), exact_number(f.p75),
                               exact_number(f.p95), exact_number(f.pit), exact_number(f.log_error)});
  }
  return out;
}

}  // namespace goalpath::report

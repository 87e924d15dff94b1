// `goalpath backtest --format csv`: one row per compared point, the exact numbers.
#include "report/backtest.hpp"
#include "report/text.hpp"

namespace goalpath::report {

std::string backtest_csv(const analysis::BacktestResult& r) {
  using detail::exact_number;
  std::string out = detail::csv_record({"scenario", "from", "indicator", "year", "observed", "deterministic", "error",
                                        "p05", "p50", "p95", "inside_90"});
  for (const auto& s : r.indicators) {
    for (std::size_t k = 0; k < s.years.size(); ++k) {
      std::vector<std::string> fields = {r.scenario_id, std::to_string(r.from_year), s.name, std::to_string(s.years[k]),
                                         exact_number(s.observed[k]), exact_number(s.deterministic[k]),
                                         exact_number(s.error[k])};
      if (r.deterministic) {
        fields.insert(fields.end(), {"", "", "", ""});
      } else {
        fields.insert(fields.end(), {exact_number(s.p05[k]), exact_number(s.p50[k]), exact_number(s.p95[k]),
                                     s.in_band[k] ? "1" : "0"});
      }
      out += detail::csv_record(fields);
    }
  }
  return out;
}

}  // namespace goalpath::report

// `goalpath solve --format csv` (one row per field) and `--paths-needed`
// (one row per target and year).
#include "report/solve.hpp"
#include "report/text.hpp"

namespace goalpath::report {

std::string solve_csv(const analysis::SolveResult& r) {
  using detail::exact_number;
  std::string out = detail::csv_record({"section", "year", "field", "value"});
  auto add = [&out](const std::string& section, const std::string& year, const std::string& field, const std::string& value) {
    out += detail::csv_record({section, year, field, value});
  };
  add("solve", "", "target", r.target);
  add("solve", "", "param", r.param);
  add("solve", "", "break_even", r.break_even ? exact_number(*r.break_even) : "");
  add("solve", "", "current", exact_number(r.current));
  add("solve", "", "direction", r.direction);
  add("solve", "", "reason", r.reason);
  add("solve", "", "value_at_current", exact_number(r.value_at_current));
  add("solve", "", "met_at_current", r.met_at_current ? "1" : "0");
  add("solve", "", "search_low", exact_number(r.search_low));
  add("solve", "", "search_high", exact_number(r.search_high));
  if (r.probability) {
    const analysis::ProbabilitySolution& s = *r.probability;
    add("solve", "", "probability", exact_number(s.probability));
    add("solve", "", "value", s.value ? exact_number(*s.value) : "");
    add("solve", "", "value_se", s.value ? exact_number(s.value_se) : "");
    add("solve", "", "probability_at_current", exact_number(s.probability_at_current));
    add("solve", "", "paths", std::to_string(s.paths));
  }
  const auto& p = r.path_needed;
  add("path", "", "required_rate", exact_number(p.required_rate));
  add("path", "", "projected_rate", exact_number(p.projected_rate));
  add("path", "", "rates", p.rates);
  for (std::size_t k = 0; k < p.years.size(); ++k) {
    if (k < p.needed.size()) add("path", std::to_string(p.years[k]), "needed", exact_number(p.needed[k]));
    add("path", std::to_string(p.years[k]), "projected", exact_number(p.projected[k]));
  }
  return out;
}

std::string paths_needed_csv(const PathsNeededReport& r) {
  using detail::exact_number;
  std::string out = detail::csv_record({"target", "year", "needed", "projected"});
  for (const auto& p : r.paths) {
    for (std::size_t k = 0; k < p.years.size(); ++k) {
      out += detail::csv_record({p.target, std::to_string(p.years[k]), k < p.needed.size() ? exact_number(p.needed[k]) : "",
                                 exact_number(p.projected[k])});
    }
  }
  return out;
}

}  // namespace goalpath::report

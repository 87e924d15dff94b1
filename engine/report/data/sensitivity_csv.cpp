// `goalpath sensitivity --format csv`: one row per target and parameter.
#include "report/sensitivity.hpp"
#include "report/text.hpp"

namespace goalpath::report {

using analysis::SensitivityMethod;

std::string sensitivity_csv(const analysis::SensitivityReport& rep) {
  using detail::exact_number;
  std::vector<std::string> header = {"target", "parameter"};
  switch (rep.method) {
    case SensitivityMethod::tornado: header.insert(header.end(), {"low", "high", "output_low", "output_high", "swing"}); break;
    case SensitivityMethod::morris: header.insert(header.end(), {"mu_star", "mu", "sigma"}); break;
    case SensitivityMethod::sobol: header.insert(header.end(), {"S1", "S1_conf", "ST", "ST_conf"}); break;
    case SensitivityMethod::shapley: header.insert(header.end(), {"shapley", "shapley_conf", "shapley_se"}); break;
  }
  std::string out = detail::csv_record(header);
  for (const auto& r : rep.results) {
    for (const auto& p : r.parameters) {
      std::vector<std::string> fields = {r.target, p.name};
      switch (rep.method) {
        case SensitivityMethod::tornado:
          for (double v : {p.low, p.high, p.output_low, p.output_high, p.swing}) fields.push_back(exact_number(v));
          break;
        case SensitivityMethod::morris:
          for (double v : {p.mu_star, p.mu, p.sigma}) fields.push_back(exact_number(v));
          break;
        case SensitivityMethod::sobol:
          for (double v : {p.S1, p.S1_conf, p.ST, p.ST_conf}) fields.push_back(exact_number(v));
          break;
        case SensitivityMethod::shapley:
          for (double v : {p.shapley, p.shapley_conf, p.shapley_se}) fields.push_back(exact_number(v));
          break;
      }
      out += detail::csv_record(fields);
    }
  }
  return out;
}

}  // namespace goalpath::report

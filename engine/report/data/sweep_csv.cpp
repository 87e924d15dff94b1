// `goalpath sweep --format csv`: one row per point and target.
#include "report/sweep.hpp"
#include "report/text.hpp"

namespace goalpath::report {

std::string sweep_csv(const analysis::SweepResult& r) {
  using detail::exact_number;
  std::vector<std::string> header = {"point"};
  for (const auto& a : r.axes) header.push_back(a.name);
  header.insert(header.end(), {"target", "value", "met", "probability", "probability_se", "nonfinite"});
  std::string out = detail::csv_record(header);
  for (std::size_t k = 0; k < r.points.size(); ++k) {
    const auto& p = r.points[k];
    for (std::size_t t = 0; t < r.targets.size(); ++t) {
      const auto& c = p.targets[t];
      std::vector<std::string> fields = {std::to_string(k)};
      for (double v : p.values) fields.push_back(exact_number(v));
      fields.insert(fields.end(), {r.targets[t].id, exact_number(c.value), c.met ? "1" : "0",
                                   c.probability ? exact_number(*c.probability) : "",
                                   c.probability_se ? exact_number(*c.probability_se) : "",
                                   r.deterministic ? "" : std::to_string(c.nonfinite)});
      out += detail::csv_record(fields);
    }
  }
  return out;
}

}  // namespace goalpath::report

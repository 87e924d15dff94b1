// `goalpath discover --format csv`: one row per trajectory box and parameter.
#include "report/discover.hpp"
#include "report/text.hpp"

namespace goalpath::report {

std::string discover_csv(const analysis::DiscoverResult& r) {
  using detail::exact_number;
  std::string out = detail::csv_record(
      {"step", "chosen", "coverage", "density", "mass", "parameter", "lower", "upper", "restricted"});
  for (std::size_t k = 0; k < r.trajectory.size(); ++k) {
    const auto& b = r.trajectory[k];
    for (std::size_t i = 0; i < r.parameters.size(); ++i) {
      out += detail::csv_record({std::to_string(k), static_cast<int>(k) == r.chosen ? "1" : "0", exact_number(b.coverage),
                                 exact_number(b.density), exact_number(b.mass), r.parameters[i], exact_number(b.lower[i]),
                                 exact_number(b.upper[i]), b.restricted[i] ? "1" : "0"});
    }
  }
  return out;
}

}  // namespace goalpath::report

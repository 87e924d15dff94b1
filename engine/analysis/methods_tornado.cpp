// One-at-a-time tornado: the center, then each parameter at its low and its
// high value with the others at the center, all 2D + 1 points in one batch.
#include <algorithm>
#include <cmath>
#include <string>

#include "analysis/methods.hpp"
#include "analysis/methods_detail.hpp"

namespace goalpath::analysis {

std::vector<TornadoBar> tornado(const BatchFunction& f, const Eigen::VectorXd& center,
                                const Eigen::VectorXd& low, const Eigen::VectorXd& high) {
  const Eigen::Index d = center.size();
  if (low.size() != d || high.size() != d) {
    throw std::invalid_argument("tornado: center, low and high have " + std::to_string(d) + ", " +
                                std::to_string(low.size()) + " and " + std::to_string(high.size()) +
                                " entries; they must have one per parameter");
  }
  // Column 0 is the center; columns 2i+1 and 2i+2 move parameter i to low and high.
  Eigen::MatrixXd points = center.replicate(1, 2 * d + 1);
  for (Eigen::Index i = 0; i < d; ++i) {
    points(i, 2 * i + 1) = low(i);
    points(i, 2 * i + 2) = high(i);
  }
  const Eigen::VectorXd y = detail::evaluate(f, points, "tornado");

  std::vector<TornadoBar> bars(static_cast<std::size_t>(d));
  for (Eigen::Index i = 0; i < d; ++i) {
    TornadoBar& bar = bars[static_cast<std::size_t>(i)];
    bar.parameter = static_cast<int>(i);
    bar.low = low(i);
    bar.high = high(i);
    bar.output_low = y(2 * i + 1);
    bar.output_high = y(2 * i + 2);
    bar.swing = std::abs(bar.output_high - bar.output_low);
    bar.output_center = y(0);
  }
  // Stable, so equal swings keep parameter order. A NaN swing (the model failed
  // at one end) compares false both ways and would break the ordering, so NaN
  // bars go last explicitly.
  std::stable_sort(bars.begin(), bars.end(), [](const TornadoBar& a, const TornadoBar& b) {
    if (std::isnan(a.swing) || std::isnan(b.swing)) return !std::isnan(a.swing) && std::isnan(b.swing);
    return a.swing > b.swing;
  });
  return bars;
}

}  // namespace goalpath::analysis

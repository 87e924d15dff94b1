// One-at-a-time tornado: the center, then each parameter at its low and its
// high value with the others at the center (or, given whole points, moved
// with it), all 2D + 1 points in one batch.
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
  std::vector<int> moved(static_cast<std::size_t>(d));
  Eigen::MatrixXd low_points = center.replicate(1, d), high_points = center.replicate(1, d);
  for (Eigen::Index i = 0; i < d; ++i) {
    moved[static_cast<std::size_t>(i)] = static_cast<int>(i);
    low_points(i, i) = low(i);
    high_points(i, i) = high(i);
  }
  return tornado(f, center, moved, low_points, high_points);
}

std::vector<TornadoBar> tornado(const BatchFunction& f, const Eigen::VectorXd& center, const std::vector<int>& moved,
                                const Eigen::MatrixXd& low_points, const Eigen::MatrixXd& high_points) {
  const Eigen::Index d = center.size();
  const auto n = static_cast<Eigen::Index>(moved.size());
  if (low_points.rows() != d || high_points.rows() != d || low_points.cols() != n || high_points.cols() != n) {
    throw std::invalid_argument("tornado: the settings must be " + std::to_string(d) + " x " + std::to_string(n) +
                                " (inputs x bars)");
  }
  for (int i : moved) {
    if (i < 0 || i >= d) throw std::invalid_argument("tornado: input " + std::to_string(i) + " is out of range");
  }
  // Column 0 is the center; columns 2i+1 and 2i+2 are bar i's low and high settings.
  Eigen::MatrixXd points(d, 2 * n + 1);
  points.col(0) = center;
  for (Eigen::Index i = 0; i < n; ++i) {
    points.col(2 * i + 1) = low_points.col(i);
    points.col(2 * i + 2) = high_points.col(i);
  }
  const Eigen::VectorXd y = detail::evaluate(f, points, "tornado");

  std::vector<TornadoBar> bars(static_cast<std::size_t>(n));
  for (Eigen::Index i = 0; i < n; ++i) {
    TornadoBar& bar = bars[static_cast<std::size_t>(i)];
    bar.parameter = moved[static_cast<std::size_t>(i)];
    bar.low = low_points(bar.parameter, i);
    bar.high = high_points(bar.parameter, i);
    bar.output_low = y(2 * i + 1);
    bar.output_high = y(2 * i + 2);
    bar.swing = std::abs(bar.output_high - bar.output_low);
    bar.output_center = y(0);
    // A parameter that cancels out of the output still moves it by a few
    // ulps (2.2e-16 for a share of 1); below 1e-12 of the output's scale
    // that is rounding, and the swing is the 0 it is.
    const double scale = std::max({std::abs(bar.output_center), std::abs(bar.output_low), std::abs(bar.output_high)});
    if (bar.swing <= kSwingNoise * scale) bar.swing = 0;
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

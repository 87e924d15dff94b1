// Morris (1991) elementary effects with Campolongo et al. (2007) μ*.
//
// Each trajectory starts at a random point of the p-level grid and moves every
// coordinate once, in a random order, by ±Δ with Δ = p / (2 (p - 1)) (p/2
// grid steps). For each coordinate the start level is drawn from the levels
// that leave room for the step, {0, …, p/2 - 1} (in grid steps), and the
// direction is drawn as up or down with equal probability; a downward step
// starts Δ higher. This is Morris's B* = (J x* + Δ/2 ((2B - J) D* + J)) P*
// construction written coordinate by coordinate, and every level of the grid
// is equally likely to appear in the design.
#include <cmath>
#include <string>

#include "analysis/methods.hpp"
#include "analysis/methods_detail.hpp"

namespace goalpath::analysis {

std::vector<MorrisIndex> morris(const BatchFunction& f, int dimension, const MorrisOptions& options) {
  if (dimension < 1) detail::invalid_option("morris: dimension", std::to_string(dimension), ">= 1");
  if (options.trajectories < 1) {
    detail::invalid_option("MorrisOptions.trajectories", std::to_string(options.trajectories), ">= 1");
  }
  if (options.levels < 2 || options.levels % 2 != 0) {
    detail::invalid_option("MorrisOptions.levels", std::to_string(options.levels), "even and >= 2");
  }
  const int d = dimension;
  const int r = options.trajectories;
  const int p = options.levels;
  const int step = p / 2;  // Δ in grid steps
  const double grid = 1.0 / (p - 1);

  // The design: trajectory t owns columns t (D+1) … t (D+1) + D; column j > 0
  // differs from column j - 1 in coordinate order[t][j - 1] only.
  detail::SplitMix64 rng(options.seed);
  Eigen::MatrixXd points(d, static_cast<Eigen::Index>(r) * (d + 1));
  std::vector<std::vector<int>> orders(static_cast<std::size_t>(r));
  std::vector<int> from(static_cast<std::size_t>(d)), to(static_cast<std::size_t>(d));
  for (int t = 0; t < r; ++t) {
    for (int i = 0; i < d; ++i) {
      const int base = static_cast<int>(rng.below(static_cast<std::uint64_t>(step)));
      const bool up = (rng.next() >> 63) != 0;
      from[static_cast<std::size_t>(i)] = up ? base : base + step;
      to[static_cast<std::size_t>(i)] = up ? base + step : base;
    }
    std::vector<int>& order = orders[static_cast<std::size_t>(t)];
    order.resize(static_cast<std::size_t>(d));
    for (int i = 0; i < d; ++i) order[static_cast<std::size_t>(i)] = i;
    detail::shuffle(order, rng);

    const Eigen::Index first = static_cast<Eigen::Index>(t) * (d + 1);
    for (int i = 0; i < d; ++i) points(i, first) = from[static_cast<std::size_t>(i)] * grid;
    for (int j = 1; j <= d; ++j) {
      const int moved = order[static_cast<std::size_t>(j - 1)];
      points.col(first + j) = points.col(first + j - 1);
      points(moved, first + j) = to[static_cast<std::size_t>(moved)] * grid;
    }
  }

  const Eigen::VectorXd y = detail::evaluate(f, points, "morris");

  // Elementary effects, one column per trajectory. Dividing by the step as it
  // stands in the design (±Δ up to rounding) keeps EE = a_i to the last bits
  // for a linear model.
  Eigen::MatrixXd effects(d, r);
  for (int t = 0; t < r; ++t) {
    const Eigen::Index first = static_cast<Eigen::Index>(t) * (d + 1);
    for (int j = 1; j <= d; ++j) {
      const int moved = orders[static_cast<std::size_t>(t)][static_cast<std::size_t>(j - 1)];
      const double dx = points(moved, first + j) - points(moved, first + j - 1);
      effects(moved, t) = (y(first + j) - y(first + j - 1)) / dx;
    }
  }

  std::vector<MorrisIndex> result(static_cast<std::size_t>(d));
  for (int i = 0; i < d; ++i) {
    const auto row = effects.row(i).array();
    MorrisIndex& index = result[static_cast<std::size_t>(i)];
    index.mu = row.mean();
    index.mu_star = row.abs().mean();
    index.sigma = r > 1 ? std::sqrt((row - index.mu).square().sum() / (r - 1)) : 0.0;
  }
  return result;
}

}  // namespace goalpath::analysis

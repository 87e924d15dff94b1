// PRIM, the patient rule induction method (Friedman & Fisher 1999).
//
// Peeling: from the box around all points, each step tries, for every
// dimension, cutting off the peel_alpha share of the points in the box with
// the lowest values or the highest values, and keeps the cut that leaves the
// highest density (ties: the larger box, then the lower dimension, lower side
// first). Peeling stops when every cut would leave less than min_mass of all
// points, or when the box's density is 1 (no cut can raise it). Every box is
// recorded: that is the peeling trajectory.
//
// Choice: the first box on the trajectory, so the one with the most coverage,
// whose density is within density_slack (relative) of the best density.
//
// Pasting: from that box, each step tries widening every side to take in the
// paste_alpha share (of the box's points) of the nearest points just outside
// it, and keeps the widening with the highest density while that density is
// no lower than the box's. Equal density is accepted so that a box of pure
// successes grows to the edge of the region. The pasted box ends the
// trajectory and is the chosen one.
//
// Cuts: a side moves to the midpoint between the last point removed (or the
// last one taken in) and the next point, so membership by the limits matches
// the points counted; tied values go together. A side that is not cut lies
// at the data's minimum or maximum in that dimension.
#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <string>
#include <utility>

#include "analysis/methods.hpp"
#include "analysis/methods_detail.hpp"
#include "sim/sim.hpp"

namespace goalpath::analysis {
namespace {

struct Problem {
  const Eigen::MatrixXd& x;   // D x n
  const Eigen::VectorXd& success;
  double total_success = 0;
};

PrimBox describe(const Problem& p, const std::vector<double>& lower, const std::vector<double>& upper,
                 const std::vector<Eigen::Index>& inside) {
  PrimBox box;
  box.lower = lower;
  box.upper = upper;
  double s = 0;
  for (const Eigen::Index j : inside) s += p.success(j);
  const auto count = static_cast<double>(inside.size());
  box.mass = count / static_cast<double>(p.x.cols());
  box.density = count > 0 ? s / count : 0.0;
  box.coverage = p.total_success > 0 ? s / p.total_success : 0.0;
  return box;
}

// A candidate change of one side of the box.
struct Move {
  int dim = -1;
  bool lower_side = true;
  double bound = 0;       // the side's new position
  double cut = 0;         // removed (peel) or taken in (paste): x <= cut / x >= cut for lower side
  double density = -1;
  Eigen::Index count = 0;  // points in the box after the move
};

bool better(const Move& a, const Move& b) {
  if (b.dim < 0) return true;
  if (a.density != b.density) return a.density > b.density;
  return a.count > b.count;  // earlier candidates win remaining ties
}

// A box side between a point left out and a point kept in: their midpoint,
// or the kept point itself when the two are adjacent doubles and the
// midpoint rounds onto the one left out. Membership by the limits then
// always matches the points counted.
double side_between(double out, double in) {
  const double mid = std::midpoint(out, in);
  return mid == out ? in : mid;
}

std::int64_t share(double alpha, std::size_t n) {
  return std::max<std::int64_t>(1, std::llround(alpha * static_cast<double>(n)));
}

}  // namespace

PrimResult prim(const Eigen::MatrixXd& points, const Eigen::VectorXd& success, const PrimOptions& options) {
  const Eigen::Index n = points.cols();
  const auto d = static_cast<int>(points.rows());
  if (n < 1 || d < 1) {
    throw std::invalid_argument("prim: points is " + std::to_string(d) + " x " + std::to_string(n) +
                                "; it must have at least one dimension and one point");
  }
  if (success.size() != n) {
    throw std::invalid_argument("prim: success has " + std::to_string(success.size()) + " entries for " +
                                std::to_string(n) + " points; it must have one per point");
  }
  if (!points.allFinite()) throw std::invalid_argument("prim: points must all be finite");
  for (Eigen::Index j = 0; j < n; ++j) {
    if (success(j) != 0 && success(j) != 1) {
      throw std::invalid_argument("prim: success(" + std::to_string(j) + ") is " +
                                  detail::format_number(success(j)) + "; it must be 0 or 1");
    }
  }
  if (!(options.peel_alpha > 0 && options.peel_alpha < 1)) {
    detail::invalid_option("PrimOptions.peel_alpha", detail::format_number(options.peel_alpha),
                           "strictly between 0 and 1");
  }
  if (!(options.paste_alpha >= 0 && options.paste_alpha < 1)) {
    detail::invalid_option("PrimOptions.paste_alpha", detail::format_number(options.paste_alpha),
                           ">= 0 and < 1 (0: no pasting)");
  }
  if (!(options.min_mass >= 0 && options.min_mass <= 1)) {
    detail::invalid_option("PrimOptions.min_mass", detail::format_number(options.min_mass), "between 0 and 1");
  }
  if (!(options.density_slack >= 0 && options.density_slack <= 1)) {
    detail::invalid_option("PrimOptions.density_slack", detail::format_number(options.density_slack),
                           "between 0 and 1");
  }

  const Problem p{points, success, success.sum()};
  std::vector<double> data_min(static_cast<std::size_t>(d)), data_max(static_cast<std::size_t>(d));
  for (int k = 0; k < d; ++k) {
    data_min[static_cast<std::size_t>(k)] = points.row(k).minCoeff();
    data_max[static_cast<std::size_t>(k)] = points.row(k).maxCoeff();
  }
  std::vector<double> lower = data_min, upper = data_max;

  // Each dimension's values side by side (points is one column per point).
  const Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor> xr = points;
  auto value = [&xr](int dim, Eigen::Index j) { return xr(dim, j); };

  // ---- peeling ----
  // by_dim[dim] lists the points in the box in ascending order of dimension
  // dim, so the peel on either side of any dimension is a prefix or a suffix
  // of its list: sorting once makes each step O(D x points in the box).
  std::vector<std::vector<Eigen::Index>> by_dim(static_cast<std::size_t>(d));
  {
    std::vector<std::pair<double, Eigen::Index>> keyed(static_cast<std::size_t>(n));
    for (int dim = 0; dim < d; ++dim) {
      for (Eigen::Index j = 0; j < n; ++j) keyed[static_cast<std::size_t>(j)] = {value(dim, j), j};
      std::sort(keyed.begin(), keyed.end());
      auto& list = by_dim[static_cast<std::size_t>(dim)];
      list.resize(static_cast<std::size_t>(n));
      for (Eigen::Index j = 0; j < n; ++j) list[static_cast<std::size_t>(j)] = keyed[static_cast<std::size_t>(j)].second;
    }
  }
  std::vector<char> in_box(static_cast<std::size_t>(n), 1);

  PrimResult result;
  result.trajectory.push_back(describe(p, lower, upper, by_dim[0]));
  double peel_s = p.total_success;
  for (;;) {
    if (options.cancel && options.cancel->load()) throw sim::Cancelled();  // each step scans every point
    const std::size_t box_n = by_dim[0].size();
    if (peel_s == 0 || peel_s == static_cast<double>(box_n)) break;
    const auto k = static_cast<std::size_t>(share(options.peel_alpha, box_n));
    if (k >= box_n) break;

    Move best;
    double best_removed_s = 0;
    for (int dim = 0; dim < d; ++dim) {
      const auto& list = by_dim[static_cast<std::size_t>(dim)];
      auto consider = [&](bool lower_side) {
        // The k lowest (or highest) points go, with any tied with the last of them.
        double cut, next, removed_s = 0;
        std::size_t removed;
        if (lower_side) {
          cut = value(dim, list[k - 1]);
          removed = k;
          while (removed < box_n && value(dim, list[removed]) == cut) ++removed;
          if (removed == box_n) return;
          next = value(dim, list[removed]);
          for (std::size_t i = 0; i < removed; ++i) removed_s += success(list[i]);
        } else {
          cut = value(dim, list[box_n - k]);
          std::size_t first = box_n - k;
          while (first > 0 && value(dim, list[first - 1]) == cut) --first;
          if (first == 0) return;
          removed = box_n - first;
          next = value(dim, list[first - 1]);
          for (std::size_t i = first; i < box_n; ++i) removed_s += success(list[i]);
        }
        const auto kept = static_cast<Eigen::Index>(box_n - removed);
        if (static_cast<double>(kept) < options.min_mass * static_cast<double>(n)) return;
        const Move move{dim, lower_side, side_between(cut, next), cut, (peel_s - removed_s) / static_cast<double>(kept), kept};
        if (better(move, best)) {
          best = move;
          best_removed_s = removed_s;
        }
      };
      consider(true);
      consider(false);
    }
    if (best.dim < 0) break;

    for (const Eigen::Index j : by_dim[static_cast<std::size_t>(best.dim)]) {
      const double v = value(best.dim, j);
      if (best.lower_side ? v <= best.cut : v >= best.cut) in_box[static_cast<std::size_t>(j)] = 0;
    }
    for (auto& list : by_dim) {
      std::erase_if(list, [&](Eigen::Index j) { return in_box[static_cast<std::size_t>(j)] == 0; });
    }
    peel_s -= best_removed_s;
    (best.lower_side ? lower : upper)[static_cast<std::size_t>(best.dim)] = best.bound;
    result.trajectory.push_back(describe(p, lower, upper, by_dim[0]));
  }

  // ---- choice ----
  double best_density = 0;
  for (const PrimBox& box : result.trajectory) best_density = std::max(best_density, box.density);
  std::size_t start = 0;
  while (result.trajectory[start].density < (1 - options.density_slack) * best_density) ++start;
  lower = result.trajectory[start].lower;
  upper = result.trajectory[start].upper;
  // The limits define the box exactly (every side sits between points), so
  // its points are recovered from them.
  std::vector<Eigen::Index> inside;
  for (Eigen::Index j = 0; j < n; ++j) {
    bool in = true;
    for (int dim = 0; dim < d && in; ++dim) {
      const double v = value(dim, j);
      in = v >= lower[static_cast<std::size_t>(dim)] && v <= upper[static_cast<std::size_t>(dim)];
    }
    if (in) inside.push_back(j);
  }

  // ---- pasting ----
  if (options.paste_alpha > 0) {
    // outside_dims[j]: how many dimensions put point j outside the box;
    // a point outside in exactly one dimension can be taken in by widening it.
    auto outside_in = [&](Eigen::Index j, int dim) {
      const double v = value(dim, j);
      return v < lower[static_cast<std::size_t>(dim)] || v > upper[static_cast<std::size_t>(dim)];
    };
    std::vector<int> outside_dims(static_cast<std::size_t>(n));
    std::vector<Eigen::Index> candidates;
    std::vector<double> values;
    for (;;) {
      for (Eigen::Index j = 0; j < n; ++j) {
        int count = 0;
        for (int dim = 0; dim < d; ++dim) count += outside_in(j, dim) ? 1 : 0;
        outside_dims[static_cast<std::size_t>(j)] = count;
      }
      const std::size_t box_n = inside.size();
      double box_s = 0;
      for (const Eigen::Index j : inside) box_s += success(j);
      const double box_density = box_n > 0 ? box_s / static_cast<double>(box_n) : 0.0;
      const std::int64_t k = share(options.paste_alpha, box_n);

      Move best;
      for (int dim = 0; dim < d; ++dim) {
        for (const bool lower_side : {true, false}) {
          candidates.clear();
          values.clear();
          for (Eigen::Index j = 0; j < n; ++j) {
            if (outside_dims[static_cast<std::size_t>(j)] != 1) continue;
            const double v = value(dim, j);
            if (lower_side ? v < lower[static_cast<std::size_t>(dim)] : v > upper[static_cast<std::size_t>(dim)]) {
              candidates.push_back(j);
              values.push_back(v);
            }
          }
          if (candidates.empty()) continue;
          // The k nearest: the k largest below the box, the k smallest above.
          const auto take = std::min<std::int64_t>(k, static_cast<std::int64_t>(values.size()));
          const auto nth = lower_side ? values.end() - take : values.begin() + (take - 1);
          std::nth_element(values.begin(), nth, values.end());
          const double cut = *nth;
          double added_s = 0;
          Eigen::Index added = 0;
          double next = lower_side ? -std::numeric_limits<double>::infinity()
                                   : std::numeric_limits<double>::infinity();
          for (const Eigen::Index j : candidates) {
            const double v = value(dim, j);
            if (lower_side ? v >= cut : v <= cut) {
              added_s += success(j);
              ++added;
            } else {
              next = lower_side ? std::max(next, v) : std::min(next, v);
            }
          }
          const double bound = std::isfinite(next)
                                   ? side_between(next, cut)
                                   : (lower_side ? data_min : data_max)[static_cast<std::size_t>(dim)];
          const auto count = static_cast<Eigen::Index>(box_n) + added;
          Move move{dim, lower_side, bound, cut, (box_s + added_s) / static_cast<double>(count), count};
          if (better(move, best)) best = move;
        }
      }
      if (best.dim < 0 || best.density < box_density) break;

      for (Eigen::Index j = 0; j < n; ++j) {
        if (outside_dims[static_cast<std::size_t>(j)] != 1 || !outside_in(j, best.dim)) continue;
        const double v = value(best.dim, j);
        if (best.lower_side ? (v < lower[static_cast<std::size_t>(best.dim)] && v >= best.cut)
                            : (v > upper[static_cast<std::size_t>(best.dim)] && v <= best.cut)) {
          inside.push_back(j);
        }
      }
      (best.lower_side ? lower : upper)[static_cast<std::size_t>(best.dim)] = best.bound;
    }
  }
  result.trajectory.push_back(describe(p, lower, upper, inside));
  result.chosen = static_cast<int>(result.trajectory.size()) - 1;
  return result;
}

}  // namespace goalpath::analysis

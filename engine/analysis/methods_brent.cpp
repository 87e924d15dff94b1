// Bracketed root finding. The bracketing solver is Boost.Math's TOMS 748
// (Alefeld, Potra & Shi 1995): like Brent's method it never leaves the
// bracket and falls back to bisection, but its cubic inverse interpolation
// gives a better asymptotic rate, and it is maintained code rather than a
// transcription. Boost has no Brent root finder (brent_find_minima minimises).
#include <algorithm>
#include <boost/math/tools/toms748_solve.hpp>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>

#include "analysis/methods.hpp"
#include "analysis/methods_detail.hpp"

namespace goalpath::analysis {

std::optional<double> brent_root(const std::function<double(double)>& f, double a, double b,
                                 const BrentOptions& options) {
  if (!(options.x_tolerance >= 0)) {
    detail::invalid_option("BrentOptions.x_tolerance", detail::format_number(options.x_tolerance), ">= 0");
  }
  if (options.max_iterations < 1) {
    detail::invalid_option("BrentOptions.max_iterations", std::to_string(options.max_iterations), ">= 1");
  }
  if (!std::isfinite(a) || !std::isfinite(b)) return std::nullopt;
  if (a > b) std::swap(a, b);

  const double fa = f(a);
  if (fa == 0) return a;
  const double fb = a == b ? fa : f(b);
  if (fb == 0) return b;
  if (!std::isfinite(fa) || !std::isfinite(fb)) return std::nullopt;
  if ((fa < 0) == (fb < 0)) return std::nullopt;  // no sign change (includes a == b)

  // A value that is not finite inside the bracket would silently steer the
  // interpolation; it means the model is undefined there, which the caller
  // must hear about rather than get a wrong root.
  auto checked = [&f](double x) {
    const double y = f(x);
    if (!std::isfinite(y)) {
      throw std::domain_error("brent_root: the function is not finite at x = " + detail::format_number(x) +
                              ", inside the bracket");
    }
    return y;
  };
  // Done when the bracket is x_tolerance wide, or as narrow as doubles allow.
  const double x_tolerance = options.x_tolerance;
  auto done = [x_tolerance](double lo, double hi) {
    const double width = hi - lo;
    return width <= x_tolerance ||
           width <= 4 * std::numeric_limits<double>::epsilon() * std::max(std::abs(lo), std::abs(hi));
  };
  auto iterations = static_cast<std::uintmax_t>(options.max_iterations);
  const auto [lo, hi] = boost::math::tools::toms748_solve(checked, a, b, fa, fb, done, iterations);
  // TOMS 748 returns a bracket ([x, x] when it hit an exact zero); its
  // midpoint is within half the bracket of a root. When max_iterations runs
  // out first the bracket still holds a root and its midpoint is the best
  // estimate there is.
  return lo + (hi - lo) / 2;
}

}  // namespace goalpath::analysis

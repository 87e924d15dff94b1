// Designs for sensitivity analysis: Sobol points (Boost.Random) and Latin
// hypercubes (from the counter-based streams).
#include <algorithm>
#include <boost/random/sobol.hpp>
#include <cmath>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "sample/philox.hpp"
#include "sample/sample.hpp"

namespace goalpath::sample {

Eigen::MatrixXd sobol_points(int dimension, std::int64_t n, std::int64_t skip) {
  constexpr int kMaxDimension = static_cast<int>(boost::random::default_sobol_table::max_dimension);
  if (dimension < 1 || dimension > kMaxDimension)
    throw std::invalid_argument("sobol_points: dimension is " + std::to_string(dimension) + "; it must be in [1, " +
                                std::to_string(kMaxDimension) + "]");
  if (n < 0) throw std::invalid_argument("sobol_points: n is " + std::to_string(n) + "; it must be >= 0");
  if (skip < 0) throw std::invalid_argument("sobol_points: skip is " + std::to_string(skip) + "; it must be >= 0");

  // boost::random::sobol yields 64-bit integers (result_type uint_least64_t,
  // max() = 2^64 - 1) one coordinate at a time, point after point. It starts
  // at the second point of the textbook sequence (the origin is left out), so
  // the first point is (½, …, ½) and no coordinate is ever 0. Keeping the top
  // 53 bits makes the conversion to double exact: k·2⁻⁵³ for the first 2⁵³
  // points.
  static_assert(std::is_same_v<boost::random::sobol::result_type, boost::uint_least64_t>);
  static_assert(boost::random::sobol::max() == ~boost::uint_least64_t{0});
  boost::random::sobol engine(static_cast<std::size_t>(dimension));
  if (skip > 0) engine.discard(static_cast<boost::uintmax_t>(skip) * static_cast<boost::uintmax_t>(dimension));

  Eigen::MatrixXd points(dimension, n);
  double* out = points.data();  // column-major: one point per column, coordinates contiguous
  const std::size_t count = static_cast<std::size_t>(dimension) * static_cast<std::size_t>(n);
  for (std::size_t i = 0; i < count; ++i) out[i] = static_cast<double>(engine() >> 11) * 0x1p-53;
  return points;
}

Eigen::MatrixXd latin_hypercube(int dimension, std::int64_t n, std::uint64_t seed) {
  if (dimension < 0)
    throw std::invalid_argument("latin_hypercube: dimension is " + std::to_string(dimension) + "; it must be >= 0");
  if (n < 0) throw std::invalid_argument("latin_hypercube: n is " + std::to_string(n) + "; it must be >= 0");
  if (n > std::int64_t{0xFFFFFFFF})
    throw std::invalid_argument("latin_hypercube: n is " + std::to_string(n) + "; it must be < 2^32");

  Eigen::MatrixXd points(dimension, n);
  const auto count = static_cast<std::size_t>(n);
  const double dn = static_cast<double>(n);
  std::vector<double> shuffle(count);
  std::vector<double> position(count);
  std::vector<std::uint32_t> stratum(count);
  for (int d = 0; d < dimension; ++d) {
    const auto variable = static_cast<std::uint32_t>(d);
    // Dimension d uses variable d of the reserved design years (philox.hpp):
    // point k's position inside its stratum is path k of one stream, and the
    // Fisher-Yates shuffle of the strata draws from path i of another.
    fill_uniforms(seed, 0, variable, detail::kDesignPermutationYear, shuffle);
    fill_uniforms(seed, 0, variable, detail::kDesignPositionYear, position);
    for (std::size_t k = 0; k < count; ++k) stratum[k] = static_cast<std::uint32_t>(k);
    for (std::size_t i = count; i-- > 1;) {
      // j uniform on {0, …, i} (bias below 2⁻⁵³ · i, far below any test's resolution).
      const auto j = std::min(i, static_cast<std::size_t>(shuffle[i] * static_cast<double>(i + 1)));
      std::swap(stratum[i], stratum[j]);
    }
    for (std::size_t k = 0; k < count; ++k) {
      const double s = stratum[k];
      // Rounding of (s + u)/n could reach the stratum's upper edge (for the
      // last stratum, exactly 1): pull such a point just inside.
      const double upper = (s + 1.0) / dn;
      const double x = (s + position[k]) / dn;
      points(d, static_cast<Eigen::Index>(k)) = x < upper ? x : std::nextafter(upper, 0.0);
    }
  }
  return points;
}

}  // namespace goalpath::sample

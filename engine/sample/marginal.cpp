// Marginal distributions of parameters: cdf, quantile (inverse CDF), mean and
// the array maps from standard normals and uniforms, with optional truncation.
//
// Truncation renormalises: for bounds [lo, hi] the truncated quantile is
// F⁻¹(F(lo) + u·(F(hi) - F(lo))). Done naively this loses everything in a
// tail (bounds 6 sd above the mean give F(lo) = 1 - 1e-9 and only 7 digits
// left), so:
//  * normal and lognormal work in standard-normal space z and choose, per
//    draw, the side of the distribution that keeps precision: the lower
//    probability p = Φ(z) or the upper probability s = Φ(-z) = 1 - p, with
//    Φ⁻¹(1-s) = -Φ⁻¹(s);
//  * every quantile carries both u and v = 1 - u, so a draw near 1 (from a
//    normal z > 0 mapped by the copula) keeps its precision;
//  * a truncated uniform is the uniform on the intersection of the intervals.
#include <algorithm>
#include <utility>
#include <array>
#include <charconv>
#include <cmath>
#include <limits>
#include <stdexcept>

#include "sample/sample.hpp"

namespace goalpath::sample {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

std::string number(double x) {
  std::array<char, 64> buffer{};
  const auto result = std::to_chars(buffer.data(), buffer.data() + buffer.size(), x);
  return std::string(buffer.data(), result.ptr);
}

/// "[a, b]" (built by appending: g++ 12 warns falsely on "[" + std::string&&).
std::string interval(double a, double b) {
  std::string s(1, '[');
  s += number(a);
  s += ", ";
  s += number(b);
  s += ']';
  return s;
}

/// The standard normal density.
double normal_pdf(double z) {
  constexpr double kInvSqrt2Pi = 0.39894228040143267794;
  return std::isinf(z) ? 0.0 : kInvSqrt2Pi * std::exp(-0.5 * z * z);
}

/// √(a·b) for a, b >= 0, without overflow when a·b exceeds the largest
/// double (a triangular range wider than ~1e154); the plain product when it
/// does not, so ordinary ranges keep their exact results.
double root_of_product(double a, double b) {
  const double product = a * b;
  return std::isfinite(product) ? std::sqrt(product) : std::sqrt(a) * std::sqrt(b);
}

/// d² / (a·b), without overflow in d² or a·b.
double square_ratio(double d, double a, double b) {
  const double plain = d * d / (a * b);
  return std::isfinite(d * d) && std::isfinite(a * b) ? plain : (d / a) * (d / b);
}

/// How far from its centre, in sd, a normal draw can reach: Φ(-40) ≈ 4e-350
/// is below the smallest double, so no uniform maps further out.
constexpr double kReachInSd = 40.0;

/// P(a <= Z <= b) for a standard normal Z, from the side that keeps precision.
double normal_mass(double a, double b) {
  return a > 0.0 ? normal_cdf(-a) - normal_cdf(-b) : normal_cdf(b) - normal_cdf(a);
}

/// A marginal with everything that does not depend on the draw computed once
/// (the standardised bounds and their tail probabilities), so array maps pay
/// for the truncation set-up once per call.
class Prepared {
 public:
  explicit Prepared(const Marginal& m) : m_(m) {
    switch (m.dist) {
      case Distribution::fixed:
        break;
      case Distribution::normal:
      case Distribution::lognormal:
        za_ = to_z(m.lower_bound);
        zb_ = to_z(m.upper_bound);
        truncated_ = za_ > -kInf || zb_ < kInf;
        pa_ = normal_cdf(za_);
        pb_ = normal_cdf(zb_);
        sa_ = normal_cdf(-za_);
        sb_ = normal_cdf(-zb_);
        break;
      case Distribution::uniform:
        a_ = std::max(m.low, m.lower_bound);
        b_ = std::min(m.high, m.upper_bound);
        break;
      case Distribution::triangular:
        a_ = std::max(m.low, m.lower_bound);
        b_ = std::min(m.high, m.upper_bound);
        truncated_ = a_ > m.low || b_ < m.high;
        fa_ = triangular_cdf(a_);
        fb_ = triangular_cdf(b_);
        sa_ = triangular_sf(a_);
        sb_ = triangular_sf(b_);
        break;
    }
  }

  double cdf(double x) const {
    if (std::isnan(x)) return kNaN;
    switch (m_.dist) {
      case Distribution::fixed:
        return x < m_.value ? 0.0 : 1.0;
      case Distribution::normal:
      case Distribution::lognormal: {
        const double z = to_z(x);
        if (!truncated_) return normal_cdf(z);
        if (z <= za_) return 0.0;
        if (z >= zb_) return 1.0;
        if (za_ > 0.0) return (sa_ - normal_cdf(-z)) / (sa_ - sb_);
        return (normal_cdf(z) - pa_) / (pb_ - pa_);
      }
      case Distribution::uniform:
        if (x <= a_) return 0.0;
        if (x >= b_) return 1.0;
        return (x - a_) / (b_ - a_);
      case Distribution::triangular:
        if (x <= a_) return 0.0;
        if (x >= b_) return 1.0;
        return (triangular_cdf(x) - fa_) / (fb_ - fa_);
    }
    return kNaN;
  }

  /// Quantile at u, given also v = 1 - u computed as precisely as the caller can.
  double quantile(double u, double v) const {
    if (std::isnan(u) || std::isnan(v)) return kNaN;
    switch (m_.dist) {
      case Distribution::fixed:
        return m_.value;
      case Distribution::normal:
      case Distribution::lognormal: {
        double p;
        bool negate;
        normal_argument(u, v, p, negate);
        const double r = inverse_normal_cdf(p);
        return normal_finish(negate ? -r : r);
      }
      case Distribution::uniform:
        return std::clamp(u <= 0.5 ? a_ + u * (b_ - a_) : b_ - v * (b_ - a_), a_, b_);
      case Distribution::triangular: {
        const double width = m_.high - m_.low;
        const double left = m_.value - m_.low;
        const double right = m_.high - m_.value;
        // Untruncated probabilities below and above the draw.
        const double below = truncated_ ? fa_ + u * (fb_ - fa_) : u;
        const double above = truncated_ ? sb_ + v * (fb_ - fa_) : v;
        const double x = below * width < left ? m_.low + root_of_product(below * width, left)
                                              : m_.high - root_of_product(above * width, right);
        return std::clamp(x, a_, b_);
      }
    }
    return kNaN;
  }

  bool normal_like() const { return m_.dist == Distribution::normal || m_.dist == Distribution::lognormal; }

  /// A normal or lognormal's quantile(u, v) in two halves, so that an array
  /// map can run the Φ⁻¹ between them over a whole array: the argument p of
  /// Φ⁻¹ and whether its result is negated, then the clamped value from z.
  void normal_argument(double u, double v, double& p, bool& negate) const {
    if (!truncated_) {
      negate = u > 0.5;
      p = negate ? v : u;
    } else if (za_ > 0.0 || (zb_ >= 0.0 && u > 0.5)) {
      // Upper representation: S(x) = S(hi) + v·(S(lo) - S(hi)).
      negate = true;
      p = sb_ + v * (sa_ - sb_);
    } else {
      negate = false;
      p = pa_ + u * (pb_ - pa_);
    }
  }
  double normal_finish(double z) const {
    z = std::clamp(z, za_, zb_);
    return std::clamp(from_z(z), m_.lower_bound, m_.upper_bound);
  }

  double mean() const {
    switch (m_.dist) {
      case Distribution::fixed:
        return m_.value;
      case Distribution::normal: {
        if (!truncated_) return m_.value;
        const double mass = normal_mass(za_, zb_);
        if (!(mass > 0.0)) return from_z(za_ > 0.0 ? za_ : zb_);  // bounds beyond ~38 sd
        return m_.value + m_.sd * (normal_pdf(za_) - normal_pdf(zb_)) / mass;
      }
      case Distribution::lognormal: {
        // E[exp(σZ) | za <= Z <= zb] = exp(σ²/2)·P(za-σ <= Z <= zb-σ) / P(za <= Z <= zb).
        const double shift = std::exp(0.5 * m_.sd * m_.sd);
        if (!truncated_) return m_.value * shift;
        const double mass = normal_mass(za_, zb_);
        if (!(mass > 0.0)) return from_z(za_ > 0.0 ? za_ : zb_);
        return m_.value * shift * normal_mass(za_ - m_.sd, zb_ - m_.sd) / mass;
      }
      case Distribution::uniform:
        return 0.5 * (a_ + b_);
      case Distribution::triangular: {
        if (!truncated_) return (m_.low + m_.high + m_.value) / 3.0;
        // Partial first moments in y = x - low (less cancellation far from 0).
        const double moment = triangular_moment(b_ - m_.low) - triangular_moment(a_ - m_.low);
        return m_.low + moment / (fb_ - fa_);
      }
    }
    return kNaN;
  }

 private:
  double to_z(double x) const {
    if (m_.dist == Distribution::normal) return (x - m_.value) / m_.sd;
    if (!(x > 0.0)) return x == x ? -kInf : kNaN;  // lognormal: log of x <= 0
    return std::log(x / m_.value) / m_.sd;
  }

  double from_z(double z) const {
    return m_.dist == Distribution::normal ? m_.value + m_.sd * z : m_.value * std::exp(m_.sd * z);
  }

  /// Untruncated triangular CDF and survival function, each exact in its own tail.
  double triangular_cdf(double x) const {
    if (x <= m_.low) return 0.0;
    if (x >= m_.high) return 1.0;
    if (x <= m_.value) return square_ratio(x - m_.low, m_.high - m_.low, m_.value - m_.low);
    return 1.0 - triangular_sf(x);
  }
  double triangular_sf(double x) const {
    if (x <= m_.low) return 1.0;
    if (x >= m_.high) return 0.0;
    if (x > m_.value) return square_ratio(m_.high - x, m_.high - m_.low, m_.high - m_.value);
    return 1.0 - triangular_cdf(x);
  }

  /// ∫ y f(y) dy from 0 to y for the untruncated triangular density in y = x - low.
  /// Cubes of a width above ~1e102 overflow: such a range is worked in units
  /// of its width (the moment scales with it), other ranges as they are, so
  /// their results keep every digit they had.
  double triangular_moment(double y) const {
    const double width = m_.high - m_.low;
    if (!std::isfinite(width * width * width)) {
      return width * triangular_unit_moment(y / width, (m_.value - m_.low) / width, 1.0);
    }
    return triangular_unit_moment(y, m_.value - m_.low, width);
  }
  static double triangular_unit_moment(double y, double c, double width) {
    y = std::clamp(y, 0.0, width);
    // Left piece: density 2y/(width·c) on [0, c]; ∫ y·2y/(width·c) = 2y³/(3·width·c).
    const double yl = std::min(y, c);
    double moment = c > 0.0 ? 2.0 * yl * yl * yl / (3.0 * width * c) : 0.0;
    if (y > c) {
      // Right piece in w = width - y: density 2w/(width·(width-c)); y = width - w;
      // ∫ (width - w)·2w dw / (width·(width-c)) over w from width-y to width-c.
      const double right = width - c;
      const double w1 = width - y;
      const double w2 = right;
      const double integral = width * (w2 * w2 - w1 * w1) - 2.0 * (w2 * w2 * w2 - w1 * w1 * w1) / 3.0;
      moment += integral / (width * right);
    }
    return moment;
  }

  const Marginal& m_;
  bool truncated_ = false;
  double za_ = -kInf, zb_ = kInf;  // normal, lognormal: standardised bounds
  double pa_ = 0.0, pb_ = 1.0;     // Φ(za), Φ(zb)
  double sa_ = 1.0, sb_ = 0.0;     // Φ(-za), Φ(-zb); triangular: survival at a_, b_
  double a_ = 0.0, b_ = 0.0;       // uniform, triangular: support after truncation
  double fa_ = 0.0, fb_ = 1.0;     // triangular: untruncated CDF at a_, b_
};

void require_same_size(std::size_t a, std::size_t b, const char* what) {
  if (a != b) throw std::invalid_argument(std::string(what) + ": input and output spans differ in size");
}

bool untruncated(const Marginal& m) { return m.lower_bound == -kInf && m.upper_bound == kInf; }

}  // namespace

std::string to_string(Distribution d) {
  switch (d) {
    case Distribution::fixed:
      return "fixed";
    case Distribution::normal:
      return "normal";
    case Distribution::lognormal:
      return "lognormal";
    case Distribution::uniform:
      return "uniform";
    case Distribution::triangular:
      return "triangular";
  }
  return "unknown";
}

std::optional<Distribution> distribution_from_string(std::string_view s) {
  // "fixed" is what a parameter without `uncertainty` is; files cannot spell it.
  if (s == "normal") return Distribution::normal;
  if (s == "lognormal") return Distribution::lognormal;
  if (s == "uniform") return Distribution::uniform;
  if (s == "triangular") return Distribution::triangular;
  return std::nullopt;
}

double Marginal::cdf(double x) const { return Prepared(*this).cdf(x); }

double Marginal::quantile(double u) const { return Prepared(*this).quantile(u, 1.0 - u); }

double Marginal::mean() const { return Prepared(*this).mean(); }

namespace {

/// Φ(z) and 1 - Φ(z), both from the side where Φ is exact.
std::pair<double, double> tail_probabilities(double z) {
  if (z < 0.0) {
    const double u = normal_cdf(z);
    return {u, 1.0 - u};
  }
  const double v = normal_cdf(-z);
  return {1.0 - v, v};
}

}  // namespace

void Marginal::from_standard_normal(std::span<const double> z, std::span<double> x) const {
  require_same_size(z.size(), x.size(), "Marginal::from_standard_normal");
  const std::size_t n = z.size();
  if (dist == Distribution::fixed) {
    std::fill(x.begin(), x.end(), value);
    return;
  }
  if (dist == Distribution::normal && untruncated(*this)) {
    for (std::size_t i = 0; i < n; ++i) x[i] = value + sd * z[i];
    return;
  }
  if (dist == Distribution::lognormal && untruncated(*this)) {
    for (std::size_t i = 0; i < n; ++i) x[i] = value * std::exp(sd * z[i]);
    return;
  }
  const Prepared prepared(*this);
  if (prepared.normal_like()) {
    // A truncated normal or lognormal: Φ⁻¹ over each chunk with the array
    // version (bit-identical to the scalar one quantile() calls, and several
    // times faster), the rest value by value as quantile() does it.
    constexpr std::size_t kChunk = 256;
    double p[kChunk], r[kChunk];
    bool negate[kChunk], missing[kChunk];
    for (std::size_t start = 0; start < n; start += kChunk) {
      const std::size_t m = std::min(kChunk, n - start);
      for (std::size_t i = 0; i < m; ++i) {
        const auto [u, v] = tail_probabilities(z[start + i]);
        missing[i] = std::isnan(u) || std::isnan(v);
        if (missing[i]) {
          p[i] = 0.5;
          negate[i] = false;
        } else {
          prepared.normal_argument(u, v, p[i], negate[i]);
        }
      }
      inverse_normal_cdf(std::span<const double>(p, m), std::span<double>(r, m));
      for (std::size_t i = 0; i < m; ++i) {
        x[start + i] = missing[i] ? kNaN : prepared.normal_finish(negate[i] ? -r[i] : r[i]);
      }
    }
    return;
  }
  for (std::size_t i = 0; i < n; ++i) {
    const auto [u, v] = tail_probabilities(z[i]);
    x[i] = prepared.quantile(u, v);
  }
}

void Marginal::from_uniform(std::span<const double> u, std::span<double> x) const {
  require_same_size(u.size(), x.size(), "Marginal::from_uniform");
  if ((dist == Distribution::normal || dist == Distribution::lognormal) && untruncated(*this)) {
    inverse_normal_cdf(u, x);
    from_standard_normal(x, x);
    return;
  }
  const Prepared prepared(*this);
  for (std::size_t i = 0; i < u.size(); ++i) x[i] = prepared.quantile(u[i], 1.0 - u[i]);
}

std::string validate(const Marginal& m) {
  const std::string dist_name = to_string(m.dist);
  if (!std::isfinite(m.value)) return "value is " + number(m.value) + "; it must be a finite number";
  switch (m.dist) {
    case Distribution::fixed:
      break;
    case Distribution::normal:
    case Distribution::lognormal:
      if (!(m.sd > 0.0) || !std::isfinite(m.sd)) return "sd is " + number(m.sd) + "; it must be a finite number > 0";
      if (m.dist == Distribution::lognormal && !(m.value > 0.0))
        return "value is " + number(m.value) + "; a lognormal distribution needs value > 0 (value is its median)";
      // The draws, value ± 40 sd (of the log, for a lognormal), and the
      // distance between two of them must be numbers: a wider range has no
      // double to stand for most of its values.
      if (!std::isfinite(2 * kReachInSd * m.sd) ||
          (m.dist == Distribution::normal && !std::isfinite(std::abs(m.value) + 2 * kReachInSd * m.sd)))
        return "sd is " + number(m.sd) + "; the range a draw can reach, value ± 40 sd" +
               (m.dist == Distribution::lognormal ? " of the log" : "") +
               ", must be narrower than the largest double (1.8e308)";
      break;
    case Distribution::uniform:
    case Distribution::triangular:
      if (!std::isfinite(m.low)) return "low is " + number(m.low) + "; it must be a finite number";
      if (!std::isfinite(m.high)) return "high is " + number(m.high) + "; it must be a finite number";
      if (!(m.low < m.high))
        return "low is " + number(m.low) + " and high is " + number(m.high) + "; low must be < high";
      if (!std::isfinite(m.high - m.low))
        return "low is " + number(m.low) + " and high is " + number(m.high) +
               "; high - low exceeds the largest double (1.8e308), so the range must be narrower";
      if (m.value < m.low || m.value > m.high)
        return "value is " + number(m.value) + "; it must lie within [low, high] = " + interval(m.low, m.high) +
               (m.dist == Distribution::triangular ? " (value is the mode of a triangular distribution)"
                                                   : " (value is the deterministic projection's value)");
      break;
  }
  const bool has_bounds = m.lower_bound != -kInf || m.upper_bound != kInf;
  if (!has_bounds) return "";
  const std::string bounds = interval(m.lower_bound, m.upper_bound);
  if (std::isnan(m.lower_bound) || std::isnan(m.upper_bound)) return "bounds are " + bounds + "; both must be numbers";
  if (!(m.lower_bound < m.upper_bound)) return "bounds are " + bounds + "; the lower bound must be < the upper bound";
  if (m.value < m.lower_bound || m.value > m.upper_bound)
    return "bounds are " + bounds + " but value is " + number(m.value) + "; the bounds must contain value";
  if (m.dist == Distribution::uniform || m.dist == Distribution::triangular) {
    if (!(std::max(m.low, m.lower_bound) < std::min(m.high, m.upper_bound)))
      return "bounds are " + bounds + " and [low, high] = " + interval(m.low, m.high) +
             "; they overlap in a single point, so the truncated " + dist_name +
             " distribution has no probability left";
  }
  return "";
}

}  // namespace goalpath::sample

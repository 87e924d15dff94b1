// Element functions of the evaluator that Eigen 3.4 lacks or gets wrong for
// this use (private to the expr module).
//
// Determinism. Eigen computes an array expression with SIMD packets and the
// columns before the first aligned address and after the last whole packet one
// at a time, with the functor's scalar operator(). Which columns take which
// path depends on the column count and on the addresses. So every functor here
// gives the same bits on both paths: exactly rounded operations are the same
// anyway; exp and log run their packet code on a broadcast packet for a single
// number; pow, sin and cos call the C library on every column.
//
// Accuracy. Eigen's SIMD exp clamps its argument to [-709.78, 709.78], so
// exp(-inf) would be 5.6e-309 instead of 0, and its SIMD log clamps subnormal
// arguments to the smallest normal number; the functors below rescale those
// arguments first. Eigen's SIMD pow gets the sign of pow(-0, odd) and
// pow(-inf, odd) wrong and is slower than the C library's, so pow uses std::pow.
#pragma once

#include <Eigen/Core>
#include <bit>
#include <cfloat>
#include <cmath>
#include <cstdint>

namespace goalpath::expr::detail {

namespace ei = Eigen::internal;
using Packet = ei::packet_traits<double>::type;

/// exp(x): Eigen's SIMD exp, with arguments below -708 (where exp is
/// subnormal or underflows) computed as exp(x + 600) * exp(-600); x + 600 is
/// exact there.
struct ExpOp {
  static constexpr double kCutoff = -708.0;
  static constexpr double kShift = 600.0;
  static constexpr double kExpMinusShift = 0x1.4dd4d0d12c071p-866;  // exp(-600), correctly rounded

  template <class P>
  P packetOp(const P& x) const {
    const P shifted = ei::pcmp_lt(x, ei::pset1<P>(kCutoff));
    const P e = ei::pexp(ei::pselect(shifted, ei::padd(x, ei::pset1<P>(kShift)), x));
    return ei::pselect(shifted, ei::pmul(e, ei::pset1<P>(kExpMinusShift)), e);
  }
  double operator()(double x) const { return ei::pfirst(packetOp(ei::pset1<Packet>(x))); }
};

/// log(x): Eigen's SIMD log, with positive subnormal arguments computed as
/// log(x * 2^54) - 54 log 2.
struct LogOp {
  static constexpr double kScale = 0x1p54;
  static constexpr double kLogScale = 0x1.2b708872320e2p+5;  // 54 log 2, correctly rounded

  template <class P>
  P packetOp(const P& x) const {
    const P zero = ei::pzero(x);
    const P subnormal = ei::pand(ei::pcmp_lt(x, ei::pset1<P>(DBL_MIN)), ei::pcmp_lt(zero, x));
    const P l = ei::plog(ei::pselect(subnormal, ei::pmul(x, ei::pset1<P>(kScale)), x));
    return ei::pselect(subnormal, ei::psub(l, ei::pset1<P>(kLogScale)), l);
  }
  double operator()(double x) const { return ei::pfirst(packetOp(ei::pset1<Packet>(x))); }
};

struct PowOp {
  double operator()(double a, double b) const { return std::pow(a, b); }
};
struct SinOp {
  double operator()(double x) const { return std::sin(x); }
};
struct CosOp {
  double operator()(double x) const { return std::cos(x); }
};

/// Comparisons and logic give exactly 1 or 0; a number is true when it is not
/// 0 (so NaN is true). The packet versions build an all-ones mask and keep the
/// bits of 1.0 where it is set.
enum class Compare { less, less_equal, greater, greater_equal, equal, not_equal, both, either };

template <Compare kind>
struct CompareOp {
  template <class P>
  P packetOp(const P& a, const P& b) const {
    const P one = ei::pset1<P>(1.0);
    const P zero = ei::pzero(a);
    switch (kind) {
      case Compare::less: return ei::pand(ei::pcmp_lt(a, b), one);
      case Compare::less_equal: return ei::pand(ei::pcmp_le(a, b), one);
      case Compare::greater: return ei::pand(ei::pcmp_lt(b, a), one);
      case Compare::greater_equal: return ei::pand(ei::pcmp_le(b, a), one);
      case Compare::equal: return ei::pand(ei::pcmp_eq(a, b), one);
      case Compare::not_equal: return ei::pandnot(one, ei::pcmp_eq(a, b));
      case Compare::both: return ei::pandnot(ei::pandnot(one, ei::pcmp_eq(a, zero)), ei::pcmp_eq(b, zero));
      case Compare::either: return ei::pandnot(one, ei::pand(ei::pcmp_eq(a, zero), ei::pcmp_eq(b, zero)));
    }
    return zero;
  }
  double operator()(double a, double b) const {
    switch (kind) {
      case Compare::less: return a < b ? 1.0 : 0.0;
      case Compare::less_equal: return a <= b ? 1.0 : 0.0;
      case Compare::greater: return a > b ? 1.0 : 0.0;
      case Compare::greater_equal: return a >= b ? 1.0 : 0.0;
      case Compare::equal: return a == b ? 1.0 : 0.0;
      case Compare::not_equal: return a != b ? 1.0 : 0.0;
      case Compare::both: return a != 0.0 && b != 0.0 ? 1.0 : 0.0;
      case Compare::either: return a != 0.0 || b != 0.0 ? 1.0 : 0.0;
    }
    return 0.0;
  }
};

/// not x: 1 where x is 0, else 0.
struct NotOp {
  template <class P>
  P packetOp(const P& x) const {
    return ei::pand(ei::pcmp_eq(x, ei::pzero(x)), ei::pset1<P>(1.0));
  }
  double operator()(double x) const { return x == 0.0 ? 1.0 : 0.0; }
};

/// -x as x * -1: Eigen's SIMD negation computes 0 - x, which turns -0 into +0
/// while its scalar negation gives -0.
struct NegateOp {
  template <class P>
  P packetOp(const P& x) const {
    return ei::pmul(x, ei::pset1<P>(-1.0));
  }
  double operator()(double x) const { return x * -1.0; }
};

/// min and max as IEEE 754-2019 minimum and maximum: NaN when either argument
/// is NaN (so a failed path stays visible), and -0 below +0. (Eigen's own
/// NaN-propagating min and max order -0 and +0 differently on its SIMD and
/// scalar paths.) Equal arguments have equal bits except for -0 and +0, so
/// "or" of the bits picks -0 for min and "and" picks +0 for max.
template <bool is_min>
struct MinMaxOp {
  template <class P>
  P packetOp(const P& a, const P& b) const {
    const P a_first = is_min ? ei::pcmp_lt(a, b) : ei::pcmp_lt(b, a);
    const P b_first = is_min ? ei::pcmp_lt(b, a) : ei::pcmp_lt(a, b);
    const P tie = is_min ? ei::por(a, b) : ei::pand(a, b);
    return ei::pselect(a_first, a, ei::pselect(b_first, b, ei::pselect(ei::pcmp_eq(a, b), tie, ei::padd(a, b))));
  }
  double operator()(double a, double b) const {
    if (is_min ? a < b : b < a) return a;
    if (is_min ? b < a : a < b) return b;
    if (a == b) {
      const auto x = std::bit_cast<std::uint64_t>(a);
      const auto y = std::bit_cast<std::uint64_t>(b);
      return std::bit_cast<double>(is_min ? x | y : x & y);
    }
    return a + b;  // NaN
  }
};
using MinOp = MinMaxOp<true>;
using MaxOp = MinMaxOp<false>;

}  // namespace goalpath::expr::detail

namespace Eigen::internal {

template <>
struct functor_traits<goalpath::expr::detail::ExpOp> {
  enum { Cost = 30 * NumTraits<double>::MulCost, PacketAccess = packet_traits<double>::HasExp };
};
template <>
struct functor_traits<goalpath::expr::detail::LogOp> {
  enum { Cost = 30 * NumTraits<double>::MulCost, PacketAccess = packet_traits<double>::HasLog };
};
template <>
struct functor_traits<goalpath::expr::detail::PowOp> {
  enum { Cost = 50 * NumTraits<double>::MulCost, PacketAccess = false };
};
template <>
struct functor_traits<goalpath::expr::detail::SinOp> {
  enum { Cost = 30 * NumTraits<double>::MulCost, PacketAccess = false };
};
template <>
struct functor_traits<goalpath::expr::detail::CosOp> {
  enum { Cost = 30 * NumTraits<double>::MulCost, PacketAccess = false };
};
template <goalpath::expr::detail::Compare kind>
struct functor_traits<goalpath::expr::detail::CompareOp<kind>> {
  enum { Cost = 2 * NumTraits<double>::AddCost, PacketAccess = packet_traits<double>::HasCmp };
};
template <>
struct functor_traits<goalpath::expr::detail::NotOp> {
  enum { Cost = 2 * NumTraits<double>::AddCost, PacketAccess = packet_traits<double>::HasCmp };
};
template <bool is_min>
struct functor_traits<goalpath::expr::detail::MinMaxOp<is_min>> {
  enum { Cost = 4 * NumTraits<double>::AddCost, PacketAccess = packet_traits<double>::HasCmp };
};
template <>
struct functor_traits<goalpath::expr::detail::NegateOp> {
  enum { Cost = NumTraits<double>::MulCost, PacketAccess = packet_traits<double>::HasMul };
};

}  // namespace Eigen::internal

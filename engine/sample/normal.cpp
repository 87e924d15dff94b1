// The standard normal distribution: Φ (via erfc) and Φ⁻¹ by Wichura's
// algorithm AS241 (PPND16, Applied Statistics 37:477-484, 1988), relative
// error about 1e-16 over (1e-300, 1).
//
// The array version is what keeps Monte Carlo fast (PERFORMANCE.md): the
// central region |u - ½| <= 0.425 (85% of uniforms) is one rational function
// evaluated for every element without branches, while the tail inputs are
// compacted into a small buffer in the same pass; the tails then run as
// vectorised passes over that buffer (a branch-free logarithm, an Eigen
// square root, the near-tail rational, sign and special values), with a
// scalar fix-up for the astronomically rare far tail (u < 1.4e-11). The scalar
// version calls the same inline kernels, so the two agree bit for bit; every
// multiply-add is an explicit fma (when the target has one), so the compiler
// cannot contract the two versions differently.
//
// Cost on the development machine (AMD EPYC, Zen 3), per value: the central
// rational is about 3.3 cycles (16 fma and one vdivpd per 4 values, and the
// divider holds up an fma pipe), compaction about 1, the tails about 2.
#include <Eigen/Core>
#include <algorithm>
#include <array>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>

#include "sample/sample.hpp"

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace goalpath::sample {
namespace {

inline double mul_add(double a, double b, double c) {
#if defined(__FMA__)
  return std::fma(a, b, c);
#else
  return a * b + c;
#endif
}

/// Horner: c[0] + c[1]·x + … + c[7]·x⁷, unrolled by hand (g++ vectorises
/// the caller's loop only when no inner loop is left in it). Estrin's scheme
/// shortens the dependency chain but costs two more multiplies, and measured
/// no faster: the loops below are bound by fma throughput and the divider.
inline double poly7(const double (&c)[8], double x) {
  double acc = mul_add(c[7], x, c[6]);
  acc = mul_add(acc, x, c[5]);
  acc = mul_add(acc, x, c[4]);
  acc = mul_add(acc, x, c[3]);
  acc = mul_add(acc, x, c[2]);
  acc = mul_add(acc, x, c[1]);
  return mul_add(acc, x, c[0]);
}

/// numerator(x) / denominator(x) for two degree-7 polynomials.
inline double rational7(const double (&num)[8], const double (&den)[8], double x) {
  return poly7(num, x) / poly7(den, x);
}

/// condition ? a : b through bit masks. A plain ?: on doubles whose arms
/// are computed makes g++ keep a branch (it will not speculate floating-point
/// operations that might trap), which stops the loop vectorising; the masks
/// compute both arms and select, the branch-free form the passes below need.
inline double select(bool condition, double a, double b) {
  const std::uint64_t mask = 0 - static_cast<std::uint64_t>(condition);
  return std::bit_cast<double>((std::bit_cast<std::uint64_t>(a) & mask) | (std::bit_cast<std::uint64_t>(b) & ~mask));
}

// AS241 coefficients: numerator a/c/e, denominator b/d/f (leading 1 included).
constexpr double kCentralNum[8] = {3.3871328727963666080e0,  1.3314166789178437745e+2, 1.9715909503065514427e+3,
                                   1.3731693765509461125e+4, 4.5921953931549871457e+4, 6.7265770927008700853e+4,
                                   3.3430575583588128105e+4, 2.5090809287301226727e+3};
constexpr double kCentralDen[8] = {1.0,
                                   4.2313330701600911252e+1,
                                   6.8718700749205790830e+2,
                                   5.3941960214247511077e+3,
                                   2.1213794301586595867e+4,
                                   3.9307895800092710610e+4,
                                   2.8729085735721942674e+4,
                                   5.2264952788528545610e+3};
constexpr double kNearNum[8] = {1.42343711074968357734e0,  4.63033784615654529590e0, 5.76949722146069140550e0,
                                3.64784832476320460504e0,  1.27045825245236838258e0, 2.41780725177450611770e-1,
                                2.27238449892691845833e-2, 7.74545014278341407640e-4};
constexpr double kNearDen[8] = {1.0,
                                2.05319162663775882187e0,
                                1.67638483018380384940e0,
                                6.89767334985100004550e-1,
                                1.48103976427480074590e-1,
                                1.51986665636164571966e-2,
                                5.47593808499534494600e-4,
                                1.05075007164441684324e-9};
constexpr double kFarNum[8] = {6.65790464350110377720e0,  5.46378491116411436990e0,  1.78482653991729133580e0,
                               2.96560571828504891230e-1, 2.65321895265761230930e-2, 1.24266094738807843860e-3,
                               2.71155556874348757815e-5, 2.01033439929228813265e-7};
constexpr double kFarDen[8] = {1.0,
                               5.99832206555887937690e-1,
                               1.36929880922735805310e-1,
                               1.48753612908506148525e-2,
                               7.86869131145613259100e-4,
                               1.84631831751005468180e-5,
                               1.42151175831644588870e-7,
                               2.04426310338993978564e-15};

constexpr double kSplit1 = 0.425;  // |q| <= kSplit1: central rational
constexpr double kSplit2 = 5.0;    // r <= kSplit2: near-tail rational, else far tail

/// Central region: q = u - ½ with |q| <= 0.425.
inline double central(double q) {
  const double r = mul_add(-q, q, 0.180625);
  return q * poly7(kCentralNum, r) / poly7(kCentralDen, r);
}

/// -log(x) for x > 0 (normal or subnormal), branch-free: fdlibm's e_log.c
/// reduction x = 2^k·m, m in [√2/2, √2), and its polynomial in s = f/(2+f)
/// (error below 1 ulp), with integer bit manipulation instead of branches so
/// the loop vectorises. Only called with 0 < x <= ½.
inline double minus_log(double x) {
  constexpr double kLn2Hi = 6.93147180369123816490e-01;
  constexpr double kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kLg1 = 6.666666666666735130e-01, kLg2 = 3.999999999940941908e-01, kLg3 = 2.857142874366239149e-01,
                   kLg4 = 2.222219843214978396e-01, kLg5 = 1.818357216161805012e-01, kLg6 = 1.531383769920937332e-01,
                   kLg7 = 1.479819860511658591e-01;
  const bool subnormal = x < 0x1p-1022;
  const double xs = select(subnormal, x * 0x1p54, x);
  const std::uint64_t bits = std::bit_cast<std::uint64_t>(xs);
  const std::uint64_t hx = bits >> 32;
  const std::uint64_t hm = hx & 0x000FFFFFu;
  const std::uint64_t i = (hm + 0x95F64u) & 0x100000u;  // m >= √2: halve it, k += 1
  const std::int64_t k = static_cast<std::int64_t>(hx >> 20) - 1023 + static_cast<std::int64_t>(i >> 20) -
                         (54 & -static_cast<std::int64_t>(subnormal));
  const double m = std::bit_cast<double>(((hm | (i ^ 0x3FF00000u)) << 32) | (bits & 0xFFFFFFFFu));
  // double(k) without an int64 conversion instruction (none on AVX2): |k| < 2^51.
  const double dk = std::bit_cast<double>(0x4338000000000000ull + static_cast<std::uint64_t>(k)) - 0x1.8p52;
  const double f = m - 1.0;
  const double s = f / (2.0 + f);
  const double z = s * s;
  const double w = z * z;
  // Every product that meets a sum is an explicit mul_add, so no implicit
  // contraction is left for the compiler to decide differently in the scalar
  // and the vector code.
  const double t1 = w * mul_add(w, mul_add(w, kLg6, kLg4), kLg2);
  const double big_r = mul_add(z, mul_add(w, mul_add(w, mul_add(w, kLg7, kLg5), kLg3), kLg1), t1);
  const double half_f = 0.5 * f;                         // exact
  const double hfsq_plus_r = mul_add(half_f, f, big_r);  // f²/2 + R
  const double inner = mul_add(s, hfsq_plus_r, dk * kLn2Lo);
  const double hfsq_minus_inner = mul_add(half_f, f, -inner);  // f²/2 - inner
  const double log_x = mul_add(dk, kLn2Hi, -(hfsq_minus_inner - f));
  return -log_x;
}

/// Tail rationals of AS241 in r = sqrt(-log(min(u, 1-u))): the near tail
/// for r <= 5 (down to u ≈ 1.4e-11), the far tail beyond.
inline double tail_near(double r) { return rational7(kNearNum, kNearDen, r - 1.6); }
inline double tail_far(double r) { return rational7(kFarNum, kFarDen, r - kSplit2); }

/// Φ⁻¹(u) from |Φ⁻¹(u)| in the tails: the sign, and the special values at
/// and beyond 0 and 1.
inline double finish_tail(double u, double magnitude) {
  double z = select(u < 0.5, -magnitude, magnitude);
  constexpr double kInf = std::numeric_limits<double>::infinity();
  z = select(u == 0.0, -kInf, z);
  z = select(u == 1.0, kInf, z);
  z = select((u < 0.0) | (u > 1.0), std::numeric_limits<double>::quiet_NaN(), z);
  return z;
}

/// Tail region, first half: -log of the smaller tail probability. For u
/// outside (0, 1) returns a harmless 1 (finish_tail overrides the result).
inline double tail_minus_log(double u) {
  const double p = select(u < 0.5, u, 1.0 - u);  // 1 - u is exact for u >= ½
  const bool valid = p > 0.0;
  return select(valid, minus_log(select(valid, p, 0.5)), 1.0);
}

#if defined(__AVX2__)
/// Permutations for _mm256_permutevar8x32: move the 64-bit elements whose
/// mask bit is set (lanes 2k, 2k+1 as 32-bit words) to the front, in order.
constexpr std::array<std::array<std::int32_t, 8>, 16> make_compress_doubles() {
  std::array<std::array<std::int32_t, 8>, 16> table{};
  for (int mask = 0; mask < 16; ++mask) {
    int out = 0;
    for (int k = 0; k < 4; ++k)
      if (mask & (1 << k)) {
        table[mask][out++] = 2 * k;
        table[mask][out++] = 2 * k + 1;
      }
  }
  return table;
}
/// The same for 32-bit elements (the indices).
constexpr std::array<std::array<std::int32_t, 8>, 16> make_compress_words() {
  std::array<std::array<std::int32_t, 8>, 16> table{};
  for (int mask = 0; mask < 16; ++mask) {
    int out = 0;
    for (int k = 0; k < 4; ++k)
      if (mask & (1 << k)) table[mask][out++] = k;
  }
  return table;
}
alignas(32) constexpr auto kCompressDoubles = make_compress_doubles();
alignas(32) constexpr auto kCompressWords = make_compress_words();
#endif

#if defined(__AVX2__)
inline __m256d mul_add4(__m256d a, __m256d b, __m256d c) {
#if defined(__FMA__)
  return _mm256_fmadd_pd(a, b, c);
#else
  return _mm256_add_pd(_mm256_mul_pd(a, b), c);
#endif
}
inline __m256d poly7x4(const double (&c)[8], __m256d x) {
  __m256d acc = mul_add4(_mm256_set1_pd(c[7]), x, _mm256_set1_pd(c[6]));
  acc = mul_add4(acc, x, _mm256_set1_pd(c[5]));
  acc = mul_add4(acc, x, _mm256_set1_pd(c[4]));
  acc = mul_add4(acc, x, _mm256_set1_pd(c[3]));
  acc = mul_add4(acc, x, _mm256_set1_pd(c[2]));
  acc = mul_add4(acc, x, _mm256_set1_pd(c[1]));
  return mul_add4(acc, x, _mm256_set1_pd(c[0]));
}
#endif

#if defined(__AVX512F__) && defined(__AVX512VL__) && defined(__FMA__)
inline __m512d poly_fma8(__m512d a, __m512d b, __m512d c) { return _mm512_fmadd_pd(a, b, c); }
inline __m512d poly7x8(const double (&c)[8], __m512d x) {
  __m512d acc = poly_fma8(_mm512_set1_pd(c[7]), x, _mm512_set1_pd(c[6]));
  acc = poly_fma8(acc, x, _mm512_set1_pd(c[5]));
  acc = poly_fma8(acc, x, _mm512_set1_pd(c[4]));
  acc = poly_fma8(acc, x, _mm512_set1_pd(c[3]));
  acc = poly_fma8(acc, x, _mm512_set1_pd(c[2]));
  acc = poly_fma8(acc, x, _mm512_set1_pd(c[1]));
  return poly_fma8(acc, x, _mm512_set1_pd(c[0]));
}
#endif

/// Pass 1 over a chunk: the central rational for every element into out
/// (NaN passes through as NaN), and the inputs that belong to the tail pass
/// (|u - ½| > 0.425, which includes u outside [0, 1]) with their positions
/// copied to tail_u / tail_index; returns how many. Each input is read before
/// its output is written, so in and out may be the same array. The buffers
/// need 8 slots of slack beyond n (the AVX2 and AVX-512 versions store whole vectors).
///
/// The AVX2 version does both in one loop, so the shuffles of the compaction
/// overlap the fma chains; its arithmetic is central() operation for
/// operation, so the results are the same bits. The compaction is
/// branch-free: which uniforms are in the tails is random, and a branch would
/// mispredict on every other group of four.
std::size_t central_and_gather(const double* in, double* out, std::size_t n, double* tail_u,
                               std::uint32_t* tail_index) {
  std::size_t nt = 0;
  std::size_t i = 0;
#if defined(__AVX512F__) && defined(__AVX512VL__) && defined(__FMA__)
  // Eight at a time: the tail inputs and their positions compacted in a
  // register (vcompresspd to a register, then a plain store: the memory
  // form is slow on AMD). The arithmetic is central()'s, as below.
  {
    const __m512d half = _mm512_set1_pd(0.5);
    const __m512d split = _mm512_set1_pd(kSplit1);
    const __m512d central_r0 = _mm512_set1_pd(0.180625);
    __m256i index = _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7);
    const __m256i eight = _mm256_set1_epi32(8);
    for (; i + 8 <= n; i += 8) {
      const __m512d u8 = _mm512_loadu_pd(in + i);
      const __m512d q = _mm512_sub_pd(u8, half);
      const __mmask8 mask = _mm512_cmp_pd_mask(_mm512_abs_pd(q), split, _CMP_GT_OQ);
      _mm512_storeu_pd(tail_u + nt, _mm512_maskz_compress_pd(mask, u8));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(tail_index + nt), _mm256_maskz_compress_epi32(mask, index));
      nt += static_cast<std::size_t>(__builtin_popcount(static_cast<unsigned>(mask)));
      index = _mm256_add_epi32(index, eight);
      const __m512d r = _mm512_fnmadd_pd(q, q, central_r0);  // fma(-q, q, 0.180625)
      const __m512d z = _mm512_div_pd(_mm512_mul_pd(q, poly7x8(kCentralNum, r)), poly7x8(kCentralDen, r));
      _mm512_storeu_pd(out + i, z);
    }
  }
#endif
#if defined(__AVX2__)
  const __m256d half = _mm256_set1_pd(0.5);
  const __m256d split = _mm256_set1_pd(kSplit1);
  const __m256d sign = _mm256_set1_pd(-0.0);
  const __m256d central_r0 = _mm256_set1_pd(0.180625);
  // (from i: the AVX-512 loop above may have done the first elements)
  __m128i index = _mm_add_epi32(_mm_setr_epi32(0, 1, 2, 3), _mm_set1_epi32(static_cast<int>(i)));
  const __m128i four = _mm_set1_epi32(4);
  for (; i + 4 <= n; i += 4) {
    const __m256d u4 = _mm256_loadu_pd(in + i);
    const __m256d q = _mm256_sub_pd(u4, half);
    // Compaction of the tail inputs.
    const __m256d distance = _mm256_andnot_pd(sign, q);
    const int mask = _mm256_movemask_pd(_mm256_cmp_pd(distance, split, _CMP_GT_OQ));
    const __m256i to_front = _mm256_load_si256(reinterpret_cast<const __m256i*>(kCompressDoubles[mask].data()));
    const __m256i words = _mm256_load_si256(reinterpret_cast<const __m256i*>(kCompressWords[mask].data()));
    const __m256d packed = _mm256_castsi256_pd(_mm256_permutevar8x32_epi32(_mm256_castpd_si256(u4), to_front));
    const __m256i packed_index = _mm256_permutevar8x32_epi32(_mm256_castsi128_si256(index), words);
    _mm256_storeu_pd(tail_u + nt, packed);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(tail_index + nt), _mm256_castsi256_si128(packed_index));
    nt += static_cast<std::size_t>(__builtin_popcount(static_cast<unsigned>(mask)));
    index = _mm_add_epi32(index, four);
    // central(q): r = 0.180625 - q² in one rounding, then q·P(r)/Q(r).
    const __m256d r = mul_add4(_mm256_xor_pd(q, sign), q, central_r0);
    const __m256d z = _mm256_div_pd(_mm256_mul_pd(q, poly7x4(kCentralNum, r)), poly7x4(kCentralDen, r));
    _mm256_storeu_pd(out + i, z);
  }
#endif
  for (; i < n; ++i) {
    const double x = in[i];
    tail_u[nt] = x;
    tail_index[nt] = static_cast<std::uint32_t>(i);
    nt += static_cast<std::size_t>(std::abs(x - 0.5) > kSplit1);
    out[i] = central(x - 0.5);
  }
  return nt;
}

}  // namespace

double inverse_normal_cdf(double u) {
  const double q = u - 0.5;
  if (std::abs(q) <= kSplit1) return central(q);
  if (std::isnan(u)) return u;
  const double r = std::sqrt(tail_minus_log(u));
  return finish_tail(u, r <= kSplit2 ? tail_near(r) : tail_far(r));
}

void inverse_normal_cdf(std::span<const double> u, std::span<double> z) {
  if (u.size() != z.size()) throw std::invalid_argument("inverse_normal_cdf: input and output spans differ in size");
  // Chunks keep the tail buffers on the stack and in L1.
  constexpr std::size_t kChunk = 512;
  alignas(64) double tail_u[kChunk + 8];
  alignas(64) double tail_r[kChunk + 8];
  alignas(64) double tail_z[kChunk + 8];
  alignas(64) std::uint32_t tail_index[kChunk + 8];
  for (std::size_t start = 0; start < u.size(); start += kChunk) {
    const std::size_t n = std::min(kChunk, u.size() - start);
    const double* in = u.data() + start;
    double* out = z.data() + start;
    // 1. Central rational for all, tail inputs set aside.
    const std::size_t nt = central_and_gather(in, out, n, tail_u, tail_index);
    if (nt == 0) continue;
    // 2. Tails on the compact buffer, padded to whole vectors with a
    //    harmless value: -log, square root, near-tail rational.
    const std::size_t padded = (nt + 3) & ~std::size_t{3};
    for (std::size_t j = nt; j < padded; ++j) tail_u[j] = 0.01;
    for (std::size_t j = 0; j < padded; ++j) tail_r[j] = tail_minus_log(tail_u[j]);
#if defined(__AVX2__)
    // vsqrtpd is correctly rounded, like std::sqrt (Eigen compiled the
    // expression below to a scalar vsqrtsd loop here, a third of this function's time).
    for (std::size_t j = 0; j < padded; j += 4) {
      _mm256_store_pd(tail_r + j, _mm256_sqrt_pd(_mm256_load_pd(tail_r + j)));
    }
#else
    Eigen::Map<Eigen::ArrayXd> r(tail_r, static_cast<Eigen::Index>(padded));
    r = r.sqrt();  // Eigen's packet sqrt: correctly rounded, like std::sqrt
#endif
    std::uint32_t far = 0;
    for (std::size_t j = 0; j < padded; ++j) {
      tail_z[j] = finish_tail(tail_u[j], tail_near(tail_r[j]));
      far += static_cast<std::uint32_t>(tail_r[j] > kSplit2);
    }
    // 3. The far tail (u below about 1.4e-11 or above 1 - 1.4e-11) is so rare
    //    that it gets a scalar fix-up instead of a second rational for all.
    if (far > 0)
      for (std::size_t j = 0; j < nt; ++j)
        if (tail_r[j] > kSplit2) tail_z[j] = finish_tail(tail_u[j], tail_far(tail_r[j]));
    for (std::size_t j = 0; j < nt; ++j) out[tail_index[j]] = tail_z[j];
  }
}

double normal_cdf(double z) {
  // Φ(z) = ½·erfc(-z/√2): erfc keeps full relative precision in the lower
  // tail, and Φ(z) for z > 0 is 1 - (tiny), exact to rounding.
  return 0.5 * std::erfc(-z * 0.70710678118654752440);
}

}  // namespace goalpath::sample

// Internal to the sample module: the Philox4x32-10 kernel behind every random
// number GoalPath draws. Two versions give the same bits (tested): a portable
// lane loop over a batch of counters that any compiler can vectorise, and an
// AVX2 version with one counter per 64-bit lane, which is what runs on the
// project's machines (about 6 cycles per uniform).
//
// Stream layout (the contract that makes a draw a pure function of
// seed, path, variable and year):
//
//   key     = { seed bits 0-31, seed bits 32-63 }
//   counter = { pair bits 0-31, pair bits 32-63, variable, year }
//             where pair = path / 2
//   output  = four 32-bit words w0 w1 w2 w3;
//             path 2·pair   uses (w0, w1), path 2·pair+1 uses (w2, w3).
//
// From a word pair (a, b) the uniform takes 53 bits, k = (a << 21) | (b >> 11),
// and u = max(k, 1/2) · 2⁻⁵³. Every u is exact in a double, lies strictly
// inside (0, 1) (from 2⁻⁵⁴ to 1 - 2⁻⁵³), and the grid is symmetric under
// u -> 1-u except that k = 0 sits at half a step, so Φ⁻¹ of these uniforms
// reaches about -8.29 and +8.21. (The textbook (k + ½)·2⁻⁵³ is not
// representable above ½: it would round pairs of k together and the largest
// k to exactly 1.)
//
// The result for a path depends only on its own counter, never on which block
// or which position in a block produced it: fill_uniforms(first_path = 1, …)
// and fill_uniforms(first_path = 0, …) agree on every path they share.
//
// Designs (latin_hypercube) draw from the same streams with the reserved years
// kDesignPermutationYear and kDesignPositionYear, values the simulator never
// passes as a year.
#pragma once

#include <cstddef>
#include <cstdint>

#if defined(__AVX2__)
#include <immintrin.h>
#endif

namespace goalpath::sample::detail {

inline constexpr std::uint32_t kPhiloxM0 = 0xD2511F53u;
inline constexpr std::uint32_t kPhiloxM1 = 0xCD9E8D57u;
inline constexpr std::uint32_t kPhiloxW0 = 0x9E3779B9u;
inline constexpr std::uint32_t kPhiloxW1 = 0xBB67AE85u;
inline constexpr int kPhiloxRounds = 10;

inline constexpr std::uint32_t kDesignPermutationYear = 0xFFFFFFFEu;
inline constexpr std::uint32_t kDesignPositionYear = 0xFFFFFFFFu;

/// Number of counters (path pairs) one kernel call handles; 2·kPhiloxLanes uniforms.
inline constexpr int kPhiloxLanes = 16;

/// Philox4x32-10 of the counters {c0[i], c1[i], c2[i], c3[i]} under key
/// {k0, k1} for i < kPhiloxLanes, in place; bit-identical to Random123's
/// philox4x32(ctr, key). The high and low halves of each 32x32-bit product
/// are written as separate expressions, the form g++ vectorises.
inline void philox4x32_10_lanes(std::uint32_t* __restrict c0, std::uint32_t* __restrict c1,
                                std::uint32_t* __restrict c2, std::uint32_t* __restrict c3, std::uint32_t k0,
                                std::uint32_t k1) {
  for (int round = 0; round < kPhiloxRounds; ++round) {
    for (int i = 0; i < kPhiloxLanes; ++i) {
      const std::uint32_t a = c0[i];
      const std::uint32_t b = c2[i];
      const auto hi0 = static_cast<std::uint32_t>((std::uint64_t{kPhiloxM0} * a) >> 32);
      const std::uint32_t lo0 = kPhiloxM0 * a;
      const auto hi1 = static_cast<std::uint32_t>((std::uint64_t{kPhiloxM1} * b) >> 32);
      const std::uint32_t lo1 = kPhiloxM1 * b;
      c0[i] = hi1 ^ c1[i] ^ k0;
      c1[i] = lo1;
      c2[i] = hi0 ^ c3[i] ^ k1;
      c3[i] = lo0;
    }
    k0 += kPhiloxW0;
    k1 += kPhiloxW1;
  }
}

/// The 53-bit uniform of a word pair (see the layout comment above):
/// u = m·2⁻⁵⁴ with m = 2k, or m = 1 when k = 0. Only 32-bit integer
/// operations and int32-to-double conversions, so it vectorises on AVX2; m
/// is exact in a double (even, or 1) and so is u.
inline double uniform_from_words(std::uint32_t a, std::uint32_t b) {
  const std::uint32_t low21 = b >> 11;
  const auto zero = static_cast<std::uint32_t>((a | low21) == 0);
  const double high = static_cast<double>(static_cast<std::int32_t>(a ^ 0x80000000u)) + 0x1p31;  // = a
  const double low = static_cast<double>(static_cast<std::int32_t>((low21 << 1) | zero));
  return (high * 0x1p22 + low) * 0x1p-54;
}

/// Uniforms of paths [2·first_pair, 2·first_pair + 2·kPhiloxLanes) of stream
/// (seed, variable, year), in path order, into out[0 .. 2·kPhiloxLanes).
/// Portable version (any target); PhiloxStream::block picks the fastest.
inline void philox_uniform_block_generic(std::uint64_t seed, std::uint64_t first_pair, std::uint32_t variable,
                                         std::uint32_t year, double* out) {
  alignas(64) std::uint32_t c0[kPhiloxLanes];
  alignas(64) std::uint32_t c1[kPhiloxLanes];
  alignas(64) std::uint32_t c2[kPhiloxLanes];
  alignas(64) std::uint32_t c3[kPhiloxLanes];
  for (int i = 0; i < kPhiloxLanes; ++i) {
    const std::uint64_t pair = first_pair + static_cast<std::uint64_t>(i);
    c0[i] = static_cast<std::uint32_t>(pair);
    c1[i] = static_cast<std::uint32_t>(pair >> 32);
    c2[i] = variable;
    c3[i] = year;
  }
  philox4x32_10_lanes(c0, c1, c2, c3, static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32));
  for (int i = 0; i < kPhiloxLanes; ++i) {
    out[2 * i] = uniform_from_words(c0[i], c1[i]);
    out[2 * i + 1] = uniform_from_words(c2[i], c3[i]);
  }
}

#if defined(__AVX2__)
/// Round keys of Philox4x32-10 for one seed: {k0, k1} before each round.
struct PhiloxKeySchedule {
  alignas(64) std::uint32_t k0[kPhiloxRounds];
  alignas(64) std::uint32_t k1[kPhiloxRounds];
  explicit PhiloxKeySchedule(std::uint64_t seed) {
    std::uint32_t a = static_cast<std::uint32_t>(seed);
    std::uint32_t b = static_cast<std::uint32_t>(seed >> 32);
    for (int round = 0; round < kPhiloxRounds; ++round) {
      k0[round] = a;
      k1[round] = b;
      a += kPhiloxW0;
      b += kPhiloxW1;
    }
  }
};

/// The generic block with AVX2 intrinsics. Each counter sits in a 64-bit
/// lane (4 per register), so one vpmuludq gives the whole 64-bit product:
/// its high half is one shift away and its low half is used as it is. The
/// upper 32 bits of a lane may hold garbage between rounds; vpmuludq reads
/// only the low 32 bits, and the final conversion masks them off.
/// Bit-identical to the generic version (tested).
inline void philox_uniform_block_avx2(const PhiloxKeySchedule& keys, std::uint64_t first_pair, std::uint32_t variable,
                                      std::uint32_t year, double* out) {
  static_assert(kPhiloxLanes % 4 == 0);
  constexpr int kVectors = kPhiloxLanes / 4;
  const __m256i m0 = _mm256_set1_epi64x(kPhiloxM0);
  const __m256i m1 = _mm256_set1_epi64x(kPhiloxM1);
  const __m256i low32 = _mm256_set1_epi64x(0xFFFFFFFFll);
  __m256i c0[kVectors], c1[kVectors], c2[kVectors], c3[kVectors];
  const __m256i base = _mm256_set1_epi64x(static_cast<long long>(first_pair));
  for (int v = 0; v < kVectors; ++v) {
    const __m256i pair = _mm256_add_epi64(base, _mm256_setr_epi64x(4 * v, 4 * v + 1, 4 * v + 2, 4 * v + 3));
    c0[v] = pair;                         // low word (upper half ignored)
    c1[v] = _mm256_srli_epi64(pair, 32);  // high word
    c2[v] = _mm256_set1_epi64x(variable);
    c3[v] = _mm256_set1_epi64x(year);
  }
  // Unrolled: the words change roles every round (c1 <- p1, c3 <- p0), and
  // unrolling lets the register allocator follow them instead of copying.
#pragma GCC unroll 10
  for (int round = 0; round < kPhiloxRounds; ++round) {
    const __m256i key0 = _mm256_set1_epi32(static_cast<int>(keys.k0[round]));
    const __m256i key1 = _mm256_set1_epi32(static_cast<int>(keys.k1[round]));
    for (int v = 0; v < kVectors; ++v) {
      const __m256i p0 = _mm256_mul_epu32(c0[v], m0);
      const __m256i p1 = _mm256_mul_epu32(c2[v], m1);
      c0[v] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p1, 32), c1[v]), key0);
      c1[v] = p1;
      c2[v] = _mm256_xor_si256(_mm256_xor_si256(_mm256_srli_epi64(p0, 32), c3[v]), key1);
      c3[v] = p0;
    }
  }
  // uniform_from_words, 4 lanes at a time: k = (a << 21) | (b >> 11) in 53
  // bits, then k as a double without a conversion instruction (AVX2 has no
  // int64 -> double): 2^52 + (k mod 2^52) by exponent bits, minus 2^52, plus
  // the top bit; u = max(k, ½)·2⁻⁵³.
  const __m256i mask53 = _mm256_set1_epi64x(0x001FFFFFFFFFFFFFll);
  const __m256i mask52 = _mm256_set1_epi64x(0x000FFFFFFFFFFFFFll);
  const __m256i exponent52 = _mm256_set1_epi64x(0x4330000000000000ll);
  const __m256d two52 = _mm256_set1_pd(0x1p52);
  const __m256d half = _mm256_set1_pd(0.5);
  const __m256d two_minus53 = _mm256_set1_pd(0x1p-53);
  auto uniforms = [&](__m256i a, __m256i b) {
    const __m256i k = _mm256_and_si256(
        _mm256_or_si256(_mm256_slli_epi64(a, 21), _mm256_srli_epi64(_mm256_and_si256(b, low32), 11)), mask53);
    const __m256d low =
        _mm256_sub_pd(_mm256_castsi256_pd(_mm256_or_si256(_mm256_and_si256(k, mask52), exponent52)), two52);
    const __m256i top_mask = _mm256_sub_epi64(_mm256_setzero_si256(), _mm256_srli_epi64(k, 52));
    const __m256d top = _mm256_castsi256_pd(_mm256_and_si256(top_mask, exponent52));  // 0 or 2^52
    return _mm256_mul_pd(_mm256_max_pd(_mm256_add_pd(low, top), half), two_minus53);
  };
  for (int v = 0; v < kVectors; ++v) {
    const __m256d even = uniforms(c0[v], c1[v]);       // paths 2i: words 0, 1
    const __m256d odd = uniforms(c2[v], c3[v]);        // paths 2i+1: words 2, 3
    const __m256d lo = _mm256_unpacklo_pd(even, odd);  // e0 o0 e2 o2
    const __m256d hi = _mm256_unpackhi_pd(even, odd);  // e1 o1 e3 o3
    _mm256_storeu_pd(out + 8 * v, _mm256_permute2f128_pd(lo, hi, 0x20));
    _mm256_storeu_pd(out + 8 * v + 4, _mm256_permute2f128_pd(lo, hi, 0x31));
  }
}
#endif

#if defined(__AVX512F__) && defined(__AVX512DQ__)
/// The AVX2 block on AVX-512: one counter per 64-bit lane, 8 per register,
/// kVectors registers (8·kVectors counters, 16·kVectors uniforms). A round
/// is two vpmuludq, two shifts and two three-way XORs (vpternlogq); the
/// 53-bit k converts to a double in one exact instruction (vcvtuqq2pd, k <
/// 2^53). Same operations on the same words as the AVX2 and generic
/// versions, so the same bits (tested).
template <int kVectors>
inline void philox_uniform_block_avx512(const PhiloxKeySchedule& keys, std::uint64_t first_pair,
                                        std::uint32_t variable, std::uint32_t year, double* out) {
  const __m512i m0 = _mm512_set1_epi64(kPhiloxM0);
  const __m512i m1 = _mm512_set1_epi64(kPhiloxM1);
  __m512i c0[kVectors], c1[kVectors], c2[kVectors], c3[kVectors];
  const __m512i base = _mm512_set1_epi64(static_cast<long long>(first_pair));
  const __m512i steps = _mm512_setr_epi64(0, 1, 2, 3, 4, 5, 6, 7);
  for (int v = 0; v < kVectors; ++v) {
    const __m512i pair = _mm512_add_epi64(base, _mm512_add_epi64(steps, _mm512_set1_epi64(8 * v)));
    c0[v] = pair;                         // low word (upper half ignored)
    c1[v] = _mm512_srli_epi64(pair, 32);  // high word
    c2[v] = _mm512_set1_epi64(variable);
    c3[v] = _mm512_set1_epi64(year);
  }
#pragma GCC unroll 10
  for (int round = 0; round < kPhiloxRounds; ++round) {
    const __m512i key0 = _mm512_set1_epi32(static_cast<int>(keys.k0[round]));
    const __m512i key1 = _mm512_set1_epi32(static_cast<int>(keys.k1[round]));
    for (int v = 0; v < kVectors; ++v) {
      const __m512i p0 = _mm512_mul_epu32(c0[v], m0);
      const __m512i p1 = _mm512_mul_epu32(c2[v], m1);
      c0[v] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p1, 32), c1[v], key0, 0x96);  // a ^ b ^ c
      c1[v] = p1;
      c2[v] = _mm512_ternarylogic_epi64(_mm512_srli_epi64(p0, 32), c3[v], key1, 0x96);
      c3[v] = p0;
    }
  }
  const __m512i low32 = _mm512_set1_epi64(0xFFFFFFFFll);
  const __m512i mask53 = _mm512_set1_epi64(0x001FFFFFFFFFFFFFll);
  const __m512d half = _mm512_set1_pd(0.5);
  const __m512d two_minus53 = _mm512_set1_pd(0x1p-53);
  auto uniforms = [&](__m512i a, __m512i b) {
    const __m512i k = _mm512_and_si512(
        _mm512_or_si512(_mm512_slli_epi64(a, 21), _mm512_srli_epi64(_mm512_and_si512(b, low32), 11)), mask53);
    return _mm512_mul_pd(_mm512_max_pd(_mm512_cvtepu64_pd(k), half), two_minus53);
  };
  const __m512i first_half = _mm512_setr_epi64(0, 8, 1, 9, 2, 10, 3, 11);
  const __m512i second_half = _mm512_setr_epi64(4, 12, 5, 13, 6, 14, 7, 15);
  for (int v = 0; v < kVectors; ++v) {
    const __m512d even = uniforms(c0[v], c1[v]);  // paths 2i: words 0, 1
    const __m512d odd = uniforms(c2[v], c3[v]);   // paths 2i+1: words 2, 3
    _mm512_storeu_pd(out + 16 * v, _mm512_permutex2var_pd(even, first_half, odd));
    _mm512_storeu_pd(out + 16 * v + 8, _mm512_permutex2var_pd(even, second_half, odd));
  }
}
#endif

/// Everything a stream needs to produce blocks; build once per fill.
class PhiloxStream {
 public:
  PhiloxStream(std::uint64_t seed, std::uint32_t variable, std::uint32_t year)
      : seed_(seed),
        variable_(variable),
        year_(year)
#if defined(__AVX2__)
        ,
        keys_(seed)
#endif
  {
  }

  /// Uniforms of paths [2·first_pair, 2·first_pair + 2·kPhiloxLanes), in
  /// path order, into out[0 .. 2·kPhiloxLanes).
  void block(std::uint64_t first_pair, double* out) const {
#if defined(__AVX512F__) && defined(__AVX512DQ__)
    philox_uniform_block_avx512<kPhiloxLanes / 8>(keys_, first_pair, variable_, year_, out);
#elif defined(__AVX2__)
    philox_uniform_block_avx2(keys_, first_pair, variable_, year_, out);
#else
    philox_uniform_block_generic(seed_, first_pair, variable_, year_, out);
#endif
  }

#if defined(__AVX512F__) && defined(__AVX512DQ__)
  /// Twice block(): paths [2·first_pair, 2·first_pair + 4·kPhiloxLanes), with
  /// four registers of counters in flight (more independent work per round).
  static constexpr int kWideLanes = 2 * kPhiloxLanes;
  void wide_block(std::uint64_t first_pair, double* out) const {
    philox_uniform_block_avx512<kWideLanes / 8>(keys_, first_pair, variable_, year_, out);
  }
#endif

 private:
  std::uint64_t seed_;
  std::uint32_t variable_;
  std::uint32_t year_;
#if defined(__AVX2__)
  PhiloxKeySchedule keys_;
#endif
};

}  // namespace goalpath::sample::detail

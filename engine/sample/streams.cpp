// Counter-based uniform and normal streams; the layout of key, counter and
// output words is documented in philox.hpp.
#include <algorithm>
#include <cstring>

#include "sample/philox.hpp"
#include "sample/sample.hpp"

namespace goalpath::sample {

void fill_uniforms(std::uint64_t seed, std::uint64_t first_path, std::uint32_t variable, std::uint32_t year,
                   std::span<double> out) {
  constexpr std::size_t kBlock = 2 * detail::kPhiloxLanes;
  std::size_t done = 0;
  std::uint64_t pair = first_path >> 1;
  // An odd first path starts halfway into its pair: produce the whole block
  // and keep the tail. Paths are always computed from their own counter, so
  // the numbers do not depend on where a call starts.
  std::size_t skip = static_cast<std::size_t>(first_path & 1u);
  alignas(64) double block[kBlock];
  const detail::PhiloxStream stream(seed, variable, year);
  while (done < out.size()) {
    const std::size_t want = out.size() - done;
#if defined(__AVX512F__) && defined(__AVX512DQ__)
    if (skip == 0 && want >= 2 * detail::PhiloxStream::kWideLanes) {
      stream.wide_block(pair, out.data() + done);
      done += 2 * detail::PhiloxStream::kWideLanes;
      pair += detail::PhiloxStream::kWideLanes;
      continue;
    }
#endif
    if (skip == 0 && want >= kBlock) {
      stream.block(pair, out.data() + done);
      done += kBlock;
    } else {
      stream.block(pair, block);
      const std::size_t take = std::min(want, kBlock - skip);
      std::memcpy(out.data() + done, block + skip, take * sizeof(double));
      done += take;
      skip = 0;
    }
    pair += detail::kPhiloxLanes;
  }
}

void fill_standard_normals(std::uint64_t seed, std::uint64_t first_path, std::uint32_t variable, std::uint32_t year,
                           std::span<double> out) {
  // Chunks small enough that the uniforms are still in L1 when Φ⁻¹ reads them.
  constexpr std::size_t kChunk = 512;
  for (std::size_t start = 0; start < out.size(); start += kChunk) {
    const std::span<double> chunk = out.subspan(start, std::min(kChunk, out.size() - start));
    fill_uniforms(seed, first_path + start, variable, year, chunk);
    inverse_normal_cdf(chunk, chunk);
  }
}

}  // namespace goalpath::sample

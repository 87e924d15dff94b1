// A memo of parameter draws for studies that run the same paths again and
// again (a sweep runs every point with the same seed and paths).
//
// Evaluator::draw_parameters maps each parameter's normal scores to its
// marginal. For a truncated normal, a triangular or a uniform that map is
// value by value (erfc, then a quantile) and dominates a short run: a
// 1,000-point sweep of the Shanghai baseline spent half its time there,
// recomputing, at every point, the draws of every parameter the point does
// not move. While a DrawCacheScope exists, the evaluator remembers each
// block's map per parameter and reuses it when the marginal's fields and the
// block's normal scores are bit for bit the same; so the numbers are exactly
// those computed afresh (a pure function of its inputs, looked up, never
// approximated). The memo holds at most kDrawCacheBytes (64 MB: every draw
// of a sweep at up to about 100,000 paths a point for a model the size of
// the Shanghai baseline; beyond that the first blocks are remembered and the
// rest computed) and is emptied when the last scope ends. It is not counted
// in monte_carlo_memory_bytes. Thread-safe; scopes may overlap.
#pragma once

#include <cstddef>

namespace goalpath::sim {

inline constexpr std::size_t kDrawCacheBytes = std::size_t{64} << 20;

class DrawCacheScope {
 public:
  DrawCacheScope();
  ~DrawCacheScope();
  DrawCacheScope(const DrawCacheScope&) = delete;
  DrawCacheScope& operator=(const DrawCacheScope&) = delete;
};

}  // namespace goalpath::sim

// Internal helpers of the SVG charts (charts.hpp): linear scales, tick
// choice, compact numbers. Not part of the report module's interface.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace goalpath::report::detail {

/// Maps [domain_low, domain_high] onto [range_low, range_high]; a zero-width
/// domain maps to the middle of the range.
struct LinearScale {
  double domain_low = 0, domain_high = 1, range_low = 0, range_high = 1;
  double operator()(double v) const;
};

/// About `count` round tick values (steps of 1, 2 or 5 × 10^k) covering
/// [low, high]; `step` receives the step so labels can choose their decimals.
std::vector<double> nice_ticks(double low, double high, int count, double* step = nullptr);

/// A tick label with as many decimals as `step` needs ("0.25", "45,000").
std::string tick_label(double value, double step);

/// SVG coordinate text with one decimal ("12.3").
std::string coord(double v);

/// Shortens `text` to at most `max_columns` display columns (CJK counts two),
/// ending with "…" when cut.
std::string shorten(std::string_view text, std::size_t max_columns);

}  // namespace goalpath::report::detail

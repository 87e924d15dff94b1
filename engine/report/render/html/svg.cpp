// Scales, ticks and labels shared by the SVG charts.
#include <fmt/format.h>

#include <cmath>

#include "report/svg.hpp"

namespace goalpath::report::detail {

double LinearScale::operator()(double v) const {
  if (domain_high == domain_low) return (range_low + range_high) / 2;
  return range_low + (v - domain_low) / (domain_high - domain_low) * (range_high - range_low);
}

std::vector<double> nice_ticks(double low, double high, int count, double* step_out) {
  std::vector<double> ticks;
  if (!std::isfinite(low) || !std::isfinite(high) || count < 1) return ticks;
  if (high < low) std::swap(low, high);
  double span = high - low;
  if (span == 0) span = std::abs(low) > 0 ? std::abs(low) : 1;
  double raw = span / count;
  double magnitude = std::pow(10.0, std::floor(std::log10(raw)));
  double step = magnitude;
  for (double m : {1.0, 2.0, 5.0, 10.0}) {
    step = m * magnitude;
    if (step >= raw) break;
  }
  if (step_out) *step_out = step;
  // Index-based so that accumulated rounding never adds or drops a tick.
  double first = std::ceil(low / step - 1e-9);
  double last = std::floor(high / step + 1e-9);
  for (double k = first; k <= last; ++k) ticks.push_back(k * step == 0 ? 0.0 : k * step);
  return ticks;
}

std::string tick_label(double value, double step) {
  int decimals = step > 0 && step < 1 ? static_cast<int>(std::ceil(-std::log10(step) - 1e-9)) : 0;
  if (std::abs(value) >= 1e7 || (value != 0 && std::abs(value) < 1e-4)) return fmt::format("{:.2g}", value);
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (decimals > 0 || std::abs(value) < 10000) return text;
  // Thousands separators for whole numbers of five digits or more (45,000).
  bool negative = text.front() == '-';
  std::string digits = negative ? text.substr(1) : text;
  std::string grouped;
  for (std::size_t k = 0; k < digits.size(); ++k) {
    if (k > 0 && (digits.size() - k) % 3 == 0) grouped += ',';
    grouped += digits[k];
  }
  return negative ? "-" + grouped : grouped;
}

std::string coord(double v) { return fmt::format("{:.1f}", v); }

std::string shorten(std::string_view text, std::size_t max_columns) {
  if (max_columns < 2) max_columns = 2;
  std::size_t columns = 0, k = 0, cut = std::string_view::npos;
  while (k < text.size()) {
    unsigned char c = static_cast<unsigned char>(text[k]);
    std::size_t length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    std::size_t width = length >= 3 && c != 0xE2 ? 2 : 1;  // E2..: dashes, arrows, ≥ are narrow
    if (columns + width > max_columns - 1 && cut == std::string_view::npos) cut = k;  // room for the ellipsis
    if (columns + width > max_columns) return std::string(text.substr(0, cut)) + "…";
    columns += width;
    k += length;
  }
  return std::string(text);
}

}  // namespace goalpath::report::detail

// Shared formatting for people: numbers, percentages, format names.
#include <cmath>

#include <fmt/format.h>

#include "report/report.hpp"

namespace goalpath::report {

const char* to_string(Format format) {
  switch (format) {
    case Format::table: return "table";
    case Format::json: return "json";
    case Format::csv: return "csv";
    case Format::md: return "md";
    case Format::html: return "html";
  }
  return "?";
}

std::optional<Format> format_from_string(std::string_view text) {
  for (Format f : {Format::table, Format::json, Format::csv, Format::md, Format::html}) {
    if (text == to_string(f)) return f;
  }
  return std::nullopt;
}

std::string human_number(double value) {
  if (std::isnan(value)) return "—";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  double magnitude = std::abs(value);
  if (magnitude >= 1e9 || (magnitude > 0 && magnitude < 1e-4)) return fmt::format("{:.3e}", value);
  if (magnitude >= 1000) return fmt::format("{:.0f}", value);
  if (magnitude >= 10) return fmt::format("{:.1f}", value);
  if (magnitude >= 1) return fmt::format("{:.2f}", value);
  return fmt::format("{:.4f}", value);
}

std::string percent(double fraction, int decimals) {
  if (std::isnan(fraction)) return "—";
  return fmt::format("{:.{}f}%", 100.0 * fraction, decimals);
}

}  // namespace goalpath::report

// Scales, ticks, labels, legends and colours shared by the SVG charts.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/charts.hpp"
#include "report/svg.hpp"

namespace goalpath::report {

double without_noise(double value, double scale) {
  return std::abs(value) < 1e-12 * std::abs(scale) ? 0.0 : value;
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      case '\'': out += "&#39;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace goalpath::report

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

std::string group_thousands(std::string text) {
  std::size_t begin = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
  std::size_t end = text.find_first_not_of("0123456789", begin);
  if (end == std::string::npos) end = text.size();
  for (std::size_t k = end; k > begin + 3; k -= 3) text.insert(k - 3, ",");
  return text;
}

namespace {

/// Decimals a step needs, so every multiple of it reads exactly: 0.25 -> 2,
/// 0.5 -> 1, 5 -> 0 (at most 8).
int decimals_for(double step) {
  if (!(step > 0) || !std::isfinite(step)) return 0;
  int d = 0;
  while (d < 8) {
    const double shifted = step * std::pow(10.0, d);
    if (std::abs(shifted - std::round(shifted)) <= 1e-6 * std::max(1.0, shifted)) break;
    ++d;
  }
  return d;
}

std::string fixed(double value, int decimals) {
  if (!std::isfinite(value)) return "—";
  std::string text = fmt::format("{:.{}f}", value, decimals);
  if (text.find_first_not_of("-0.") == std::string::npos && text.front() == '-') text.erase(0, 1);  // "-0.0" -> "0.0"
  return group_thousands(text);
}

}  // namespace

std::string tick_label(double value, double step, bool percent) {
  if (percent) return fixed(value * 100, decimals_for(step * 100)) + "%";
  return fixed(value, decimals_for(step));
}

std::vector<std::string> tick_labels(const std::vector<double>& values, double step, bool percent) {
  if (step <= 0) {
    // The settings of a study axis: the fewest decimals (at most 6) with
    // which every value reads as itself, the same for all.
    int decimals = 0;
    for (double v : values) {
      if (!std::isfinite(v)) continue;
      double scaled = percent ? v * 100 : v;
      while (decimals < 6) {
        double shifted = scaled * std::pow(10.0, decimals);
        if (std::abs(shifted - std::round(shifted)) <= 1e-6 * std::max(1.0, std::abs(shifted))) break;
        ++decimals;
      }
    }
    step = std::pow(10.0, -decimals) / (percent ? 100 : 1);
  }
  std::vector<std::string> out;
  out.reserve(values.size());
  for (double v : values) out.push_back(tick_label(v, step, percent));
  return out;
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

namespace {

/// Width in em of the character starting at text[k]; `length` receives its bytes.
double char_em(std::string_view text, std::size_t k, std::size_t* length) {
  unsigned char c = static_cast<unsigned char>(text[k]);
  *length = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
  if (*length == 1) return c >= 'A' && c <= 'Z' ? 0.7 : c == ' ' ? 0.3 : c == 'm' || c == 'w' || c == 'W' ? 0.85 : 0.6;
  if (*length == 2) return 0.7;
  return 1.0;
}

}  // namespace

double text_width(std::string_view text, double font_size) {
  double em = 0;
  for (std::size_t k = 0, length = 1; k < text.size(); k += length) em += char_em(text, k, &length);
  return em * font_size;
}

std::string fit_text(std::string_view text, double max_width, double font_size) {
  if (max_width <= 0 || text_width(text, font_size) <= max_width) return std::string(text);
  const double room = max_width - font_size;  // the ellipsis
  double em = 0;
  std::size_t k = 0, length = 1;
  for (; k < text.size(); k += length) {
    double w = char_em(text, k, &length) * font_size;
    if (em + w > room) break;
    em += w;
  }
  return std::string(text.substr(0, k)) + "…";
}

std::string svg_text(double x, double y, std::string_view text, double font_size, const char* anchor, const char* fill,
                     double max_width, std::string_view extra) {
  std::string shown = fit_text(text, max_width, font_size);
  std::string title = shown.size() == text.size() ? "" : "<title>" + html_escape(text) + "</title>";
  return fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"{}\" font-size=\"{}\" fill=\"{}\"{}{}>{}{}</text>", coord(x),
                     coord(y), anchor, font_size, fill, extra.empty() ? "" : " ", extra, title, html_escape(shown));
}

namespace {

constexpr double kLegendFont = kSmallFont;
constexpr double kLegendRow = 20, kSymbol = 18, kSymbolGap = 5, kItemGap = 16;

double item_width(const LegendItem& item, double width) {
  return std::min(width, kSymbol + kSymbolGap + text_width(item.text, kLegendFont));
}

std::string symbol(const LegendItem& item, double x, double y) {
  const double mid = y - 4.5;  // the text's x-height middle
  const std::string c = item.colour.empty() ? kInk : item.colour;
  using S = LegendItem::Symbol;
  switch (item.symbol) {
    case S::swatch:
      return fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"11\" fill=\"{}\" fill-opacity=\"{}\"/>", coord(x),
                         coord(mid - 5.5), kSymbol, c, item.opacity);
    case S::hatched:
      return fmt::format("<rect x=\"{0}\" y=\"{1}\" width=\"{2}\" height=\"11\" fill=\"{3}\" fill-opacity=\"0.06\" "
                         "stroke=\"{3}\"/><path d=\"M{4} {1}v11M{5} {1}v11M{6} {1}v11\" stroke=\"{3}\"/>",
                         coord(x), coord(mid - 5.5), kSymbol, c, coord(x + 4.5), coord(x + 9), coord(x + 13.5));
    case S::line:
    case S::dashed:
      return fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"2.2\"{}/>", coord(x),
                         coord(x + kSymbol), coord(mid), coord(mid), c,
                         item.symbol == S::dashed ? " stroke-dasharray=\"5 3\"" : "");
    case S::dot:
      return fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"4\" fill=\"{}\"/>", coord(x + kSymbol / 2), coord(mid), c);
    case S::diamond:
      return fmt::format("<path d=\"M{} {}l6 6l-6 6l-6 -6z\" fill=\"{}\"/>", coord(x + kSymbol / 2), coord(mid - 6), c);
    case S::ring:
      return fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"5.5\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.5\"/>",
                         coord(x + kSymbol / 2), coord(mid), c);
  }
  return "";
}

}  // namespace

double legend_height(const std::vector<LegendItem>& items, double width) {
  if (items.empty()) return 0;
  double x = 0, rows = 1;
  for (const auto& item : items) {
    double w = item_width(item, width);
    if (x > 0 && x + w > width) ++rows, x = 0;
    x += w + kItemGap;
  }
  return rows * kLegendRow;
}

std::string svg_legend(const std::vector<LegendItem>& items, double x0, double y0, double width, double* height) {
  std::string out = "<g class=\"legend\">";
  double x = 0, y = y0;
  for (const auto& item : items) {
    double w = item_width(item, width);
    if (x > 0 && x + w > width) y += kLegendRow, x = 0;
    out += "<g class=\"legend-item\">" + symbol(item, x0 + x, y);
    out += svg_text(x0 + x + kSymbol + kSymbolGap, y, item.text, kLegendFont, "start", kInk, width - kSymbol - kSymbolGap);
    out += "</g>";
    x += w + kItemGap;
  }
  if (height) *height = items.empty() ? 0 : y - y0 + kLegendRow;
  return out + "</g>\n";
}

std::string viridis(double t) {
  // Nine samples of matplotlib's viridis, linearly interpolated.
  static const int stops[9][3] = {{68, 1, 84},    {71, 44, 122},  {59, 81, 139},   {44, 113, 142}, {33, 144, 141},
                                  {39, 173, 129}, {92, 200, 99},  {170, 220, 50}, {253, 231, 37}};
  if (!std::isfinite(t)) t = 0.5;
  t = std::clamp(t, 0.0, 1.0) * 8;
  int k = std::min(7, static_cast<int>(std::floor(t)));
  double u = t - k;
  int rgb[3];
  for (int c = 0; c < 3; ++c) rgb[c] = static_cast<int>(std::lround(stops[k][c] + u * (stops[k + 1][c] - stops[k][c])));
  return fmt::format("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]);
}

double luminance(const std::string& colour) {
  if (colour.size() != 7 || colour[0] != '#') return 1;
  double sum = 0;
  const double weights[3] = {0.2126, 0.7152, 0.0722};
  for (int c = 0; c < 3; ++c) {
    double v = std::stoi(colour.substr(1 + 2 * c, 2), nullptr, 16) / 255.0;
    v = v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4);
    sum += weights[c] * v;
  }
  return sum;
}

}  // namespace goalpath::report::detail

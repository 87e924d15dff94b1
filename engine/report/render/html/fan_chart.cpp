// Fan chart: an indicator's projection with its Monte Carlo bands.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "report/charts.hpp"
#include "report/report.hpp"
#include "report/svg.hpp"

namespace goalpath::report {

namespace {

using detail::coord;

// 560 units wide: two charts side by side on a desktop, one per row on a phone,
// with tick labels that stay readable in both.
constexpr double kWidth = 560, kHeight = 300;
constexpr double kLeft = 62, kRight = 14, kTop = 18, kBottom = 34;

/// Index ranges [first, last] where every given vector is finite, so NaNs
/// (paths that divided by zero) leave gaps instead of bogus lines.
std::vector<std::pair<std::size_t, std::size_t>> finite_runs(std::size_t n,
                                                              std::initializer_list<const std::vector<double>*> of) {
  std::vector<std::pair<std::size_t, std::size_t>> runs;
  std::size_t start = n;
  for (std::size_t k = 0; k <= n; ++k) {
    bool ok = k < n;
    for (const auto* v : of) ok = ok && k < v->size() && std::isfinite((*v)[k]);
    if (ok && start == n) start = k;
    if (!ok && start != n) {
      runs.emplace_back(start, k - 1);
      start = n;
    }
  }
  return runs;
}

struct Frame {
  detail::LinearScale x, y;
};

std::string band(const FanSeries& s, const std::vector<double>& low, const std::vector<double>& high,
                 const Frame& f, double opacity, const char* what) {
  std::string out;
  std::size_t n = std::min(s.years.size(), std::min(low.size(), high.size()));
  for (auto [a, b] : finite_runs(n, {&low, &high})) {
    std::string points;
    for (std::size_t k = a; k <= b; ++k) points += coord(f.x(s.years[k])) + "," + coord(f.y(high[k])) + " ";
    for (std::size_t k = b + 1; k-- > a;) points += coord(f.x(s.years[k])) + "," + coord(f.y(low[k])) + " ";
    points.pop_back();
    out += fmt::format("<polygon class=\"band\" points=\"{}\" fill=\"{}\" fill-opacity=\"{}\" stroke=\"none\"><title>{}{}</title></polygon>\n",
                       points, s.colour, opacity, s.name.empty() ? "" : html_escape(s.name) + ": ", what);
  }
  return out;
}

std::string line(const FanSeries& s, const Frame& f) {
  std::string out;
  std::size_t n = std::min(s.years.size(), s.line.size());
  for (auto [a, b] : finite_runs(n, {&s.line})) {
    if (a == b) {
      out += fmt::format("<circle cx=\"{}\" cy=\"{}\" r=\"2.5\" fill=\"{}\"/>\n", coord(f.x(s.years[a])),
                         coord(f.y(s.line[a])), s.colour);
      continue;
    }
    std::string points;
    for (std::size_t k = a; k <= b; ++k) points += coord(f.x(s.years[k])) + "," + coord(f.y(s.line[k])) + " ";
    points.pop_back();
    out += fmt::format("<polyline class=\"projection\" points=\"{}\" fill=\"none\" stroke=\"{}\" stroke-width=\"2.2\" "
                       "stroke-linejoin=\"round\"/>\n",
                       points, s.colour);
  }
  return out;
}

std::string axes(const Frame& f, int first_year, int last_year, double low, double high, const std::string& unit) {
  std::string out;
  double step = 1;
  for (double value : detail::nice_ticks(low, high, 5, &step)) {
    double y = f.y(value);
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#d1d9e0\" stroke-width=\"1\"/>"
                       "<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"13\" fill=\"#59636e\">{}</text>\n",
                       coord(kLeft), coord(kWidth - kRight), coord(y), coord(y), coord(kLeft - 6), coord(y + 4),
                       detail::tick_label(value, step));
  }
  int span = last_year - first_year;
  int year_step = span <= 10 ? 1 : span <= 20 ? 2 : span <= 50 ? 5 : 10;
  for (int year = first_year; year <= last_year; year += year_step) {
    double x = f.x(year);
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#8c959f\"/>"
                       "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"13\" fill=\"#59636e\">{}</text>\n",
                       coord(x), coord(x), coord(kHeight - kBottom), coord(kHeight - kBottom + 5), coord(x),
                       coord(kHeight - kBottom + 19), year);
  }
  out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#8c959f\"/>\n", coord(kLeft),
                     coord(kWidth - kRight), coord(kHeight - kBottom), coord(kHeight - kBottom));
  if (!unit.empty()) {
    out += fmt::format("<text x=\"4\" y=\"{}\" font-size=\"13\" fill=\"#59636e\">{}</text>\n", coord(kTop - 5),
                       html_escape(unit));
  }
  return out;
}

std::string marker(const ThresholdMarker& m, const Frame& f) {
  const char* colour = "#6639ba";
  double x = f.x(m.last_year), y = f.y(m.value);
  std::string out = "<g class=\"threshold\">";
  out += "<title>" + html_escape(m.label) + "</title>";
  if (m.first_year < m.last_year) {
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"{}\" stroke-width=\"1.5\" "
                       "stroke-dasharray=\"5 4\"/>",
                       coord(f.x(m.first_year)), coord(x), coord(y), coord(y), colour);
  }
  out += fmt::format("<path d=\"M{} {}l6 6l-6 6l-6 -6z\" fill=\"{}\" stroke=\"#fff\" stroke-width=\"1\"/>", coord(x),
                     coord(y - 6), colour);
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\" fill=\"{}\">{}</text>",
                     coord(x - 8), coord(y - 8), colour, html_escape(detail::shorten(m.label, 32)));
  return out + "</g>\n";
}

}  // namespace

std::string svg_fan_chart(const FanChartData& d) {
  int first_year = std::numeric_limits<int>::max(), last_year = std::numeric_limits<int>::min();
  double low = std::numeric_limits<double>::infinity(), high = -low;
  auto take = [&](double v) {
    if (std::isfinite(v)) low = std::min(low, v), high = std::max(high, v);
  };
  for (const auto& s : d.series) {
    for (int year : s.years) first_year = std::min(first_year, year), last_year = std::max(last_year, year);
    for (const auto* v : {&s.line, &s.p05, &s.p95, &s.p25, &s.p75}) {
      for (double x : *v) take(x);
    }
  }
  for (const auto& [year, value] : d.history) {
    first_year = std::min(first_year, year), last_year = std::max(last_year, year);
    take(value);
  }
  for (const auto& m : d.thresholds) take(m.value);

  std::string out = fmt::format("<svg class=\"fan-chart\" data-indicator=\"{}\" data-series=\"{}\" viewBox=\"0 0 {} {}\" "
                                "role=\"img\">\n<title>{}</title>\n",
                                html_escape(d.indicator), d.series.size(), kWidth, kHeight,
                                html_escape(d.title.empty() ? d.indicator : d.title));
  if (first_year > last_year || !(low <= high)) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"14\" fill=\"#59636e\">no finite "
                       "values to draw</text>\n</svg>\n",
                       kWidth / 2, kHeight / 2);
    return out;
  }
  double pad = (high - low) * 0.06;
  if (pad == 0) pad = std::abs(high) > 0 ? std::abs(high) * 0.1 : 1;
  low -= pad, high += pad;
  // A sliver of a year on each side keeps the first and last points off the frame.
  Frame f{{first_year - 0.15, last_year + 0.15, kLeft + 4, kWidth - kRight - 4}, {low, high, kHeight - kBottom, kTop}};
  out += axes(f, first_year, last_year, low, high, d.unit);
  for (const auto& s : d.series) {
    out += band(s, s.p05, s.p95, f, 0.16, "p05–p95");
    out += band(s, s.p25, s.p75, f, 0.30, "p25–p75");
  }
  for (const auto& s : d.series) out += line(s, f);
  for (const auto& [year, value] : d.history) {
    if (!std::isfinite(value)) continue;
    out += fmt::format("<circle class=\"observed\" cx=\"{}\" cy=\"{}\" r=\"3.5\" fill=\"#1f2328\" stroke=\"#fff\" "
                       "stroke-width=\"1\"><title>{} observed: {}</title></circle>\n",
                       coord(f.x(year)), coord(f.y(value)), year, human_number(value));
  }
  for (const auto& m : d.thresholds) out += marker(m, f);
  if (d.series.size() > 1) {
    double x = kLeft + 10;
    for (const auto& s : d.series) {
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"12\" height=\"4\" fill=\"{}\"/><text x=\"{}\" y=\"{}\" "
                         "font-size=\"12\" fill=\"#1f2328\">{}</text>\n",
                         coord(x), coord(kTop + 4), s.colour, coord(x + 16), coord(kTop + 10), html_escape(s.name));
      x += 28 + 7.0 * static_cast<double>(std::min<std::size_t>(s.name.size(), 30));
    }
  }
  return out + "</svg>\n";
}

}  // namespace goalpath::report

// `goalpath sensitivity --format html`: per target, tornado bars, Sobol
// S1/ST bars with their intervals, or the Morris μ*-σ plane, and the table.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "report/text.hpp"
#include "report/charts.hpp"
#include "report/html_parts.hpp"
#include "report/sensitivity.hpp"
#include "report/svg.hpp"
#include "report/study.hpp"

namespace goalpath::report {

namespace {

using analysis::SensitivityMethod;
using detail::coord;

constexpr double kWidth = 720;

std::string tornado_chart(const analysis::SensitivityResult& r) {
  TornadoData d;
  d.title = "Tornado: " + r.target;
  d.unit = r.unit;
  d.target = r.target;
  d.baseline = r.baseline;
  for (const auto& p : r.parameters) d.bars.push_back({p.name, p.low, p.high, p.output_low, p.output_high});
  return svg_tornado(d);
}

/// Two bars per parameter, S1 (light) and ST (dark), each with its 95% interval.
std::string sobol_chart(const analysis::SensitivityResult& r) {
  const double row = 34, top = 24, x0 = 210, x1 = 660;
  double high = 1;
  for (const auto& p : r.parameters) {
    if (std::isfinite(p.ST + p.ST_conf)) high = std::max(high, p.ST + p.ST_conf);
  }
  const detail::LinearScale x{0, high, x0, x1};
  const double bottom = top + row * static_cast<double>(r.parameters.size());
  std::string out = fmt::format("<svg class=\"sobol-bars\" data-target=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">\n"
                                "<title>Sobol indices: {}</title>\n",
                                html_escape(r.target), kWidth, coord(bottom + 34), html_escape(r.target));
  double step = 0.25;
  for (double v : detail::nice_ticks(0, high, 5, &step)) {
    if (v > high + 1e-12) continue;
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#eaeef2\"/><text x=\"{}\" y=\"{}\" "
                       "text-anchor=\"middle\" font-size=\"11\" fill=\"#59636e\">{}</text>\n",
                       coord(x(v)), coord(x(v)), coord(top), coord(bottom), coord(x(v)), coord(bottom + 14),
                       detail::tick_label(v, step));
  }
  for (std::size_t k = 0; k < r.parameters.size(); ++k) {
    const auto& p = r.parameters[k];
    const double y = top + row * static_cast<double>(k);
    out += fmt::format("<g class=\"sobol-bar\" data-parameter=\"{}\"><title>{}: S1 {:.3f} ± {:.3f}, ST {:.3f} ± {:.3f}</title>",
                       html_escape(p.name), html_escape(p.name), p.S1, p.S1_conf, p.ST, p.ST_conf);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\" fill=\"#1f2328\">{}</text>",
                       coord(x0 - 8), coord(y + 20), html_escape(detail::shorten(p.name, 28)));
    const struct { double value, conf, offset; const char* colour; } bars[2] = {{p.S1, p.S1_conf, 4, "#9ec5fe"},
                                                                                {p.ST, p.ST_conf, 17, "#0550ae"}};
    for (const auto& b : bars) {
      if (!std::isfinite(b.value)) continue;
      const double end = x(std::clamp(b.value, 0.0, high));
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"12\" fill=\"{}\"/>", coord(x0), coord(y + b.offset),
                         coord(std::max(0.0, end - x0)), b.colour);
      if (std::isfinite(b.conf) && b.conf > 0) {
        out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#1f2328\"/>",
                           coord(x(std::clamp(b.value - b.conf, 0.0, high))), coord(x(std::clamp(b.value + b.conf, 0.0, high))),
                           coord(y + b.offset + 6), coord(y + b.offset + 6));
      }
    }
    out += "</g>\n";
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#59636e\">light: S1 (alone); dark: ST (with "
                     "interactions); whiskers: 95% bootstrap intervals</text>\n",
                     coord(x0), coord(bottom + 30));
  return out + "</svg>\n";
}

/// One bar per parameter: its Shapley share of the variance with its 95% interval.
std::string shapley_chart(const analysis::SensitivityResult& r) {
  const double row = 26, top = 24, x0 = 210, x1 = 660;
  double high = 0.25;
  for (const auto& p : r.parameters) {
    if (std::isfinite(p.shapley + p.shapley_conf)) high = std::max(high, p.shapley + p.shapley_conf);
  }
  high = std::min(high, 1.0);
  const detail::LinearScale x{0, high, x0, x1};
  const double bottom = top + row * static_cast<double>(r.parameters.size());
  std::string out = fmt::format("<svg class=\"shapley-bars\" data-target=\"{}\" viewBox=\"0 0 {} {}\" role=\"img\">\n"
                                "<title>Shapley effects: {}</title>\n",
                                html_escape(r.target), kWidth, coord(bottom + 34), html_escape(r.target));
  double step = 0.25;
  for (double v : detail::nice_ticks(0, high, 5, &step)) {
    if (v > high + 1e-12) continue;
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#eaeef2\"/><text x=\"{}\" y=\"{}\" "
                       "text-anchor=\"middle\" font-size=\"11\" fill=\"#59636e\">{}</text>\n",
                       coord(x(v)), coord(x(v)), coord(top), coord(bottom), coord(x(v)), coord(bottom + 14),
                       detail::tick_label(v, step));
  }
  for (std::size_t k = 0; k < r.parameters.size(); ++k) {
    const auto& p = r.parameters[k];
    const double y = top + row * static_cast<double>(k);
    out += fmt::format("<g class=\"shapley-bar\" data-parameter=\"{}\"><title>{}: Shapley {:.3f} ± {:.3f}</title>",
                       html_escape(p.name), html_escape(p.name), p.shapley, p.shapley_conf);
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\" fill=\"#1f2328\">{}</text>",
                       coord(x0 - 8), coord(y + 16), html_escape(detail::shorten(p.name, 28)));
    if (std::isfinite(p.shapley)) {
      const double end = x(std::clamp(p.shapley, 0.0, high));
      out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"#0550ae\"/>", coord(x0),
                         coord(y + 4), coord(std::max(0.0, end - x0)));
      if (std::isfinite(p.shapley_conf) && p.shapley_conf > 0) {
        out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#1f2328\"/>",
                           coord(x(std::clamp(p.shapley - p.shapley_conf, 0.0, high))),
                           coord(x(std::clamp(p.shapley + p.shapley_conf, 0.0, high))), coord(y + 11), coord(y + 11));
      }
    }
    out += "</g>\n";
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#59636e\">share of the output's variance, "
                     "correlations included (the shares sum to 1); whiskers: 95% intervals</text>\n",
                     coord(x0), coord(bottom + 30));
  return out + "</svg>\n";
}

/// Morris's plane: μ* across, σ up, a dashed σ = μ* line (above it the
/// parameter acts mostly through interactions or curvature).
std::string morris_chart(const analysis::SensitivityResult& r) {
  const double left = 70, right = 690, top = 24, bottom = 250;
  double high_x = 0, high_y = 0;
  for (const auto& p : r.parameters) {
    if (std::isfinite(p.mu_star)) high_x = std::max(high_x, p.mu_star);
    if (std::isfinite(p.sigma)) high_y = std::max(high_y, p.sigma);
  }
  const double high = std::max({high_x, high_y, 1e-300}) * 1.08;
  const detail::LinearScale x{0, high, left, right}, y{0, high, bottom, top};
  std::string out = fmt::format("<svg class=\"morris-plane\" data-target=\"{}\" viewBox=\"0 0 {} 310\" role=\"img\">\n"
                                "<title>Morris μ* and σ: {}</title>\n",
                                html_escape(r.target), kWidth, html_escape(r.target));
  double step = 1;
  for (double v : detail::nice_ticks(0, high, 5, &step)) {
    if (v > high) continue;
    out += fmt::format("<line x1=\"{}\" x2=\"{}\" y1=\"{}\" y2=\"{}\" stroke=\"#eaeef2\"/><text x=\"{}\" y=\"{}\" "
                       "text-anchor=\"end\" font-size=\"11\" fill=\"#59636e\">{}</text>\n"
                       "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"11\" fill=\"#59636e\">{}</text>\n",
                       coord(left), coord(right), coord(y(v)), coord(y(v)), coord(left - 6), coord(y(v) + 4),
                       detail::tick_label(v, step), coord(x(v)), coord(bottom + 16), detail::tick_label(v, step));
  }
  out += fmt::format("<line class=\"reference\" x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"#59636e\" "
                     "stroke-dasharray=\"5 3\"/>\n",
                     coord(x(0)), coord(y(0)), coord(x(high)), coord(y(high)));
  // Parameters without effect all sit at the origin, where their labels
  // would pile up; they are named once instead.
  std::string idle;
  for (const auto& p : r.parameters) {
    if (!std::isfinite(p.mu_star) || !std::isfinite(p.sigma)) continue;
    if (p.mu_star == 0 && p.sigma == 0) {
      idle += (idle.empty() ? "" : ", ") + p.name;
      continue;
    }
    out += fmt::format("<g class=\"morris-point\" data-parameter=\"{}\"><title>{}: μ* {}, σ {}</title><circle cx=\"{}\" "
                       "cy=\"{}\" r=\"4\" fill=\"#0550ae\"/><text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#1f2328\">{}</text></g>\n",
                       html_escape(p.name), html_escape(p.name), human_number(p.mu_star), human_number(p.sigma),
                       coord(x(p.mu_star)), coord(y(p.sigma)), coord(x(p.mu_star) + 6), coord(y(p.sigma) - 5),
                       html_escape(detail::shorten(p.name, 24)));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"middle\" font-size=\"12\" fill=\"#1f2328\">μ* (mean "
                     "absolute effect{})</text>\n",
                     coord((left + right) / 2), coord(bottom + 36), r.unit.empty() ? "" : ", " + html_escape(r.unit));
  out += fmt::format("<text x=\"4\" y=\"{}\" font-size=\"12\" fill=\"#1f2328\">σ (spread of effects); dashed: σ = μ*</text>\n",
                     coord(top - 10));
  if (!idle.empty()) {
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#59636e\">no effect (at 0, 0): {}</text>\n",
                       coord(left), coord(bottom + 52), html_escape(detail::shorten(idle, 110)));
  }
  return out + "</svg>\n";
}

std::string table(const analysis::SensitivityReport& rep, const analysis::SensitivityResult& r) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header;
  auto code = [](const std::string& name) { return "<code>" + html_escape(name) + "</code>"; };
  auto idx = [](double v, double c) { return std::isfinite(v) ? fmt::format("{:.3f} ± {:.3f}", v, c) : std::string("—"); };
  switch (rep.method) {
    case SensitivityMethod::tornado:
      header = {"parameter", "low", "high", "output at low", "output at high", "swing"};
      for (const auto& p : r.parameters) {
        rows.push_back({code(p.name), human_number(p.low), human_number(p.high), human_number(p.output_low),
                        human_number(p.output_high), human_number(p.swing)});
      }
      break;
    case SensitivityMethod::morris:
      header = {"parameter", "μ*", "μ", "σ", "distribution"};
      for (const auto& p : r.parameters) {
        rows.push_back({code(p.name), human_number(p.mu_star), human_number(p.mu), human_number(p.sigma),
                        html_escape(p.distribution)});
      }
      break;
    case SensitivityMethod::sobol:
      header = {"parameter", "S1", "ST", "distribution"};
      for (const auto& p : r.parameters) {
        rows.push_back({code(p.name), idx(p.S1, p.S1_conf), idx(p.ST, p.ST_conf), html_escape(p.distribution)});
      }
      break;
    case SensitivityMethod::shapley:
      header = {"parameter", "Shapley share", "distribution"};
      for (const auto& p : r.parameters) {
        rows.push_back({code(p.name), idx(p.shapley, p.shapley_conf), html_escape(p.distribution)});
      }
      break;
  }
  std::vector<bool> numeric(header.size(), true);
  numeric.front() = false;
  if (rep.method != SensitivityMethod::tornado) numeric.back() = false;
  return detail::html_table(header, rows, numeric, "sensitivity");
}

}  // namespace

std::string sensitivity_html(const analysis::SensitivityReport& rep) {
  const std::string name = rep.info.title.empty() ? rep.info.scenario_id : rep.info.title;
  const char* method = analysis::to_string(rep.method);
  std::string body = "<header>\n<h1>" + html_escape("Sensitivity (" + std::string(method) + "): " + name) + "</h1>\n";
  body += fmt::format("<p>Metric: {}. {} model runs; shocks {}; seed {}.</p>\n</header>\n",
                      rep.metric == analysis::Metric::met ? "whether the target is met (1 or 0)" : "the target's value",
                      rep.evaluations, rep.with_shocks ? "drawn, common to the points compared" : "at 0", rep.info.seed);
  if (!rep.warning.empty()) body += "<ul class=\"warnings\"><li>" + html_escape(rep.warning) + "</li></ul>\n";
  for (const auto& r : rep.results) {
    body += fmt::format("<section class=\"sensitivity\" data-target=\"{}\">\n<h2>{}</h2>\n<p class=\"muted\"><code>{}</code> {}</p>\n",
                        html_escape(r.target), html_escape(r.label.empty() ? r.target : r.label), html_escape(r.target),
                        html_escape(detail::ask_text(r.ask, r.unit)));
    if (!r.warning.empty()) body += "<ul class=\"warnings\"><li>" + html_escape(r.warning) + "</li></ul>\n";
    switch (rep.method) {
      case SensitivityMethod::tornado: body += tornado_chart(r); break;
      case SensitivityMethod::morris: body += morris_chart(r); break;
      case SensitivityMethod::sobol: body += sobol_chart(r); break;
      case SensitivityMethod::shapley: body += shapley_chart(r); break;
    }
    body += table(rep, r) + "</section>\n";
  }
  std::vector<std::pair<std::string, std::string>> extra = {
      {"method", method}, {"metric", analysis::to_string(rep.metric)}, {"samples", std::to_string(rep.samples)}};
  body += detail::study_repro_box(rep.info, extra);
  return html_page("Sensitivity: " + name + " — goalpath", body);
}

}  // namespace goalpath::report

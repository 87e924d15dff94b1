// Pieces shared by the HTML writers of run and compare.
#include "report/html_parts.hpp"

#include <fmt/format.h>

#include <cmath>

#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report::detail {

FanSeries fan_series(const analysis::RunResult& run, const analysis::IndicatorResult& indicator, std::string name,
                     std::string colour) {
  FanSeries s;
  s.name = std::move(name);
  s.colour = std::move(colour);
  s.years = run.years;
  s.line = indicator.deterministic;
  s.p05 = indicator.p05;
  s.p25 = indicator.p25;
  s.p75 = indicator.p75;
  s.p95 = indicator.p95;
  return s;
}

std::vector<ThresholdMarker> threshold_markers(const analysis::RunResult& run, const std::string& indicator) {
  std::vector<ThresholdMarker> out;
  for (const auto& t : run.targets) {
    if (t.subject != indicator) continue;
    ThresholdMarker m;
    m.first_year = t.ask.first_year;
    m.last_year = t.ask.last_year;
    if (t.ask.is_cagr()) {
      // The level in the last year that the growth target implies from the deterministic first-year level.
      std::size_t first = static_cast<std::size_t>(m.first_year - (run.years.empty() ? 0 : run.years.front()));
      if (first >= t.series.size() || !(t.series[first] > 0)) continue;
      m.value = t.series[first] * std::pow(1 + t.ask.threshold, m.last_year - m.first_year);
      m.first_year = m.last_year;  // a single point: the path between is not part of the target
      m.label = t.id + ": " + detail::ask_text(t.ask);
    } else {
      m.value = t.ask.threshold;
      m.label = t.id + " " + detail::ask_text(t.ask);
    }
    out.push_back(std::move(m));
  }
  return out;
}

std::string repro_box(const analysis::RunResult& r, std::string_view heading) {
  const analysis::RunSettings& s = r.settings;
  auto item = [](std::string_view name, const std::string& value, bool mono = false) {
    return fmt::format("<dt>{}</dt><dd{}>{}</dd>\n", name, mono ? " class=\"mono\"" : "", html_escape(value));
  };
  std::string out = "<section class=\"repro\">\n<h3>" + html_escape(heading) + "</h3>\n<dl>\n";
  out += item("engine", "goalpath " + s.engine_version);
  out += item("scenario", r.scenario_id);
  out += item("file", s.scenario_file, true);
  out += item("sha256", s.scenario_sha256.empty() ? "—" : s.scenario_sha256, true);
  for (std::size_t k = 1; k < s.scenario_files.size(); ++k) {
    out += item("extends", s.scenario_files[k].first, true);
    out += item("sha256", s.scenario_files[k].second.empty() ? "—" : s.scenario_files[k].second, true);
  }
  if (!s.merged_sha256.empty()) out += item("merged sha256", s.merged_sha256, true);
  out += item("seed", std::to_string(s.seed));
  out += item("paths", s.deterministic ? "deterministic (no Monte Carlo)" : std::to_string(s.paths));
  out += item("threads", std::to_string(s.threads));
  out += item("command", s.command_line, true);
  out += "</dl>\n<p class=\"muted\">The same file, seed and paths give the same numbers whatever the number of "
         "threads.</p>\n</section>\n";
  return out;
}

std::string status_chip(analysis::Status status) {
  const char* code = analysis::to_string(status);
  return fmt::format("<span class=\"status {}\">{}</span>", code, words(code));
}

std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& numeric, std::string_view css_class) {
  auto cls = [&](std::size_t c) { return c < numeric.size() && numeric[c] ? " class=\"num\"" : ""; };
  std::string out = fmt::format("<div class=\"table-wrap\"><table class=\"{}\">\n<thead><tr>", css_class);
  for (std::size_t c = 0; c < header.size(); ++c) out += fmt::format("<th{}>{}</th>", cls(c), html_escape(header[c]));
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) out += fmt::format("<td{}>{}</td>", cls(c), row[c]);
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

}  // namespace goalpath::report::detail

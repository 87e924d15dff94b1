// `goalpath run` as a terminal table: one row per target.
#include <fmt/format.h>

#include <algorithm>

#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

std::string pad(const std::string& text, std::size_t width, bool right = false) {
  std::size_t w = detail::display_width(text);
  std::string fill(width > w ? width - w : 0, ' ');
  return right ? fill + text : text + fill;
}

const char* colour_of(analysis::Status s) {
  switch (s) {
    case analysis::Status::on_track: return "\033[32m";
    case analysis::Status::at_risk: return "\033[33m";
    case analysis::Status::off_track: return "\033[31m";
  }
  return "";
}

std::string measure_of(const analysis::TargetResult& t) { return detail::ask_text(t.ask, "", detail::AskWords::ascii); }

}  // namespace

std::string run_table(const analysis::RunResult& r, const TableStyle& style) {
  std::string out;
  out += fmt::format("{} ({}){}\n", r.title.empty() ? r.scenario_id : r.title, r.scenario_id,
                     r.title_inherited ? " — title inherited from the scenario it extends" : "");
  if (r.settings.deterministic) {
    out += fmt::format("deterministic projection, years {}–{}\n\n", r.years.front(), r.years.back());
  } else {
    out += fmt::format("{} paths, seed {}, years {}–{}\n\n", r.settings.paths, r.settings.seed, r.years.front(),
                       r.years.back());
  }
  const bool mc = !r.settings.deterministic;
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> header = {"target", "measure", "projected", "met"};
  if (mc) {
    for (const char* h : {"p05–p95", "P(met)", "± se"}) header.push_back(h);
  }
  for (const char* h : {"need/yr", "get/yr", "status", "progress"}) header.push_back(h);
  rows.push_back(header);
  for (const auto& t : r.targets) {
    std::vector<std::string> row = {t.id, measure_of(t), human_number(t.deterministic_value), t.deterministic_met ? "yes" : "no"};
    if (mc) {
      row.push_back(t.quantiles ? human_number(t.quantiles->p05) + " – " + human_number(t.quantiles->p95) : "—");
      row.push_back(t.probability ? detail::marked(r, percent(*t.probability)) : "—");
      row.push_back(t.probability_se ? percent(*t.probability_se, 2) : "—");
    }
    row.push_back(percent(t.required_cagr));
    row.push_back(percent(t.projected_cagr));
    row.push_back(analysis::to_string(t.status));
    row.push_back(analysis::to_string(t.progress.progress_class));
    rows.push_back(row);
  }
  std::vector<std::size_t> widths(header.size(), 0);
  for (const auto& row : rows) {
    for (std::size_t c = 0; c < row.size(); ++c) widths[c] = std::max(widths[c], detail::display_width(row[c]));
  }
  const std::size_t status_column = header.size() - 2;
  for (std::size_t k = 0; k < rows.size(); ++k) {
    std::string line;
    for (std::size_t c = 0; c < rows[k].size(); ++c) {
      bool numeric = c >= 2 && c != status_column && c != status_column + 1;
      std::string cell = pad(rows[k][c], widths[c], numeric && k > 0);
      if (style.color && k > 0 && c == status_column) {
        cell = colour_of(r.targets[k - 1].status) + cell + "\033[0m";
      }
      line += (c ? "  " : "") + cell;
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out += line + "\n";
  }
  out += detail::calibration_footnote(r) + "\n";
  if (r.joint_probability) {
    out += fmt::format("\nall targets met together: {} (± {})\n", percent(*r.joint_probability),
                       percent(*r.joint_probability_se, 2));
  }
  if (std::string warning = detail::nonfinite_warning(r); !warning.empty()) out += "\nwarning: " + warning + "\n";
  if (!r.warnings.empty()) out += "\n";
  for (const auto& warning : r.warnings) out += "warning: " + warning + "\n";
  out += "\nneed/yr: growth a year from the base year that would just meet the target (every_year: in every year "
         "of its window); get/yr: what the projection gives.\n";
  return out;
}

std::string run_report(const analysis::RunResult& result, Format format, const TableStyle& style) {
  switch (format) {
    case Format::table: return run_table(result, style);
    case Format::json: return run_to_json(result).dump(2) + "\n";
    case Format::csv: return run_csv(result);
    case Format::md: return run_markdown(result);
    case Format::html: return run_html(result);
  }
  throw std::invalid_argument(std::string("unknown report format ") + to_string(format));
}

}  // namespace goalpath::report

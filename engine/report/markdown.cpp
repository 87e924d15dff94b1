// `goalpath run --format md`: a summary to paste into a briefing, an issue or
// a wiki page. GitHub-flavoured Markdown tables; every piece of scenario
// text is escaped so a label cannot break a table or turn into markup.
#include <fmt/format.h>

#include <cmath>

#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using detail::md_code;
using detail::md_escape;

std::string targets_table(const analysis::RunResult& r) {
  const bool mc = !r.settings.deterministic;
  std::vector<std::string> header = {"target", "measure", "projected"};
  if (mc) header.insert(header.end(), {"p05–p95", "P(met)"});
  header.insert(header.end(), {"need/yr", "get/yr", "status", "progress"});
  std::vector<std::vector<std::string>> rows;
  for (const auto& t : r.targets) {
    std::vector<std::string> row = {t.label.empty() ? t.id : t.label + " (" + t.id + ")", detail::ask_text(t.ask, "", detail::AskWords::with_years),
                                    human_number(t.deterministic_value) + (t.deterministic_met ? " (met)" : " (not met)")};
    if (mc) {
      row.push_back(t.quantiles ? human_number(t.quantiles->p05) + " – " + human_number(t.quantiles->p95) : "—");
      row.push_back(detail::marked(r, detail::probability_text(t)));
    }
    row.insert(row.end(), {percent(t.required_cagr), percent(t.projected_cagr), detail::words(analysis::to_string(t.status)),
                           detail::words(analysis::to_string(t.progress.progress_class))});
    rows.push_back(std::move(row));
  }
  std::vector<bool> numeric(header.size(), false);
  for (std::size_t c = 2; c + 2 < header.size(); ++c) numeric[c] = true;
  return detail::md_table(header, rows, numeric);
}

std::string indicators_table(const analysis::RunResult& r) {
  const bool mc = !r.settings.deterministic;
  std::vector<std::string> header = {"indicator", "unit", "projected"};
  if (mc) header.insert(header.end(), {"p05", "p50", "p95"});
  std::vector<std::vector<std::string>> rows;
  for (const auto& i : r.indicators) {
    if (i.deterministic.empty()) continue;
    std::vector<std::string> row = {i.label.empty() ? i.name : i.label + " (" + i.name + ")", i.unit,
                                    human_number(i.deterministic.back())};
    if (mc) {
      for (const auto* v : {&i.p05, &i.p50, &i.p95}) row.push_back(v->empty() ? "—" : human_number(v->back()));
    }
    rows.push_back(std::move(row));
  }
  std::vector<bool> numeric(header.size(), true);
  numeric[0] = numeric[1] = false;
  return detail::md_table(header, rows, numeric);
}

std::string assumptions_table(const analysis::RunResult& r) {
  std::vector<std::vector<std::string>> rows;
  for (const auto& p : r.parameters) {
    std::string range = p.distribution == "fixed" ? "—" : human_number(p.p10) + " – " + human_number(p.p90);
    rows.push_back({p.name, human_number(p.value), p.distribution, range, p.source});
  }
  return detail::md_table({"parameter", "value", "distribution", "p10–p90", "source"}, rows,
                          {false, true, false, true, false});
}

}  // namespace

std::string run_markdown(const analysis::RunResult& r) {
  std::string out = "# " + md_escape(r.title.empty() ? r.scenario_id : r.title) + "\n\n";
  out += md_code(r.scenario_id) + " — " + md_escape(detail::settings_line(r)) + " — goalpath " +
         md_escape(r.settings.engine_version) + "\n\n";
  if (!r.description.empty()) out += md_escape(r.description) + "\n\n";
  if (r.title_inherited || r.description_inherited) {
    out += std::string("*The ") + (r.title_inherited && r.description_inherited ? "title and description are"
                                   : r.title_inherited                         ? "title is"
                                                                               : "description is") +
           " inherited from the scenario this one extends.*\n\n";
  }

  out += "## Targets\n\n" + targets_table(r) + "\n" + md_escape(detail::calibration_footnote(r)) + "\n\n";
  if (r.joint_probability) {
    out += fmt::format("All targets met on the same path: {} ± {}.\n\n", percent(*r.joint_probability),
                       percent(r.joint_probability_se.value_or(std::nan("")), 2));
  }
  out += "need/yr: growth a year from the base year that would just meet the target (every_year: in every year of its window); get/yr: what the "
         "projection gives. ";
  out += r.settings.deterministic ? "Status: on track when the projection meets the target, else off track.\n\n"
                                  : "Status from the probability: on track ≥ " + percent(r.on_track, 0) +
                                        ", at risk ≥ " + percent(r.at_risk, 0) + ".\n\n";

  if (!r.years.empty()) out += fmt::format("## Indicators in {}\n\n", r.years.back()) + indicators_table(r) + "\n";
  if (!r.parameters.empty()) out += "## Assumptions\n\n" + assumptions_table(r) + "\n";

  out += "## Diagnostics\n\n";
  if (std::string warning = detail::nonfinite_warning(r); !warning.empty()) {
    out += "- **Warning:** " + md_escape(warning) + "\n";
  } else {
    out += "- Every path gave finite values.\n";
  }
  for (const auto& warning : r.warnings) out += "- **Warning:** " + md_escape(warning) + "\n";
  if (!r.settings.deterministic) out += fmt::format("- Simulation time: {:.2f} s.\n", r.seconds);

  out += "\n## Reproducibility\n\n";
  out += "- Engine: goalpath " + md_escape(r.settings.engine_version) + "\n";
  out += "- Scenario file: " + md_code(r.settings.scenario_file) + "\n";
  out += "- SHA-256: " + md_code(r.settings.scenario_sha256) + "\n";
  for (std::size_t k = 1; k < r.settings.scenario_files.size(); ++k) {
    out += "- Extends: " + md_code(r.settings.scenario_files[k].first) + ", SHA-256 " +
           md_code(r.settings.scenario_files[k].second) + "\n";
  }
  if (!r.settings.merged_sha256.empty()) out += "- Merged scenario SHA-256: " + md_code(r.settings.merged_sha256) + "\n";
  out += fmt::format("- Seed: {}; paths: {}; threads: {}; deterministic: {}\n", r.settings.seed,
                     r.settings.deterministic ? 0 : r.settings.paths, r.settings.threads,
                     r.settings.deterministic ? "yes" : "no");
  out += "- Command: " + md_code(r.settings.command_line) + "\n";
  out += "\nThe same file, seed and paths give the same numbers whatever the number of threads.\n";
  return out;
}

}  // namespace goalpath::report

// `goalpath discover` as a terminal table, Markdown and CSV: the chosen box
// (only the parameters it restricts) and the peeling trajectory.
#include <fmt/format.h>

#include <stdexcept>

#include "report/discover.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using Rows = std::vector<std::vector<std::string>>;

std::string what(const analysis::DiscoverResult& r) {
  std::string targets = r.target == "all" ? "all targets met together" : r.target;
  return fmt::format("{}: {} points of {} uncertain parameters (Latin hypercube through the scenario's copula, seed "
                     "{}, shocks {}); {} of them ({}) {}{}",
                     targets, r.points, r.parameters.size(), r.info.seed, r.with_shocks ? "drawn" : "at 0", r.cases,
                     percent(r.base_density), r.failure ? "fail" : "succeed",
                     r.failure ? "; the boxes locate failure" : "");
}

std::string box_line(const analysis::DiscoverResult& r) {
  if (r.boxes.empty()) return "no box";
  const auto& b = r.boxes.front();
  return fmt::format("chosen box (trajectory step {} of {}): coverage {}, density {} against {} overall, mass {}", r.chosen,
                     r.trajectory.size() - 1, percent(b.coverage), percent(b.density), percent(r.base_density),
                     percent(b.mass));
}

std::string limit_text(const analysis::DiscoverResult& r, const analysis::DiscoverBox& b, std::size_t i) {
  const bool low = b.lower[i] > r.range_low[i], high = b.upper[i] < r.range_high[i];
  if (low && high) return human_number(b.lower[i]) + " – " + human_number(b.upper[i]);
  if (low) return "≥ " + human_number(b.lower[i]);
  if (high) return "≤ " + human_number(b.upper[i]);
  return "any";
}

Rows box_rows(const analysis::DiscoverResult& r) {
  Rows rows = {{"parameter", "box", "sampled range"}};
  if (r.boxes.empty()) return rows;
  const auto& b = r.boxes.front();
  for (std::size_t i = 0; i < r.parameters.size(); ++i) {
    if (!b.restricted[i]) continue;
    rows.push_back({r.parameters[i], limit_text(r, b, i),
                    human_number(r.range_low[i]) + " – " + human_number(r.range_high[i])});
  }
  return rows;
}

Rows trajectory_rows(const analysis::DiscoverResult& r) {
  Rows rows = {{"step", "coverage", "density", "mass", "restricts"}};
  for (std::size_t k = 0; k < r.trajectory.size(); ++k) {
    const auto& b = r.trajectory[k];
    std::string names;
    for (std::size_t i = 0; i < r.parameters.size(); ++i) {
      if (b.restricted[i]) names += (names.empty() ? "" : ", ") + r.parameters[i];
    }
    std::string step = std::to_string(k);
    if (k + 1 == r.trajectory.size() && k > 0) step += " (pasted)";
    if (static_cast<int>(k) == r.chosen) step += " *";
    rows.push_back({step, percent(b.coverage), percent(b.density), percent(b.mass), names.empty() ? "—" : names});
  }
  return rows;
}

std::string explanation(const analysis::DiscoverResult& r) {
  return r.failure ? "coverage: share of all failures inside the box; density: share of the points inside the box "
                     "that fail; mass: share of all points inside the box. * marks the chosen box."
                   : "coverage: share of all successes inside the box; density: share of the points inside the box "
                     "that succeed; mass: share of all points inside the box. * marks the chosen box.";
}

}  // namespace

std::string discover_table(const analysis::DiscoverResult& r) {
  // Warnings go to stderr (the verb prints them), not into the table.
  std::string out = fmt::format("scenario discovery (PRIM) for {}\n{}\n", r.info.scenario_id, what(r));
  if (r.boxes.empty()) return out;
  out += fmt::format("\n{}\n", box_line(r));
  const Rows box = box_rows(r);
  out += box.size() > 1 ? detail::aligned_columns(box, {false, false, false}) : "(the box restricts no parameter)\n";
  out += "other parameters: any value in their sampled range\n\npeeling trajectory\n";
  out += detail::aligned_columns(trajectory_rows(r), {false, true, true, true, false});
  return out + "\n" + explanation(r) + "\n";
}

std::string discover_markdown(const analysis::DiscoverResult& r) {
  std::string out = "## Scenario discovery: " + detail::md_escape(r.info.scenario_id) + "\n\n" + detail::md_escape(what(r)) + ".\n\n";
  if (!r.warning.empty()) out += "**Warning:** " + detail::md_escape(r.warning) + "\n\n";
  if (r.boxes.empty()) return out;
  out += detail::md_escape(box_line(r)) + ".\n\n";
  const Rows box = box_rows(r);
  out += detail::md_table(box.front(), Rows(box.begin() + 1, box.end()), {false, false, false});
  out += "\n### Peeling trajectory\n\n";
  const Rows trajectory = trajectory_rows(r);
  out += detail::md_table(trajectory.front(), Rows(trajectory.begin() + 1, trajectory.end()), {false, true, true, true, false});
  return out + "\n" + detail::md_escape(explanation(r)) + "\n";
}

std::string discover_csv(const analysis::DiscoverResult& r) {
  using detail::exact_number;
  std::string out = detail::csv_record(
      {"step", "chosen", "coverage", "density", "mass", "parameter", "lower", "upper", "restricted"});
  for (std::size_t k = 0; k < r.trajectory.size(); ++k) {
    const auto& b = r.trajectory[k];
    for (std::size_t i = 0; i < r.parameters.size(); ++i) {
      out += detail::csv_record({std::to_string(k), static_cast<int>(k) == r.chosen ? "1" : "0", exact_number(b.coverage),
                                 exact_number(b.density), exact_number(b.mass), r.parameters[i], exact_number(b.lower[i]),
                                 exact_number(b.upper[i]), b.restricted[i] ? "1" : "0"});
    }
  }
  return out;
}

std::string discover_report(const analysis::DiscoverResult& r, Format format) {
  switch (format) {
    case Format::table: return discover_table(r);
    case Format::json: return discover_to_json(r).dump(2) + "\n";
    case Format::csv: return discover_csv(r);
    case Format::md: return discover_markdown(r);
    case Format::html: return discover_html(r);
  }
  throw std::invalid_argument("discover: unknown format");
}

}  // namespace goalpath::report

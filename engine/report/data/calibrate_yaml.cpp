// `goalpath calibrate`: the estimate as scenario text to paste.
#include <fmt/format.h>

#include "report/calibrate.hpp"

namespace goalpath::report {

namespace {
std::string rate(double value) { return fmt::format("{:.4g}", value); }
std::string pct(double value) { return fmt::format("{:+.2f}%", 100.0 * value); }

}  // namespace

/// Free text on one line, for a YAML comment: a label written as a block
/// scalar (`label: |`) ends in or contains line breaks, and a break would end
/// the comment and leave the rest of the label as broken YAML.
std::string one_line(const std::string& text) {
  std::string out;
  for (char ch : text) {
    bool space = ch == '\n' || ch == '\r' || ch == '\t' || ch == ' ';
    if (space) {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += ch;
    }
  }
  if (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string calibration_yaml(const analysis::Calibration& c) {
  const std::string window = fmt::format("{}–{}", c.years.front(), c.years.back());
  const std::string param = c.indicator + "_growth", shock = c.indicator + "_shock";
  const std::string label = one_line(c.label), unit = one_line(c.unit);
  std::string about = label.empty() ? "" : " (" + label + (unit.empty() ? "" : ", " + unit) + ")";
  std::string out = fmt::format("# calibrated by goalpath from the history of {}{}, {}: {} year-on-year growth "
                                "observations\n",
                                c.indicator, about, window, c.n);
  out += "# observed:";
  for (std::size_t k = 0; k < c.years.size(); ++k) {
    out += fmt::format("{} {}: {}", k ? "," : "", c.years[k], human_number(c.values[k]));
  }
  out += "\n";
  out += fmt::format("# compound annual growth {} ({} years): {}\n", window, c.span_years, pct(c.cagr));
  out += fmt::format("# year-on-year growth, n={} (", c.n);
  for (std::size_t k = 0; k < c.growth.size(); ++k) {
    out += fmt::format("{}{}: {}", k ? ", " : "", c.growth_years[k], pct(c.growth[k]));
  }
  out += fmt::format("): mean {}, sd {}\n", pct(c.mean), fmt::format("{:.2f}%", 100.0 * c.sd));
  if (!c.warning.empty()) out += "# warning: " + c.warning + "\n";
  out += fmt::format(
      "# A parameter is drawn once per path, so its sd is how well the trend is known\n"
      "# (sd / sqrt({} years)); the year-to-year spread goes to a shock, drawn every year.\n"
      "# Rule:  growth: \"{} + {}\"\n",
      c.span_years, param, shock);
  out += "parameters:\n";
  out += fmt::format("  {}:\n    value: {}\n", param, rate(c.cagr));
  // A normal's sd must be > 0 (SCENARIO_FORMAT.md): rates without any spread
  // (a series filled in at one constant rate) give a fixed trend, not a
  // snippet that `check` rejects.
  if (c.se > 0) {
    out += fmt::format("    uncertainty: {{ dist: normal, sd: {} }}\n", rate(c.se));
  } else {
    out += "    # no uncertainty: the year-on-year rates do not vary, so sd = 0\n";
  }
  out += fmt::format("    source: \"calibrated by goalpath from history {}: compound annual growth over {} years; "
                     "sd = {}/sqrt({}) from n={} year-on-year rates\"\n",
                     window, c.span_years, rate(c.sd), c.span_years, c.n);
  out += "shocks:\n";
  out += fmt::format("  {}:\n    sd: {}\n", shock, rate(c.sd));
  out += fmt::format("    source: \"calibrated by goalpath from history {}: sd of n={} year-on-year growth rates\"\n",
                     window, c.n);
  return out;
}

}  // namespace goalpath::report

// `goalpath sensitivity` as a terminal table, Markdown and CSV: per target,
// one row per parameter, most influential first.
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "report/sensitivity.hpp"
#include "report/study.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using Rows = std::vector<std::vector<std::string>>;
using analysis::SensitivityMethod;

std::string index_text(double value, double conf) {
  if (!std::isfinite(value)) return "—";
  return std::isfinite(conf) ? fmt::format("{:.3f} ± {:.3f}", value, conf) : fmt::format("{:.3f}", value);
}

Rows parameter_rows(const analysis::SensitivityReport& rep, const analysis::SensitivityResult& r) {
  Rows rows;
  switch (rep.method) {
    case SensitivityMethod::tornado:
      rows.push_back({"parameter", "low", "high", "output at low", "output at high", "swing"});
      for (const auto& p : r.parameters) {
        rows.push_back({p.name, human_number(p.low), human_number(p.high), human_number(p.output_low),
                        human_number(p.output_high), human_number(p.swing)});
      }
      break;
    case SensitivityMethod::morris:
      rows.push_back({"parameter", "μ*", "μ", "σ"});
      for (const auto& p : r.parameters) {
        rows.push_back({p.name, human_number(p.mu_star), human_number(p.mu), human_number(p.sigma)});
      }
      break;
    case SensitivityMethod::sobol:
      rows.push_back({"parameter", "S1 (first order)", "ST (total)"});
      for (const auto& p : r.parameters) rows.push_back({p.name, index_text(p.S1, p.S1_conf), index_text(p.ST, p.ST_conf)});
      break;
    case SensitivityMethod::shapley:
      rows.push_back({"parameter", "Shapley share"});
      for (const auto& p : r.parameters) rows.push_back({p.name, index_text(p.shapley, p.shapley_conf)});
      break;
  }
  return rows;
}

std::string target_line(const analysis::SensitivityReport& rep, const analysis::SensitivityResult& r) {
  std::string out = r.target + (r.label.empty() ? "" : " — " + r.label);
  out += fmt::format(" ({})", detail::ask_text(r.ask, r.unit));
  return out;
}

std::string detail_line(const analysis::SensitivityReport& rep, const analysis::SensitivityResult& r) {
  switch (rep.method) {
    case SensitivityMethod::tornado:
      return "baseline (every parameter at its value): " +
             (rep.metric == analysis::Metric::met ? human_number(r.baseline) : detail::measured_text(r.ask, r.baseline, r.unit));
    case SensitivityMethod::morris: return "";
    case SensitivityMethod::sobol:
    case SensitivityMethod::shapley: return "output variance: " + human_number(r.output_variance);
  }
  return "";
}

std::string heading(const analysis::SensitivityReport& rep) {
  std::string what;
  switch (rep.method) {
    case SensitivityMethod::tornado:
      what = rep.with_shocks ? fmt::format("tornado, each setting over {} paths", rep.samples) : "tornado";
      break;
    case SensitivityMethod::morris:
      what = fmt::format("Morris, {} trajectories on {} levels", rep.samples, rep.levels);
      break;
    case SensitivityMethod::sobol: what = fmt::format("Sobol, {} base samples", rep.samples); break;
    case SensitivityMethod::shapley: what = fmt::format("Shapley, {} permutations", rep.samples); break;
  }
  return fmt::format("{}; metric {}; {} model runs; shocks {}; seed {}", what,
                     rep.metric == analysis::Metric::value ? "value"
                     : rep.with_shocks && rep.method == SensitivityMethod::tornado
                         ? "met (the share of the paths that meet the target)"
                         : "met (1 when the target is met, else 0)",
                     rep.evaluations, rep.with_shocks ? "drawn (common to the points compared)" : "at 0", rep.info.seed);
}

std::string explanation(const analysis::SensitivityReport& rep) {
  switch (rep.method) {
    case SensitivityMethod::tornado:
      return "low/high: the parameter fixed at its 10th and 90th percentiles (value ± 10% for one without "
             "uncertainty, with --include-fixed), the parameters correlated with it at their conditional medians, "
             "the others at their values; swing: |output at high - output at low|.";
    case SensitivityMethod::morris:
      return "μ*: mean absolute change in the output when the parameter moves across its distribution (per unit of "
             "quantile level, 0.5% to 99.5%); μ: the same with signs; σ: spread of the changes (large: "
             "interactions or curvature).";
    case SensitivityMethod::sobol:
      return "S1: share of the output's variance due to the parameter alone; ST: including its interactions; ± "
             "half-width of the 95% bootstrap interval.";
    case SensitivityMethod::shapley:
      return "Shapley share: the parameter's share of the output's variance, its correlations with the others "
             "included (the shares sum to 1); ± half-width of the 95% interval from the standard error.";
  }
  return "";
}

std::vector<bool> numeric(std::size_t columns) {
  std::vector<bool> out(columns, true);
  out[0] = false;
  return out;
}

}  // namespace

std::string sensitivity_table(const analysis::SensitivityReport& rep) {
  std::string out = fmt::format("sensitivity of {} ({})\n{}\n", rep.info.title.empty() ? rep.info.scenario_id : rep.info.title,
                                rep.info.scenario_id, heading(rep));
  for (const auto& r : rep.results) {
    out += fmt::format("\n{}\n", target_line(rep, r));
    if (std::string d = detail_line(rep, r); !d.empty()) out += d + "\n";
    const Rows rows = parameter_rows(rep, r);
    out += detail::aligned_columns(rows, numeric(rows.front().size()));
  }
  return out + "\n" + explanation(rep) + "\n";
}

std::string sensitivity_markdown(const analysis::SensitivityReport& rep) {
  std::string out = "## Sensitivity of " + detail::md_escape(rep.info.scenario_id) + "\n\n" +
                    detail::md_escape(heading(rep)) + ".\n";
  if (!rep.warning.empty()) out += "\n**Warning:** " + detail::md_escape(rep.warning) + "\n";
  for (const auto& r : rep.results) {
    out += "\n### " + detail::md_escape(target_line(rep, r)) + "\n\n";
    if (std::string d = detail_line(rep, r); !d.empty()) out += detail::md_escape(d) + "\n\n";
    const Rows rows = parameter_rows(rep, r);
    out += detail::md_table(rows.front(), Rows(rows.begin() + 1, rows.end()), numeric(rows.front().size()));
    if (!r.warning.empty()) out += "\n**Warning:** " + detail::md_escape(r.warning) + "\n";
  }
  return out + "\n" + detail::md_escape(explanation(rep)) + "\n";
}

std::string sensitivity_csv(const analysis::SensitivityReport& rep) {
  using detail::exact_number;
  std::vector<std::string> header = {"target", "parameter"};
  switch (rep.method) {
    case SensitivityMethod::tornado: header.insert(header.end(), {"low", "high", "output_low", "output_high", "swing"}); break;
    case SensitivityMethod::morris: header.insert(header.end(), {"mu_star", "mu", "sigma"}); break;
    case SensitivityMethod::sobol: header.insert(header.end(), {"S1", "S1_conf", "ST", "ST_conf"}); break;
    case SensitivityMethod::shapley: header.insert(header.end(), {"shapley", "shapley_conf", "shapley_se"}); break;
  }
  std::string out = detail::csv_record(header);
  for (const auto& r : rep.results) {
    for (const auto& p : r.parameters) {
      std::vector<std::string> fields = {r.target, p.name};
      switch (rep.method) {
        case SensitivityMethod::tornado:
          for (double v : {p.low, p.high, p.output_low, p.output_high, p.swing}) fields.push_back(exact_number(v));
          break;
        case SensitivityMethod::morris:
          for (double v : {p.mu_star, p.mu, p.sigma}) fields.push_back(exact_number(v));
          break;
        case SensitivityMethod::sobol:
          for (double v : {p.S1, p.S1_conf, p.ST, p.ST_conf}) fields.push_back(exact_number(v));
          break;
        case SensitivityMethod::shapley:
          for (double v : {p.shapley, p.shapley_conf, p.shapley_se}) fields.push_back(exact_number(v));
          break;
      }
      out += detail::csv_record(fields);
    }
  }
  return out;
}

std::string sensitivity_report(const analysis::SensitivityReport& rep, Format format) {
  switch (format) {
    case Format::table: return sensitivity_table(rep);
    case Format::json: return sensitivity_to_json(rep).dump(2) + "\n";
    case Format::csv: return sensitivity_csv(rep);
    case Format::md: return sensitivity_markdown(rep);
    case Format::html: return sensitivity_html(rep);
  }
  throw std::invalid_argument("sensitivity: unknown format");
}

}  // namespace goalpath::report

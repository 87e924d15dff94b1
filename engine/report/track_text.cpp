// `goalpath track` as a terminal table, Markdown and CSV.
#include <fmt/format.h>

#include <cmath>
#include <stdexcept>

#include "report/text.hpp"
#include "report/track.hpp"

namespace goalpath::report {

namespace detail {

std::string ordinal_percentile(double fraction) {
  if (!std::isfinite(fraction)) return "—";
  const double p = 100 * fraction;
  if (p < 1 || p > 99) return fmt::format("{:.1f}th", p);
  const int n = static_cast<int>(std::lround(p));
  const char* suffix = (n % 100 >= 11 && n % 100 <= 13) ? "th" : n % 10 == 1 ? "st" : n % 10 == 2 ? "nd" : n % 10 == 3 ? "rd" : "th";
  return fmt::format("{}{}", n, suffix);
}

std::string observation_sentence(const analysis::TrackObservation& o, int base_year) {
  const std::string basis = o.year - 1 > base_year ? fmt::format("{}–{}", base_year, o.year - 1) : std::to_string(base_year);
  return fmt::format("{} {} {} fell at the {} percentile of the {}-based projection (median {})", o.year, o.indicator,
                     human_number(o.value), ordinal_percentile(o.percentile), basis, human_number(o.projected_p50));
}

std::string signpost_text(const analysis::SignpostLevel& level, int percent_kept) {
  if (!level.value) return fmt::format("no value keeps {}%", percent_kept);
  if (level.unconditional) return "kept whatever it shows";
  if (!std::isfinite(level.value_se) || level.value_se <= 0) return "≥ " + human_number(*level.value);
  return "≥ " + human_number(*level.value) + " ± " + human_number(level.value_se);
}

}  // namespace detail

namespace {

using Rows = std::vector<std::vector<std::string>>;

/// Marked (†) when the scenario's bands are calibrated: both odds come from them.
std::string estimate_text(const analysis::TrackResult& r, const analysis::ProbabilityEstimate& e) {
  if (!std::isfinite(e.probability)) return "—";
  return detail::marked(r.posterior, percent(e.probability) + " ± " + percent(e.probability_se));
}

std::string moved_most(const analysis::TrackResult& r, const analysis::TrackTarget& t) {
  if (t.moved_by.empty()) return "—";
  const auto& m = t.moved_by.front();
  const analysis::TrackObservation& o = r.observations[m.observation];
  return fmt::format("{} {} ({})", o.indicator, o.year, detail::points(m.change));
}

Rows target_rows(const analysis::TrackResult& r) {
  Rows rows = {{"target", "before", "after", "change", "status", "moved most by"}};
  for (const auto& t : r.targets) {
    rows.push_back({t.id, estimate_text(r, t.prior), estimate_text(r, t.posterior),
                    detail::points(t.posterior.probability - t.prior.probability),
                    detail::words(analysis::to_string(t.prior.status)) + " → " +
                        detail::words(analysis::to_string(t.posterior.status)),
                    moved_most(r, t)});
  }
  return rows;
}

Rows signpost_rows(const analysis::TrackResult& r) {
  Rows rows = {{"target", "year", "indicator", "to keep 50%", "to keep 80%"}};
  for (const auto& t : r.targets) {
    for (const auto& s : t.signposts) {
      rows.push_back({t.id, std::to_string(s.year), s.indicator, detail::signpost_text(s.at_50, 50),
                      detail::signpost_text(s.at_80, 80)});
    }
  }
  return rows;
}

std::string interval(const analysis::ValueSummary& s) {
  return human_number(s.mean) + " [" + human_number(s.p05) + ", " + human_number(s.p95) + "]";
}

Rows parameter_rows(const analysis::TrackResult& r) {
  Rows rows = {{"parameter", "before: mean [p05, p95]", "after: mean [p05, p95]"}};
  for (const auto& p : r.parameters) rows.push_back({p.name, interval(p.prior), interval(p.posterior)});
  return rows;
}

std::string headline(const analysis::TrackResult& r) {
  return fmt::format("{} · observed through {} · {} effective paths of {}", detail::settings_line(r.posterior),
                     r.last_observed_year, static_cast<long long>(std::floor(r.effective_paths)), r.paths);
}

int base_year(const analysis::TrackResult& r) { return r.posterior.years.empty() ? 0 : r.posterior.years.front(); }

std::string title_of(const analysis::TrackResult& r) {
  return r.posterior.title.empty() ? r.posterior.scenario_id : r.posterior.title;
}

}  // namespace

std::string track_table(const analysis::TrackResult& r) {
  std::string out = title_of(r) + " — tracking\n" + headline(r) + "\n\n";
  out += fmt::format("What happened since {}\n", base_year(r));
  if (r.observations.empty()) out += "  nothing observed after the base year\n";
  for (const auto& o : r.observations) out += "  " + detail::observation_sentence(o, base_year(r)) + "\n";
  out += "\nTargets: P(met) before and after the observations\n";
  out += detail::aligned_columns(target_rows(r), {false, true, true, true, false, false});
  out += detail::calibration_footnote(r.posterior) + "\n";
  const Rows signposts = signpost_rows(r);
  if (signposts.size() > 1) {
    out += "\nSignposts: the value each review must show to keep the chance, P(met | value ≥ x)\n";
    out += detail::aligned_columns(signposts, {false, true, false, true, true});
  }
  if (!r.parameters.empty()) {
    out += "\nUncertain parameters, before and after\n";
    out += detail::aligned_columns(parameter_rows(r), {false, true, true});
  }
  if (!r.posterior.warnings.empty()) {
    out += "\nWarnings\n";
    for (const auto& w : r.posterior.warnings) out += "  - " + w + "\n";
  }
  return out;
}

std::string track_markdown(const analysis::TrackResult& r) {
  std::string out = "# " + detail::md_escape(title_of(r)) + " — tracking\n\n" + detail::md_escape(headline(r)) + "\n\n";
  out += fmt::format("## What happened since {}\n\n", base_year(r));
  if (r.observations.empty()) out += "Nothing observed after the base year.\n";
  for (const auto& o : r.observations) {
    out += "- " + detail::md_escape(detail::observation_sentence(o, base_year(r))) + " (" + detail::md_escape(o.source) + ")\n";
  }
  auto table = [](const Rows& rows, std::vector<bool> numeric) {
    return detail::md_table(rows.front(), Rows(rows.begin() + 1, rows.end()), numeric) + "\n";
  };
  out += "\n## Targets: P(met) before and after the observations\n\n";
  out += table(target_rows(r), {false, true, true, true, false, false});
  out += detail::md_escape(detail::calibration_footnote(r.posterior)) + "\n\n";
  const Rows signposts = signpost_rows(r);
  if (signposts.size() > 1) {
    out += "## Signposts: what each review must show\n\nThe value x of the indicator in that year that keeps "
           "P(met | value ≥ x) at 50% and at 80%, with its Monte Carlo error.\n\n";
    out += table(signposts, {false, true, false, true, true});
  }
  if (!r.parameters.empty()) {
    out += "## Uncertain parameters, before and after\n\n" + table(parameter_rows(r), {false, true, true});
  }
  if (!r.posterior.warnings.empty()) {
    out += "## Warnings\n\n";
    for (const auto& w : r.posterior.warnings) out += "- " + detail::md_escape(w) + "\n";
    out += "\n";
  }
  out += "## Reproducibility\n\n- engine " + detail::md_escape(r.posterior.settings.engine_version) + "\n- scenario " +
         detail::md_code(r.posterior.settings.scenario_file) + " sha256 " + detail::md_code(r.posterior.settings.scenario_sha256) +
         "\n- command " + detail::md_code(r.posterior.settings.command_line) + "\n";
  return out;
}

std::string track_report(const analysis::TrackResult& r, Format format) {
  switch (format) {
    case Format::table: return track_table(r);
    case Format::json: return track_to_json(r).dump(2) + "\n";
    case Format::csv: return track_csv(r);
    case Format::md: return track_markdown(r);
    case Format::html: return track_html(r);
  }
  throw std::invalid_argument("unknown format");
}

}  // namespace goalpath::report

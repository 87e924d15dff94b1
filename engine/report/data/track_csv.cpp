// `goalpath track --format csv`: long format like run's (section meta |
// observation | target | signpost | parameter | indicator), after a UTF-8
// byte-order mark unless asked not to.
#include "report/text.hpp"
#include "report/track.hpp"

namespace goalpath::report {

std::string track_csv(const analysis::TrackResult& r, bool byte_order_mark) {
  using detail::csv_record;
  using detail::exact_number;
  const std::string id = r.posterior.scenario_id;
  std::string out = byte_order_mark ? detail::kUtf8ByteOrderMark : "";
  out += csv_record({"scenario", "section", "target", "indicator", "parameter", "year", "statistic", "value"});
  auto row = [&](const std::string& section, const std::string& target, const std::string& indicator,
                 const std::string& parameter, const std::string& year, const std::string& statistic,
                 const std::string& value) {
    out += csv_record({id, section, target, indicator, parameter, year, statistic, value});
  };
  const analysis::RunSettings& s = r.posterior.settings;
  row("meta", "", "", "", "", "engine_version", s.engine_version);
  row("meta", "", "", "", "", "scenario_file", s.scenario_file);
  row("meta", "", "", "", "", "scenario_sha256", s.scenario_sha256);
  row("meta", "", "", "", "", "seed", std::to_string(s.seed));
  row("meta", "", "", "", "", "paths", std::to_string(s.paths));
  row("meta", "", "", "", "", "threads", std::to_string(s.threads));
  row("meta", "", "", "", "", "command_line", s.command_line);
  row("meta", "", "", "", "", "ess", exact_number(r.effective_paths));
  row("meta", "", "", "", "", "last_observed_year", std::to_string(r.last_observed_year));
  for (const auto& [key, value] : detail::calibration_meta(r.posterior)) row("meta", "", "", "", "", key, value);
  for (const auto& o : r.observations) {
    const std::string year = std::to_string(o.year);
    row("observation", "", o.indicator, "", year, "value", exact_number(o.value));
    row("observation", "", o.indicator, "", year, "sd", exact_number(o.sd));
    row("observation", "", o.indicator, "", year, "percentile", exact_number(o.percentile));
    row("observation", "", o.indicator, "", year, "projected_p50", exact_number(o.projected_p50));
    row("observation", "", o.indicator, "", year, "source", o.source);
  }
  for (const auto& t : r.targets) {
    row("target", t.id, "", "", "", "prior_probability", exact_number(t.prior.probability));
    row("target", t.id, "", "", "", "prior_probability_se", exact_number(t.prior.probability_se));
    row("target", t.id, "", "", "", "posterior_probability", exact_number(t.posterior.probability));
    row("target", t.id, "", "", "", "posterior_probability_se", exact_number(t.posterior.probability_se));
    row("target", t.id, "", "", "", "posterior_status", analysis::to_string(t.posterior.status));
    for (const auto& m : t.moved_by) {
      const analysis::TrackObservation& o = r.observations[m.observation];
      row("target", t.id, o.indicator, "", std::to_string(o.year), "moved_by", exact_number(m.change));
    }
    for (const auto& sp : t.signposts) {
      const std::string year = std::to_string(sp.year);
      for (auto [name, level] : {std::pair{"at_50", &sp.at_50}, std::pair{"at_80", &sp.at_80}}) {
        row("signpost", t.id, sp.indicator, "", year, name, level->value ? exact_number(*level->value) : "");
        row("signpost", t.id, sp.indicator, "", year, std::string(name) + "_se", level->value ? exact_number(level->value_se) : "");
      }
    }
  }
  for (const auto& p : r.parameters) {
    for (auto [side, summary] : {std::pair{"prior", &p.prior}, std::pair{"posterior", &p.posterior}}) {
      const std::string prefix = side;
      row("parameter", "", "", p.name, "", prefix + "_mean", exact_number(summary->mean));
      row("parameter", "", "", p.name, "", prefix + "_p05", exact_number(summary->p05));
      row("parameter", "", "", p.name, "", prefix + "_p50", exact_number(summary->p50));
      row("parameter", "", "", p.name, "", prefix + "_p95", exact_number(summary->p95));
    }
  }
  for (const auto& i : r.posterior.indicators) {
    for (std::size_t y = 0; y < i.p50.size() && y < r.posterior.years.size(); ++y) {
      const std::string year = std::to_string(r.posterior.years[y]);
      row("indicator", "", i.name, "", year, "p05", exact_number(i.p05[y]));
      row("indicator", "", i.name, "", year, "p50", exact_number(i.p50[y]));
      row("indicator", "", i.name, "", year, "p95", exact_number(i.p95[y]));
    }
  }
  for (const auto& w : r.posterior.warnings) row("meta", "", "", "", "", "warning", w);
  return out;
}

}  // namespace goalpath::report

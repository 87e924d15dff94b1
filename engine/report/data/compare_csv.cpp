// `goalpath compare --format csv`: one row per number, A and B side by side
// with B - A (columns: section, target, indicator, parameter, year,
// statistic, a, b, delta), after a UTF-8 byte-order mark unless asked not to.
#include <cmath>
#include <set>

#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report {

using analysis::CompareResult;

std::string compare_csv(const CompareResult& c, bool byte_order_mark) {
  std::string out = byte_order_mark ? detail::kUtf8ByteOrderMark : "";
  out += detail::csv_record({"section", "target", "indicator", "parameter", "year", "statistic", "a", "b", "delta"});
  auto row = [&](const char* section, const std::string& target, const std::string& indicator,
                 const std::string& parameter, int year, const std::string& statistic, const std::string& a,
                 const std::string& b, const std::string& delta) {
    out += detail::csv_record({section, target, indicator, parameter, year ? std::to_string(year) : "", statistic, a, b, delta});
  };
  auto numbers = [&](const char* section, const std::string& target, const std::string& indicator, int year,
                     const std::string& statistic, std::optional<double> a, std::optional<double> b) {
    std::string delta = a && b ? detail::exact_number(*b - *a) : "";
    row(section, target, indicator, "", year, statistic, a ? detail::exact_number(*a) : "", b ? detail::exact_number(*b) : "",
        delta);
  };
  auto meta = [&](const std::string& key, auto of) { row("meta", "", "", "", 0, key, of(c.a), of(c.b), ""); };
  meta("scenario_id", [](const analysis::RunResult& r) { return r.scenario_id; });
  meta("title", [](const analysis::RunResult& r) { return r.title; });
  row("meta", "", "", "", 0, "kind", c.a_kind, c.b_kind, "");
  meta("scenario_file", [](const analysis::RunResult& r) { return r.settings.scenario_file; });
  meta("scenario_sha256", [](const analysis::RunResult& r) { return r.settings.scenario_sha256; });
  meta("engine_version", [](const analysis::RunResult& r) { return r.settings.engine_version; });
  meta("seed", [](const analysis::RunResult& r) { return std::to_string(r.settings.seed); });
  meta("paths", [](const analysis::RunResult& r) { return std::to_string(r.settings.deterministic ? 0 : r.settings.paths); });
  meta("threads", [](const analysis::RunResult& r) { return std::to_string(r.settings.threads); });
  meta("deterministic", [](const analysis::RunResult& r) { return std::string(r.settings.deterministic ? "true" : "false"); });
  meta("command_line", [](const analysis::RunResult& r) { return r.settings.command_line; });
  for (const auto& t : c.targets) {
    auto get = [](const std::optional<analysis::TargetResult>& s, auto field) -> std::optional<double> {
      if (!s) return std::nullopt;
      return field(*s);
    };
    int year = (t.a ? t.a->ask : t.b->ask).last_year;
    numbers("target", t.id, "", year, "probability", get(t.a, [](auto& s) { return s.probability; }),
            get(t.b, [](auto& s) { return s.probability; }));
    // The delta column of probability_se holds the change's standard error.
    row("target", t.id, "", "", year, "probability_se",
        t.a && t.a->probability_se ? detail::exact_number(*t.a->probability_se) : "",
        t.b && t.b->probability_se ? detail::exact_number(*t.b->probability_se) : "",
        t.delta_probability_se ? detail::exact_number(*t.delta_probability_se) : "");
    numbers("target", t.id, "", year, "deterministic_value", get(t.a, [](auto& s) { return std::optional(s.deterministic_value); }),
            get(t.b, [](auto& s) { return std::optional(s.deterministic_value); }));
    numbers("target", t.id, "", year, "threshold", get(t.a, [](auto& s) { return std::optional(s.ask.threshold); }),
            get(t.b, [](auto& s) { return std::optional(s.ask.threshold); }));
    row("target", t.id, "", "", year, "status", t.a ? analysis::to_string(t.a->status) : "",
        t.b ? analysis::to_string(t.b->status) : "", t.status_changed ? "changed" : "");
  }
  for (const auto& p : c.parameters) {
    row("parameter", "", "", p.name, 0, "value", p.a ? detail::exact_number(p.a->value) : "",
        p.b ? detail::exact_number(p.b->value) : "", p.a && p.b ? detail::exact_number(p.b->value - p.a->value) : "");
    row("parameter", "", "", p.name, 0, "distribution", p.a ? p.a->distribution : "", p.b ? p.b->distribution : "", p.change);
  }
  for (const auto& i : c.indicators) {
    std::set<int> years(c.a.years.begin(), c.a.years.end());
    years.insert(c.b.years.begin(), c.b.years.end());
    auto at = [](const analysis::RunResult& r, const std::optional<analysis::IndicatorResult>& ind,
                 const std::vector<double> analysis::IndicatorResult::*series, int year) -> std::optional<double> {
      if (!ind || r.years.empty()) return std::nullopt;
      std::size_t k = static_cast<std::size_t>(year - r.years.front());
      const auto& values = (*ind).*series;
      if (year < r.years.front() || k >= values.size() || !std::isfinite(values[k])) return std::nullopt;
      return values[k];
    };
    for (int year : years) {
      numbers("indicator", "", i.name, year, "deterministic", at(c.a, i.a, &analysis::IndicatorResult::deterministic, year),
              at(c.b, i.b, &analysis::IndicatorResult::deterministic, year));
      numbers("indicator", "", i.name, year, "p50", at(c.a, i.a, &analysis::IndicatorResult::p50, year),
              at(c.b, i.b, &analysis::IndicatorResult::p50, year));
    }
  }
  for (const auto& note : c.notes) row("note", "", "", "", 0, "note", note, "", "");
  return out;
}

}  // namespace goalpath::report

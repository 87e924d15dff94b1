// `goalpath run --format csv`: long ("tidy") format, one value per row, so a
// spreadsheet pivot or pandas/R can select any slice without knowing the
// layout. Columns: scenario, section, target, indicator, parameter, year,
// statistic, value. `section` says which of target / indicator / parameter
// the row is about (meta and diagnostics rows name none). Numbers are written
// to full precision; a value that is not defined is an empty field.
#include <array>
#include <cmath>

#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report {

namespace {

using detail::exact_number;

class CsvRows {
 public:
  explicit CsvRows(std::string scenario) : scenario_(std::move(scenario)) {
    out_ = detail::csv_record({"scenario", "section", "target", "indicator", "parameter", "year", "statistic", "value"});
  }
  /// `where` = {target, indicator, parameter}; year 0 = none.
  void add(const char* section, const std::array<std::string, 3>& where, int year, const std::string& statistic,
           const std::string& value) {
    out_ += detail::csv_record({scenario_, section, where[0], where[1], where[2], year ? std::to_string(year) : "",
                                statistic, value});
  }
  std::string take() { return std::move(out_); }

 private:
  std::string scenario_, out_;
};

void add_target(CsvRows& rows, const analysis::RunResult& r, const analysis::TargetResult& t) {
  bool on_indicator = false;
  for (const auto& i : r.indicators) on_indicator = on_indicator || i.name == t.subject;
  const std::array<std::string, 3> where = {t.id, on_indicator ? t.subject : "", ""};
  const int year = t.ask.last_year;
  auto row = [&](const std::string& statistic, const std::string& value) { rows.add("target", where, year, statistic, value); };
  row("label", t.label);
  row("measure", t.subject);
  row("kind", t.ask.kind_name());
  row("op", t.ask.op());
  row("threshold", exact_number(t.ask.threshold));
  if (t.ask.kind != scenario::TargetKind::level) row("first_year", std::to_string(t.ask.first_year));
  row("deterministic_value", exact_number(t.deterministic_value));
  row("deterministic_met", t.deterministic_met ? "true" : "false");
  if (t.ask.kind == scenario::TargetKind::every_year) row("deterministic_worst_year", std::to_string(t.deterministic_worst_year));
  if (t.probability) {
    row("probability", exact_number(*t.probability));
    row("probability_se", exact_number(t.probability_se.value_or(std::nan(""))));
  }
  if (t.quantiles) {
    const sim::Quantiles& q = *t.quantiles;
    const std::pair<const char*, double> quantiles[] = {{"p05", q.p05}, {"p10", q.p10}, {"p25", q.p25}, {"p50", q.p50},
                                                        {"p75", q.p75}, {"p90", q.p90}, {"p95", q.p95}};
    for (const auto& [name, value] : quantiles) row(name, exact_number(value));
    row("nonfinite_paths", std::to_string(t.nonfinite));
  }
  row("required_cagr", exact_number(t.required_cagr));
  if (!t.ask.is_cagr()) row("required_year", std::to_string(t.required_year));
  row("projected_cagr", exact_number(t.projected_cagr));
  row("gap", exact_number(t.gap));
  row("status", analysis::to_string(t.status));
  row("status_basis", t.probability ? "probability" : "deterministic");
  row("progress_basis", t.progress.basis);
  row("progress_ratio", exact_number(t.progress.ratio));
  row("progress_class", analysis::to_string(t.progress.progress_class));
  for (std::size_t y = 0; y < t.series.size() && y < r.years.size(); ++y) {
    rows.add("target", where, r.years[y], "measured", exact_number(t.series[y]));
  }
}

void add_indicator(CsvRows& rows, const analysis::RunResult& r, const analysis::IndicatorResult& i) {
  const std::array<std::string, 3> where = {"", i.name, ""};
  rows.add("indicator", where, 0, "label", i.label);
  rows.add("indicator", where, 0, "unit", i.unit);
  for (const auto& [year, value] : i.history) rows.add("indicator", where, year, "observed", exact_number(value));
  const std::pair<const char*, const std::vector<double>*> series[] = {
      {"deterministic", &i.deterministic}, {"p05", &i.p05}, {"p10", &i.p10}, {"p25", &i.p25},
      {"p50", &i.p50},                     {"p75", &i.p75}, {"p90", &i.p90}, {"p95", &i.p95}};
  for (std::size_t y = 0; y < r.years.size(); ++y) {
    for (const auto& [name, values] : series) {
      if (y < values->size()) rows.add("indicator", where, r.years[y], name, exact_number((*values)[y]));
    }
    if (y < i.sign_flips.size() && i.sign_flips[y] > 0) {
      rows.add("indicator", where, r.years[y], "sign_flip_paths", std::to_string(i.sign_flips[y]));
    }
  }
  for (const int year : i.deterministic_sign_flip_years) rows.add("indicator", where, year, "deterministic_sign_flip", "true");
}

}  // namespace

std::string run_csv(const analysis::RunResult& r, bool byte_order_mark) {
  CsvRows rows(r.scenario_id);
  const std::array<std::string, 3> none = {"", "", ""};
  auto meta = [&](const std::string& key, const std::string& value) { rows.add("meta", none, 0, key, value); };
  meta("schema", "goalpath.report/1");
  meta("engine_version", r.settings.engine_version);
  meta("scenario_id", r.scenario_id);
  meta("title", r.title);
  meta("scenario_file", r.settings.scenario_file);
  meta("scenario_sha256", r.settings.scenario_sha256);
  for (std::size_t k = 1; k < r.settings.scenario_files.size(); ++k) {
    meta("extends_file_" + std::to_string(k), r.settings.scenario_files[k].first);
    meta("extends_sha256_" + std::to_string(k), r.settings.scenario_files[k].second);
  }
  if (!r.settings.merged_sha256.empty()) meta("merged_sha256", r.settings.merged_sha256);
  if (r.title_inherited) meta("title_inherited", "true");
  if (r.description_inherited) meta("description_inherited", "true");
  for (std::size_t k = 0; k < r.warnings.size(); ++k) meta("warning_" + std::to_string(k + 1), r.warnings[k]);
  for (const auto& [key, value] : detail::calibration_meta(r)) meta(key, value);
  meta("seed", std::to_string(r.settings.seed));
  meta("paths", std::to_string(r.settings.deterministic ? 0 : r.settings.paths));
  meta("threads", std::to_string(r.settings.threads));
  meta("deterministic", r.settings.deterministic ? "true" : "false");
  meta("command_line", r.settings.command_line);
  meta("on_track_cutoff", exact_number(r.on_track));
  meta("at_risk_cutoff", exact_number(r.at_risk));
  if (!r.years.empty()) {
    meta("first_year", std::to_string(r.years.front()));
    meta("last_year", std::to_string(r.years.back()));
  }
  for (const auto& t : r.targets) add_target(rows, r, t);
  if (r.joint_probability) {
    rows.add("joint", none, 0, "probability", exact_number(*r.joint_probability));
    rows.add("joint", none, 0, "probability_se", exact_number(r.joint_probability_se.value_or(std::nan(""))));
  }
  for (const auto& i : r.indicators) add_indicator(rows, r, i);
  for (const auto& p : r.parameters) {
    const std::array<std::string, 3> where = {"", "", p.name};
    rows.add("parameter", where, 0, "value", exact_number(p.value));
    rows.add("parameter", where, 0, "distribution", p.distribution);
    rows.add("parameter", where, 0, "p10", exact_number(p.p10));
    rows.add("parameter", where, 0, "p90", exact_number(p.p90));
    rows.add("parameter", where, 0, "source", p.source);
  }
  rows.add("diagnostics", none, 0, "nonfinite_paths", std::to_string(r.nonfinite_paths));
  for (const auto& i : analysis::sign_flips_by_indicator(r)) {
    rows.add("diagnostics", {"", i.name, ""}, 0, "sign_flip_path_years", std::to_string(i.count));
  }
  rows.add("diagnostics", none, 0, "seconds", exact_number(r.seconds));
  return (byte_order_mark ? detail::kUtf8ByteOrderMark : "") + rows.take();
}

}  // namespace goalpath::report

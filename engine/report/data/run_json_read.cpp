// Reading a `goalpath run --format json` report back (compare A B with
// report files): the inverse of run_to_json for every field it writes.
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "common/error.hpp"
#include "report/report.hpp"

namespace goalpath::report {

namespace {

using nlohmann::json;

constexpr const char* kHint = "compare takes scenario files (.yaml) or reports written by `goalpath run --format json`";

double number(const json& j) { return j.is_null() ? std::nan("") : j.get<double>(); }

double number_at(const json& j, const char* key) { return j.contains(key) ? number(j.at(key)) : std::nan(""); }

std::optional<double> optional_number(const json& j, const char* key) {
  if (!j.contains(key) || j.at(key).is_null()) return std::nullopt;
  return j.at(key).get<double>();
}

std::string text_at(const json& j, const char* key) { return j.contains(key) ? j.at(key).get<std::string>() : ""; }

std::vector<double> numbers(const json& j, const char* key) {
  std::vector<double> out;
  if (!j.contains(key)) return out;
  for (const auto& v : j.at(key)) out.push_back(number(v));
  return out;
}

template <class Enum, std::size_t N>
Enum enum_from(const std::string& text, const Enum (&values)[N], const char* what) {
  for (Enum v : values) {
    if (text == analysis::to_string(v)) return v;
  }
  throw std::invalid_argument(std::string("unknown ") + what + " '" + text + "'");
}

analysis::TargetResult target_from(const json& j) {
  analysis::TargetResult t;
  t.id = j.at("id").get<std::string>();
  t.label = text_at(j, "label");
  const auto kind = j.at("kind").get<std::string>();
  const auto op = j.at("op").get<std::string>();
  const auto years = j.at("years").get<std::vector<int>>();
  const auto ask = analysis::target_ask_from(kind, op, j.at("threshold").get<double>(), years);
  if (!ask) {
    throw std::invalid_argument("target " + t.id + ": kind '" + kind + "', op '" + op + "' and " +
                                std::to_string(years.size()) +
                                " years do not make a target (kind level with [year], every_year or cagr with "
                                "[first, last]; op >= or <=)");
  }
  t.ask = *ask;
  t.subject = text_at(j, "measure");
  t.unit = text_at(j, "unit");
  t.source = text_at(j, "source");
  const json& det = j.at("deterministic");
  t.deterministic_value = number(det.at("value"));
  t.deterministic_met = det.at("met").get<bool>();
  t.deterministic_worst_year = det.contains("worst_year") ? det.at("worst_year").get<int>() : t.ask.last_year;
  t.probability = optional_number(j, "probability");
  t.probability_se = optional_number(j, "probability_se");
  if (j.contains("quantiles") && !j.at("quantiles").is_null()) {
    const json& q = j.at("quantiles");
    sim::Quantiles quantiles;
    quantiles.p05 = number_at(q, "p05");
    quantiles.p10 = number_at(q, "p10");
    quantiles.p25 = number_at(q, "p25");
    quantiles.p50 = number_at(q, "p50");
    quantiles.p75 = number_at(q, "p75");
    quantiles.p90 = number_at(q, "p90");
    quantiles.p95 = number_at(q, "p95");
    t.quantiles = quantiles;
  }
  t.nonfinite = j.value("nonfinite_paths", std::int64_t{0});
  t.required_cagr = number_at(j, "required_cagr");
  t.required_year = j.value("required_year", t.ask.last_year);
  t.projected_cagr = number_at(j, "projected_cagr");
  t.gap = number_at(j, "gap");
  using analysis::Status;
  t.status = enum_from(j.at("status").get<std::string>(), {Status::on_track, Status::at_risk, Status::off_track}, "status");
  const json& p = j.at("progress");
  t.progress.basis = text_at(p, "basis");
  t.progress.rates = text_at(p, "rates");
  t.progress.actual_rate = number_at(p, "actual_rate");
  t.progress.required_rate = number_at(p, "required_rate");
  t.progress.ratio = number_at(p, "ratio");
  using analysis::ProgressClass;
  t.progress.progress_class = enum_from(p.at("class").get<std::string>(),
                                        {ProgressClass::achieved, ProgressClass::on_track, ProgressClass::acceleration_needed,
                                         ProgressClass::limited, ProgressClass::deterioration, ProgressClass::unknown},
                                        "progress class");
  t.series = numbers(j, "series");
  return t;
}

analysis::IndicatorResult indicator_from(const std::string& name, const json& j) {
  analysis::IndicatorResult i;
  i.name = name;
  i.label = text_at(j, "label");
  i.unit = text_at(j, "unit");
  i.rule = text_at(j, "rule");
  i.source = text_at(j, "source");
  i.deterministic = numbers(j, "deterministic");
  i.p05 = numbers(j, "p05");
  i.p10 = numbers(j, "p10");
  i.p25 = numbers(j, "p25");
  i.p50 = numbers(j, "p50");
  i.p75 = numbers(j, "p75");
  i.p90 = numbers(j, "p90");
  i.p95 = numbers(j, "p95");
  if (j.contains("nonfinite_paths")) i.nonfinite = j.at("nonfinite_paths").get<std::vector<std::int64_t>>();
  if (j.contains("sign_flip_paths")) i.sign_flips = j.at("sign_flip_paths").get<std::vector<std::int64_t>>();
  if (j.contains("deterministic_sign_flip_years")) {
    i.deterministic_sign_flip_years = j.at("deterministic_sign_flip_years").get<std::vector<int>>();
  }
  if (j.contains("history")) {
    for (const auto& [year, value] : j.at("history").items()) i.history[std::stoi(year)] = number(value);
  }
  return i;
}

analysis::RunResult convert(const json& j) {
  analysis::RunResult r;
  const json& scenario = j.at("scenario");
  r.scenario_id = scenario.at("id").get<std::string>();
  r.title = text_at(scenario, "title");
  r.description = text_at(scenario, "description");
  const json& settings = j.at("settings");
  r.settings.paths = settings.at("paths").get<std::int64_t>();
  r.settings.seed = settings.at("seed").get<std::uint64_t>();
  r.settings.threads = settings.at("threads").get<int>();
  r.settings.processes = settings.value("processes", 1);  // absent before processes were recorded
  r.settings.deterministic = settings.at("deterministic").get<bool>();
  r.settings.command_line = text_at(settings, "command_line");
  r.settings.engine_version = j.at("engine").at("version").get<std::string>();
  r.settings.scenario_file = text_at(scenario, "file");
  r.settings.scenario_sha256 = text_at(scenario, "sha256");
  if (scenario.contains("files")) {
    for (const auto& f : scenario.at("files")) r.settings.scenario_files.emplace_back(text_at(f, "file"), text_at(f, "sha256"));
  }
  r.settings.merged_sha256 = scenario.contains("merged_sha256") ? text_at(scenario, "merged_sha256") : std::string{};
  r.title_inherited = scenario.value("title_inherited", false);
  r.description_inherited = scenario.value("description_inherited", false);
  if (j.contains("warnings")) r.warnings = j.at("warnings").get<std::vector<std::string>>();
  if (j.contains("calibration") && j.at("calibration").value("calibrated", false)) {
    const json& c = j.at("calibration");
    r.calibration = scenario::CalibrationSpec{text_at(c, "method"), c.at("errors").get<std::int64_t>(),
                                              c.at("points").get<std::int64_t>(), c.at("coverage_50").get<double>(),
                                              c.at("coverage_90").get<double>(), SourcePos{}};
  }
  if (j.contains("status_cutoffs")) {
    r.on_track = j.at("status_cutoffs").at("on_track").get<double>();
    r.at_risk = j.at("status_cutoffs").at("at_risk").get<double>();
  }
  r.years = j.at("years").get<std::vector<int>>();
  for (const auto& t : j.at("targets")) r.targets.push_back(target_from(t));
  r.joint_probability = optional_number(j.at("joint"), "probability");
  r.joint_probability_se = optional_number(j.at("joint"), "probability_se");
  for (const auto& [name, value] : j.at("indicators").items()) r.indicators.push_back(indicator_from(name, value));
  if (j.contains("parameters")) {
    for (const auto& p : j.at("parameters")) {
      r.parameters.push_back({p.at("name").get<std::string>(), text_at(p, "source"), text_at(p, "distribution"),
                              p.at("value").get<double>(), number_at(p, "p10"), number_at(p, "p90")});
    }
  }
  if (j.contains("shocks")) {  // since issue 18
    for (const auto& s : j.at("shocks")) {
      r.shocks.push_back({s.at("name").get<std::string>(), text_at(s, "source"), number_at(s, "sd"), number_at(s, "ar")});
    }
  }
  if (j.contains("correlations")) {
    for (const auto& c : j.at("correlations")) {
      r.correlations.push_back({c.at("a").get<std::string>(), c.at("b").get<std::string>(), number_at(c, "rho")});
    }
  }
  const json& diagnostics = j.at("diagnostics");
  r.nonfinite_paths = diagnostics.value("nonfinite_paths", std::int64_t{0});
  r.seconds = number_at(diagnostics, "seconds");
  analysis::add_derived_numbers(r);  // implied levels and the few-paths warning: from what the report stores
  return r;
}

}  // namespace

analysis::RunResult run_from_json(const json& report, const std::string& file) {
  SourcePos where{file};
  if (!report.is_object() || !report.contains("schema") || !report.at("schema").is_string()) {
    throw InputError(where, "not-a-report", "'" + file + "' is JSON but not a goalpath report (no \"schema\")", kHint);
  }
  std::string schema = report.at("schema").get<std::string>();
  if (schema != "goalpath.report/1") {
    throw InputError(where, "not-a-report",
                     "'" + file + "' is a " + schema + " document, not a run report (goalpath.report/1)", kHint);
  }
  try {
    return convert(report);
  } catch (const std::exception& e) {
    // json::exception (a missing or mistyped field) and bad enum texts: the file was edited or truncated.
    throw InputError(where, "not-a-report", "'" + file + "' is not a valid goalpath.report/1 file: " + e.what(),
                     "write it again with `goalpath run --format json`");
  }
}

analysis::RunResult read_run_report(const std::string& file) {
  // The checks a scenario file gets, before the first byte is read: a FIFO or
  // a pipe would block for ever, /dev/zero never ends, and a JSON tree takes
  // many times the size of its text in memory.
  namespace fs = std::filesystem;
  std::error_code ec;
  const fs::file_status status = fs::status(file, ec);
  if (!fs::exists(status)) throw InputError(SourcePos{file}, "file-not-found", "cannot read '" + file + "'", kHint);
  if (!fs::is_regular_file(status)) {
    throw InputError(SourcePos{file}, "file-not-found",
                     "cannot read report '" + file + "': it is not a regular file (a folder, a pipe or a device)", kHint);
  }
  const auto size = fs::file_size(file, ec);
  if (ec || size > kMaxReportBytes) {
    throw InputError(SourcePos{file}, "too-large",
                     "the file is " + std::to_string(size) + " bytes, more than the limit of " +
                         std::to_string(kMaxReportBytes) + " for a report",
                     "compare the scenarios themselves (.yaml) instead of their reports");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) throw InputError(SourcePos{file}, "file-not-found", "cannot read '" + file + "'", kHint);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<std::size_t>(in.gcount()));  // a file that shrank since: what is there
  json report = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (report.is_discarded()) {
    throw InputError(SourcePos{file}, "not-a-report", "'" + file + "' is neither a scenario (.yaml) nor a JSON report",
                     kHint);
  }
  return run_from_json(report, file);
}

}  // namespace goalpath::report

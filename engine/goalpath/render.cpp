// goalpath.hpp: results rendered as the command line writes them. The
// report's language and the CSV byte-order mark are decided here, once for
// every verb.
#include "goalpath/goalpath.hpp"
#include "report/backtest.hpp"
#include "report/brief.hpp"
#include "report/calibrate.hpp"
#include "report/discover.hpp"
#include "report/rolling.hpp"
#include "report/sensitivity.hpp"
#include "report/solve.hpp"
#include "report/sweep.hpp"
#include "report/track.hpp"

namespace goalpath {

namespace {

/// --lang, else the scenario's `language:`, else the locale, else English.
Lang lang_for(const std::string& declared, const RenderOptions& options) {
  return options.lang ? *options.lang : report::default_lang(declared, options.locale);
}

/// Excel opens a CSV in the desktop's code page unless it starts with the
/// UTF-8 byte-order mark; every other reader skips the mark (utf-8-sig).
std::string finished(std::string text, Format format, const RenderOptions& options) {
  if (format == Format::csv && options.csv_byte_order_mark) text.insert(0, "\xEF\xBB\xBF");
  return text;
}

}  // namespace

std::string render(const RunResult& result, Format format, const RenderOptions& options) {
  report::TableStyle style;
  style.color = options.color;
  return finished(report::run_report(result, format, style, lang_for(result.language, options)), format, options);
}
std::string render(const SweepResult& result, Format format, const RenderOptions& options) {
  return finished(report::sweep_report(result, format, lang_for(result.info.language, options)), format, options);
}
std::string render(const SensitivityReport& result, Format format, const RenderOptions& options) {
  return finished(report::sensitivity_report(result, format, lang_for(result.info.language, options)), format, options);
}
std::string render(const SolveResult& result, Format format, const RenderOptions& options) {
  return finished(report::solve_report(result, format, lang_for(result.info.language, options)), format, options);
}
std::string render(const DiscoverResult& result, Format format, const RenderOptions& options) {
  return finished(report::discover_report(result, format, lang_for(result.info.language, options)), format, options);
}
std::string render(const BacktestResult& result, Format format, const RenderOptions& options) {
  return finished(report::backtest_report(result, format, lang_for(result.language, options)), format, options);
}
std::string render(const RollingResult& result, Format format, const RenderOptions& options) {
  return finished(report::rolling_report(result, format, lang_for(result.info.language, options)), format, options);
}
std::string render(const TrackResult& result, Format format, const RenderOptions& options) {
  return finished(report::track_report(result, format, lang_for(result.posterior.language, options)), format, options);
}
std::string render(const CompareResult& result, Format format, const RenderOptions& options) {
  report::TableStyle style;
  style.color = options.color;
  // The report follows A, the scenario the comparison starts from.
  return finished(report::compare_report(result, format, style, lang_for(result.a.language, options)), format, options);
}
std::string render(const PathsNeededResult& result, Format format, const RenderOptions& options) {
  return finished(report::paths_needed_report(result, format, lang_for(result.info.language, options)), format, options);
}
std::string render(const Calibration& result, Format format, const RenderOptions& options) {
  if (format == Format::csv) {
    throw OptionError("format", "csv", "a calibration is written as table (the YAML snippet), json, md or html");
  }
  return report::calibration_report(result, format, lang_for(result.language, options));
}

std::string render(const BandsCalibration& result, Format format, const std::string& extends,
                   const RenderOptions& options) {
  if (format == Format::csv) {
    throw OptionError("format", "csv", "a band calibration is written as table (the YAML variant), json, md or html");
  }
  return report::bands_report(result, format, extends.empty() ? result.info.scenario_file : extends,
                              lang_for(result.info.language, options));
}

std::string render(const CheckResult& result, Format format) {
  if (format != Format::table) throw OptionError("format", report::to_string(format), "a check is written as table");
  return result.summary;
}

std::string render(const BriefResult& result, Format format, const RenderOptions& options) {
  report::TableStyle style;
  style.color = options.color;
  return finished(report::brief_report(result, format, lang_for(result.run.language, options), style), format, options);
}

}  // namespace goalpath

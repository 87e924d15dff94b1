// goalpath.hpp: results rendered as the command line writes them.
#include "goalpath/goalpath.hpp"
#include "report/backtest.hpp"
#include "report/discover.hpp"
#include "report/rolling.hpp"
#include "report/sensitivity.hpp"
#include "report/solve.hpp"
#include "report/sweep.hpp"
#include "report/track.hpp"

namespace goalpath {

std::string render(const RunResult& result, Format format, const RenderOptions& options) {
  report::TableStyle style;
  style.color = options.color;
  return report::run_report(result, format, style);
}
std::string render(const SweepResult& result, Format format) { return report::sweep_report(result, format); }
std::string render(const SensitivityReport& result, Format format) { return report::sensitivity_report(result, format); }
std::string render(const SolveResult& result, Format format) { return report::solve_report(result, format); }
std::string render(const DiscoverResult& result, Format format) { return report::discover_report(result, format); }
std::string render(const BacktestResult& result, Format format) { return report::backtest_report(result, format); }
std::string render(const RollingResult& result, Format format) { return report::rolling_report(result, format); }
std::string render(const TrackResult& result, Format format) { return report::track_report(result, format); }
std::string render(const CompareResult& result, Format format, const RenderOptions& options) {
  report::TableStyle style;
  style.color = options.color;
  return report::compare_report(result, format, style);
}
std::string render(const PathsNeededResult& result, Format format) { return report::paths_needed_report(result, format); }
std::string render(const Calibration& result, Format format) {
  if (format == Format::csv) {
    throw OptionError("format", "csv", "a calibration is written as table (the YAML snippet), json, md or html");
  }
  return report::calibration_report(result, format);
}

std::string render(const BandsCalibration& result, Format format, const std::string& extends) {
  if (format == Format::csv) {
    throw OptionError("format", "csv", "a band calibration is written as table (the YAML variant), json, md or html");
  }
  return report::bands_report(result, format, extends.empty() ? result.info.scenario_file : extends);
}

std::string render(const CheckResult& result, Format format) {
  if (format != Format::table) throw OptionError("format", report::to_string(format), "a check is written as table");
  return result.summary;
}

}  // namespace goalpath

// goalpath calibrate: an indicator's growth from its history, as scenario
// text to paste (goalpath::calibrate); or, with --bands, the shocks' sizes
// from the errors of the scenario's own method, as a variant to write
// (goalpath::calibrate_bands).
#include <filesystem>

#include "app/cli.hpp"

namespace goalpath::app {

namespace {

/// The scenario's path as the variant will name it in `extends:`: relative to
/// the directory the variant is written to (the current one for stdout).
std::string extends_path(const std::string& scenario, const std::string& out) {
  namespace fs = std::filesystem;
  const fs::path from = out.empty() || out == "-" ? fs::current_path() : fs::absolute(out).parent_path();
  std::error_code error;
  fs::path relative = fs::absolute(scenario).lexically_normal().lexically_relative(from.lexically_normal());
  if (relative.empty()) return fs::absolute(scenario).lexically_normal().string();
  return relative.generic_string();
}

}  // namespace

int verb_calibrate(const Invocation& call) {
  std::string file;
  CalibrateOptions o;
  BandsCalibrationOptions bands;
  bool is_bands = false;
  std::optional<int> from, to;
  CommonOptions options;
  po::options_description description("goalpath calibrate options");
  description.add_options()
    ("scenario", po::value<std::string>(&file)->required(), "scenario file")
    ("indicator", po::value<std::string>(&o.indicator), "the indicator whose history is used")
    ("from", po::value<int>()->notifier([&from](int v) { from = v; }), "first year of the window (default: its first observation)")
    ("to", po::value<int>()->notifier([&to](int v) { to = v; }), "last year of the window (default: its last observation)")
    ("bands", po::bool_switch(&is_bands),
     "estimate every shock's sd from the errors of a rolling-origin backtest, and write the variant (instead of --indicator)")
    ("max-horizon", po::value<int>(&bands.max_horizon),
     "with --bands: compare up to this many years after each origin (default: the scenario's own horizon)")
    ("first-origin", po::value<int>(&bands.first_origin), "with --bands: the earliest origin year")
    ("last-origin", po::value<int>(&bands.last_origin), "with --bands: the latest origin year");
  add_common_options(description, options, kPaths | kExecute | kSet | kWrite,
                     {{"format", "table (the YAML: a snippet, or with --bands the variant) | json | md | html"},
                      {"out", "write to FILE (atomically); with --bands, the variant's `extends:` is relative to it"},
                      {"quiet", "no warning on stderr (it stays in the output)"}});
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional,
                       "goalpath calibrate SCENARIO.yaml (--indicator NAME [--from YEAR] [--to YEAR] | --bands "
                       "[--max-horizon H] [--out VARIANT.yaml]) [options]")) {
    return 0;
  }
  const Format format = output_format(options);
  // Refused before the work rather than by render after it.
  if (format == Format::csv) throw UsageError("calibrate writes table (the YAML), json, md or html, not csv");
  if (is_bands) {
    if (!o.indicator.empty() || from || to) {
      throw UsageError("--bands calibrates every shock from the whole history: give --indicator (with --from/--to) or --bands, not both");
    }
    const Scenario scenario = load_scenario(file, options);
    execution_options(options, call, "calibrating", bands);
    const BandsCalibration result = calibrate_bands(scenario, bands);
    if (format == Format::table && result.errors == 0) {
      std::string why;
      for (const auto& shock : result.shocks) why += "\n  " + shock.name + ": " + shock.note;
      throw InputError(SourcePos{file}, "too-few", "no shock of '" + result.info.scenario_id + "' could be calibrated:" + why,
                       "a shock is estimated from an indicator with history whose `growth:` rule names it and no "
                       "other shock, from at least 3 errors of successive observed years; --format json shows the "
                       "rolling evaluation");
    }
    if (!options.quiet) warn(call, result.warnings);
    emit(options, render(result, format, extends_path(file, options.out), render_options(options)));
    return 0;
  }
  if (o.indicator.empty()) throw UsageError("give --indicator NAME (its growth from its history) or --bands (every shock from the rolling backtest)");
  if (bands.max_horizon || bands.first_origin || bands.last_origin) {
    throw UsageError("--max-horizon, --first-origin and --last-origin go with --bands");
  }
  if (options.paths || options.seed || !options.set.empty()) {
    throw UsageError("--indicator reads the history only: --paths, --seed and --set go with --bands");
  }
  o.from_year = from;
  o.to_year = to;
  const Calibration calibration = calibrate(load_scenario(file, options), o);
  if (!calibration.warning.empty() && !options.quiet) warn(call, {calibration.warning});
  emit(options, render(calibration, format, render_options(options)));
  return 0;
}

}  // namespace goalpath::app

// Writers of `goalpath calibrate`: an indicator's growth from its history
// (analysis::Calibration) and, with --bands, every shock sized on the
// rolling backtest's errors (analysis::BandsCalibration).
//
// table is the scenario text, a contract: the YAML snippet to paste
// (calibration_yaml) or the variant to write (bands_yaml); json gives
// goalpath.calibrate/1 and goalpath.bands/1 (REPORT_JSON.md); md and html
// present the same study for people (build_*_document, report/build/).
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "analysis/calibrate.hpp"
#include "analysis/calibrate_bands.hpp"
#include "report/document.hpp"
#include "report/report.hpp"

namespace goalpath::report {

/// Scenario text a planner can paste: the growth parameter, the yearly
/// shock, and comments with the data behind them and any warning.
std::string calibration_yaml(const analysis::Calibration& calibration);
nlohmann::json calibration_to_json(const analysis::Calibration& calibration);
/// The history, its growth, the estimate and what to write in the scenario.
Document build_calibration_document(const analysis::Calibration& calibration, Lang lang);
/// table (the YAML), json, md or html; csv throws std::invalid_argument.
std::string calibration_report(const analysis::Calibration& calibration, Format format, Lang lang = Lang::en);

/// `goalpath calibrate --bands`: the variant to write (table), extending the
/// scenario at `extends` (a path as the variant's file will name it), with
/// the calibration as comments; or the numbers (json, goalpath.bands/1).
std::string bands_yaml(const analysis::BandsCalibration& result, const std::string& extends);
nlohmann::json bands_to_json(const analysis::BandsCalibration& result);
/// Coverage before and after (50% and 90%, with points), each shock's
/// assumed and calibrated sd with its SE and bias flag, the coverage chart,
/// the warnings, the provenance last.
Document build_bands_document(const analysis::BandsCalibration& result, Lang lang);
/// table (bands_yaml), json, md or html; csv throws std::invalid_argument.
std::string bands_report(const analysis::BandsCalibration& result, Format format, const std::string& extends,
                         Lang lang = Lang::en);

/// Free text on one line (for a YAML comment or a one-line string).
std::string one_line(const std::string& text);

}  // namespace goalpath::report

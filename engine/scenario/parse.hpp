// Checked conversion of Doc nodes to values; private to the scenario module.
#pragma once

#include <algorithm>
#include <cmath>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "scenario/doc.hpp"

namespace goalpath::scenario::detail {

/// Every key of `doc` must be in `allowed`; `what` names the mapping in the message.
void expect_keys(const Doc& doc, const std::vector<std::string>& allowed, const std::string& what);
const Doc& require_key(const Doc& doc, const std::string& key, const std::string& what,
                       const std::string& hint = {});
const Doc& expect_kind(const Doc& doc, Doc::Kind kind, const std::string& what);
double to_number(const Doc& doc, const std::string& what);
int to_year(const Doc& doc, const std::string& what);
std::string to_text(const Doc& doc, const std::string& what);
ExprText to_expr(const Doc& doc, const std::string& what);
/// Parses a whole string as a finite number (no trailing characters).
bool parse_number(const std::string& text, double& out);

/// Range and consistency checks of one parameter, shared by the loader and `--set`.
void check_parameter(const ParameterSpec& parameter);
void check_shock(const ShockSpec& shock);

/// `calibration:` (SCENARIO_FORMAT.md): every key required, the counts whole
/// numbers >= 1, the coverages fractions in [0, 1]; nullopt when absent or null.
std::optional<CalibrationSpec> parse_calibration(const Doc& top);

/// A variant's change to its parent's shocks that changes the bands: where,
/// and what in words ("the variant restates the sd of shock 'x' (0.02, was 0.01)").
struct ShockChange {
  SourcePos pos;
  std::string what;
};
/// The first shock of `child` (a variant before merging) that `parent` (the
/// merged tree it extends) lacks, or whose sd or ar it restates with another
/// value; nullopt when the child keeps the parent's shock sizes (restating
/// only a `source`, or a value as it was).
std::optional<ShockChange> changed_shock(const Doc& parent, const Doc& child);
/// The warning when a calibration is dropped: `change` (what and where),
/// the file whose `calibration:` no longer applies, and the fix.
std::string calibration_dropped(const std::string& change, const std::string& calibrated_file, const std::string& fix);

/// A value an indicator's history takes from a history file.
struct FileValue {
  double value = 0.0;
  std::string source;   // "FILE:LINE", the file as written in the YAML
  SourcePos pos;        // of the value cell, in the CSV file
  SourcePos entry_pos;  // of the indicator under `series:`, in the YAML
};
/// Two statements of one observed value agree: equal up to rounding (a file's
/// 12.5 with scale: 0.01 and an inline 0.125).
inline bool same_observation(double a, double b) { return std::abs(a - b) <= 1e-12 * std::max(std::abs(a), std::abs(b)); }

using FileHistory = std::map<std::string, std::map<int, FileValue>>;  // indicator -> year -> value

/// Reads every entry of `history_files:` (SCENARIO_FORMAT.md, "History
/// files"); `indicators` is the scenario's `indicators:` mapping, for names.
/// Two entries that give one indicator-year must agree.
FileHistory read_history_files(const Doc& top, const Doc& indicators, const LoadLimits& limits);

/// Doc (after extends) -> ScenarioSpec; reads the history files it names.
ScenarioSpec build_spec(const Doc& doc, const LoadLimits& limits = {});

}  // namespace goalpath::scenario::detail

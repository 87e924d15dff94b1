// Report writers: every verb's result as a terminal table, JSON, CSV,
// Markdown or a self-contained HTML page. Writers read only the analysis
// results (RunResult, ...), never the simulator.
//
// JSON field names follow CLI.md ("Report JSON") and are a contract: add
// fields, never rename. Numbers that are not defined (a growth rate from a
// level of zero, a quantile of no finite values) are JSON null.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

#include "analysis/run.hpp"

namespace goalpath::report {

enum class Format { table, json, csv, md, html };
const char* to_string(Format format);
std::optional<Format> format_from_string(std::string_view text);

struct TableStyle {
  bool color = false;  // ANSI colours (only on a terminal)
};

/// `goalpath run` in each format.
nlohmann::json run_to_json(const analysis::RunResult& result);
std::string run_table(const analysis::RunResult& result, const TableStyle& style = {});
std::string run_report(const analysis::RunResult& result, Format format, const TableStyle& style = {});

/// A number for people: thousands without decimals, small values with four
/// significant digits; "—" for NaN.
std::string human_number(double value);
/// 0.312 -> "31.2%".
std::string percent(double fraction, int decimals = 1);

/// Hex SHA-256 of a file's bytes ("" when it cannot be read).
std::string sha256_file(const std::string& path);

/// Writes `content` to `path` through a temporary file in the same folder
/// renamed into place, so a reader never sees a partial file and a failure
/// leaves any previous file untouched.
void write_file_atomically(const std::string& path, const std::string& content);

}  // namespace goalpath::report

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
#include <stdexcept>
#include <string>
#include <string_view>

#include "analysis/compare.hpp"
#include "analysis/run.hpp"
#include "report/language.hpp"

namespace goalpath::report {

struct Document;

enum class Format { table, json, csv, md, html };
const char* to_string(Format format);
std::optional<Format> format_from_string(std::string_view text);

struct TableStyle {
  bool color = false;  // ANSI colours (only on a terminal)
};

/// `goalpath run` in each format.
nlohmann::json run_to_json(const analysis::RunResult& result);
std::string run_table(const analysis::RunResult& result, const TableStyle& style = {}, Lang lang = Lang::en);
/// Long format, one value per row (RFC 4180, CRLF line ends). Columns:
/// scenario, section (meta | target | joint | indicator | parameter |
/// diagnostics), target, indicator, parameter, year, statistic, value.
/// Reproducibility (engine version, file, sha256, seed, paths, threads,
/// command line) is in the section=meta rows; an undefined number is empty.
/// Starts with the UTF-8 byte-order mark (EF BB BF) unless `byte_order_mark`
/// is false, so that Excel on Chinese Windows reads the labels as UTF-8.
/// run_report(…, Format::csv) writes it without: goalpath::render adds the
/// mark for every verb (RenderOptions::csv_byte_order_mark).
std::string run_csv(const analysis::RunResult& result, bool byte_order_mark = true);
/// GitHub-flavoured Markdown: title, settings, targets table, indicators in
/// the last year, assumptions, diagnostics, reproducibility.
std::string run_markdown(const analysis::RunResult& result, Lang lang = Lang::en);
/// One self-contained HTML page (charts.hpp): dashboard, targets, a fan chart
/// per indicator, assumptions, diagnostics and a reproducibility box.
std::string run_html(const analysis::RunResult& result, Lang lang = Lang::en);
std::string run_report(const analysis::RunResult& result, Format format, const TableStyle& style = {},
                       Lang lang = Lang::en);

/// A report written by `goalpath run --format json`, read back into the
/// RunResult it was written from (what the JSON does not carry, such as
/// quantile min/max, stays zero). Throws InputError (code not-a-report, at
/// `file`) when the file is not JSON or not a goalpath.report/1 document.
analysis::RunResult read_run_report(const std::string& file);
/// The largest report read_run_report reads: a report of the largest
/// scenario is a few megabytes, and its JSON tree takes about ten times that.
inline constexpr std::uintmax_t kMaxReportBytes = 32u << 20;
analysis::RunResult run_from_json(const nlohmann::json& report, const std::string& file);

/// The report model of `goalpath run` (report/document.hpp): what every
/// human-readable format of a run renders.
Document build_run_document(const analysis::RunResult& result, Lang lang = Lang::en);
/// `goalpath compare`: A and B side by side, the answer first, provenance last.
Document build_compare_document(const analysis::CompareResult& result, Lang lang = Lang::en);

/// `goalpath compare A B` in each format (CLI.md: "compare --format json").
nlohmann::json compare_to_json(const analysis::CompareResult& result);
std::string compare_table(const analysis::CompareResult& result, const TableStyle& style = {}, Lang lang = Lang::en);
/// Columns: section, target, indicator, parameter, year, statistic, a, b, delta (B - A).
/// Starts with the UTF-8 byte-order mark unless `byte_order_mark` is false.
std::string compare_csv(const analysis::CompareResult& result, bool byte_order_mark = true);
std::string compare_markdown(const analysis::CompareResult& result, Lang lang = Lang::en);
/// Self-contained page; A and B fan charts overlaid for every shared indicator.
std::string compare_html(const analysis::CompareResult& result, Lang lang = Lang::en);
std::string compare_report(const analysis::CompareResult& result, Format format, const TableStyle& style = {},
                           Lang lang = Lang::en);

/// The one sentence every report states about the bands (schema/REPORT_JSON.md,
/// `calibration`): "bands calibrated on N forecast errors; 90% band coverage
/// in backtest Z% (K of M points)" for a calibrated scenario, else that the
/// shock sizes are the scenario's assumptions. `goalpath check` says it too.
/// With Lang::zh the sentence is in Chinese (pages and tables); JSON, CSV and
/// `check` keep the English one.
std::string calibration_statement(const std::optional<scenario::CalibrationSpec>& calibration);
std::string calibration_statement(const std::optional<scenario::CalibrationSpec>& calibration, Lang lang);

/// A number for people: thousands without decimals, small values with four
/// significant digits; "—" for NaN.
std::string human_number(double value);
/// 0.312 -> "31.2%".
std::string percent(double fraction, int decimals = 1);

/// Text for a terminal: every control character a title, label or name
/// could carry (ESC, which starts escape sequences that retitle windows or
/// rewrite the screen; CR; BEL; C1 controls) made visible (^[ ...), except
/// line breaks, tabs and, with `keep_colour`, colour (SGR) sequences such as
/// the table writer adds.
std::string terminal_safe(std::string_view text, bool keep_colour = false);

/// Hex SHA-256 of a file's bytes ("" when it cannot be read).
std::string sha256_file(const std::string& path);
/// Hex SHA-256 of `text`'s bytes.
std::string sha256_text(const std::string& text);

/// Writes `content` to `path` through a temporary file in the same folder
/// (created as mkstemp does, fsync'ed) renamed into place, so a reader never
/// sees a partial file and a failure leaves any previous file untouched. The
/// replaced file keeps its permission bits; a symlink keeps pointing at the
/// new file. A character device or FIFO (/dev/null, /dev/stdout) is written
/// in place, never replaced; anything else that is not a regular file is
/// refused. Throws std::runtime_error on any failure (a full disk included).
/// `create_only`: the file must not exist yet (a planted name or symlink
/// included): the temporary is linked into place, which fails atomically
/// when the name is taken (FileExists), so nothing is ever overwritten.
struct FileExists : std::runtime_error {
  using std::runtime_error::runtime_error;
};
enum class WriteMode { replace, create_only };
void write_file_atomically(const std::string& path, const std::string& content, WriteMode mode = WriteMode::replace);

}  // namespace goalpath::report

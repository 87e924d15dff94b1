// Internal helpers shared by the CSV, Markdown and HTML writers of every
// verb: quoting rules of each format and the wording of common cells. Not
// part of the report module's interface.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "analysis/run.hpp"
#include "report/language.hpp"

namespace goalpath::report::detail {

/// Starts every CSV a person may open (run, compare, track): Excel reads a
/// file without it in the system's code page, which garbles Chinese labels
/// on Chinese Windows.
inline constexpr const char* kUtf8ByteOrderMark = "\xEF\xBB\xBF";

/// One RFC 4180 field: quoted (with "" for ") when it holds a comma, a quote,
/// a line break or leading/trailing space; as is otherwise.
std::string csv_field(std::string_view text);
/// One CSV record from its fields, ended by CRLF as RFC 4180 asks.
std::string csv_record(const std::vector<std::string>& fields);
/// Shortest text that reads back as the same double; "" (a missing value) for NaN and infinities.
std::string exact_number(double value);

/// Plain text for Markdown (a table cell or a paragraph): | and the
/// characters that would start markup or raw HTML (\ ` * [ ] < >) are
/// backslash-escaped and line breaks become spaces, so every table row keeps
/// its column count and a label never turns into a link or a tag.
std::string md_escape(std::string_view text);
/// Inline code with a backtick fence longer than any run inside the text.
std::string md_code(std::string_view text);
/// A GitHub-flavoured Markdown table; `numeric[c]` right-aligns column c.
/// Cells are escaped here.
std::string md_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                     const std::vector<bool>& numeric);

/// Columns a terminal gives UTF-8 text: CJK and full-width characters two,
/// U+2000–U+2FFF (dashes, arrows, ≥, the calibration mark) one, ANSI
/// colour sequences none.
std::size_t display_width(std::string_view text);
/// Rows as aligned columns for a terminal (CJK counts two columns, ANSI
/// colour sequences none);
/// right[c] right-aligns column c. Trailing spaces are trimmed.
std::string aligned_columns(const std::vector<std::vector<std::string>>& rows, const std::vector<bool>& right);
/// A change in probability as percentage points: "+12.3 pts"; "—" when absent.
std::string points(const std::optional<double>& delta);
/// "+19.7 ± 0.22 pts" when `se` is given (a change between independent runs), else points(delta).
std::string points(const std::optional<double>& delta, const std::optional<double>& se);
/// The same in the report's language: "+12.3 pts" / "+12.3个百分点".
std::string points(const std::optional<double>& delta, const std::optional<double>& se, Lang lang);

/// How ask_text words a target: `bound` "≥ 50000 亿元", "every year ≥ 0.25
/// share", "growth ≥ 10.0%/yr"; `with_years` "2028 ≥ 1200", "every year
/// 2024–2028 ≥ 0.3", "growth 2023–2028 ≥ 8.0%/yr" (no unit); `ascii` for the
/// terminal table's narrow column: "2027 >= 50000", "every 2024–2028 >= 0.3",
/// "cagr 2023–2028 >= 0.08".
enum class AskWords { bound, with_years, ascii };
/// What a target asks, for people: the one place that spells a TargetAsk.
std::string ask_text(const analysis::TargetAsk& ask, const std::string& unit = "", AskWords words = AskWords::bound,
                     Lang lang = Lang::en);
/// A target's measured value with its unit: "48549 亿元"; a cagr target's as a rate, "10.5%/yr".
std::string measured_text(const analysis::TargetAsk& ask, double value, const std::string& unit, Lang lang = Lang::en);
/// "acceleration_needed" -> "acceleration needed".
std::string words(std::string_view code);
/// A probability with its standard error ("31.2% ± 0.3%"), or the
/// deterministic verdict ("met" / "not met") when there is none.
std::string probability_text(const analysis::TargetResult& target, Lang lang = Lang::en);
/// The settings of a run in one line: "20000 paths, seed 7, years 2023–2028" (no thread count: it changes no number).
std::string settings_line(const analysis::RunResult& result, Lang lang = Lang::en);
/// "N paths produced a value that is not a number (...): target T (n paths),
/// indicator I (m path-years)...; they are left out of the probabilities.",
/// led by the indicators where a growth rate below -100% would have turned
/// a level negative. Empty when every value was finite.
std::string nonfinite_warning(const analysis::RunResult& result, Lang lang = Lang::en);
/// "only 400 paths: probabilities are rough (standard error up to 2.5%)."
/// from RunResult::few_paths_se; empty when the run has enough paths.
std::string few_paths_warning(const analysis::RunResult& result, Lang lang = Lang::en);
/// Every warning a report of `result` shows, in this order: values that were
/// not finite, too few paths, then the model's own (RunResult::warnings, as
/// the model words them). Every format shows these same ones.
std::vector<std::string> run_warnings(const analysis::RunResult& result, Lang lang = Lang::en);

/// Beside each probability of a calibrated scenario; the footnote under the
/// targets table starts with it and states calibration_statement().
inline constexpr const char* kCalibratedMark = "†";
/// `probability` followed by the mark when `run` is calibrated and there is a probability to mark.
std::string marked(const analysis::RunResult& run, std::string probability);
/// The line under a targets table: "† STATEMENT" for a calibrated scenario
/// with probabilities, else the statement plain.
std::string calibration_footnote(const analysis::RunResult& run, Lang lang = Lang::en);
/// The CSV meta rows (key, value) of run and track: calibrated, the block's
/// five fields when calibrated, and the statement.
std::vector<std::pair<std::string, std::string>> calibration_meta(const analysis::RunResult& run);
/// The `calibration` object of goalpath.report/1 and goalpath.track/1.
nlohmann::json calibration_json(const analysis::RunResult& run);

/// Blocks of `goalpath.report/1` that other reports repeat as they are:
/// `scenario` (id, title, file, sha256, files, merged_sha256, inherited
/// flags), `indicators` (NAME: deterministic, p05 ... p95, history, ...) and
/// a target's `signposts` ([{year, indicator, at_50, at_50_se, at_80, at_80_se, paths}]).
nlohmann::json scenario_json(const analysis::RunResult& run);
/// A quantiles block {p05, p10, p25, p50, p75, p90, p95} (null for a quantile that is not finite).
nlohmann::json quantiles_json(const sim::Quantiles& quantiles);
nlohmann::json indicators_json(const analysis::RunResult& run);
nlohmann::json signposts_json(const std::vector<analysis::TargetSignpost>& signposts);

}  // namespace goalpath::report::detail

// A small RFC 4180 reader for history files (SCENARIO_FORMAT.md, "History
// files"): Debian ships no CSV library among our dependencies, and the
// format is small enough to read carefully here. Private to the scenario
// module.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace goalpath::scenario::detail {

struct CsvCell {
  std::string text;     // unquoted: "" inside quotes becomes "
  int line = 0, col = 0;  // of its first character (inside the quotes); columns count characters
};

struct CsvRow {
  int line = 0;      // where the row starts (a quoted cell may span lines)
  int end_col = 0;   // the column just past its last cell, on the line where it ends
  int end_line = 0;
  std::vector<CsvCell> cells;
};

/// The most cells in one row: a row is held whole, and a file of commas
/// would otherwise hold millions of cells at once.
inline constexpr std::size_t kMaxCsvCells = 100000;

/// Reads `text` (already plain_text: \n line breaks, no byte-order mark)
/// row by row, calling `row` for each; lines with nothing on them are
/// skipped. InputError (code csv-syntax) at the place in `file` of a quote
/// never closed, text after a closing quote, or a row of too many cells.
/// A quote inside a cell that does not start with one is kept as text, as
/// spreadsheets read it.
void read_csv(const std::string& text, const std::string& file, const std::function<void(const CsvRow&)>& row);

}  // namespace goalpath::scenario::detail

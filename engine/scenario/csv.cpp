#include "scenario/csv.hpp"

#include "common/error.hpp"

namespace goalpath::scenario::detail {

void read_csv(const std::string& text, const std::string& file, const std::function<void(const CsvRow&)>& on_row) {
  const std::size_t n = text.size();
  std::size_t k = 0;
  int line = 1, col = 1;
  // Columns count characters, as editors show them: a UTF-8 continuation
  // byte does not move the column.
  auto advance = [&] {
    const auto c = static_cast<unsigned char>(text[k++]);
    if (c == '\n') {
      ++line;
      col = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++col;
    }
  };
  CsvRow row;
  while (k < n) {
    row.line = line;
    row.cells.clear();
    bool any_quoted = false;
    while (true) {
      CsvCell cell;
      cell.line = line;
      cell.col = col;
      if (k < n && text[k] == '"') {
        any_quoted = true;
        const int quote_line = line, quote_col = col;
        advance();
        cell.line = line;
        cell.col = col;
        while (true) {
          if (k >= n) {
            throw InputError(SourcePos{file, quote_line, quote_col}, "csv-syntax",
                             "the quote that opens this cell is never closed: the cell runs to the end of the file",
                             "close the cell with a quote; a quote inside a quoted cell is written twice (\"\")");
          }
          if (text[k] == '"') {
            advance();
            if (k < n && text[k] == '"') {
              cell.text += '"';
              advance();
              continue;
            }
            break;
          }
          cell.text += text[k];
          advance();
        }
        if (k < n && text[k] != ',' && text[k] != '\n') {
          throw InputError(SourcePos{file, line, col}, "csv-syntax",
                           "text after the closing quote of a cell",
                           "a quoted cell ends at its closing quote and the next comma; write a quote inside a "
                           "quoted cell twice (\"\"), e.g. \"5\"\" screen\"");
        }
      } else {
        while (k < n && text[k] != ',' && text[k] != '\n') {
          cell.text += text[k];
          advance();
        }
      }
      row.cells.push_back(std::move(cell));
      if (row.cells.size() > kMaxCsvCells) {
        throw InputError(SourcePos{file, line, col}, "too-large",
                         "this row has more than " + std::to_string(kMaxCsvCells) + " cells",
                         "a history file has a few columns; check that this is the right file");
      }
      if (k < n && text[k] == ',') {
        advance();
        continue;
      }
      row.end_line = line;
      row.end_col = col;
      if (k < n) advance();  // the line break
      break;
    }
    if (row.cells.size() == 1 && row.cells[0].text.empty() && !any_quoted) continue;  // an empty line
    on_row(row);
  }
}

}  // namespace goalpath::scenario::detail

// `history_files:`: observed values read from CSV files (SCENARIO_FORMAT.md,
// "History files"). Errors about a cell point into the CSV file; errors
// about what the YAML asks for point into the YAML.
#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <set>

#include "scenario/csv.hpp"
#include "scenario/parse.hpp"

namespace goalpath::scenario::detail {
namespace {

namespace fs = std::filesystem;

constexpr int kFirstYear = 1800, kLastYear = 2200;
constexpr std::size_t kMaxEntries = 100;

/// What one indicator takes from the file (one entry under `series:`).
struct Request {
  std::string indicator, series;
  SourcePos indicator_pos, series_pos;
  double scale = 1.0;
  std::set<int> years;  // empty: every year
  std::vector<std::pair<const Doc*, int>> year_docs;  // for "not in the file" errors
  std::vector<std::pair<std::string, std::string>> where;  // column, text
  std::vector<SourcePos> where_pos;                        // of each column name
  SourcePos where_key_pos;
  std::map<int, FileValue> values;
  std::map<int, int> line_of;  // year -> row line, for duplicates
};

std::string number_text(double value) {
  char buffer[32];
  std::snprintf(buffer, sizeof buffer, "%.10g", value);
  return buffer;
}

std::string trim(const std::string& text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string::npos) return {};
  return text.substr(first, text.find_last_not_of(" \t") - first + 1);
}

std::string short_list(const std::vector<CsvCell>& cells) {
  std::string out;
  for (std::size_t k = 0; k < cells.size() && k < 6; ++k) out += (k ? ", " : "") + ("'" + cells[k].text.substr(0, 40) + "'");
  if (cells.size() > 6) out += ", …";
  return out;
}

Request parse_request(const std::string& indicator, const SourcePos& key_pos, const Doc& doc) {
  Request r;
  r.indicator = indicator;
  r.indicator_pos = key_pos;
  const std::string what = "the history file series of '" + indicator + "'";
  if (doc.kind == Doc::Kind::scalar) {
    r.series = to_text(doc, what);
    r.series_pos = doc.pos;
    return r;
  }
  expect_kind(doc, Doc::Kind::map, what);
  expect_keys(doc, {"series", "scale", "years", "where"}, what);
  const Doc& series = require_key(doc, "series", what, "name the file's series, e.g. series: gdp_total");
  r.series = to_text(series, "series");
  r.series_pos = series.pos;
  if (const Doc* scale = doc.find("scale")) {
    r.scale = to_number(*scale, "the scale of '" + indicator + "'");
    if (r.scale == 0) {
      throw InputError(scale->pos, "bad-value", "the scale of '" + indicator + "' is 0: every value would be 0",
                       "scale multiplies every value of the series, e.g. scale: 0.01 turns percent into a share");
    }
  }
  if (const Doc* years = doc.find("years")) {
    expect_kind(*years, Doc::Kind::sequence, "years");
    for (const Doc& y : years->items) {
      const int year = to_year(y, "a year of '" + indicator + "'");
      r.years.insert(year);
      r.year_docs.emplace_back(&y, year);
    }
    if (r.years.empty()) {
      throw InputError(years->pos, "bad-value", "years: lists no year, so '" + indicator + "' would take nothing",
                       "list the years to take, e.g. years: [2023, 2024], or delete years: to take every year");
    }
  }
  if (const Doc* where = doc.find("where")) {
    expect_kind(*where, Doc::Kind::map, "where");
    r.where_key_pos = doc.pos_of_key("where");
    for (std::size_t i = 0; i < where->entries.size(); ++i) {
      r.where.emplace_back(where->entries[i].first, to_text(where->entries[i].second, "where " + where->entries[i].first));
      r.where_pos.push_back(where->key_pos[i]);
    }
  }
  return r;
}

std::string read_bytes(const std::string& path, const std::string& written, const SourcePos& at,
                       const LoadLimits& limits) {
  std::error_code ec;
  // Regular files only: a device (/dev/zero) or a FIFO never ends or blocks.
  if (!fs::is_regular_file(path, ec)) {
    throw InputError(at, "file-not-found", "cannot read history file '" + written + "'" + (path == written ? "" : " (" + path + ")"),
                     fs::is_directory(path, ec) ? "it is a folder; name a .csv file"
                     : fs::exists(path, ec)     ? "it is not a regular file; name a .csv file"
                                                : "the path is relative to the folder of the YAML file that names it");
  }
  const auto size = fs::file_size(path, ec);
  if (ec || size > limits.max_history_file_bytes) {
    throw InputError(at, "too-large",
                     "history file '" + written + "' is " + std::to_string(size) + " bytes, more than the limit of " +
                         std::to_string(limits.max_history_file_bytes),
                     "a history file holds yearly values and is kilobytes; check that this is the right file");
  }
  std::ifstream in(path, std::ios::binary);
  std::string text(static_cast<std::size_t>(size), '\0');
  in.read(text.data(), static_cast<std::streamsize>(size));
  text.resize(static_cast<std::size_t>(in.gcount()));  // the file may have shrunk since
  if (in.bad()) throw InputError(at, "file-not-found", "cannot read history file '" + written + "'", "check its permissions");
  return text;
}

int cell_year(const CsvCell& cell, const std::string& file) {
  double value = 0.0;
  const std::string text = trim(cell.text);
  if (!parse_number(text, value)) {
    throw InputError(SourcePos{file, cell.line, cell.col}, "wrong-type",
                     "the year must be a number, not '" + cell.text.substr(0, 40) + "'",
                     "write a four-digit year such as 2023 in the year column");
  }
  if (value != std::floor(value) || value < kFirstYear || value > kLastYear) {
    throw InputError(SourcePos{file, cell.line, cell.col}, "bad-years",
                     "the year must be a whole year from " + std::to_string(kFirstYear) + " to " +
                         std::to_string(kLastYear) + ", not " + text,
                     "write a four-digit year such as 2023 in the year column");
  }
  return static_cast<int>(value);
}

/// Adds the value of `cell` for `year` to `r` (an empty cell is no observation).
void take(Request& r, int year, const CsvCell& cell, const CsvRow& row, const std::string& file,
          const std::string& written) {
  const std::string text = trim(cell.text);
  if (text.empty() || (!r.years.empty() && !r.years.count(year))) return;
  double value = 0.0;
  if (!parse_number(text, value)) {
    throw InputError(SourcePos{file, cell.line, cell.col}, "wrong-type",
                     "the value of series '" + r.series + "' in " + std::to_string(year) + " must be a number, not '" +
                         cell.text.substr(0, 40) + "'",
                     "write a plain decimal number such as 1234.5 (no thousands separators, units or %; for percent "
                     "write the number and give the entry scale: 0.01)");
  }
  if (auto seen = r.line_of.find(year); seen != r.line_of.end()) {
    throw InputError(SourcePos{file, cell.line, cell.col}, "duplicate-id",
                     "series '" + r.series + "' has two rows for " + std::to_string(year) + ", on lines " +
                         std::to_string(seen->second) + " and " + std::to_string(row.line),
                     "pick one with where: (e.g. where: {status: A}) or years:, in the entry of '" + r.indicator + "'");
  }
  value *= r.scale;
  if (!std::isfinite(value)) {
    throw InputError(SourcePos{file, cell.line, cell.col}, "bad-value",
                     "the value times the scale of '" + r.indicator + "' is not a finite number", "check scale:");
  }
  r.line_of[year] = row.line;
  r.values[year] = FileValue{value, written + ":" + std::to_string(row.line), SourcePos{file, cell.line, cell.col},
                             r.indicator_pos};
}

void check_cell_count(const CsvRow& row, std::size_t header_cells, const std::string& file) {
  if (row.cells.size() == header_cells) return;
  const bool more = row.cells.size() > header_cells;
  const SourcePos at = more ? SourcePos{file, row.cells[header_cells].line, row.cells[header_cells].col}
                            : SourcePos{file, row.end_line, row.end_col};
  throw InputError(at, "csv-syntax",
                   "this row has " + std::to_string(row.cells.size()) + " cells, the header (line 1) has " +
                       std::to_string(header_cells),
                   "a cell that holds a comma must be in quotes (\"1,234\"); check for a missing or extra comma");
}

/// Reads one `history_files:` entry into its requests.
void read_entry(const Doc& item, const std::set<std::string>& indicator_names, const std::vector<std::string>& names,
                const LoadLimits& limits, std::vector<Request>& requests) {
  expect_kind(item, Doc::Kind::map, "an entry of history_files");
  expect_keys(item, {"file", "series"}, "an entry of history_files");
  const Doc& file_doc = require_key(item, "file", "an entry of history_files",
                                    "add `file: PATH.csv`, relative to the folder of this YAML file");
  const std::string written = to_text(file_doc, "file");
  const Doc& series = require_key(item, "series", "an entry of history_files",
                                  "add `series:` mapping indicators to the file's series, e.g. series: { gdp: gdp_total }");
  expect_kind(series, Doc::Kind::map, "series");
  if (series.entries.empty()) {
    throw InputError(series.pos, "bad-value", "series: maps no indicator, so the file gives nothing",
                     "map indicators to the file's series, e.g. series: { gdp: gdp_total }");
  }
  // Only CSV files: errors quote a file's header and series names, and must
  // never show a line of some other file (history_files: /etc/shadow).
  std::string extension = fs::path(written).extension().string();
  std::transform(extension.begin(), extension.end(), extension.begin(), [](unsigned char c) { return std::tolower(c); });
  if (extension != ".csv") {
    throw InputError(file_doc.pos, "bad-value", "history_files names '" + written + "', which is not a .csv file",
                     "save the sheet as CSV (UTF-8) and name the .csv file, e.g. file: history.csv");
  }
  const std::string path = (fs::path(file_doc.pos.file).parent_path() / written).lexically_normal().string();
  std::vector<Request> mine;
  for (std::size_t i = 0; i < series.entries.size(); ++i) {
    const std::string& indicator = series.entries[i].first;
    if (!indicator_names.count(indicator)) {
      throw InputError(series.key_pos[i], "unknown-name", "history_files: no indicator is called '" + indicator + "'",
                       did_you_mean(indicator, names));
    }
    mine.push_back(parse_request(indicator, series.key_pos[i], series.entries[i].second));
  }
  const std::string text = plain_text(read_bytes(path, written, file_doc.pos, limits));
  require_utf8(text, path);

  bool header_read = false, wide = false;
  std::vector<CsvCell> header;
  std::size_t series_col = 0, year_col = 0, value_col = 0;
  std::set<std::string> file_series;
  std::vector<std::vector<std::pair<std::size_t, std::string>>> filters(mine.size());  // column index, text
  std::vector<std::size_t> wide_col(mine.size());
  // A long file's rows find their entries by series: a row per entry was
  // quadratic in a scenario of thousands of indicators.
  std::multimap<std::string, std::size_t> by_series;
  for (std::size_t m = 0; m < mine.size(); ++m) by_series.emplace(mine[m].series, m);
  read_csv(text, path, [&](const CsvRow& row) {
    if (!header_read) {
      header_read = true;
      header = row.cells;
      std::vector<std::string> columns;
      for (auto& cell : header) columns.push_back(cell.text = trim(cell.text));
      auto find = [&](const std::string& name) {
        return static_cast<std::size_t>(std::find(columns.begin(), columns.end(), name) - columns.begin());
      };
      series_col = find("series"), year_col = find("year"), value_col = find("value");
      const bool is_long = series_col < columns.size() && year_col < columns.size() && value_col < columns.size();
      wide = !is_long && columns[0] == "year";
      if (!is_long && !wide) {
        throw InputError(SourcePos{path, row.line, 1}, "csv-syntax",
                         "the header of history file '" + written + "' is " + short_list(header) +
                             ": neither of the two layouts a history file may have",
                         "long: a header with columns series, year and value (others are ignored), one row per "
                         "series and year; wide: a header whose first cell is year and whose other cells name "
                         "series, one row per year");
      }
      std::set<std::string> named;
      for (std::size_t c = 0; c < columns.size(); ++c) {
        if (!columns[c].empty() && !named.insert(columns[c]).second) {
          throw InputError(SourcePos{path, header[c].line, header[c].col}, "duplicate-id",
                           "the header names column '" + columns[c] + "' twice", "give each column its own name");
        }
      }
      for (std::size_t m = 0; m < mine.size(); ++m) {
        if (wide && !mine[m].where.empty()) {
          throw InputError(mine[m].where_key_pos, "bad-value",
                           "where: picks rows of a long file, but '" + written + "' is wide (one column per series)",
                           "delete where:; in a wide file each series is a column and each row a year");
        }
        for (std::size_t w = 0; w < mine[m].where.size(); ++w) {
          const std::size_t c = find(mine[m].where[w].first);
          if (c >= columns.size()) {
            throw InputError(mine[m].where_pos[w], "unknown-name",
                             "where: history file '" + written + "' has no column '" + mine[m].where[w].first + "'",
                             did_you_mean(mine[m].where[w].first, columns));
          }
          filters[m].emplace_back(c, mine[m].where[w].second);
        }
        if (wide) {
          wide_col[m] = find(mine[m].series);
          if (wide_col[m] == 0 || wide_col[m] >= columns.size()) {
            throw InputError(mine[m].series_pos, "unknown-name",
                             "history file '" + written + "' has no series '" + mine[m].series + "'",
                             did_you_mean(mine[m].series, std::vector<std::string>(columns.begin() + 1, columns.end())));
          }
        }
      }
      return;
    }
    check_cell_count(row, header.size(), path);
    if (wide) {
      if (std::all_of(row.cells.begin(), row.cells.end(), [](const CsvCell& c) { return trim(c.text).empty(); })) return;
      const int year = cell_year(row.cells[0], path);
      for (std::size_t m = 0; m < mine.size(); ++m) take(mine[m], year, row.cells[wide_col[m]], row, path, written);
      return;
    }
    const std::string name = trim(row.cells[series_col].text);
    file_series.insert(name);
    for (auto [m, end] = by_series.equal_range(name); m != end; ++m) {
      const bool kept = std::all_of(filters[m->second].begin(), filters[m->second].end(), [&](const auto& f) {
        return trim(row.cells[f.first].text) == f.second;
      });
      if (!kept) continue;
      take(mine[m->second], cell_year(row.cells[year_col], path), row.cells[value_col], row, path, written);
    }
  });
  if (!header_read) {
    throw InputError(SourcePos{path, 1, 1}, "csv-syntax", "history file '" + written + "' is empty",
                     "a history file starts with a header: series,year,value (long) or year,SERIES,... (wide)");
  }
  for (Request& r : mine) {
    if (!wide && !file_series.count(r.series)) {
      std::vector<std::string> known(file_series.begin(), file_series.end());
      throw InputError(r.series_pos, "unknown-name", "history file '" + written + "' has no series '" + r.series + "'",
                       did_you_mean(r.series, known));
    }
    for (const auto& [doc, year] : r.year_docs) {
      if (!r.values.count(year)) {
        throw InputError(doc->pos, "bad-years",
                         "series '" + r.series + "' of '" + written + "' has no value for " + std::to_string(year) +
                             (r.where.empty() ? "" : " in the rows where: keeps"),
                         "list only years the file gives a value for, or delete years: to take every year");
      }
    }
    if (r.values.empty()) {
      throw InputError(r.series_pos, "bad-value",
                       "series '" + r.series + "' of '" + written + "' gives '" + r.indicator + "' no value" +
                           (r.where.empty() ? "" : " in the rows where: keeps") + ": every value cell is empty",
                       "a row with an empty value is not an observation; check the series name and where:");
    }
    requests.push_back(std::move(r));
  }
}

}  // namespace

FileHistory read_history_files(const Doc& top, const Doc& indicators, const LoadLimits& limits) {
  FileHistory out;
  const Doc* list = top.find("history_files");
  if (!list || list->kind == Doc::Kind::null) return out;
  expect_kind(*list, Doc::Kind::sequence, "history_files");
  std::set<std::string> indicator_names;
  std::vector<std::string> names;
  for (const auto& entry : indicators.entries) {
    indicator_names.insert(entry.first);
    names.push_back(entry.first);
  }
  std::vector<Request> requests;
  // Each entry reads its file: YAML aliases could otherwise repeat one
  // entry a hundred thousand times.
  if (list->items.size() > kMaxEntries) {
    throw InputError(list->items[kMaxEntries].pos, "too-large",
                     "history_files has " + std::to_string(list->items.size()) + " entries, more than the limit of " +
                         std::to_string(kMaxEntries),
                     "map several indicators to one file in one entry: series: { a: SERIES_A, b: SERIES_B }");
  }
  for (const Doc& item : list->items) read_entry(item, indicator_names, names, limits, requests);
  for (const Request& r : requests) {
    auto& years = out[r.indicator];
    for (const auto& [year, value] : r.values) {
      auto [it, added] = years.emplace(year, value);
      if (!added && !same_observation(it->second.value, value.value)) {
        throw InputError(value.pos, "history-conflict",
                         "'" + r.indicator + "' in " + std::to_string(year) + " is " + number_text(value.value) +
                             " here but " + number_text(it->second.value) + " at " + it->second.source,
                         "keep one: narrow one entry with years: or where:, or drop the indicator from one series:");
      }
    }
  }
  return out;
}

}  // namespace goalpath::scenario::detail

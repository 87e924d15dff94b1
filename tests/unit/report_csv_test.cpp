// `run --format csv`: parses as RFC 4180 (with a strict parser written here),
// every record has the header's columns, and the values read back equal the
// RunResult they were written from, to the last digit.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <stdexcept>

#include "report/report.hpp"
#include "report_test_support.hpp"

using namespace goalpath;

namespace {

using Table = std::vector<std::vector<std::string>>;

/// RFC 4180: records end with CRLF; a field is bare (no quotes, commas or
/// line breaks) or quoted with "" for a quote. Anything else is an error.
Table parse_csv(const std::string& text) {
  Table rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false, was_quoted = false;
  for (std::size_t k = 0; k < text.size(); ++k) {
    char c = text[k];
    if (quoted) {
      if (c != '"') field += c;
      else if (k + 1 < text.size() && text[k + 1] == '"') field += '"', ++k;
      else quoted = false;
      continue;
    }
    if (c == '"') {
      if (!field.empty() || was_quoted) throw std::runtime_error("quote inside a bare field at byte " + std::to_string(k));
      quoted = was_quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
      was_quoted = false;
    } else if (c == '\r') {
      if (k + 1 >= text.size() || text[k + 1] != '\n') throw std::runtime_error("CR without LF at byte " + std::to_string(k));
      row.push_back(std::move(field));
      rows.push_back(std::move(row));
      field.clear();
      row.clear();
      was_quoted = false;
      ++k;
    } else if (c == '\n') {
      throw std::runtime_error("bare LF at byte " + std::to_string(k));
    } else {
      if (was_quoted) throw std::runtime_error("text after a closing quote at byte " + std::to_string(k));
      field += c;
    }
  }
  if (quoted) throw std::runtime_error("unterminated quoted field");
  if (!field.empty() || !row.empty()) throw std::runtime_error("last record does not end with CRLF");
  return rows;
}

/// Rows keyed by (section, target, indicator, parameter, year, statistic) -> value.
std::map<std::string, std::string> index_rows(const Table& rows) {
  std::map<std::string, std::string> out;
  for (std::size_t k = 1; k < rows.size(); ++k) {
    const auto& r = rows[k];
    std::string key = r[1] + "|" + r[2] + "|" + r[3] + "|" + r[4] + "|" + r[5] + "|" + r[6];
    INFO("duplicate key " << key);
    CHECK(out.count(key) == 0);
    out[key] = r[7];
  }
  return out;
}

void check_number(const std::map<std::string, std::string>& rows, const std::string& key, double expected) {
  INFO("row " << key << ", expected " << expected);
  REQUIRE(rows.count(key) == 1);
  if (!std::isfinite(expected)) {
    CHECK(rows.at(key).empty());
    return;
  }
  CHECK(std::stod(rows.at(key)) == expected);  // written to full precision: exact
}

}  // namespace

TEST_CASE("the CSV parser used below rejects malformed input") {
  CHECK_THROWS(parse_csv("a,b\n"));
  CHECK_THROWS(parse_csv("a,\"b\r\n"));
  CHECK_THROWS(parse_csv("a,b\"c\"\r\n"));
  CHECK(parse_csv("a,\"b,\"\"c\"\"\r\nd\"\r\n")[0][1] == "b,\"c\"\r\nd");
}

TEST_CASE("run CSV: RFC 4180, long format, values equal the RunResult") {
  const analysis::RunResult r = test::run_scenario_text(test::report_scenario());
  const std::string with_mark = report::run_csv(r);
  // A UTF-8 byte-order mark first (Excel on Chinese Windows reads the labels as UTF-8), then the records.
  REQUIRE(with_mark.rfind("\xEF\xBB\xBF", 0) == 0);
  const std::string csv = report::run_csv(r, false);
  CHECK(with_mark.substr(3) == csv);
  Table rows;
  REQUIRE_NOTHROW(rows = parse_csv(csv));
  REQUIRE(rows.size() > 50);
  const std::vector<std::string> header = {"scenario", "section", "target", "indicator", "parameter", "year", "statistic", "value"};
  CHECK(rows[0] == header);
  for (std::size_t k = 1; k < rows.size(); ++k) {
    INFO("record " << k);
    REQUIRE(rows[k].size() == header.size());
    CHECK(rows[k][0] == "report-test");
  }
  const auto by_key = index_rows(rows);

  // Reproducibility in section=meta rows; texts with commas, quotes and line breaks survive quoting.
  CHECK(by_key.at("meta|||||title") == r.title);
  CHECK(by_key.at("meta|||||engine_version") == "0.1.0-test");
  CHECK(by_key.at("meta|||||scenario_file") == "report-test.yaml");
  CHECK(by_key.at("meta|||||scenario_sha256") == std::string(64, 'a'));
  CHECK(by_key.at("meta|||||seed") == "11");
  CHECK(by_key.at("meta|||||paths") == "2000");
  CHECK(by_key.at("meta|||||threads") == "1");
  CHECK(by_key.at("meta|||||command_line") == r.settings.command_line);

  for (const auto& t : r.targets) {
    const std::string prefix = "target|" + t.id + "|" + t.subject + "||" + std::to_string(t.ask.last_year) + "|";
    check_number(by_key, prefix + "deterministic_value", t.deterministic_value);
    check_number(by_key, prefix + "probability", *t.probability);
    check_number(by_key, prefix + "probability_se", *t.probability_se);
    check_number(by_key, prefix + "p05", t.quantiles->p05);
    check_number(by_key, prefix + "p95", t.quantiles->p95);
    check_number(by_key, prefix + "threshold", t.ask.threshold);
    check_number(by_key, prefix + "required_cagr", t.required_cagr);
    CHECK(by_key.at(prefix + "label") == t.label);
    CHECK(by_key.at(prefix + "status") == analysis::to_string(t.status));
    CHECK(by_key.at(prefix + "progress_class") == analysis::to_string(t.progress.progress_class));
  }
  check_number(by_key, "joint|||||probability", *r.joint_probability);
  for (const auto& i : r.indicators) {
    for (std::size_t y = 0; y < r.years.size(); ++y) {
      const std::string prefix = "indicator||" + i.name + "||" + std::to_string(r.years[y]) + "|";
      check_number(by_key, prefix + "deterministic", i.deterministic[y]);
      check_number(by_key, prefix + "p50", i.p50[y]);
      check_number(by_key, prefix + "p95", i.p95[y]);
    }
    for (const auto& [year, value] : i.history) {
      check_number(by_key, "indicator||" + i.name + "||" + std::to_string(year) + "|observed", value);
    }
  }
  for (const auto& p : r.parameters) {
    check_number(by_key, "parameter|||" + p.name + "||value", p.value);
    CHECK(by_key.at("parameter|||" + p.name + "||source") == p.source);
  }
  CHECK(by_key.at("diagnostics|||||nonfinite_paths") == "0");
}

TEST_CASE("run CSV of a deterministic run has no Monte Carlo rows") {
  const analysis::RunResult r = test::run_scenario_text(test::report_scenario(), 1, true);
  const auto by_key = index_rows(parse_csv(report::run_csv(r, false)));
  CHECK(by_key.at("meta|||||deterministic") == "true");
  CHECK(by_key.count("target|output-1200|output||2027|probability") == 0);
  CHECK(by_key.at("target|output-1200|output||2027|deterministic_met") == (r.targets[0].deterministic_met ? "true" : "false"));
  CHECK(by_key.count("indicator||output||2027|p50") == 0);
  CHECK(report::run_report(r, report::Format::csv) == report::run_csv(r, false));  // goalpath::render adds the mark
}

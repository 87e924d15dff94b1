// The library never spells a command-line flag (issue 15): a message that
// names an option marks its field with option_ref() and each front end
// spells it (the CLI as --samples, Python as samples=). This test reads
// every source file of engine/ outside app/ and fails on a string literal
// that holds a flag ("--" and a letter, at the start or after a space,
// quote or slash), except the few listed below: text
// that is report content (a warning or a field a report writes, which the
// report contract fixes) or that names the `goalpath` command as a tool.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace {

namespace fs = std::filesystem;

/// The string literals of C++ source text, comments and character
/// literals skipped; a raw string's body counts as one literal.
std::vector<std::string> string_literals(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t k = 0; k < s.size();) {
    if (s.compare(k, 2, "//") == 0) {
      k = s.find('\n', k);
      if (k == std::string::npos) break;
    } else if (s.compare(k, 2, "/*") == 0) {
      k = s.find("*/", k + 2);
      if (k == std::string::npos) break;
      k += 2;
    } else if (s[k] == '\'') {
      for (++k; k < s.size() && s[k] != '\''; ++k) {
        if (s[k] == '\\') ++k;
      }
      ++k;
    } else if (s.compare(k, 3, "R\"(") == 0 || (s[k] == 'R' && k + 1 < s.size() && s[k + 1] == '"')) {
      const std::size_t open = s.find('(', k);
      const std::string delimiter = ")" + s.substr(k + 2, open - k - 2) + "\"";
      const std::size_t close = s.find(delimiter, open);
      out.push_back(s.substr(open + 1, close - open - 1));
      k = close + delimiter.size();
    } else if (s[k] == '"') {
      std::string literal;
      for (++k; k < s.size() && s[k] != '"'; ++k) {
        if (s[k] == '\\') literal += s[k++];
        literal += s[k];
      }
      out.push_back(literal);
      ++k;
    } else {
      ++k;
    }
  }
  return out;
}

// (file under engine/, literal) allowed to spell a flag, and why.
const std::set<std::pair<std::string, std::string>> kAllowed = {
    // Warnings kept in the results and written into every report format.
    {"analysis/sensitivity.cpp", "independent; --method shapley keeps them"},
    {"analysis/sensitivity.cpp", "without --with-shocks each setting is one deterministic path (parameters at the setting, shocks 0), so "},
    {"analysis/sensitivity.cpp", "every output is 0 or 1 (met or not) and every swing 0 or 1; add --with-shocks for the share of paths "},
    {"analysis/discover.cpp", "--samples"},
    {"analysis/compare.cpp", " paths are the same on both sides, so the change has no simple standard error: run both with one --paths"},
    // solve's search_basis, a field of the solve JSON (CLI.md).
    {"analysis/solve.cpp", "--within"},
    // The calibration statement, fixed by the report contract (CLI.md, "Calibration statement").
    {"report/calibration.cpp", "--bands checks them)"},
};

}  // namespace

TEST_CASE("the scanner finds literals and skips comments") {
  const auto found = string_literals("a = \"x --y\"; // \"--no\"\n/* \"--no\" */ c = '\"'; R\"(--raw)\" \"e\\\"--s\"");
  REQUIRE(found.size() == 3);
  CHECK(found[0] == "x --y");
  CHECK(found[1] == "--raw");
  CHECK(found[2] == "e\\\"--s");
}

TEST_CASE("no library source spells a command-line flag") {
  const fs::path engine = fs::path(GOALPATH_SOURCE_DIR) / "engine";
  // A flag starts the text or follows a space, quote or slash ("--from/--to");
  // CSS custom properties ({--fg; var(--fg)) do not.
  const std::regex flag("(^|[\\s`'/])--[a-z]");
  const std::regex command("`goalpath [a-z]+ ");  // the command named as a tool, e.g. how report files are made
  std::set<std::pair<std::string, std::string>> used;
  int files = 0;
  for (const auto& entry : fs::recursive_directory_iterator(engine)) {
    const std::string ext = entry.path().extension().string();
    if (!entry.is_regular_file() || (ext != ".cpp" && ext != ".hpp")) continue;
    const std::string relative = fs::relative(entry.path(), engine).generic_string();
    if (relative.rfind("app/", 0) == 0) continue;
    ++files;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    for (const auto& literal : string_literals(text.str())) {
      if (!std::regex_search(literal, flag) || std::regex_search(literal, command)) continue;
      if (kAllowed.count({relative, literal})) {
        used.insert({relative, literal});
        continue;
      }
      FAIL_CHECK(relative << ": \"" << literal << "\" spells a flag; name the option with option_ref(\"field\")");
    }
  }
  CHECK(files > 50);
  for (const auto& allowed : kAllowed) {
    CHECK_MESSAGE(used.count(allowed), "stale exemption: " << allowed.first << ": " << allowed.second);
  }
}

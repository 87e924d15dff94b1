// Every mistake the loader catches (SCENARIO_FORMAT.md, scenario.hpp): one
// test case per error. Each checks the stable code, the exact position
// (file:line:col, counted by hand from the YAML text written in the test:
// lines and columns from 1), that the message names the offending thing and
// that the hint says how to fix it. Errors found when names and expressions
// are resolved (unknown names, cycles, correlations) are in model_errors_test.
#include <algorithm>
#include <doctest/doctest.h>

#include <cmath>

#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "scenario/scenario.hpp"

using goalpath::InputError;
using goalpath::scenario::apply_override;
using goalpath::scenario::load_scenario;
using goalpath::scenario::load_scenario_text;
using goalpath::scenario::LoadLimits;
using goalpath::scenario::ScenarioSpec;

namespace {

struct Expected {
  std::string code;
  int line = 0;
  int col = 0;
  std::vector<std::string> message_parts;  // each must occur in the message
  std::string hint_part;                   // must occur in the (non-empty) hint
  std::string file = "test.yaml";
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// Options the library names (option_ref) spelled as the command line does,
/// so that the expectations below read as a planner sees them: --set.
std::string as_flags(const std::string& text) {
  return goalpath::render_option_refs(text, [](std::string_view field) {
    std::string flag(field);
    std::replace(flag.begin(), flag.end(), '_', '-');
    return "--" + flag;
  });
}

void check_error(const InputError& error, const Expected& expected) {
  INFO("error: " << error.formatted());
  CHECK(error.code() == expected.code);
  CHECK(as_flags(error.pos().file) == expected.file);
  CHECK(error.pos().line == expected.line);
  CHECK(error.pos().col == expected.col);
  for (const auto& part : expected.message_parts) {
    INFO("message should contain: " << part);
    CHECK(contains(as_flags(error.message()), part));
  }
  CHECK_FALSE(error.hint().empty());
  INFO("hint should contain: " << expected.hint_part);
  CHECK(contains(as_flags(error.hint()), expected.hint_part));
}

std::optional<InputError> error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error;
  }
  return std::nullopt;
}

void check_load_error(const std::string& text, const Expected& expected, const LoadLimits& limits = {}) {
  INFO("scenario text:\n" << text);
  auto error = error_of([&] { load_scenario_text(text, "test.yaml", limits); });
  REQUIRE_MESSAGE(error.has_value(), "the scenario loaded without an error");
  check_error(*error, expected);
}

/// A scratch folder under the build tree, emptied for each test.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name) {
    path = std::filesystem::path(GOALPATH_BINARY_DIR) / "test-tmp" / name;
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& file, const std::string& text) const {
    std::ofstream(path / file, std::ios::binary) << text;
    return (path / file).string();
  }
};

const char* kValid = R"(scenario: test
years: [2023, 2027]
parameters:
  growth_rate:
    value: 0.04
    uncertainty: { dist: normal, sd: 0.01 }
shocks:
  output_shock: { sd: 0.01, ar: 0.5 }
indicators:
  output:
    base: 100
    growth: "growth_rate + output_shock"
)";

}  // namespace

// ---- a valid file, so that the error cases below differ from it in one place ----

TEST_CASE("valid: the reference scenario loads") {
  ScenarioSpec spec = load_scenario_text(kValid, "test.yaml");
  CHECK(spec.id == "test");
  CHECK(spec.base_year == 2023);
  CHECK(spec.last_year == 2027);
  REQUIRE(spec.parameters.size() == 1);
  CHECK(spec.parameters[0].pos.line == 4);
  CHECK(spec.parameters[0].pos.col == 3);
  REQUIRE(spec.indicators.size() == 1);
  CHECK(spec.indicators[0].rule_expr.pos.line == 12);
  CHECK(spec.indicators[0].rule_expr.pos.col == 14);  // first character inside the quotes
}

// ---- unknown keys ----------------------------------------------------------------

TEST_CASE("unknown-key: top level, with did-you-mean") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
titel: Test
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"unknown-key", 3, 1, {"'titel'", "the scenario"}, "did you mean 'title'?"});
}

TEST_CASE("unknown-key: in a parameter") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    valeu: 0.04
indicators:
  x: { base: 1, growth: g }
)",
                   {"unknown-key", 5, 5, {"'valeu'", "parameter 'g'"}, "did you mean 'value'?"});
}

TEST_CASE("unknown-key: in an indicator") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x:
    base: 1
    grwth: 0.1
)",
                   {"unknown-key", 6, 5, {"'grwth'", "indicator 'x'"}, "did you mean 'growth'?"});
}

TEST_CASE("unknown-key: in a target") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: big
    indicator: x
    year: 2027
    at_lest: 2
)",
                   {"unknown-key", 9, 5, {"'at_lest'", "target"}, "did you mean 'at_least'?"});
}

TEST_CASE("unknown-key: in an uncertainty") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.04
    uncertainty: { dist: normal, sdev: 0.01 }
indicators:
  x: { base: 1, growth: g }
)",
                   {"unknown-key", 6, 34, {"'sdev'", "uncertainty of 'g'"}, "did you mean 'sd'?"});
}

TEST_CASE("unknown-key: in a shock") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
shocks:
  s: { sd: 0.01, arr: 0.5 }
indicators:
  x: { base: 1, growth: s }
)",
                   {"unknown-key", 4, 18, {"'arr'", "shock 's'"}, "did you mean 'ar'?"});
}

TEST_CASE("unknown-key: in simulation and status") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
simulation:
  path: 1000
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"unknown-key", 4, 3, {"'path'", "simulation"}, "did you mean 'paths'?"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
status: { on_trak: 0.9 }
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"unknown-key", 3, 11, {"'on_trak'", "status"}, "did you mean 'on_track'?"});
}

// ---- required keys ---------------------------------------------------------------

TEST_CASE("missing-key: scenario, years, indicators") {
  check_load_error(R"(years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"missing-key", 1, 1, {"'scenario:'"}, "scenario: my-scenario-id"});
  check_load_error(R"(scenario: test
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"missing-key", 1, 1, {"'years:'"}, "years: [BASE, LAST]"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
)",
                   {"missing-key", 1, 1, {"'indicators:'"}, "indicators:"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators: {}
)",
                   {"missing-key", 3, 13, {"no indicators"}, "add at least one indicator"});
}

TEST_CASE("duplicate-key: a key given twice in one mapping") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
  x: { base: 2, growth: 0.2 }
)",
                   {"duplicate-key", 5, 3, {"'x'", "twice"}, "rename the other"});
}

// ---- indicator rules -------------------------------------------------------------

TEST_CASE("two-rules: an indicator with two rules") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x:
    base: 1
    growth: 0.1
    change: 2
)",
                   {"two-rules", 7, 5, {"indicator 'x'", "'growth'", "'change'"}, "keep exactly one of growth:"});
  // The error points at the second rule as written, whatever the rules are.
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x:
    base: 1
    path: {2024: 1, 2025: 2, 2026: 3, 2027: 4}
    growth: 0.1
)",
                   {"two-rules", 7, 5, {"indicator 'x'", "'path' and 'growth'"}, "keep exactly one of growth:"});
}

TEST_CASE("no-rule: an indicator with no rule") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x:
    base: 1
)",
                   {"no-rule", 4, 3, {"indicator 'x'", "no rule"}, "growth:, change:, value: or path:"});
}

TEST_CASE("missing-base: growth, change and path need a base-year value") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x:
    growth: 0.1
)",
                   {"missing-base", 4, 3, {"indicator 'x'", "2023"}, "add `base:`"});
  // A history without the base year does not help.
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x:
    change: 1
    history: {2021: 5, 2022: 6}
)",
                   {"missing-base", 4, 3, {"indicator 'x'", "2023"}, "history value for 2023"});
}

TEST_CASE("path-gap: a projected year missing from a path") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x:
    base: 1
    path: {2024: 1, 2025: 2, 2027: 4}
)",
                   {"path-gap", 6, 11, {"path of 'x'", "2026"}, "2024–2027"});
}

TEST_CASE("bad-years: a path year outside the projected years") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x:
    base: 1
    path: {2024: 1, 2025: 2, 2026: 3, 2027: 4, 2028: 5}
)",
                   {"bad-years", 6, 48, {"2028", "2024–2027"}, "within `years:`"});
  // The base year is not a projected year either: `base:` holds it.
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x:
    base: 1
    path: {2023: 1, 2024: 1, 2025: 2, 2026: 3, 2027: 4}
)",
                   {"bad-years", 6, 12, {"2023", "2024–2027"}, "within `years:`"});
}

// ---- years -----------------------------------------------------------------------

TEST_CASE("bad-years: the last year is not after the base year") {
  check_load_error(R"(scenario: test
years: [2027, 2023]
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"bad-years", 2, 15, {"2023", "2027", "after the base year"}, "years: [BASE, LAST]"});
  check_load_error(R"(scenario: test
years: [2023, 2023]
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"bad-years", 2, 15, {"2023", "after the base year"}, "years: [BASE, LAST]"});
}

TEST_CASE("bad-years: not a calendar year") {
  check_load_error(R"(scenario: test
years: [2023, 27]
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"bad-years", 2, 15, {"last year", "27"}, "four-digit year"});
  check_load_error(R"(scenario: test
years: [2023.5, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"bad-years", 2, 9, {"base year", "2023.5"}, "four-digit year"});
  check_load_error(R"(scenario: test
years: [2023, 2025, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"bad-years", 2, 8, {"exactly two years"}, "years: [2023, 2027]"});
}

TEST_CASE("bad-years: a target year outside the scenario's years") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: big
    indicator: x
    year: 2030
    at_least: 2
)",
                   {"bad-years", 8, 11, {"2030", "2023–2027"}, "within `years:`"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: every
    indicator: x
    every_year: [2022, 2027]
    at_least: 2
)",
                   {"bad-years", 8, 18, {"2022", "2023–2027"}, "within `years:`"});
}

TEST_CASE("bad-years: a cagr or every_year window that runs backwards") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: fast
    indicator: x
    cagr: [2027, 2024]
    at_least: 0.05
)",
                   {"bad-years", 8, 11, {"target 'fast'", "backwards"}, "first < last"});
  // A growth rate over zero years is not defined either.
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: fast
    indicator: x
    cagr: [2025, 2025]
    at_least: 0.05
)",
                   {"bad-years", 8, 11, {"target 'fast'"}, "first < last"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: every
    indicator: x
    every_year: [2026, 2024]
    at_least: 2
)",
                   {"bad-years", 8, 17, {"target 'every'", "backwards"}, "first <= last"});
}

// ---- targets ---------------------------------------------------------------------

TEST_CASE("duplicate-id: two targets with the same id") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - { id: big, indicator: x, year: 2027, at_least: 2 }
  - { id: big, indicator: x, year: 2026, at_least: 1 }
)",
                   {"duplicate-id", 7, 11, {"'big'"}, "its own id"});
}

TEST_CASE("two-rules: a target with both indicator and expr") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: big
    indicator: x
    expr: "x * 2"
    year: 2027
    at_least: 2
)",
                   {"two-rules", 8, 5, {"target 'big'", "'indicator'", "'expr'"}, "exactly one of indicator:"});
}

TEST_CASE("missing-key: a target with neither indicator nor expr") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: big
    year: 2027
    at_least: 2
)",
                   {"missing-key", 6, 9, {"target 'big'", "neither"}, "exactly one of indicator:"});
}

TEST_CASE("two-rules: a target with both at_least and at_most") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: big
    indicator: x
    year: 2027
    at_least: 2
    at_most: 3
)",
                   {"two-rules", 10, 5, {"target 'big'", "'at_least'", "'at_most'"}, "exactly one of at_least:"});
}

TEST_CASE("missing-key: a target with no bound, or no year") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: big
    indicator: x
    year: 2027
)",
                   {"missing-key", 6, 9, {"target 'big'", "no bound"}, "exactly one of at_least:"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: big
    indicator: x
    at_least: 2
)",
                   {"missing-key", 6, 9, {"target 'big'", "no year"}, "every_year: [Y1, Y2]"});
}

TEST_CASE("two-rules: a target with two windows") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: big
    indicator: x
    year: 2027
    cagr: [2023, 2027]
    at_least: 2
)",
                   {"two-rules", 9, 5, {"target 'big'", "'year'", "'cagr'"}, "exactly one of year: Y"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: big
    indicator: x
    cagr: [2023, 2027]
    year: 2027
    at_least: 2
)",
                   {"two-rules", 9, 5, {"target 'big'", "'cagr'", "'year'"}, "exactly one of year: Y"});
}

// ---- parameters and their distributions ---------------------------------------------

TEST_CASE("bad-value: unknown distribution name, with did-you-mean") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.04
    uncertainty: { dist: normall, sd: 0.01 }
indicators:
  x: { base: 1, growth: g }
)",
                   {"bad-value", 6, 26, {"'normall'"}, "did you mean 'normal'?"});
}

TEST_CASE("missing-key: a distribution without its sd, low or high") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.04
    uncertainty: { dist: normal }
indicators:
  x: { base: 1, growth: g }
)",
                   {"missing-key", 6, 18, {"normal", "'sd:'"}, "sd: 0.01"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.04
    uncertainty: { dist: uniform, low: 0.02 }
indicators:
  x: { base: 1, growth: g }
)",
                   {"missing-key", 6, 18, {"uniform", "'high:'"}, "low: 0.02, high: 0.06"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.04
    uncertainty: { sd: 0.01 }
indicators:
  x: { base: 1, growth: g }
)",
                   {"missing-key", 6, 18, {"'dist:'"}, "dist: normal"});
}

TEST_CASE("bad-value: a field that does not belong to the distribution") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.04
    uncertainty: { dist: normal, sd: 0.01, low: 0.0 }
indicators:
  x: { base: 1, growth: g }
)",
                   {"bad-value", 6, 44, {"'low'", "normal"}, "set by its sd"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.04
    uncertainty: { dist: triangular, low: 0.0, high: 0.1, sd: 0.01 }
indicators:
  x: { base: 1, growth: g }
)",
                   {"bad-value", 6, 59, {"'sd'", "triangular"}, "set by low and high"});
}

TEST_CASE("bad-value: sd <= 0") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.04
    uncertainty: { dist: normal, sd: 0 }
indicators:
  x: { base: 1, growth: g }
)",
                   {"bad-value", 6, 18, {"parameter 'g'", "sd", "> 0"}, "remove the uncertainty"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.04
    uncertainty: { dist: lognormal, sd: -0.1 }
indicators:
  x: { base: 1, growth: g }
)",
                   {"bad-value", 6, 18, {"parameter 'g'", "sd", "> 0"}, "remove the uncertainty"});
}

TEST_CASE("bad-value: a triangular mode outside [low, high]") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.2
    uncertainty: { dist: triangular, low: 0.0, high: 0.1 }
indicators:
  x: { base: 1, growth: g }
)",
                   {"bad-value", 6, 18, {"parameter 'g'", "outside [low, high]"}, "mode"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.05
    uncertainty: { dist: uniform, low: 0.1, high: 0.0 }
indicators:
  x: { base: 1, growth: g }
)",
                   {"bad-value", 6, 18, {"parameter 'g'", "low must be below high"}, "swap them"});
}

TEST_CASE("bad-value: a lognormal with value <= 0") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0
    uncertainty: { dist: lognormal, sd: 0.1 }
indicators:
  x: { base: 1, growth: g }
)",
                   {"bad-value", 6, 18, {"parameter 'g'", "lognormal", "value > 0"}, "use normal"});
}

TEST_CASE("bad-value: bounds that do not contain the value") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.05
    uncertainty: { dist: normal, sd: 0.01, bounds: [0.1, 0.2] }
indicators:
  x: { base: 1, growth: g }
)",
                   {"bad-value", 6, 18, {"parameter 'g'", "outside its bounds"}, "must contain value"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.05
    uncertainty: { dist: normal, sd: 0.01, bounds: [0.2, 0.1] }
indicators:
  x: { base: 1, growth: g }
)",
                   {"bad-value", 6, 18, {"parameter 'g'", "lower < upper"}, "bounds: [lower, upper]"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 0.05
    uncertainty: { dist: normal, sd: 0.01, bounds: [0.1] }
indicators:
  x: { base: 1, growth: g }
)",
                   {"bad-value", 6, 52, {"bounds"}, "bounds: [0, 0.2]"});
}

// ---- shocks ----------------------------------------------------------------------

TEST_CASE("bad-value: a shock's ar outside (-1, 1)") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
shocks:
  s: { sd: 0.01, ar: 1 }
indicators:
  x: { base: 1, growth: s }
)",
                   {"bad-value", 4, 22, {"shock 's'", "ar is 1", "between -1 and 1"}, "AR(1)"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
shocks:
  s: { sd: 0.01, ar: -1.5 }
indicators:
  x: { base: 1, growth: s }
)",
                   {"bad-value", 4, 22, {"shock 's'", "ar is -1.5", "between -1 and 1"}, "AR(1)"});
}

TEST_CASE("bad-value: a shock's sd < 0") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
shocks:
  s: { sd: -0.01 }
indicators:
  x: { base: 1, growth: s }
)",
                   {"bad-value", 4, 12, {"shock 's'", "sd is -0.01"}, "standard deviation"});
}

// ---- correlations (what the loader checks; names are checked by the model) --------

TEST_CASE("bad-value: a correlation coefficient outside [-1, 1]") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g: { value: 0.04, uncertainty: { dist: normal, sd: 0.01 } }
  h: { value: 0.02, uncertainty: { dist: normal, sd: 0.01 } }
correlations:
  - [g, h, 1.5]
indicators:
  x: { base: 1, growth: "g + h" }
)",
                   {"bad-value", 7, 12, {"[-1, 1]", "1.5"}, "between -1 and 1"});
}

TEST_CASE("bad-value / duplicate-id / wrong-type: malformed correlation entries") {
  const std::string head = R"(scenario: test
years: [2023, 2027]
parameters:
  g: { value: 0.04, uncertainty: { dist: normal, sd: 0.01 } }
  h: { value: 0.02, uncertainty: { dist: normal, sd: 0.01 } }
indicators:
  x: { base: 1, growth: "g + h" }
correlations:
)";
  check_load_error(head + "  - [g, g, 0.5]\n", {"bad-value", 9, 9, {"'g'", "itself"}, "two different names"});
  check_load_error(head + "  - [g, h, 0.5]\n  - [h, g, 0.3]\n", {"duplicate-id", 10, 5, {"h, g", "twice"}, "one entry per pair"});
  check_load_error(head + "  - [g, h]\n", {"wrong-type", 9, 5, {"[name, name, coefficient]"}, "[output_growth, sei_growth, 0.6]"});
}

// ---- names -----------------------------------------------------------------------

TEST_CASE("bad-name: a scenario id with characters outside [a-z0-9-]") {
  check_load_error(R"(scenario: My_Test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"bad-name", 1, 11, {"'My_Test'", "a-z, 0-9 and '-'"}, "shanghai-2027-baseline"});
}

TEST_CASE("bad-name: reserved names year and t") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  year: { base: 1, growth: 0.1 }
)",
                   {"bad-name", 4, 3, {"'year'", "reserved", "indicator"}, "built-in"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  t: 0.5
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"bad-name", 4, 3, {"'t'", "reserved", "parameter"}, "built-in"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
shocks:
  and: { sd: 0.01 }
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"bad-name", 4, 3, {"'and'", "reserved", "shock"}, "operators"});
}

TEST_CASE("bad-name: a name outside [a-z_][a-z0-9_]*") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  Output: { base: 1, growth: 0.1 }
)",
                   {"bad-name", 4, 3, {"'Output'", "indicator name"}, "lower-case letters"});
}

// ---- types -------------------------------------------------------------------------

TEST_CASE("wrong-type: text where a number is needed") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g: fast
indicators:
  x: { base: 1, growth: g }
)",
                   {"wrong-type", 4, 6, {"'g'", "number", "'fast'"}, "plain decimal number"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g:
    value: 4%
indicators:
  x: { base: 1, growth: g }
)",
                   {"wrong-type", 5, 12, {"value", "'4%'"}, "no units, commas or %"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
targets:
  - id: big
    indicator: x
    year: 2027
    at_least: "lots"
)",
                   {"wrong-type", 9, 16, {"at_least", "'lots'"}, "plain decimal number"});
  check_load_error(R"(scenario: test
years: [2023, soon]
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"wrong-type", 2, 15, {"last year", "a year", "'soon'"}, "four-digit year"});
}

TEST_CASE("wrong-type: a list or mapping where something else is needed") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators: [x, y]
)",
                   {"wrong-type", 3, 13, {"indicators", "mapping", "list"}, "`key: value`"});
  check_load_error(R"(scenario: test
years: 2023
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"wrong-type", 2, 8, {"years", "list"}, "[a, b]"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: [0.1, 0.2] }
)",
                   {"wrong-type", 4, 25, {"growth rule of 'x'", "expression"}, "for example"});
  check_load_error(R"(- scenario: test
- years: [2023, 2027]
)",
                   {"wrong-type", 1, 1, {"mapping"}, "minimal.yaml"});
}

// ---- YAML syntax --------------------------------------------------------------------

TEST_CASE("yaml-syntax: a Chinese input method's colon, comma and space name the ASCII character to type") {
  // `growth_rate：` makes the whole line a text value of `parameters`; the
  // error points at the full-width colon (column 14, counted in characters).
  check_load_error("scenario: s\nyears: [2023, 2027]\nparameters:\n  growth_rate： 0.04\n"
                   "indicators:\n  output: { base: 1, growth: growth_rate }\n",
                   {"yaml-syntax", 4, 14, {"full-width '：'", "needs ':'"}, "ASCII colon followed by a space ':' instead of '：'"});
  // A full-width comma between list items.
  check_load_error("scenario: s\nyears: [2023，2027]\nindicators:\n  output: { base: 1, growth: 0.04 }\n",
                   {"yaml-syntax", 2, 13, {"full-width '，'", "needs ','"}, "ASCII comma ',' instead of '，'"});
  // Ideographic spaces as indentation make a key of their own.
  check_load_error("scenario: s\nyears: [2023, 2027]\nindicators:\n\u3000\u3000output: { base: 1, growth: 0.04 }\n",
                   {"yaml-syntax", 4, 1, {"full-width '\u3000'"}, "ASCII space ' ' instead of '\u3000'"});
  // After a colon, in place of the space YAML needs.
  check_load_error("scenario: s\nyears: [2023, 2027]\nindicators:\n  output:\n    base:\u30001\n",
                   {"yaml-syntax", 5, 10, {"full-width '\u3000'"}, "ASCII space"});
  // Chinese text keeps its own punctuation: a title and a label with ：and ，.
  auto spec = load_scenario_text("scenario: s\ntitle: 上海：2027年，工业\nyears: [2023, 2027]\nindicators:\n"
                                 "  output: { label: 总产值：全部，亿元, base: 1, growth: 0.04 }\n",
                                 "test.yaml");
  CHECK(spec.title == "上海：2027年，工业");
}

TEST_CASE("yaml-syntax: invalid YAML reports line:col") {
  // The key `growth` is indented less than `base` in the same mapping.
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x:
    base: 1
   growth: 0.1
)",
                   {"yaml-syntax", 6, 4, {"not valid YAML"}, "indentation"});
  // A tab used for indentation.
  check_load_error("scenario: test\nyears: [2023, 2027]\nindicators:\n  x:\n    base: 1\n\tgrowth: 0.1\n",
                   {"yaml-syntax", 6, 1, {"not valid YAML", "tab"}, "spaces, not tabs"});
  // A second colon in an unquoted value.
  check_load_error(R"(scenario: test
years: [2023, 2027]
title: Output: the 2027 target
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"yaml-syntax", 3, 14, {"not valid YAML", "':'"}, "needs quotes"});
  // A quote that never closes: yaml-cpp alone would let the text run to the
  // end of the file and swallow the keys after it.
  check_load_error(R"(scenario: test
years: [2023, 2027]
title: "Output target
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"yaml-syntax", 3, 8, {"not valid YAML", "never closed"}, "matching \""});
  check_load_error("scenario: test\nyears: [2023, 2027]\nindicators:\n  x: { base: 1, growth: 0.1 }\ntitle: 'it''s\n",
                   {"yaml-syntax", 5, 8, {"never closed"}, "matching '"});
  // The same with a byte-order mark in front, as Windows Notepad saves a
  // file: positions count from after it, and quotes are still found.
  check_load_error("\xEF\xBB\xBFscenario: test\nyears: [2023, 2027]\nindicators:\n  x: { base: 1, growth: 0.1 }\n"
                   "title: 'it''s\n",
                   {"yaml-syntax", 5, 8, {"never closed"}, "matching '"});
  check_load_error("\xEF\xBB\xBFscenario: test\nyears: [2023, 2027]\nindicatorz: {}\n",
                   {"unknown-key", 3, 1, {"indicatorz"}, "indicators"});
  // Two marks (a tool that adds one without looking), and Chinese text after them.
  check_load_error("\xEF\xBB\xBF\xEF\xBB\xBFscenario: test\nyears: [2023, 2027]\ntitle: 上海\nindicators: { x: { grwth: 1 } }\n",
                   {"unknown-key", 4, 20, {"grwth"}, "growth"});
  // A key whose quote never closes (finding 13 of tests/fuzz/README.md): the
  // error is the quote, at the key, not a character in the lines it swallowed.
  check_load_error("scenario: test\nyears: [2023, 2027]\nparameters:\n  'p1: 1\n  p2: 1\n  p3，x: 1\n",
                   {"yaml-syntax", 4, 3, {"never closed"}, "matching '"});
  // A quoted key folded over lines (an explicit `?` key): a full-width comma
  // in it is placed on its own line and column (it was put on the key's
  // line, at a column past the line's end).
  check_load_error("scenario: test\nyears: [2023, 2027]\nparameters:\n  ? 'p1\n    p，x'\n  : 1\n",
                   {"yaml-syntax", 5, 6, {"full-width '，'"}, "ASCII comma"});
}

// ---- encoding ------------------------------------------------------------------------

TEST_CASE("encoding: the file must be UTF-8 text") {
  const std::string head = "scenario: test\nyears: [2023, 2027]\n";
  // 上海 saved as GBK: C9CF BAA3, on line 3 after 'title: "'.
  check_load_error(head + "title: \"\xC9\xCF\xBA\xA3\"\n",
                   {"encoding", 3, 9, {"not UTF-8", "0xC9"}, "GB18030"});
  // A UTF-8 sequence cut short, an overlong form, a UTF-16 surrogate, beyond U+10FFFF.
  check_load_error(head + "title: \"\xE4\xB8\"\n", {"encoding", 3, 9, {"0xE4"}, "UTF-8"});
  check_load_error(head + "title: \"\xC0\xAF\"\n", {"encoding", 3, 9, {"0xC0"}, "UTF-8"});
  check_load_error(head + "title: \"\xED\xA0\x80\"\n", {"encoding", 3, 9, {"0xED"}, "UTF-8"});
  check_load_error(head + "title: \"\xF4\x90\x80\x80\"\n", {"encoding", 3, 9, {"0xF4"}, "UTF-8"});
  // Columns count characters: 上海 is two.
  check_load_error(head + "title: \"上海\xFF\"\n", {"encoding", 3, 11, {"0xFF"}, "UTF-8"});
  check_load_error(head + std::string("x: 1\0\n", 6), {"encoding", 3, 5, {"NUL byte"}, "UTF-8"});
  check_load_error("\xFF\xFEs\0c\0", {"encoding", 1, 1, {"UTF-16"}, "Encoding: UTF-8"});
  check_load_error(std::string("\0\0\xFE\xFF", 4), {"encoding", 1, 1, {"UTF-32"}, "Encoding: UTF-8"});
  // Valid UTF-8 of every length loads: é, 上, 𝔁.
  CHECK_NOTHROW(load_scenario_text(head + "title: \"é 上 𝔁\"\nindicators:\n  x: { base: 1, growth: 0.1 }\n", "test.yaml"));
}

TEST_CASE("line breaks: \\r\\n (Windows) and a lone \\r (old Mac) count as one, as yaml-cpp reads them") {
  check_load_error("scenario: test\r\nyears: [2023, 2027]\r\nindicatorz: {}\r\n",
                   {"unknown-key", 3, 1, {"indicatorz"}, "indicators"});
  check_load_error("scenario: test\ryears: [2023, 2027]\rindicators: { x: { base: 1, grwth: 1 } }\r",
                   {"unknown-key", 3, 29, {"grwth"}, "growth"});
  // An escape cut off by the end of the file: the error is at the end, not
  // past it (yaml-cpp reads the missing hex digits beyond the last byte).
  check_load_error("scenario: test\nyears: [2023, 2027]\ntitle: \"1 \\u00", {"yaml-syntax", 3, 15, {"not valid YAML"}, ""});
}

TEST_CASE("columns count characters, not bytes") {
  // 'indicatorz' follows a flow mapping holding Chinese text: its column is
  // the same whatever the bytes of the characters before it.
  check_load_error("scenario: test\nyears: [2023, 2027]\nindicators: { x: { label: \"工业总产值\", base: 1, growth: 0.1, grwth: 1 } }\n",
                   {"unknown-key", 3, 58, {"grwth"}, "growth"});
}

// ---- limits --------------------------------------------------------------------------

TEST_CASE("too-large: file size, alias expansion, nesting, horizon") {
  LoadLimits small;
  small.max_file_bytes = 40;
  check_load_error(kValid, {"too-large", 0, 0, {"bytes", "40"}, "right file"}, small);

  // Nodes are counted in document order, one per value and one per key: in
  // kValid the 21st is the mapping under `shocks:` (line 8, column 3).
  LoadLimits few_nodes;
  few_nodes.max_nodes = 20;
  check_load_error(kValid, {"too-large", 8, 3, {"20 YAML nodes"}, "aliases"}, few_nodes);
  // Aliases count once per use ("billion laughs"): nodes 1-17 reach `label: [`,
  // each *y adds the list and its two years, so the 21st node is the second
  // *y, which is the anchored list itself; yaml-cpp places it at its anchor
  // `&y` (line 2, column 8).
  check_load_error(R"(scenario: test
years: &y [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1, label: [*y, *y] }
)",
                   {"too-large", 2, 8, {"20 YAML nodes"}, "aliases"}, few_nodes);

  check_load_error(R"(scenario: test
years: [1800, 2027]
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"too-large", 2, 8, {"200 years"}, "decades"});

  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1, label: [[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[1]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]] }
)",
                   {"too-large", 4, 67, {"nesting"}, "few levels"});
}

// ---- status and simulation ------------------------------------------------------------

TEST_CASE("bad-value: status cut-offs and simulation settings") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
status: { on_track: 0.4, at_risk: 0.6 }
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"bad-value", 3, 9, {"at_risk <= on_track"}, "on_track: 0.8"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
simulation: { paths: 0 }
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"bad-value", 3, 22, {"paths", "whole number"}, "paths: 100000"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
simulation: { seed: -3 }
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"bad-value", 3, 21, {"seed", "whole number"}, "seed: 20240220"});
}

TEST_CASE("sweeps: an axis with both values and from/to/step") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g: 0.04
indicators:
  x: { base: 1, growth: g }
sweeps:
  - id: grid
    grid:
      g: { values: [0.02, 0.04], step: 0.01 }
)",
                   {"two-rules", 10, 34, {"sweep axis 'g'", "'values' and 'step'"}, "not both"});
}

TEST_CASE("wrong-type: a key with nothing after its colon is reported on the key's line") {
  // yaml-cpp places the empty value at the next token: here past the end of the file.
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x:
    base: 1
    growth:
)",
                   {"wrong-type", 6, 5, {"growth rule of 'x'", "is empty"}, "for example"});
  check_load_error(R"(scenario: test
years:
indicators:
  x: { base: 1, growth: 0.1 }
)",
                   {"wrong-type", 2, 1, {"years", "is empty", "a list"}, "[a, b]"});
}

TEST_CASE("too-large: more indicators than the limit, at the first one over it") {
  LoadLimits two;
  two.max_indicators = 2;
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  a: { base: 1, growth: 0.1 }
  b: { base: 1, growth: 0.1 }
  c: { base: 1, growth: 0.1 }
)",
                   {"too-large", 6, 3, {"3 indicators", "limit of 2"}, "split"}, two);
}

TEST_CASE("sweeps: bad grid and duplicate ids") {
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g: 0.04
indicators:
  x: { base: 1, growth: g }
sweeps:
  - id: grid
    grid:
      g: { from: 0.08, to: 0.02, step: 0.01 }
)",
                   {"bad-value", 10, 10, {"sweep axis 'g'", "from <= to"}, "step: 0.005"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g: 0.04
indicators:
  x: { base: 1, growth: g }
sweeps:
  - { id: grid, grid: { g: { values: [0.1] } } }
  - { id: grid, grid: { g: { values: [0.2] } } }
)",
                   {"duplicate-id", 9, 11, {"'grid'"}, "its own id"});
}

// ---- extends ----------------------------------------------------------------------------

TEST_CASE("extends-cycle: a file that extends itself through another") {
  TempDir dir("extends-cycle");
  std::string a = dir.write("a.yaml", "scenario: a\nextends: b.yaml\n");
  std::string b = dir.write("b.yaml", R"(scenario: b
years: [2023, 2027]
extends: a.yaml
indicators:
  x: { base: 1, growth: 0.1 }
)");
  auto error = error_of([&] { load_scenario(a); });
  REQUIRE(error.has_value());
  check_error(*error, {"extends-cycle", 3, 10, {"a.yaml -> b.yaml -> a.yaml"}, "never itself", b});

  // Directly.
  std::string self = dir.write("self.yaml", "scenario: self\nextends: ./self.yaml\n");
  error = error_of([&] { load_scenario(self); });
  REQUIRE(error.has_value());
  check_error(*error, {"extends-cycle", 2, 10, {"self.yaml -> self.yaml"}, "never itself", self});
}

TEST_CASE("file-not-found: extends names a missing file") {
  TempDir dir("extends-missing");
  std::string child = dir.write("child.yaml", R"(scenario: child
extends: baseline.yaml
years: [2023, 2027]
)");
  auto error = error_of([&] { load_scenario(child); });
  REQUIRE(error.has_value());
  check_error(*error, {"file-not-found", 2, 10, {"baseline.yaml"}, "relative to", child});
  // The file given on the command line.
  std::string missing = (dir.path / "nowhere.yaml").string();
  error = error_of([&] { load_scenario(missing); });
  REQUIRE(error.has_value());
  check_error(*error, {"file-not-found", 0, 0, {"nowhere.yaml"}, "check the path", missing});
}

TEST_CASE("extends-depth: a chain longer than the limit") {
  TempDir dir("extends-depth");
  dir.write("v0.yaml", "scenario: v0\nyears: [2023, 2027]\nindicators:\n  x: { base: 1, growth: 0.1 }\n");
  dir.write("v1.yaml", "scenario: v1\nextends: v0.yaml\n");
  dir.write("v2.yaml", "scenario: v2\nextends: v1.yaml\n");
  std::string v3 = dir.write("v3.yaml", "scenario: v3\nextends: v2.yaml\n");
  LoadLimits limits;
  limits.max_extends = 2;
  auto error = error_of([&] { load_scenario(v3, limits); });
  REQUIRE(error.has_value());
  check_error(*error, {"extends-depth", 2, 10, {"more than 2 files"}, "extend the baseline directly",
                       (dir.path / "v2.yaml").string()});
  // Within the limit the chain loads, child first.
  limits.max_extends = 16;
  ScenarioSpec spec = load_scenario(v3, limits);
  CHECK(spec.id == "v3");
  CHECK(spec.files.size() == 4);
}

TEST_CASE("extends: errors in the parent point into the parent file") {
  TempDir dir("extends-parent-error");
  std::string parent = dir.write("base.yaml", R"(scenario: base
years: [2023, 2027]
indicators:
  x: { base: 1, grwth: 0.1 }
)");
  std::string child = dir.write("child.yaml", "scenario: child\nextends: base.yaml\n");
  auto error = error_of([&] { load_scenario(child); });
  REQUIRE(error.has_value());
  check_error(*error, {"unknown-key", 4, 17, {"'grwth'"}, "did you mean 'growth'?", parent});
}

// ---- --set ---------------------------------------------------------------------------------

TEST_CASE("--set: unknown name (did you mean), bad value, bad field, out of range") {
  ScenarioSpec spec = load_scenario_text(kValid, "test.yaml");
  auto set_error = [&](const std::string& assignment, const Expected& expected) {
    CAPTURE(assignment);
    ScenarioSpec copy = spec;
    auto error = error_of([&] { apply_override(copy, assignment); });
    REQUIRE_MESSAGE(error.has_value(), "--set " << assignment << " was accepted");
    Expected e = expected;
    e.file = "--set " + assignment;  // the position names the option (no line or column)
    check_error(*error, e);
  };
  set_error("growth_rat=0.05", {"unknown-name", 0, 0, {"'growth_rat'"}, "did you mean 'growth_rate'?"});
  set_error("output=5", {"unknown-name", 0, 0, {"'output'"}, "is an indicator"});
  set_error("growth_rate=fast", {"bad-option", 0, 0, {"'fast'", "not a number"}, "--set output_growth=0.05"});
  set_error("growth_rate=", {"bad-option", 0, 0, {"not a number"}, "--set output_growth=0.05"});
  set_error("growth_rate", {"bad-option", 0, 0, {"NAME=VALUE"}, "--set output_growth=0.05"});
  set_error("growth_rate.sdd=0.02", {"bad-option", 0, 0, {"'sdd'"}, "did you mean 'sd'?"});
  set_error("growth_rate.low=0.02", {"bad-option", 0, 0, {"normal", "low"}, "set .sd"});
  set_error("growth_rate.sd=-0.02", {"bad-value", 0, 0, {"parameter 'growth_rate'", "> 0"}, "remove the uncertainty"});
  set_error("output_shock.ar=1.2", {"bad-value", 0, 0, {"shock 'output_shock'", "between -1 and 1"}, "AR(1)"});
  set_error("output_shock.value=1", {"bad-option", 0, 0, {"'value'"}, "sd"});
}

TEST_CASE("--set: valid assignments change the spec") {
  ScenarioSpec spec = load_scenario_text(kValid, "test.yaml");
  apply_override(spec, "growth_rate=0.05");
  apply_override(spec, "growth_rate.sd=0.02");
  apply_override(spec, "output_shock.ar=-0.25");
  CHECK(spec.parameters[0].value == 0.05);
  CHECK(*spec.parameters[0].uncertainty->sd == 0.02);
  CHECK(spec.shocks[0].ar == -0.25);
}

TEST_CASE("--set NAME=V moves a range distribution with its value; bounds stay and are enforced") {
  ScenarioSpec spec = load_scenario_text(R"(scenario: test
years: [2023, 2027]
parameters:
  tri: { value: 0.09, uncertainty: { dist: triangular, low: 0.05, high: 0.12, bounds: [0, 0.2] } }
indicators:
  x: { base: 1, growth: "tri" }
)", "test.yaml");
  apply_override(spec, "tri=0.1");
  const auto& u = *spec.parameters[0].uncertainty;
  CHECK(spec.parameters[0].value == 0.1);
  CHECK(std::abs(*u.low - 0.06) < 1e-15);   // the whole triangle moves by +0.01
  CHECK(std::abs(*u.high - 0.13) < 1e-15);
  CHECK(*u.upper_bound == 0.2);
  auto error = error_of([&] { apply_override(spec, "tri=0.3"); });
  REQUIRE(error.has_value());
  check_error(*error, {"bad-value", 0, 0, {"parameter 'tri'", "outside its bounds"}, "bounds truncate", "--set tri=0.3"});
}

// ---- found by fuzzing (tests/fuzz/README.md) ------------------------------------------------

TEST_CASE("too-large: a sweep axis with more points than any integer holds") {
  // The point count used to be cast to long long for the message: undefined
  // behaviour for 1e20 points, and for the infinite count of this range.
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g: 0.04
indicators:
  x: { base: 1, growth: g }
sweeps:
  - id: grid
    grid:
      g: { from: -1e308, to: 1e308, step: 1e-300 }
)",
                   {"too-large", 10, 10, {"sweep axis 'g'", "more than 1e308 points"}, "at most 10000 points"});
  check_load_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g: 0.04
indicators:
  x: { base: 1, growth: g }
sweeps:
  - id: grid
    grid:
      g: { from: 0, to: 1e20, step: 1 }
)",
                   {"too-large", 10, 10, {"sweep axis 'g'", "1e+20 points"}, "at most 10000 points"});
}

TEST_CASE("bad-name: a scenario id or a name of 300000 characters is checked without exhausting the stack") {
  // std::regex_match recursed once per character and overflowed the stack.
  const std::string long_id(300000, 'a');
  const std::string indicators = "\nyears: [2023, 2027]\nindicators:\n  x: { base: 1, growth: 0.1 }\n";
  CHECK(load_scenario_text("scenario: " + long_id + indicators, "test.yaml").id == long_id);
  check_load_error("scenario: " + long_id + "_" + indicators,
                   {"bad-name", 1, 11, {"scenario id", "only a-z, 0-9 and '-'"}, "shanghai-2027-baseline"});
  const std::string long_name(300000, 'x');
  const std::string head = "scenario: test\nyears: [2023, 2027]\nparameters:\n  ? ";
  ScenarioSpec spec =
      load_scenario_text(head + long_name + "\n  : 1\nindicators:\n  x: { base: 1, growth: 0.1 }\n", "test.yaml");
  REQUIRE(spec.parameters.size() == 1);
  CHECK(spec.parameters[0].name == long_name);
  check_load_error(head + long_name + "-\n  : 1\nindicators:\n  x: { base: 1, growth: 0.1 }\n",
                   {"bad-name", 4, 5, {"is not a valid parameter name"}, "lower-case letters"});
}

TEST_CASE("too-large: more parameters or shocks than the limit, at the first one over it") {
  // Each is a row and a column of a dense correlation matrix: 3000 bare
  // parameters (30 KB of YAML) kept `goalpath check` busy for minutes.
  LoadLimits two;
  two.max_parameters = 2;
  two.max_shocks = 2;
  const std::string text = R"(scenario: test
years: [2023, 2027]
parameters:
  a: 1
  b: 2
  c: 3
shocks:
  s: { sd: 0.1 }
  u: { sd: 0.1 }
  v: { sd: 0.1 }
indicators:
  x: { base: 1, growth: 0.1 }
)";
  check_load_error(text, {"too-large", 6, 3, {"3 parameters", "limit of 2"}, "split the scenario"}, two);
  two.max_parameters = 3;
  check_load_error(text, {"too-large", 10, 3, {"3 shocks", "limit of 2"}, "split the scenario"}, two);
  CHECK(LoadLimits{}.max_parameters == 1000);
  CHECK(LoadLimits{}.max_shocks == 1000);
}

TEST_CASE("too-large: long text repeated through aliases") {
  // The node budget counts nodes, not their size: a 20 KB string used
  // through nested aliases grew a 21 KB file to gigabytes before the node
  // budget ran out. Keys and values count in document order; an alias
  // counts its text again and is placed at its anchor.
  LoadLimits small;
  small.max_text_bytes = 120;
  check_load_error(R"(scenario: test
years: [2023, 2027]
indicators:
  x: { base: 1, growth: 0.1, label: &l "0123456789012345678901234567890123456789" }
  y: { base: 1, growth: 0.1, label: *l }
)",
                   {"too-large", 4, 37, {"more than 120 bytes of text"}, "aliases"}, small);
  CHECK(LoadLimits{}.max_text_bytes == 64u << 20);

  std::string text = "scenario: test\nyears: [2023, 2027]\nindicators:\n  x: { base: 1, growth: 0.1 }\n";
  text += "label0: &s \"" + std::string(20000, 'a') + "\"\n";
  std::string list = "[*s";
  for (int i = 1; i < 100; ++i) list += ", *s";
  text += "l1: &l1 " + list + "]\nl2: &l2 [*l1";
  for (int i = 1; i < 100; ++i) text += ", *l1";
  text += "]\nl3: [*l2";
  for (int i = 1; i < 100; ++i) text += ", *l2";
  text += "]\n";
  check_load_error(text, {"too-large", 5, 9, {"bytes of text"}, "aliases"});
}

TEST_CASE("too-large: sweep grids repeated through aliases") {
  // {from, to, step} is three numbers and up to 10000 values: an 8 KB file
  // of aliased grids took 5 GB. At most 100000 grid values in all.
  std::string text = R"(scenario: test
years: [2023, 2027]
parameters:
  g: 0.04
  h: 0.05
indicators:
  x: { base: 1, growth: g }
sweeps:
  - id: a
    grid: &grid
      g: { from: 1, to: 10000, step: 1 }
      h: { values: [1, 2] }
)";
  for (char id = 'b'; id <= 'i'; ++id) text += std::string("  - { id: ") + id + ", grid: *grid }\n";
  ScenarioSpec spec = load_scenario_text(text, "test.yaml");  // 9 x 10002 values
  REQUIRE(spec.sweeps.size() == 9);
  CHECK(spec.sweeps[8].axes[0].values.size() == 10000);
  check_load_error(text + "  - { id: j, grid: *grid }\n",
                   {"too-large", 11, 7, {"more than 100000 grid values"}, "aliases"});
}

TEST_CASE("extends: a child with 20000 keys merges key by key, and an unknown one is reported in the child") {
  // Each child key was looked up by a linear search of the merged mapping:
  // a 1 MB child of 100000 keys took minutes to merge before any check.
  TempDir dir("extends-many-keys");
  dir.write("base.yaml", R"(scenario: base
years: [2023, 2027]
parameters:
  g: 0.04
  h: 0.05
indicators:
  x: { base: 1, growth: g }
)");
  std::string child = "scenario: child\nextends: base.yaml\nparameters:\n  h: 0.06\n";  // h on line 4
  for (int i = 0; i < 20000; ++i) child += "  p" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  LoadLimits limits;
  limits.max_parameters = 30000;
  ScenarioSpec spec = load_scenario(dir.write("child.yaml", child), limits);
  REQUIRE(spec.parameters.size() == 20002);
  CHECK(spec.parameters[0].name == "g");
  CHECK(spec.parameters[0].value == 0.04);
  CHECK(spec.parameters[1].name == "h");
  CHECK(spec.parameters[1].value == 0.06);
  CHECK(spec.parameters[1].pos.line == 4);
  CHECK(spec.parameters[2].name == "p0");
  CHECK(spec.parameters.back().name == "p19999");
  CHECK(spec.parameters.back().value == 19999);

  // Line 20005: after the 4 lines of the head and 20000 parameters.
  std::string path = dir.write("typo.yaml", child + "titel: Test\n");
  auto error = error_of([&] { load_scenario(path, limits); });
  REQUIRE(error.has_value());
  check_error(*error, {"unknown-key", 20005, 1, {"'titel'"}, "did you mean 'title'?", path});
}

TEST_CASE("issue 14: a second document, an empty target id, extends of a non-scenario, sweep grids, paths and seed limits") {
  const std::string head = "scenario: test\nyears: [2023, 2027]\nindicators:\n  x: { base: 1, growth: 0.1 }\n";
  // yaml-cpp's Load kept the first document and dropped the rest.
  check_load_error(head + "---\ntargets: []\n", {"yaml-syntax", 5, 1, {"second document"}, "one document"});
  check_load_error(head + "...\ntargets: []\n", {"yaml-syntax", 6, 1, {"second document"}, "one document"});
  // A document marker alone at the start, a directive and comments are one document.
  CHECK_NOTHROW(goalpath::scenario::load_scenario_text("%YAML 1.2\n---\n# c\n" + head + "...\n# end\n", "one.yaml"));
  // yaml-cpp's LoadAll looped for ever on this (scenario_fuzz, 2026-12-05);
  // the second-document check no longer uses it.
  check_load_error(", io:`23,every_year: }27]\n", {"wrong-type", 1, 1, {"must be a mapping"}, "minimal.yaml"});
  check_load_error(head + "targets:\n  - { id: \"\", indicator: x, year: 2027, at_least: 1 }\n",
                   {"bad-name", 6, 12, {"target id may not be empty"}, "short unique name"});
  check_load_error("scenario: test\nextends: /etc/passwd\n" + head.substr(15),
                   {"bad-value", 2, 10, {"not a scenario file"}, "extends names another scenario"});
  check_load_error(head + "parameters: { a: 1, b: 2 }\nsweeps:\n  - id: s\n    grid:\n"
                          "      a: { from: 0, to: 1, step: 0.001 }\n      b: { from: 0, to: 1, step: 0.001 }\n",
                   {"too-large", 10, 7, {"more than 100000 points"}, "fewer axes"});
  check_load_error(head + "sweeps:\n  - { id: s, grid: {} }\n", {"bad-value", 6, 20, {"empty grid"}, "one axis"});
  check_load_error(head + "simulation: { paths: 1e15 }\n", {"bad-value", 5, 22, {"maximum of 1000000000000"}, "paths:"});
  check_load_error(head + "simulation: { seed: 9007199254740993 }\n", {"bad-value", 5, 21, {"2^53"}, "seed:"});
  CHECK(load_scenario_text(head + "simulation: { seed: 9007199254740992 }\n", "test.yaml").seed ==
        std::uint64_t{1} << 53);
  CHECK(LoadLimits{}.max_file_bytes == 1u << 20);
}

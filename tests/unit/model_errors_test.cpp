// Every mistake found when a loaded scenario is compiled (model.hpp): names
// that resolve to nothing, expression errors at their exact column inside the
// YAML line, same-year cycles, names used twice, correlations. One test case
// per error; each checks the code, the exact file:line:col (counted by hand
// from the YAML text in the test), that the message names the offending thing
// and that the hint says how to fix it.
#include <doctest/doctest.h>

#include <functional>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "scenario/scenario.hpp"

using goalpath::InputError;
using goalpath::model::compile_model;
using goalpath::model::Model;
using goalpath::scenario::load_scenario_text;

namespace {

struct Expected {
  std::string code;
  int line = 0;
  int col = 0;
  std::vector<std::string> message_parts;  // each must occur in the message
  std::string hint_part;                   // must occur in the (non-empty) hint
  std::vector<std::string> message_absent = {};  // must not occur in the message
};

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

Model compile_text(const std::string& text) { return compile_model(load_scenario_text(text, "test.yaml")); }

void check_compile_error(const std::string& text, const Expected& expected) {
  INFO("scenario text:\n" << text);
  std::optional<InputError> error;
  try {
    compile_text(text);
  } catch (const InputError& e) {
    error = e;
  }
  REQUIRE_MESSAGE(error.has_value(), "the scenario compiled without an error");
  INFO("error: " << error->formatted());
  CHECK(error->code() == expected.code);
  CHECK(error->pos().file == "test.yaml");
  CHECK(error->pos().line == expected.line);
  CHECK(error->pos().col == expected.col);
  for (const auto& part : expected.message_parts) {
    INFO("message should contain: " << part);
    CHECK(contains(error->message(), part));
  }
  for (const auto& part : expected.message_absent) {
    INFO("message should not contain: " << part);
    CHECK_FALSE(contains(error->message(), part));
  }
  CHECK_FALSE(error->hint().empty());
  INFO("hint should contain: " << expected.hint_part);
  CHECK(contains(error->hint(), expected.hint_part));
}

// Lines 1-7; an indicator's growth rule follows on line 8 at column 13 (the
// expression itself starts at column 14 when quoted).
const std::string kHead = R"(scenario: test
years: [2023, 2027]
parameters:
  growth_rate: 0.04
indicators:
  output:
    base: 100
)";

// Lines 1-11: two uncertain parameters, a fixed one, a shock and an indicator;
// correlation entries follow from line 12 ("  - [" puts the first name at column 6).
const std::string kCorrelationHead = R"(scenario: test
years: [2023, 2027]
parameters:
  g: { value: 0.04, uncertainty: { dist: normal, sd: 0.01 } }
  h: { value: 0.02, uncertainty: { dist: normal, sd: 0.01 } }
  k: 0.5
shocks:
  s: { sd: 0.01 }
indicators:
  x: { base: 1, growth: "g + h + k + s" }
correlations:
)";

}  // namespace

TEST_CASE("valid: the heads used below compile") {
  Model model = compile_text(kHead + "    growth: \"growth_rate\"\n");
  CHECK(model.indicators.size() == 1);
  Model correlated = compile_text(kCorrelationHead + "  - [g, h, 0.5]\n");
  CHECK(correlated.parameters_correlated);
}

TEST_CASE("valid: an expression over several lines is shown on one") {
  Model model = compile_text(kHead + "    growth: >-\n      growth_rate\n      + 0.01\n"
                                     "targets:\n  - id: up\n    expr: >\n      output /\n      base(output)\n"
                                     "    year: 2027\n    at_least: 1.2\n");
  REQUIRE(model.targets.size() == 1);
  CHECK(model.targets[0].subject == "output / base(output)");
}

// ---- names ----------------------------------------------------------------------

TEST_CASE("unknown-name: a name in an expression, with did-you-mean") {
  check_compile_error(kHead + "    growth: \"0.5 * grwth_rate\"\n",
                      {"unknown-name", 8, 20, {"'grwth_rate'", "not defined"}, "did you mean 'growth_rate'?"});
  // An expression over several lines points at the name's own line and
  // column: folded (>), literal (|), in quotes, and after an anchor.
  check_compile_error(kHead + "    growth: >-\n      0.5 *\n      grwth_rate\n",
                      {"unknown-name", 10, 7, {"'grwth_rate'"}, "did you mean 'growth_rate'?"});
  check_compile_error(kHead + "    growth: |\n      0.5\n        * grwth_rate\n",
                      {"unknown-name", 10, 11, {"'grwth_rate'"}, "did you mean 'growth_rate'?"});
  check_compile_error(kHead + "    growth: \"0.5 *\n      grwth_rate\"\n",
                      {"unknown-name", 9, 7, {"'grwth_rate'"}, "did you mean 'growth_rate'?"});
  check_compile_error(kHead + "    growth: &g \"0.5 * grwth_rate\"\n",
                      {"unknown-name", 8, 23, {"'grwth_rate'"}, "did you mean 'growth_rate'?"});
  check_compile_error(kHead + "    growth: 'it''s'\n", {"syntax", 8, 16, {"unexpected character"}, ""});
  // An anchor on its own line, the value below it.
  check_compile_error(kHead + "    growth: &g # the rate\n      \"0.5 * grwth_rate\"\n",
                      {"unknown-name", 9, 14, {"'grwth_rate'"}, "did you mean 'growth_rate'?"});
  // An escape in text that spans lines: the error points at the value's start,
  // never at a column past the end of a line.
  check_compile_error(kHead + "    growth: \"0.5 \\t *\n      grwth_rate\"\n",
                      {"unknown-name", 8, 14, {"'grwth_rate'"}, "did you mean 'growth_rate'?"});
  // A byte-order mark before the file (Windows Notepad) moves nothing.
  check_compile_error("\xEF\xBB\xBF" + kHead + "    growth: \"0.5 * grwth_rate\"\n",
                      {"unknown-name", 8, 20, {"'grwth_rate'", "not defined"}, "did you mean 'growth_rate'?"});
  // Unquoted: the expression starts right after "growth: ".
  check_compile_error(kHead + "    growth: 0.5 * grwth_rate\n",
                      {"unknown-name", 8, 19, {"'grwth_rate'"}, "did you mean 'growth_rate'?"});
  // Nothing close: the hint lists what a name can be.
  check_compile_error(kHead + "    growth: \"inflation\"\n",
                      {"unknown-name", 8, 14, {"'inflation'"}, "define 'inflation'"});
  // In a base expression.
  check_compile_error(R"(scenario: test
years: [2023, 2027]
indicators:
  output: { base: 100, growth: 0.1 }
  share:
    base: "10 / outptu"
    growth: 0
)",
                      {"unknown-name", 6, 17, {"'outptu'"}, "did you mean 'output'?"});
  // In a target's expr.
  check_compile_error(kHead + R"yaml(    growth: growth_rate
targets:
  - id: double
    expr: "outpt / base(output)"
    year: 2027
    at_least: 2
)yaml",
                      {"unknown-name", 11, 12, {"'outpt'"}, "did you mean 'output'?"});
}

TEST_CASE("unknown-function: with did-you-mean") {
  check_compile_error(kHead + "    growth: \"maxx(growth_rate, 0)\"\n",
                      {"unknown-function", 8, 14, {"'maxx'"}, "did you mean 'max'?"});
}

TEST_CASE("arity: a function called with the wrong number of arguments") {
  check_compile_error(kHead + "    growth: \"0.01 + min(growth_rate)\"\n",
                      {"arity", 8, 21, {"'min'", "1 argument"}, "min(a, b) takes 2 arguments"});
  check_compile_error(kHead + "    growth: \"if(growth_rate > 0, 1)\"\n",
                      {"arity", 8, 14, {"'if'", "2 arguments"}, "takes 3 arguments"});
}

TEST_CASE("syntax: an expression syntax error at its exact column") {
  check_compile_error(kHead + "    growth: \"growth_rate + * 2\"\n",
                      {"syntax", 8, 28, {"unexpected '*'"}, "expected a number"});
  check_compile_error(kHead + "    growth: growth_rate + * 2\n",
                      {"syntax", 8, 27, {"unexpected '*'"}, "expected a number"});
  check_compile_error(kHead + "    growth: \"(growth_rate + 1\"\n",
                      {"syntax", 8, 30, {"unexpected end of expression"}, "')' to close the '('"});
  check_compile_error(kHead + "    growth: \"growth_rate ** 2\"\n",
                      {"syntax", 8, 27, {"unexpected '*'"}, "write '^' for a power"});
}

TEST_CASE("too-long / too-deep: expression limits") {
  std::string deep = std::string(70, '(') + "1" + std::string(70, ')');
  // The 65th '(' (offset 64) is one level too many.
  check_compile_error(kHead + "    growth: \"" + deep + "\"\n", {"too-deep", 8, 14 + 64, {"64 levels"}, "intermediate indicators"});
  std::string long_text = "1";
  while (long_text.size() <= 10000) long_text += " + 1";
  check_compile_error(kHead + "    growth: \"" + long_text + "\"\n", {"too-long", 8, 14, {"10000"}, "intermediate indicators"});
}

TEST_CASE("prev-argument: prev() or base() of a parameter, a shock, a built-in or an expression") {
  const std::string head = R"(scenario: test
years: [2023, 2027]
parameters:
  g: 0.04
shocks:
  s: { sd: 0.01 }
indicators:
  output:
    base: 100
)";
  check_compile_error(head + "    growth: \"prev(g)\"\n",
                      {"prev-argument", 10, 19, {"prev()", "'g'", "parameter"}, "write just 'g'"});
  check_compile_error(head + "    growth: \"0.5 * base(s)\"\n",
                      {"prev-argument", 10, 25, {"base()", "'s'", "shock"}, "ar:"});
  check_compile_error(head + "    growth: \"prev(output + 1)\"\n",
                      {"prev-argument", 10, 19, {"prev()", "name of an indicator"}, "apply prev() to each name"});
  check_compile_error(head + "    change: \"prev(year)\"\n",
                      {"prev-argument", 10, 19, {"prev()", "'year'", "built-in"}, "year - 1"});
}

TEST_CASE("cycle: a same-year cycle prints a -> b -> a") {
  // Value rules define the base year too, so the cycle is found there first.
  check_compile_error(R"(scenario: test
years: [2023, 2027]
indicators:
  a:
    value: "b + 1"
  b:
    value: "2 * a"
)",
                      {"cycle", 5, 13, {"a -> b -> a", "base year"}, "prev(x)"});
  // Growth and change rules: the cycle is in the projected years.
  check_compile_error(R"(scenario: test
years: [2023, 2027]
indicators:
  a:
    base: 1
    growth: "0.1 * b"
  b:
    base: 1
    change: "a"
)",
                      {"cycle", 6, 14, {"a -> b -> a", "projected years"}, "prev(x)"});
  // A longer cycle, written out of order, and an indicator that refers to itself.
  check_compile_error(R"(scenario: test
years: [2023, 2027]
indicators:
  c: { base: 1, change: "a" }
  a: { base: 1, change: "b" }
  b: { base: 1, change: "c" }
)",
                      {"cycle", 4, 26, {"c -> a -> b -> c"}, "prev(x)"});
  check_compile_error(R"(scenario: test
years: [2023, 2027]
indicators:
  a: { base: 1, change: "a / 2" }
)",
                      {"cycle", 4, 26, {"a -> a"}, "prev(x)"});
}

TEST_CASE("cycle: prev() breaks a cycle") {
  Model model = compile_text(R"yaml(scenario: test
years: [2023, 2027]
indicators:
  a:
    base: 1
    growth: "0.1 * prev(b)"
  b:
    base: 1
    change: "a"
)yaml");
  REQUIRE(model.step_order.size() == 2);
  CHECK(model.step_order[0] == 0);  // a first: b needs this year's a
  CHECK(model.step_order[1] == 1);
}

TEST_CASE("duplicate-id: one name for two things across indicators, parameters and shocks") {
  check_compile_error(R"(scenario: test
years: [2023, 2027]
parameters:
  output: 0.04
indicators:
  output:
    base: 100
    growth: 0.1
)",
                      {"duplicate-id", 6, 3, {"'output'", "twice"}, "already a parameter at test.yaml:4:3"});
  check_compile_error(R"(scenario: test
years: [2023, 2027]
parameters:
  g: 0.04
shocks:
  g: { sd: 0.01 }
indicators:
  output: { base: 100, growth: g }
)",
                      {"duplicate-id", 6, 3, {"'g'", "twice"}, "already a parameter at test.yaml:4:3"});
  check_compile_error(R"(scenario: test
years: [2023, 2027]
shocks:
  noise: { sd: 0.01 }
indicators:
  noise: { base: 100, growth: 0.1 }
)",
                      {"duplicate-id", 6, 3, {"'noise'", "twice"}, "already a shock at test.yaml:4:3"});
}

TEST_CASE("unknown-name: a target on an unknown indicator") {
  const std::string head = R"(scenario: test
years: [2023, 2027]
parameters:
  g: 0.04
indicators:
  output: { base: 1, growth: g }
targets:
  - id: big
)";
  check_compile_error(head + "    indicator: outpt\n    year: 2027\n    at_least: 2\n",
                      {"unknown-name", 9, 16, {"target 'big'", "'outpt'", "not an indicator"}, "did you mean 'output'?"});
  // A parameter is not an indicator either; the hint says how to measure it.
  check_compile_error(head + "    indicator: g\n    year: 2027\n    at_least: 2\n",
                      {"unknown-name", 9, 16, {"target 'big'", "'g'"}, "expr: \"g\""});
}

// ---- correlations ------------------------------------------------------------------------

TEST_CASE("bad-correlation: a parameter paired with a shock") {
  check_compile_error(kCorrelationHead + "  - [g, s, 0.5]\n",
                      {"bad-correlation", 12, 5, {"'g'", "'s'", "mix a parameter and a shock"}, "pair parameters with parameters"});
}

TEST_CASE("unknown-name: a correlation with an unknown name") {
  check_compile_error(kCorrelationHead + "  - [g, hh, 0.5]\n",
                      {"unknown-name", 12, 9, {"'hh'", "not defined"}, "did you mean 'h'?"});
}

TEST_CASE("bad-correlation: a fixed parameter or an indicator") {
  check_compile_error(kCorrelationHead + "  - [g, k, 0.5]\n",
                      {"bad-correlation", 12, 9, {"'k'", "no uncertainty"}, "give it an `uncertainty:`"});
  check_compile_error(kCorrelationHead + "  - [x, g, 0.5]\n",
                      {"bad-correlation", 12, 6, {"'x'", "indicator"}, "correlate the parameters or shocks"});
}

TEST_CASE("bad-correlation: a matrix that is not positive semi-definite names its variables") {
  const std::string text = R"(scenario: test
years: [2023, 2027]
parameters:
  alpha: { value: 0.1, uncertainty: { dist: normal, sd: 0.01 } }
  beta: { value: 0.1, uncertainty: { dist: normal, sd: 0.01 } }
  gamma: { value: 0.1, uncertainty: { dist: normal, sd: 0.01 } }
  delta: { value: 0.1, uncertainty: { dist: normal, sd: 0.01 } }
indicators:
  x: { base: 1, growth: "alpha + beta + gamma + delta" }
correlations:
  - [alpha, beta, 0.9]
  - [beta, gamma, 0.9]
  - [alpha, gamma, -0.9]
)";
  check_compile_error(text, {"bad-correlation", 11, 5, {"positive semi-definite", "alpha", "beta", "gamma"},
                             "weaken one of the pairs", {"delta"}});
  // The same among shocks, after a consistent parameter pair: the error
  // points at the first pair of the inconsistent set, not at the first line.
  const std::string shocks = R"(scenario: test
years: [2023, 2027]
parameters:
  alpha: { value: 0.1, uncertainty: { dist: normal, sd: 0.01 } }
  beta: { value: 0.1, uncertainty: { dist: normal, sd: 0.01 } }
shocks:
  s1: { sd: 0.01 }
  s2: { sd: 0.01 }
  s3: { sd: 0.01 }
indicators:
  x: { base: 1, growth: "alpha + beta + s1 + s2 + s3" }
correlations:
  - [alpha, beta, 0.5]
  - [s1, s2, 0.95]
  - [s2, s3, 0.95]
  - [s1, s3, -0.95]
)";
  check_compile_error(shocks, {"bad-correlation", 14, 5, {"positive semi-definite", "s1", "s2", "s3"},
                               "weaken one of the pairs", {"alpha", "beta"}});
}

// ---- found by fuzzing (tests/fuzz/README.md) ------------------------------------------------

TEST_CASE("unknown-name: the hint among hundreds of long names") {
  // did-you-mean computed the edit distance to every name: 15 s for 3000
  // names of 1000 characters (a 3 MB file). Names too different in length
  // are now skipped and the search is bounded; close names are still found.
  std::mt19937 rng(7);
  std::string text = "scenario: test\nyears: [2023, 2027]\nparameters:\n  growth_rate: 0.04\nindicators:\n";
  text += "  " + std::string(1000, 'q') + ": { base: 1, growth: 0.1 }\n";  // line 6
  for (int i = 0; i < 300; ++i) {
    std::string name;
    for (int k = 0; k < 1000; ++k) name += static_cast<char>('a' + rng() % 10);
    text += "  " + name + ": { base: 1, growth: 0.1 }\n";
  }
  // Lines 307 and 308, the expressions at column 26.
  const std::string typo = std::string(999, 'q') + "r";
  check_compile_error(text + "  zz: { base: 1, growth: " + typo + " }\n",
                      {"unknown-name", 307, 26, {"not defined"}, "did you mean '" + std::string(1000, 'q') + "'?"});
  check_compile_error(text + "  zz: { base: 1, growth: 0.5 }\n  zy: { base: 1, growth: grwth_rate }\n",
                      {"unknown-name", 308, 26, {"'grwth_rate'"}, "did you mean 'growth_rate'?"});
}

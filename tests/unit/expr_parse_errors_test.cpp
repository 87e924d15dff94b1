// Parse errors: the stable code, the position (test expressions start at
// test.yaml:3:15, so an error at offset k is reported at column 15 + k), the
// message naming what was found, and the hint naming what was expected.
#include "expr_test_support.hpp"

using namespace expr_test;

namespace {

struct Expected {
  std::string code;
  int offset;
  std::string message;       // exact
  std::string hint_part;     // a substring of the hint
};

void check_error(const std::string& text, const Expected& expected) {
  CAPTURE(text);
  const InputError error = parse_error(text);
  INFO("got: " << error.formatted());
  CHECK(error.code() == expected.code);
  CHECK(error.pos().file == "test.yaml");
  CHECK(error.pos().line == 3);
  CHECK(error.pos().col == 15 + expected.offset);
  CHECK(error.message() == expected.message);
  CHECK(error.hint().find(expected.hint_part) != std::string::npos);
}

}  // namespace

TEST_CASE("syntax: unexpected tokens say what was found and what was expected") {
  check_error("1 + )", {"syntax", 4, "unexpected ')'", "expected a number, a name, a function call or '('"});
  check_error("1 +", {"syntax", 3, "unexpected end of expression", "expected a number"});
  check_error("(1 + 2", {"syntax", 6, "unexpected end of expression", "')' to close the '(' at column 15"});
  check_error("((1) + 2", {"syntax", 8, "unexpected end of expression", "')' to close the '(' at column 15"});
  check_error("1 + 2)", {"syntax", 5, "unexpected ')'", "expected an operator or the end of the expression"});
  check_error("1 * * 2", {"syntax", 4, "unexpected '*'", "expected a number"});
  check_error("x ** 2", {"syntax", 3, "unexpected '*'", "write '^' for a power"});
  check_error("2x", {"syntax", 1, "unexpected name 'x'", "to multiply, write '*'"});
  check_error("(a)(b)", {"syntax", 3, "unexpected '('", "to multiply, write '*'"});
  check_error("a b", {"syntax", 2, "unexpected name 'b'", "expected an operator"});
  check_error("max(1 2)", {"syntax", 6, "unexpected number '2'", "',' or ')' in the arguments of max(a, b)"});
  check_error("max(1, )", {"syntax", 7, "unexpected ')'", "expected a number"});
  check_error("max(1,", {"syntax", 6, "unexpected end of expression", "expected a number"});
  check_error("and", {"syntax", 0, "unexpected 'and'", "expected a number"});
  check_error("a or", {"syntax", 4, "unexpected end of expression", "expected a number"});
  check_error("a == not b", {"syntax", 5, "unexpected 'not'", "expected a number"});
  check_error(",", {"syntax", 0, "unexpected ','", "expected a number"});
}

TEST_CASE("syntax: comparisons do not chain") {
  check_error("a < b < c", {"syntax", 6, "unexpected '<'", "comparisons do not chain"});
  check_error("a == b != c", {"syntax", 7, "unexpected '!='", "comparisons do not chain"});
}

TEST_CASE("syntax: the empty expression") {
  check_error("", {"syntax", 0, "empty expression", "write a number, a name or a formula"});
  check_error("   ", {"syntax", 0, "empty expression", "write a number, a name or a formula"});
}

TEST_CASE("syntax: characters that start no token") {
  check_error("a $ b", {"syntax", 2, "unexpected character '$'", "an expression is made of"});
  check_error("a = b", {"syntax", 2, "unexpected character '='", "use '=='"});
  check_error("!a", {"syntax", 0, "unexpected character '!'", "use 'not'"});
  check_error("a && b", {"syntax", 2, "unexpected character '&'", "use 'and'"});
  check_error("a || b", {"syntax", 2, "unexpected character '|'", "use 'or'"});
  check_error("a . b", {"syntax", 2, "unexpected character '.'", "an expression is made of"});
  check_error("a\x01", {"syntax", 1, "unexpected character '\\x01'", "an expression is made of"});
  check_error("增长率 + 1", {"syntax", 0, "unexpected character '增'", "names use only the ASCII letters"});
  check_error("4% * a", {"syntax", 1, "unexpected character '%'", "4% is 0.04"});
  check_error("max（a, b)", {"syntax", 3, "unexpected character '（'", "write the ASCII '(' instead of '（'"});
  check_error("a × b", {"syntax", 2, "unexpected character '×'", "write the ASCII '*'"});
  // The rest of a Chinese input method's punctuation: comma, colon, ideographic space.
  check_error("max(a，b)", {"syntax", 5, "unexpected character '，'", "write the ASCII ',' instead of '，'"});
  check_error("a：b", {"syntax", 1, "unexpected character '：'", "write the ASCII ':' instead of '：'"});
  check_error("a　+ b", {"syntax", 1, "unexpected character '　'", "write the ASCII ' ' instead of '　'"});
}

TEST_CASE("syntax: malformed numbers") {
  check_error("1e", {"syntax", 0, "malformed number '1e'", "an exponent needs digits"});
  check_error("x + 2.5e+", {"syntax", 4, "malformed number '2.5e+'", "an exponent needs digits"});
  check_error("1.2.3", {"syntax", 0, "malformed number '1.2.3'", "at most one decimal point"});
  check_error("1e400", {"syntax", 0, "number '1e400' cannot be represented as a double", "1.8e308"});
  check_error("1e-400", {"syntax", 0, "number '1e-400' cannot be represented as a double", "2.2e-308"});
}

TEST_CASE("the first error in the text is the one reported") {
  check_error("1 + ) $", {"syntax", 4, "unexpected ')'", "expected a number"});
  check_error("$ + )", {"syntax", 0, "unexpected character '$'", ""});
}

TEST_CASE("unknown-function: names the function and suggests the closest") {
  check_error("1 + mx(a, b)", {"unknown-function", 4, "unknown function 'mx'", "did you mean 'max'?"});
  check_error("claamp(x, 0, 1)", {"unknown-function", 0, "unknown function 'claamp'", "did you mean 'clamp'?"});
  check_error("growth_rate(2024)",
              {"unknown-function", 0, "unknown function 'growth_rate'", "expected one of: prev, base, if"});
  check_error("and(1)", {"syntax", 0, "unexpected 'and'", ""});
}

TEST_CASE("arity: wrong number of arguments gives the signature") {
  check_error("clamp(x, 0)", {"arity", 0, "'clamp' called with 2 arguments", "clamp(x, lo, hi) takes 3 arguments"});
  check_error("1 + exp()", {"arity", 4, "'exp' called with 0 arguments", "exp(x) takes 1 argument"});
  check_error("exp(1, 2)", {"arity", 0, "'exp' called with 2 arguments", "exp(x) takes 1 argument"});
  check_error("if(c, a)", {"arity", 0, "'if' called with 2 arguments", "if(c, a, b) takes 3 arguments"});
  check_error("min(a)", {"arity", 0, "'min' called with 1 argument", "min(a, b) takes 2 arguments"});
  check_error("pow(a, b, c)", {"arity", 0, "'pow' called with 3 arguments", "pow(a, b) takes 2 arguments"});
  check_error("prev()", {"arity", 0, "'prev' called with 0 arguments", "prev(x) takes 1 argument"});
  check_error("base(x, y)", {"arity", 0, "'base' called with 2 arguments", "base(x) takes 1 argument"});
}

TEST_CASE("prev-argument: prev and base take a bare name") {
  check_error("prev(1)", {"prev-argument", 5, "prev() takes the name of an indicator, not an expression",
                          "write prev(x) for a name x"});
  check_error("2 * prev(x + y)", {"prev-argument", 9, "prev() takes the name of an indicator, not an expression",
                                  "apply prev() to each name"});
  check_error("base(-x)", {"prev-argument", 5, "base() takes the name of an indicator, not an expression",
                           "write base(x) for a name x"});
  check_error("prev((x))", {"prev-argument", 5, "prev() takes the name of an indicator, not an expression", ""});
  check_error("prev(prev(x))", {"prev-argument", 5, "prev() takes the name of an indicator, not an expression", ""});
  check_error("prev(exp(x))", {"prev-argument", 5, "prev() takes the name of an indicator, not an expression", ""});
}

TEST_CASE("an error position with an unknown line leaves the position unshifted") {
  try {
    Expression::parse("1 + )", SourcePos{"f.yaml", 0, 0});
    FAIL("no error");
  } catch (const InputError& error) {
    CHECK(error.pos().str() == "f.yaml");
    CHECK(error.formatted() ==
          "f.yaml: error: unexpected ')' [syntax]\n  hint: expected a number, a name, a function call or '('");
  }
}

TEST_CASE("formatted() reads like the CLI's error lines") {
  const InputError error = parse_error("1 + mx(a, b)");
  CHECK(error.formatted() == "test.yaml:3:19: error: unknown function 'mx' [unknown-function]\n"
                             "  hint: did you mean 'max'?");
}

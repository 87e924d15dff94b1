// Limits and hostile input: nesting deeper than kMaxNestingDepth is rejected
// with "too-deep" at the offending character, text longer than kMaxLength with
// "too-long", and nothing makes the parser or compiler recurse without bound.
// Random garbage either parses or fails with an InputError, never anything else.
#include <random>

#include "expr_test_support.hpp"

using namespace expr_test;

namespace {

std::string repeat(const std::string& piece, int times) {
  std::string text;
  for (int i = 0; i < times; ++i) text += piece;
  return text;
}

void check_too_deep(const std::string& text, int offset) {
  CAPTURE(text.size());
  CAPTURE(text.substr(0, 80));
  const InputError error = parse_error(text);
  CHECK(error.code() == "too-deep");
  CHECK(error.pos().col == 15 + offset);
  CHECK(error.message().find("more than 64 levels") != std::string::npos);
  CHECK(error.hint() == "split it into intermediate indicators");
}

}  // namespace

TEST_CASE("kMaxNestingDepth levels parse; one more is too deep") {
  const int n = kMaxNestingDepth;
  REQUIRE(n == 64);
  SUBCASE("parentheses") {
    CHECK(sexpr(parse(repeat("(", n) + "x" + repeat(")", n))) == "x");
    check_too_deep(repeat("(", n + 1) + "x" + repeat(")", n + 1), n);
  }
  SUBCASE("unary minus") {
    CHECK_NOTHROW(parse(repeat("-", n) + "x"));
    check_too_deep(repeat("-", n + 1) + "x", n);
  }
  SUBCASE("unary plus") {
    CHECK(sexpr(parse(repeat("+", n) + "x")) == "x");
    check_too_deep(repeat("+", n + 1) + "x", n);
  }
  SUBCASE("not") {
    CHECK_NOTHROW(parse(repeat("not ", n) + "x"));
    check_too_deep(repeat("not ", n + 1) + "x", 4 * n);
  }
  SUBCASE("function calls") {
    CHECK_NOTHROW(parse(repeat("abs(", n) + "x" + repeat(")", n)));
    check_too_deep(repeat("abs(", n + 1) + "x" + repeat(")", n + 1), 4 * n);
  }
  SUBCASE("right-recursive ^ chains") {
    CHECK_NOTHROW(parse(repeat("2^", n) + "2"));
    check_too_deep(repeat("2^", n + 1) + "2", 2 * n + 1);
  }
  SUBCASE("mixed: each kind counts against the same limit") {
    CHECK_NOTHROW(parse(repeat("-(", n / 2) + "x" + repeat(")", n / 2)));
    check_too_deep(repeat("-(", n / 2) + "-x" + repeat(")", n / 2), n);
  }
}

TEST_CASE("siblings do not add up: depth is nesting, not length") {
  const std::string nested = repeat("(", 60) + "x" + repeat(")", 60);
  CHECK_NOTHROW(parse(nested + " + " + nested + " * " + nested));
  CHECK_NOTHROW(parse("max(" + nested + ", " + nested + ")"));
}

TEST_CASE("hostile input fails cleanly, without exhausting the stack") {
  SUBCASE("100000 '(' is too long") {
    const InputError error = parse_error(repeat("(", 100000));
    CHECK(error.code() == "too-long");
    CHECK(error.pos().col == 15);
    CHECK(error.message() == "expression is 100000 characters long, more than the limit of 10000");
  }
  SUBCASE("100000 '-' is too long") { CHECK(parse_error(repeat("-", 100000) + "x").code() == "too-long"); }
  SUBCASE("kMaxLength '(' is too deep") {
    CHECK(parse_error(repeat("(", static_cast<int>(kMaxLength))).code() == "too-deep");
  }
  SUBCASE("kMaxLength - 1 '-' before a name is too deep") {
    CHECK(parse_error(repeat("-", static_cast<int>(kMaxLength) - 1) + "x").code() == "too-deep");
  }
  SUBCASE("kMaxLength 'not ' is too deep") {
    CHECK(parse_error(repeat("not ", static_cast<int>(kMaxLength) / 4)).code() == "too-deep");
  }
}

TEST_CASE("kMaxLength characters is allowed; one more is too long") {
  // "1+1+...+1": a left-leaning chain of 5000 additions, compiled and run
  // without recursion.
  std::string text = repeat("1+", static_cast<int>(kMaxLength - 1) / 2) + "1";
  while (text.size() < kMaxLength) text += " ";
  REQUIRE(text.size() == kMaxLength);
  const Expression e = parse(text);
  CHECK(e.is_constant());
  const Program p = compile(text);
  CHECK(p.is_constant());
  CHECK(p.constant_value() == 5000.0);
  const InputError error = parse_error(text + " ");
  CHECK(error.code() == "too-long");
  CHECK(error.hint() == "split it into intermediate indicators");
}

TEST_CASE("a long chain over names compiles to one instruction per operator with few registers") {
  const std::string text = repeat("x*y+", 2000) + "x";  // 8001 characters
  const Program p = compile(text);
  CHECK(p.instructions().size() == 4000);
  CHECK(p.register_count() <= 2);
  CHECK(evaluate_scalar(p, std::vector<double>{1.5, 2.0}) == 2000 * 3.0 + 1.5);
}

TEST_CASE("random garbage parses or fails with an InputError, never anything else") {
  const std::string alphabet = "ab1.e+-*/^()<>=!, notandorprevmaxclamp\t$\xe4";
  std::mt19937 rng(20240611);
  std::uniform_int_distribution<std::size_t> pick(0, alphabet.size() - 1);
  std::uniform_int_distribution<int> length(0, 40);
  int parsed = 0;
  int rejected = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string text;
    for (int n = length(rng); n > 0; --n) text += alphabet[pick(rng)];
    CAPTURE(text);
    try {
      const Expression e = parse(text);
      const Program p = Program::compile(e, [](const NameRef&) { return 0; });
      const double x = 0.5;
      (void)evaluate_scalar(p, std::span<const double>(&x, 1));
      ++parsed;
    } catch (const InputError& error) {
      CHECK(error.pos().col >= 15);
      CHECK(error.pos().col <= 15 + static_cast<int>(text.size()));
      ++rejected;
    }
  }
  CHECK(parsed > 100);  // the generator does produce valid expressions
  CHECK(rejected > 100);
}

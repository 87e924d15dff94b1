// The compiler: name resolution through the Resolver, constant folding,
// instruction and register counts, and the operand encoding.
#include <cctype>
#include <cmath>
#include <optional>

#include "expr_test_support.hpp"

using namespace expr_test;
using goalpath::expr::detail::OpCode;

namespace {

OpCode op_of(const Instruction& instruction) { return static_cast<OpCode>(instruction.op); }

std::string listing(const Program& program) {
  std::string text;
  for (const Instruction& i : program.instructions()) {
    text += std::string(detail::op_name(op_of(i))) + " r" + std::to_string(i.dst) + " <- " +
            std::to_string(i.src[0]) + " " + std::to_string(i.src[1]) + " " + std::to_string(i.src[2]) + " [" +
            std::to_string(i.constant) + "]\n";
  }
  return text;
}

}  // namespace

TEST_CASE("a constant expression folds to one number and no instructions") {
  for (const std::string text : {"1 + 2 * 3", "-(2^3^2)", "exp(0) + log(1)", "if(1 < 2, 10, 20)", "clamp(5, 0, 1)",
                                 "max(3, min(4, 5))", "not 0 and 1 or 0", "(1 + 2) / 3 - 1"}) {
    CAPTURE(text);
    const Program p = compile(text);
    CHECK(p.is_constant());
    CHECK(p.instructions().empty());
    CHECK(p.slots_read().empty());
  }
  CHECK(compile("1 + 2 * 3").constant_value() == 7.0);
  CHECK(compile("-(2^3^2)").constant_value() == -512.0);
  CHECK(compile("if(1 < 2, 10, 20)").constant_value() == 10.0);
  CHECK(compile("clamp(5, 0, 1)").constant_value() == 1.0);
  CHECK(compile("not 0 and 1 or 0").constant_value() == 1.0);
  CHECK(compile("(1 + 2) / 3 - 1").constant_value() == 0.0);
}

TEST_CASE("folding keeps IEEE results: inf, NaN and signed zero") {
  CHECK(compile("1/0").constant_value() == INFINITY);
  CHECK(compile("-1/0").constant_value() == -INFINITY);
  CHECK(std::isnan(compile("log(-1)").constant_value()));
  CHECK(std::isnan(compile("0/0").constant_value()));
  CHECK(std::signbit(compile("-0").constant_value()));
  CHECK(compile("-0").constant_value() == 0.0);
}

TEST_CASE("a constant program fills every column with its number") {
  const Program p = compile("2 * 3.5");
  std::vector<double> out(37, 0.0);
  Workspace ws;
  evaluate(p, {}, 37, ws, out.data());
  for (double v : out) CHECK(v == 7.0);
}

TEST_CASE("constant sub-expressions fold; the rest does not reassociate") {
  SUBCASE("1 + 2 + x folds (1 + 2)") {
    const Program p = compile("1 + 2 + x");
    REQUIRE(p.instructions().size() == 1);
    CHECK(op_of(p.instructions()[0]) == OpCode::add);
    CHECK(p.instructions()[0].src[0] == kConstantOperand);
    CHECK(p.instructions()[0].constant == 3.0);
    CHECK(p.instructions()[0].src[1] == -1);  // slot 0
  }
  SUBCASE("x + 1 + 2 keeps two additions (floating point is not associative)") {
    const Program p = compile("x + 1 + 2");
    INFO(listing(p));
    CHECK(p.instructions().size() == 2);
  }
  SUBCASE("x * (2 ^ 10 - exp(0))") {
    const Program p = compile("x * (2 ^ 10 - exp(0))");
    REQUIRE(p.instructions().size() == 1);
    CHECK(p.instructions()[0].constant == 1023.0);
  }
  SUBCASE("x * 0 is not folded (x may be inf or NaN)") {
    const Program p = compile("x * 0");
    CHECK_FALSE(p.is_constant());
    CHECK(std::isnan(evaluate_scalar(p, std::vector<double>{INFINITY})));
  }
}

TEST_CASE("a folded number is exactly what the program computes at run time") {
  // The same operations once on numbers (folded) and once on slots holding
  // those numbers (run): the bits agree.
  const std::vector<std::string> ops{"exp(a)",    "log(a)",       "sqrt(a)", "sin(a)",  "cos(a)",     "a ^ b",
                                     "pow(a, b)", "a / b",        "abs(a)",  "-a",      "min(a, b)",  "max(a, b)",
                                     "a < b",     "clamp(a, b, 2)", "a - b", "a * b",   "not a",      "a or b"};
  const std::vector<double> values{-1000, -3.7, -1, -0.0, 0.0, 1e-310, 0.3, 1, 1.05, 2.5, 10, 709.5, 1e300, INFINITY};
  for (const std::string& op : ops) {
    for (double a : values) {
      for (double b : {0.5, -2.0, 3.0, 1e-300}) {
        char a_text[64];
        char b_text[64];
        std::snprintf(a_text, sizeof a_text, "(%.17g)", a);
        std::snprintf(b_text, sizeof b_text, "(%.17g)", b);
        if (std::isinf(a)) std::snprintf(a_text, sizeof a_text, "(1/0)");
        // Put the numbers in place of the whole words a and b.
        std::string built;
        for (std::size_t i = 0; i < op.size(); ++i) {
          const bool word_start = i == 0 || !std::isalnum(static_cast<unsigned char>(op[i - 1]));
          const bool word_end = i + 1 == op.size() || !std::isalnum(static_cast<unsigned char>(op[i + 1]));
          if (word_start && word_end && op[i] == 'a') {
            built += a_text;
          } else if (word_start && word_end && op[i] == 'b') {
            built += b_text;
          } else {
            built += op[i];
          }
        }
        CAPTURE(op);
        CAPTURE(built);
        const Program folded = compile(built);
        REQUIRE(folded.is_constant());
        const double run = eval(op, {{"a", a}, {"b", b}});
        INFO("folded " << folded.constant_value() << " run " << run);
        CHECK(same(folded.constant_value(), run));
      }
    }
  }
}

TEST_CASE("a bare name compiles to no instructions and copies its slot") {
  TableResolver table;
  const Program p = compile("prev(x)", table);
  CHECK_FALSE(p.is_constant());
  CHECK(p.instructions().empty());
  CHECK(p.register_count() == 0);
  CHECK(p.slots_read() == std::vector<int>{0});
  const std::vector<double> x{1.5, -2.5, 3.25};
  const std::vector<const double*> slots{x.data()};
  std::vector<double> out(3, 0.0);
  Workspace ws;
  evaluate(p, slots, 3, ws, out.data());
  CHECK(out == x);
  CHECK(sexpr(parse("(+x)")) == "x");
  CHECK(compile("(+x)").instructions().empty());
}

TEST_CASE("the resolver is called for every name occurrence and its slots are encoded as -1 - slot") {
  std::vector<std::string> seen;
  const Resolver resolver = [&](const NameRef& ref) {
    seen.push_back(ref.name + "@" + std::to_string(ref.column));
    if (ref.name == "x" && ref.access == Access::prev) return 7;
    if (ref.name == "x" && ref.access == Access::base) return 9;
    if (ref.name == "g") return 3;
    return 0;
  };
  const Program p = Program::compile(parse("prev(x) * (1 + g) + base(x) - g"), resolver);
  CHECK(seen == std::vector<std::string>{"x@5", "g@15", "x@25", "g@30"});
  CHECK(p.slots_read() == std::vector<int>{3, 7, 9});
  INFO(listing(p));
  REQUIRE(p.instructions().size() == 4);
  const Instruction& first = p.instructions()[0];  // 1 + g
  CHECK(op_of(first) == OpCode::add);
  CHECK(first.src[0] == kConstantOperand);
  CHECK(first.constant == 1.0);
  CHECK(first.src[1] == -1 - 3);
  CHECK(p.instructions()[1].src[0] == -1 - 7);  // prev(x) * r
  CHECK(p.instructions()[2].src[1] == -1 - 9);  // r + base(x)
}

TEST_CASE("the resolver's errors reach the caller; bad slots are rejected") {
  const Resolver unknown = [](const NameRef& ref) -> int {
    throw InputError(kPos.shifted(ref.column), "unknown-name", "'" + ref.name + "' is not defined");
  };
  try {
    Program::compile(parse("1 + grwth"), unknown);
    FAIL("no error");
  } catch (const InputError& error) {
    CHECK(error.code() == "unknown-name");
    CHECK(error.pos().col == 19);
  }
  CHECK_THROWS_AS(Program::compile(parse("x"), [](const NameRef&) { return -1; }), std::out_of_range);
  CHECK_THROWS_AS(Program::compile(parse("x"), [](const NameRef&) { return INT32_MAX; }), std::out_of_range);
}

TEST_CASE("one instruction carries one number; a second goes through load_constant") {
  SUBCASE("if(x > 0, 1, 0)") {
    const Program p = compile("if(x > 0, 1, 0)");
    INFO(listing(p));
    REQUIRE(p.instructions().size() == 3);
    CHECK(op_of(p.instructions()[0]) == OpCode::greater);
    CHECK(op_of(p.instructions()[1]) == OpCode::load_constant);
    CHECK(p.instructions()[1].constant == 0.0);
    CHECK(op_of(p.instructions()[2]) == OpCode::select);
    CHECK(p.instructions()[2].src[1] == kConstantOperand);
    CHECK(p.instructions()[2].constant == 1.0);
    CHECK(p.register_count() == 2);
    CHECK(eval("if(x > 0, 1, 0)", {{"x", 2}}) == 1.0);
    CHECK(eval("if(x > 0, 1, 0)", {{"x", -2}}) == 0.0);
  }
  SUBCASE("clamp(x, 0.25, 0.75)") {
    const Program p = compile("clamp(x, 0.25, 0.75)");
    REQUIRE(p.instructions().size() == 2);
    CHECK(eval("clamp(x, 0.25, 0.75)", {{"x", 0.1}}) == 0.25);
    CHECK(eval("clamp(x, 0.25, 0.75)", {{"x", 0.9}}) == 0.75);
    CHECK(eval("clamp(x, 0.25, 0.75)", {{"x", 0.5}}) == 0.5);
  }
}

TEST_CASE("registers are reused: a balanced tree needs about its depth, not its size") {
  const Program p = compile("(a*b + c*d) * (e*f + g*h) + (a*c + b*d) * (e*g + f*h)");
  INFO(listing(p));
  CHECK(p.instructions().size() == 15);
  CHECK(p.register_count() <= 4);
  const Values v{{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}, {"f", 6}, {"g", 7}, {"h", 8}};
  CHECK(eval("(a*b + c*d) * (e*f + g*h) + (a*c + b*d) * (e*g + f*h)", v) == 14.0 * 86.0 + 11.0 * 83.0);
}

TEST_CASE("every register an instruction reads was written by an earlier instruction") {
  for (const std::string text : {"(a*b + c*d) * (e*f + g*h) + (a*c + b*d) * (e*g + f*h)", "if(a < b, clamp(c, 0, 1), 2)",
                                 "max(min(a, b), -a) ^ 2 / (1 + exp(-b))", "not (a and b) or c < d"}) {
    CAPTURE(text);
    const Program p = compile(text);
    std::vector<bool> written(static_cast<std::size_t>(p.register_count()), false);
    for (const Instruction& i : p.instructions()) {
      for (int k = 0; k < detail::arity(op_of(i)); ++k) {
        if (i.src[k] >= 0) CHECK(written[static_cast<std::size_t>(i.src[k])]);
      }
      REQUIRE(i.dst >= 0);
      REQUIRE(i.dst < p.register_count());
      written[static_cast<std::size_t>(i.dst)] = true;
    }
  }
}

TEST_CASE("programs are copyable values") {
  const Program p = compile("x * 2 + 1");
  Program copy = p;
  CHECK(copy.instructions().size() == p.instructions().size());
  CHECK(evaluate_scalar(copy, std::vector<double>{4.0}) == 9.0);
  std::optional<Program> held;
  held = p;
  CHECK(evaluate_scalar(*held, std::vector<double>{0.5}) == 2.0);
}

TEST_CASE("a default-constructed program is the constant 0") {
  const Program p;
  CHECK(p.is_constant());
  CHECK(p.constant_value() == 0.0);
  CHECK(p.instructions().empty());
  std::vector<double> out(5, 1.0);
  Workspace ws;
  evaluate(p, {}, 5, ws, out.data());
  CHECK(out == std::vector<double>(5, 0.0));
}

// The parser: precedence, associativity, numbers, names and the AST shape.
// Shapes are checked as S-expressions of the AST (expr_test::sexpr).
#include "expr_test_support.hpp"

using namespace expr_test;

namespace {

void check_shape(const std::string& text, const std::string& expected) {
  CAPTURE(text);
  CHECK(sexpr(parse(text)) == expected);
}

}  // namespace

TEST_CASE("numbers in every documented form") {
  check_shape("12", "12");
  check_shape("0.5", "0.5");
  check_shape(".5", "0.5");
  check_shape("1e-3", "0.001");
  check_shape("2.5E+4", "25000");
  check_shape("2.5e4", "25000");
  check_shape("3.", "3");
  check_shape("007", "7");
  check_shape("1.7976931348623157e308", "1.7976931348623157e+308");
  check_shape("4.9e-324", "4.9406564584124654e-324");
}

TEST_CASE("sum and product are left-associative, product binds tighter") {
  check_shape("1 - 2 - 3", "(subtract (subtract 1 2) 3)");
  check_shape("8 / 4 / 2", "(divide (divide 8 4) 2)");
  check_shape("1 + 2 * 3", "(add 1 (multiply 2 3))");
  check_shape("1 * 2 + 3", "(add (multiply 1 2) 3)");
  check_shape("(1 + 2) * 3", "(multiply (add 1 2) 3)");
  check_shape("a - b + c", "(add (subtract a b) c)");
}

TEST_CASE("power is right-associative and binds tighter than unary minus on its left") {
  check_shape("2^3^2", "(power 2 (power 3 2))");
  check_shape("-2^2", "(negate (power 2 2))");
  check_shape("2^-2", "(power 2 (negate 2))");
  check_shape("-2^-2", "(negate (power 2 (negate 2)))");
  check_shape("a*b^c", "(multiply a (power b c))");
  check_shape("(a^b)^c", "(power (power a b) c)");
  check_shape("2^3^-x^2", "(power 2 (power 3 (negate (power x 2))))");
}

TEST_CASE("unary operators") {
  check_shape("--x", "(negate (negate x))");
  check_shape("+x", "x");
  check_shape("-+-x", "(negate (negate x))");
  check_shape("-x * y", "(multiply (negate x) y)");
  check_shape("not x", "(not x)");
  check_shape("not not x", "(not (not x))");
  check_shape("not a < b", "(not (less a b))");
  check_shape("not a and b", "(and (not a) b)");
}

TEST_CASE("comparisons sit between logic and arithmetic") {
  check_shape("a < b", "(less a b)");
  check_shape("a <= b", "(less_equal a b)");
  check_shape("a > b", "(greater a b)");
  check_shape("a >= b", "(greater_equal a b)");
  check_shape("a == b", "(equal a b)");
  check_shape("a != b", "(not_equal a b)");
  check_shape("a + 1 < b * 2", "(less (add a 1) (multiply b 2))");
  check_shape("(a < b) < c", "(less (less a b) c)");
  check_shape("a < b and b < c", "(and (less a b) (less b c))");
}

TEST_CASE("and binds tighter than or; both are left-associative") {
  check_shape("a or b and c", "(or a (and b c))");
  check_shape("a and b or c", "(or (and a b) c)");
  check_shape("a or b or c", "(or (or a b) c)");
  check_shape("a and b and c", "(and (and a b) c)");
  check_shape("(a or b) and c", "(and (or a b) c)");
}

TEST_CASE("function calls") {
  check_shape("if(c, a, b)", "(select c a b)");
  check_shape("min(a, b)", "(min a b)");
  check_shape("max(a, b)", "(max a b)");
  check_shape("clamp(x, 0, 1)", "(clamp x 0 1)");
  check_shape("pow(a, b)", "(power a b)");
  check_shape("exp(x) + log(x) + sqrt(x) + abs(x) + sin(x) + cos(x)",
              "(add (add (add (add (add (exp x) (log x)) (sqrt x)) (abs x)) (sin x)) (cos x))");
  check_shape("max (a , b)", "(max a b)");
  check_shape("min(max(a, b), if(a > b, 1, 2))", "(min (max a b) (select (greater a b) 1 2))");
}

TEST_CASE("prev and base become names with their access") {
  check_shape("prev(x) * (1 + g + e)", "(multiply prev:x (add (add 1 g) e))");
  check_shape("base(x)", "base:x");
  check_shape("prev( x )", "prev:x");
  check_shape("x - prev(x)", "(subtract x prev:x)");
}

TEST_CASE("and, or, not are keywords; other words are names, function names included") {
  check_shape("android + order + nothing", "(add (add android order) nothing)");
  check_shape("AND", "AND");
  check_shape("exp", "exp");
  check_shape("prev", "prev");
  check_shape("_a1 + B_2", "(add _a1 B_2)");
}

TEST_CASE("whitespace is free, including tabs and newlines") {
  check_shape(" \t1\n+\r\n2 ", "(add 1 2)");
  check_shape("a<=b", "(less_equal a b)");
}

TEST_CASE("names(): every name in order of appearance, repeats kept, with access and column") {
  const Expression e = parse("prev(x) * (1 + g) + x - base(x) / g");
  const std::vector<NameRef> names = e.names();
  REQUIRE(names.size() == 5);
  const std::vector<std::string> expected_names{"x", "g", "x", "x", "g"};
  const std::vector<Access> expected_access{Access::prev, Access::current, Access::current, Access::base,
                                            Access::current};
  const std::vector<int> expected_columns{5, 15, 20, 29, 34};
  for (std::size_t i = 0; i < names.size(); ++i) {
    CAPTURE(i);
    CHECK(names[i].name == expected_names[i]);
    CHECK(names[i].access == expected_access[i]);
    CHECK(names[i].column == expected_columns[i]);
  }
}

TEST_CASE("is_constant(): true exactly when there are no names") {
  CHECK(parse("1 + 2 * exp(3)").is_constant());
  CHECK(parse("-(4)").is_constant());
  CHECK_FALSE(parse("1 + x").is_constant());
  CHECK_FALSE(parse("prev(x)").is_constant());
  CHECK(parse("1 + 2").names().empty());
}

TEST_CASE("text(), pos() and copies") {
  const Expression e = parse("a + b");
  CHECK(e.text() == "a + b");
  CHECK(e.pos().str() == "test.yaml:3:15");
  Expression copy = e;
  CHECK(sexpr(copy) == "(add a b)");
  Expression moved = std::move(copy);
  CHECK(sexpr(moved) == "(add a b)");
  Expression assigned;
  assigned = moved;
  CHECK(assigned.text() == "a + b");
  CHECK(sexpr(assigned) == "(add a b)");
}

TEST_CASE("an empty (default-constructed) Expression has no root") {
  const Expression empty;
  CHECK(empty.text().empty());
  CHECK(empty.names().empty());
  CHECK_THROWS_AS(empty.root(), std::logic_error);
  CHECK_THROWS_AS(Program::compile(empty, [](const NameRef&) { return 0; }), std::logic_error);
}

TEST_CASE("function_names() lists every built-in") {
  const std::vector<std::string> expected{"prev", "base", "if",  "min", "max", "clamp", "exp",
                                          "log",  "sqrt", "abs", "pow", "sin", "cos"};
  CHECK(function_names() == expected);
}

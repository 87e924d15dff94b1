// The evaluator: every operator and function against hand-computed values,
// over many columns at once and over one column (evaluate_scalar); IEEE
// results for log(-1), 1/0 and friends; prev/base slots; the workspace.
#include <cmath>
#include <limits>
#include <random>

#include "expr_test_support.hpp"

using namespace expr_test;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Evaluates `text` over the columns of x and y (and c) at once, and over each
// column alone, and checks both against `expected` (NaN matches NaN).
void check_columns(const std::string& text, const Columns& columns, const std::vector<double>& expected,
                   double relative_tolerance = 0.0) {
  const auto count = static_cast<Eigen::Index>(expected.size());
  Workspace ws;
  const std::vector<double> all = eval_columns(text, columns, count, ws);
  for (std::size_t i = 0; i < expected.size(); ++i) {
    Values one;
    for (const auto& [name, values] : columns) one[name] = values[i];
    const double alone = eval(text, one);
    CAPTURE(text);
    CAPTURE(i);
    for (const auto& [name, values] : columns) INFO(name << " = " << values[i]);
    INFO("expected " << expected[i] << ", all columns " << all[i] << ", one column " << alone);
    if (relative_tolerance == 0.0 || !std::isfinite(expected[i]) || expected[i] == 0.0) {
      CHECK(same(all[i], expected[i]));
    } else {
      CHECK(std::abs(all[i] - expected[i]) <= relative_tolerance * std::abs(expected[i]));
    }
    CHECK(same(alone, all[i]));
  }
}

}  // namespace

TEST_CASE("arithmetic") {
  const Columns c{{"x", {1, 2.5, -3, 0, 1e300, kInf, -kInf, kNaN, 7, -0.0, 6}},
                  {"y", {2, 0.5, 4, 0, 1e300, 1, kInf, 1, -2, 0.0, 3}}};
  check_columns("x + y", c, {3, 3, 1, 0, 2e300, kInf, kNaN, kNaN, 5, 0, 9});
  check_columns("x - y", c, {-1, 2, -7, 0, 0, kInf, -kInf, kNaN, 9, -0.0, 3});
  check_columns("x * y", c, {2, 1.25, -12, 0, kInf, kInf, -kInf, kNaN, -14, -0.0, 18});
  check_columns("x / y", c, {0.5, 5, -0.75, kNaN, 1, kInf, kNaN, kNaN, -3.5, kNaN, 2});
  check_columns("-x", c, {-1, -2.5, 3, -0.0, -1e300, -kInf, kInf, kNaN, -7, 0.0, -6});
  check_columns("+x", c, {1, 2.5, -3, 0, 1e300, kInf, -kInf, kNaN, 7, -0.0, 6});
  check_columns("x ^ y", c, {1, 1.5811388300841898, 81, 1, kInf, kInf, kInf, kNaN, 1.0 / 49, 1, 216});
  check_columns("pow(x, y)", c, {1, 1.5811388300841898, 81, 1, kInf, kInf, kInf, kNaN, 1.0 / 49, 1, 216});
}

TEST_CASE("division by zero and invalid operations give IEEE kInf and NaN, never a trap") {
  const Columns c{{"x", {1, -1, 0, -1, 0, -0.0, 1000, -1000, kInf, 2}}};
  check_columns("x / 0", c, {kInf, -kInf, kNaN, -kInf, kNaN, kNaN, kInf, -kInf, kInf, kInf});
  check_columns("log(x)", c, {0, kNaN, -kInf, kNaN, -kInf, -kInf, 6.907755278982137, kNaN, kInf, 0.6931471805599453}, 3e-16);
  check_columns("sqrt(x)", c, {1, kNaN, 0, kNaN, 0, -0.0, 31.622776601683793, kNaN, kInf, 1.4142135623730951});
  check_columns("exp(x)", c, {2.718281828459045, 0.36787944117144233, 1, 0.36787944117144233, 1, 1, kInf, 0, kInf,
                              7.38905609893065},
                3e-16);
  check_columns("x - x", c, {0, 0, 0, 0, 0, 0, 0, 0, kNaN, 0});
  CHECK(std::isnan(eval("log(-1)")));
  CHECK(eval("1/0") == kInf);
  CHECK(std::isnan(eval("0 * x", {{"x", kInf}})));
  CHECK(eval("exp(x)", {{"x", -kInf}}) == 0.0);
}

TEST_CASE("functions against hand-computed values") {
  const Columns c{{"x", {0, 1, -1, 0.5, 2, 4, -2.25, 10, 100, 1e-300, 3.14159265358979312}}};
  check_columns("abs(x)", c, {0, 1, 1, 0.5, 2, 4, 2.25, 10, 100, 1e-300, 3.14159265358979312});
  check_columns("sqrt(abs(x))", c, {0, 1, 1, 0.70710678118654757, 1.4142135623730951, 2, 1.5, 3.1622776601683795, 10,
                                    1e-150, 1.7724538509055159});
  check_columns("exp(x)", c, {1, 2.718281828459045, 0.36787944117144233, 1.6487212707001282, 7.38905609893065,
                              54.598150033144236, 0.10539922456186433, 22026.465794806718, 2.6881171418161356e43, 1,
                              23.140692632779267},
                3e-16);
  check_columns("log(abs(x))", c, {-kInf, 0, 0, -0.69314718055994529, 0.69314718055994529, 1.3862943611198906,
                                   0.81093021621632877, 2.3025850929940459, 4.6051701859880918, -690.77552789821368,
                                   1.1447298858494002},
                3e-16);
  check_columns("sin(x)", c, {0, 0.8414709848078965, -0.8414709848078965, 0.479425538604203, 0.90929742682568171,
                              -0.7568024953079282, -0.7780731968879212, -0.54402111088936977, -0.50636564110975879,
                              1e-300, 1.2246467991473532e-16},
                3e-16);
  check_columns("cos(x)", c, {1, 0.54030230586813977, 0.54030230586813977, 0.87758256189037276, -0.41614683654714241,
                              -0.65364362086361194, -0.6281736227227391, -0.83907152907645244, 0.86231887228768389, 1,
                              -1},
                3e-16);
}

TEST_CASE("min, max and clamp; NaN in any argument gives NaN") {
  const Columns c{{"x", {1, 5, -3, 2, kNaN, 1, 0.5, -kInf, kInf}}, {"y", {2, 4, -3, kNaN, 2, 1, 0.25, 0, 0}}};
  check_columns("min(x, y)", c, {1, 4, -3, kNaN, kNaN, 1, 0.25, -kInf, 0});
  check_columns("max(x, y)", c, {2, 5, -3, kNaN, kNaN, 1, 0.5, 0, kInf});
  check_columns("clamp(x, 0, 1)", c, {1, 1, 0, 1, kNaN, 1, 0.5, 0, 1});
  check_columns("clamp(x, y, 3)", c, {2, 3, -3, kNaN, kNaN, 1, 0.5, 0, 3});
  check_columns("clamp(0.75, 0, x)", c, {0.75, 0.75, -3, 0.75, kNaN, 0.75, 0.5, -kInf, 0.75});
}

TEST_CASE("comparisons give 1 or 0; NaN compares unequal to everything") {
  const Columns c{{"x", {1, 2, 3, kNaN, kNaN, -0.0, kInf, -kInf}}, {"y", {2, 2, 2, 1, kNaN, 0.0, kInf, 0}}};
  check_columns("x < y", c, {1, 0, 0, 0, 0, 0, 0, 1});
  check_columns("x <= y", c, {1, 1, 0, 0, 0, 1, 1, 1});
  check_columns("x > y", c, {0, 0, 1, 0, 0, 0, 0, 0});
  check_columns("x >= y", c, {0, 1, 1, 0, 0, 1, 1, 0});
  check_columns("x == y", c, {0, 1, 0, 0, 0, 1, 1, 0});
  check_columns("x != y", c, {1, 0, 1, 1, 1, 0, 0, 1});
  check_columns("(x < y) + (x > y) * 10", c, {1, 0, 10, 0, 0, 0, 0, 1});
}

TEST_CASE("and, or, not: any non-zero value (NaN included) is true") {
  const Columns c{{"x", {0, 1, 0, 1, -2, 0.5, kNaN, 0, -0.0}}, {"y", {0, 0, 1, 1, 3, 0, 0, kNaN, 1}}};
  check_columns("x and y", c, {0, 0, 0, 1, 1, 0, 0, 0, 0});
  check_columns("x or y", c, {0, 1, 1, 1, 1, 1, 1, 1, 1});
  check_columns("not x", c, {1, 0, 1, 0, 0, 0, 0, 1, 1});
  check_columns("not x or not y", c, {1, 1, 1, 0, 0, 1, 1, 1, 1});
  check_columns("x > 0 and y > 0", c, {0, 0, 0, 1, 0, 0, 0, 0, 0});
}

TEST_CASE("if(c, a, b): a where c is non-zero, else b; both sides are evaluated") {
  const Columns c{{"c", {1, 0, -1, kNaN, 0, 2}}, {"x", {10, 20, 30, 40, 50, 60}}, {"y", {-1, -2, -3, -4, -5, -6}}};
  check_columns("if(c, x, y)", c, {10, -2, 30, 40, -5, 60});
  check_columns("if(c, x, 0)", c, {10, 0, 30, 40, 0, 60});
  check_columns("if(c, 1, y)", c, {1, -2, 1, 1, -5, 1});
  check_columns("if(c, 1, 2)", c, {1, 2, 1, 1, 2, 1});
  // The unused side may be NaN or kInf without harm.
  check_columns("if(x > 25, log(35 - x), 1/0)", c, {kInf, kInf, 1.6094379124341003, kNaN, kNaN, kNaN}, 3e-16);
}

TEST_CASE("operators combine with the documented precedence") {
  CHECK(eval("-2^2") == -4.0);
  CHECK(eval("2^3^2") == 512.0);
  CHECK(eval("(2^3)^2") == 64.0);
  CHECK(eval("2^-1") == 0.5);
  CHECK(eval("1 + 2 * 3 - 4 / 2") == 5.0);
  CHECK(eval("10 - 4 - 3") == 3.0);
  CHECK(eval("2 * 3 < 7 and not 1 > 2 or 0") == 1.0);
  CHECK(eval("(1 < 2) == 1") == 1.0);
}

TEST_CASE("prev(x) and base(x) read their own slots") {
  const Columns c{{"x", {110, 220, 330}}, {"prev:x", {100, 200, 300}}, {"base:x", {50, 60, 70}}, {"g", {0.1, 0.2, 0.3}},
                  {"e", {0.01, -0.02, 0.0}}};
  check_columns("x - prev(x)", c, {10, 20, 30});
  check_columns("x / base(x)", c, {110.0 / 50, 220.0 / 60, 330.0 / 70});
  check_columns("prev(x) * (1 + g + e)", c, {100 * (1 + 0.1 + 0.01), 200 * (1 + 0.2 + -0.02), 300 * (1 + 0.3 + 0.0)});
  check_columns("prev(x)", c, {100, 200, 300});
}

TEST_CASE("many columns: every column gets its own value") {
  const int n = 4099;  // not a multiple of any SIMD width
  std::vector<double> x(n);
  std::vector<double> y(n);
  std::vector<double> expected(n);
  for (int i = 0; i < n; ++i) {
    x[i] = i * 0.25 - 300;
    y[i] = (i % 7) - 3;
    const double quotient = x[i] / (y[i] * y[i] + 1);
    expected[i] = (x[i] > y[i] ? 1.0 : 0.0) + std::max(std::min(quotient, 50.0), -50.0) - std::abs(y[i]);
  }
  check_columns("(x > y) + clamp(x / (y * y + 1), -50, 50) - abs(y)", {{"x", x}, {"y", y}}, expected);
}

TEST_CASE("the workspace grows on demand and is reused") {
  Workspace ws;
  const Program small = compile("x * 2 + 1");
  const Program big = compile("(x + 1) * (x + 2) * (x + 3) + (x + 4) * (x + 5)");
  std::vector<double> x(1000);
  for (std::size_t i = 0; i < x.size(); ++i) x[i] = static_cast<double>(i);
  const std::vector<const double*> slots{x.data()};
  std::vector<double> out(1000);

  evaluate(small, slots, 1000, ws, out.data());
  CHECK(out[999] == 1999.0);
  CHECK(ws.registers.rows() >= 1000);
  const double* storage = ws.registers.data();
  evaluate(small, slots, 10, ws, out.data());
  CHECK(ws.registers.data() == storage);  // smaller: reused, not reallocated
  CHECK(out[9] == 19.0);
  CHECK(out[10] == 21.0);  // beyond `columns`: untouched

  evaluate(big, slots, 1000, ws, out.data());
  CHECK(ws.registers.cols() >= big.register_count());
  CHECK(out[3] == 4.0 * 5 * 6 + 7.0 * 8);
  CHECK(out[999] == 1000.0 * 1001 * 1002 + 1003.0 * 1004);
}

TEST_CASE("evaluate checks its arguments") {
  const Program p = compile("x + y");
  Workspace ws;
  const std::vector<double> x{1, 2};
  std::vector<double> out(2, -1.0);
  const std::vector<const double*> one_slot{x.data()};
  CHECK_THROWS_AS(evaluate(p, one_slot, 2, ws, out.data()), std::out_of_range);
  CHECK_THROWS_AS(evaluate(p, one_slot, -1, ws, out.data()), std::invalid_argument);
  CHECK_THROWS_AS(evaluate_scalar(p, std::vector<double>{1.0}), std::out_of_range);
  const std::vector<const double*> two_slots{x.data(), x.data()};
  evaluate(p, two_slots, 0, ws, out.data());
  CHECK(out[0] == -1.0);  // no columns: nothing written
}

TEST_CASE("sqrt is the correctly rounded IEEE square root in every lane of a vector, on every CPU") {
  // Two full AVX-512 packets and a remainder, with the awkward values inside
  // the packets: a fast-math packet sqrt (Eigen's rsqrt14 + Newton on
  // AVX-512) gets sqrt(inf), sqrt(-0), subnormals and the last bit wrong.
  const std::vector<double> x{2,   0.5,  kInf, -0.0, 1e-310, 3,    1e300, 7,  0.1,
                              5e-324, 10, 1e-300, 123456.789, 0, 0.3, 2.5e-308, 2};
  std::vector<double> expected;
  for (double v : x) expected.push_back(std::sqrt(v));
  check_columns("sqrt(x)", Columns{{"x", x}}, expected);
}

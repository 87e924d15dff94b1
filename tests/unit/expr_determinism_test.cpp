// Determinism and accuracy of the element functions. A path's value must be
// the same bits whatever the number of columns, its position among them, the
// alignment of the arrays, and whether it was computed over many columns, over
// one (evaluate_scalar, the deterministic projection) or folded at compile time.
// Eigen computes some columns with SIMD and some one at a time, and its SIMD
// exp and log differ from the C library's, so this is not automatic.
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>

#include "expr_test_support.hpp"

using namespace expr_test;

namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Inputs that stress every special case, then random numbers of all sizes.
std::vector<double> inputs(std::size_t count, std::uint32_t seed) {
  std::vector<double> v{0.0,   -0.0,  1.0,    -1.0,   0.5,    2.0,     3.0,    -3.0,    kInf,     -kInf,
                        kNaN,   1e-310, -1e-310, 5e-324, 1e300, -1e300, 709.5,  709.79,  -708.5,  -709.9,
                        -745.2, -800,  1e-20,   0.999999, 1.000001, 100.5, -2.5, 1e10, DBL_MIN, DBL_MAX};
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> mantissa(-1.0, 1.0);
  std::uniform_int_distribution<int> exponent(-12, 12);
  while (v.size() < count) {
    const double m = mantissa(rng);
    switch (v.size() % 4) {
      case 0: v.push_back(m * std::ldexp(1.0, exponent(rng))); break;
      case 1: v.push_back(m * 800.0); break;  // the whole range of exp
      case 2: v.push_back(std::abs(m) * 5.0); break;
      default: v.push_back(std::round(m * 8.0)); break;  // integers for pow
    }
  }
  v.resize(count);
  return v;
}

std::int64_t ulps(double a, double b) {
  if (std::signbit(a) != std::signbit(b)) return a == b ? 0 : std::numeric_limits<std::int64_t>::max();
  const auto ia = static_cast<std::int64_t>(bits(a));
  const auto ib = static_cast<std::int64_t>(bits(b));
  return ia > ib ? ia - ib : ib - ia;
}

}  // namespace

TEST_CASE("every operation gives the same bits over any columns, offsets and over one column") {
  const std::vector<std::string> texts{
      "exp(x)",      "log(x)",    "x ^ y",          "pow(x, y)", "sin(x)",      "cos(x)",  "sqrt(x)",
      "abs(x)",      "-x",        "x + y",          "x - y",     "x * y",       "x / y",   "min(x, y)",
      "max(x, y)",   "x < y",     "x <= y",         "x > y",     "x >= y",      "x == y",  "x != y",
      "x and y",     "x or y",    "not x",          "if(x, y, -y)", "clamp(x, -1, y)", "clamp(x, y, 2)",
      "exp(-x * x / 2) / sqrt(2 * 3.141592653589793) + log(abs(x) + 1) * y ^ 2"};
  const std::size_t total = 4099 + 3;
  const std::vector<double> x = inputs(total, 1);
  const std::vector<double> y = inputs(total, 2);
  Workspace ws;
  for (const std::string& text : texts) {
    TableResolver table;
    const Program program = compile(text, table);
    const int sx = table.slots.at("x");
    const int sy = table.slots.count("y") ? table.slots.at("y") : -1;

    // The reference: each column alone.
    std::vector<double> alone(total);
    for (std::size_t i = 0; i < total; ++i) {
      std::vector<double> values(table.slots.size());
      values[static_cast<std::size_t>(sx)] = x[i];
      if (sy >= 0) values[static_cast<std::size_t>(sy)] = y[i];
      alone[i] = evaluate_scalar(program, values);
    }
    for (const Eigen::Index columns : {1, 2, 3, 4, 5, 7, 8, 9, 15, 16, 17, 33, 64, 65, 1000, 4099}) {
      for (std::size_t offset = 0; offset < 4; ++offset) {
        std::vector<const double*> slots(table.slots.size());
        slots[static_cast<std::size_t>(sx)] = x.data() + offset;
        if (sy >= 0) slots[static_cast<std::size_t>(sy)] = y.data() + offset;
        std::vector<double> out(total + 3);
        evaluate(program, slots, columns, ws, out.data() + (3 - offset));
        int mismatches = 0;
        for (Eigen::Index i = 0; i < columns; ++i) {
          const std::size_t at = offset + static_cast<std::size_t>(i);
          const double got = out[static_cast<std::size_t>(i) + (3 - offset)];
          if (!same(got, alone[at]) && ++mismatches <= 3) {
            CAPTURE(text);
            CAPTURE(columns);
            CAPTURE(offset);
            CAPTURE(i);
            INFO("x = " << x[at] << ", y = " << y[at] << ": " << got << " over many columns, " << alone[at]
                        << " alone");
            CHECK(same(got, alone[at]));
          }
        }
        CHECK(mismatches == 0);
      }
    }
  }
}

TEST_CASE("exp and log: within 1 ulp of the C library, special values exact") {
  const std::vector<double> x = inputs(20000, 3);
  const Program exp_program = compile("exp(x)");
  const Program log_program = compile("log(x)");
  std::int64_t worst_exp = 0;
  std::int64_t worst_log = 0;
  for (double v : x) {
    CAPTURE(v);
    const double e = evaluate_scalar(exp_program, std::vector<double>{v});
    const double want_e = std::exp(v);
    const double l = evaluate_scalar(log_program, std::vector<double>{v});
    const double want_l = std::log(v);
    CHECK(std::isnan(e) == std::isnan(want_e));
    CHECK(std::isnan(l) == std::isnan(want_l));
    if (!std::isnan(want_e)) {
      if (!std::isfinite(want_e) || want_e == 0.0) CHECK(e == want_e);
      worst_exp = std::max(worst_exp, ulps(e, want_e));
    }
    if (!std::isnan(want_l)) {
      if (!std::isfinite(want_l) || want_l == 0.0) CHECK(l == want_l);
      worst_log = std::max(worst_log, ulps(l, want_l));
    }
  }
  INFO("worst exp error " << worst_exp << " ulp, worst log error " << worst_log << " ulp");
  CHECK(worst_exp <= 1);
  CHECK(worst_log <= 1);
}

TEST_CASE("exp underflows and overflows like IEEE; log handles subnormal numbers") {
  CHECK(eval("exp(x)", {{"x", -kInf}}) == 0.0);
  CHECK(eval("exp(x)", {{"x", -746}}) == 0.0);
  CHECK(eval("exp(x)", {{"x", -745}}) == std::exp(-745.0));  // the smallest subnormal
  CHECK(eval("exp(x)", {{"x", -710}}) == std::exp(-710.0));
  CHECK(eval("exp(x)", {{"x", 709.78}}) == std::exp(709.78));
  CHECK(eval("exp(x)", {{"x", 709.79}}) == kInf);
  CHECK(eval("exp(x)", {{"x", kInf}}) == kInf);
  CHECK(std::isnan(eval("exp(x)", {{"x", kNaN}})));
  CHECK(eval("log(x)", {{"x", 5e-324}}) == std::log(5e-324));
  CHECK(eval("log(x)", {{"x", 1e-310}}) == std::log(1e-310));
  CHECK(eval("log(x)", {{"x", DBL_MIN}}) == std::log(DBL_MIN));
  CHECK(eval("log(x)", {{"x", 0.0}}) == -kInf);
  CHECK(eval("log(x)", {{"x", -0.0}}) == -kInf);
  CHECK(eval("log(x)", {{"x", kInf}}) == kInf);
  CHECK(std::isnan(eval("log(x)", {{"x", -1e-310}})));
}

TEST_CASE("pow follows the C library, signs of zero and infinity included") {
  for (double a : {-kInf, -2.0, -0.0, 0.0, 0.5, 2.0, kInf, kNaN}) {
    for (double b : {-kInf, -3.0, -2.0, -0.5, 0.0, 0.5, 2.0, 3.0, kInf, kNaN}) {
      CAPTURE(a);
      CAPTURE(b);
      CHECK(same(eval("a ^ b", {{"a", a}, {"b", b}}), std::pow(a, b)));
    }
  }
}

TEST_CASE("the sign of zero survives negation on every path") {
  const std::vector<double> zeros(37, 0.0);
  Workspace ws;
  const std::vector<double> out = eval_columns("-x", {{"x", zeros}}, 37, ws);
  for (double v : out) CHECK(std::signbit(v));
  CHECK(std::signbit(eval("-x", {{"x", 0.0}})));
  CHECK_FALSE(std::signbit(eval("-x", {{"x", -0.0}})));
}

// libFuzzer target: the expression language (expr/expr.hpp). The input is
// the text of one expression, as it would stand in a scenario file at line 3,
// column 15. It is parsed, compiled against a resolver that knows every name
// except those starting with "zz" (which get the InputError a scenario's
// unknown name gets), and, when it compiles, evaluated over a small batch of
// paths holding awkward numbers (0, -0, ±inf, NaN, subnormals, huge values).
//
// Findings: any exception other than goalpath::InputError, a crash, a
// sanitizer report, a hang or a huge allocation; and, checked here, an
// InputError outside the expression's text or without a hint, a name whose
// column does not point at the name, and a column whose value depends on how
// many columns were evaluated together (expr.hpp: "the same bits for any
// `columns`, any alignment, and in evaluate_scalar").
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"
#include "expr/expr.hpp"

namespace {

using goalpath::InputError;
using goalpath::SourcePos;
using namespace goalpath::expr;

const SourcePos kPos{"fuzz.yaml", 3, 15};
constexpr int kNames = 8;                  // distinct names map onto this many slots per access kind
constexpr int kSlots = 3 * kNames;         // current, prev, base
constexpr Eigen::Index kColumns = 37;      // not a multiple of a SIMD packet: head, packets and tail

[[noreturn]] void finding(const std::string& what, std::string_view text) {
  std::fprintf(stderr, "expr_fuzz: %s\n  expression: '%.*s'\n", what.c_str(), static_cast<int>(text.size()),
               text.data());
  std::abort();
}

void check_error(const InputError& error, std::string_view text) {
  const SourcePos& pos = error.pos();
  if (pos.file != kPos.file || pos.line != kPos.line) finding("InputError on the wrong line: " + error.formatted(), text);
  if (pos.col < kPos.col || pos.col > kPos.col + static_cast<int>(text.size())) {
    finding("InputError outside the expression: " + error.formatted(), text);
  }
  if (error.code().empty() || error.message().empty() || error.hint().empty()) {
    finding("InputError without a code, message or hint: " + error.formatted(), text);
  }
}

int resolve(const NameRef& ref) {
  if (ref.name.rfind("zz", 0) == 0) {
    throw InputError(kPos.shifted(ref.column), "unknown-name", "'" + ref.name + "' is not defined",
                     "names starting with zz are unknown to the fuzz resolver");
  }
  std::uint32_t hash = 2166136261u;  // FNV-1a: the same slots on every platform
  for (unsigned char c : ref.name) hash = (hash ^ c) * 16777619u;
  return static_cast<int>(hash % kNames) + kNames * static_cast<int>(ref.access);
}

double input_value(int slot, Eigen::Index column) {
  static const std::array<double, 16> kValues = {
      0.0, -0.0, 1.0, -1.0, 0.5, 2.0, 2027.0, 3.0,
      1e308, -1e308, std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
      std::numeric_limits<double>::quiet_NaN(), std::numeric_limits<double>::denorm_min(), 1e-310, -7.25};
  return kValues[static_cast<std::size_t>(slot * 5 + column * 3) % kValues.size()];
}

bool same(double a, double b) {
  if (std::isnan(a) && std::isnan(b)) return true;  // NaN payloads and signs are not part of the contract
  std::uint64_t x, y;
  std::memcpy(&x, &a, sizeof x);
  std::memcpy(&y, &b, sizeof y);
  return x == y;
}

void run(const Program& program, std::string_view text) {
  // slots[s][c]: slot s in column c; one spare double in front so that the
  // single-column runs below read unaligned addresses too.
  std::vector<std::vector<double>> values(kSlots, std::vector<double>(kColumns + 1));
  std::vector<const double*> slots(kSlots);
  for (int s = 0; s < kSlots; ++s) {
    for (Eigen::Index c = 0; c < kColumns; ++c) values[s][static_cast<std::size_t>(c + 1)] = input_value(s, c);
    slots[s] = values[s].data() + 1;
  }
  Workspace workspace;
  std::vector<double> batch(kColumns);
  evaluate(program, slots, kColumns, workspace, batch.data());

  // The same columns one at a time, in the same (now larger) workspace, and a
  // few of them through evaluate_scalar.
  for (Eigen::Index c : {Eigen::Index{0}, Eigen::Index{1}, Eigen::Index{8}, Eigen::Index{17}, kColumns - 1}) {
    std::vector<const double*> one(kSlots);
    std::vector<double> scalar_values(kSlots);
    for (int s = 0; s < kSlots; ++s) {
      one[s] = slots[s] + c;
      scalar_values[s] = slots[s][c];
    }
    double single = 0.0;
    evaluate(program, one, 1, workspace, &single);
    if (!same(single, batch[static_cast<std::size_t>(c)])) {
      char buffer[160];
      std::snprintf(buffer, sizeof buffer, "column %d: %.17g over %d columns, %.17g alone", static_cast<int>(c),
                    batch[static_cast<std::size_t>(c)], static_cast<int>(kColumns), single);
      finding(buffer, text);
    }
    if (c == 0 && !same(evaluate_scalar(program, scalar_values), single)) finding("evaluate_scalar differs", text);
  }
  if (program.is_constant() && !same(program.constant_value(), batch[0])) finding("constant differs", text);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Expression expression;
  try {
    expression = Expression::parse(text, kPos);
  } catch (const InputError& error) {
    check_error(error, text);
    return 0;
  }
  for (const NameRef& ref : expression.names()) {
    if (ref.column < 0 || text.substr(static_cast<std::size_t>(ref.column), ref.name.size()) != ref.name) {
      finding("name '" + ref.name + "' is not at its column " + std::to_string(ref.column), text);
    }
  }
  const Expression copy = expression;  // the AST is copied without recursion
  Program program;
  try {
    program = Program::compile(copy, resolve);
  } catch (const InputError& error) {
    check_error(error, text);
    return 0;
  }
  if (expression.is_constant() && !program.is_constant()) finding("a constant expression was not folded", text);
  for (int slot : program.slots_read()) {
    if (slot < 0 || slot >= kSlots) finding("program reads slot " + std::to_string(slot), text);
  }
  run(program, text);
  return 0;
}

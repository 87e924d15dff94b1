// The operations of the expression language, shared by the AST (ast.hpp), the
// compiler and the evaluator. Private to the expr module; tests include it to
// name the instructions of a compiled program.
#pragma once

#include <cstdint>
#include <string_view>

namespace goalpath::expr::detail {

/// An operation node of the AST and the `op` of an Instruction. Operands are
/// src[0], src[1], src[2] in the order they appear in the text.
enum class OpCode : std::uint8_t {
  load_constant,  // dst = constant (no operands)
  negate,         // -a
  logical_not,    // a == 0
  abs,
  sqrt,
  exp,
  log,
  sin,
  cos,
  add,
  subtract,
  multiply,
  divide,
  power,  // a ^ b and pow(a, b)
  less,
  less_equal,
  greater,
  greater_equal,
  equal,
  not_equal,
  logical_and,  // a != 0 and b != 0
  logical_or,   // a != 0 or b != 0
  min,
  max,
  select,  // if(c, a, b)
  clamp,   // min(max(x, lo), hi)
};

inline constexpr int kOpCodeCount = static_cast<int>(OpCode::clamp) + 1;

/// Number of operands the operation reads.
constexpr int arity(OpCode op) {
  switch (op) {
    case OpCode::load_constant: return 0;
    case OpCode::negate:
    case OpCode::logical_not:
    case OpCode::abs:
    case OpCode::sqrt:
    case OpCode::exp:
    case OpCode::log:
    case OpCode::sin:
    case OpCode::cos: return 1;
    case OpCode::select:
    case OpCode::clamp: return 3;
    default: return 2;
  }
}

/// A short name for dumps and test messages ("add", "clamp", ...).
std::string_view op_name(OpCode op);

}  // namespace goalpath::expr::detail

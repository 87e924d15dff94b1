// The built-in functions of the expression language (private to the expr module).
#pragma once

#include <string_view>

#include "expr/expr.hpp"
#include "expr/opcode.hpp"

namespace goalpath::expr::detail {

struct Function {
  std::string_view name;
  int arity = 0;
  std::string_view signature;  // "clamp(x, lo, hi)", for arity hints
  OpCode op = OpCode::load_constant;  // the operation, unless the function reads a name
  bool takes_name = false;            // prev(x), base(x): the argument must be a bare name
  Access access = Access::current;    // for takes_name
};

/// The built-in function called `name`, or nullptr.
const Function* find_function(std::string_view name);

}  // namespace goalpath::expr::detail

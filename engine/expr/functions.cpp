#include "expr/functions.hpp"

#include <array>

namespace goalpath::expr::detail {

namespace {

constexpr std::array<Function, 13> kFunctions{{
    {"prev", 1, "prev(x)", OpCode::load_constant, true, Access::prev},
    {"base", 1, "base(x)", OpCode::load_constant, true, Access::base},
    {"if", 3, "if(c, a, b)", OpCode::select, false, Access::current},
    {"min", 2, "min(a, b)", OpCode::min, false, Access::current},
    {"max", 2, "max(a, b)", OpCode::max, false, Access::current},
    {"clamp", 3, "clamp(x, lo, hi)", OpCode::clamp, false, Access::current},
    {"exp", 1, "exp(x)", OpCode::exp, false, Access::current},
    {"log", 1, "log(x)", OpCode::log, false, Access::current},
    {"sqrt", 1, "sqrt(x)", OpCode::sqrt, false, Access::current},
    {"abs", 1, "abs(x)", OpCode::abs, false, Access::current},
    {"pow", 2, "pow(a, b)", OpCode::power, false, Access::current},
    {"sin", 1, "sin(x)", OpCode::sin, false, Access::current},
    {"cos", 1, "cos(x)", OpCode::cos, false, Access::current},
}};

}  // namespace

const Function* find_function(std::string_view name) {
  for (const auto& function : kFunctions) {
    if (function.name == name) return &function;
  }
  return nullptr;
}

std::string_view op_name(OpCode op) {
  static constexpr std::array<std::string_view, kOpCodeCount> kNames{
      "load_constant", "negate", "not", "abs", "sqrt", "exp", "log", "sin", "cos",
      "add", "subtract", "multiply", "divide", "power", "less", "less_equal", "greater",
      "greater_equal", "equal", "not_equal", "and", "or", "min", "max", "select", "clamp"};
  const auto index = static_cast<std::size_t>(op);
  return index < kNames.size() ? kNames[index] : std::string_view("invalid");
}

}  // namespace goalpath::expr::detail

namespace goalpath::expr {

const std::vector<std::string>& function_names() {
  static const std::vector<std::string> names = [] {
    std::vector<std::string> list;
    for (const auto& function : detail::kFunctions) list.emplace_back(function.name);
    return list;
  }();
  return names;
}

}  // namespace goalpath::expr

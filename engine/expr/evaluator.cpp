// The register machine. Each instruction is one Eigen array expression over
// all columns, so the interpretation cost (a switch and a few pointers) is paid
// once per instruction per call, never per column. The element functions
// (kernels.hpp) give the same bits whichever columns Eigen computes with SIMD
// packets and which one at a time, so a path's value does not depend on the
// number of columns or its position among them, and a number folded at
// compile time (this evaluator on one column) is the number the program would
// compute.
#include <algorithm>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

#include "expr/expr.hpp"
#include "expr/kernels.hpp"
#include "expr/opcode.hpp"

namespace goalpath::expr {

namespace {

using detail::Compare;
using detail::CompareOp;
using detail::OpCode;
using Eigen::Index;

// Register columns are whole multiples of 8 doubles (64 bytes), so each one
// starts on Eigen's alignment and SIMD stores into it are aligned.
constexpr Index kRowMultiple = 8;
static_assert(EIGEN_MAX_ALIGN_BYTES <= kRowMultiple * sizeof(double));

using ArrayMap = Eigen::Map<Eigen::ArrayXd>;
using ConstArrayMap = Eigen::Map<const Eigen::ArrayXd>;

Index round_up(Index columns) { return (columns + kRowMultiple - 1) / kRowMultiple * kRowMultiple; }

// An operand: `data` points at the columns, or is null and every column is `value`.
struct Operand {
  const double* data = nullptr;
  double value = 0.0;
};

// Calls f(e...) with the Eigen expression of each operand over n columns: a
// Map of its columns, or a constant. Operands travel by value, in registers.
template <class F>
void bind(Index, const F& f) {
  f();
}

template <class F, class... Rest>
void bind(Index n, const F& f, Operand first, Rest... rest) {
  if (first.data != nullptr) {
    bind(n, [&](const auto&... e) { f(ConstArrayMap(first.data, n), e...); }, rest...);
  } else {
    bind(n, [&](const auto&... e) { f(Eigen::ArrayXd::Constant(n, first.value), e...); }, rest...);
  }
}

// dst[0..columns) = kernel(operands...), one Eigen assignment.
template <class Kernel, class... Operands>
void apply(const Kernel& kernel, double* dst, Index columns, Operands... operands) {
  ArrayMap out(dst, columns);
  bind(columns, [&](const auto&... e) { kernel(out, e...); }, operands...);
}

template <class Functor>
void unary(double* dst, Index columns, Operand x) {
  apply([](auto& d, const auto& a) { d = a.unaryExpr(Functor()); }, dst, columns, x);
}

template <class Functor>
void binary(double* dst, Index columns, Operand x, Operand y) {
  apply([](auto& d, const auto& a, const auto& b) { d = a.binaryExpr(b, Functor()); }, dst, columns, x, y);
}

void execute(OpCode op, double* dst, Index columns, double constant, Operand a, Operand b, Operand c) {
  switch (op) {
    case OpCode::load_constant: ArrayMap(dst, columns).setConstant(constant); return;
    case OpCode::negate: return unary<detail::NegateOp>(dst, columns, a);
    case OpCode::logical_not: return unary<detail::NotOp>(dst, columns, a);
    case OpCode::abs: return apply([](auto& d, const auto& x) { d = x.abs(); }, dst, columns, a);
    case OpCode::sqrt: return apply([](auto& d, const auto& x) { d = x.sqrt(); }, dst, columns, a);
    case OpCode::exp: return unary<detail::ExpOp>(dst, columns, a);
    case OpCode::log: return unary<detail::LogOp>(dst, columns, a);
    case OpCode::sin: return unary<detail::SinOp>(dst, columns, a);
    case OpCode::cos: return unary<detail::CosOp>(dst, columns, a);
    case OpCode::add: return apply([](auto& d, const auto& x, const auto& y) { d = x + y; }, dst, columns, a, b);
    case OpCode::subtract: return apply([](auto& d, const auto& x, const auto& y) { d = x - y; }, dst, columns, a, b);
    case OpCode::multiply: return apply([](auto& d, const auto& x, const auto& y) { d = x * y; }, dst, columns, a, b);
    case OpCode::divide: return apply([](auto& d, const auto& x, const auto& y) { d = x / y; }, dst, columns, a, b);
    case OpCode::power: return binary<detail::PowOp>(dst, columns, a, b);
    case OpCode::less: return binary<CompareOp<Compare::less>>(dst, columns, a, b);
    case OpCode::less_equal: return binary<CompareOp<Compare::less_equal>>(dst, columns, a, b);
    case OpCode::greater: return binary<CompareOp<Compare::greater>>(dst, columns, a, b);
    case OpCode::greater_equal: return binary<CompareOp<Compare::greater_equal>>(dst, columns, a, b);
    case OpCode::equal: return binary<CompareOp<Compare::equal>>(dst, columns, a, b);
    case OpCode::not_equal: return binary<CompareOp<Compare::not_equal>>(dst, columns, a, b);
    case OpCode::logical_and: return binary<CompareOp<Compare::both>>(dst, columns, a, b);
    case OpCode::logical_or: return binary<CompareOp<Compare::either>>(dst, columns, a, b);
    case OpCode::min: return binary<detail::MinOp>(dst, columns, a, b);
    case OpCode::max: return binary<detail::MaxOp>(dst, columns, a, b);
    case OpCode::select:  // if(c, a, b): a where c is not 0 (NaN is not 0)
      return apply([](auto& d, const auto& x, const auto& y, const auto& z) { d = (x != 0.0).select(y, z); }, dst,
                   columns, a, b, c);
    case OpCode::clamp:
      return apply(
          [](auto& d, const auto& x, const auto& lo, const auto& hi) {
            d = x.binaryExpr(lo, detail::MaxOp()).binaryExpr(hi, detail::MinOp());
          },
          dst, columns, a, b, c);
  }
  throw std::logic_error("expr::evaluate: invalid instruction " + std::to_string(static_cast<int>(op)));
}

}  // namespace

void evaluate(const Program& program, std::span<const double* const> slots, Eigen::Index columns,
              Workspace& workspace, double* out) {
  if (columns < 0) throw std::invalid_argument("expr::evaluate: negative column count");
  if (columns == 0) return;
  if (program.constant_) {
    ArrayMap(out, columns).setConstant(program.constant_value_);
    return;
  }
  if (!program.slots_.empty() && slots.size() <= static_cast<std::size_t>(program.slots_.back())) {
    throw std::out_of_range("expr::evaluate: the program reads slot " + std::to_string(program.slots_.back()) +
                            " but only " + std::to_string(slots.size()) + " slots were given");
  }
  if (program.code_.empty()) {  // a bare name
    std::copy_n(slots[static_cast<std::size_t>(-1 - program.result_)], columns, out);
    return;
  }

  Eigen::ArrayXXd& registers = workspace.registers;
  const Index rows = round_up(columns);
  if (registers.rows() < rows || registers.rows() % kRowMultiple != 0 || registers.cols() < program.registers_) {
    registers.resize(std::max(rows, round_up(registers.rows())),
                     std::max<Index>(program.registers_, registers.cols()));
  }
  double* const base = registers.data();
  const Index stride = registers.rows();

  auto operand = [&](std::int32_t code, double constant) {
    if (code == kConstantOperand) return Operand{nullptr, constant};
    if (code >= 0) return Operand{base + code * stride, 0.0};
    return Operand{slots[static_cast<std::size_t>(-1 - code)], 0.0};
  };
  const std::size_t last = program.code_.size() - 1;
  for (std::size_t i = 0; i <= last; ++i) {
    const Instruction& instruction = program.code_[i];
    // The last instruction computes the result: it writes straight to `out`.
    double* const dst = i == last ? out : base + instruction.dst * stride;
    execute(static_cast<OpCode>(instruction.op), dst, columns, instruction.constant,
            operand(instruction.src[0], instruction.constant), operand(instruction.src[1], instruction.constant),
            operand(instruction.src[2], instruction.constant));
  }
}

double evaluate_scalar(const Program& program, std::span<const double> slot_values) {
  std::vector<const double*> slots(slot_values.size());
  for (std::size_t i = 0; i < slot_values.size(); ++i) slots[i] = &slot_values[i];
  Workspace workspace;
  double out = 0.0;
  evaluate(program, slots, 1, workspace, &out);
  return out;
}

}  // namespace goalpath::expr

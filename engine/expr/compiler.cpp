// From the post-order AST to a flat register program, in one pass with a
// stack of operand values (no recursion). A subtree without names folds to a
// number, computed by the evaluator itself on one column so that a folded
// constant has exactly the bits the same arithmetic has at run time.
#include <algorithm>
#include <array>
#include <functional>
#include <limits>
#include <span>
#include <stdexcept>
#include <string>
#include <vector>

#include "expr/ast.hpp"

namespace goalpath::expr {

namespace {

using detail::OpCode;

// What an operand holds while compiling.
struct Value {
  enum class Kind { number, slot, reg } kind = Kind::number;
  double number = 0.0;
  int index = 0;  // slot or register
};

// Registers are handed out lowest first and returned as soon as the
// instruction that reads them has been emitted.
class RegisterFile {
 public:
  int take() {
    auto free = std::find(in_use_.begin(), in_use_.end(), false);
    if (free == in_use_.end()) free = in_use_.insert(in_use_.end(), false);
    *free = true;
    return static_cast<int>(free - in_use_.begin());
  }
  void give_back(int reg) { in_use_[static_cast<std::size_t>(reg)] = false; }
  int count() const { return static_cast<int>(in_use_.size()); }

 private:
  std::vector<bool> in_use_;
};

using Fold = std::function<double(OpCode, std::span<const double>)>;

class Compiler {
 public:
  Compiler(const Resolver& resolve, Fold fold) : resolve_(resolve), fold_(std::move(fold)) {}

  void run(std::span<const Node> nodes) {
    for (const Node& node : nodes) {
      switch (node.kind) {
        case NodeKind::number: stack_.push_back(Value{Value::Kind::number, node.value, 0}); break;
        case NodeKind::name: stack_.push_back(Value{Value::Kind::slot, 0.0, resolve(node.ref)}); break;
        case NodeKind::operation: operation(node.op); break;
      }
    }
    if (stack_.size() != 1) throw std::logic_error("expr::Program::compile: malformed expression tree");
    std::sort(slots_.begin(), slots_.end());
    slots_.erase(std::unique(slots_.begin(), slots_.end()), slots_.end());
  }

  Value result() const { return stack_.back(); }
  std::vector<Instruction>& code() { return code_; }
  std::vector<int>& slots() { return slots_; }
  int register_count() const { return registers_.count(); }

 private:
  int resolve(const NameRef& ref) {
    const int slot = resolve_(ref);
    // -1 - slot must be a valid operand code distinct from kConstantOperand.
    if (slot < 0 || slot == std::numeric_limits<std::int32_t>::max()) {
      throw std::out_of_range("expr::Program::compile: the resolver returned slot " + std::to_string(slot) +
                              " for '" + ref.name + "'");
    }
    slots_.push_back(slot);
    return slot;
  }

  void operation(OpCode op) {
    const auto count = static_cast<std::size_t>(detail::arity(op));
    const std::span<const Value> args(stack_.end() - static_cast<std::ptrdiff_t>(count), stack_.end());
    Value result;
    if (std::all_of(args.begin(), args.end(), [](const Value& v) { return v.kind == Value::Kind::number; })) {
      std::array<double, 3> numbers{};
      for (std::size_t i = 0; i < count; ++i) numbers[i] = args[i].number;
      result = Value{Value::Kind::number, fold_(op, std::span<const double>(numbers.data(), count)), 0};
    } else {
      result = Value{Value::Kind::reg, 0.0, emit(op, args)};
    }
    stack_.resize(stack_.size() - count);
    stack_.push_back(result);
  }

  // Emits `op` over `args` (not all numbers) and returns its register.
  int emit(OpCode op, std::span<const Value> args) {
    Instruction instruction;
    instruction.op = static_cast<std::uint8_t>(op);
    std::array<int, 3> released{};
    std::size_t release_count = 0;
    bool constant_used = false;
    for (std::size_t i = 0; i < args.size(); ++i) {
      const Value& arg = args[i];
      switch (arg.kind) {
        case Value::Kind::slot: instruction.src[i] = -1 - arg.index; break;
        case Value::Kind::reg:
          instruction.src[i] = arg.index;
          released[release_count++] = arg.index;
          break;
        case Value::Kind::number:
          if (!constant_used) {  // an instruction carries one number inline
            instruction.src[i] = kConstantOperand;
            instruction.constant = arg.number;
            constant_used = true;
          } else {  // more go through a register (if(c, 1, 0), clamp(x, 0, 1))
            Instruction load;
            load.op = static_cast<std::uint8_t>(OpCode::load_constant);
            load.dst = registers_.take();
            load.constant = arg.number;
            code_.push_back(load);
            instruction.src[i] = load.dst;
            released[release_count++] = load.dst;
          }
          break;
      }
    }
    // Operands are read element by element before the element is written, so
    // the destination may be one of the operands' registers.
    for (std::size_t i = 0; i < release_count; ++i) registers_.give_back(released[i]);
    instruction.dst = registers_.take();
    code_.push_back(instruction);
    return instruction.dst;
  }

  const Resolver& resolve_;
  Fold fold_;
  std::vector<Value> stack_;
  std::vector<Instruction> code_;
  std::vector<int> slots_;
  RegisterFile registers_;
};

}  // namespace

Program Program::compile(const Expression& expression, const Resolver& resolve) {
  // One instruction over numbers held in slots 0..n-1, run by evaluate() on
  // one column: the same code path as the program will take.
  auto fold = [](OpCode op, std::span<const double> numbers) {
    Program single;
    single.constant_ = false;
    Instruction instruction;
    instruction.op = static_cast<std::uint8_t>(op);
    std::array<const double*, 3> pointers{};
    for (std::size_t i = 0; i < numbers.size(); ++i) {
      instruction.src[i] = -1 - static_cast<std::int32_t>(i);
      pointers[i] = &numbers[i];
      single.slots_.push_back(static_cast<int>(i));
    }
    single.code_.push_back(instruction);
    single.registers_ = 1;
    single.result_ = 0;
    Workspace workspace;
    double out = 0.0;
    evaluate(single, std::span<const double* const>(pointers.data(), numbers.size()), 1, workspace, &out);
    return out;
  };

  Compiler compiler(resolve, fold);
  compiler.run(subtree(expression.root()));

  Program program;
  const Value result = compiler.result();
  program.constant_ = result.kind == Value::Kind::number;
  switch (result.kind) {
    case Value::Kind::number: program.constant_value_ = result.number; break;
    case Value::Kind::slot: program.result_ = -1 - result.index; break;
    case Value::Kind::reg: program.result_ = result.index; break;
  }
  program.code_ = std::move(compiler.code());
  program.slots_ = std::move(compiler.slots());
  program.registers_ = compiler.register_count();
  return program;
}

}  // namespace goalpath::expr

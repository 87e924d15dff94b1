// The expression language of scenario files (SCENARIO_FORMAT.md, "Expressions").
//
// An expression is parsed once into an AST (Expression), then compiled once,
// with every name resolved to a slot of the caller's variable table, into a
// flat register program (Program). The program runs over whole arrays of
// paths: each instruction is one loop over `columns` doubles, so the cost of
// interpretation is paid once per block, not once per path. The deterministic
// projection is the same program over one column.
//
// Grammar (lowest precedence first):
//   expr    := or
//   or      := and ('or' and)*
//   and     := not ('and' not)*
//   not     := 'not' not | cmp
//   cmp     := sum (('<' | '<=' | '>' | '>=' | '==' | '!=') sum)?
//   sum     := product (('+' | '-') product)*
//   product := unary (('*' | '/') unary)*
//   unary   := '-' unary | '+' unary | power
//   power   := atom ('^' unary)?          ('^' is right-associative; -2^2 = -4)
//   atom    := number | name | name '(' args ')' | '(' expr ')'
// Numbers: 12, 0.5, .5, 1e-3, 2.5E+4. Names: [A-Za-z_][A-Za-z0-9_]*.
// Comparisons and logic give 1 or 0; any non-zero value is true.
//
// Functions: prev(x), base(x) (x must be a bare name), if(c, a, b),
// min(a, b), max(a, b), clamp(x, lo, hi), exp, log, sqrt, abs, pow(a, b),
// sin, cos. Arithmetic follows IEEE 754: log(-1) is NaN, 1/0 is inf; the
// simulator counts non-finite results, the evaluator never traps. min, max
// and clamp give NaN when any argument is NaN; if(NaN, a, b) is a (NaN is
// not 0). exp and log are within 1 ulp of the C library; pow, sin and cos are
// the C library's.
#pragma once

#include <Eigen/Core>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "common/error.hpp"

namespace goalpath::expr {

/// Limits that keep hostile input from exhausting the stack or memory.
inline constexpr int kMaxNestingDepth = 64;        // parentheses, calls and unary operators
inline constexpr std::size_t kMaxLength = 10000;   // characters in one expression

/// How a name is used: its value this year, last year (prev) or in the base year (base).
enum class Access { current, prev, base };

/// One name an expression refers to. `column` is the 0-based offset of the
/// name in the expression text, for error positions (pos.shifted(column)).
struct NameRef {
  std::string name;
  Access access = Access::current;
  int column = 0;
};

struct Node;  // AST node, defined in ast.hpp (private to this module)
struct Workspace;

/// A parsed expression. Parsing throws InputError with the position of the
/// offending character: code "syntax" (unexpected or missing token; the hint
/// says what was expected), "unknown-function" (with a did-you-mean hint),
/// "arity" (wrong number of arguments; the hint gives the signature),
/// "prev-argument" (prev/base of something that is not a name),
/// "too-deep" / "too-long" (limits above).
class Expression {
 public:
  /// `pos` is where the expression text starts in its file; error positions
  /// are pos.shifted(offset of the offending character).
  static Expression parse(std::string_view text, const SourcePos& pos);

  Expression();
  ~Expression();
  Expression(const Expression&);
  Expression& operator=(const Expression&);
  Expression(Expression&&) noexcept;
  Expression& operator=(Expression&&) noexcept;

  const std::string& text() const { return text_; }
  const SourcePos& pos() const { return pos_; }
  /// Every name the expression refers to, in order of appearance (repeats kept).
  std::vector<NameRef> names() const;
  /// True when the expression has no names (a number or arithmetic on numbers).
  bool is_constant() const;
  /// The root of the AST. A default-constructed Expression is empty and has
  /// no root (std::logic_error); so does compiling it.
  const Node& root() const;

 private:
  std::string text_;
  SourcePos pos_;
  // The AST in post-order: every node follows its operands and the root is
  // last, so copying, destroying and walking it never recurses, however long
  // the expression.
  std::vector<Node> nodes_;
};

/// Maps a name to a slot of the caller's variable table. It throws InputError
/// for names it does not know (the caller knows the candidates for "did you mean").
using Resolver = std::function<int(const NameRef&)>;

/// Operand code of an instruction's `constant` (a number folded at compile time).
inline constexpr std::int32_t kConstantOperand = INT32_MIN;

/// One register-machine instruction (internal layout, exposed for tests and
/// benchmarks that count instructions).
struct Instruction {
  std::uint8_t op = 0;
  std::int32_t dst = 0;              // register index
  std::int32_t src[3] = {0, 0, 0};   // operand: >= 0 register, < 0 slot (-1 - slot),
                                     // kConstantOperand: `constant`
  double constant = 0.0;             // for the load-constant op and a kConstantOperand operand
};

/// An expression compiled to a flat program. Constant sub-expressions are
/// folded at compile time. Copyable; immutable after compile. A
/// default-constructed Program is the constant 0.
class Program {
 public:
  static Program compile(const Expression& expression, const Resolver& resolve);

  const std::vector<Instruction>& instructions() const { return code_; }
  int register_count() const { return registers_; }
  /// Slots the program reads (sorted, unique).
  const std::vector<int>& slots_read() const { return slots_; }
  /// When the whole expression folds to a number, that number.
  bool is_constant() const { return constant_; }
  double constant_value() const { return constant_value_; }

 private:
  std::vector<Instruction> code_;
  std::vector<int> slots_;
  int registers_ = 0;
  int result_ = 0;          // operand encoding of the result (register or slot)
  bool constant_ = true;
  double constant_value_ = 0.0;
  friend void evaluate(const Program&, std::span<const double* const>, Eigen::Index, Workspace&, double*);
};

/// Scratch registers for evaluation, reused across calls; one per thread.
struct Workspace {
  Eigen::ArrayXXd registers;  // columns (rounded up to a multiple of 8) x registers, grown on demand
};

/// Runs `program` over `columns` paths. slots[s] points at `columns`
/// contiguous doubles holding slot s; the result goes to out[0..columns).
/// `out` may not alias any slot the program reads. A column's result depends
/// only on that column's inputs: the same bits for any `columns`, any
/// alignment, and in evaluate_scalar (and a folded constant is the number the
/// program would compute). Throws std::out_of_range when `slots` is too short.
void evaluate(const Program& program, std::span<const double* const> slots, Eigen::Index columns,
              Workspace& workspace, double* out);

/// Convenience for tests and one-off evaluation: a scalar value of an
/// expression where every slot holds one number.
double evaluate_scalar(const Program& program, std::span<const double> slot_values);

/// The names of the built-in functions, for "did you mean" hints.
const std::vector<std::string>& function_names();

}  // namespace goalpath::expr

// Recursive descent over the grammar in expr.hpp, emitting the AST in
// post-order (ast.hpp). Recursion happens only where the text nests
// (parentheses, calls, unary operators, the right operand of '^'), and each
// of those counts against kMaxNestingDepth before it recurses, so hostile
// input fails with "too-deep" long before the stack is at risk.
#include <string>
#include <utility>
#include <vector>

#include "expr/ast.hpp"
#include "expr/functions.hpp"
#include "expr/lexer.hpp"

namespace goalpath::expr {

namespace {

using detail::OpCode;
using detail::Token;
using detail::TokenKind;

constexpr std::string_view kExpectedOperand = "expected a number, a name, a function call or '('";

bool is_comparison(TokenKind kind) {
  return kind == TokenKind::less || kind == TokenKind::less_equal || kind == TokenKind::greater ||
         kind == TokenKind::greater_equal || kind == TokenKind::equal || kind == TokenKind::not_equal;
}

OpCode comparison_op(TokenKind kind) {
  switch (kind) {
    case TokenKind::less: return OpCode::less;
    case TokenKind::less_equal: return OpCode::less_equal;
    case TokenKind::greater: return OpCode::greater;
    case TokenKind::greater_equal: return OpCode::greater_equal;
    case TokenKind::equal: return OpCode::equal;
    default: return OpCode::not_equal;
  }
}

class Parser {
 public:
  Parser(std::string_view text, const SourcePos& pos) : pos_(pos), lexer_(text, pos) { advance(); }

  std::vector<Node> parse() {
    if (token_.kind == TokenKind::end) {
      detail::fail(pos_, 0, "syntax", "empty expression",
                   "write a number, a name or a formula, such as prev(x) * (1 + growth)");
    }
    parse_or();
    if (token_.kind != TokenKind::end) unexpected(after_operand_hint("or the end of the expression"));
    return std::move(nodes_);
  }

 private:
  // One level of nesting for as long as it lives.
  class Nesting {
   public:
    Nesting(Parser& parser, int offset) : parser_(parser) {
      if (++parser_.depth_ > kMaxNestingDepth) {
        detail::fail(parser_.pos_, offset, "too-deep",
                     "expression nests more than " + std::to_string(kMaxNestingDepth) +
                         " levels deep (parentheses, function calls, unary operators and '^')",
                     "split it into intermediate indicators");
      }
    }
    ~Nesting() { --parser_.depth_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    Parser& parser_;
  };

  void advance() {
    previous_ = token_;
    token_ = lexer_.next();
    ++consumed_;
  }

  [[noreturn]] void unexpected(std::string hint) const {
    detail::fail(pos_, token_.offset, "syntax", "unexpected " + lexer_.describe(token_), std::move(hint));
  }

  // The hint where an operand is complete and an operator (or `closers`) may follow.
  std::string after_operand_hint(std::string_view closers) const {
    std::string hint = "expected an operator " + std::string(closers);
    const bool operand_ended = previous_.kind == TokenKind::number || previous_.kind == TokenKind::name ||
                               previous_.kind == TokenKind::rparen;
    const bool operand_starts = token_.kind == TokenKind::number || token_.kind == TokenKind::name ||
                                token_.kind == TokenKind::lparen;
    if (operand_ended && operand_starts) hint += "; to multiply, write '*'";
    return hint;
  }

  std::string column_of(int offset) const {
    if (pos_.line > 0) return "column " + std::to_string(pos_.shifted(offset).col);
    return "character " + std::to_string(offset + 1);
  }

  void emit_operation(OpCode op, int column) {
    int size = 1;
    auto operand = static_cast<int>(nodes_.size()) - 1;
    for (int i = 0; i < detail::arity(op); ++i) {
      size += nodes_[static_cast<std::size_t>(operand)].size;
      operand -= nodes_[static_cast<std::size_t>(operand)].size;
    }
    Node node;
    node.kind = NodeKind::operation;
    node.op = op;
    node.size = size;
    node.column = column;
    nodes_.push_back(std::move(node));
  }

  void parse_or() {
    parse_and();
    while (token_.kind == TokenKind::kw_or) {
      const int column = token_.offset;
      advance();
      parse_and();
      emit_operation(OpCode::logical_or, column);
    }
  }

  void parse_and() {
    parse_not();
    while (token_.kind == TokenKind::kw_and) {
      const int column = token_.offset;
      advance();
      parse_not();
      emit_operation(OpCode::logical_and, column);
    }
  }

  void parse_not() {
    if (token_.kind != TokenKind::kw_not) return parse_comparison();
    const int column = token_.offset;
    Nesting nesting(*this, column);
    advance();
    parse_not();
    emit_operation(OpCode::logical_not, column);
  }

  void parse_comparison() {
    parse_sum();
    if (!is_comparison(token_.kind)) return;
    const Token op = token_;
    advance();
    parse_sum();
    emit_operation(comparison_op(op.kind), op.offset);
    if (is_comparison(token_.kind)) {
      unexpected("comparisons do not chain: write 'a < b and b < c', or add parentheses");
    }
  }

  void parse_sum() {
    parse_product();
    while (token_.kind == TokenKind::plus || token_.kind == TokenKind::minus) {
      const Token op = token_;
      advance();
      parse_product();
      emit_operation(op.kind == TokenKind::plus ? OpCode::add : OpCode::subtract, op.offset);
    }
  }

  void parse_product() {
    parse_unary();
    while (token_.kind == TokenKind::star || token_.kind == TokenKind::slash) {
      const Token op = token_;
      advance();
      if (op.kind == TokenKind::star && token_.kind == TokenKind::star && token_.offset == op.offset + 1) {
        unexpected("write '^' for a power, as in x ^ 2");
      }
      parse_unary();
      emit_operation(op.kind == TokenKind::star ? OpCode::multiply : OpCode::divide, op.offset);
    }
  }

  void parse_unary() {
    if (token_.kind != TokenKind::minus && token_.kind != TokenKind::plus) return parse_power();
    const Token op = token_;
    Nesting nesting(*this, op.offset);
    advance();
    parse_unary();
    if (op.kind == TokenKind::minus) emit_operation(OpCode::negate, op.offset);
  }

  void parse_power() {
    parse_atom();
    if (token_.kind != TokenKind::caret) return;
    const int column = token_.offset;
    Nesting nesting(*this, column);
    advance();
    parse_unary();
    emit_operation(OpCode::power, column);
  }

  void parse_atom() {
    switch (token_.kind) {
      case TokenKind::number: {
        Node node;
        node.kind = NodeKind::number;
        node.value = token_.number;
        node.column = token_.offset;
        nodes_.push_back(std::move(node));
        advance();
        return;
      }
      case TokenKind::name: {
        const Token name = token_;
        advance();
        if (token_.kind == TokenKind::lparen) return parse_call(name);
        Node node;
        node.kind = NodeKind::name;
        node.column = name.offset;
        node.ref = NameRef{std::string(lexer_.spelling(name)), Access::current, name.offset};
        nodes_.push_back(std::move(node));
        return;
      }
      case TokenKind::lparen: {
        const int open = token_.offset;
        Nesting nesting(*this, open);
        advance();
        parse_or();
        if (token_.kind != TokenKind::rparen) {
          unexpected(after_operand_hint("or ')' to close the '(' at " + column_of(open)));
        }
        advance();
        return;
      }
      default: unexpected(std::string(kExpectedOperand));
    }
  }

  // `name` has been read and the current token is the '('.
  void parse_call(const Token& name) {
    const std::string_view spelling = lexer_.spelling(name);
    const detail::Function* function = detail::find_function(spelling);
    if (function == nullptr) {
      detail::fail(pos_, name.offset, "unknown-function", "unknown function '" + std::string(spelling) + "'",
                   did_you_mean(spelling, function_names()));
    }
    Nesting nesting(*this, name.offset);
    advance();

    int count = 0;
    Token first_argument = token_;
    bool bare_name = false;
    if (token_.kind != TokenKind::rparen) {
      while (true) {
        const Token start = token_;
        const int consumed_before = consumed_;
        parse_or();
        if (count == 0) {
          first_argument = start;
          bare_name = start.kind == TokenKind::name && consumed_ - consumed_before == 1;
        }
        ++count;
        if (token_.kind == TokenKind::rparen) break;
        if (token_.kind != TokenKind::comma) {
          unexpected(after_operand_hint(", ',' or ')' in the arguments of " + std::string(function->signature)));
        }
        advance();
      }
    }
    advance();  // ')'

    if (count != function->arity) {
      detail::fail(pos_, name.offset, "arity",
                   "'" + std::string(spelling) + "' called with " + std::to_string(count) +
                       (count == 1 ? " argument" : " arguments"),
                   std::string(function->signature) + " takes " + std::to_string(function->arity) +
                       (function->arity == 1 ? " argument" : " arguments"));
    }
    if (function->takes_name) {
      if (!bare_name) {
        detail::fail(pos_, first_argument.offset, "prev-argument",
                     std::string(spelling) + "() takes the name of an indicator, not an expression",
                     "write " + std::string(spelling) + "(x) for a name x; for an expression, apply " +
                         std::string(spelling) + "() to each name in it");
      }
      nodes_.back().ref.access = function->access;
      return;
    }
    emit_operation(function->op, name.offset);
  }

  const SourcePos& pos_;
  detail::Lexer lexer_;
  Token token_;
  Token previous_;
  int consumed_ = 0;
  int depth_ = 0;
  std::vector<Node> nodes_;
};

}  // namespace

Expression Expression::parse(std::string_view text, const SourcePos& pos) {
  if (text.size() > kMaxLength) {
    detail::fail(pos, 0, "too-long",
                 "expression is " + std::to_string(text.size()) + " characters long, more than the limit of " +
                     std::to_string(kMaxLength),
                 "split it into intermediate indicators");
  }
  Expression expression;
  expression.nodes_ = Parser(text, pos).parse();
  expression.text_ = std::string(text);
  expression.pos_ = pos;
  return expression;
}

}  // namespace goalpath::expr

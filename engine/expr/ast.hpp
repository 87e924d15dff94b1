// The AST of a parsed expression (private to the expr module).
//
// An Expression keeps its nodes in one vector in post-order: every node comes
// after its operands and the root is last. A node's subtree is therefore the
// `size` nodes ending at it, and its operands can be found by walking back
// from it. Nothing that reads the tree (names, compile, copy, destroy) has to
// recurse, so a long chain such as 1+1+...+1 cannot exhaust the stack.
#pragma once

#include <cstddef>
#include <span>

#include "expr/expr.hpp"
#include "expr/opcode.hpp"

namespace goalpath::expr {

enum class NodeKind : std::uint8_t {
  number,     // `value`
  name,       // `ref` (prev(x) and base(x) are names with their Access)
  operation,  // `op` applied to the arity(op) nodes before it
};

struct Node {
  NodeKind kind = NodeKind::number;
  detail::OpCode op = detail::OpCode::load_constant;
  int size = 1;     // nodes in the subtree rooted here, this one included
  int column = 0;   // 0-based offset in the text of the number, name, operator or function name
  double value = 0.0;
  NameRef ref;
};

/// The subtree rooted at `node`, in post-order (node itself last). `node`
/// must be an element of an Expression's node vector.
inline std::span<const Node> subtree(const Node& node) {
  return {&node + 1 - node.size, static_cast<std::size_t>(node.size)};
}

}  // namespace goalpath::expr

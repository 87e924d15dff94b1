#include <stdexcept>

#include "expr/ast.hpp"

namespace goalpath::expr {

Expression::Expression() = default;
Expression::~Expression() = default;
Expression::Expression(const Expression&) = default;
Expression& Expression::operator=(const Expression&) = default;
Expression::Expression(Expression&&) noexcept = default;
Expression& Expression::operator=(Expression&&) noexcept = default;

const Node& Expression::root() const {
  if (nodes_.empty()) throw std::logic_error("expr::Expression::root: the expression is empty (never parsed)");
  return nodes_.back();
}

std::vector<NameRef> Expression::names() const {
  std::vector<NameRef> names;
  for (const Node& node : nodes_) {
    if (node.kind == NodeKind::name) names.push_back(node.ref);
  }
  return names;
}

bool Expression::is_constant() const {
  for (const Node& node : nodes_) {
    if (node.kind == NodeKind::name) return false;
  }
  return true;
}

}  // namespace goalpath::expr

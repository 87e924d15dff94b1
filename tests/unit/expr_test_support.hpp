// Helpers shared by the expr_*_test.cpp files: parsing at a known position,
// catching the InputError of a bad expression, a resolver over a small table
// of names, and evaluation of an expression over one or many columns.
#pragma once

#include <doctest/doctest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "expr/ast.hpp"
#include "expr/expr.hpp"
#include "expr/opcode.hpp"

namespace expr_test {

using goalpath::InputError;
using goalpath::SourcePos;
using namespace goalpath::expr;

/// Where test expressions start: line 3, column 15 of test.yaml.
inline const SourcePos kPos{"test.yaml", 3, 15};

inline Expression parse(const std::string& text) { return Expression::parse(text, kPos); }

/// The InputError that parsing `text` throws (a failed check if it throws none).
inline InputError parse_error(const std::string& text) {
  try {
    Expression::parse(text, kPos);
  } catch (const InputError& error) {
    return error;
  }
  FAIL_CHECK("no InputError for: " << text);
  return InputError({}, "none", "none");
}

/// The AST as an S-expression, e.g. "(add 1 (multiply x 2))"; prev(x) and
/// base(x) print as "prev:x" and "base:x". Built with a stack, like the
/// compiler, from the post-order nodes.
inline std::string sexpr(const Expression& expression) {
  std::vector<std::string> stack;
  for (const Node& node : subtree(expression.root())) {
    switch (node.kind) {
      case NodeKind::number: {
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%.17g", node.value);
        stack.emplace_back(buffer);
        break;
      }
      case NodeKind::name: {
        std::string prefix = node.ref.access == Access::prev ? "prev:" : node.ref.access == Access::base ? "base:" : "";
        stack.push_back(prefix + node.ref.name);
        break;
      }
      case NodeKind::operation: {
        const auto count = static_cast<std::size_t>(detail::arity(node.op));
        std::string text = "(";
        text += detail::op_name(node.op);
        for (std::size_t i = stack.size() - count; i < stack.size(); ++i) text += " " + stack[i];
        stack.resize(stack.size() - count);
        stack.push_back(text + ")");
        break;
      }
    }
  }
  return stack.size() == 1 ? stack.back() : "<malformed>";
}

/// Resolves names to slots in order of first use; "prev:x" and "base:x" are
/// slots of their own. `calls` counts resolver calls.
struct TableResolver {
  std::map<std::string, int> slots;
  int calls = 0;

  static std::string key(const NameRef& ref) {
    switch (ref.access) {
      case Access::prev: return "prev:" + ref.name;
      case Access::base: return "base:" + ref.name;
      case Access::current: break;
    }
    return ref.name;
  }
  Resolver resolver() {
    return [this](const NameRef& ref) {
      ++calls;
      auto [it, inserted] = slots.try_emplace(key(ref), static_cast<int>(slots.size()));
      return it->second;
    };
  }
};

inline Program compile(const std::string& text, TableResolver& table) {
  return Program::compile(parse(text), table.resolver());
}

inline Program compile(const std::string& text) {
  TableResolver table;
  return compile(text, table);
}

/// Values of named slots ("x", "prev:x", "base:x").
using Values = std::map<std::string, double>;

/// `text` evaluated on one column (evaluate_scalar).
inline double eval(const std::string& text, const Values& values = {}) {
  TableResolver table;
  const Program program = compile(text, table);
  std::vector<double> slots(table.slots.size(), 0.0);
  for (const auto& [name, slot] : table.slots) {
    auto it = values.find(name);
    REQUIRE_MESSAGE(it != values.end(), "no value for '" << name << "' in " << text);
    slots[static_cast<std::size_t>(slot)] = it->second;
  }
  return evaluate_scalar(program, slots);
}

/// Named columns.
using Columns = std::map<std::string, std::vector<double>>;

/// `text` evaluated over all columns at once (evaluate).
inline std::vector<double> eval_columns(const std::string& text, const Columns& columns, Eigen::Index count,
                                        Workspace& workspace) {
  TableResolver table;
  const Program program = compile(text, table);
  std::vector<const double*> slots(table.slots.size(), nullptr);
  for (const auto& [name, slot] : table.slots) {
    auto it = columns.find(name);
    REQUIRE_MESSAGE(it != columns.end(), "no column for '" << name << "' in " << text);
    REQUIRE(static_cast<Eigen::Index>(it->second.size()) >= count);
    slots[static_cast<std::size_t>(slot)] = it->second.data();
  }
  std::vector<double> out(static_cast<std::size_t>(count), -12345.0);
  evaluate(program, slots, count, workspace, out.data());
  return out;
}

inline std::uint64_t bits(double x) {
  std::uint64_t b;
  std::memcpy(&b, &x, sizeof b);
  return b;
}

/// Same bits, or both NaN (the sign and payload of a NaN are not specified).
inline bool same(double a, double b) { return (a != a && b != b) || bits(a) == bits(b); }

}  // namespace expr_test

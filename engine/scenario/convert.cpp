// Checked conversions from YAML nodes to numbers, years, text and expressions.
#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>

#include "scenario/parse.hpp"

namespace goalpath::scenario::detail {

void expect_keys(const Doc& doc, const std::vector<std::string>& allowed, const std::string& what) {
  for (std::size_t i = 0; i < doc.entries.size(); ++i) {
    const std::string& key = doc.entries[i].first;
    if (std::find(allowed.begin(), allowed.end(), key) == allowed.end()) {
      throw InputError(doc.key_pos[i], "unknown-key", "unknown key '" + key + "' in " + what,
                       did_you_mean(key, allowed));
    }
  }
}

const Doc& require_key(const Doc& doc, const std::string& key, const std::string& what,
                       const std::string& hint) {
  const Doc* value = doc.find(key);
  if (!value) {
    throw InputError(doc.pos, "missing-key", what + " needs '" + key + ":'",
                     hint.empty() ? "add '" + key + ":' (see SCENARIO_FORMAT.md)" : hint);
  }
  return *value;
}

const Doc& expect_kind(const Doc& doc, Doc::Kind kind, const std::string& what) {
  if (doc.kind != kind) {
    throw InputError(doc.pos, "wrong-type",
                     doc.kind == Doc::Kind::null ? what + " is empty; it must be " + kind_name(kind)
                                                 : what + " must be " + kind_name(kind) + ", not " + kind_name(doc.kind),
                     kind == Doc::Kind::map        ? "write it as `key: value` lines indented below"
                     : kind == Doc::Kind::sequence ? "write it as a list, e.g. [a, b]"
                                                   : "write a single value");
  }
  return doc;
}

bool parse_number(const std::string& text, double& out) {
  if (text.empty()) return false;
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  double value = std::strtod(begin, &end);
  while (*end == ' ') ++end;
  if (end == begin || *end != '\0' || errno == ERANGE || !std::isfinite(value)) return false;
  // strtod accepts hex floats, "inf" and "nan"; a scenario number is decimal.
  for (const char* c = begin; c != end; ++c) {
    if (*c == 'x' || *c == 'X' || *c == 'n' || *c == 'N' || *c == 'i' || *c == 'I') return false;
  }
  out = value;
  return true;
}

double to_number(const Doc& doc, const std::string& what) {
  double value = 0.0;
  if (doc.kind != Doc::Kind::scalar || !parse_number(doc.scalar, value)) {
    std::string found = doc.kind == Doc::Kind::scalar ? "'" + doc.scalar + "'" : kind_name(doc.kind);
    throw InputError(doc.pos, "wrong-type", what + " must be a number, not " + found,
                     "write a plain decimal number such as 0.05 or 39000 (no units, commas or %)");
  }
  return value;
}

int to_year(const Doc& doc, const std::string& what) {
  double value = 0.0;
  if (doc.kind != Doc::Kind::scalar || !parse_number(doc.scalar, value)) {
    std::string found = doc.kind == Doc::Kind::scalar ? "'" + doc.scalar + "'" : kind_name(doc.kind);
    throw InputError(doc.pos, "wrong-type", what + " must be a year, not " + found,
                     "write a four-digit year such as 2027");
  }
  if (value != std::floor(value) || value < 1000 || value > 3000) {
    throw InputError(doc.pos, "bad-years", what + " must be a calendar year, not " + doc.scalar,
                     "write a four-digit year such as 2027");
  }
  return static_cast<int>(value);
}

std::string to_text(const Doc& doc, const std::string& what) {
  if (doc.kind != Doc::Kind::scalar) {
    throw InputError(doc.pos, "wrong-type", what + " must be text, not " + kind_name(doc.kind),
                     "write it on one line, in quotes if it contains ':' or '#'");
  }
  return doc.scalar;
}

ExprText to_expr(const Doc& doc, const std::string& what) {
  if (doc.kind != Doc::Kind::scalar || doc.scalar.empty()) {
    bool empty = doc.kind == Doc::Kind::null || (doc.kind == Doc::Kind::scalar && doc.scalar.empty());
    throw InputError(doc.pos, "wrong-type",
                     what + (empty ? " is empty; it must be" : " must be") + " a number or an expression in quotes",
                     "for example 39000 or \"0.439 * industrial_output\"");
  }
  return ExprText{doc.scalar, doc.pos};
}

}  // namespace goalpath::scenario::detail

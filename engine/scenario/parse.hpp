// Checked conversion of Doc nodes to values; private to the scenario module.
#pragma once

#include <string>
#include <vector>

#include "scenario/doc.hpp"

namespace goalpath::scenario::detail {

/// Every key of `doc` must be in `allowed`; `what` names the mapping in the message.
void expect_keys(const Doc& doc, const std::vector<std::string>& allowed, const std::string& what);
const Doc& require_key(const Doc& doc, const std::string& key, const std::string& what,
                       const std::string& hint = {});
const Doc& expect_kind(const Doc& doc, Doc::Kind kind, const std::string& what);
double to_number(const Doc& doc, const std::string& what);
int to_year(const Doc& doc, const std::string& what);
std::string to_text(const Doc& doc, const std::string& what);
ExprText to_expr(const Doc& doc, const std::string& what);
/// Parses a whole string as a finite number (no trailing characters).
bool parse_number(const std::string& text, double& out);

/// Range and consistency checks of one parameter, shared by the loader and `--set`.
void check_parameter(const ParameterSpec& parameter);
void check_shock(const ShockSpec& shock);

/// Doc (after extends) -> ScenarioSpec.
ScenarioSpec build_spec(const Doc& doc);

}  // namespace goalpath::scenario::detail

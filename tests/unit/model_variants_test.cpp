// Editing variants must not fail silently (issue 13 §4): a name no
// expression uses (an error in a variant, with a did-you-mean over the
// parent's names; a warning in a standalone scenario), correlations merged
// by their pair, an inherited title or description, and a merged-scenario
// text that changes when a parent changes. Positions are counted by hand
// from the YAML text in each test (lines and columns from 1).
#include <doctest/doctest.h>

#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <string>

#include "model/model.hpp"
#include "scenario/scenario.hpp"

using goalpath::InputError;
using goalpath::model::compile_model;
using goalpath::model::Model;
using goalpath::scenario::load_scenario;
using goalpath::scenario::load_scenario_text;

namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

/// A scratch folder under the build tree, emptied for each test.
struct TempDir {
  std::filesystem::path path;
  explicit TempDir(const std::string& name) {
    path = std::filesystem::path(GOALPATH_BINARY_DIR) / "test-tmp" / name;
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  std::string write(const std::string& file, const std::string& text) const {
    std::ofstream(path / file, std::ios::binary) << text;
    return (path / file).lexically_normal().string();
  }
};

// Three uncertain parameters, a shock, and three correlations.
const char* kParent = R"(scenario: parent
title: The parent's title
description: The parent's description
years: [2023, 2027]
parameters:
  investment_growth: { value: 0.07, uncertainty: { dist: normal, sd: 0.02 } }
  output_growth: { value: 0.04, uncertainty: { dist: normal, sd: 0.01 } }
  va_growth: { value: 0.045, uncertainty: { dist: normal, sd: 0.01 } }
shocks:
  output_shock: { sd: 0.01 }
indicators:
  investment: { base: 1500, growth: investment_growth }
  output: { base: 41000, growth: "output_growth + output_shock" }
  va: { base: 11000, growth: va_growth }
correlations:
  - [investment_growth, output_growth, 0.5]
  - [output_growth, va_growth, 0.7]
  - [investment_growth, va_growth, 0.3]
)";

std::optional<InputError> compile_error(const std::string& file) {
  try {
    compile_model(load_scenario(file));
  } catch (const InputError& e) {
    return e;
  }
  return std::nullopt;
}

double rho_of(const goalpath::scenario::ScenarioSpec& spec, const std::string& a, const std::string& b) {
  for (const auto& c : spec.correlations) {
    if ((c.a == a && c.b == b) || (c.a == b && c.b == a)) return c.rho;
  }
  return std::nan("");
}

}  // namespace

TEST_CASE("unused-name: a misspelt parameter in a variant is an error with a did-you-mean") {
  TempDir dir("variants-unused");
  dir.write("parent.yaml", kParent);
  const std::string child = dir.write("child.yaml", R"(extends: parent.yaml
scenario: child
title: Investment push
description: More investment
parameters:
  invest_grwoth: { value: 0.10 }
)");
  auto error = compile_error(child);
  REQUIRE(error.has_value());
  INFO(error->formatted());
  CHECK(error->code() == "unused-name");
  CHECK(error->pos().file == child);
  CHECK(error->pos().line == 6);
  CHECK(error->pos().col == 3);
  CHECK(contains(error->message(), "parameter 'invest_grwoth' is not used by any expression"));
  CHECK(contains(error->hint(), "did you mean 'investment_growth'?"));
}

TEST_CASE("unused-name: an unused shock in a variant is an error; restating a used name is fine") {
  TempDir dir("variants-unused-shock");
  dir.write("parent.yaml", kParent);
  const std::string child = dir.write("child.yaml", R"(extends: parent.yaml
scenario: child
title: t
description: d
shocks:
  ouput_shock: { sd: 0.02 }
)");
  auto error = compile_error(child);
  REQUIRE(error.has_value());
  CHECK(error->code() == "unused-name");
  CHECK(error->pos().line == 6);
  CHECK(contains(error->message(), "shock 'ouput_shock'"));
  CHECK(contains(error->hint(), "did you mean 'output_shock'?"));

  const std::string good = dir.write("good.yaml", R"(extends: parent.yaml
scenario: good
title: t
description: d
parameters:
  investment_growth: { value: 0.10 }
)");
  Model model = compile_model(load_scenario(good));
  CHECK(model.parameters[0].value == 0.10);
  CHECK(model.warnings.empty());
}

TEST_CASE("unused name in a standalone scenario: a warning naming it and its position") {
  Model model = compile_model(load_scenario_text(R"(scenario: alone
years: [2023, 2027]
parameters:
  growth_rate: 0.04
  spare_rate: 0.02
indicators:
  output: { base: 100, growth: growth_rate }
)", "alone.yaml"));
  REQUIRE(model.warnings.size() == 1);
  CHECK(contains(model.warnings[0], "alone.yaml:5:3"));
  CHECK(contains(model.warnings[0], "parameter 'spare_rate' is not used by any expression"));
}

TEST_CASE("correlations merge by pair: restated pairs change, 0 removes, new pairs add, the rest stay") {
  TempDir dir("variants-correlations");
  dir.write("parent.yaml", kParent);
  const std::string child = dir.write("child.yaml", R"(extends: parent.yaml
scenario: child
title: t
description: d
correlations:
  - [va_growth, output_growth, 0.2]
  - [investment_growth, va_growth, 0]
)");
  auto spec = load_scenario(child);
  REQUIRE(spec.correlations.size() == 2);
  CHECK(rho_of(spec, "investment_growth", "output_growth") == 0.5);  // kept from the parent
  CHECK(rho_of(spec, "output_growth", "va_growth") == 0.2);          // restated in the other order
  CHECK(std::isnan(rho_of(spec, "investment_growth", "va_growth")));  // removed by 0
  REQUIRE(spec.notes.size() == 1);
  CHECK(contains(spec.notes[0], "1 kept from the parent, 1 changed, 1 removed (coefficient 0), 0 added; 2 in all"));
  // The copula sees the merged matrix: the factor's first column gives
  // corr(investment, output) = 0.5 as the product of rows 0 and 1.
  Model model = compile_model(spec);
  const auto& L = model.parameter_factor;
  CHECK(L.row(0).dot(L.row(1)) == doctest::Approx(0.5).epsilon(1e-12));
  CHECK(L.row(1).dot(L.row(2)) == doctest::Approx(0.2).epsilon(1e-12));
  CHECK(L.row(0).dot(L.row(2)) == doctest::Approx(0.0).epsilon(1e-12));

  const std::string cleared = dir.write("cleared.yaml", "extends: parent.yaml\nscenario: cleared\ntitle: t\n"
                                                        "description: d\ncorrelations: []\n");
  auto none = load_scenario(cleared);
  CHECK(none.correlations.empty());
  REQUIRE(none.notes.size() == 1);
  CHECK(contains(none.notes[0], "removes all 3 pairs"));
}

TEST_CASE("an inherited title and description are flagged and warned about") {
  TempDir dir("variants-title");
  dir.write("parent.yaml", kParent);
  const std::string child = dir.write("child.yaml", "extends: parent.yaml\nscenario: child\n");
  auto spec = load_scenario(child);
  CHECK(spec.title == "The parent's title");
  CHECK(spec.title_inherited);
  CHECK(spec.description_inherited);
  REQUIRE(spec.warnings.size() == 2);
  CHECK(contains(spec.warnings[0], "title is inherited from"));
  CHECK(contains(spec.warnings[1], "description is inherited from"));
  CHECK(compile_model(spec).warnings.size() == 2);  // the model carries them to reports

  const std::string own = dir.write("own.yaml", "extends: parent.yaml\nscenario: own\ntitle: Own\n");
  auto own_spec = load_scenario(own);
  CHECK_FALSE(own_spec.title_inherited);
  CHECK(own_spec.description_inherited);
  // A standalone scenario inherits nothing.
  CHECK_FALSE(load_scenario(dir.path.string() + "/parent.yaml").title_inherited);
}

TEST_CASE("the merged scenario's text changes when the parent changes, not when only positions move") {
  TempDir dir("variants-merged");
  const std::string parent = dir.write("parent.yaml", kParent);
  const std::string child = dir.write("child.yaml", "extends: parent.yaml\nscenario: child\ntitle: t\ndescription: d\n");
  const std::string before = load_scenario(child).canonical_text;
  CHECK(contains(before, "\"investment_growth\""));
  CHECK(contains(before, "\"scenario\":\"child\""));
  REQUIRE(load_scenario(child).files.size() == 2);

  std::string edited = kParent;
  edited.replace(edited.find("value: 0.07"), 11, "value: 0.09");
  dir.write("parent.yaml", edited);
  const std::string after = load_scenario(child).canonical_text;
  CHECK(after != before);
  CHECK(contains(after, "\"0.09\""));

  // The same content with other spacing and comments: the same text.
  dir.write("parent.yaml", "# a comment\n" + std::string(kParent));
  CHECK(load_scenario(child).canonical_text == before);
  (void)parent;
}

TEST_CASE("a target restated by id replaces the parent's target whole (docs/SCENARIO_FORMAT.md, Extends)") {
  const std::string parent = std::string(kParent) + R"(targets:
  - { id: output-5t, label: Five trillion, indicator: output, year: 2027, at_least: 50000 }
  - { id: va-12k, indicator: va, year: 2027, at_least: 12000 }
)";
  TempDir dir("variants-targets");
  dir.write("parent.yaml", parent);
  // Restating only the bound is not a merge: the target lacks its subject.
  const std::string partial = dir.write("partial.yaml", "extends: parent.yaml\nscenario: partial\ntitle: t\n"
                                                        "description: d\ntargets:\n  - { id: output-5t, at_least: 55000 }\n");
  std::optional<InputError> error;
  try {
    load_scenario(partial);
  } catch (const InputError& e) {
    error = e;
  }
  REQUIRE(error.has_value());
  CHECK(error->code() == "missing-key");
  CHECK(error->pos().file == partial);
  // Restated whole: the new target in the parent's place, the label gone
  // with the rest of the old entry, the parent's other target kept.
  const std::string whole = dir.write("whole.yaml", "extends: parent.yaml\nscenario: whole\ntitle: t\ndescription: d\n"
                                                    "targets:\n  - { id: output-5t, indicator: output, year: 2026, at_least: 55000 }\n");
  auto spec = load_scenario(whole);
  REQUIRE(spec.targets.size() == 2);
  CHECK(spec.targets[0].id == "output-5t");
  CHECK(spec.targets[0].threshold == 55000);
  CHECK(spec.targets[0].last_year == 2026);
  CHECK(spec.targets[0].label.empty());
  CHECK(spec.targets[1].id == "va-12k");
}

// `calibration:` (SCENARIO_FORMAT.md): how it is read and checked, and when
// a variant inherits it. A calibration checked the bands of particular shock
// sizes, so a variant that restates a shock's sd or ar, or adds a shock,
// must not claim it (a warning says why and how to fix it), while one that
// restates only a source or a parameter keeps it. Positions are counted by
// hand from the YAML text in each test (lines and columns from 1).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>

#include "scenario/scenario.hpp"

using goalpath::InputError;
using goalpath::scenario::apply_override;
using goalpath::scenario::load_scenario;
using goalpath::scenario::load_scenario_text;
using goalpath::scenario::ScenarioSpec;

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

// A shock with a source and a parameter; the calibration starts on line 9.
const std::string kBase = R"(scenario: base
years: [2023, 2027]
parameters:
  growth: { value: 0.04, uncertainty: { dist: normal, sd: 0.01 } }
shocks:
  output_shock: { sd: 0.01, source: "assumed" }
indicators:
  output: { base: 100, growth: "growth + output_shock" }
calibration:
  method: "goalpath calibrate --bands: shock scales by maximum likelihood on 17 forecast errors"
  errors: 17
  points: 59
  coverage_50: 0.49
  coverage_90: 0.88
)";

/// The calibration lines of kBase with one line changed or dropped.
std::string base_with(const std::string& line, const std::string& replacement) {
  std::string text = kBase;
  const auto at = text.find(line);
  REQUIRE(at != std::string::npos);
  return text.replace(at, line.size(), replacement);
}

std::optional<InputError> error_of(const std::function<void()>& action) {
  try {
    action();
  } catch (const InputError& error) {
    return error;
  }
  return std::nullopt;
}

void check_error(const std::string& text, const std::string& code, int line, int col, const std::string& message,
                 const std::string& hint) {
  INFO("scenario text:\n" << text);
  auto error = error_of([&] { load_scenario_text(text, "test.yaml"); });
  REQUIRE_MESSAGE(error.has_value(), "the scenario loaded without an error");
  INFO("error: " << error->formatted());
  CHECK(error->code() == code);
  CHECK(error->pos().file == "test.yaml");
  CHECK(error->pos().line == line);
  CHECK(error->pos().col == col);
  CHECK(contains(error->message(), message));
  CHECK(contains(error->hint(), hint));
}

}  // namespace

// ---- reading it -----------------------------------------------------------------------

TEST_CASE("calibration: every field is read, with the block's position") {
  ScenarioSpec spec = load_scenario_text(kBase, "test.yaml");
  REQUIRE(spec.calibration.has_value());
  CHECK(spec.calibration->method == "goalpath calibrate --bands: shock scales by maximum likelihood on 17 forecast errors");
  CHECK(spec.calibration->errors == 17);
  CHECK(spec.calibration->points == 59);
  CHECK(spec.calibration->coverage_50 == doctest::Approx(0.49));
  CHECK(spec.calibration->coverage_90 == doctest::Approx(0.88));
  CHECK(spec.calibration->pos.file == "test.yaml");
  CHECK(spec.calibration->pos.line == 10);
  CHECK(spec.warnings.empty());
}

TEST_CASE("calibration: absent or null means not calibrated") {
  CHECK_FALSE(load_scenario_text(kBase.substr(0, kBase.find("calibration:")), "test.yaml").calibration);
  const std::string null_block = kBase.substr(0, kBase.find("calibration:")) + "calibration:\n";
  CHECK_FALSE(load_scenario_text(null_block, "test.yaml").calibration);
}

TEST_CASE("calibration: every key is required") {
  check_error(base_with("  method: \"goalpath calibrate --bands: shock scales by maximum likelihood on 17 forecast errors\"\n", ""),
              "missing-key", 10, 3, "calibration needs 'method:'", "how the shock sizes were estimated");
  check_error(base_with("  errors: 17\n", ""), "missing-key", 10, 3, "calibration needs 'errors:'", "forecast errors");
  check_error(base_with("  points: 59\n", ""), "missing-key", 10, 3, "calibration needs 'points:'", "backtest");
  check_error(base_with("  coverage_50: 0.49\n", ""), "missing-key", 10, 3, "calibration needs 'coverage_50:'",
              "50% band");
  check_error(base_with("  coverage_90: 0.88\n", ""), "missing-key", 10, 3, "calibration needs 'coverage_90:'",
              "90% band");
}

TEST_CASE("calibration: unknown keys are errors with a did-you-mean") {
  check_error(base_with("  coverage_90: 0.88", "  coverage90: 0.88"), "unknown-key", 14, 3,
              "unknown key 'coverage90' in calibration", "did you mean 'coverage_90'?");
}

TEST_CASE("calibration: bad values, at their position") {
  check_error(base_with("errors: 17", "errors: 0"), "bad-value", 11, 11, "errors is 0; it must be a whole number >= 1",
              "errors: 17");
  check_error(base_with("points: 59", "points: 5.5"), "bad-value", 12, 11, "points is 5.5", "points: 17");
  check_error(base_with("coverage_90: 0.88", "coverage_90: 88"), "bad-value", 14, 16,
              "coverage_90 is 88; it must be a fraction from 0 to 1", "0.88 for 88%");
  check_error(base_with("coverage_50: 0.49", "coverage_50: -0.1"), "bad-value", 13, 16, "coverage_50 is -0.1",
              "50% band");
  check_error(base_with("coverage_50: 0.49", "coverage_50: half"), "wrong-type", 13, 16, "must be a number", "0.05");
  check_error(base_with("errors: 17", "errors: 1e10"), "bad-value", 11, 11, "errors is 1e10", "errors: 17");
  check_error(base_with("  method: \"goalpath calibrate --bands: shock scales by maximum likelihood on 17 forecast errors\"",
                        "  method: \"  \""),
              "bad-value", 10, 12, "method is empty", "how the shock sizes were estimated");
  check_error(kBase.substr(0, kBase.find("calibration:")) + "calibration: [17, 59]\n", "wrong-type", 9, 14,
              "calibration must be a mapping", "key: value");
}

// ---- inheriting it ---------------------------------------------------------------------

TEST_CASE("calibration: a variant that keeps the shock sizes keeps the calibration") {
  TempDir dir("scenario_calibration_keep");
  dir.write("base.yaml", kBase);
  SUBCASE("restating only a shock's source") {
    const std::string variant =
        dir.write("variant.yaml", "extends: base.yaml\nshocks:\n  output_shock: { source: \"NBS revisions\" }\n");
    ScenarioSpec spec = load_scenario(variant);
    REQUIRE(spec.calibration.has_value());
    CHECK(spec.calibration->errors == 17);
    CHECK(spec.warnings.empty());
  }
  SUBCASE("restating a parameter") {
    const std::string variant = dir.write("variant.yaml", "extends: base.yaml\nparameters:\n  growth: { value: 0.05 }\n");
    ScenarioSpec spec = load_scenario(variant);
    CHECK(spec.calibration.has_value());
    CHECK(spec.warnings.empty());
  }
  SUBCASE("restating an sd and ar as they were (the same bands)") {
    const std::string variant =
        dir.write("variant.yaml", "extends: base.yaml\nshocks:\n  output_shock: { sd: 0.010, ar: 0 }\n");
    ScenarioSpec spec = load_scenario(variant);
    CHECK(spec.calibration.has_value());
    CHECK(spec.warnings.empty());
  }
  SUBCASE("through a chain: a variant of a variant that restated a source") {
    dir.write("middle.yaml", "extends: base.yaml\nshocks:\n  output_shock: { source: \"NBS\" }\n");
    const std::string variant = dir.write("variant.yaml", "extends: middle.yaml\nparameters:\n  growth: 0.05\n");
    ScenarioSpec spec = load_scenario(variant);
    CHECK(spec.calibration.has_value());
    CHECK(spec.warnings.empty());
  }
}

TEST_CASE("calibration: restating a shock's sd drops it, with a warning at the sd") {
  TempDir dir("scenario_calibration_sd");
  const std::string base = dir.write("base.yaml", kBase);
  const std::string variant =
      dir.write("variant.yaml", "extends: base.yaml\nshocks:\n  output_shock: { sd: 0.02 }\n");
  ScenarioSpec spec = load_scenario(variant);
  CHECK_FALSE(spec.calibration.has_value());
  REQUIRE(spec.warnings.size() == 1);
  const std::string& w = spec.warnings[0];
  INFO("warning: " << w);
  CHECK(w.rfind(variant + ":3:19: ", 0) == 0);  // at `sd` of the variant's shock
  CHECK(contains(w, "restates the sd of shock 'output_shock' (0.02, was 0.01)"));
  CHECK(contains(w, "the calibration of " + base + " does not carry over"));
  CHECK(contains(w, "run `goalpath calibrate --bands` on " + variant + ", or restate `calibration:`"));
  // The merged scenario no longer carries the block: its hash says what was run.
  CHECK_FALSE(contains(spec.canonical_text, "coverage_90"));
}

TEST_CASE("calibration: restating a shock's ar, or declaring a new shock, drops it") {
  TempDir dir("scenario_calibration_ar");
  dir.write("base.yaml", kBase);
  SUBCASE("ar") {
    const std::string variant = dir.write("variant.yaml", "extends: base.yaml\nshocks:\n  output_shock: { ar: 0.5 }\n");
    ScenarioSpec spec = load_scenario(variant);
    CHECK_FALSE(spec.calibration.has_value());
    REQUIRE(spec.warnings.size() == 1);
    CHECK(contains(spec.warnings[0], variant + ":3:19: "));
    CHECK(contains(spec.warnings[0], "restates the ar of shock 'output_shock' (0.5, was 0)"));
  }
  SUBCASE("a new shock") {
    const std::string variant = dir.write("variant.yaml", "extends: base.yaml\nshocks:\n  price_shock: { sd: 0.01 }\n");
    ScenarioSpec spec = load_scenario(variant);
    CHECK_FALSE(spec.calibration.has_value());
    REQUIRE(spec.warnings.size() == 1);
    CHECK(contains(spec.warnings[0], variant + ":3:3: "));
    CHECK(contains(spec.warnings[0], "declares a new shock 'price_shock'"));
  }
  SUBCASE("a variant of that variant stays uncalibrated, and says why") {
    const std::string middle = dir.write("middle.yaml", "extends: base.yaml\nshocks:\n  output_shock: { sd: 0.03 }\n");
    const std::string variant = dir.write("variant.yaml", "extends: middle.yaml\nparameters:\n  growth: 0.05\n");
    ScenarioSpec spec = load_scenario(variant);
    CHECK_FALSE(spec.calibration.has_value());
    REQUIRE(spec.warnings.size() == 1);
    CHECK(contains(spec.warnings[0], middle + ":3:19: "));
    CHECK(contains(spec.warnings[0], "goalpath calibrate --bands` on " + variant));
  }
}

TEST_CASE("calibration: a variant's own calibration replaces the parent's whole") {
  TempDir dir("scenario_calibration_own");
  dir.write("base.yaml", kBase);
  const std::string own = "calibration:\n  method: \"again\"\n  errors: 20\n  points: 70\n  coverage_50: 0.5\n"
                          "  coverage_90: 0.9\n";
  SUBCASE("with restated shocks, as goalpath calibrate --bands writes it: no warning") {
    const std::string variant =
        dir.write("variant.yaml", "extends: base.yaml\nshocks:\n  output_shock: { sd: 0.02, source: \"calibrated\" }\n" + own);
    ScenarioSpec spec = load_scenario(variant);
    REQUIRE(spec.calibration.has_value());
    CHECK(spec.calibration->method == "again");
    CHECK(spec.calibration->errors == 20);
    CHECK(spec.calibration->coverage_90 == doctest::Approx(0.9));
    CHECK(spec.calibration->pos.file == variant);
    CHECK(spec.warnings.empty());
  }
  SUBCASE("a partial block does not borrow the parent's other keys") {
    const std::string variant = dir.write("variant.yaml", "extends: base.yaml\ncalibration:\n  errors: 20\n");
    auto error = error_of([&] { load_scenario(variant); });
    REQUIRE(error.has_value());
    CHECK(error->code() == "missing-key");
    CHECK(error->pos().file == variant);
    CHECK(contains(error->message(), "calibration needs 'method:'"));
  }
  SUBCASE("calibration: null removes it, without a warning") {
    const std::string variant =
        dir.write("variant.yaml", "extends: base.yaml\nshocks:\n  output_shock: { sd: 0.02 }\ncalibration:\n");
    ScenarioSpec spec = load_scenario(variant);
    CHECK_FALSE(spec.calibration.has_value());
    CHECK(spec.warnings.empty());
  }
}

TEST_CASE("calibration: --set of a shock's sd or ar drops it like a restatement; of a parameter keeps it") {
  ScenarioSpec spec = load_scenario_text(kBase, "base.yaml");
  apply_override(spec, "growth=0.05");
  CHECK(spec.calibration.has_value());
  apply_override(spec, "output_shock.sd=0.01");  // as it was
  CHECK(spec.calibration.has_value());
  CHECK(spec.warnings.empty());
  apply_override(spec, "output_shock.sd=0.02");
  CHECK_FALSE(spec.calibration.has_value());
  REQUIRE(spec.warnings.size() == 1);
  INFO("warning: " << spec.warnings[0]);
  CHECK(contains(spec.warnings[0], "output_shock.sd=0.02 changes the sd of shock 'output_shock' (was 0.01)"));
  CHECK(contains(spec.warnings[0], "the calibration of base.yaml does not carry over"));
  apply_override(spec, "output_shock.ar=0.3");  // already dropped: said once
  CHECK(spec.warnings.size() == 1);
}

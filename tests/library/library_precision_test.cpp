// run's precision on demand (RunOptions::max_standard_error, `run
// --precision`): the paths chosen against closed forms, every target's
// standard error within the bound, and the report equal to a run with the
// chosen paths to the last digit.
#include <doctest/doctest.h>

#include <cmath>
#include <nlohmann/json.hpp>

#include "goalpath/goalpath.hpp"

using namespace goalpath;
using nlohmann::json;

namespace {

// x ~ uniform(0, 1): P(x >= 0.5) = 0.5 (the hardest to pin down, p(1-p) =
// 1/4), P(x >= 0.98) = 0.02, P(x >= 2) = 0 (never met).
const char* kUniform = R"(
scenario: precision-closed-form
years: [2023, 2024]
simulation: { seed: 11 }
parameters:
  x: { value: 0.5, uncertainty: { dist: uniform, low: 0.0, high: 1.0 } }
indicators:
  level: { value: "x" }
targets:
  - { id: half, indicator: level, year: 2024, at_least: 0.5 }
  - { id: tail, indicator: level, year: 2024, at_least: 0.98 }
  - { id: never, indicator: level, year: 2024, at_least: 2 }
)";

json without_run_facts(json report) {
  report["settings"].erase("precision");
  report["settings"].erase("threads");
  report["diagnostics"].erase("seconds");
  return report;
}

}  // namespace

TEST_CASE("the paths follow p(1-p)/SE^2 of the worst target, in whole steps of 10,000") {
  const Scenario s = Scenario::parse(kUniform, "precision.yaml");
  RunOptions o;
  o.signposts = false;
  // SE 0.004: 0.25 / 0.004^2 = 15,625 paths -> 20,000 (10,000 fall short: 0.005).
  o.max_standard_error = 0.004;
  CHECK(paths_for_precision(s, o) == std::vector<std::int64_t>{10000, 20000});
  // SE 0.002: 62,500 -> 70,000.
  o.max_standard_error = 0.002;
  CHECK(paths_for_precision(s, o) == std::vector<std::int64_t>{10000, 70000});
  // SE 0.006: 6,944 paths: the first 10,000 already do.
  o.max_standard_error = 0.006;
  CHECK(paths_for_precision(s, o) == std::vector<std::int64_t>{10000});
}

TEST_CASE("every target's standard error is within the bound, and the report is run's with those paths") {
  const Scenario s = Scenario::parse(kUniform, "precision.yaml");
  RunOptions o;
  o.signposts = false;
  o.max_standard_error = 0.002;
  const RunResult chosen = run(s, o);
  CHECK(chosen.settings.paths == 70000);
  CHECK(chosen.settings.precision_stages == std::vector<std::int64_t>{10000, 70000});
  for (const auto& t : chosen.targets) {
    CAPTURE(t.id);
    REQUIRE(t.probability_se.has_value());
    CHECK(*t.probability_se <= 0.002);
  }
  // 0.5 within 4 standard errors of its closed form.
  CHECK(std::abs(*chosen.targets[0].probability - 0.5) < 4 * 0.002);
  CHECK(std::abs(*chosen.targets[1].probability - 0.02) < 4 * std::sqrt(0.02 * 0.98 / 70000));
  const json report = json::parse(render(chosen, Format::json));
  CHECK(report["settings"]["precision"]["max_standard_error"] == 0.002);
  CHECK(report["settings"]["precision"]["stages"] == json::array({10000, 70000}));

  RunOptions fixed;
  fixed.signposts = false;
  fixed.paths = 70000;
  fixed.threads = 1;  // and another thread count: the same digits
  CHECK(without_run_facts(report) == without_run_facts(json::parse(render(run(s, fixed), Format::json))));
}

TEST_CASE("a probability of 0 on few paths does not claim an error of 0") {
  // P(never) = 0: 0 of n met. With p taken as 0.5 / (n + 1) the error at
  // 10,000 paths is 7.1e-5; a bound of 5e-5 asks for n with
  // (0.5 / n) / n <= 2.5e-9, n >= 14,143: 20,000 (at 0 of n, sqrt(p(1-p)/n) is 0).
  const Scenario s = Scenario::parse(R"(
scenario: precision-never
years: [2023, 2024]
parameters:
  x: { value: 0.5, uncertainty: { dist: uniform, low: 0.0, high: 1.0 } }
indicators:
  level: { value: "x" }
targets:
  - { id: never, indicator: level, year: 2024, at_least: 2 }
)", "never.yaml");
  RunOptions o;
  o.max_standard_error = 5e-5;
  const auto stages = paths_for_precision(s, o);
  REQUIRE(stages.size() >= 2);
  CHECK(stages.back() >= 20000);
}

TEST_CASE("precision is refused with paths, without Monte Carlo, out of range, and without targets") {
  const Scenario s = Scenario::parse(kUniform, "precision.yaml");
  RunOptions o;
  o.max_standard_error = 0.005;
  o.paths = 1000;
  CHECK_THROWS_WITH_AS(run(s, o), doctest::Contains("not both"), OptionError);
  o.paths.reset();
  o.deterministic = true;
  CHECK_THROWS_AS(run(s, o), OptionError);
  o.deterministic = false;
  for (double bad : {-0.01, 0.5, 2.0, std::nan("")}) {
    o.max_standard_error = bad;
    CHECK_THROWS_WITH_AS(run(s, o), doctest::Contains("max_standard_error"), OptionError);
  }
  // compare and brief run every side on one path count: refused there.
  o.max_standard_error = 0.005;
  CompareOptions c;
  c.max_standard_error = 0.005;
  CHECK_THROWS_WITH_AS(compare(s, s, c), doctest::Contains("run's alone"), OptionError);
  BriefOptions b;
  b.max_standard_error = 0.005;
  CHECK_THROWS_WITH_AS(brief(s, {}, b), doctest::Contains("run's alone"), OptionError);
  const Scenario none = Scenario::parse(R"(
scenario: precision-none
years: [2023, 2024]
indicators:
  level: { base: 1, growth: 0.01 }
)", "none.yaml");
  o.max_standard_error = 0.005;
  CHECK_THROWS_WITH_AS(run(none, o), doctest::Contains("needs a target"), OptionError);
}

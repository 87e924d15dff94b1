// Scenario discovery (analysis/discover.hpp): when success is exactly
// "a in [0.3, 0.6]" (two targets on y = a, met jointly) PRIM over a Latin
// hypercube of 10000 points must find that range for a and leave b alone.
// The box sides sit between neighbouring points, 1e-4 apart on average, so
// the limits are checked to 0.01; the density to 0.98.
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/discover.hpp"
#include "scenario/scenario.hpp"

using namespace goalpath;

namespace {

model::Model range_model() {
  return model::compile_model(scenario::load_scenario_text(R"Y(
scenario: range
years: [2023, 2024]
parameters:
  a: { value: 0.5, uncertainty: { dist: uniform, low: 0, high: 1 } }
  b: { value: 0.5, uncertainty: { dist: uniform, low: 0, high: 1 } }
indicators:
  y: { value: "a + 0 * b" }
targets:
  - { id: above, indicator: y, year: 2024, at_least: 0.3 }
  - { id: below, indicator: y, year: 2024, at_most: 0.6 }
  - { id: never, indicator: y, year: 2024, at_least: 2 }
)Y", "range.yaml"));
}

analysis::DiscoverOptions options(const std::string& target) {
  analysis::DiscoverOptions o;
  o.target = target;
  o.samples = 10000;
  o.simulation.seed = 3;
  o.simulation.threads = 2;
  return o;
}

}  // namespace

TEST_CASE("PRIM recovers a in [0.3, 0.6] when success is both targets met") {
  const auto r = analysis::run_discover(range_model(), options("all"));
  // "all" includes the target that is never met; discover the pair only.
  CHECK(r.successes == 0);
  CHECK(r.boxes.empty());
  CHECK(r.warning.find("no point meets the target") != std::string::npos);

  auto spec = range_model().spec;
  spec.targets.pop_back();
  const auto pair = analysis::run_discover(model::compile_model(spec), options("all"));
  REQUIRE(pair.boxes.size() == 1);
  REQUIRE(pair.parameters == std::vector<std::string>{"a", "b"});
  CHECK(pair.target_ids == std::vector<std::string>{"above", "below"});
  CHECK(std::abs(pair.base_density - 0.3) <= 0.01);
  const auto& box = pair.boxes[0];
  INFO("a in [" << box.lower[0] << ", " << box.upper[0] << "], b in [" << box.lower[1] << ", " << box.upper[1]
                << "], coverage " << box.coverage << " density " << box.density);
  CHECK(std::abs(box.lower[0] - 0.3) <= 0.01);
  CHECK(std::abs(box.upper[0] - 0.6) <= 0.01);
  CHECK(box.restricted[0]);
  CHECK_FALSE(box.restricted[1]);
  CHECK(box.density >= 0.98);
  CHECK(box.coverage >= 0.95);
  CHECK(std::abs(box.mass - 0.3) <= 0.02);
  CHECK(pair.trajectory.size() >= 3);
  CHECK(pair.trajectory.front().mass == 1.0);
  CHECK(pair.chosen == static_cast<int>(pair.trajectory.size()) - 1);
}

TEST_CASE("one target: the box is one-sided") {
  const auto r = analysis::run_discover(range_model(), options("above"));
  REQUIRE(r.boxes.size() == 1);
  const auto& box = r.boxes[0];
  CHECK(std::abs(box.lower[0] - 0.3) <= 0.01);
  CHECK(box.upper[0] == r.range_high[0]);
  CHECK(box.density >= 0.98);
}

TEST_CASE("an unknown target and too few samples are InputErrors") {
  auto o = options("abov");
  CHECK_THROWS_AS(analysis::run_discover(range_model(), o), InputError);
  o = options("above");
  o.samples = 10;
  CHECK_THROWS_AS(analysis::run_discover(range_model(), o), InputError);
}

// Scenario discovery keeps the scenario's correlations (the hypercube is
// drawn through the Gaussian copula) and, with `failure`, locates failure.
//
// Correlation: a and b are standard normals with correlation ρ; the share
// of discovered points with a > 0 and b > 0 (the target min(a, b) >= 0, so
// base_density) must be the orthant probability 1/4 + asin(ρ)/(2π) of the
// bivariate normal (Sheppard's formula), within 4 binomial standard errors.
// Without the copula it would be 1/4 whatever ρ (0.25 against 0.398 at 0.8).
//
// Failure: success is u <= 0.6 and v <= 0.5 (u, v uniform, P = 0.3);
// failure, its complement, is an L of two arms, and PRIM must peel to one
// of them, v >= 0.5 or u >= 0.6, where every point fails. (A failure region
// around a success slab in its middle is no case for PRIM: every peel from
// its sides removes failures.)
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/discover.hpp"
#include "scenario/scenario.hpp"

using namespace goalpath;

namespace {

model::Model normal_pair(double rho) {
  return model::compile_model(scenario::load_scenario_text(R"Y(
scenario: pair
years: [2023, 2024]
parameters:
  a: { value: 0, uncertainty: { dist: normal, sd: 1 } }
  b: { value: 0, uncertainty: { dist: normal, sd: 1 } }
correlations:
  - [a, b, )Y" + std::to_string(rho) + R"Y(]
indicators:
  both: { value: "min(a, b)" }
targets:
  - { id: both-positive, indicator: both, year: 2024, at_least: 0 }
)Y", "pair.yaml"));
}

model::Model corner_model() {
  return model::compile_model(scenario::load_scenario_text(R"Y(
scenario: corner
years: [2023, 2024]
parameters:
  u: { value: 0.5, uncertainty: { dist: uniform, low: 0, high: 1 } }
  v: { value: 0.5, uncertainty: { dist: uniform, low: 0, high: 1 } }
indicators:
  y: { value: "max(u / 0.6, v / 0.5)" }
targets:
  - { id: corner, indicator: y, year: 2024, at_most: 1 }
)Y", "corner.yaml"));
}

analysis::DiscoverOptions options(const std::string& target, std::int64_t samples) {
  analysis::DiscoverOptions o;
  o.target = target;
  o.samples = samples;
  o.simulation.seed = 9;
  o.simulation.threads = 2;
  return o;
}

}  // namespace

TEST_CASE("discover samples through the copula: P(a > 0 and b > 0) = 1/4 + asin(rho)/(2 pi)") {
  const std::int64_t n = 40000;
  for (double rho : {0.8, 0.0, -0.5}) {
    const auto r = analysis::run_discover(normal_pair(rho), options("both-positive", n));
    const double p = 0.25 + std::asin(rho) / (2 * M_PI);
    const double se = std::sqrt(p * (1 - p) / static_cast<double>(n));
    INFO("rho " << rho << ": share " << r.base_density << " expected " << p << " se " << se);
    CHECK(r.points == n);
    CHECK(std::abs(r.base_density - p) <= 4 * se);
    CHECK(r.warning.find("not imposed") == std::string::npos);
  }
}

TEST_CASE("--failure locates the complement of a known success region") {
  auto o = options("corner", 10000);
  o.failure = true;
  const auto r = analysis::run_discover(corner_model(), o);
  CHECK(r.failure);
  CHECK(r.successes + r.cases == r.points);
  CHECK(std::abs(r.base_density - 0.7) <= 4 * std::sqrt(0.21 / 10000));
  REQUIRE(r.boxes.size() == 1);
  const auto& box = r.boxes[0];
  INFO("u in [" << box.lower[0] << ", " << box.upper[0] << "], v in [" << box.lower[1] << ", " << box.upper[1]
                << "], density " << box.density << " coverage " << box.coverage);
  CHECK(box.density >= 0.98);
  const bool arm_v = !box.restricted[0] && box.restricted[1] && std::abs(box.lower[1] - 0.5) <= 0.01 &&
                     box.upper[1] == r.range_high[1];
  const bool arm_u = box.restricted[0] && !box.restricted[1] && std::abs(box.lower[0] - 0.6) <= 0.01 &&
                     box.upper[0] == r.range_high[0];
  CHECK((arm_v || arm_u));
  CHECK(std::abs(box.coverage - (arm_v ? 0.5 / 0.7 : 0.4 / 0.7)) <= 0.02);

  // Without --failure the same points are looked at for success: the box is
  // the corner, and the successes agree exactly.
  o.failure = false;
  const auto s = analysis::run_discover(corner_model(), o);
  CHECK(s.successes == r.successes);
  CHECK(s.cases == s.successes);
  REQUIRE(s.boxes.size() == 1);
  CHECK(std::abs(s.boxes[0].upper[0] - 0.6) <= 0.01);
  CHECK(std::abs(s.boxes[0].upper[1] - 0.5) <= 0.01);
}

TEST_CASE("--failure when nothing fails says so and draws no box") {
  auto o = options("corner", 1000);
  o.failure = true;
  auto spec = corner_model().spec;
  spec.targets[0].threshold = 5;  // max(u/0.6, v/0.5) <= 5: always met
  const auto r = analysis::run_discover(model::compile_model(spec), o);
  CHECK(r.cases == 0);
  CHECK(r.boxes.empty());
  CHECK(r.warning.find("no failure") != std::string::npos);
}

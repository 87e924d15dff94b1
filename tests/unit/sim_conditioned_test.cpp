// The evaluator's draws under model::apply_settings: a fixed parameter is
// its value on every path; a parameter correlated with it (ρ = 0.6, normal
// sd 1) has the conditional normal's mean μ + ρ·sd·c and sd sd·sqrt(1 - ρ²),
// within 4 standard errors; an uncorrelated one keeps its draws bit for
// bit; a "set" at the scenario's own value changes no draw.
#include <doctest/doctest.h>

#include <cmath>

#include "model/setting.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

using namespace goalpath;

namespace {

model::Model correlated() {
  return model::compile_model(scenario::load_scenario_text(R"Y(
scenario: conditioned
years: [2023, 2024]
parameters:
  x: { value: 1, uncertainty: { dist: normal, sd: 0.5 } }
  y: { value: 2, uncertainty: { dist: normal, sd: 1 } }
  u: { value: 0.3, uncertainty: { dist: uniform, low: 0.1, high: 0.5 } }
correlations:
  - [x, y, 0.6]
indicators:
  z: { value: "x + y + u" }
targets:
  - { id: z-1, indicator: z, year: 2024, at_least: 1 }
)Y", "conditioned.yaml"));
}

Eigen::ArrayXXd draws(const model::Model& m, Eigen::Index n) {
  sim::Evaluator evaluator(m);
  Eigen::ArrayXXd out;
  evaluator.draw_parameters(7, 0, n, out);
  return out;
}

}  // namespace

TEST_CASE("fixing x draws y from its conditional normal and leaves u's draws as they were") {
  const auto m = correlated();
  const Eigen::Index n = 40000;
  const double v = 0.6;  // c = (0.6 - 1) / 0.5 = -0.8
  const auto fixed = model::apply_settings(m, {{"x", v, model::SettingMode::fix, {"--grid x"}}});
  const Eigen::ArrayXXd a = draws(m, n), b = draws(fixed, n);
  CHECK((b.col(0) == v).all());
  const double mean = b.col(1).mean();
  const double sd = std::sqrt((b.col(1) - mean).square().sum() / static_cast<double>(n - 1));
  const double expected_mean = 2 + 0.6 * -0.8, expected_sd = std::sqrt(1 - 0.36);
  INFO("y | x = 0.6: mean " << mean << " (" << expected_mean << "), sd " << sd << " (" << expected_sd << ")");
  CHECK(std::abs(mean - expected_mean) <= 4 * expected_sd / std::sqrt(static_cast<double>(n)));
  CHECK(std::abs(sd - expected_sd) <= 4 * expected_sd / std::sqrt(2.0 * static_cast<double>(n)));
  CHECK((a.col(2) == b.col(2)).all());
  // The conditional median is the centre the deterministic projection uses.
  const Eigen::ArrayXXd centre = sim::central_parameters(fixed);
  CHECK(centre(0, 0) == v);
  CHECK(std::abs(centre(0, 1) - expected_mean) < 1e-12);
  CHECK(centre(0, 2) == 0.3);
}

TEST_CASE("a set at the scenario's own values changes no draw; a set elsewhere moves only its column") {
  const auto m = correlated();
  const auto same = model::apply_settings(m, {{"x", 1, model::SettingMode::set, {"--grid x"}},
                                              {"u", 0.3, model::SettingMode::set, {"--grid u"}}});
  const Eigen::ArrayXXd a = draws(m, 5000), b = draws(same, 5000);
  CHECK((a == b).all());
  const auto moved = model::apply_settings(m, {{"x", 1.25, model::SettingMode::set, {"--grid x"}}});
  const Eigen::ArrayXXd c = draws(moved, 5000);
  CHECK(((c.col(0) - a.col(0)) - 0.25).abs().maxCoeff() < 1e-12);  // the same normals, the centre moved
  CHECK((c.col(1) == a.col(1)).all());  // the copula kept: y's draws unchanged
}

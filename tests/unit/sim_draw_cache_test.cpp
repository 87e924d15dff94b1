// The memo of parameter draws (sim/draw_cache.hpp): while a DrawCacheScope
// is open, draws and runs give the very bits they give without it — on the
// first call (filling the memo), on later calls (reading it), when a
// parameter's marginal changes between calls (a sweep's moved parameter),
// when a "fix" conditions correlated parameters (their normal scores change),
// for blocks of another size or start, and after the scope has closed.
#include <doctest/doctest.h>

#include <cstring>

#include "model/setting.hpp"
#include "scenario/scenario.hpp"
#include "sim/draw_cache.hpp"
#include "sim/sim.hpp"

using namespace goalpath;

namespace {

model::Model truncated() {
  return model::compile_model(scenario::load_scenario_text(R"Y(
scenario: memo
years: [2023, 2026]
parameters:
  g: { value: 0.04, uncertainty: { dist: normal, sd: 0.015, bounds: [-0.03, 0.10] } }
  h: { value: 0.07, uncertainty: { dist: normal, sd: 0.02, bounds: [-0.02, 0.18] } }
  l: { value: 2.0, uncertainty: { dist: lognormal, sd: 0.3, bounds: [1.0, 5.0] } }
  tri: { value: 1650, uncertainty: { dist: triangular, low: 1300, high: 2000 } }
  u: { value: 0.3, uncertainty: { dist: uniform, low: 0.1, high: 0.5 } }
  n: { value: 1.0, uncertainty: { dist: normal, sd: 0.1 } }
shocks:
  e: { sd: 0.01 }
  f: { sd: 0.02, ar: 0.5 }
correlations:
  - [g, h, 0.6]
  - [g, tri, 0.3]
  - [e, f, 0.5]
indicators:
  x: { base: 100, growth: "g + e" }
  y: { base: 50, growth: "h + f + 0.001 * (tri - 1650) + 0.01 * (u - 0.3) + 0.01 * (l - 2) + 0.01 * (n - 1)" }
  s: { value: "y / x" }
targets:
  - { id: x-120, indicator: x, year: 2026, at_least: 120 }
  - { id: s-06, indicator: s, year: 2026, at_least: 0.6 }
)Y", "memo.yaml"));
}

Eigen::ArrayXXd draws(const model::Model& m, std::int64_t first, Eigen::Index n) {
  sim::Evaluator evaluator(m);
  Eigen::ArrayXXd out;
  evaluator.draw_parameters(11, first, n, out);
  return out;
}

bool same(const Eigen::ArrayXXd& a, const Eigen::ArrayXXd& b) {
  return a.rows() == b.rows() && a.cols() == b.cols() &&
         std::memcmp(a.data(), b.data(), static_cast<std::size_t>(a.size()) * sizeof(double)) == 0;
}

sim::MonteCarloOutcome run(const model::Model& m) {
  sim::SimulationOptions options;
  options.paths = 5000;
  options.seed = 3;
  options.threads = 2;
  options.block_size = 700;
  options.quantiles = false;
  return sim::run_monte_carlo(m, options);
}

void check_same(const sim::MonteCarloOutcome& a, const sim::MonteCarloOutcome& b) {
  CHECK(a.target_met == b.target_met);
  CHECK(a.target_finite == b.target_finite);
  CHECK(a.joint_met == b.joint_met);
  CHECK(a.nonfinite_paths == b.nonfinite_paths);
}

}  // namespace

TEST_CASE("draw cache: draws inside a scope are the draws outside it, bit for bit") {
  const model::Model m = truncated();
  const Eigen::ArrayXXd plain = draws(m, 0, 1500);
  const Eigen::ArrayXXd plain_odd = draws(m, 333, 1001);
  {
    const sim::DrawCacheScope scope;
    CHECK(same(draws(m, 0, 1500), plain));      // filling the memo
    CHECK(same(draws(m, 0, 1500), plain));      // reading it
    CHECK(same(draws(m, 333, 1001), plain_odd));  // another block
    CHECK(same(draws(m, 333, 1001), plain_odd));
    {
      const sim::DrawCacheScope nested;
      CHECK(same(draws(m, 0, 1500), plain));
    }
    CHECK(same(draws(m, 0, 1500), plain));  // the inner scope's end keeps the outer one's memo
  }
  CHECK(same(draws(m, 0, 1500), plain));  // after the scope
}

TEST_CASE("draw cache: a parameter moved or fixed between calls gets its own draws") {
  const model::Model m = truncated();
  const model::Model moved = model::apply_settings(m, {{"g", 0.06, model::SettingMode::set, {}}});
  const model::Model fixed = model::apply_settings(m, {{"g", 0.06, model::SettingMode::fix, {}}});
  const Eigen::ArrayXXd plain_moved = draws(moved, 0, 1500);
  const Eigen::ArrayXXd plain_fixed = draws(fixed, 0, 1500);
  const Eigen::ArrayXXd plain = draws(m, 0, 1500);
  CHECK(!same(plain_moved, plain));
  const sim::DrawCacheScope scope;
  for (int round = 0; round < 2; ++round) {
    CHECK(same(draws(m, 0, 1500), plain));
    CHECK(same(draws(moved, 0, 1500), plain_moved));
    CHECK(same(draws(fixed, 0, 1500), plain_fixed));
  }
}

TEST_CASE("draw cache: runs inside a scope count what they count outside it") {
  const model::Model m = truncated();
  const model::Model moved = model::apply_settings(m, {{"h", 0.09, model::SettingMode::set, {}}});
  const sim::MonteCarloOutcome plain = run(m), plain_moved = run(moved);
  const sim::DrawCacheScope scope;
  for (int round = 0; round < 2; ++round) {
    check_same(run(m), plain);
    check_same(run(moved), plain_moved);
  }
}

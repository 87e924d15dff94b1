// model::apply_settings: "set" moves a parameter's centre and keeps its
// uncertainty and the copula exactly; "fix" makes it certain and conditions
// the copula on its normal score c = Φ⁻¹(F(v)) (closed form for two
// correlated normals: shift ρ·c, remaining sd sqrt(1 - ρ²)); bad values are
// InputErrors at the setting's position.
#include <doctest/doctest.h>

#include <cmath>

#include "model/setting.hpp"
#include "scenario/scenario.hpp"

using namespace goalpath;

namespace {

model::Model correlated() {
  return model::compile_model(scenario::load_scenario_text(R"Y(
scenario: setting
years: [2023, 2024]
parameters:
  x: { value: 1, uncertainty: { dist: normal, sd: 0.5, bounds: [-2, 4] } }
  y: { value: 2, uncertainty: { dist: normal, sd: 1 } }
  u: { value: 0.3, uncertainty: { dist: uniform, low: 0.1, high: 0.5, bounds: [0, 0.8] } }
  w: { value: 5, uncertainty: { dist: lognormal, sd: 0.2 } }
  k: 7
correlations:
  - [x, y, 0.6]
indicators:
  z: { value: "x + y + u + w + k" }
targets:
  - { id: z-1, indicator: z, year: 2024, at_least: 1 }
)Y", "setting.yaml"));
}

std::string code_of(const model::Model& m, const model::ParameterSetting& s) {
  try {
    model::apply_settings(m, {s});
  } catch (const InputError& e) {
    INFO(e.formatted());
    CHECK(e.pos().file == "--grid x");
    return e.code() + ": " + e.message();
  }
  return "no error";
}

}  // namespace

TEST_CASE("set moves the centre and keeps the uncertainty and the copula") {
  const auto m = correlated();
  const auto s = model::apply_settings(m, {{"x", 1.5, model::SettingMode::set, {"--grid x"}},
                                           {"u", 0.6, model::SettingMode::set, {"--grid x"}},
                                           {"k", 9, model::SettingMode::set, {"--grid x"}}});
  const auto& x = s.parameters[0];
  CHECK(x.value == 1.5);
  CHECK(x.marginal.value == 1.5);
  CHECK(x.marginal.sd == 0.5);
  CHECK(x.marginal.lower_bound == -2);
  // A uniform carries its range along: [0.1, 0.5] + 0.3, width kept, bounds kept.
  const auto& u = s.parameters[2];
  CHECK(u.marginal.low == doctest::Approx(0.4).epsilon(1e-15));
  CHECK(u.marginal.high == doctest::Approx(0.8).epsilon(1e-15));
  CHECK(u.marginal.upper_bound == 0.8);
  CHECK(s.parameters[4].value == 9);
  CHECK(s.parameter_factor == m.parameter_factor);
  CHECK(s.parameter_shift.size() == 0);
  // The scenario's own value changes nothing at all.
  const auto same = model::apply_settings(m, {{"u", 0.3, model::SettingMode::set, {"--grid x"}}});
  CHECK(same.parameters[2].marginal.low == m.parameters[2].marginal.low);
  CHECK(same.parameters[2].marginal.high == m.parameters[2].marginal.high);
}

TEST_CASE("fix conditions the correlated parameter: shift rho·c, remaining variance 1 - rho^2") {
  const auto m = correlated();
  const double v = 1.4;  // x ~ N(1, 0.5) truncated to [-2, 4]: c = Φ⁻¹(F(v)), almost (v - 1)/0.5
  const auto s = model::apply_settings(m, {{"x", v, model::SettingMode::fix, {"--grid x"}}});
  CHECK_FALSE(s.parameters[0].uncertain());
  CHECK(s.parameters[0].value == v);
  const double c = sample::inverse_normal_cdf(m.parameters[0].marginal.cdf(v));
  CHECK(std::abs(c - 0.8) < 1e-6);  // the truncation at ±6 sd barely moves it
  REQUIRE(s.parameter_shift.size() == 5);
  CHECK(s.parameter_shift(0) == 0);  // the fixed one is its constant value
  CHECK(std::abs(s.parameter_shift(1) - 0.6 * c) < 1e-12);
  CHECK(s.parameter_shift(2) == 0);  // not correlated: untouched
  const Eigen::MatrixXd cov = s.parameter_factor * s.parameter_factor.transpose();
  CHECK(std::abs(cov(1, 1) - (1 - 0.36)) < 1e-12);
  CHECK(cov(0, 0) == 0);
  CHECK(std::abs(cov(2, 2) - 1) < 1e-12);
  // Fixing a parameter tied to nothing leaves the copula exactly as it was.
  const auto w = model::apply_settings(m, {{"w", 6, model::SettingMode::fix, {"--grid x"}}});
  CHECK(w.parameter_shift.size() == 0);
  CHECK(w.parameter_factor == m.parameter_factor);
  CHECK(w.parameters[3].value == 6);
  CHECK_FALSE(w.parameters[3].uncertain());
}

TEST_CASE("values a parameter cannot take are InputErrors naming it") {
  const auto m = correlated();
  using model::SettingMode;
  CHECK(code_of(m, {"x", 5, SettingMode::set, {"--grid x"}}).rfind("bad-value: parameter 'x': value 5 lies outside its bounds", 0) == 0);
  CHECK(code_of(m, {"x", 5, SettingMode::fix, {"--grid x"}}).rfind("bad-value: parameter 'x' cannot be fixed at 5", 0) == 0);
  CHECK(code_of(m, {"u", 0.05, SettingMode::fix, {"--grid x"}}).rfind("bad-value: parameter 'u' cannot be fixed", 0) == 0);
  CHECK(code_of(m, {"w", -1, SettingMode::set, {"--grid x"}}).rfind("bad-value: parameter 'w': a lognormal", 0) == 0);
  CHECK(code_of(m, {"xx", 1, SettingMode::set, {"--grid x"}}) == "unknown-name: no parameter is called 'xx'");
  CHECK(code_of(m, {"z", 1, SettingMode::set, {"--grid x"}}) == "unknown-name: no parameter is called 'z'");
  CHECK_THROWS_AS(model::apply_settings(m, {{"x", 1, SettingMode::set, {"--grid x"}}, {"x", 2, SettingMode::fix, {"--grid x"}}}),
                  InputError);
  const auto fixed = model::apply_settings(m, {{"x", 1.2, SettingMode::fix, {"--grid x"}}});
  CHECK_THROWS_AS(model::apply_settings(fixed, {{"y", 1, SettingMode::fix, {"--grid x"}}}), std::invalid_argument);
}

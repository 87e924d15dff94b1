// Sensitivity of a scenario (analysis/sensitivity.hpp) on a model whose
// target is a linear function of its parameters, so every number is known by
// hand: tornado outputs exactly (tolerance 1e-12, rounding only), Morris μ*
// exactly (a linear model's elementary effects are its coefficients times
// the parameter's range, 1e-9 for the rounding of the quantile mapping), and
// Sobol indices of independent uniforms, S1 = ST = a_i² var_i / Σ a_j² var_j,
// within the method's own 95% bootstrap half-width (plus 1e-3 where the
// half-width is ~0).
#include <doctest/doctest.h>

#include <cmath>

#include "analysis/sensitivity.hpp"
#include "scenario/scenario.hpp"

using namespace goalpath;

namespace {

// y = 2a + 3b - c + 0.5k in 2024, a ~ U(0, 2), b ~ U(4, 8), c as given, k fixed at 4.
model::Model linear_model(const std::string& c_spec) {
  return model::compile_model(scenario::load_scenario_text(R"Y(
scenario: linear
years: [2023, 2024]
parameters:
  a: { value: 1, uncertainty: { dist: uniform, low: 0, high: 2 } }
  b: { value: 5, uncertainty: { dist: uniform, low: 4, high: 8 } }
  c: )Y" + c_spec + R"Y(
  k: 4
indicators:
  y: { value: "2*a + 3*b - c + 0.5*k" }
targets:
  - { id: y-20, indicator: y, year: 2024, at_least: 20 }
  - { id: y-neg, indicator: "y", year: 2024, at_most: 100 }
)Y", "linear.yaml"));
}

analysis::SensitivityOptions options(analysis::SensitivityMethod method) {
  analysis::SensitivityOptions o;
  o.method = method;
  o.simulation.seed = 11;
  o.simulation.threads = 2;
  return o;
}

const analysis::SensitivityParameter& find(const analysis::SensitivityResult& r, const std::string& name) {
  for (const auto& p : r.parameters) {
    if (p.name == name) return p;
  }
  FAIL("no parameter " << name);
  return r.parameters.front();
}

}  // namespace

TEST_CASE("tornado on a linear model: settings, outputs and order by hand") {
  const auto m = linear_model("{ value: 3, uncertainty: { dist: normal, sd: 0.5 } }");
  auto o = options(analysis::SensitivityMethod::tornado);
  o.targets = {"y-20"};
  o.include_fixed = true;  // k too, at 4 ± 10%
  const auto rep = analysis::run_sensitivity(m, o);
  REQUIRE(rep.results.size() == 1);
  const auto& r = rep.results[0];
  CHECK(r.baseline == doctest::Approx(16).epsilon(1e-15));  // 2 + 15 - 3 + 2
  REQUIRE(r.parameters.size() == 4);
  // Swings: b 3·3.2 = 9.6, a 2·1.6 = 3.2, c 2·0.5·z90 = 1.2816, k 0.5·0.8 = 0.4.
  CHECK(r.parameters[0].name == "b");
  CHECK(r.parameters[1].name == "a");
  CHECK(r.parameters[2].name == "c");
  CHECK(r.parameters[3].name == "k");
  const double z90 = 1.2815515655446004;
  struct Expected { const char* name; double low, high, out_low, out_high; };
  const Expected expected[] = {{"a", 0.2, 1.8, 14.4, 17.6},
                               {"b", 4.4, 7.6, 14.2, 23.8},
                               {"c", 3 - 0.5 * z90, 3 + 0.5 * z90, 16 + 0.5 * z90, 16 - 0.5 * z90},
                               {"k", 3.6, 4.4, 15.8, 16.2}};
  for (const auto& e : expected) {
    const auto& p = find(r, e.name);
    INFO(e.name << ": low " << p.low << " high " << p.high << " out " << p.output_low << " " << p.output_high);
    CHECK(std::abs(p.low - e.low) <= 1e-12);
    CHECK(std::abs(p.high - e.high) <= 1e-12);
    CHECK(std::abs(p.output_low - e.out_low) <= 1e-12);
    CHECK(std::abs(p.output_high - e.out_high) <= 1e-12);
    CHECK(std::abs(p.swing - std::abs(e.out_high - e.out_low)) <= 1e-12);
  }
  CHECK(rep.evaluations == 9);  // 2 · 4 + 1
}

TEST_CASE("tornado leaves out parameters without uncertainty unless asked") {
  const auto m = linear_model("{ value: 3, uncertainty: { dist: normal, sd: 0.5 } }");
  auto o = options(analysis::SensitivityMethod::tornado);
  o.targets = {"y-20"};
  const auto rep = analysis::run_sensitivity(m, o);
  const auto& r = rep.results[0];
  REQUIRE(r.parameters.size() == 3);
  for (const auto& p : r.parameters) CHECK(p.name != "k");
  CHECK(rep.evaluations == 7);  // 2 · 3 + 1
  const auto fixed = model::compile_model(scenario::load_scenario_text(
      "scenario: fixed\nyears: [2023, 2024]\nparameters:\n  k: 4\nindicators:\n  y: { value: \"k\" }\n"
      "targets:\n  - { id: t, indicator: y, year: 2024, at_least: 1 }\n",
      "fixed.yaml"));
  try {
    analysis::run_sensitivity(fixed, options(analysis::SensitivityMethod::tornado));
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.hint().find(option_ref("include_fixed")) != std::string::npos);
  }
}

// y = a + b (+ e with shocks), a ~ N(0, 1), b ~ N(0, 2), corr 0.5. Fixing a at
// its p10 (-z90) puts b at its conditional median 0.5·2·(-z90): y = -2 z90;
// fixing b at -2 z90 puts a at 0.5·(-z90): y = -2.5 z90. With shocks each
// setting's output is the mean over the paths, off by the shocks' mean only
// (sd 1/sqrt(n)).
TEST_CASE("tornado conditions the correlated parameters, with and without shocks") {
  const auto m = model::compile_model(scenario::load_scenario_text(R"Y(
scenario: tied
years: [2023, 2024]
parameters:
  a: { value: 0, uncertainty: { dist: normal, sd: 1 } }
  b: { value: 0, uncertainty: { dist: normal, sd: 2 } }
shocks:
  e: { sd: 1 }
correlations:
  - [a, b, 0.5]
indicators:
  y: { value: "a + b + e" }
targets:
  - { id: y-0, indicator: y, year: 2024, at_least: 0 }
)Y", "tied.yaml"));
  const double z90 = 1.2815515655446004;
  auto o = options(analysis::SensitivityMethod::tornado);
  const auto plain = analysis::run_sensitivity(m, o).results[0];
  CHECK(std::abs(find(plain, "a").output_low + 2 * z90) < 1e-12);
  CHECK(std::abs(find(plain, "a").output_high - 2 * z90) < 1e-12);
  CHECK(std::abs(find(plain, "b").output_low + 2.5 * z90) < 1e-12);
  CHECK(std::abs(find(plain, "b").swing - 5 * z90) < 1e-12);
  o.with_shocks = true;
  o.samples = 4000;
  const auto shocked = analysis::run_sensitivity(m, o).results[0];
  const double se = 1 / std::sqrt(4000.0);
  for (auto [name, low] : {std::pair{"a", -2 * z90}, std::pair{"b", -2.5 * z90}}) {
    const auto& p = find(shocked, name);
    INFO(name << ": " << p.output_low << " vs " << low << ", " << p.output_high << " vs " << -low);
    CHECK(std::abs(p.output_low - low) <= 4 * se);
    CHECK(std::abs(p.output_high + low) <= 4 * se);
  }
  CHECK(std::abs(shocked.baseline) <= 4 * se);
}

TEST_CASE("tornado of met without shocks says why every swing is 0 or 1") {
  const auto m = linear_model("{ value: 3, uncertainty: { dist: normal, sd: 0.5 } }");
  auto o = options(analysis::SensitivityMethod::tornado);
  o.metric = analysis::Metric::met;
  const auto rep = analysis::run_sensitivity(m, o);
  CHECK(rep.warning.find("--with-shocks") != std::string::npos);
  o.with_shocks = true;
  o.samples = 200;
  CHECK(analysis::run_sensitivity(m, o).warning.empty());
}

TEST_CASE("tornado with metric met gives the 0/1 outcome at each setting") {
  const auto m = linear_model("{ value: 3, uncertainty: { dist: normal, sd: 0.5 } }");
  auto o = options(analysis::SensitivityMethod::tornado);
  o.metric = analysis::Metric::met;
  o.targets = {"y-20"};
  const auto r = analysis::run_sensitivity(m, o).results[0];
  CHECK(r.baseline == 0);                       // 16 < 20
  CHECK(find(r, "b").output_high == 1);         // 23.8 >= 20
  CHECK(find(r, "b").output_low == 0);
  CHECK(find(r, "a").swing == 0);
}

TEST_CASE("Morris μ* on a linear model equals |coefficient| · range, σ = 0, in quantile units") {
  const auto m = linear_model("{ value: 3, uncertainty: { dist: uniform, low: 2, high: 4 } }");
  auto o = options(analysis::SensitivityMethod::morris);
  o.samples = 30;
  const auto rep = analysis::run_sensitivity(m, o);
  REQUIRE(rep.results.size() == 2);  // every target, from one design
  CHECK(rep.evaluations == 30 * 4);  // r (D + 1), D = 3 uncertain parameters, shared by both targets
  for (const auto& r : rep.results) {
    REQUIRE(r.parameters.size() == 3);
    CHECK(r.parameters[0].name == "b");  // sorted by μ*
    struct Expected { const char* name; double mu; };
    for (const Expected& e : {Expected{"a", 2 * 2.0}, Expected{"b", 3 * 4.0}, Expected{"c", -1 * 2.0}}) {
      const auto& p = find(r, e.name);
      INFO(r.target << " " << e.name << ": mu* " << p.mu_star << " mu " << p.mu << " sigma " << p.sigma);
      CHECK(std::abs(p.mu_star - std::abs(e.mu)) <= 1e-9);
      CHECK(std::abs(p.mu - e.mu) <= 1e-9);
      CHECK(std::abs(p.sigma) <= 1e-9);
    }
  }
}

TEST_CASE("Morris names every parameter without effect, in the order of the results") {
  const auto m = model::compile_model(scenario::load_scenario_text(R"Y(
scenario: idle
years: [2023, 2024]
parameters:
  a: { value: 1, uncertainty: { dist: uniform, low: 0, high: 2 } }
  b: { value: 5, uncertainty: { dist: uniform, low: 4, high: 8 } }
  c: { value: 3, uncertainty: { dist: uniform, low: 2, high: 4 } }
  d: { value: 3, uncertainty: { dist: uniform, low: 2, high: 4 } }
indicators:
  y: { value: "2*a + (b + c + d) / (b + c + d)" }
targets:
  - { id: y-2, indicator: y, year: 2024, at_least: 2 }
)Y", "idle.yaml"));
  auto o = options(analysis::SensitivityMethod::morris);
  o.samples = 10;
  const auto rep = analysis::run_sensitivity(m, o);
  REQUIRE(rep.results.size() == 1);
  const auto& r = rep.results.front();
  CHECK(r.parameters.front().name == "a");
  // b, c and d cancel out (up to rounding): all three are named, none cut off.
  CHECK(r.no_effect == std::vector<std::string>{"b", "c", "d"});
  for (const auto& name : r.no_effect) CHECK(find(r, name).mu_star == 0);

  // Other methods leave the list empty.
  o.method = analysis::SensitivityMethod::tornado;
  CHECK(analysis::run_sensitivity(m, o).results.front().no_effect.empty());
}

TEST_CASE("Sobol indices of an additive linear model of independent uniforms") {
  const auto m = linear_model("{ value: 3, uncertainty: { dist: uniform, low: 2, high: 4 } }");
  auto o = options(analysis::SensitivityMethod::sobol);
  o.samples = 4096;
  const auto rep = analysis::run_sensitivity(m, o);
  CHECK(rep.samples == 4096);
  CHECK(rep.evaluations == 4096 * 8);  // N (2D + 2), once for both targets
  // a_i² (hi - lo)² / 12: a 4·4/12, b 9·16/12, c 1·4/12.
  const double va = 16.0 / 12, vb = 144.0 / 12, vc = 4.0 / 12, total = va + vb + vc;
  for (const auto& r : rep.results) {
    CHECK(r.warning.empty());
    CHECK(std::abs(r.output_variance - total) <= 0.01 * total);
    for (const auto& [name, v] : {std::pair<const char*, double>{"a", va}, {"b", vb}, {"c", vc}}) {
      const auto& p = find(r, name);
      const double exact = v / total;
      INFO(r.target << " " << name << ": S1 " << p.S1 << " ± " << p.S1_conf << ", ST " << p.ST << " ± " << p.ST_conf
                    << ", exact " << exact);
      CHECK(std::abs(p.S1 - exact) <= p.S1_conf + 1e-3);
      CHECK(std::abs(p.ST - exact) <= p.ST_conf + 1e-3);
      CHECK(p.S1_conf < 0.05);
      CHECK(p.ST_conf < 0.05);
    }
  }
}

TEST_CASE("with shocks the analysis is the same whatever the threads, and shocks change it") {
  auto spec = scenario::load_scenario_text(R"Y(
scenario: shocked
years: [2023, 2026]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.01 } }
  h: { value: 0.02, uncertainty: { dist: uniform, low: 0, high: 0.04 } }
shocks:
  e: { sd: 0.02 }
indicators:
  x: { base: 100, growth: "g + h + e" }
targets:
  - { id: x-120, indicator: x, year: 2026, at_least: 120 }
)Y", "shocked.yaml");
  const auto m = model::compile_model(spec);
  for (auto method : {analysis::SensitivityMethod::tornado, analysis::SensitivityMethod::morris,
                      analysis::SensitivityMethod::sobol}) {
    auto o = options(method);
    o.with_shocks = true;
    o.samples = method == analysis::SensitivityMethod::sobol ? 512 : 40;
    o.simulation.block_size = 64;
    o.simulation.threads = 1;
    const auto one = analysis::run_sensitivity(m, o);
    o.simulation.threads = 2;
    o.simulation.block_size = 100;
    const auto two = analysis::run_sensitivity(m, o);
    o.with_shocks = false;
    const auto calm = analysis::run_sensitivity(m, o);
    INFO(analysis::to_string(method));
    for (std::size_t k = 0; k < one.results[0].parameters.size(); ++k) {
      const auto& a = one.results[0].parameters[k];
      const auto& b = two.results[0].parameters[k];
      CHECK(a.name == b.name);
      CHECK(a.output_low == b.output_low);
      CHECK(a.mu_star == b.mu_star);
      CHECK(a.S1 == b.S1);
      CHECK(a.ST_conf == b.ST_conf);
    }
    const auto& s = one.results[0].parameters[0];
    const auto& c = calm.results[0].parameters[0];
    CHECK((s.output_low != c.output_low || s.mu_star != c.mu_star || s.S1 != c.S1));
  }
}

TEST_CASE("bad requests are InputErrors that say what to do") {
  const auto m = linear_model("3");
  auto code_of = [&](analysis::SensitivityOptions o) -> std::string {
    try {
      analysis::run_sensitivity(m, o);
    } catch (const InputError& e) {
      INFO(e.formatted());
      return e.code() + " | " + e.hint();
    }
    return "no error";
  };
  auto o = options(analysis::SensitivityMethod::tornado);
  o.targets = {"y-2O"};
  CHECK(code_of(o) == "unknown-name | did you mean 'y-20'?");
  o = options(analysis::SensitivityMethod::morris);
  o.morris_levels = 5;
  CHECK(code_of(o).rfind("bad-option", 0) == 0);
  o = options(analysis::SensitivityMethod::sobol);
  o.samples = std::int64_t{1} << 30;
  CHECK(code_of(o).rfind("too-large", 0) == 0);
  const auto fixed = model::compile_model(scenario::load_scenario_text(
      "scenario: fixed\nyears: [2023, 2024]\nparameters:\n  k: 4\nindicators:\n  y: { value: \"k\" }\n"
      "targets:\n  - { id: t, indicator: y, year: 2024, at_least: 1 }\n",
      "fixed.yaml"));
  try {
    analysis::run_sensitivity(fixed, options(analysis::SensitivityMethod::sobol));
    FAIL("expected an InputError");
  } catch (const InputError& e) {
    CHECK(e.hint().find("tornado") != std::string::npos);
  }
}

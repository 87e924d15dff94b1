// Target verdicts (analysis/run.hpp, CLI.md "Progress class") against values
// computed by hand: required and projected growth rates, the gap, the
// progress class and ratio (projected and observed basis, compound and linear
// rates), and the status from the probability cut-offs or, without Monte
// Carlo, from the deterministic verdict.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "analysis/run.hpp"
#include "analysis/sweep.hpp"
#include "model/model.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

using namespace goalpath;
using analysis::ProgressClass;
using analysis::Status;

namespace {

constexpr double kRelative = 1e-12;

void check_close(double actual, double expected, const std::string& what) {
  INFO(what << ": actual " << actual << ", expected " << expected << ", relative tolerance " << kRelative);
  if (expected == 0.0) {
    CHECK(std::abs(actual) <= 1e-15);
  } else {
    CHECK(std::abs(actual - expected) <= kRelative * std::abs(expected));
  }
}

// years 2020-2025: five projected years.
//   output      100 * 1.05^t
//   decline     100 * 0.98^t
//   emissions   100 * 0.97^t
//   cumulative  0, 10, 30, 60, 100, 150 (running sum of a path)
//   observed    100 * 1.05^t, history 2018: 90, 2020: 100 (the base), 2022: 112.36 = 100 * 1.06^2
//   older       100 * 1.05^t, history only before the base year
const char* kScenario = R"(scenario: verdicts
years: [2020, 2025]
status: { on_track: 0.9, at_risk: 0.6 }
indicators:
  output: { base: 100, growth: 0.05 }
  decline: { base: 100, growth: -0.02 }
  emissions: { base: 100, growth: -0.03 }
  investment:
    base: 0
    path: {2021: 10, 2022: 20, 2023: 30, 2024: 40, 2025: 50}
  cumulative: { base: 0, change: investment }
  observed:
    growth: 0.05
    history: {2018: 90, 2020: 100, 2022: 112.36}
  older:
    base: 100
    growth: 0.05
    history: {2018: 90, 2019: 95}
targets:
  - { id: achieved, indicator: output, year: 2025, at_least: 90 }
  - { id: on-track, indicator: output, year: 2025, at_least: 125 }
  - { id: acceleration, indicator: output, year: 2025, at_least: 140 }
  - { id: limited, indicator: output, year: 2025, at_least: 200 }
  - { id: deterioration, indicator: decline, year: 2025, at_least: 120 }
  - { id: reduce, indicator: emissions, year: 2025, at_most: 80 }
  - { id: growth-rate, indicator: output, cagr: [2020, 2025], at_least: 0.06 }
  - { id: every, indicator: output, every_year: [2021, 2025], at_least: 104 }
  - { id: running-sum, indicator: cumulative, year: 2025, at_least: 200 }
  - { id: observed-level, indicator: observed, year: 2025, at_least: 150 }
  - { id: observed-achieved, indicator: observed, year: 2025, at_least: 110 }
  - { id: observed-cagr, indicator: observed, cagr: [2020, 2025], at_least: 0.07 }
  - { id: older-level, indicator: older, year: 2025, at_least: 150 }
  - { id: every-binding, indicator: decline, every_year: [2022, 2025], at_least: 110 }
  - { id: every-at-most, indicator: output, every_year: [2022, 2025], at_most: 90 }
)";

struct Fixture {
  model::Model model = model::compile_model(scenario::load_scenario_text(kScenario, "verdicts.yaml"));
  sim::DeterministicOutcome deterministic = sim::run_deterministic(model);
  analysis::RunResult result = analysis::analyse_run(model, deterministic, nullptr, analysis::RunSettings{});

  const analysis::TargetResult& target(const std::string& id) const {
    for (const auto& t : result.targets) {
      if (t.id == id) return t;
    }
    FAIL("no target " << id);
    throw std::logic_error("unreachable");
  }
};

const double kOutput2025 = 100 * std::pow(1.05, 5);  // 127.62815625

}  // namespace

TEST_CASE("classify_progress: the Eurostat cut-offs") {
  CHECK(analysis::classify_progress(1.3) == ProgressClass::on_track);
  CHECK(analysis::classify_progress(0.95) == ProgressClass::on_track);
  CHECK(analysis::classify_progress(0.9499) == ProgressClass::acceleration_needed);
  CHECK(analysis::classify_progress(0.60) == ProgressClass::acceleration_needed);
  CHECK(analysis::classify_progress(0.5999) == ProgressClass::limited);
  CHECK(analysis::classify_progress(0.0) == ProgressClass::limited);
  CHECK(analysis::classify_progress(-0.0001) == ProgressClass::deterioration);
  CHECK(analysis::classify_progress(std::nan("")) == ProgressClass::unknown);
}

TEST_CASE("status_of: probability cut-offs, boundaries included") {
  CHECK(analysis::status_of(0.8, 0.8, 0.5) == Status::on_track);
  CHECK(analysis::status_of(0.7999, 0.8, 0.5) == Status::at_risk);
  CHECK(analysis::status_of(0.5, 0.8, 0.5) == Status::at_risk);
  CHECK(analysis::status_of(0.4999, 0.8, 0.5) == Status::off_track);
  CHECK(analysis::status_of(std::nan(""), 0.8, 0.5) == Status::off_track);
  CHECK(std::string(analysis::to_string(Status::at_risk)) == "at_risk");
  CHECK(std::string(analysis::to_string(ProgressClass::acceleration_needed)) == "acceleration_needed");
}

TEST_CASE("level target, compound rates: required_cagr, projected_cagr, gap, class") {
  Fixture f;
  struct Case {
    const char* id;
    double threshold;
    ProgressClass expected;
  };
  for (const Case& c : {Case{"on-track", 125, ProgressClass::on_track}, Case{"acceleration", 140, ProgressClass::acceleration_needed},
                        Case{"limited", 200, ProgressClass::limited}}) {
    CAPTURE(c.id);
    const auto& t = f.target(c.id);
    const double required = std::pow(c.threshold / 100, 1.0 / 5) - 1;
    check_close(t.deterministic_value, kOutput2025, "value");
    check_close(t.required_cagr, required, "required_cagr");
    check_close(t.projected_cagr, 0.05, "projected_cagr");
    check_close(t.gap, kOutput2025 - c.threshold, "gap");
    CHECK(t.progress.basis == "projected");
    CHECK(t.progress.rates == "compound");
    check_close(t.progress.required_rate, required, "progress.required_rate");
    check_close(t.progress.actual_rate, 0.05, "progress.actual_rate");
    check_close(t.progress.ratio, 0.05 / required, "progress.ratio");
    CHECK(t.progress.progress_class == c.expected);
    CHECK(t.deterministic_met == (kOutput2025 >= c.threshold));
    // Without Monte Carlo the status is the deterministic verdict.
    CHECK(t.status == (t.deterministic_met ? Status::on_track : Status::off_track));
    CHECK_FALSE(t.probability.has_value());
  }
  // Ratio values by hand: 0.05 / (1.25^0.2 - 1) = 1.0955..., 0.05 / (1.4^0.2 - 1) = 0.7183..., 0.05 / (2^0.2 - 1) = 0.3363...
  CHECK(f.target("on-track").progress.ratio == doctest::Approx(1.09554).epsilon(1e-4));
  CHECK(f.target("acceleration").progress.ratio == doctest::Approx(0.71829).epsilon(1e-4));
  CHECK(f.target("limited").progress.ratio == doctest::Approx(0.33625).epsilon(1e-4));
}

TEST_CASE("achieved: the base-year value already meets the target") {
  Fixture f;
  const auto& t = f.target("achieved");
  CHECK(t.progress.progress_class == ProgressClass::achieved);
  CHECK(std::isnan(t.progress.ratio));
  CHECK(t.deterministic_met);
  CHECK(t.status == Status::on_track);
  check_close(t.required_cagr, std::pow(0.9, 0.2) - 1, "required_cagr");
  check_close(t.gap, kOutput2025 - 90, "gap");
}

TEST_CASE("deterioration: moving away from the target") {
  Fixture f;
  const auto& t = f.target("deterioration");
  const double required = std::pow(1.2, 0.2) - 1;
  check_close(t.deterministic_value, 100 * std::pow(0.98, 5), "value");
  check_close(t.progress.actual_rate, -0.02, "actual_rate");
  check_close(t.progress.ratio, -0.02 / required, "ratio");
  CHECK(t.progress.progress_class == ProgressClass::deterioration);
  CHECK(t.status == Status::off_track);
}

TEST_CASE("at_most target: both rates negative, the ratio positive") {
  Fixture f;
  const auto& t = f.target("reduce");
  const double required = std::pow(0.8, 0.2) - 1;  // -0.04365
  CHECK(t.ask.bound == analysis::Bound::at_most);
  CHECK(std::string(t.ask.op()) == "<=");
  check_close(t.deterministic_value, 100 * std::pow(0.97, 5), "value");
  check_close(t.required_cagr, required, "required_cagr");
  check_close(t.projected_cagr, -0.03, "projected_cagr");
  check_close(t.gap, 100 * std::pow(0.97, 5) - 80, "gap");
  check_close(t.progress.ratio, -0.03 / required, "ratio");  // 0.6878
  CHECK(t.progress.progress_class == ProgressClass::acceleration_needed);
  CHECK_FALSE(t.deterministic_met);
}

TEST_CASE("cagr target: required is the threshold, projected the measured rate") {
  Fixture f;
  const auto& t = f.target("growth-rate");
  CHECK(t.ask.kind == scenario::TargetKind::cagr);
  check_close(t.deterministic_value, 0.05, "value");
  check_close(t.required_cagr, 0.06, "required_cagr");
  check_close(t.projected_cagr, 0.05, "projected_cagr");
  check_close(t.gap, 0.05 - 0.06, "gap");
  check_close(t.progress.ratio, 0.05 / 0.06, "ratio");
  CHECK(t.progress.progress_class == ProgressClass::acceleration_needed);
  CHECK(t.progress.basis == "projected");
}

TEST_CASE("every_year target: rates to the worst year") {
  Fixture f;
  const auto& t = f.target("every");
  CHECK(t.deterministic_worst_year == 2021);
  check_close(t.deterministic_value, 105, "value");
  CHECK(t.deterministic_met);
  check_close(t.required_cagr, 0.04, "required_cagr (104 / 100 over one year)");
  check_close(t.projected_cagr, 0.05, "projected_cagr");
  check_close(t.progress.ratio, 1.25, "ratio");
  CHECK(t.progress.progress_class == ProgressClass::on_track);
  CHECK(t.ask.years() == std::vector<int>{2021, 2025});
}

TEST_CASE("every_year target: need/yr is the rate that meets the bound in every year (the binding year)") {
  Fixture f;
  // decline = 100 * 0.98^t; >= 110 in 2022..2025 needs 1.1^(1/n) - 1 for n = 2..5
  // years from 2020. The largest is n = 2: sqrt(1.1) - 1 = 0.0488088...; the
  // last year alone would need 1.1^(1/5) - 1 = 0.0192, the worst (smallest)
  // year is 2025.
  const auto& t = f.target("every-binding");
  CHECK(t.deterministic_worst_year == 2025);
  CHECK(t.required_year == 2022);
  check_close(t.required_cagr, std::sqrt(1.1) - 1, "required_cagr to the binding year 2022");
  check_close(t.projected_cagr, -0.02, "projected_cagr to 2022");
  check_close(t.progress.required_rate, std::sqrt(1.1) - 1, "progress.required_rate");
  CHECK(t.progress.progress_class == ProgressClass::deterioration);
  // A constant rate just above need/yr meets every year of the window; just
  // below it misses 2022.
  for (int n = 2; n <= 5; ++n) CHECK(100 * std::pow(1 + t.required_cagr + 1e-9, n) >= 110);
  CHECK(100 * std::pow(1 + t.required_cagr - 1e-9, 2) < 110);
  // <= 90 from 100: the most negative of 0.9^(1/n) - 1, again n = 2.
  const auto& m = f.target("every-at-most");
  CHECK(m.required_year == 2022);
  check_close(m.required_cagr, std::sqrt(0.9) - 1, "required_cagr, at_most");
  // A level target's rates run to its year.
  CHECK(f.target("on-track").required_year == 2025);
}

TEST_CASE("threshold warnings: a percentage on a share, a cagr typed as a percentage, a threshold no path reaches") {
  auto model = model::compile_model(scenario::load_scenario_text(R"(scenario: units
years: [2023, 2027]
indicators:
  sei_share: { base: 0.45, growth: 0.02, unit: share }
  output: { base: 40000, growth: 0.04, unit: 亿元 }
targets:
  - { id: share-typed-as-percent, indicator: sei_share, year: 2027, at_least: 50 }
  - { id: share-ok, indicator: sei_share, year: 2027, at_least: 0.5 }
  - { id: cagr-typed-as-percent, indicator: output, cagr: [2023, 2027], at_least: 5 }
  - { id: far-away, indicator: output, year: 2027, at_least: 5000000 }
  - { id: hard-but-plausible, indicator: output, year: 2027, at_least: 50000 }
)", "units.yaml"));
  const auto det = sim::run_deterministic(model);
  const auto warnings = analysis::threshold_warnings(model, det, nullptr);
  INFO([&] { std::string all; for (const auto& w : warnings) all += w + "\n"; return all; }());
  REQUIRE(warnings.size() == 3);
  CHECK(warnings[0].find("target 'share-typed-as-percent' (indicator 'sei_share')") == 0);
  CHECK(warnings[0].find("the threshold 50 is above 1 on a 'share'") != std::string::npos);
  CHECK(warnings[0].find("did you mean 0.5?") != std::string::npos);
  CHECK(warnings[1].find("target 'cagr-typed-as-percent'") == 0);
  CHECK(warnings[1].find("500% a year") != std::string::npos);
  CHECK(warnings[2].find("target 'far-away'") == 0);
  // 40000 * 1.04^4 = 46794.34 is the only value in the projection.
  CHECK(warnings[2].find("far outside every value it takes in the projection (46794.3 to 46794.3)") != std::string::npos);
  CHECK(warnings[2].find("(亿元)") != std::string::npos);
  // The run result carries them.
  CHECK(analysis::analyse_run(model, det, nullptr, analysis::RunSettings{}).warnings == warnings);
}

TEST_CASE("linear rates for a running sum from 0") {
  Fixture f;
  const auto& t = f.target("running-sum");
  check_close(t.deterministic_value, 150, "value");
  CHECK(std::isnan(t.required_cagr));  // no compound rate from a level of 0
  CHECK(std::isnan(t.projected_cagr));
  check_close(t.gap, -50, "gap");
  CHECK(t.progress.rates == "linear");
  check_close(t.progress.required_rate, 200.0 / 5, "required_rate per year");
  check_close(t.progress.actual_rate, 150.0 / 5, "actual_rate per year");
  check_close(t.progress.ratio, 0.75, "ratio");
  CHECK(t.progress.progress_class == ProgressClass::acceleration_needed);
}

TEST_CASE("observed basis: history after the base year gives the actual rate") {
  Fixture f;
  const auto& level = f.target("observed-level");
  CHECK(level.progress.basis == "observed");
  check_close(level.progress.actual_rate, 0.06, "observed rate 2020-2022 ((112.36 / 100)^(1/2) - 1)");
  check_close(level.progress.required_rate, std::pow(1.5, 0.2) - 1, "required_rate");
  check_close(level.progress.ratio, 0.06 / (std::pow(1.5, 0.2) - 1), "ratio");
  CHECK(level.progress.progress_class == ProgressClass::acceleration_needed);
  // The projection alone would say `limited` (0.05 / 0.0845 = 0.59).
  check_close(level.projected_cagr, 0.05, "projected_cagr");

  const auto& achieved = f.target("observed-achieved");
  CHECK(achieved.progress.basis == "observed");
  CHECK(achieved.progress.progress_class == ProgressClass::achieved);

  const auto& cagr = f.target("observed-cagr");
  CHECK(cagr.progress.basis == "observed");
  check_close(cagr.progress.actual_rate, 0.06, "observed rate");
  check_close(cagr.progress.required_rate, 0.07, "required_rate");
  check_close(cagr.progress.ratio, 0.06 / 0.07, "ratio");
  CHECK(cagr.progress.progress_class == ProgressClass::acceleration_needed);

  // History only up to the base year: the projection is the basis.
  const auto& older = f.target("older-level");
  CHECK(older.progress.basis == "projected");
  check_close(older.progress.ratio, 0.05 / (std::pow(1.5, 0.2) - 1), "ratio");
  CHECK(older.progress.progress_class == ProgressClass::limited);
}

TEST_CASE("status from the Monte Carlo probability and the scenario's cut-offs (0.9 / 0.6)") {
  Fixture f;
  const std::size_t T = f.model.targets.size();
  const std::size_t cells = static_cast<std::size_t>(f.model.year_count()) * f.model.indicators.size();
  sim::MonteCarloOutcome mc;
  mc.paths = 1000;
  mc.target_finite.assign(T, 1000);
  mc.target_met.assign(T, 0);
  mc.targets.assign(T, sim::Quantiles{});
  mc.indicators.assign(cells, sim::Quantiles{});
  mc.sign_flips.assign(cells, 0);
  mc.joint_met = 400;
  mc.joint_finite = 1000;
  auto index = [&](const char* id) { return static_cast<std::size_t>(f.model.find_target(id)); };
  mc.target_met[index("on-track")] = 900;      // 0.9   -> on_track (boundary)
  mc.target_met[index("acceleration")] = 899;  // 0.899 -> at_risk
  mc.target_met[index("limited")] = 600;       // 0.6   -> at_risk (boundary)
  mc.target_met[index("achieved")] = 599;      // 0.599 -> off_track
  mc.target_finite[index("reduce")] = 800;     // 200 paths not finite
  mc.target_met[index("reduce")] = 720;        // 720 / 800 = 0.9 -> on_track
  mc.target_finite[index("every")] = 0;        // nothing finite: no probability
  analysis::RunResult r = analysis::analyse_run(f.model, f.deterministic, &mc, analysis::RunSettings{});
  auto find = [&](const char* id) -> const analysis::TargetResult& { return r.targets[index(id)]; };

  struct Case {
    const char* id;
    double p;
    double n;
    Status status;
  };
  for (const Case& c : {Case{"on-track", 0.9, 1000, Status::on_track}, Case{"acceleration", 0.899, 1000, Status::at_risk},
                        Case{"limited", 0.6, 1000, Status::at_risk}, Case{"achieved", 0.599, 1000, Status::off_track},
                        Case{"reduce", 0.9, 800, Status::on_track}}) {
    CAPTURE(c.id);
    const auto& t = find(c.id);
    REQUIRE(t.probability.has_value());
    check_close(*t.probability, c.p, "probability");
    check_close(*t.probability_se, std::sqrt(c.p * (1 - c.p) / c.n), "probability_se");
    CHECK(t.status == c.status);
  }
  CHECK(std::isnan(*find("every").probability));
  CHECK(find("every").status == Status::off_track);
  REQUIRE(r.joint_probability.has_value());
  check_close(*r.joint_probability, 0.4, "joint");
  check_close(*r.joint_probability_se, std::sqrt(0.4 * 0.6 / 1000), "joint se");
  CHECK(r.on_track == 0.9);
  CHECK(r.at_risk == 0.6);
  // The deterministic verdict does not change with Monte Carlo.
  CHECK(find("achieved").deterministic_met);
}

TEST_CASE("one rule for met: +inf meets an at-least bound everywhere, NaN is never counted") {
  // y is +inf (exp of a huge number) in the deterministic projection and on
  // every path; z is NaN (log of a negative number). The deterministic
  // verdict, the Monte Carlo count and the sweep cell must agree: a value of
  // +inf meets `at_least` (an ordered value like any large number), NaN
  // neither meets nor misses.
  const model::Model m = model::compile_model(scenario::load_scenario_text(R"Y(scenario: one-rule
years: [2020, 2021]
parameters:
  g: { value: 1000, uncertainty: { dist: normal, sd: 1 } }
indicators:
  y: { value: "exp(g)" }
  z: { value: "log(-g)" }
targets:
  - { id: big, indicator: y, year: 2021, at_least: 5 }
  - { id: small, indicator: y, year: 2021, at_most: 5 }
  - { id: undefined, indicator: z, year: 2021, at_least: 0 }
)Y", "one-rule.yaml"));
  const sim::DeterministicOutcome det = sim::run_deterministic(m);
  REQUIRE(std::isinf(det.targets[0]));
  REQUIRE(std::isnan(det.targets[2]));
  sim::SimulationOptions o;
  o.paths = 500;
  o.threads = 1;
  const sim::MonteCarloOutcome mc = sim::run_monte_carlo(m, o);
  const analysis::RunResult r = analysis::analyse_run(m, det, &mc, analysis::RunSettings{});
  CHECK(r.targets[0].deterministic_met);
  CHECK(*r.targets[0].probability == 1.0);
  CHECK_FALSE(r.targets[1].deterministic_met);
  CHECK(*r.targets[1].probability == 0.0);
  CHECK_FALSE(r.targets[2].deterministic_met);
  CHECK(mc.target_finite[2] == 0);  // NaN paths are not counted
  CHECK(std::isnan(analysis::metric_output(m.targets[2], det.targets[2], analysis::Metric::met)));
  CHECK(analysis::metric_output(m.targets[0], det.targets[0], analysis::Metric::met) == 1.0);
}

// libFuzzer target: a scenario file as `goalpath run` simulates it (issue 14,
// item 17). Every scenario the loader accepts (scenario_fuzz.cpp covers the
// refusals) is projected deterministically and simulated with a small Monte
// Carlo (kPaths paths in two blocks) through the driver `run` uses
// (sim::run_monte_carlo), and the verdicts are formed as `run` forms them
// (analysis::analyse_run). Then it checks what a report promises:
//
//  - every count adds up: per target and indicator-year, finite + non-finite
//    values = paths, and NaN values <= non-finite values;
//  - a probability is a number in [0, 1], NaN only when every path is NaN,
//    and lies between its bounds with the NaN paths counted as failed and as
//    met (probability_if_nan_failed <= P <= probability_if_nan_met);
//  - quantiles are ordered (min <= p05 <= ... <= p95 <= max), NaN only when
//    every path is NaN, ±inf only where a path is ±inf;
//  - each target's quantiles are the order statistics of the same paths
//    (Hyndman & Fan type 1), computed here independently: every path
//    evaluated with sim::Evaluator, the values sorted;
//  - the same run with one block of kPaths paths gives the same bits.
//
// A violated promise aborts with a message (a finding); so does any exception
// other than goalpath::InputError, a crash or a sanitizer report.
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "analysis/run.hpp"
#include "common/error.hpp"
#include "model/model.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

namespace {

const std::string kInputFile = std::string(GOALPATH_FUZZ_EXTENDS_DIR) + "/fuzz-input.yaml";
constexpr std::int64_t kPaths = 300;

/// As scenario_fuzz: the CLI's limits but 200 parameters and shocks (the
/// copula's factor is O(n^3)), and fewer indicators and years, so that a
/// simulation stays well inside -timeout under ASan.
goalpath::scenario::LoadLimits fuzz_limits() {
  goalpath::scenario::LoadLimits limits;
  limits.max_parameters = 200;
  limits.max_shocks = 200;
  return limits;
}
const goalpath::scenario::LoadLimits kLimits = fuzz_limits();

[[noreturn]] void finding(const std::string& what) {
  std::fprintf(stderr, "sim_fuzz: %s\n", what.c_str());
  std::abort();
}

bool same_bits(double a, double b) { return (std::isnan(a) && std::isnan(b)) || std::memcmp(&a, &b, sizeof a) == 0; }
/// Equal as numbers: -0 and +0 are one value (std::sort may put either
/// first), NaN equals NaN. The engine reports every zero as +0 (checked apart).
bool same_value(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

void check_quantiles(const goalpath::sim::Quantiles& q, std::int64_t paths, const std::string& where) {
  if (q.finite + q.nonfinite != paths || q.nan > q.nonfinite || q.finite < 0 || q.nan < 0)
    finding(where + ": counts do not add up to the paths");
  const double ordered[] = {q.min, q.p05, q.p10, q.p25, q.p50, q.p75, q.p90, q.p95, q.max};
  const bool all_nan = q.nan == paths;
  for (std::size_t k = 0; k < std::size(ordered); ++k) {
    if (std::isnan(ordered[k]) != all_nan) finding(where + ": a quantile is NaN where some path is a number, or not NaN where none is");
    if (std::isinf(ordered[k]) && q.nonfinite == q.nan) finding(where + ": an infinite quantile with no infinite path");
    if (k > 0 && ordered[k - 1] > ordered[k]) finding(where + ": quantiles out of order");
  }
}

void check_probability(const goalpath::analysis::TargetResult& t, std::int64_t paths) {
  const double p = t.probability.value_or(-1);
  const bool all_nan = t.nan == paths;
  if (std::isnan(p) != all_nan) finding("target " + t.id + ": probability NaN where some path is a number, or a number where none is");
  if (!all_nan && !(p >= 0 && p <= 1)) finding("target " + t.id + ": probability outside [0, 1]");
  if ((t.nan > 0 && !all_nan) != (t.probability_if_nan_met.has_value() && t.probability_if_nan_failed.has_value()))
    finding("target " + t.id + ": NaN paths without the bounds of P, or bounds without NaN paths");
  if (t.nan > 0 && !all_nan && !(*t.probability_if_nan_failed <= p && p <= *t.probability_if_nan_met))
    finding("target " + t.id + ": P outside its bounds with the NaN paths failed and met");
}

/// Every target's values over the run's paths, evaluated block by block as
/// the driver does, then its type-1 quantiles from the sorted values.
void check_order_statistics(const goalpath::model::Model& model, const goalpath::sim::SimulationOptions& options,
                            const goalpath::sim::MonteCarloOutcome& mc) {
  goalpath::sim::Evaluator evaluator(model);
  const auto T = static_cast<Eigen::Index>(model.targets.size());
  std::vector<std::vector<double>> values(static_cast<std::size_t>(T));
  goalpath::sim::BlockResult block;
  goalpath::sim::Workspace ws;
  Eigen::ArrayXXd parameters;
  for (std::int64_t first = 0; first < options.paths; first += options.block_size) {
    const auto rows = static_cast<Eigen::Index>(std::min<std::int64_t>(options.block_size, options.paths - first));
    evaluator.draw_parameters(options.seed, first, rows, parameters);
    evaluator.run(parameters, true, options.seed, first, block, ws);
    for (Eigen::Index t = 0; t < T; ++t) {
      for (Eigen::Index r = 0; r < rows; ++r) {
        if (!std::isnan(block.targets(r, t))) values[static_cast<std::size_t>(t)].push_back(block.targets(r, t));
      }
    }
  }
  for (Eigen::Index t = 0; t < T; ++t) {
    auto& v = values[static_cast<std::size_t>(t)];
    if (v.empty()) continue;
    std::sort(v.begin(), v.end());
    const auto n = static_cast<std::int64_t>(v.size());
    const goalpath::sim::Quantiles& q = mc.targets[static_cast<std::size_t>(t)];
    const double got[] = {q.p05, q.p10, q.p25, q.p50, q.p75, q.p90, q.p95};
    const int percents[] = {5, 10, 25, 50, 75, 90, 95};
    for (int k = 0; k < 7; ++k) {
      const std::int64_t rank = std::max<std::int64_t>(1, (percents[k] * n + 99) / 100);
      if (got[k] == 0 && std::signbit(got[k]))
        finding("target " + model.targets[static_cast<std::size_t>(t)].id + ": a quantile reported as -0");
      if (!same_value(got[k], v[static_cast<std::size_t>(rank - 1)]))
        finding("target " + model.targets[static_cast<std::size_t>(t)].id + ": p" + std::to_string(percents[k]) +
                " is not the order statistic of its paths");
    }
    if (!same_value(q.min, v.front()) || !same_value(q.max, v.back())) finding("target min or max is not its paths'");
  }
}

void check_same(const goalpath::sim::MonteCarloOutcome& a, const goalpath::sim::MonteCarloOutcome& b) {
  if (a.target_met != b.target_met || a.target_finite != b.target_finite || a.joint_met != b.joint_met ||
      a.nonfinite_paths != b.nonfinite_paths)
    finding("counts differ between one block and two");
  auto same = [](const goalpath::sim::Quantiles& x, const goalpath::sim::Quantiles& y) {
    return same_bits(x.p05, y.p05) && same_bits(x.p10, y.p10) && same_bits(x.p25, y.p25) && same_bits(x.p50, y.p50) &&
           same_bits(x.p75, y.p75) && same_bits(x.p90, y.p90) && same_bits(x.p95, y.p95) && same_bits(x.min, y.min) &&
           same_bits(x.max, y.max) && x.finite == y.finite && x.nan == y.nan;
  };
  for (std::size_t k = 0; k < a.targets.size(); ++k)
    if (!same(a.targets[k], b.targets[k])) finding("a target's quantiles differ between one block and two");
  for (std::size_t k = 0; k < a.indicators.size(); ++k)
    if (!same(a.indicators[k], b.indicators[k])) finding("an indicator's quantiles differ between one block and two");
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  goalpath::model::Model model;
  try {
    const goalpath::scenario::ScenarioSpec spec = goalpath::scenario::load_scenario_text(text, kInputFile, kLimits);
    model = goalpath::model::compile_model(spec);
  } catch (const goalpath::InputError&) {
    return 0;  // refusals are scenario_fuzz's concern
  }
  // Keep each input well inside -timeout under ASan: a few hundred paths of
  // at most ~20,000 indicator-years.
  if (static_cast<double>(model.indicators.size()) * model.year_count() > 20000) return 0;
  goalpath::sim::SimulationOptions options;
  options.paths = kPaths;
  options.block_size = kPaths / 2;  // two blocks
  options.threads = 1;
  options.histogram_bins = 64;      // few bins: more brackets to narrow, more of the replay exercised
  options.pilot_paths = 64;
  options.seed = 7;
  const goalpath::sim::DeterministicOutcome det = goalpath::sim::run_deterministic(model);
  const goalpath::sim::MonteCarloOutcome mc = goalpath::sim::run_monte_carlo(model, options);
  goalpath::analysis::RunSettings settings;
  settings.paths = kPaths;
  const goalpath::analysis::RunResult result = goalpath::analysis::analyse_run(model, det, &mc, settings);

  for (const auto& t : result.targets) {
    check_probability(t, kPaths);
    if (!t.quantiles) finding("target " + t.id + ": no quantiles in a Monte Carlo run");
    check_quantiles(*t.quantiles, kPaths, "target " + t.id);
  }
  for (std::size_t s = 0; s < mc.indicators.size(); ++s) check_quantiles(mc.indicators[s], kPaths, "indicator-year " + std::to_string(s));
  if (result.joint_probability && !(*result.joint_probability >= 0 && *result.joint_probability <= 1))
    finding("joint probability outside [0, 1]");
  if (mc.nonfinite_paths < 0 || mc.nonfinite_paths > kPaths) finding("non-finite paths outside [0, paths]");
  check_order_statistics(model, options, mc);

  goalpath::sim::SimulationOptions one_block = options;
  one_block.block_size = kPaths;
  check_same(mc, goalpath::sim::run_monte_carlo(model, one_block));
  return 0;
}

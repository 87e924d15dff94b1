// Scenario discovery: Latin hypercube through the copula -> model -> case flags -> PRIM.
#include "analysis/discover.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <stdexcept>

#include "analysis/sensitivity.hpp"
#include "sample/sample.hpp"

namespace goalpath::analysis {

namespace {

// Below this many successes a box's limits follow individual points: PRIM
// needs a few peels' worth (5% of the box each) of successes to say anything.
constexpr std::int64_t kFewSuccesses = 50;

void append(std::string& warning, const std::string& sentence) {
  if (sentence.empty()) return;
  if (!warning.empty()) warning += "; ";
  warning += sentence;
}

/// Parameter rows (n x P) for the hypercube u (D x n): every parameter at
/// its value, the uncertain ones (`columns`) from the correlated normals
/// L·Φ⁻¹(u) through their marginals, L the factor of their correlation.
Eigen::ArrayXXd parameters_through_copula(const model::Model& model, const std::vector<int>& columns,
                                          const Eigen::MatrixXd& u) {
  const auto factor = sample::correlation_factor(copula_correlation(model, columns));
  if (!factor) throw std::logic_error("discover: the compiled model's correlation is not positive semi-definite");
  Eigen::MatrixXd z(u.rows(), u.cols());
  sample::inverse_normal_cdf({u.data(), static_cast<std::size_t>(u.size())}, {z.data(), static_cast<std::size_t>(z.size())});
  return parameters_from_normals(model, columns, *factor * z);
}

DiscoverBox box_of(const PrimBox& b, const DiscoverResult& r) {
  DiscoverBox out{b.lower, b.upper, {}, b.coverage, b.density, b.mass};
  for (std::size_t i = 0; i < b.lower.size(); ++i) {
    out.restricted.push_back(b.lower[i] > r.range_low[i] || b.upper[i] < r.range_high[i]);
  }
  return out;
}

}  // namespace

DiscoverResult run_discover(const model::Model& model, const DiscoverOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<int> targets;
  if (o.target == "all") {
    for (std::size_t t = 0; t < model.targets.size(); ++t) targets.push_back(static_cast<int>(t));
  } else {
    targets.push_back(require_target(model, o.target, {option_ref("target") + " " + o.target}));
  }
  if (targets.empty()) throw InputError({"goalpath discover"}, "bad-option", "the scenario has no targets to meet");
  if (o.samples < 100 || o.samples > 10000000) {
    throw InputError({option_ref("samples") + " " + std::to_string(o.samples)}, "bad-option",
                     "discover needs between 100 and 10000000 samples",
                     "10000 (the default) is plenty for a dozen parameters");
  }
  const std::vector<int> uncertain = uncertain_parameters(model);
  if (uncertain.empty()) {
    throw InputError({"goalpath discover"}, "bad-option", "the scenario has no uncertain parameter to explore",
                     "give parameters an `uncertainty:`; discover looks for the ranges of those that lead to success");
  }

  DiscoverResult r;
  r.info.scenario_id = model.id;
  r.info.title = model.title;
  r.info.language = model.language;
  r.info.seed = o.simulation.seed;
  r.info.threads = o.simulation.resolved_threads();
  r.info.processes = o.simulation.processes();
  r.target = o.target;
  r.samples = o.samples;
  r.with_shocks = o.with_shocks;
  r.failure = o.failure;
  for (int t : targets) r.target_ids.push_back(model.targets[static_cast<std::size_t>(t)].id);
  const auto D = static_cast<Eigen::Index>(uncertain.size());
  for (int p : uncertain) r.parameters.push_back(model.parameters[static_cast<std::size_t>(p)].name);

  // Ctrl-C between the phases (each a second or more at 10^7 samples);
  // the evaluation and the peeling poll it themselves.
  auto poll_cancel = [&o] {
    if (o.simulation.cancel && o.simulation.cancel->load()) throw sim::Cancelled();
  };
  const Eigen::MatrixXd u = sample::latin_hypercube(static_cast<int>(D), o.samples, o.simulation.seed);
  poll_cancel();
  const Eigen::ArrayXXd rows = parameters_through_copula(model, uncertain, u);
  poll_cancel();
  const Eigen::ArrayXXd measured = evaluate_rows(model, rows, o.with_shocks, o.samples, o.simulation);
  poll_cancel();

  // Points whose value is not a number are left out (never counted as misses).
  std::vector<Eigen::Index> kept;
  std::vector<double> flags;
  for (Eigen::Index j = 0; j < measured.rows(); ++j) {
    bool counts = true, met = true;
    for (int t : targets) {
      const double v = measured(j, t);
      counts = counts && model::Target::counts(v);
      met = met && model.targets[static_cast<std::size_t>(t)].met(v);
    }
    if (!counts) continue;
    kept.push_back(j);
    flags.push_back(met != o.failure ? 1.0 : 0.0);  // 1: the outcome sought
  }
  r.points = static_cast<std::int64_t>(kept.size());
  if (r.points < o.samples) {
    append(r.warning, fmt::format("{} of {} points gave a value that is not a number and were left out",
                                  o.samples - r.points, o.samples));
  }
  Eigen::MatrixXd x(D, r.points);
  Eigen::VectorXd success(r.points);
  for (std::size_t k = 0; k < kept.size(); ++k) {
    for (Eigen::Index i = 0; i < D; ++i) x(i, static_cast<Eigen::Index>(k)) = rows(kept[k], uncertain[static_cast<std::size_t>(i)]);
    success(static_cast<Eigen::Index>(k)) = flags[k];
  }
  for (Eigen::Index i = 0; i < D; ++i) {
    r.range_low.push_back(r.points ? x.row(i).minCoeff() : 0.0);
    r.range_high.push_back(r.points ? x.row(i).maxCoeff() : 0.0);
  }
  r.cases = static_cast<std::int64_t>(success.sum());
  r.successes = o.failure ? r.points - r.cases : r.cases;
  r.base_density = r.points ? static_cast<double>(r.cases) / static_cast<double>(r.points) : 0.0;

  const char* verb = o.failure ? "fail" : "succeed";
  if (r.cases == 0) {
    append(r.warning, o.failure ? "every point meets the target, so there is no failure to locate: no combination of "
                                  "the assumptions in their ranges fails"
                                : "no point meets the target, so there is no box to find: no combination of the "
                                  "assumptions in their ranges succeeds");
  } else if (r.cases < kFewSuccesses) {
    append(r.warning, fmt::format("only {} points {}: a box drawn around so few is not to be trusted; use more "
                                  "--samples",
                                  r.cases, verb));
  } else if (r.cases == r.points) {
    append(r.warning, o.failure ? "no point meets the target: failure does not depend on these assumptions in their ranges"
                                : "every point meets the target: success does not depend on these assumptions in their "
                                  "ranges");
  }
  if (r.cases > 0 && r.points >= 2) {
    PrimOptions prim_options = o.prim;
    prim_options.cancel = o.simulation.cancel;
    const PrimResult prim_result = prim(x, success, prim_options);
    for (const auto& b : prim_result.trajectory) r.trajectory.push_back(box_of(b, r));
    r.chosen = prim_result.chosen;
    r.boxes.push_back(r.trajectory[static_cast<std::size_t>(r.chosen)]);
  }
  r.info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return r;
}

}  // namespace goalpath::analysis

// Sweeps (the pieces every design-point study shares are in study.cpp).
//
// How a sweep point is simulated: the scenario's model with the point's
// settings applied (model::apply_settings: "set" moves the swept parameters'
// centres, "fix" fixes them and conditions the correlated ones), run by
// sim::run_monte_carlo with the same seed and paths at every point (common
// random numbers). So a point at the scenario's own values under "set" is
// the scenario itself and gives `goalpath run`'s probabilities to the last
// digit, and memory does not grow with the number of paths.
#include "analysis/sweep.hpp"

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <set>
#include <stdexcept>

#include "common/memory.hpp"
#include "model/setting.hpp"
#include "sim/draw_cache.hpp"

namespace goalpath::analysis {

std::vector<SweepAxis> sweep_axes(const model::Model& model, const std::string& id) {
  std::vector<std::string> ids;
  for (const auto& sweep : model.spec.sweeps) {
    if (sweep.id != id) {
      ids.push_back(sweep.id);
      continue;
    }
    std::vector<SweepAxis> axes;
    for (const auto& axis : sweep.axes) axes.push_back({axis.name, axis.values, axis.pos});
    return axes;
  }
  if (ids.empty()) {
    throw InputError({option_ref("sweeps") + " " + id}, "unknown-name", "the scenario defines no sweeps",
                     "give the axes with " + option_ref("grid") + " NAME=FROM:TO:STEP or " + option_ref("grid") + " NAME=v1,v2,...");
  }
  throw InputError({option_ref("sweeps") + " " + id}, "unknown-name", "the scenario has no sweep '" + id + "'", did_you_mean(id, ids));
}

namespace {

/// A whole string as a finite double, or nothing.
std::optional<double> number(const std::string& text) {
  if (text.empty()) return std::nullopt;
  const char* begin = text.c_str();
  char* end = nullptr;
  errno = 0;
  const double value = std::strtod(begin, &end);
  if (end != begin + text.size() || errno == ERANGE || !std::isfinite(value)) return std::nullopt;
  return value;
}

std::vector<std::string> split(const std::string& text, char separator) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  for (std::size_t end; (end = text.find(separator, at)) != std::string::npos; at = end + 1) {
    parts.push_back(text.substr(at, end - at));
  }
  parts.push_back(text.substr(at));
  return parts;
}

/// from + k·step carries the step's binary rounding (0.02 + 3 · 0.005 =
/// 0.034999999999999996); 15 significant digits give back the decimal the
/// planner meant, and change nothing a person could have typed.
double tidy(double x) { return std::strtod(fmt::format("{:.15g}", x).c_str(), nullptr); }

}  // namespace

SweepAxis parse_grid(const std::string& argument) {
  const SourcePos at{option_ref("grid") + " " + argument};
  const std::string example = "e.g. " + option_ref("grid") + " output_growth=0.02:0.08:0.005 or " + option_ref("grid") + " output_growth=0.03,0.05,0.07";
  const auto eq = argument.find('=');
  if (eq == std::string::npos || eq == 0) throw InputError(at, "bad-option", option_ref("grid") + " takes NAME=FROM:TO:STEP or NAME=v1,v2,...", example);
  SweepAxis axis;
  axis.name = argument.substr(0, eq);
  axis.pos = at;
  const std::string spec = argument.substr(eq + 1);
  if (spec.find(':') != std::string::npos) {
    const auto parts = split(spec, ':');
    std::optional<double> from, to, step;
    if (parts.size() == 3) {
      from = number(parts[0]);
      to = number(parts[1]);
      step = number(parts[2]);
    }
    if (!from || !to || !step) throw InputError(at, "bad-option", "'" + spec + "' is not FROM:TO:STEP (three numbers)", example);
    if (!(*step > 0) || *to < *from) throw InputError(at, "bad-option", "FROM:TO:STEP needs FROM <= TO and STEP > 0", example);
    // The scenario file's rule for {from, to, step}: TO is included when within rounding.
    const double count = std::floor((*to - *from) / *step + 1e-9) + 1;
    if (count > 10000) {
      throw InputError(at, "too-large", fmt::format("the axis has {:.0f} points", count),
                       "use at most 10000 points per axis (a larger step)");
    }
    for (int k = 0; k < static_cast<int>(count); ++k) axis.values.push_back(*from + k * *step);
  } else {
    for (const auto& part : split(spec, ',')) {
      auto v = number(part);
      if (!v) throw InputError(at, "bad-option", "'" + part + "' is not a number", example);
      axis.values.push_back(*v);
    }
  }
  return axis;
}

SweepResult run_sweep(const model::Model& model, std::vector<SweepAxis> axes, const SweepOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  if (axes.empty()) {
    throw InputError({"goalpath sweep"}, "bad-option", "nothing to sweep",
                     "give " + option_ref("sweeps") + " ID (a sweep of the scenario) or " + option_ref("grid") + " NAME=FROM:TO:STEP");
  }
  std::set<std::string> seen;
  std::int64_t total = 1;
  for (auto& axis : axes) {
    axis.scenario_value = model.parameters[static_cast<std::size_t>(require_parameter(model, axis.name, axis.pos))].value;
    if (!seen.insert(axis.name).second) {
      throw InputError(axis.pos, "duplicate-id", "'" + axis.name + "' is on two axes of the sweep",
                       "give each parameter one axis (list all its values there)");
    }
    if (axis.values.empty()) throw InputError(axis.pos, "bad-value", "the axis '" + axis.name + "' has no values");
    for (double& v : axis.values) {
      if (!std::isfinite(v)) throw InputError(axis.pos, "bad-value", "the axis '" + axis.name + "' has a value that is not finite");
      v = tidy(v);
    }
    total *= static_cast<std::int64_t>(axis.values.size());
    if (total > kMaxSweepPoints) {
      std::string sizes;
      for (const auto& a : axes) sizes += (sizes.empty() ? "" : " x ") + std::to_string(a.values.size());
      throw InputError(axes.front().pos, "too-large",
                       fmt::format("the sweep has more than {} points ({})", kMaxSweepPoints, sizes),
                       "sweep a coarse grid first (a larger step, fewer values), then a finer one where it matters");
    }
  }

  SweepResult result;
  result.info.scenario_id = model.id;
  result.info.title = model.title;
  result.info.language = model.language;
  result.info.seed = options.simulation.seed;
  result.info.threads = options.simulation.resolved_threads();
  result.info.processes = options.simulation.processes();
  auto finish = [&result, start]() {
    result.info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return std::move(result);
  };
  result.axes = axes;
  result.deterministic = options.deterministic;
  result.mode = options.mode;
  result.paths = options.deterministic ? 0 : options.simulation.paths;
  for (const auto& t : model.targets) {
    const std::string unit = t.kind == scenario::TargetKind::cagr ? "" : t.unit;  // a cagr's value is a rate
    result.targets.push_back({t.id, t.label, unit, TargetAsk::of(t)});
  }
  const auto A = static_cast<Eigen::Index>(axes.size());
  const auto T = static_cast<Eigen::Index>(model.targets.size());
  const auto G = static_cast<Eigen::Index>(total);

  // The grid, last axis fastest, as the swept columns of G parameter rows.
  Eigen::ArrayXXd grid(G, A);
  for (Eigen::Index k = 0; k < G; ++k) {
    std::int64_t rest = k;
    for (Eigen::Index a = A - 1; a >= 0; --a) {
      const auto size = static_cast<std::int64_t>(axes[static_cast<std::size_t>(a)].values.size());
      grid(k, a) = axes[static_cast<std::size_t>(a)].values[static_cast<std::size_t>(rest % size)];
      rest /= size;
    }
  }

  // Deterministic values: every point's central parameters (the settings
  // applied; under "fix", correlated parameters at their conditional
  // medians) in one batch, shocks 0.
  auto settings_at = [&](Eigen::Index k) {
    std::vector<model::ParameterSetting> settings;
    for (Eigen::Index a = 0; a < A; ++a) {
      const SweepAxis& axis = axes[static_cast<std::size_t>(a)];
      settings.push_back({axis.name, grid(k, a), options.mode, axis.pos});
    }
    return settings;
  };
  const auto P = static_cast<Eigen::Index>(model.parameters.size());
  Eigen::ArrayXXd central(G, P);
  for (Eigen::Index k = 0; k < G; ++k) central.row(k) = sim::central_parameters(model::apply_settings(model, settings_at(k)));
  sim::SimulationOptions quiet = options.simulation;
  quiet.progress = nullptr;
  const Eigen::ArrayXXd values = sim::evaluate_points(model, central, false, quiet);

  result.points.resize(static_cast<std::size_t>(G));
  for (Eigen::Index k = 0; k < G; ++k) {
    SweepPoint& point = result.points[static_cast<std::size_t>(k)];
    for (Eigen::Index a = 0; a < A; ++a) point.values.push_back(grid(k, a));
    for (Eigen::Index t = 0; t < T; ++t) {
      SweepCell cell;
      cell.value = values(k, t);
      cell.met = model.targets[static_cast<std::size_t>(t)].met(cell.value);
      point.targets.push_back(cell);
    }
  }
  if (options.deterministic) return finish();

  // Monte Carlo: the scenario with the point's settings, the same seed and
  // paths at every point (see the top of this file).
  const sim::SimulationOptions& sim_options = options.simulation;
  sim::SimulationOptions call = sim_options;
  call.quantiles = false;  // the sweep reads counts only
  // Every point draws the same paths: the parameters a point does not move
  // map to their marginals once, not once per point (sim/draw_cache.hpp).
  const sim::DrawCacheScope remember_draws;
  // Each point's run allocates its workers' block arrays afresh and frees
  // them at its end; with glibc's defaults those pages went back to the
  // kernel and faulted in again at the next point, more than half of a
  // 1,000-point sweep's time (bench/RESULTS.md, issue 20).
  keep_freed_memory();
  for (Eigen::Index k = 0; k < G; ++k) {
    if (sim_options.progress) {
      call.progress = [&sim_options, k, G](double f) {
        sim_options.progress((static_cast<double>(k) + f) / static_cast<double>(G));
      };
    }
    const model::Model at_point = model::apply_settings(model, settings_at(k));
    const sim::MonteCarloOutcome mc = sim::run_monte_carlo(at_point, call);
    SweepPoint& point = result.points[static_cast<std::size_t>(k)];
    for (Eigen::Index t = 0; t < T; ++t) {
      const std::int64_t n = mc.target_finite[static_cast<std::size_t>(t)];
      const std::int64_t met = mc.target_met[static_cast<std::size_t>(t)];
      SweepCell& cell = point.targets[static_cast<std::size_t>(t)];
      cell.nonfinite = mc.paths - n;
      if (n > 0) {
        const double p = static_cast<double>(met) / static_cast<double>(n);
        cell.probability = p;
        cell.probability_se = std::sqrt(p * (1 - p) / static_cast<double>(n));
      } else {
        cell.probability = std::nan("");
        cell.probability_se = std::nan("");
      }
    }
  }
  return finish();
}

}  // namespace goalpath::analysis

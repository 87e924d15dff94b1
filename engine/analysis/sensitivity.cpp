// Tornado, Morris, Sobol and Shapley analyses of a scenario (see sensitivity.hpp for
// the choices: which parameters, quantile space, shocks).
#include "analysis/sensitivity.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <functional>
#include <memory>
#include <numeric>
#include <unordered_map>

#include "analysis/methods.hpp"
#include "analysis/run.hpp"
#include "model/setting.hpp"

namespace goalpath::analysis {

const char* to_string(SensitivityMethod method) {
  switch (method) {
    case SensitivityMethod::tornado: return "tornado";
    case SensitivityMethod::morris: return "morris";
    case SensitivityMethod::sobol: return "sobol";
    case SensitivityMethod::shapley: return "shapley";
  }
  return "?";
}

std::optional<SensitivityMethod> sensitivity_method_from_string(const std::string& text) {
  for (auto m : {SensitivityMethod::tornado, SensitivityMethod::morris, SensitivityMethod::sobol,
                 SensitivityMethod::shapley}) {
    if (text == to_string(m)) return m;
  }
  return std::nullopt;
}

std::vector<int> uncertain_parameters(const model::Model& model) {
  std::vector<int> out;
  for (std::size_t p = 0; p < model.parameters.size(); ++p) {
    if (model.parameters[p].uncertain()) out.push_back(static_cast<int>(p));
  }
  return out;
}

Eigen::ArrayXXd parameters_at_quantiles(const model::Model& model, const std::vector<int>& columns,
                                        const Eigen::MatrixXd& q) {
  Eigen::ArrayXXd rows = sim::central_parameters(model).replicate(q.cols(), 1);
  // Marginal::from_uniform prepares the distribution once per column and
  // vectorises the normal's inverse; calling quantile point by point cost
  // more than the model runs of a Sobol design.
  std::vector<double> u(static_cast<std::size_t>(q.cols()));
  for (std::size_t i = 0; i < columns.size(); ++i) {
    const sample::Marginal& m = model.parameters[static_cast<std::size_t>(columns[i])].marginal;
    Eigen::Map<Eigen::RowVectorXd>(u.data(), q.cols()) = q.row(static_cast<Eigen::Index>(i));
    m.from_uniform(u, {&rows(0, columns[i]), u.size()});
  }
  return rows;
}

std::string correlation_warning(const model::Model& model) {
  if (!model.parameters_correlated) return {};
  return "the scenario's correlations between parameters are not imposed here: the design treats them as "
         "independent; --method shapley keeps them";
}

namespace {

constexpr double kMorrisLow = 0.005, kMorrisSpan = 0.99;  // Morris level u -> quantile level 0.005 + 0.99 u
// Model runs one analysis may ask for: 4M keeps the design, its parameter
// rows and the cached outputs within a few hundred MB.
constexpr std::int64_t kMaxEvaluations = std::int64_t{1} << 22;

void append(std::string& warning, const std::string& sentence) {
  if (sentence.empty()) return;
  if (!warning.empty()) warning += "; ";
  warning += sentence;
}

/// Design points (columns) to the metric's outputs for every target (n x T).
using DesignEvaluator = std::function<Eigen::ArrayXXd(const Eigen::MatrixXd& points)>;

/// The methods call their batch function once or a few times per analysis,
/// with a design that depends only on the seed and the sizes. One target's
/// analysis evaluates the model; the next targets' analyses make the same
/// calls and read the cached outputs (a design that differs, which would be
/// a bug, is evaluated afresh rather than trusted).
class DesignCache {
 public:
  explicit DesignCache(DesignEvaluator evaluate) : evaluate_(std::move(evaluate)) {}

  BatchFunction for_target(Eigen::Index target) {
    call_ = 0;
    return [this, target](const Eigen::MatrixXd& points) -> Eigen::VectorXd {
      const double checksum = points.sum();
      const std::size_t k = call_++;
      if (k >= calls_.size() || calls_[k].cols != points.cols() || calls_[k].checksum != checksum) {
        Call fresh{points.cols(), checksum, evaluate_(points)};
        evaluations_ += points.cols();
        if (k < calls_.size()) {
          calls_[k] = std::move(fresh);
        } else {
          calls_.push_back(std::move(fresh));
        }
      }
      return calls_[k].outputs.col(target).matrix();
    };
  }
  std::int64_t evaluations() const { return evaluations_; }
  /// Outputs of `target` that were not finite, over every call so far.
  std::int64_t nonfinite(Eigen::Index target) const {
    std::int64_t n = 0;
    for (const auto& c : calls_) n += c.outputs.rows() - c.outputs.col(target).isFinite().count();
    return n;
  }

 private:
  struct Call {
    Eigen::Index cols = 0;
    double checksum = 0;
    Eigen::ArrayXXd outputs;
  };
  DesignEvaluator evaluate_;
  std::vector<Call> calls_;
  std::size_t call_ = 0;
  std::int64_t evaluations_ = 0;
};

Eigen::ArrayXXd apply_metric(const model::Model& model, Eigen::ArrayXXd measured, Metric metric) {
  if (metric == Metric::value) return measured;
  for (Eigen::Index t = 0; t < measured.cols(); ++t) {
    for (Eigen::Index r = 0; r < measured.rows(); ++r) {
      measured(r, t) = metric_output(model.targets[static_cast<std::size_t>(t)], measured(r, t), metric);
    }
  }
  return measured;
}

/// Tornado settings (columns in natural units, one row per parameter). With
/// shocks each setting runs over `paths` paths, the same ones for every
/// setting, and its output is the mean value or the share met, over the
/// paths with a finite value.
DesignEvaluator tornado_evaluator(const model::Model& model, const SensitivityOptions& o, std::int64_t paths) {
  return [&model, &o, paths](const Eigen::MatrixXd& points) {
    const Eigen::Index n = points.cols();
    if (!o.with_shocks) {
      Eigen::ArrayXXd rows = points.transpose().array();
      return apply_metric(model, evaluate_rows(model, rows, false, n, o.simulation), o.metric);
    }
    // One setting at a time: `paths` rows in memory, not (2P + 1) times as many.
    Eigen::ArrayXXd out(n, static_cast<Eigen::Index>(model.targets.size()));
    sim::SimulationOptions call = o.simulation;
    for (Eigen::Index c = 0; c < n; ++c) {
      if (o.simulation.progress) {
        call.progress = [&o, c, n](double f) { o.simulation.progress((static_cast<double>(c) + f) / static_cast<double>(n)); };
      }
      const Eigen::ArrayXXd rows = points.col(c).transpose().array().replicate(paths, 1);
      const Eigen::ArrayXXd measured = sim::evaluate_points(model, rows, true, call);  // row k: path k
      for (Eigen::Index t = 0; t < measured.cols(); ++t) {
        const auto block = measured.col(t);
        const auto finite = block.isFinite();
        const auto count = static_cast<double>(finite.count());
        const model::Target& target = model.targets[static_cast<std::size_t>(t)];
        const double sign = target.at_least ? 1.0 : -1.0;
        const double sum = o.metric == Metric::value ? finite.select(block, 0.0).sum()
                                                     : (finite && (sign * block >= sign * target.threshold)).count();
        out(c, t) = count > 0 ? sum / count : std::nan("");
      }
    }
    return out;
  };
}

/// Morris points (unit grid) through the 0.5%-99.5% quantiles. With shocks,
/// the r (D + 1) columns are regrouped step by step so that trajectory t gets
/// the shocks of path t at each of its points.
DesignEvaluator morris_evaluator(const model::Model& model, const SensitivityOptions& o, const std::vector<int>& columns) {
  return [&model, &o, columns](const Eigen::MatrixXd& points) {
    const Eigen::MatrixXd q = (kMorrisLow + kMorrisSpan * points.array()).matrix();
    const Eigen::ArrayXXd rows = parameters_at_quantiles(model, columns, q);
    if (!o.with_shocks) return apply_metric(model, evaluate_rows(model, rows, false, rows.rows(), o.simulation), o.metric);
    const Eigen::Index steps = static_cast<Eigen::Index>(columns.size()) + 1;
    const Eigen::Index r = rows.rows() / steps;
    Eigen::ArrayXXd grouped(rows.rows(), rows.cols());
    for (Eigen::Index t = 0; t < r; ++t) {
      for (Eigen::Index j = 0; j < steps; ++j) grouped.row(j * r + t) = rows.row(t * steps + j);
    }
    const Eigen::ArrayXXd measured = evaluate_rows(model, grouped, true, r, o.simulation);
    Eigen::ArrayXXd out(measured.rows(), measured.cols());
    for (Eigen::Index t = 0; t < r; ++t) {
      for (Eigen::Index j = 0; j < steps; ++j) out.row(t * steps + j) = measured.row(j * r + t);
    }
    return apply_metric(model, std::move(out), o.metric);
  };
}

/// Sobol points through the quantiles; with shocks, row j of every matrix of
/// the Saltelli design gets path j (each call holds whole matrices of n rows).
DesignEvaluator sobol_evaluator(const model::Model& model, const SensitivityOptions& o, const std::vector<int>& columns,
                                std::int64_t n) {
  return [&model, &o, columns, n](const Eigen::MatrixXd& points) {
    const Eigen::ArrayXXd rows = parameters_at_quantiles(model, columns, points);
    return apply_metric(model, evaluate_rows(model, rows, o.with_shocks, n, o.simulation), o.metric);
  };
}

/// Shapley points without shocks: D x n normals of the parameters.
DesignEvaluator shapley_evaluator(const model::Model& model, const SensitivityOptions& o, const std::vector<int>& columns) {
  return [&model, &o, columns](const Eigen::MatrixXd& z) {
    const Eigen::ArrayXXd rows = parameters_from_normals(model, columns, z);
    return apply_metric(model, evaluate_rows(model, rows, false, rows.rows(), o.simulation), o.metric);
  };
}

// With shocks, the yearly shocks are one more input of the Shapley game,
// independent of the parameters (a scenario cannot correlate a shock with a
// parameter). A point carries them as a key in its last row: a draw is a
// fresh key (a normal of the estimator's stream, distinct with probability
// one), a fixed input keeps the key of the point it was fixed from, and
// points with the same key get the same shock path.

/// The parameters' sampler for the first d coordinates, the shock key for coordinate d.
ConditionalSampler with_shock_input(ConditionalSampler parameters, int d) {
  return [parameters = std::move(parameters), d](const std::vector<int>& fixed, const Eigen::VectorXd& x,
                                                  const Eigen::MatrixXd& e) {
    std::vector<int> fixed_parameters;
    bool shocks_fixed = false;
    for (int f : fixed) {
      if (f == d) {
        shocks_fixed = true;
      } else {
        fixed_parameters.push_back(f);
      }
    }
    Eigen::MatrixXd out(d + 1, e.cols());
    const Eigen::VectorXd xp = fixed_parameters.empty() ? Eigen::VectorXd() : Eigen::VectorXd(x.head(d));
    out.topRows(d) = parameters(fixed_parameters, xp, e.topRows(d));
    if (shocks_fixed) {
      out.row(d).setConstant(x(d));
    } else {
      out.row(d) = e.row(d);
    }
    return out;
  };
}

/// A seed for the shocks of one evaluator call, a pure function of the run's
/// seed and the call's number (SplitMix64's finaliser), so successive calls
/// of one analysis draw independent shocks.
std::uint64_t call_seed(std::uint64_t seed, std::uint64_t call) {
  std::uint64_t z = seed + 0x9E3779B97F4A7C15ULL * (call + 1);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// Shapley points with shocks: D parameter normals and a shock key per
/// column. evaluate_points gives row r the shocks of path r, so points that
/// share a key must sit at the same row of separate calls: keys are ranked
/// by how often they occur (most first), and call k holds the k-th point of
/// every key that occurs more than k times, at its key's rank.
DesignEvaluator shapley_shock_evaluator(const model::Model& model, const SensitivityOptions& o,
                                        const std::vector<int>& columns) {
  auto calls = std::make_shared<std::uint64_t>(0);
  return [&model, &o, columns, calls](const Eigen::MatrixXd& points) {
    const auto d = static_cast<Eigen::Index>(columns.size());
    const Eigen::Index n = points.cols();
    const Eigen::ArrayXXd rows = parameters_from_normals(model, columns, points.topRows(d));
    std::unordered_map<double, int> key_index;
    std::vector<int> key_of(static_cast<std::size_t>(n)), occurrence(static_cast<std::size_t>(n)), count;
    for (Eigen::Index j = 0; j < n; ++j) {
      const auto [it, fresh] = key_index.emplace(points(d, j), static_cast<int>(count.size()));
      if (fresh) count.push_back(0);
      key_of[static_cast<std::size_t>(j)] = it->second;
      occurrence[static_cast<std::size_t>(j)] = count[static_cast<std::size_t>(it->second)]++;
    }
    std::vector<int> by_count(count.size());
    std::iota(by_count.begin(), by_count.end(), 0);
    std::stable_sort(by_count.begin(), by_count.end(), [&count](int a, int b) {
      return count[static_cast<std::size_t>(a)] > count[static_cast<std::size_t>(b)];
    });
    std::vector<Eigen::Index> rank(count.size());
    for (std::size_t r = 0; r < by_count.size(); ++r) rank[static_cast<std::size_t>(by_count[r])] = static_cast<Eigen::Index>(r);
    sim::SimulationOptions call = o.simulation;
    call.seed = call_seed(o.simulation.seed, (*calls)++);
    Eigen::ArrayXXd out(n, static_cast<Eigen::Index>(model.targets.size()));
    const int most = count.empty() ? 0 : count[static_cast<std::size_t>(by_count.front())];
    for (int k = 0; k < most; ++k) {
      Eigen::Index size = 0;
      while (size < static_cast<Eigen::Index>(by_count.size()) && count[static_cast<std::size_t>(by_count[static_cast<std::size_t>(size)])] > k) ++size;
      Eigen::ArrayXXd part(size, rows.cols());
      std::vector<Eigen::Index> source(static_cast<std::size_t>(size));
      for (Eigen::Index j = 0; j < n; ++j) {
        if (occurrence[static_cast<std::size_t>(j)] != k) continue;
        const Eigen::Index r = rank[static_cast<std::size_t>(key_of[static_cast<std::size_t>(j)])];
        part.row(r) = rows.row(j);
        source[static_cast<std::size_t>(r)] = j;
      }
      const Eigen::ArrayXXd measured = sim::evaluate_points(model, part, true, call);
      for (Eigen::Index r = 0; r < size; ++r) out.row(source[static_cast<std::size_t>(r)]) = measured.row(r);
    }
    return apply_metric(model, std::move(out), o.metric);
  };
}

/// The tornado's settings: each moved parameter at its low and high value
/// as whole parameter rows (columns), an uncertain one fixed at its 10th and
/// 90th percentile with the correlated ones conditioned (their conditional
/// medians), a certain one (include_fixed) set to value ± 10% of |value|.
struct TornadoSettings {
  Eigen::VectorXd center;
  std::vector<int> moved;
  Eigen::MatrixXd low, high;
};

TornadoSettings tornado_settings(const model::Model& model, const std::vector<ParameterSummary>& summaries,
                                 bool include_fixed) {
  TornadoSettings s;
  s.center = sim::central_parameters(model).row(0).transpose().matrix();
  for (std::size_t p = 0; p < model.parameters.size(); ++p) {
    if (model.parameters[p].uncertain() || include_fixed) s.moved.push_back(static_cast<int>(p));
  }
  if (s.moved.empty()) {
    throw InputError({option_ref("method") + " tornado"}, "bad-option",
                     "the scenario has no uncertain parameter for the tornado to move",
                     "add " + option_ref("include_fixed") + " to move the parameters without uncertainty by ±10% of their value");
  }
  const auto n = static_cast<Eigen::Index>(s.moved.size());
  s.low.resize(s.center.size(), n);
  s.high.resize(s.center.size(), n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const auto p = static_cast<std::size_t>(s.moved[static_cast<std::size_t>(i)]);
    const model::Parameter& param = model.parameters[p];
    const bool uncertain = param.uncertain();
    const double lo = uncertain ? summaries[p].p10 : param.value - 0.1 * std::abs(param.value);
    const double hi = uncertain ? summaries[p].p90 : param.value + 0.1 * std::abs(param.value);
    const SourcePos at{option_ref("method") + " tornado"};
    auto row = [&](double v) {
      const model::Model fixed = model::apply_settings(model, {{param.name, v, model::SettingMode::fix, at}});
      return Eigen::VectorXd(sim::central_parameters(fixed).row(0).transpose().matrix());
    };
    s.low.col(i) = row(lo);
    s.high.col(i) = row(hi);
  }
  return s;
}

SensitivityParameter describe(const ParameterSummary& summary, const model::Parameter& p) {
  SensitivityParameter out;
  out.name = p.name;
  out.distribution = summary.distribution;
  out.uncertain = p.uncertain();
  return out;
}

}  // namespace

SensitivityReport run_sensitivity(const model::Model& model, const SensitivityOptions& o) {
  const auto start = std::chrono::steady_clock::now();
  SensitivityReport report;
  report.method = o.method;
  report.metric = o.metric;
  report.with_shocks = o.with_shocks;

  std::vector<int> targets;
  for (const auto& id : o.targets) targets.push_back(require_target(model, id, {option_ref("target") + " " + id}));
  if (o.targets.empty()) {
    for (std::size_t t = 0; t < model.targets.size(); ++t) targets.push_back(static_cast<int>(t));
  }
  if (model.parameters.empty()) {
    throw InputError({"goalpath sensitivity"}, "bad-option", "the scenario has no parameters to vary",
                     "sensitivity analysis moves parameters; add some under `parameters:`");
  }
  const std::vector<int> uncertain = uncertain_parameters(model);
  const auto D = static_cast<int>(uncertain.size());
  const auto P = static_cast<Eigen::Index>(model.parameters.size());
  if (o.method != SensitivityMethod::tornado && D == 0) {
    throw InputError({option_ref("method") + " " + std::string(to_string(o.method))}, "bad-option",
                     "the scenario has no uncertain parameter for " + std::string(to_string(o.method)) + " to vary",
                     "give parameters an `uncertainty:`, or use " + option_ref("method") + " tornado (it moves fixed parameters by ±10%)");
  }
  const SourcePos samples_pos{option_ref("samples") + " " + std::to_string(o.samples)};
  if (o.samples < 0) throw InputError(samples_pos, "bad-option", option_ref("samples") + " must be >= 1 (0: the method's default)");
  const std::vector<ParameterSummary> summaries = summarise_parameters(model);

  std::optional<DesignCache> cache;
  std::optional<TornadoSettings> settings;
  std::int64_t n = 0;  // Sobol: base samples as used
  switch (o.method) {
    case SensitivityMethod::tornado:
      report.samples = o.with_shocks ? (o.samples ? o.samples : kDefaultTornadoShockPaths) : 0;
      if (report.samples * (2 * P + 1) > kMaxEvaluations) {
        throw InputError(samples_pos, "too-large", "the tornado would need too many model runs", "use fewer " + option_ref("samples"));
      }
      settings = tornado_settings(model, summaries, o.include_fixed);
      cache.emplace(tornado_evaluator(model, o, report.samples));
      if (o.metric == Metric::met && !o.with_shocks) {
        report.warning =
            "without --with-shocks each setting is one deterministic path (parameters at the setting, shocks 0), so "
            "every output is 0 or 1 (met or not) and every swing 0 or 1; add --with-shocks for the share of paths "
            "that meet the target at each setting";
      }
      break;
    case SensitivityMethod::morris:
      report.samples = o.samples ? o.samples : kDefaultMorrisTrajectories;
      report.levels = o.morris_levels;
      if (o.morris_levels < 2 || o.morris_levels % 2 != 0) {
        throw InputError({option_ref("levels") + " " + std::to_string(o.morris_levels)}, "bad-option",
                         "Morris levels must be even and >= 2", "the usual choice is 4 (or 6, 8 with many trajectories)");
      }
      if (report.samples * (D + 1) > kMaxEvaluations) {
        throw InputError(samples_pos, "too-large", "so many trajectories need too many model runs",
                         "a few dozen to a few hundred trajectories are plenty for screening");
      }
      cache.emplace(morris_evaluator(model, o, uncertain));
      break;
    case SensitivityMethod::sobol:
      n = static_cast<std::int64_t>(std::bit_ceil(static_cast<std::uint64_t>(o.samples ? o.samples : kDefaultSobolSamples)));
      report.samples = n;
      if (n * (2 * D + 2) > kMaxEvaluations) {
        throw InputError(samples_pos, "too-large",
                         fmt::format("{} base samples x {} design matrices is more than {} model runs", n, 2 * D + 2,
                                     kMaxEvaluations),
                         "4096 to 16384 base samples give intervals of a few hundredths");
      }
      cache.emplace(sobol_evaluator(model, o, uncertain, n));
      break;
    case SensitivityMethod::shapley:
      report.samples = o.samples ? o.samples : kDefaultShapleyPermutations;
      if (report.samples < 2 || report.samples * (D + o.with_shocks) * 3 > kMaxEvaluations) {
        throw InputError(samples_pos, report.samples < 2 ? "bad-option" : "too-large",
                         fmt::format("Shapley needs between 2 and {} permutations here ({} model runs each)",
                                     kMaxEvaluations / (3 * (D + o.with_shocks)), 3 * (D + o.with_shocks)),
                         "a few thousand permutations give half-widths of a few hundredths");
      }
      if (o.with_shocks) {
        cache.emplace(shapley_shock_evaluator(model, o, uncertain));
      } else {
        cache.emplace(shapley_evaluator(model, o, uncertain));
      }
      break;
  }

  for (int t : targets) {
    const model::Target& target = model.targets[static_cast<std::size_t>(t)];
    SensitivityResult r;
    r.target = target.id;
    r.label = target.label;
    r.unit = o.metric == Metric::met || target.kind == scenario::TargetKind::cagr ? "" : target.unit;
    r.ask = TargetAsk::of(target);
    const BatchFunction f = cache->for_target(t);
    switch (o.method) {
      case SensitivityMethod::tornado: {
        for (const auto& bar : tornado(f, settings->center, settings->moved, settings->low, settings->high)) {
          SensitivityParameter s = describe(summaries[static_cast<std::size_t>(bar.parameter)],
                                            model.parameters[static_cast<std::size_t>(bar.parameter)]);
          s.low = bar.low;
          s.high = bar.high;
          s.output_low = bar.output_low;
          s.output_high = bar.output_high;
          s.swing = bar.swing;
          r.baseline = bar.output_center;
          r.parameters.push_back(std::move(s));
        }
        break;
      }
      case SensitivityMethod::morris: {
        const auto indices = morris(f, D, MorrisOptions{static_cast<int>(report.samples), o.morris_levels, o.simulation.seed});
        for (int i = 0; i < D; ++i) {
          const auto p = static_cast<std::size_t>(uncertain[static_cast<std::size_t>(i)]);
          SensitivityParameter s = describe(summaries[p], model.parameters[p]);
          const MorrisIndex& m = indices[static_cast<std::size_t>(i)];
          s.mu = m.mu / kMorrisSpan;
          s.mu_star = m.mu_star / kMorrisSpan;
          s.sigma = m.sigma / kMorrisSpan;
          r.parameters.push_back(std::move(s));
        }
        // A parameter that cancels out of the output (a level in both parts
        // of a share) still leaves effects of a few ulps; below 1e-12 of the
        // largest μ* they are rounding, and reported as the 0 they are.
        double largest = 0;
        for (const auto& s : r.parameters) largest = std::max(largest, std::isfinite(s.mu_star) ? s.mu_star : 0.0);
        for (auto& s : r.parameters) {
          if (s.mu_star <= 1e-12 * largest) s.mu = s.mu_star = s.sigma = 0;
        }
        std::stable_sort(r.parameters.begin(), r.parameters.end(),
                         [](const auto& a, const auto& b) { return a.mu_star > b.mu_star; });
        for (const auto& s : r.parameters) {
          if (s.mu_star == 0 && s.sigma == 0) r.no_effect.push_back(s.name);
        }
        break;
      }
      case SensitivityMethod::sobol: {
        const SobolResult sr = sobol(f, D, SobolOptions{n, o.bootstrap_resamples, 0.95, o.simulation.seed, o.simulation.cancel});
        for (int i = 0; i < D; ++i) {
          const auto p = static_cast<std::size_t>(uncertain[static_cast<std::size_t>(i)]);
          SensitivityParameter s = describe(summaries[p], model.parameters[p]);
          const SobolIndex& x = sr.indices[static_cast<std::size_t>(i)];
          s.S1 = x.S1;
          s.S1_conf = x.S1_conf;
          s.ST = x.ST;
          s.ST_conf = x.ST_conf;
          r.parameters.push_back(std::move(s));
        }
        std::stable_sort(r.parameters.begin(), r.parameters.end(), [](const auto& a, const auto& b) { return a.ST > b.ST; });
        r.output_variance = sr.output_variance;
        append(r.warning, sr.warning);
        break;
      }
      case SensitivityMethod::shapley: {
        ShapleyOptions so;
        so.permutations = report.samples;
        so.seed = o.simulation.seed;
        ConditionalSampler sampler = gaussian_conditional_sampler(copula_correlation(model, uncertain));
        if (o.with_shocks) sampler = with_shock_input(std::move(sampler), D);
        const ShapleyResult sr = shapley(f, sampler, D + o.with_shocks, so);
        for (int i = 0; i < D + o.with_shocks; ++i) {
          SensitivityParameter s;
          if (i < D) {
            const auto p = static_cast<std::size_t>(uncertain[static_cast<std::size_t>(i)]);
            s = describe(summaries[p], model.parameters[p]);
          } else {
            s.name = kShocksInputName;
            s.distribution = "the scenario's yearly shocks";
            s.uncertain = true;
          }
          const ShapleyIndex& x = sr.indices[static_cast<std::size_t>(i)];
          s.shapley = x.shapley;
          s.shapley_conf = x.conf;
          s.shapley_se = x.se;
          r.parameters.push_back(std::move(s));
        }
        std::stable_sort(r.parameters.begin(), r.parameters.end(),
                         [](const auto& a, const auto& b) { return a.shapley > b.shapley; });
        r.output_variance = sr.output_variance;
        append(r.warning, sr.warning);
        break;
      }
    }
    // Sobol's and Shapley's own warnings count their non-finite rows.
    if (o.method != SensitivityMethod::sobol && o.method != SensitivityMethod::shapley) {
      if (const std::int64_t bad = cache->nonfinite(t); bad > 0) {
        append(r.warning, fmt::format("{} design points gave a value that is not a number; the indices that use "
                                      "them are not numbers either",
                                      bad));
      }
    }
    report.results.push_back(std::move(r));
  }
  if (o.method == SensitivityMethod::morris || o.method == SensitivityMethod::sobol) {
    report.warning = correlation_warning(model);
  }
  report.evaluations = cache->evaluations() * (o.method == SensitivityMethod::tornado && o.with_shocks ? report.samples : 1);
  report.info.scenario_id = model.id;
  report.info.title = model.title;
  report.info.language = model.language;
  report.info.seed = o.simulation.seed;
  report.info.threads = o.simulation.resolved_threads();
  report.info.processes = o.simulation.processes();
  report.info.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  return report;
}

}  // namespace goalpath::analysis

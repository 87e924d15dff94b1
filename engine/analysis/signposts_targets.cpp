// Signposts of a run's targets, from its recorded paths (signposts.hpp).
#include <algorithm>
#include <atomic>
#include <cmath>
#include <exception>
#include <mutex>
#include <thread>

#include "analysis/signposts.hpp"

namespace goalpath::analysis {

int signpost_indicator(const model::Target& target, int via) { return via >= 0 ? via : target.indicator; }

std::vector<int> signpost_years(const model::Target& target, int after_year) {
  std::vector<int> years;
  for (int year = after_year + 1; year < target.last_year; ++year) years.push_back(year);
  return years;
}

std::vector<Eigen::Index> signpost_columns(const model::Model& model, int after_year, int via) {
  const auto I = static_cast<Eigen::Index>(model.indicators.size());
  std::vector<Eigen::Index> columns;
  for (const auto& target : model.targets) {
    const int indicator = signpost_indicator(target, via);
    if (indicator < 0) continue;
    for (int year : signpost_years(target, after_year)) {
      const Eigen::Index column = static_cast<Eigen::Index>(year - model.base_year) * I + indicator;
      if (std::find(columns.begin(), columns.end(), column) == columns.end()) columns.push_back(column);
    }
  }
  return columns;
}

std::vector<TargetSignpost> target_signposts(const model::Model& model, std::size_t t,
                                             const sim::RecordedPaths& recorded, std::span<const double> weights,
                                             int after_year, int via, std::uint64_t seed) {
  const model::Target& target = model.targets[t];
  const int indicator = signpost_indicator(target, via);
  std::vector<TargetSignpost> out;
  if (indicator < 0) return out;
  const auto I = static_cast<Eigen::Index>(model.indicators.size());
  const Eigen::Index n = recorded.rows();
  std::vector<double> values, kept_weights;
  std::vector<std::uint8_t> met;
  std::vector<std::int64_t> ids;
  SignpostOptions options;
  options.seed = seed;
  // 32 replicates put the error of a signpost's standard error near 13%:
  // enough to say how firm it is, at half the cost of the default 64.
  options.bootstrap_replicates = 32;
  for (int year : signpost_years(target, after_year)) {
    const Eigen::Index column = recorded.find(static_cast<Eigen::Index>(year - model.base_year) * I + indicator);
    if (column < 0) continue;
    values.clear();
    kept_weights.clear();
    met.clear();
    ids.clear();
    for (Eigen::Index k = 0; k < n; ++k) {
      const double measured = recorded.targets(k, static_cast<Eigen::Index>(t));
      const double value = recorded.indicators(k, column);
      if (!model::Target::counts(measured) || std::isnan(value)) continue;
      values.push_back(value);
      met.push_back(target.met(measured) ? 1 : 0);
      ids.push_back(k);
      if (!weights.empty()) kept_weights.push_back(weights[static_cast<std::size_t>(k)]);
    }
    const std::vector<SignpostLevel> levels = signpost_levels(values, met, kept_weights, ids, options);
    TargetSignpost s;
    s.year = year;
    s.indicator = model.indicators[static_cast<std::size_t>(indicator)].name;
    s.at_50 = levels.at(0);
    s.at_80 = levels.at(1);
    s.paths = static_cast<std::int64_t>(values.size());
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<std::vector<TargetSignpost>> all_target_signposts(const model::Model& model,
                                                               const sim::RecordedPaths& recorded,
                                                               std::span<const double> weights, int after_year, int via,
                                                               std::uint64_t seed, int threads) {
  std::vector<std::vector<TargetSignpost>> out(model.targets.size());
  std::atomic<std::size_t> next{0};
  std::exception_ptr failure;
  std::mutex failure_mutex;
  // Each target is a task of its own; the result does not depend on which
  // thread takes it (signpost_levels is a pure function of its inputs).
  auto worker = [&] {
    try {
      for (std::size_t t; (t = next++) < out.size();) {
        out[t] = target_signposts(model, t, recorded, weights, after_year, via, seed);
      }
    } catch (...) {
      std::lock_guard lock(failure_mutex);
      if (!failure) failure = std::current_exception();
      next = out.size();
    }
  };
  std::vector<std::thread> pool;
  const int count = std::clamp<int>(threads, 1, static_cast<int>(std::max<std::size_t>(out.size(), 1)));
  for (int k = 1; k < count; ++k) pool.emplace_back(worker);
  worker();
  for (auto& thread : pool) thread.join();
  if (failure) std::rethrow_exception(failure);
  return out;
}

}  // namespace goalpath::analysis

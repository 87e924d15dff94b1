// A study spread over processes (sim::Cluster) gives the result of one
// process, to the last digit: counts, exact quantiles, the recorded paths,
// sign flips, and evaluate_points' rows. The processes here are threads of
// this test, each with its own share and its own worker threads, exchanging
// bytes through a barrier; engine/mpi/ does the same over MPI (and
// tests/e2e/cli_mpi_test.py checks mpirun end to end).
#include <doctest/doctest.h>

#include <barrier>
#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include "model/model.hpp"
#include "scenario/scenario.hpp"
#include "sim/sim.hpp"

using namespace goalpath;

namespace {

/// `size` processes in one: all_gather waits for every rank's bytes.
class ThreadCluster {
 public:
  explicit ThreadCluster(int size) : size_(size), barrier_(size), slots_(static_cast<std::size_t>(size)) {
    for (int r = 0; r < size; ++r) ranks_.emplace_back(*this, r);
  }
  const sim::Cluster& rank(int r) const { return ranks_[static_cast<std::size_t>(r)]; }
  int exchanges() const { return exchanges_; }

 private:
  class Rank : public sim::Cluster {
   public:
    Rank(ThreadCluster& group, int rank) : group_(&group), rank_(rank) {}
    int rank() const override { return rank_; }
    int size() const override { return group_->size_; }
    std::vector<std::string> all_gather(const std::string& mine) const override {
      group_->slots_[static_cast<std::size_t>(rank_)] = mine;
      group_->barrier_.arrive_and_wait();
      std::vector<std::string> all = group_->slots_;
      if (rank_ == 0) ++group_->exchanges_;
      group_->barrier_.arrive_and_wait();  // nobody writes a slot before everyone has read it
      return all;
    }

   private:
    ThreadCluster* group_;
    int rank_;
  };
  int size_;
  std::barrier<> barrier_;
  std::vector<std::string> slots_;
  std::vector<Rank> ranks_;
  int exchanges_ = 0;
};

/// Runs `study(options)` on every rank of a `size`-process cluster at once
/// and returns each rank's answer.
template <class Result, class Study>
std::vector<Result> on_cluster(ThreadCluster& cluster, int size, const sim::SimulationOptions& base, Study study) {
  std::vector<Result> out(static_cast<std::size_t>(size));
  std::vector<std::thread> processes;
  for (int r = 0; r < size; ++r) {
    processes.emplace_back([&, r] {
      sim::SimulationOptions o = base;
      o.cluster = &cluster.rank(r);
      out[static_cast<std::size_t>(r)] = study(o);
    });
  }
  for (auto& p : processes) p.join();
  return out;
}

model::Model test_model() {
  // Uncertain parameters, AR(1) and correlated shocks, a level that can turn
  // NaN (growth below -100%: sign flips), quantiles of indicators and of an
  // expression target.
  return model::compile_model(scenario::load_scenario_text(R"Y(
scenario: cluster
years: [2023, 2027]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.4 } }
  h: { value: 0.1, uncertainty: { dist: triangular, low: 0.0, high: 0.2 } }
shocks:
  a: { sd: 0.05, ar: 0.5 }
  b: { sd: 0.02 }
correlations:
  - [g, h, 0.5]
  - [a, b, 0.3]
indicators:
  x: { base: 100, growth: "g + a" }
  y: { base: 50, growth: "h + b" }
  s: { value: "y / x" }
targets:
  - { id: x-up, indicator: x, year: 2027, at_least: 120 }
  - { id: ratio, expr: "y / x + h", year: 2027, at_most: 0.8 }
  - { id: y-every, indicator: y, every_year: [2024, 2027], at_least: 52 }
)Y", "cluster.yaml"));
}

void check_same_quantiles(const sim::Quantiles& a, const sim::Quantiles& b) {
  const double av[] = {a.p05, a.p10, a.p25, a.p50, a.p75, a.p90, a.p95, a.min, a.max};
  const double bv[] = {b.p05, b.p10, b.p25, b.p50, b.p75, b.p90, b.p95, b.min, b.max};
  for (int k = 0; k < 9; ++k) {
    INFO("quantile field " << k);
    CHECK(((std::isnan(av[k]) && std::isnan(bv[k])) || av[k] == bv[k]));
  }
  CHECK(a.finite == b.finite);
  CHECK(a.nonfinite == b.nonfinite);
  CHECK(a.nan == b.nan);
}

bool same_array(const Eigen::ArrayXXd& a, const Eigen::ArrayXXd& b) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) return false;
  for (Eigen::Index r = 0; r < a.rows(); ++r) {
    for (Eigen::Index c = 0; c < a.cols(); ++c) {
      if (!(a(r, c) == b(r, c) || (std::isnan(a(r, c)) && std::isnan(b(r, c))))) return false;
    }
  }
  return true;
}

void check_same(const sim::MonteCarloOutcome& one, const sim::MonteCarloOutcome& spread) {
  CHECK(spread.paths == one.paths);
  CHECK(spread.target_met == one.target_met);
  CHECK(spread.target_finite == one.target_finite);
  CHECK(spread.joint_met == one.joint_met);
  CHECK(spread.joint_finite == one.joint_finite);
  CHECK(spread.nonfinite_paths == one.nonfinite_paths);
  CHECK(spread.sign_flips == one.sign_flips);
  REQUIRE(spread.targets.size() == one.targets.size());
  for (std::size_t t = 0; t < one.targets.size(); ++t) check_same_quantiles(one.targets[t], spread.targets[t]);
  REQUIRE(spread.indicators.size() == one.indicators.size());
  for (std::size_t s = 0; s < one.indicators.size(); ++s) check_same_quantiles(one.indicators[s], spread.indicators[s]);
  CHECK(spread.recorded.columns == one.recorded.columns);
  CHECK(same_array(spread.recorded.indicators, one.recorded.indicators));
  CHECK(same_array(spread.recorded.targets, one.recorded.targets));
  CHECK(same_array(spread.recorded.parameters, one.recorded.parameters));
}

}  // namespace

TEST_CASE("share_of splits the blocks into consecutive runs that cover them once") {
  for (std::int64_t blocks : {0, 1, 3, 10, 1001}) {
    for (int size : {1, 2, 3, 7}) {
      std::int64_t next = 0;
      for (int r = 0; r < size; ++r) {
        const auto [first, end] = sim::share_of(blocks, r, size);
        CHECK(first == next);
        CHECK(end >= first);
        CHECK(end - first <= blocks / size + 1);
        next = end;
      }
      CHECK(next == blocks);
    }
  }
  CHECK_THROWS(sim::share_of(10, 2, 2));
}

TEST_CASE("a Monte Carlo run spread over 2, 3 and 5 processes equals one process's, to the last digit") {
  const model::Model m = test_model();
  sim::SimulationOptions o;
  o.paths = 9000;
  o.seed = 20261206;
  o.threads = 2;
  o.block_size = 700;  // 13 blocks: uneven shares, and one process with none at 5 x 3 below
  o.record_paths = 2500;
  const sim::MonteCarloOutcome one = sim::run_monte_carlo(m, o);
  REQUIRE(one.quantile_replays >= 1);  // the exchange of a replay is exercised
  std::int64_t flips = 0;
  for (auto f : one.sign_flips) flips += f;
  REQUIRE(flips > 0);                    // and that of the sign flips
  REQUIRE(one.nonfinite_paths > 0);
  for (int size : {2, 3, 5}) {
    INFO(size << " processes");
    ThreadCluster cluster(size);
    sim::SimulationOptions each = o;
    each.threads = size == 5 ? 1 : 2;
    const auto results = on_cluster<sim::MonteCarloOutcome>(cluster, size, each, [&](const sim::SimulationOptions& so) {
      return sim::run_monte_carlo(m, so);
    });
    CHECK(cluster.exchanges() == 1 + one.quantile_replays);
    for (const auto& spread : results) check_same(one, spread);
  }
}

TEST_CASE("more processes than blocks: the idle ones still exchange and agree") {
  const model::Model m = test_model();
  sim::SimulationOptions o;
  o.paths = 1500;
  o.seed = 7;
  o.threads = 1;
  o.block_size = 1000;  // 2 blocks over 3 processes
  o.record_paths = 1500;
  const sim::MonteCarloOutcome one = sim::run_monte_carlo(m, o);
  ThreadCluster cluster(3);
  const auto results = on_cluster<sim::MonteCarloOutcome>(cluster, 3, o, [&](const sim::SimulationOptions& so) {
    return sim::run_monte_carlo(m, so);
  });
  for (const auto& spread : results) check_same(one, spread);
}

TEST_CASE("counts only (a sweep's point): the same counts, one exchange") {
  const model::Model m = test_model();
  sim::SimulationOptions o;
  o.paths = 10000;
  o.quantiles = false;
  o.threads = 1;
  const sim::MonteCarloOutcome one = sim::run_monte_carlo(m, o);
  ThreadCluster cluster(2);
  const auto results = on_cluster<sim::MonteCarloOutcome>(cluster, 2, o, [&](const sim::SimulationOptions& so) {
    return sim::run_monte_carlo(m, so);
  });
  CHECK(cluster.exchanges() == 1);
  for (const auto& spread : results) {
    CHECK(spread.target_met == one.target_met);
    CHECK(spread.target_finite == one.target_finite);
    CHECK(spread.joint_met == one.joint_met);
  }
}

TEST_CASE("evaluate_points spread over processes returns every row where one process puts it") {
  const model::Model m = test_model();
  sim::Evaluator evaluator(m);
  Eigen::ArrayXXd rows;
  evaluator.draw_parameters(3, 0, 2345, rows);
  sim::SimulationOptions o;
  o.threads = 2;
  o.block_size = 256;
  o.seed = 3;
  const Eigen::ArrayXXd one = sim::evaluate_points(m, rows, true, o);
  for (int size : {2, 4}) {
    ThreadCluster cluster(size);
    const auto results = on_cluster<Eigen::ArrayXXd>(cluster, size, o, [&](const sim::SimulationOptions& so) {
      return sim::evaluate_points(m, rows, true, so);
    });
    CHECK(cluster.exchanges() == 1);
    for (const auto& spread : results) CHECK(same_array(spread, one));
  }
}

// ---- shards: no exchange while running, a merge afterwards --------------------------

TEST_CASE("shards merged in any order give one process's outcome, to the last digit") {
  const model::Model m = test_model();
  sim::SimulationOptions o;
  o.paths = 9000;
  o.seed = 20261206;
  o.threads = 2;
  o.block_size = 700;
  o.record_paths = 2500;
  const sim::MonteCarloOutcome one = sim::run_monte_carlo(m, o);
  REQUIRE(one.quantile_replays >= 1);
  for (int count : {1, 2, 3, 14}) {  // 14 shards of 13 blocks: one shard has none
    INFO(count << " shards");
    std::vector<std::string> parts;
    for (int index = count - 1; index >= 0; --index) {  // any order
      sim::SimulationOptions each = o;
      each.threads = 1 + index % 2;
      parts.push_back(sim::run_monte_carlo_shard(m, each, index, count));
    }
    check_same(one, sim::merge_monte_carlo_shards(m, o, parts));
  }
}

TEST_CASE("a shard's file does not depend on its threads") {
  const model::Model m = test_model();
  sim::SimulationOptions o;
  o.paths = 5000;
  o.threads = 1;
  const std::string one_thread = sim::run_monte_carlo_shard(m, o, 1, 2);
  o.threads = 3;
  CHECK(sim::run_monte_carlo_shard(m, o, 1, 2) == one_thread);
}

TEST_CASE("a merge refuses a missing, repeated or foreign shard") {
  const model::Model m = test_model();
  sim::SimulationOptions o;
  o.paths = 4000;
  o.threads = 1;
  const std::string a = sim::run_monte_carlo_shard(m, o, 0, 2), b = sim::run_monte_carlo_shard(m, o, 1, 2);
  CHECK_THROWS_WITH_AS(sim::merge_monte_carlo_shards(m, o, {a}), doctest::Contains("merge every shard"), std::runtime_error);
  CHECK_THROWS_WITH_AS(sim::merge_monte_carlo_shards(m, o, {a, a}), doctest::Contains("given twice"), std::runtime_error);
  sim::SimulationOptions other = o;
  other.seed = 99;
  CHECK_THROWS_WITH_AS(sim::merge_monte_carlo_shards(m, o, {a, sim::run_monte_carlo_shard(m, other, 1, 2)}),
                       doctest::Contains("other settings"), std::runtime_error);
  CHECK_THROWS_AS(sim::merge_monte_carlo_shards(m, o, {a, b.substr(0, b.size() / 2)}), std::runtime_error);
  CHECK_THROWS_AS(sim::merge_monte_carlo_shards(m, o, {a, "not a shard"}), std::runtime_error);
}

TEST_CASE("a quantile outside the shards' windows is an error, not a wrong number") {
  // Windows of a few ranks around each shard's own quantiles miss, for some
  // statistic, the bin of the merged quantile: the merge must say so.
  const model::Model m = test_model();
  sim::SimulationOptions o;
  o.paths = 6000;
  o.threads = 1;
  std::vector<std::string> narrow, wide;
  for (int index = 0; index < 3; ++index) {
    narrow.push_back(sim::run_monte_carlo_shard(m, o, index, 3, 1e-9));
    wide.push_back(sim::run_monte_carlo_shard(m, o, index, 3));
  }
  CHECK_THROWS_WITH_AS(sim::merge_monte_carlo_shards(m, o, narrow), doctest::Contains("fewer, larger shards"),
                       std::runtime_error);
  check_same(sim::run_monte_carlo(m, o), sim::merge_monte_carlo_shards(m, o, wide));
  CHECK(wide[0].size() > narrow[0].size());
}

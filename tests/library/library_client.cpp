// A program that uses GoalPath as a library and nothing else: it includes
// only goalpath/goalpath.hpp and links only GoalPath::goalpath (no app/), as
// a planner's own tool would (issue 15).
//
// usage: library_client SCENARIO.yaml PATHS SEED THREADS
//
// Loads the scenario, runs it with the given paths, seed and threads and
// writes the report JSON to stdout; library_client_test.py compares it with
// `goalpath run --format json` of the same. On the way it checks what a
// client relies on and exits 1, naming the broken promise, when one fails:
// an option out of range is an OptionError naming the field; a second run
// on another thread count gives the same probabilities; the result names
// the scenario's targets in order.
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "goalpath/goalpath.hpp"

namespace {

int failures = 0;

void expect(bool ok, const std::string& what) {
  if (!ok) {
    std::fprintf(stderr, "FAIL: %s\n", what.c_str());
    ++failures;
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: library_client SCENARIO.yaml PATHS SEED THREADS\n");
    return 2;
  }
  const goalpath::Scenario scenario = goalpath::Scenario::load(argv[1]);
  goalpath::RunOptions options;
  options.paths = std::atoll(argv[2]);
  options.seed = std::strtoull(argv[3], nullptr, 10);
  options.threads = std::atoi(argv[4]);

  goalpath::RunOptions bad = options;
  bad.paths = 0;
  try {
    goalpath::run(scenario, bad);
    expect(false, "run with paths = 0 did not throw");
  } catch (const goalpath::OptionError& e) {
    expect(e.field == "paths" && e.value == "0", std::string("OptionError for paths = 0 names ") + e.what());
  }

  const goalpath::RunResult result = goalpath::run(scenario, options);
  goalpath::RunOptions other = options;
  other.threads = options.threads == 1 ? 2 : 1;
  const goalpath::RunResult again = goalpath::run(scenario, other);
  const std::vector<std::string> ids = scenario.target_ids();
  expect(result.targets.size() == ids.size() && !ids.empty(), "one verdict per target of the scenario");
  for (std::size_t t = 0; t < result.targets.size() && t < ids.size(); ++t) {
    expect(result.targets[t].id == ids[t], "target " + std::to_string(t) + " is " + result.targets[t].id);
    const auto p = result.targets[t].probability, q = again.targets[t].probability;
    expect(p.has_value() && *p >= 0 && *p <= 1, result.targets[t].id + ": a probability in [0, 1]");
    expect(p == q, result.targets[t].id + ": the same probability on another thread count");
  }
  if (failures) return 1;
  std::fputs(goalpath::render(result, goalpath::Format::json).c_str(), stdout);
  return 0;
}

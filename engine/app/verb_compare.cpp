// goalpath compare A B: two scenarios (run here with the same seed and paths,
// so shared variables get the same random numbers and a difference in
// probability comes from the assumptions, not from Monte Carlo noise) or two
// report JSON files, side by side.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

#include "analysis/compare.hpp"
#include "app/cli.hpp"

namespace goalpath::app {

namespace {

bool is_scenario_file(const std::string& file) {
  std::string extension = std::filesystem::path(file).extension().string();
  return extension == ".yaml" || extension == ".yml";
}

analysis::RunResult run_scenario(const model::Model& model, const CommonOptions& options,
                                 const sim::SimulationOptions& sim_options, const std::string& file,
                                 const std::string& command_line) {
  analysis::RunSettings settings;
  settings.paths = sim_options.paths;
  settings.seed = sim_options.seed;
  settings.threads = sim_options.resolved_threads();
  settings.deterministic = options.deterministic;
  settings.command_line = command_line;
  settings.engine_version = GOALPATH_VERSION;
  settings.scenario_file = file;
  settings.scenario_sha256 = report::sha256_file(file);
  settings.scenario_files = scenario_file_hashes(model);
  settings.merged_sha256 = merged_scenario_hash(model);
  sim::DeterministicOutcome deterministic = sim::run_deterministic(model);
  std::optional<sim::MonteCarloOutcome> monte_carlo;
  if (!options.deterministic) monte_carlo = sim::run_monte_carlo(model, sim_options);
  return analysis::analyse_run(model, deterministic, monte_carlo ? &*monte_carlo : nullptr, settings);
}

}  // namespace

int verb_compare(const Invocation& call) {
  std::string files[2];
  CommonOptions options;
  po::options_description description("goalpath compare options");
  description.add_options()("a", po::value<std::string>(&files[0])->required(), "plan A: scenario (.yaml) or report (.json)")(
      "b", po::value<std::string>(&files[1])->required(), "plan B: scenario (.yaml) or report (.json)");
  add_common_options(description, options);
  po::positional_options_description positional;
  positional.add("a", 1).add("b", 1);
  if (!parse_arguments(call, description, positional,
                       "goalpath compare A B [options]\n\nA and B: scenario files (run with the same seed and paths; "
                       "--set applies to both) or reports from `goalpath run --format json`")) {
    return 0;
  }
  report::Format format = output_format(options);

  // Load (and so check) both inputs before simulating either.
  std::optional<model::Model> models[2];
  std::optional<analysis::RunResult> results[2];
  for (int k = 0; k < 2; ++k) {
    if (is_scenario_file(files[k])) {
      models[k] = load_model(files[k], options.set);
    } else {
      results[k] = report::read_run_report(files[k]);
      note_input_file(files[k]);
    }
  }
  // Common random numbers: both scenarios use the first scenario's seed and
  // path count (or --seed / --paths), whatever the second file says; a
  // scenario compared with a report JSON reuses the report's seed and paths.
  check_out_is_not_an_input(options);
  CommonOptions effective = options;
  for (const auto& r : results) {
    if (!r || r->settings.deterministic) continue;
    if (!effective.seed) effective.seed = r->settings.seed;
    if (!effective.paths && r->settings.paths > 0) effective.paths = r->settings.paths;
  }
  std::optional<sim::SimulationOptions> shared;
  for (int k = 0; k < 2; ++k) {
    if (!models[k]) continue;
    sim::SimulationOptions sim_options = simulation_options(effective, *models[k], k ? "simulating B" : "simulating A");
    if (shared) {
      sim_options.paths = shared->paths;
      sim_options.seed = shared->seed;
    } else {
      shared = sim_options;
    }
    results[k] = run_scenario(*models[k], options, sim_options, files[k], call.command_line);
  }
  analysis::CompareResult comparison = analysis::compare_runs(
      std::move(*results[0]), std::move(*results[1]), models[0] ? "scenario" : "report", models[1] ? "scenario" : "report");
  report::TableStyle style;
  style.color = options.out.empty() && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  emit(options, report::compare_report(comparison, format, style));
  return 0;
}

}  // namespace goalpath::app

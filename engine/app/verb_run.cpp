// goalpath check / goalpath run
#include <unistd.h>

#include <fmt/format.h>

#include <iostream>

#include "app/cli.hpp"

namespace goalpath::app {

int verb_check(const Invocation& call) {
  std::string file;
  CommonOptions options;
  po::options_description description("goalpath check options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file");
  description.add_options()("set", po::value<std::vector<std::string>>(&options.set)->composing(),
                            "override a parameter: NAME=VALUE (repeatable)");
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, "goalpath check SCENARIO.yaml")) return 0;
  model::Model model = load_model(file, options.set);
  int uncertain = 0;
  for (const auto& p : model.parameters) uncertain += p.uncertain();
  std::string out = fmt::format("{}: ok — {} ({})\n", file, model.title.empty() ? model.id : model.title, model.id);
  out += fmt::format("  years      {}–{} (base year {}, {} projected)\n", model.base_year, model.last_year,
                     model.base_year, model.year_count() - 1);
  out += fmt::format("  parameters {} ({} uncertain), shocks {}, correlations {}\n", model.parameters.size(), uncertain,
                     model.shocks.size(), model.spec.correlations.size());
  out += fmt::format("  indicators {}, targets {}, sweeps {}\n", model.indicators.size(), model.targets.size(),
                     model.spec.sweeps.size());
  if (model.spec.files.size() > 1) {
    out += "  extends   ";
    for (std::size_t k = 1; k < model.spec.files.size(); ++k) out += " " + model.spec.files[k];
    out += "\n";
  }
  out += "  evaluation order:";
  for (int i : model.step_order) out += " " + model.indicators[i].name;
  out += "\n";
  for (const auto& t : model.targets) {
    out += fmt::format("  target {}: {} {} {} ({})\n", t.id, t.subject, t.at_least ? ">=" : "<=", t.threshold,
                       scenario::to_string(t.kind));
  }
  for (const auto& note : model.spec.notes) out += "  note: " + note + "\n";
  // Warnings go to stderr with the rest of the diagnostics; the summary
  // stays on stdout. The threshold checks use the deterministic projection.
  std::vector<std::string> warnings = model.warnings;
  for (auto& w : analysis::threshold_warnings(model, sim::run_deterministic(model), nullptr)) warnings.push_back(std::move(w));
  std::cout << report::terminal_safe(out);  // the title and names come from the file
  std::cout.flush();
  for (const auto& warning : warnings) std::cerr << "goalpath check: warning: " << report::terminal_safe(warning) << "\n";
  return 0;
}

int verb_run(const Invocation& call) {
  std::string file;
  CommonOptions options;
  po::options_description description("goalpath run options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file");
  add_common_options(description, options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, "goalpath run SCENARIO.yaml [options]")) return 0;
  report::Format format = output_format(options);
  model::Model model = load_model(file, options.set);
  sim::SimulationOptions sim_options = simulation_options(options, model, "simulating");

  analysis::RunSettings settings;
  settings.paths = sim_options.paths;
  settings.seed = sim_options.seed;
  settings.threads = sim_options.resolved_threads();
  settings.deterministic = options.deterministic;
  settings.command_line = call.command_line;
  settings.engine_version = GOALPATH_VERSION;
  settings.scenario_file = file;
  settings.scenario_sha256 = report::sha256_file(file);
  settings.scenario_files = scenario_file_hashes(model);
  settings.merged_sha256 = merged_scenario_hash(model);

  sim::DeterministicOutcome deterministic = sim::run_deterministic(model);
  std::optional<sim::MonteCarloOutcome> monte_carlo;
  if (!options.deterministic) monte_carlo = sim::run_monte_carlo(model, sim_options);
  analysis::RunResult result =
      analysis::analyse_run(model, deterministic, monte_carlo ? &*monte_carlo : nullptr, settings);
  report::TableStyle style;
  style.color = options.out.empty() && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  emit(options, report::run_report(result, format, style));
  return 0;
}

}  // namespace goalpath::app

// goalpath sweep: each target's probability (and deterministic value) at
// every point of a grid of assumptions (analysis/sweep.hpp).
#include <algorithm>

#include "analysis/resources.hpp"
#include "analysis/sweep.hpp"
#include "app/cli.hpp"
#include "report/sweep.hpp"

namespace goalpath::app {

int verb_sweep(const Invocation& call) {
  std::string file;
  std::vector<std::string> sweeps, grids;
  bool fix = false;
  CommonOptions options;
  po::options_description description("goalpath sweep options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "sweep", po::value<std::vector<std::string>>(&sweeps)->composing(),
      "a sweep of the scenario's `sweeps:` by id (repeatable: the axes of all are combined)")(
      "grid", po::value<std::vector<std::string>>(&grids)->composing(),
      "an axis: NAME=FROM:TO:STEP or NAME=v1,v2,... (repeatable; NAME a parameter). The grid is every "
      "combination of the axes (--sweep axes first, then --grid axes, the last varying fastest), at most 100000 "
      "points")(
      "fix", po::bool_switch(&fix),
      "fix the swept parameters exactly and draw the parameters correlated with them from their conditional "
      "distribution (default: a value moves the parameter's centre, its uncertainty and correlations kept)");
  add_common_options(description, options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const std::string usage =
      "goalpath sweep SCENARIO.yaml [--sweep ID | --grid NAME=FROM:TO:STEP | --grid NAME=v1,v2,...]... [options]\n\n"
      "Each point is a Monte Carlo run of the scenario with the point's values set: a value moves the\n"
      "parameter's centre and keeps its uncertainty and correlations, as --set does (so a point at the\n"
      "scenario's own values gives `goalpath run`'s probabilities). With --fix the swept parameters are known\n"
      "exactly and the parameters correlated with them are drawn given those values. Every point uses the same\n"
      "paths (same seed: common random numbers), so differences between points come from the swept assumptions.\n"
      "Each target gets its probability and its deterministic value (shocks at 0); --deterministic gives only\n"
      "the values.\n"
      "html: a line per target for one axis, a heatmap per target for two.";
  if (!parse_arguments(call, description, positional, usage)) return 0;
  report::Format format = output_format(options);
  model::Model model = load_model(file, options.set);

  std::vector<analysis::SweepAxis> axes;
  for (const auto& id : sweeps) {
    for (auto& axis : analysis::sweep_axes(model, id)) axes.push_back(std::move(axis));
  }
  for (const auto& grid : grids) axes.push_back(analysis::parse_grid(grid));
  if (axes.empty()) {
    std::string hint = "give --grid NAME=FROM:TO:STEP or --grid NAME=v1,v2,...";
    if (!model.spec.sweeps.empty()) {
      std::string ids;
      for (const auto& s : model.spec.sweeps) ids += (ids.empty() ? "" : ", ") + s.id;
      hint = "give --sweep ID (this scenario has: " + ids + ") or --grid NAME=FROM:TO:STEP";
    }
    throw InputError({file}, "bad-option", "nothing to sweep", hint);
  }

  analysis::SweepOptions sweep_options;
  sweep_options.deterministic = options.deterministic;
  sweep_options.mode = fix ? model::SettingMode::fix : model::SettingMode::set;
  sweep_options.simulation = simulation_options(options, model, "sweeping");
  double points = 1;
  for (const auto& axis : axes) points = std::min(points * static_cast<double>(axis.values.size()), 1e15);
  if (points <= static_cast<double>(analysis::kMaxSweepPoints)) {  // a larger grid gets run_sweep's own error
    analysis::refuse_beyond_limits(analysis::sweep_work(model, static_cast<std::int64_t>(points), sweep_options),
                                   sweep_options.simulation);
  }
  analysis::SweepResult result = analysis::run_sweep(model, std::move(axes), sweep_options);
  result.sweep_ids = sweeps;
  result.info.scenario_file = file;
  result.info.scenario_sha256 = report::sha256_file(file);
  result.info.scenario_files = scenario_file_hashes(model);
  result.info.merged_sha256 = merged_scenario_hash(model);
  result.info.command_line = call.command_line;
  result.info.engine_version = GOALPATH_VERSION;
  emit(options, report::sweep_report(result, format));
  return 0;
}

}  // namespace goalpath::app

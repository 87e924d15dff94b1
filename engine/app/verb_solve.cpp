// goalpath solve: the break-even value of a parameter for a target, and the
// yearly paths the targets need (analysis/solve.hpp).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "analysis/solve.hpp"
#include "app/cli.hpp"
#include "report/solve.hpp"

namespace goalpath::app {

namespace {

std::pair<double, double> parse_within(const std::string& text) {
  const auto colon = text.find(':');
  auto number = [&text](const std::string& part) {
    char* end = nullptr;
    errno = 0;
    const double v = std::strtod(part.c_str(), &end);
    if (part.empty() || *end != '\0' || errno == ERANGE || !std::isfinite(v)) {
      throw InputError({"--within " + text}, "bad-option", "'" + part + "' is not a number", "e.g. --within 0:0.15");
    }
    return v;
  };
  if (colon == std::string::npos) {
    throw InputError({"--within " + text}, "bad-option", "--within takes LOW:HIGH", "e.g. --within 0:0.15");
  }
  return {number(text.substr(0, colon)), number(text.substr(colon + 1))};
}

}  // namespace

int verb_solve(const Invocation& call) {
  std::string file, target, param, within;
  std::optional<double> probability;
  bool paths_needed = false;
  CommonOptions options;
  po::options_description description("goalpath solve options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "target", po::value<std::string>(&target), "the target to meet")(
      "param", po::value<std::string>(&param), "the parameter to solve for")(
      "within", po::value<std::string>(&within),
      "search LOW:HIGH (default: the parameter's bounds; else its 0.1%-99.9% quantiles widened by their width on "
      "each side; for a fixed parameter value ± 10·|value|)")(
      "probability", po::value<double>()->notifier([&probability](double v) { probability = v; }),
      "also the centre of --param (its uncertainty and correlations kept, as --set does) at which the target is "
      "met with this probability, in (0, 1): Monte Carlo runs on the same paths (--paths, --seed)")(
      "paths-needed", po::bool_switch(&paths_needed),
      "without --param: for each target (or --target), the constant yearly growth from the base year that just "
      "meets it and the resulting path, beside the deterministic projection");
  add_common_options(description, options, true);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  const std::string usage =
      "goalpath solve SCENARIO.yaml --target ID --param NAME [--within LOW:HIGH] [options]\n"
      "       goalpath solve SCENARIO.yaml --paths-needed [--target ID] [options]\n\n"
      "Deterministic (other parameters at their values, shocks at 0). The break-even value is where the target's\n"
      "measured value equals its threshold, found by a scan of the search interval then Brent's method; the crossing\n"
      "nearest the current value is reported, with the direction that meets the target (increase: values at or\n"
      "above it do). When no value in the interval meets the target, break_even is null and a reason says why.\n"
      "Every solve also reports the target's needed path (see --paths-needed).\n"
      "With --probability P also the value of the parameter's centre at which P(met) = P: every trial is a Monte\n"
      "Carlo run with the same seed and paths (common random numbers, so P(x) is monotone where the model is),\n"
      "a scan brackets the crossing and bisection narrows it; value_se = se(P) / |dP/dx| is its Monte Carlo error.";
  if (!parse_arguments(call, description, positional, usage)) return 0;
  if (options.deterministic) throw UsageError("solve's break-even is deterministic already; --deterministic does not apply");
  if (!probability && (options.paths || options.seed)) {
    throw UsageError("--paths and --seed apply to solve --probability only (the break-even is deterministic)");
  }
  if (probability && param.empty()) throw UsageError("--probability needs --target ID and --param NAME");
  report::Format format = output_format(options);
  model::Model model = load_model(file, options.set);
  analysis::StudyInfo info;
  info.scenario_id = model.id;
  info.title = model.title;
  info.scenario_file = file;
  info.scenario_sha256 = report::sha256_file(file);
  info.scenario_files = scenario_file_hashes(model);
  info.merged_sha256 = merged_scenario_hash(model);
  info.command_line = call.command_line;
  info.engine_version = GOALPATH_VERSION;

  if (param.empty()) {
    if (!paths_needed) throw UsageError("solve needs --target ID and --param NAME, or --paths-needed");
    report::PathsNeededReport report{info, model.base_year,
                                     analysis::paths_needed(model, target.empty() ? std::vector<std::string>{}
                                                                                  : std::vector<std::string>{target})};
    emit(options, report::paths_needed_report(report, format));
    return 0;
  }
  if (target.empty()) throw UsageError("solve needs --target ID with --param NAME");
  analysis::SolveOptions o;
  o.target = target;
  o.param = param;
  if (!within.empty()) o.within = parse_within(within);
  o.probability = probability;
  if (probability) o.simulation = simulation_options(options, model, "solving");
  analysis::SolveResult result = analysis::solve_break_even(model, o);
  const double seconds = result.info.seconds;
  result.info = info;
  result.info.seconds = seconds;
  if (probability) {
    result.info.seed = o.simulation.seed;
    result.info.threads = o.simulation.resolved_threads();
  }
  emit(options, report::solve_report(result, format));
  return 0;
}

}  // namespace goalpath::app

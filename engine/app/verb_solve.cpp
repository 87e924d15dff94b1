// goalpath solve: the break-even value of a parameter for a target, and the
// yearly paths the targets need (goalpath::solve, goalpath::paths_needed).
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <optional>

#include "app/cli.hpp"
#include "app/verbs_help.hpp"

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
  std::string file, within;
  bool needed = false;
  SolveOptions o;
  CommonOptions options;
  po::options_description description("goalpath solve options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "target", po::value<std::string>(&o.target), "the target to meet")(
      "param", po::value<std::string>(&o.param), "the parameter to solve for")(
      "within", po::value<std::string>(&within),
      "search LOW:HIGH (default: the parameter's bounds; else its 0.1%-99.9% quantiles widened by their width on "
      "each side; for a fixed parameter value ± 10·|value|)")(
      "probability", po::value<double>()->notifier([&o](double v) { o.probability = v; }),
      "also the centre of --param (its uncertainty and correlations kept, as --set does) at which the target is "
      "met with this probability, in (0, 1): Monte Carlo runs on the same paths (--paths, --seed)")(
      "paths-needed", po::bool_switch(&needed),
      "without --param: for each target (or --target), the constant yearly growth from the base year that just "
      "meets it and the resulting path, beside the deterministic projection");
  add_common_options(description, options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, kSolveUsage)) return 0;
  if (options.deterministic) throw UsageError("solve's break-even is deterministic already; --deterministic does not apply");
  if (!o.probability && (options.paths || options.seed)) {
    throw UsageError("--paths and --seed apply to solve --probability only (the break-even is deterministic)");
  }
  if (o.probability && o.param.empty()) throw UsageError("--probability needs --target ID and --param NAME");
  const Format format = output_format(options);
  const Scenario scenario = load_scenario(file, options);
  if (o.param.empty()) {
    if (!needed) throw UsageError("solve needs --target ID and --param NAME, or --paths-needed");
    const auto targets = o.target.empty() ? std::vector<std::string>{} : std::vector<std::string>{o.target};
    emit(options, render(paths_needed(scenario, targets, call.command_line), format, render_options(options)));
    return 0;
  }
  if (o.target.empty()) throw UsageError("solve needs --target ID with --param NAME");
  if (!within.empty()) o.within = parse_within(within);
  execution_options(options, call, "solving", o);
  emit(options, render(solve(scenario, o), format, render_options(options)));
  return 0;
}

}  // namespace goalpath::app

// goalpath check / goalpath run
#include "app/cli.hpp"

namespace goalpath::app {

int verb_check(const Invocation& call) {
  std::string file;
  CommonOptions options;
  po::options_description description("goalpath check options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file");
  add_common_options(description, options, kSet, {{"set", "override a parameter: NAME=VALUE (repeatable)"}});
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, "goalpath check SCENARIO.yaml")) return 0;
  const CheckResult result = check(load_scenario(file, options));
  // The summary on stdout (terminal-safe: the title and names come from the
  // file), the warnings on stderr with the other diagnostics.
  emit(options, render(result, Format::table));
  warn(call, result.warnings);
  return 0;
}

int verb_run(const Invocation& call) {
  std::string file;
  CommonOptions options;
  po::options_description description("goalpath run options");
  RunOptions o;
  bool no_signposts = false;
  std::string shard;
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "via", po::value<std::string>(&o.via), "signposts on this indicator instead of each target's own")(
      "no-signposts", po::bool_switch(&no_signposts), "skip the signposts (the probabilities and bands alone, as a benchmark wants)")(
      "precision", po::value<double>(&o.max_standard_error),
      "choose the paths so that every target's probability has a standard error at most this, e.g. 0.005 "
      "(instead of --paths; sequential, the same paths for the same seed)")(
      "shard", po::value<std::string>(&shard),
      "I/N: run shard I (0 to N-1) of N of this run and write its part to --out; goalpath merge PART... gives the "
      "report (for clusters without MPI)");
  add_common_options(description, options);
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, "goalpath run SCENARIO.yaml [options]")) return 0;
  o.signposts = !no_signposts;
  const Format format = output_format(options);
  const Scenario scenario = load_scenario(file, options);
  execution_options(options, call, "simulating", o);
  o.deterministic = options.deterministic;
  if (!shard.empty()) {
    const auto [index, count] = parse_shard(shard);
    if (options.out.empty() || options.out == "-") throw UsageError("--shard writes a part file: give --out PART");
    if (!options.format.empty()) throw UsageError("--shard writes a part file, not a report: goalpath merge PART... --format F renders it");
    // The report a merge writes is this run's: its command line is this one
    // without the shard's own flags.
    o.command_line = without_flags(call, {"--shard", "--out"});
    emit(options, run_shard(scenario, o, index, count));
    return 0;
  }
  emit(options, render(run(scenario, o), format, render_options(options)));
  return 0;
}

int verb_merge(const Invocation& call) {
  std::vector<std::string> files;
  CommonOptions options;
  po::options_description description("goalpath merge options");
  description.add_options()("parts", po::value<std::vector<std::string>>(&files)->required(),
                            "the part files of every shard of one run (goalpath run --shard I/N --out PART)");
  add_common_options(description, options, kWrite);
  po::positional_options_description positional;
  positional.add("parts", -1);
  if (!parse_arguments(call, description, positional, "goalpath merge PART... [--format F] [--out FILE]")) return 0;
  const Format format = output_format(options);
  std::vector<std::string> parts;
  for (const auto& file : files) parts.push_back(read_binary_file(file));
  // The scenario and the options are the shards' own (shard 0's command
  // line and threads, whatever the order of the parts): load it as they did.
  ShardInfo info = read_shard_info(parts.front(), files.front());
  for (std::size_t k = 1; k < parts.size() && info.index != 0; ++k) info = read_shard_info(parts[k], files[k]);
  LoadOptions load;
  load.set = info.set;
  const Scenario scenario = Scenario::load(info.scenario_file, load);
  RunOptions o = info.options;
  o.cancel = &interrupted();
  emit(options, render(merge_shards(scenario, o, parts, files), format, render_options(options)));
  return 0;
}

}  // namespace goalpath::app

// goalpath.hpp: run_shard, read_shard_info, merge_shards — one run as
// independent processes, merged into its result.
#include <nlohmann/json.hpp>

#include "goalpath/goalpath.hpp"
#include "goalpath/internal.hpp"

namespace goalpath {
namespace {

constexpr const char* kShardSchema = "goalpath.shard/1";

std::optional<OptionError> shard_problem(const RunOptions& o, int index, int count) {
  if (count < 1 || index < 0 || index >= count) {
    return OptionError("shard", std::to_string(index) + "/" + std::to_string(count),
                       "must be I/N with 0 <= I < N: shard I of N");
  }
  if (o.max_standard_error > 0) {
    return OptionError("max_standard_error", std::to_string(o.max_standard_error),
                       "chooses the paths by counting first; shards need them given: " + option_ref("paths"));
  }
  if (o.deterministic) return OptionError("deterministic", "true", "has no paths to split into shards");
  if (o.cluster) return OptionError("cluster", "set", "a shard runs alone: spread a run over MPI or over shards, not both");
  return std::nullopt;
}

InputError bad_part(const std::string& name, const std::string& message, const std::string& hint) {
  return InputError(SourcePos{name}, "bad-shard", message, hint);
}

}  // namespace

std::string run_shard(const Scenario& scenario, const RunOptions& options, int index, int count) {
  if (auto p = shard_problem(options, index, count)) throw *p;
  if (auto p = options.problem()) throw *p;
  const sim::SimulationOptions simulation = detail::run_simulation_options(scenario, options);
  nlohmann::json info = {
      {"schema", kShardSchema},
      {"engine", version()},
      {"shard", {{"index", index}, {"count", count}}},
      {"scenario", {{"file", scenario.provenance().file}, {"merged_sha256", scenario.provenance().merged_sha256}, {"set", scenario.provenance().set}}},
      {"options",
       {{"paths", simulation.paths}, {"seed", simulation.seed}, {"threads", simulation.resolved_threads()},
        {"block_size", simulation.block_size}, {"via", options.via}, {"signposts", options.signposts},
        {"command_line", options.command_line}}}};
  return info.dump() + "\n" + sim::run_monte_carlo_shard(scenario.model(), simulation, index, count);
}

ShardInfo read_shard_info(const std::string& part, const std::string& name) {
  const std::size_t end = part.find('\n');
  nlohmann::json j;
  if (end != std::string::npos) j = nlohmann::json::parse(part.begin(), part.begin() + static_cast<std::ptrdiff_t>(end), nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("schema", "") != kShardSchema) {
    throw bad_part(name, "not a shard file (" + std::string(kShardSchema) + ")",
                   "give the part files the shards of a run wrote");
  }
  try {
    ShardInfo s;
    s.index = j.at("shard").at("index").get<int>();
    s.count = j.at("shard").at("count").get<int>();
    s.engine_version = j.at("engine").get<std::string>();
    s.scenario_file = j.at("scenario").at("file").get<std::string>();
    s.merged_sha256 = j.at("scenario").at("merged_sha256").get<std::string>();
    s.set = j.at("scenario").at("set").get<std::vector<std::string>>();
    const nlohmann::json& o = j.at("options");
    s.options.paths = o.at("paths").get<std::int64_t>();
    s.options.seed = o.at("seed").get<std::uint64_t>();
    s.options.threads = o.at("threads").get<int>();
    s.options.block_size = o.at("block_size").get<int>();
    s.options.via = o.at("via").get<std::string>();
    s.options.signposts = o.at("signposts").get<bool>();
    s.options.command_line = o.at("command_line").get<std::string>();
    return s;
  } catch (const nlohmann::json::exception& e) {
    throw bad_part(name, std::string("a shard file with a damaged description: ") + e.what(),
                   "write the shard again");
  }
}

RunResult merge_shards(const Scenario& scenario, const RunOptions& options, const std::vector<std::string>& parts,
                       const std::vector<std::string>& names) {
  if (parts.empty()) throw OptionError("parts", "", "needs the shards to merge");
  if (names.size() != parts.size()) throw OptionError("names", std::to_string(names.size()), "must name each part");
  const int count = static_cast<int>(parts.size());
  if (auto p = shard_problem(options, 0, count)) throw *p;
  const sim::SimulationOptions simulation = detail::run_simulation_options(scenario, options);
  std::vector<std::string> bodies;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    const ShardInfo s = read_shard_info(parts[k], names[k]);
    if (s.engine_version != version()) {
      throw bad_part(names[k], "written by goalpath " + s.engine_version + ", this is " + version(),
                     "merge with the goalpath that ran the shards");
    }
    if (s.merged_sha256 != scenario.provenance().merged_sha256) {
      throw bad_part(names[k], "a shard of another scenario (merged SHA-256 " + s.merged_sha256.substr(0, 12) + "…, not " +
                                   scenario.provenance().merged_sha256.substr(0, 12) + "…)",
                     "merge the shards of one run; a scenario file edited since the shards ran gives another hash");
    }
    if (s.set != scenario.provenance().set) {
      throw bad_part(names[k], "a shard of the scenario with other overrides (--set)",
                     "merge the shards of one run, each written with the same overrides");
    }
    if (s.options.paths != simulation.paths || s.options.seed != simulation.seed ||
        s.options.block_size != simulation.block_size || s.options.via != options.via ||
        s.options.signposts != options.signposts) {
      throw bad_part(names[k], "a shard run with other options (paths, seed, block size, via or signposts)",
                     "merge the shards of one run, each written with the same options");
    }
    bodies.push_back(parts[k].substr(parts[k].find('\n') + 1));
  }
  RunResult result;
  try {
    result = detail::run_with(scenario, options, [&](const sim::SimulationOptions& merged) {
      return sim::merge_monte_carlo_shards(scenario.model(), merged, bodies);
    });
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const InputError*>(&e) || dynamic_cast<const sim::ResourceLimit*>(&e)) throw;
    throw bad_part(names.front(), e.what(), "give every shard of one run, each once");
  }
  result.settings.processes = count;
  return result;
}

}  // namespace goalpath

// goalpath.hpp: the scenario, provenance, and the options every study shares.
#include <cmath>
#include <fmt/format.h>

#include "goalpath/goalpath.hpp"
#include "goalpath/internal.hpp"

namespace goalpath {

const char* version() { return GOALPATH_VERSION; }

OptionError::OptionError(std::string field_, std::string value_, std::string rule_)
    : std::invalid_argument(render_option_refs(field_ + (value_.empty() ? "" : " = " + value_) + ": " + rule_)),
      field(std::move(field_)), value(std::move(value_)), rule(std::move(rule_)) {}

namespace {

Scenario::Parts compile(scenario::ScenarioSpec spec, const LoadOptions& options, const std::string& file,
                        const std::string& file_sha256) {
  for (const auto& assignment : options.set) scenario::apply_override(spec, assignment);
  auto provenance = std::make_shared<Provenance>();
  provenance->file = file;
  provenance->sha256 = file_sha256;
  provenance->set = options.set;
  for (const auto& f : spec.files) provenance->files.emplace_back(f, report::sha256_file(f));
  if (!spec.canonical_text.empty()) provenance->merged_sha256 = report::sha256_text(spec.canonical_text);
  auto model = std::make_shared<const model::Model>(model::compile_model(std::move(spec)));
  return {std::move(model), std::move(provenance)};
}

}  // namespace

Scenario Scenario::load(const std::string& path, const LoadOptions& options) {
  return Scenario(compile(scenario::load_scenario(path), options, path, report::sha256_file(path)));
}

Scenario Scenario::parse(const std::string& yaml, const std::string& name, const LoadOptions& options) {
  return Scenario(compile(scenario::load_scenario_text(yaml, name), options, "", report::sha256_text(yaml)));
}

Scenario Scenario::with_set(const std::vector<std::string>& set) const {
  scenario::ScenarioSpec spec = model_->spec;
  for (const auto& assignment : set) scenario::apply_override(spec, assignment);
  auto provenance = std::make_shared<Provenance>(*provenance_);
  provenance->set.insert(provenance->set.end(), set.begin(), set.end());
  return Scenario(Parts{std::make_shared<const model::Model>(model::compile_model(std::move(spec))), std::move(provenance)});
}

std::vector<std::string> Scenario::parameter_names() const {
  std::vector<std::string> out;
  for (const auto& p : model_->parameters) out.push_back(p.name);
  return out;
}

std::vector<std::string> Scenario::uncertain_parameter_names() const {
  std::vector<std::string> out;
  for (const auto& p : model_->parameters) {
    if (p.uncertain()) out.push_back(p.name);
  }
  return out;
}

std::vector<std::string> Scenario::target_ids() const {
  std::vector<std::string> out;
  for (const auto& t : model_->targets) out.push_back(t.id);
  return out;
}

std::vector<std::string> Scenario::indicator_names() const {
  std::vector<std::string> out;
  for (const auto& i : model_->indicators) out.push_back(i.name);
  return out;
}

std::vector<int> Scenario::years() const {
  std::vector<int> out;
  for (int y = model_->base_year; y <= model_->last_year; ++y) out.push_back(y);
  return out;
}

std::optional<OptionError> ExecutionOptions::problem() const {
  if (paths && *paths < 1) return OptionError("paths", std::to_string(*paths), "must be at least 1");
  if (paths && *paths > sim::kMaxPaths) {
    return OptionError("paths", std::to_string(*paths), "must be at most " + std::to_string(sim::kMaxPaths));
  }
  if (seed && *seed > scenario::kMaxSeed) {
    return OptionError("seed", std::to_string(*seed), "must be a whole number from 0 to 2^53");
  }
  if (threads < 0 || threads > sim::kMaxThreads) {
    return OptionError("threads", std::to_string(threads), "must be from 0 (every core) to " + std::to_string(sim::kMaxThreads));
  }
  if (block_size < 1 || block_size > sim::kMaxBlockSize) {
    return OptionError("block_size", std::to_string(block_size), "must be from 1 to " + std::to_string(sim::kMaxBlockSize));
  }
  if (!(max_seconds >= 0)) return OptionError("max_seconds", fmt::format("{}", max_seconds), "must be >= 0 (0: no limit)");
  if (max_memory_bytes < 0) {
    return OptionError("max_memory_bytes", std::to_string(max_memory_bytes), "must be >= 0 (0: no limit)");
  }
  return std::nullopt;
}

std::string ExecutionOptions::validate() const {
  auto p = problem();
  return p ? std::string(p->what()) : std::string();
}

namespace detail {

sim::SimulationOptions simulation_options(const model::Model& model, const ExecutionOptions& o,
                                          std::int64_t default_paths) {
  if (auto p = o.problem()) throw *p;
  sim::SimulationOptions s;
  s.paths = o.paths.value_or(model.spec.paths.value_or(default_paths));
  s.seed = o.seed.value_or(model.spec.seed.value_or(1));
  s.threads = o.threads;
  s.block_size = o.block_size;
  s.max_seconds = o.max_seconds;
  s.max_memory_bytes = o.max_memory_bytes;
  s.progress = o.progress;
  s.cancel = o.cancel;
  s.cluster = o.cluster;
  if (std::string problem = s.validate(); !problem.empty()) throw OptionError("simulation", "", problem);
  return s;
}

analysis::StudyInfo study_info(const Scenario& scenario, const ExecutionOptions& o) {
  analysis::StudyInfo info;
  info.scenario_id = scenario.model().id;
  info.title = scenario.model().title;
  info.language = scenario.model().language;
  info.scenario_file = scenario.provenance().file;
  info.scenario_sha256 = scenario.provenance().sha256;
  info.scenario_files = scenario.provenance().files;
  info.merged_sha256 = scenario.provenance().merged_sha256;
  info.engine_version = version();
  info.command_line = o.command_line;
  return info;
}

void stamp(analysis::StudyInfo& info, const Scenario& scenario, const ExecutionOptions& o) {
  const analysis::StudyInfo given = study_info(scenario, o);
  info.scenario_file = given.scenario_file;
  info.scenario_sha256 = given.scenario_sha256;
  info.scenario_files = given.scenario_files;
  info.merged_sha256 = given.merged_sha256;
  info.engine_version = given.engine_version;
  info.command_line = given.command_line;
  info.language = given.language;
}

}  // namespace detail

sim::SimulationOptions simulation_options(const Scenario& scenario, const ExecutionOptions& options,
                                          std::int64_t default_paths) {
  return detail::simulation_options(scenario.model(), options, default_paths);
}

}  // namespace goalpath

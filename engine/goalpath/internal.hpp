// What the files of goalpath/ share; not part of the public interface.
#pragma once

#include "goalpath/goalpath.hpp"

namespace goalpath::detail {

/// sim options from a study's execution options: paths and seed resolved
/// (the options', else the scenario's `simulation:`, else the default).
/// OptionError for a field out of range.
sim::SimulationOptions simulation_options(const model::Model& model, const ExecutionOptions& options,
                                          std::int64_t default_paths);

/// A study's provenance block from the scenario and the options.
analysis::StudyInfo study_info(const Scenario& scenario, const ExecutionOptions& options);
/// The provenance fields of `info` that a study leaves to its caller
/// (files, hashes, engine version, command line), filled in.
void stamp(analysis::StudyInfo& info, const Scenario& scenario, const ExecutionOptions& options);

/// The provenance block of a run (and of the run a track reads).
analysis::RunSettings run_settings(const Scenario& scenario, const ExecutionOptions& options,
                                   const sim::SimulationOptions& simulation, bool deterministic);
/// The index of the indicator named by a `via` option; -1 for ""; InputError
/// with a did-you-mean for an unknown name.
int via_indicator(const model::Model& model, const std::string& via, const std::vector<std::string>& names);

/// run() with the Monte Carlo done by `simulate` (run_monte_carlo; a merge
/// of shards hands in the merged outcome instead), from the simulation
/// options run_simulation_options gives: paths, seed, recorded paths.
using MonteCarlo = std::function<sim::MonteCarloOutcome(const sim::SimulationOptions&)>;
RunResult run_with(const Scenario& scenario, const RunOptions& options, const MonteCarlo& simulate);
sim::SimulationOptions run_simulation_options(const Scenario& scenario, const RunOptions& options);

}  // namespace goalpath::detail

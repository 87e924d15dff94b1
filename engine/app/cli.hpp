// The goalpath command line: a thin layer that parses options, calls the
// library and prints. Verbs live in verb_*.cpp; this header holds what
// they share.
#pragma once

#include <boost/program_options.hpp>
#include <atomic>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "report/report.hpp"
#include "sim/sim.hpp"

namespace goalpath::app {

namespace po = boost::program_options;

/// Options shared by the verbs that simulate.
struct CommonOptions {
  std::optional<std::int64_t> paths;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  int block_size = 1024;
  bool deterministic = false;
  double max_seconds = 3600;  // refuse runs projected to take longer (0: no limit)
  std::vector<std::string> set;
  std::string format;  // "" = from --out's extension, else table
  std::string out;
  bool quiet = false;
};

struct Invocation {
  std::string verb;
  std::vector<std::string> args;  // after the verb
  std::string command_line;       // as typed, for reports
};

/// A bad command line: exit status 2, message on stderr.
struct UsageError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

void add_common_options(po::options_description& description, CommonOptions& options, bool simulate = true);
/// Parses args against `description` with `positional` names; prints help and
/// returns false for --help.
bool parse_arguments(const Invocation& call, po::options_description& description,
                     const po::positional_options_description& positional, const std::string& usage);

/// Every file of the model's extends chain with the SHA-256 of its bytes,
/// and the SHA-256 of the merged scenario, for a report's provenance.
std::vector<std::pair<std::string, std::string>> scenario_file_hashes(const model::Model& model);
std::string merged_scenario_hash(const model::Model& model);

/// Loads, applies --set and compiles.
model::Model load_model(const std::string& path, const std::vector<std::string>& overrides);

/// Simulation options from the common options and the scenario's defaults,
/// with progress on stderr (a terminal only, after a second) and Ctrl-C.
sim::SimulationOptions simulation_options(const CommonOptions& options, const model::Model& model,
                                          const std::string& what);

report::Format output_format(const CommonOptions& options);
/// Writes to --out atomically, or to stdout.
void emit(const CommonOptions& options, const std::string& content);

/// Remembers a file read as input; --out may not name it (check_out_is_not_an_input).
void note_input_file(const std::string& file);
/// Throws UsageError when --out names an input file (the scenario, a file it
/// extends, a report JSON given to compare).
void check_out_is_not_an_input(const CommonOptions& options);
/// --seed: a whole number from 0 to 2^53 (scenario::kMaxSeed), as simulation.seed.
std::uint64_t parse_seed(const std::string& text);

/// The flag Ctrl-C sets.
std::atomic<bool>& interrupted();
/// Set until emit() starts writing: Ctrl-C then ends the process at once,
/// exit status 1, as nothing has been written. It covers the work that cannot
/// poll interrupted(): yaml-cpp's parse, a Latin hypercube of 10^7 points,
/// sorts and matrix products; the library's loops poll the flag as well.
std::atomic<bool>& interrupt_exits_now();

int verb_check(const Invocation& call);
int verb_run(const Invocation& call);
int verb_sweep(const Invocation& call);
int verb_sensitivity(const Invocation& call);
int verb_solve(const Invocation& call);
int verb_discover(const Invocation& call);
int verb_backtest(const Invocation& call);
int verb_calibrate(const Invocation& call);
int verb_compare(const Invocation& call);

}  // namespace goalpath::app

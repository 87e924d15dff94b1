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

#include "goalpath/goalpath.hpp"

namespace goalpath::app {

namespace po = boost::program_options;

/// Options shared by the verbs: one registration (add_common_options), one
/// mapping to the library's ExecutionOptions (execution_options).
struct CommonOptions {
  std::optional<std::int64_t> paths;
  std::optional<std::uint64_t> seed;
  int threads = 0;
  int block_size = 1024;
  bool deterministic = false;
  double max_seconds = 3600;  // refuse runs projected to take longer (0: no limit)
  std::vector<std::string> set;
  std::string format;  // "" = from --out's extension, else table
  std::string lang;    // "" = the scenario's language:, else the locale
  bool no_bom = false;
  std::string out;
  bool quiet = false;
};

/// Which of the shared options a verb takes (add_common_options).
enum Shared : unsigned {
  kPaths = 1u << 0,
  kSeed = 1u << 1,
  kThreads = 1u << 2,       // --threads and --block-size
  kMaxSeconds = 1u << 3,
  kDeterministic = 1u << 4,
  kSet = 1u << 5,
  kFormat = 1u << 6,
  kOut = 1u << 7,
  kQuiet = 1u << 8,
  kWrite = kFormat | kOut | kQuiet,
  kExecute = kSeed | kThreads | kMaxSeconds,  // what every simulating study takes
  kAll = kPaths | kExecute | kDeterministic | kSet | kWrite,
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

/// Registers the shared options `which` (Shared bits) once for every verb,
/// so --threads and --max-seconds mean the same wherever they apply.
/// `help` replaces an option's help text by its name ("seed": "...") where a
/// verb's meaning is narrower.
void add_common_options(po::options_description& description, CommonOptions& options, unsigned which = kAll,
                        const std::vector<std::pair<std::string, std::string>>& help = {});
/// Parses args against `description` with `positional` names; prints help and
/// returns false for --help.
bool parse_arguments(const Invocation& call, po::options_description& description,
                     const po::positional_options_description& positional, const std::string& usage);

/// The one mapping from the command line to the library: paths, seed,
/// threads, block size, --max-seconds, the machine's available memory as
/// max_memory_bytes, progress on stderr (a terminal only, after a second,
/// not with --quiet) labelled `what`, Ctrl-C as cancel, and the command line
/// for the report. Fills the ExecutionOptions part of a study's options.
void execution_options(const CommonOptions& options, const Invocation& call, const std::string& what,
                       ExecutionOptions& execution);

/// Scenario::load with --set; notes the extends chain as input files and
/// refuses an --out that names one of them.
Scenario load_scenario(const std::string& file, const CommonOptions& options);

report::Format output_format(const CommonOptions& options);
/// Colour in a table: stdout a terminal, no --out, no NO_COLOR.
RenderOptions render_options(const CommonOptions& options);
/// Writes to --out atomically, or to stdout.
void emit(const CommonOptions& options, const std::string& content);
/// "goalpath VERB: warning: TEXT" on stderr for each, terminal-safe.
void warn(const Invocation& call, const std::vector<std::string>& warnings);

/// Remembers a file read as input; --out may not name it (check_out_is_not_an_input).
void note_input_file(const std::string& file);
/// Throws UsageError when --out names an input file (the scenario, a file it
/// extends, a report JSON given to compare).
void check_out_is_not_an_input(const CommonOptions& options);
/// --seed: a whole number from 0 to 2^53 (scenario::kMaxSeed), as simulation.seed.
std::uint64_t parse_seed(const std::string& text);

/// An option field of the library ("block_size", "prim.min_mass") spelled as
/// the command line's flag ("--block-size", "--min-mass").
std::string flag_for_field(const std::string& field);
/// An OptionError as the command line says it: "--paths = 0: must be at least 1".
std::string describe(const OptionError& error);

/// The flag Ctrl-C sets.
std::atomic<bool>& interrupted();

/// The MPI job this process belongs to (`mpirun -n N goalpath ...`), set
/// once by main; nullptr when goalpath runs alone. Every process of a job
/// runs the whole verb; only the first (rank 0) speaks: it alone shows
/// progress and warnings and writes the report (emit, warn).
struct Job {
  const sim::Cluster* cluster = nullptr;
  int cores_per_process = 0;  // 0: every core (the machine runs one process of the job)
  bool speaks() const { return !cluster || cluster->rank() == 0; }
};
Job& job();
/// Set until emit() starts writing: Ctrl-C then ends the process at once,
/// exit status 1, as nothing has been written. It covers the work that cannot
/// poll interrupted(): yaml-cpp's parse, a Latin hypercube of 10^7 points,
/// sorts and matrix products; the library's loops poll the flag as well.
std::atomic<bool>& interrupt_exits_now();

/// "I/N" of --shard as (I, N); UsageError unless 0 <= I < N.
std::pair<int, int> parse_shard(const std::string& text);
/// The command line without the given flags and their values ("--out X", "--out=X").
std::string without_flags(const Invocation& call, const std::vector<std::string>& flags);
/// A whole file's bytes; InputError (at the file) when it cannot be read.
std::string read_binary_file(const std::string& path);

int verb_check(const Invocation& call);
int verb_merge(const Invocation& call);
int verb_run(const Invocation& call);
int verb_sweep(const Invocation& call);
int verb_sensitivity(const Invocation& call);
int verb_solve(const Invocation& call);
int verb_discover(const Invocation& call);
int verb_backtest(const Invocation& call);
int verb_track(const Invocation& call);
int verb_calibrate(const Invocation& call);
int verb_compare(const Invocation& call);
int verb_brief(const Invocation& call);
int verb_serve(const Invocation& call);

}  // namespace goalpath::app

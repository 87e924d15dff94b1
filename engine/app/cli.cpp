#include "app/cli.hpp"

#include <sys/resource.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "common/error.hpp"
#include "scenario/scenario.hpp"

namespace goalpath::app {

std::atomic<bool>& interrupted() {
  static std::atomic<bool> flag{false};
  return flag;
}

std::pair<int, int> parse_shard(const std::string& text) {
  int index = -1, count = 0;
  char slash = 0, extra = 0;
  if (std::sscanf(text.c_str(), "%d %c %d %c", &index, &slash, &count, &extra) != 3 || slash != '/' || count < 1 ||
      index < 0 || index >= count || count > 1000000) {
    throw UsageError("--shard is '" + text + "'; give I/N with 0 <= I < N, e.g. --shard 0/8 for the first of 8 shards");
  }
  return {index, count};
}

std::string without_flags(const Invocation& call, const std::vector<std::string>& flags) {
  std::string line = "goalpath " + call.verb;
  for (std::size_t k = 0; k < call.args.size(); ++k) {
    const std::string& arg = call.args[k];
    bool drop = false;
    for (const auto& flag : flags) {
      if (arg == flag) {
        drop = true;
        ++k;  // and its value
      } else if (arg.rfind(flag + "=", 0) == 0) {
        drop = true;
      }
    }
    if (!drop) line += " " + arg;
  }
  return line;
}

std::string read_binary_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(SourcePos{path}, "io", "cannot read this file", "check the path");
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in && !in.eof()) throw InputError(SourcePos{path}, "io", "reading this file failed", "check the path");
  return bytes.str();
}

Job& job() {
  static Job the_job;
  return the_job;
}

namespace {

/// Every file read as input (scenarios and what they extend, report JSON
/// files), so that --out never replaces one of them with a report.
std::vector<std::string>& input_files() {
  static std::vector<std::string> files;
  return files;
}

}  // namespace

void note_input_file(const std::string& file) { input_files().push_back(file); }

void check_out_is_not_an_input(const CommonOptions& o) {
  if (o.out.empty() || o.out == "-") return;
  for (const auto& file : input_files()) {
    std::error_code ec;
    if (std::filesystem::equivalent(o.out, file, ec)) {
      throw UsageError("--out '" + o.out + "' is the input file '" + file +
                       "'; the report would replace it: name another file");
    }
  }
}

std::uint64_t parse_seed(const std::string& text) {
  // One rule for the command line and simulation.seed: JSON reports carry the
  // seed as a number, which JSON readers hold exactly only up to 2^53.
  const bool digits = !text.empty() && text.size() <= 20 &&
                      std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  const unsigned long long value = digits ? std::strtoull(text.c_str(), nullptr, 10) : 0;
  if (!digits || value > scenario::kMaxSeed || (text.size() == 20 && text > "18446744073709551615")) {
    throw UsageError("--seed '" + text + "' is not a whole number from 0 to " + std::to_string(scenario::kMaxSeed) +
                     " (2^53)");
  }
  return value;
}

void add_common_options(po::options_description& d, CommonOptions& o, unsigned which,
                        const std::vector<std::pair<std::string, std::string>>& help) {
  // One table of the shared options; a verb picks its rows and may narrow a
  // help text. The library's ExecutionOptions fields are the same names.
  auto text = [&help](const char* name, const char* standard) {
    for (const auto& [option, replacement] : help) {
      if (option == name) return replacement;
    }
    return std::string(standard);
  };
  auto add = [&d](const char* name, const po::value_semantic* value, const std::string& description) {
    d.add_options()(name, value, description.c_str());
  };
  if (which & kPaths) {
    add("paths", po::value<std::int64_t>()->notifier([&o](std::int64_t v) { o.paths = v; }),
        text("paths", "Monte Carlo paths (default: the scenario's simulation.paths, else 100000)"));
  }
  if (which & kSeed) {
    add("seed", po::value<std::string>()->notifier([&o](const std::string& v) { o.seed = parse_seed(v); }),
        text("seed", "random seed (default: the scenario's simulation.seed, else 1); same seed, same report"));
  }
  if (which & kThreads) {
    add("threads", po::value<int>(&o.threads)->default_value(0),
        text("threads", "worker threads (0: every core); never changes the result"));
    add("block-size", po::value<int>(&o.block_size)->default_value(1024),
        text("block-size", "paths evaluated together; never changes the result"));
  }
  if (which & kDeterministic) {
    add("deterministic", po::bool_switch(&o.deterministic),
        text("deterministic", "no Monte Carlo: parameters at their value, shocks at 0"));
  }
  if (which & kMaxSeconds) {
    add("max-seconds", po::value<double>(&o.max_seconds)->default_value(3600),
        text("max-seconds", "refuse a run projected to take longer than this (0: no limit)"));
  }
  if (which & kSet) {
    add("set", po::value<std::vector<std::string>>(&o.set)->composing(),
        text("set", "override a parameter: NAME=VALUE or NAME.sd=VALUE (repeatable)"));
  }
  if (which & kFormat) {
    add("format", po::value<std::string>(&o.format),
        text("format", "table | json | csv | md | html (default: from --out's extension, else table)"));
    add("lang", po::value<std::string>(&o.lang),
        text("lang", "zh | en: the language of table, md and html reports (default: the scenario's language:, "
                     "else the locale, else en)"));
    add("no-bom", po::bool_switch(&o.no_bom),
        text("no-bom", "CSV without the UTF-8 byte-order mark (Excel needs the mark to read Chinese text)"));
  }
  if (which & kOut) {
    add("out", po::value<std::string>(&o.out),
        text("out", "write the report to FILE (atomically; nothing is written on failure)"));
  }
  if (which & kQuiet) add("quiet", po::bool_switch(&o.quiet), text("quiet", "no progress display on stderr"));
}

bool parse_arguments(const Invocation& call, po::options_description& description,
                     const po::positional_options_description& positional, const std::string& usage) {
  description.add_options()("help,h", "show this help");
  po::variables_map vm;
  try {
    po::store(po::command_line_parser(call.args).options(description).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: " << usage << "\n\n" << description << "\n";
      return false;
    }
    po::notify(vm);
  } catch (const po::unknown_option& e) {
    // A mistyped option gets the same did-you-mean as a mistyped key.
    std::string typed = e.get_option_name();
    std::vector<std::string> names;
    for (const auto& option : description.options()) names.push_back("--" + option->long_name());
    std::string best = closest_match(typed, names);
    throw UsageError(std::string(e.what()) + (best.empty() ? "" : "; did you mean '" + best + "'?"));
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  return true;
}

std::atomic<bool>& interrupt_exits_now() {
  static std::atomic<bool> flag{false};
  return flag;
}

Scenario load_scenario(const std::string& file, const CommonOptions& options) {
  LoadOptions load;
  load.set = options.set;
  Scenario scenario = Scenario::load(file, load);
  for (const auto& f : scenario.spec().files) note_input_file(f);
  check_out_is_not_an_input(options);
  return scenario;
}

namespace {

/// Progress on stderr: only on a terminal, only once the work has taken a second.
class ProgressLine {
 public:
  explicit ProgressLine(std::string what) : what_(std::move(what)), start_(std::chrono::steady_clock::now()) {}
  ~ProgressLine() {
    if (shown_) std::fprintf(stderr, "\r\033[K");
  }
  void update(double fraction) {
    double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    if (elapsed < 1.0 || fraction >= 1.0) {
      if (fraction >= 1.0 && shown_) {
        std::fprintf(stderr, "\r\033[K");
        shown_ = false;
      }
      return;
    }
    double remaining = fraction > 0 ? elapsed * (1 - fraction) / fraction : 0;
    std::fprintf(stderr, "\r\033[K%s: %3.0f%%  (%.0f s left, Ctrl-C stops)", what_.c_str(), 100 * fraction, remaining);
    std::fflush(stderr);
    shown_ = true;
  }

 private:
  std::string what_;
  std::chrono::steady_clock::time_point start_;
  bool shown_ = false;
};

/// A number from a one-line file such as /sys/fs/cgroup/memory.max; 0 for
/// "max", a missing file or anything else.
std::int64_t number_in_file(const std::string& path) {
  std::ifstream in(path);
  std::int64_t value = 0;
  return (in >> value) ? value : 0;
}

/// What this machine can give a run: the least of MemAvailable from
/// /proc/meminfo, the address-space limit (ulimit -v) and what the cgroup
/// (memory.max less memory.current; a container's limit) leaves, less a
/// tenth for everything else; 0 (no limit) where none is known.
std::int64_t available_memory_bytes() {
  std::int64_t available = 0;
  auto at_most = [&available](std::int64_t bytes) {
    if (bytes > 0 && (available == 0 || bytes < available)) available = bytes;
  };
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::int64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") at_most(kib * 1024);
  }
  if (rlimit limit{}; ::getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
    // The address space also holds the program, its libraries and thread
    // stacks: count what is mapped already as used.
    std::ifstream statm("/proc/self/statm");
    std::int64_t pages = 0;
    statm >> pages;
    at_most(std::max<std::int64_t>(1, static_cast<std::int64_t>(limit.rlim_cur) - pages * ::sysconf(_SC_PAGESIZE)));
  }
  if (std::int64_t max = number_in_file("/sys/fs/cgroup/memory.max"); max > 0) {
    at_most(std::max<std::int64_t>(1, max - number_in_file("/sys/fs/cgroup/memory.current")));
  }
  return available / 10 * 9;
}

}  // namespace

void execution_options(const CommonOptions& o, const Invocation& call, const std::string& what,
                       ExecutionOptions& e) {
  e.paths = o.paths;
  e.seed = o.seed;
  // Processes of one job on one machine share its cores.
  e.threads = o.threads == 0 ? job().cores_per_process : o.threads;
  e.cluster = job().cluster;
  e.block_size = o.block_size;
  e.max_seconds = o.max_seconds;
  e.max_memory_bytes = available_memory_bytes();
  e.cancel = &interrupted();
  e.command_line = call.command_line;
  e.progress = nullptr;
  if (!o.quiet && ::isatty(STDERR_FILENO) && job().speaks()) {
    auto line = std::make_shared<ProgressLine>(what);
    e.progress = [line](double fraction) { line->update(fraction); };
  }
}

RenderOptions render_options(const CommonOptions& o) {
  RenderOptions r;
  r.color = o.out.empty() && ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
  if (!o.lang.empty()) {
    r.lang = report::lang_from_string(o.lang);
    if (!r.lang || (o.lang != "zh" && o.lang != "en")) {
      throw UsageError("--lang is '" + o.lang + "'; reports are written in zh (Chinese) or en (English)");
    }
  }
  // The locale as POSIX orders it: LC_ALL, then LC_MESSAGES, then LANG.
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const char* value = std::getenv(name);
    if (value && *value) {
      r.locale = value;
      break;
    }
  }
  r.csv_byte_order_mark = !o.no_bom;
  return r;
}

void warn(const Invocation& call, const std::vector<std::string>& warnings) {
  if (!job().speaks()) return;
  for (const auto& w : warnings) std::cerr << "goalpath " << call.verb << ": warning: " << report::terminal_safe(w) << "\n";
}

std::string flag_for_field(const std::string& field) {
  // Where the flag is not the field with - for _ (and without its struct).
  static const std::vector<std::pair<std::string, std::string>> kFlags = {
      {"from_year", "--from"},         {"to_year", "--to"},   {"sweeps", "--sweep"}, {"targets", "--target"},
      {"prim.min_mass", "--min-mass"}, {"prim.peel_alpha", "--peel-alpha"},
      {"max_memory_bytes", "the memory available (max_memory_bytes)"}, {"save_directory", "--save-dir"},
      {"max_standard_error", "--precision"}, {"cluster", "mpirun"},
  };
  for (const auto& [name, flag] : kFlags) {
    if (name == field) return flag;
  }
  std::string flag = field.substr(field.rfind('.') == std::string::npos ? 0 : field.rfind('.') + 1);
  std::replace(flag.begin(), flag.end(), '_', '-');
  return "--" + flag;
}

std::string describe(const OptionError& e) {
  const auto spell = [](std::string_view field) { return flag_for_field(std::string(field)); };
  return flag_for_field(e.field) + (e.value.empty() ? "" : " = " + e.value) + ": " + render_option_refs(e.rule, spell);
}

report::Format output_format(const CommonOptions& o) {
  if (!o.format.empty()) {
    auto format = report::format_from_string(o.format);
    if (!format) {
      throw UsageError("unknown format '" + o.format + "'; " + did_you_mean(o.format, {"table", "json", "csv", "md", "html"}));
    }
    return *format;
  }
  std::string extension = std::filesystem::path(o.out).extension().string();
  if (extension == ".json") return report::Format::json;
  if (extension == ".csv") return report::Format::csv;
  if (extension == ".md") return report::Format::md;
  if (extension == ".html" || extension == ".htm") return report::Format::html;
  return report::Format::table;
}

void emit(const CommonOptions& o, const std::string& content) {
  // From here on a file may be under way: Ctrl-C no longer ends the process
  // at once (main's handler), the write finishes or is cleaned up.
  interrupt_exits_now().store(false);
  if (interrupted().load()) throw sim::Cancelled();
  if (!job().speaks()) return;  // the other processes of an MPI job computed the same report
  if (o.out.empty() || o.out == "-") {
    // A table is for a terminal: a title or label with escape sequences must
    // not reach it raw. (JSON, HTML and Markdown escape their own text.)
    const bool table = output_format(o) == report::Format::table;
    const bool colour = ::isatty(STDOUT_FILENO) && !std::getenv("NO_COLOR");
    std::cout << (table ? report::terminal_safe(content, colour) : content);
    std::cout.flush();
    if (!std::cout) throw std::runtime_error("writing the report to standard output failed (closed, or a full disk)");
    return;
  }
  check_out_is_not_an_input(o);
  report::write_file_atomically(o.out, content);
}

}  // namespace goalpath::app

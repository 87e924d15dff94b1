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

#include "common/error.hpp"
#include "scenario/scenario.hpp"

namespace goalpath::app {

std::atomic<bool>& interrupted() {
  static std::atomic<bool> flag{false};
  return flag;
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

void add_common_options(po::options_description& d, CommonOptions& o, bool simulate) {
  if (simulate) {
    d.add_options()
      ("paths", po::value<std::int64_t>()->notifier([&o](std::int64_t v) { o.paths = v; }), "Monte Carlo paths (default: the scenario's simulation.paths, else 100000)")
      ("seed", po::value<std::string>()->notifier([&o](const std::string& v) { o.seed = parse_seed(v); }), "random seed (default: the scenario's simulation.seed, else 1); same seed, same report")
      ("threads", po::value<int>(&o.threads)->default_value(0), "worker threads (0: every core); never changes the result")
      ("block-size", po::value<int>(&o.block_size)->default_value(1024), "paths evaluated together; never changes the result")
      ("deterministic", po::bool_switch(&o.deterministic), "no Monte Carlo: parameters at their value, shocks at 0")
      ("max-seconds", po::value<double>(&o.max_seconds)->default_value(3600), "refuse a run projected to take longer than this (0: no limit)");
  }
  d.add_options()
    ("set", po::value<std::vector<std::string>>(&o.set)->composing(), "override a parameter: NAME=VALUE or NAME.sd=VALUE (repeatable)")
    ("format", po::value<std::string>(&o.format), "table | json | csv | md | html (default: from --out's extension, else table)")
    ("out", po::value<std::string>(&o.out), "write the report to FILE (atomically; nothing is written on failure)")
    ("quiet", po::bool_switch(&o.quiet), "no progress display on stderr");
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

model::Model load_model(const std::string& path, const std::vector<std::string>& overrides) {
  scenario::ScenarioSpec spec = scenario::load_scenario(path);
  for (const auto& file : spec.files) note_input_file(file);
  for (const auto& assignment : overrides) scenario::apply_override(spec, assignment);
  return model::compile_model(spec);
}

std::vector<std::pair<std::string, std::string>> scenario_file_hashes(const model::Model& model) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& file : model.spec.files) out.emplace_back(file, report::sha256_file(file));
  return out;
}

std::string merged_scenario_hash(const model::Model& model) {
  return model.spec.canonical_text.empty() ? std::string{} : report::sha256_text(model.spec.canonical_text);
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

sim::SimulationOptions simulation_options(const CommonOptions& o, const model::Model& model, const std::string& what) {
  sim::SimulationOptions s;
  s.paths = o.paths.value_or(model.spec.paths.value_or(100000));
  s.seed = o.seed.value_or(model.spec.seed.value_or(1));
  s.threads = o.threads;
  s.block_size = o.block_size;
  s.cancel = &interrupted();
  s.max_seconds = o.max_seconds;
  s.max_memory_bytes = available_memory_bytes();
  if (!o.quiet && ::isatty(STDERR_FILENO)) {
    auto line = std::make_shared<ProgressLine>(what);
    s.progress = [line](double fraction) { line->update(fraction); };
  }
  if (std::string problem = s.validate(); !problem.empty()) throw UsageError(problem);
  check_out_is_not_an_input(o);
  return s;
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

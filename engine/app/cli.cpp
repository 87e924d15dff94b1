#include "app/cli.hpp"

#include <unistd.h>

#include <chrono>
#include <cstdio>
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

void add_common_options(po::options_description& d, CommonOptions& o, bool simulate) {
  if (simulate) {
    d.add_options()
      ("paths", po::value<std::int64_t>()->notifier([&o](std::int64_t v) { o.paths = v; }), "Monte Carlo paths (default: the scenario's simulation.paths, else 100000)")
      ("seed", po::value<std::uint64_t>()->notifier([&o](std::uint64_t v) { o.seed = v; }), "random seed (default: the scenario's simulation.seed, else 1); same seed, same report")
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

model::Model load_model(const std::string& path, const std::vector<std::string>& overrides) {
  scenario::ScenarioSpec spec = scenario::load_scenario(path);
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

/// What this machine can give a run: MemAvailable from /proc/meminfo, less a
/// tenth for everything else; 0 (no limit) where that is not known.
std::int64_t available_memory_bytes() {
  std::ifstream meminfo("/proc/meminfo");
  std::string key;
  std::int64_t kib = 0;
  std::string unit;
  while (meminfo >> key >> kib >> unit) {
    if (key == "MemAvailable:") return kib * 1024 / 10 * 9;
  }
  return 0;
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
  if (interrupted().load()) throw sim::Cancelled();
  if (o.out.empty() || o.out == "-") {
    std::cout << content;
    std::cout.flush();
    return;
  }
  report::write_file_atomically(o.out, content);
}

}  // namespace goalpath::app

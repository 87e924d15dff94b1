// goalpath: the command line. See CLI.md for the contract.
#include <malloc.h>
#include <sys/mman.h>
#include <unistd.h>

#include <algorithm>
#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <cstdio>
#include <iostream>
#include <map>
#include <memory>
#include <thread>

#include "app/cli.hpp"
#include "common/memory.hpp"
#ifdef GOALPATH_WITH_MPI
#include "mpi/mpi_cluster.hpp"
#endif

namespace {

using namespace goalpath;

const char* kUsage = R"(goalpath — target-tracking simulation for planners

usage: goalpath VERB SCENARIO.yaml [options]      (goalpath VERB --help for each verb's options)

verbs:
  check SCENARIO         validate only; print the model summary
  run SCENARIO           projection + Monte Carlo + target verdicts
  sweep SCENARIO         each target's probability over a grid of assumptions
  sensitivity SCENARIO   which assumption matters most (tornado, morris, sobol)
  solve SCENARIO         break-even value of a parameter for a target
  discover SCENARIO      which ranges of assumptions lead to success (PRIM)
  track SCENARIO         what the years observed since the base year did to the odds, and signposts
  backtest SCENARIO      restart from an earlier year of history and compare
  calibrate SCENARIO     estimate an indicator's growth from its history
  compare A B            two scenarios or two report JSON files side by side
  brief SCENARIO         one page for a director: the answer, its drivers, signposts, variants, assumptions
  serve SCENARIO         a live what-if page (and JSON API) on this machine: move an assumption, see the odds
  merge PART...          the report of a run from the parts of its shards (goalpath run --shard I/N --out PART)

exit status: 0 success, 2 the scenario or the command line is wrong, 1 anything else
)";

void on_interrupt(int) {
  app::interrupted().store(true);
  if (app::interrupt_exits_now().load()) {
    // Only async-signal-safe calls here: write(2) and _exit(2).
    static const char kMessage[] = "\ngoalpath: interrupted; nothing was written\n";
    [[maybe_unused]] auto written = ::write(STDERR_FILENO, kMessage, sizeof kMessage - 1);
    ::_exit(1);
  }
}

/// The number of processes an MPI launcher (mpirun, srun) started with this
/// one, from the environment it sets; 0 when none did. Read before any MPI
/// call, so that a plain `goalpath run` never starts MPI.
int launched_processes() {
  for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_SIZE", "SLURM_NTASKS"}) {
    if (const char* value = std::getenv(name)) return std::max(1, std::atoi(value));
  }
  for (const char* name : {"OMPI_COMM_WORLD_RANK", "PMIX_RANK", "PMI_RANK"}) {
    if (std::getenv(name)) return 1;
  }
  return 0;
}

#ifndef GOALPATH_FULL
/// `serve` and runs under an MPI launcher are goalpath-full's (see
/// engine/CMakeLists.txt): replaces this process with it, found beside this
/// executable (a build tree) or in ../libexec/goalpath (an installation),
/// with the same arguments. Returns only if neither can be started.
void exec_full(char** argv) {
  char self[4096];
  const ssize_t length = ::readlink("/proc/self/exe", self, sizeof self - 1);
  if (length <= 0) return;
  self[length] = '\0';
  const std::string folder = std::filesystem::path(self).parent_path().string();
  for (const std::string& full : {folder + "/goalpath-full", folder + "/../libexec/goalpath/goalpath-full"}) {
    ::execv(full.c_str(), argv);
  }
}
#endif

/// glibc's heap in transparent huge pages, for the whole process. On the
/// virtual machines GoalPath is measured on, the first touch of each 4 KiB
/// page is a fault of about 13 µs, and a run's workers fill megabytes of
/// block arrays (sim::Workspace) and histograms: perf6 took 820 faults, a
/// tenth of its time. So: one arena (worker threads allocate between blocks,
/// rarely, and would each get an arena of small pages), allocations up to 32
/// MiB (glibc's largest threshold) from the heap instead of mmap, no
/// trimming (freed memory is reused, not faulted in again), and the heap
/// grown by 64 MiB at once and marked MADV_HUGEPAGE: a fault per 2 MiB (350
/// faults in all). Where huge pages are off, or under a sanitizer's
/// allocator, the same memory in small pages. Process-wide policy: the
/// command line's to set, not the library's.
void keep_the_heap_in_huge_pages() {
#if defined(__GLIBC__) && defined(__linux__)
  constexpr std::uintptr_t kHugePage = std::uintptr_t{2} << 20;
  constexpr int kTopPad = 64 << 20;
  mallopt(M_ARENA_MAX, 1);
  keep_freed_memory();
  mallopt(M_TOP_PAD, kTopPad);
  // Growing, malloc writes a header where the new memory starts and one
  // where its free top begins, before any advice; a 2 MiB range with a 4 KiB
  // page in it stays in small pages. So the break first moves to a 2 MiB
  // boundary (the pages skipped are never touched), and a block that fills
  // the first 2 MiB from there, and is never freed, takes both headers: the
  // rest is untouched when advised, and malloc hands it out from the start.
  const auto before = reinterpret_cast<std::uintptr_t>(::sbrk(0));
  const std::uintptr_t start = (before + kHugePage - 1) & ~(kHugePage - 1);
  if (start > before && ::sbrk(static_cast<std::intptr_t>(start - before)) == reinterpret_cast<void*>(-1)) return;
  static void* volatile const first_two_megabytes = std::malloc(kHugePage - 64);
  (void)first_two_megabytes;
  const auto after = reinterpret_cast<std::uintptr_t>(::sbrk(0));
  if (after > start) ::madvise(reinterpret_cast<void*>(start), after - start, MADV_HUGEPAGE);  // advice only
#endif
}

/// "", or " (process 3 of 4)" in an MPI job: which process a failure is from.
std::string process_suffix() {
  const sim::Cluster* cluster = app::job().cluster;
  if (!cluster || cluster->size() == 1) return "";
  return " (process " + std::to_string(cluster->rank()) + " of " + std::to_string(cluster->size()) + ")";
}

std::string spell_as_flag(std::string_view field) { return app::flag_for_field(std::string(field)); }

/// A command line the verb cannot use: exit status 2 (UsageError, OptionError).
void bad_option(const std::string& verb, const std::string& message) {
  std::cerr << "goalpath " << verb << ": error: " << report::terminal_safe(message) << " [bad-option]\n  hint: goalpath "
            << verb << " --help lists the options\n";
}

}  // namespace

int main(int argc, char** argv) {
  keep_the_heap_in_huge_pages();
  std::ios::sync_with_stdio(false);
  if (argc < 2 || std::string(argv[1]) == "--help" || std::string(argv[1]) == "-h" || std::string(argv[1]) == "help") {
    std::cout << kUsage;
    return argc < 2 ? 2 : 0;
  }
  if (std::string(argv[1]) == "--version") {
    std::cout << "goalpath " << GOALPATH_VERSION << "\n";
    return 0;
  }
#ifndef GOALPATH_FULL
  if (std::string(argv[1]) == "serve" || launched_processes() > 0) {
    exec_full(argv);
    // mpirun -n 1 without goalpath-full: one process, as without mpirun.
    if (std::string(argv[1]) == "serve" || launched_processes() > 1) {
      std::cerr << "goalpath: error: " << (std::string(argv[1]) == "serve" ? "goalpath serve" : "a run under mpirun")
                << " needs goalpath-full, which is neither beside this goalpath nor in ../libexec/goalpath from it "
                   "\n  hint: cmake --install build (or scripts/quickstart.sh) installs both\n";
      return 1;
    }
  }
#endif
#ifdef GOALPATH_WITH_MPI
  // Under mpirun every process runs this same command; they share the work
  // of each study (sim::Cluster) and the first writes the report.
  std::unique_ptr<mpi::Session> session;
  if (launched_processes() > 0) {
    session = std::make_unique<mpi::Session>(argc, argv);
    app::job().cluster = session.get();
    const unsigned cores = std::thread::hardware_concurrency();
    app::job().cores_per_process = std::max(1, static_cast<int>(cores) / std::max(1, session->local_size()));
  }
  // A failure that the other processes may not share (time, memory, a
  // signal) would leave them waiting in an exchange: it ends the whole job.
  auto fail = [&](int status) {
    if (session && session->size() > 1) {
      std::cerr.flush();
      session->abort(status);
    }
    return status;
  };
#else
  if (launched_processes() > 1) {
    std::cerr << "goalpath: error: started as one of " << launched_processes()
              << " MPI processes, but this goalpath was built without MPI [bad-option]\n  hint: install "
                 "libopenmpi-dev and rebuild (CMake finds it; -DGOALPATH_MPI=ON insists), or run goalpath without "
                 "mpirun\n";
    return 2;
  }
  auto fail = [](int status) { return status; };
#endif
  // Errors every process meets alike (the scenario, the command line) are
  // said once, by the process that writes the report.
  const bool speaks = app::job().speaks();
  app::Invocation call;
  call.verb = argv[1];
  call.command_line = "goalpath";
  for (int k = 1; k < argc; ++k) {
    call.command_line += std::string(" ") + argv[k];
    if (k >= 2) call.args.push_back(argv[k]);
  }
  const std::map<std::string, int (*)(const app::Invocation&)> verbs = {
      {"check", app::verb_check},       {"run", app::verb_run},           {"sweep", app::verb_sweep},
      {"sensitivity", app::verb_sensitivity}, {"solve", app::verb_solve}, {"discover", app::verb_discover},
      {"backtest", app::verb_backtest}, {"track", app::verb_track}, {"calibrate", app::verb_calibrate}, {"compare", app::verb_compare},
      {"brief", app::verb_brief}, {"merge", app::verb_merge},
#ifdef GOALPATH_FULL
      {"serve", app::verb_serve},
#endif
  };
  auto verb = verbs.find(call.verb);
  if (verb == verbs.end()) {
    std::vector<std::string> names;
    for (const auto& [name, _] : verbs) names.push_back(name);
    names.push_back("serve");  // goalpath-full's, when this is goalpath
    std::sort(names.begin(), names.end());
    names.erase(std::unique(names.begin(), names.end()), names.end());
    std::cerr << "goalpath: error: unknown verb '" << call.verb << "' [bad-option]\n  hint: "
              << did_you_mean(call.verb, names) << " (goalpath --help lists the verbs)\n";
    return 2;
  }
  app::interrupt_exits_now().store(true);  // until emit() writes
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
  try {
    const int status = verb->second(call);
    // A report that could not reach stdout (closed, > /dev/full) is a failure.
    std::cout.flush();
    if (!std::cout) {
      std::cerr << "goalpath: error: writing to standard output failed (closed, or a full disk)\n";
      return 1;
    }
    return status;
  } catch (const InputError& e) {
    // Messages quote the file's names; options they name are spelled as flags.
    if (speaks) std::cerr << report::terminal_safe(e.formatted(spell_as_flag)) << "\n";
    return 2;
  } catch (const app::UsageError& e) {
    if (speaks) bad_option(call.verb, e.what());
    return 2;
  } catch (const OptionError& e) {
    if (speaks) bad_option(call.verb, app::describe(e));  // the library's field, as the flag that set it
    return 2;
  } catch (const sim::ResourceLimit& e) {
    std::cerr << "goalpath " << call.verb << process_suffix() << ": error: " << render_option_refs(e.text(), spell_as_flag) << " [resource]"
              << "\n  hint: ask for less (fewer --paths, fewer years or indicators, --threads 1 for less memory),"
                 " or allow more time with --max-seconds N (0: no limit); nothing was written\n";
    return fail(2);
  } catch (const sim::Cancelled&) {
    std::cerr << "\ngoalpath" << process_suffix() << ": interrupted; nothing was written\n";
    return fail(1);
  } catch (const std::bad_alloc&) {
    std::cerr << "goalpath" << process_suffix() << ": error: out of memory; try fewer --paths or a smaller scenario\n";
    return fail(1);
  } catch (const std::exception& e) {
    std::cerr << "goalpath" << process_suffix() << ": error: " << e.what() << "\n";
    return fail(1);
  }
}

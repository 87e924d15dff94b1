// goalpath brief: the page a director reads (goalpath::brief), as HTML,
// JSON, or PDF printed by headless Chromium.
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>

#include "app/cli.hpp"
#include "app/verbs_help.hpp"

extern char** environ;

namespace goalpath::app {

namespace {

/// A private folder for the page and the PDF Chromium prints; removed on
/// every way out.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "goalpath-brief.XXXXXX").string();
    if (!::mkdtemp(pattern.data())) throw std::runtime_error("cannot create a temporary folder for the PDF");
    path = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

/// The page printed to PDF by headless Chromium ($CHROMIUM, else
/// /usr/bin/chromium): the PDF's bytes. UsageError when there is no
/// Chromium (nothing is written); runtime_error when it printed nothing.
std::string print_pdf(const std::string& html) {
  const char* configured = std::getenv("CHROMIUM");
  const std::string chromium = configured && *configured ? configured : "/usr/bin/chromium";
  if (::access(chromium.c_str(), X_OK) != 0) {
    throw UsageError("a PDF is printed by Chromium, and there is none at '" + chromium +
                     "': install it, set CHROMIUM to its path, or write the brief as html");
  }
  TempDir dir;
  const std::filesystem::path page = dir.path / "brief.html";
  const std::filesystem::path pdf = dir.path / "brief.pdf";
  {
    std::ofstream out(page, std::ios::binary);
    out << html;
    if (!out) throw std::runtime_error("cannot write the page to print to " + page.string());
  }
  std::vector<std::string> args = {chromium,
                                    "--headless",
                                    "--no-sandbox",
                                    "--disable-gpu",
                                    "--no-first-run",
                                    "--disable-background-networking",
                                    "--disable-component-update",
                                    "--disable-sync",
                                    "--user-data-dir=" + (dir.path / "profile").string(),
                                    "--no-pdf-header-footer",
                                    "--print-to-pdf=" + pdf.string(),
                                    "file://" + page.string()};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  pid_t pid = 0;
  const int spawned = ::posix_spawn(&pid, chromium.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  if (spawned != 0) throw std::runtime_error("cannot start Chromium at '" + chromium + "'");
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw std::runtime_error("lost track of Chromium while it printed the PDF");
  }
  if (interrupted().load()) throw sim::Cancelled();
  std::ifstream in(pdf, std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  if (bytes.rfind("%PDF", 0) != 0) {
    throw std::runtime_error("Chromium at '" + chromium + "' printed no PDF (exit status " +
                             std::to_string(WIFEXITED(status) ? WEXITSTATUS(status) : -1) + "); nothing was written");
  }
  return bytes;
}

}  // namespace

int verb_brief(const Invocation& call) {
  std::string file;
  std::vector<std::string> variant_files;
  CommonOptions options;
  BriefOptions o;
  po::options_description description("goalpath brief options");
  description.add_options()("scenario", po::value<std::string>(&file)->required(), "scenario file")(
      "compare", po::value<std::vector<std::string>>(&variant_files)->composing(),
      "a variant to set beside it (repeatable), run with the same seed and paths")(
      "max-drivers", po::value<int>(&o.max_drivers)->default_value(8),
      "tornado bars per target, largest swing first (0: every one)");
  add_common_options(description, options, kPaths | kExecute | kSet | kWrite,
                     {{"format", "html | pdf | json | md | table (default: from --out's extension, else html)"}});
  po::positional_options_description positional;
  positional.add("scenario", 1);
  if (!parse_arguments(call, description, positional, kBriefUsage)) return 0;

  // The format: pdf is this verb's own (the page printed by Chromium).
  std::string format_name = options.format;
  if (format_name.empty()) {
    const std::string extension = std::filesystem::path(options.out).extension().string();
    format_name = extension == ".pdf" ? "pdf" : extension == ".json" ? "json" : extension == ".md" ? "md"
                                                : extension == ".txt"  ? "table" : "html";
  }
  const bool pdf = format_name == "pdf";
  Format format = Format::html;
  if (!pdf) {
    auto parsed = report::format_from_string(format_name);
    if (!parsed || *parsed == Format::csv) {
      throw UsageError("unknown format '" + format_name + "' for a brief; " +
                       did_you_mean(format_name, {"html", "pdf", "json", "md", "table"}));
    }
    format = *parsed;
  }
  if (pdf && (options.out.empty() || options.out == "-")) {
    throw UsageError("--format pdf writes a file: name it with --out FILE.pdf");
  }
  if (auto p = o.problem()) throw *p;
  // Load (and so check) every scenario before simulating any.
  const Scenario scenario = load_scenario(file, options);
  std::vector<Scenario> variants;
  for (const auto& v : variant_files) variants.push_back(load_scenario(v, options));
  const RenderOptions render = render_options(options);  // --lang checked before the runs
  execution_options(options, call, "briefing", o);
  const BriefResult result = brief(scenario, variants, o);
  warn(call, result.warnings);
  if (!pdf) {
    CommonOptions written = options;
    written.format = report::to_string(format);
    emit(written, goalpath::render(result, format, render));
    return 0;
  }
  // Ctrl-C while Chromium prints reaches it too; the folder is cleaned up
  // and nothing is written.
  interrupt_exits_now().store(false);
  if (!job().speaks()) return 0;  // one process of an MPI job prints the page
  const std::string bytes = print_pdf(goalpath::render(result, Format::html, render));
  emit(options, bytes);
  return 0;
}

}  // namespace goalpath::app

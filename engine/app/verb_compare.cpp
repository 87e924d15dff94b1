// goalpath compare A B: two scenarios (run with the same seed and paths, so
// shared variables get the same random numbers and a difference in
// probability comes from the assumptions, not from Monte Carlo noise) or two
// report JSON files, side by side (goalpath::compare).
#include <filesystem>

#include "app/cli.hpp"

namespace goalpath::app {

namespace {

/// A scenario (.yaml, .yml) or a report JSON, loaded (and so checked).
CompareSide load_side(const std::string& file, const CommonOptions& options) {
  const std::string extension = std::filesystem::path(file).extension().string();
  if (extension == ".yaml" || extension == ".yml") return load_scenario(file, options);
  RunResult report = read_run_report(file);
  note_input_file(file);
  return report;
}

}  // namespace

int verb_compare(const Invocation& call) {
  std::string files[2];
  CommonOptions options;
  po::options_description description("goalpath compare options");
  description.add_options()("a", po::value<std::string>(&files[0])->required(), "plan A: scenario (.yaml) or report (.json)")(
      "b", po::value<std::string>(&files[1])->required(), "plan B: scenario (.yaml) or report (.json)");
  add_common_options(description, options);
  po::positional_options_description positional;
  positional.add("a", 1).add("b", 1);
  if (!parse_arguments(call, description, positional,
                       "goalpath compare A B [options]\n\nA and B: scenario files (run with the same seed and paths; "
                       "--set applies to both) or reports from `goalpath run --format json`")) {
    return 0;
  }
  const Format format = output_format(options);
  // Load (and so check) both inputs before simulating either.
  const CompareSide a = load_side(files[0], options);
  const CompareSide b = load_side(files[1], options);
  check_out_is_not_an_input(options);
  CompareOptions o;
  execution_options(options, call, "comparing", o);
  o.deterministic = options.deterministic;
  emit(options, render(compare(a, b, o), format, render_options(options)));
  return 0;
}

}  // namespace goalpath::app

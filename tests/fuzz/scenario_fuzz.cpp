// libFuzzer target: a scenario file as `goalpath check` reads it. The input
// is the YAML text; it is loaded (load_scenario_text, `extends` included)
// with the CLI's limits but for kLimits below, and compiled
// (model::compile_model: names, evaluation order, cycles, expressions,
// correlations and their copula factor), then the model is read the way
// check's summary reads it.
//
// Bad input must end in a goalpath::InputError that says where and how to
// fix it (common/error.hpp). Anything else is a finding: another exception
// escaping (libFuzzer reports it as a crash), a crash, a sanitizer report, a
// hang (-timeout) or a huge allocation (-rss_limit_mb, -malloc_limit_mb).
//
// The input is named GOALPATH_FUZZ_EXTENDS_DIR/fuzz-input.yaml, a file that
// does not exist, so that `extends: base.yaml` finds the parent files kept in
// tests/fuzz/extends and `extends: fuzz-input.yaml` is a cycle.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <string>

#include "common/error.hpp"
#include "model/model.hpp"
#include "scenario/scenario.hpp"

namespace {

const std::string kInputFile = std::string(GOALPATH_FUZZ_EXTENDS_DIR) + "/fuzz-input.yaml";

/// The CLI's limits, except that parameters and shocks stop at 200 rather
/// than 1000: with any correlation the model factors a dense n x n matrix
/// (O(n^3)), about 2 s for n = 1000 in a release build but minutes under
/// ASan, which -timeout would report as a hang.
goalpath::scenario::LoadLimits fuzz_limits() {
  goalpath::scenario::LoadLimits limits;
  limits.max_parameters = 200;
  limits.max_shocks = 200;
  return limits;
}
const goalpath::scenario::LoadLimits kLimits = fuzz_limits();

[[noreturn]] void finding(const goalpath::InputError& error, const char* what) {
  std::fprintf(stderr, "scenario_fuzz: InputError %s:\n%s\n", what, error.formatted().c_str());
  std::abort();
}

/// The parts every InputError must have (common/error.hpp): a file, a stable
/// code, a message and a hint; a line unless the error is about a whole file.
void check_error(const goalpath::InputError& error) {
  if (error.pos().file.empty()) finding(error, "without a file name");
  if (error.code().empty()) finding(error, "without a code");
  if (error.message().empty()) finding(error, "without a message");
  if (error.hint().empty()) finding(error, "without a hint");
  const bool whole_file = error.code() == "too-large" || error.code() == "file-not-found";
  if (!whole_file && error.pos().line <= 0) finding(error, "without a line");
  if (error.pos().line < 0 || error.pos().col < 0) finding(error, "at a negative position");
}

/// An error in the input itself points into it: at most one line past the
/// last (the end of the file), and at most one column past the end of its
/// line (columns count bytes). Catches positions computed for values that
/// span lines, blocks, quotes and anchors (scenario/doc.cpp).
void check_position(const goalpath::InputError& error, const std::string& raw) {
  const goalpath::SourcePos& pos = error.pos();
  if (pos.file != kInputFile || pos.line <= 0) return;
  std::string text;  // \r\n and a lone \r break lines too, as the loader reads them
  for (std::size_t k = 0; k < raw.size(); ++k) {
    if (raw[k] != '\r') {
      text += raw[k];
    } else if (k + 1 >= raw.size() || raw[k + 1] != '\n') {
      text += '\n';
    }
  }
  std::size_t start = 0;
  for (int line = 1; line < pos.line; ++line) {
    const std::size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      if (line + 1 < pos.line) finding(error, "on a line past the end of the file");
      return;
    }
    start = end + 1;
  }
  const std::size_t end = std::min(text.find('\n', start), text.size());
  if (static_cast<std::size_t>(pos.col) > end - start + 1) finding(error, "at a column past the end of its line");
}

/// What `goalpath check` prints, computed and thrown away.
std::size_t summary_size(const goalpath::model::Model& model) {
  std::string out = model.title.empty() ? model.id : model.title;
  out += std::to_string(model.year_count());
  for (const auto& p : model.parameters) out += p.uncertain() ? "u" : "f";
  out += std::to_string(model.shocks.size() + model.spec.correlations.size() + model.spec.sweeps.size());
  for (std::size_t k = 1; k < model.spec.files.size(); ++k) out += model.spec.files[k];
  for (int i : model.step_order) out += model.indicators.at(static_cast<std::size_t>(i)).name;
  for (int i : model.base_order) out += model.indicators.at(static_cast<std::size_t>(i)).name;
  for (const auto& t : model.targets) {
    out += t.id + t.subject + (t.at_least ? ">=" : "<=") + std::to_string(t.threshold) +
           goalpath::scenario::to_string(t.kind);
  }
  return out.size();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  try {
    const goalpath::scenario::ScenarioSpec spec = goalpath::scenario::load_scenario_text(text, kInputFile, kLimits);
    const goalpath::model::Model model = goalpath::model::compile_model(spec);
    volatile std::size_t sink = summary_size(model);
    (void)sink;
  } catch (const goalpath::InputError& error) {
    check_error(error);
    check_position(error, text);
  }
  return 0;
}

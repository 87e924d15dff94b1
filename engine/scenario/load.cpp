// Reading files, following `extends`, and `--set` overrides.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "scenario/parse.hpp"

namespace goalpath::scenario {

using detail::Doc;
namespace fs = std::filesystem;

const char* to_string(RuleKind kind) {
  switch (kind) {
    case RuleKind::growth: return "growth";
    case RuleKind::change: return "change";
    case RuleKind::value: return "value";
    case RuleKind::path: return "path";
  }
  return "?";
}

const char* to_string(TargetKind kind) {
  switch (kind) {
    case TargetKind::level: return "level";
    case TargetKind::every_year: return "every_year";
    case TargetKind::cagr: return "cagr";
  }
  return "?";
}

const ParameterSpec* ScenarioSpec::find_parameter(const std::string& name) const {
  for (const auto& p : parameters) {
    if (p.name == name) return &p;
  }
  return nullptr;
}

ParameterSpec* ScenarioSpec::find_parameter(const std::string& name) {
  return const_cast<ParameterSpec*>(static_cast<const ScenarioSpec*>(this)->find_parameter(name));
}

const IndicatorSpec* ScenarioSpec::find_indicator(const std::string& name) const {
  for (const auto& i : indicators) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

namespace {

/// "did you mean 'baseline.yaml'?" among the .yaml files next to `path`, or "".
std::string similar_file(const std::string& path) {
  std::error_code ec;
  fs::path folder = fs::path(path).parent_path();
  std::vector<std::string> names;
  for (fs::directory_iterator it(folder.empty() ? fs::path(".") : folder, ec), end; !ec && it != end; it.increment(ec)) {
    if (it->path().extension() == ".yaml" || it->path().extension() == ".yml") names.push_back(it->path().filename().string());
    if (names.size() > 1000) break;
  }
  std::sort(names.begin(), names.end());  // the same suggestion whatever the directory order
  std::string best = closest_match(fs::path(path).filename().string(), names);
  return best.empty() ? std::string{} : "did you mean '" + best + "'? ";
}

std::string read_file(const std::string& path, const SourcePos& from, const LoadLimits& limits) {
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) {
    throw InputError(from.line ? from : SourcePos{path, 0, 0}, "file-not-found",
                     "cannot read scenario file '" + path + "'",
                     fs::is_directory(path, ec) ? "it is a folder; name a .yaml file"
                     : fs::exists(path, ec)     ? "it is not a regular file"
                     : from.line ? similar_file(path) + "an extends: path is relative to the folder of the file that names it"
                                 : similar_file(path) + "check the path and the current directory");
  }
  auto size = fs::file_size(path, ec);
  if (!ec && size > limits.max_file_bytes) {
    throw InputError(SourcePos{path, 0, 0}, "too-large",
                     "the file is " + std::to_string(size) + " bytes, more than the limit of " +
                         std::to_string(limits.max_file_bytes),
                     "a scenario is a few kilobytes; check that this is the right file");
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in && !in.eof()) throw InputError(SourcePos{path, 0, 0}, "file-not-found", "cannot read '" + path + "'", "");
  return text.str();
}

// Loads `text` (named `file`) and everything it extends; returns the merged
// tree. `chain` holds the canonical paths of the files being loaded, child
// last, to detect cycles. `record` collects the files, what merging did,
// whether the named file (the first) states its own title and description,
// and the calibrations a variant could not inherit.
struct LoadRecord {
  std::vector<std::string> files, notes, warnings;
  bool own_title = false, own_description = false;
};

Doc load_tree(const std::string& text, const std::string& file, const LoadLimits& limits,
              std::vector<std::string>& chain, LoadRecord& record) {
  Doc doc = detail::parse_yaml(text, file, limits);
  record.files.push_back(file);
  if (record.files.size() == 1) {
    record.own_title = doc.find("title") != nullptr;
    record.own_description = doc.find("description") != nullptr;
  }
  const Doc* extends = doc.find("extends");
  if (!extends) return doc;
  SourcePos at = extends->pos;
  std::string relative = detail::to_text(*extends, "extends");
  fs::path parent_path = fs::path(file).parent_path() / relative;
  std::error_code ec;
  // Only scenario files: errors quote the file they are in, and must never
  // print a line of some other file (extends: /etc/shadow).
  const std::string extension = parent_path.extension().string();
  if (extension != ".yaml" && extension != ".yml" && !fs::is_directory(parent_path, ec)) {  // a folder: read_file says so
    throw InputError(at, "bad-value", "extends names '" + relative + "', which is not a scenario file (.yaml or .yml)",
                     "extends names another scenario, e.g. extends: baseline.yaml");
  }
  std::string parent_file = parent_path.lexically_normal().string();
  std::string canonical = fs::weakly_canonical(parent_path, ec).string();
  if (std::find(chain.begin(), chain.end(), canonical) != chain.end()) {
    std::string cycle;
    for (const auto& f : chain) cycle += fs::path(f).filename().string() + " -> ";
    throw InputError(at, "extends-cycle", "extends forms a cycle: " + cycle + fs::path(canonical).filename().string(),
                     "a scenario may extend another, but never itself, directly or through others");
  }
  if (static_cast<int>(chain.size()) >= limits.max_extends) {
    throw InputError(at, "extends-depth", "extends chains more than " + std::to_string(limits.max_extends) + " files",
                     "extend the baseline directly rather than a variant of a variant of …");
  }
  chain.push_back(canonical);
  Doc parent = load_tree(read_file(parent_file, at, limits), parent_file, limits, chain, record);
  chain.pop_back();
  Doc child = doc;
  for (std::size_t i = 0; i < child.entries.size(); ++i) {
    if (child.entries[i].first == "extends") {
      child.entries.erase(child.entries.begin() + static_cast<std::ptrdiff_t>(i));
      child.key_pos.erase(child.key_pos.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
  // A variant that sizes a shock otherwise (or adds one) has other bands
  // than the ones its parent's calibration checked: it does not inherit it.
  // Dropped here, at the file that changed the shocks, so every file that
  // extends this one is uncalibrated too, whatever it restates.
  const Doc* calibration = parent.find("calibration");
  if (calibration && calibration->kind != Doc::Kind::null && !child.find("calibration")) {
    if (auto change = detail::changed_shock(parent, child)) {
      record.warnings.push_back(change->pos.str() + ": " +
                                detail::calibration_dropped(change->what, calibration->pos.file,
                                                            "run `goalpath calibrate --bands` on " +
                                                                record.files.front() + ", or restate `calibration:`"));
      for (std::size_t i = 0; i < parent.entries.size(); ++i) {
        if (parent.entries[i].first != "calibration") continue;
        parent.entries.erase(parent.entries.begin() + static_cast<std::ptrdiff_t>(i));
        parent.key_pos.erase(parent.key_pos.begin() + static_cast<std::ptrdiff_t>(i));
        break;
      }
    }
  }
  std::vector<std::string> merge_notes;
  Doc merged = detail::merge_docs(parent, child, &merge_notes);
  for (const auto& note : merge_notes) record.notes.push_back(file + ": " + note + " (with " + parent_file + ")");
  return merged;
}

/// `doc` with the values history files gave (indicator -> year -> value)
/// under the key "history_files_read": the merged scenario's hash must change
/// when a CSV file does, as it does when a parent file does. A scenario
/// without history files keeps its text, and so its hash.
Doc with_file_history(const Doc& doc, const ScenarioSpec& spec) {
  Doc read;
  read.kind = Doc::Kind::map;
  for (const auto& ind : spec.indicators) {
    if (ind.history_source.empty()) continue;
    Doc years;
    years.kind = Doc::Kind::map;
    for (const auto& entry : ind.history_source) {
      Doc value;
      value.kind = Doc::Kind::scalar;
      char buffer[32];
      std::snprintf(buffer, sizeof buffer, "%.17g", ind.history.at(entry.first));
      value.scalar = buffer;
      years.entries.emplace_back(std::to_string(entry.first), std::move(value));
      years.key_pos.emplace_back();
    }
    read.entries.emplace_back(ind.name, std::move(years));
    read.key_pos.emplace_back();
  }
  if (read.entries.empty()) return doc;
  Doc out = doc;
  out.entries.emplace_back("history_files_read", std::move(read));
  out.key_pos.emplace_back();
  return out;
}

}  // namespace

ScenarioSpec load_scenario_text(const std::string& text, const std::string& file, const LoadLimits& limits) {
  std::error_code ec;
  std::vector<std::string> chain{fs::weakly_canonical(file, ec).string()};
  LoadRecord record;
  Doc doc = load_tree(text, file, limits, chain, record);
  ScenarioSpec spec = detail::build_spec(doc, limits);
  spec.file = file;
  spec.files = record.files;
  spec.notes = std::move(record.notes);
  spec.canonical_text = detail::canonical_json(with_file_history(doc, spec));
  // A variant that keeps its parent's title reads as the parent in every
  // report: say so.
  spec.title_inherited = spec.files.size() > 1 && !spec.title.empty() && !record.own_title;
  spec.description_inherited = spec.files.size() > 1 && !spec.description.empty() && !record.own_description;
  for (const char* key : {"title", "description"}) {
    const bool inherited = std::string(key) == "title" ? spec.title_inherited : spec.description_inherited;
    if (inherited) {
      spec.warnings.push_back(std::string(key) + " is inherited from " + spec.files[1] + " (" + file +
                              " does not restate it); add `" + key + ":` to the variant");
    }
  }
  for (auto& warning : record.warnings) spec.warnings.push_back(std::move(warning));
  if (spec.indicators.size() > limits.max_indicators) {
    // At the first indicator over the limit.
    throw InputError(spec.indicators[limits.max_indicators].pos, "too-large",
                     "the scenario has " + std::to_string(spec.indicators.size()) +
                         " indicators, more than the limit of " + std::to_string(limits.max_indicators) + " indicators",
                     "split the scenario");
  }
  if (spec.parameters.size() > limits.max_parameters) {
    throw InputError(spec.parameters[limits.max_parameters].pos, "too-large",
                     "the scenario has " + std::to_string(spec.parameters.size()) +
                         " parameters, more than the limit of " + std::to_string(limits.max_parameters) + " parameters",
                     "split the scenario, or write fixed numbers into the expressions that use them");
  }
  if (spec.shocks.size() > limits.max_shocks) {
    throw InputError(spec.shocks[limits.max_shocks].pos, "too-large",
                     "the scenario has " + std::to_string(spec.shocks.size()) + " shocks, more than the limit of " +
                         std::to_string(limits.max_shocks) + " shocks",
                     "split the scenario, or let several indicators share a shock");
  }
  return spec;
}

ScenarioSpec load_scenario(const std::string& path, const LoadLimits& limits) {
  return load_scenario_text(read_file(path, SourcePos{}, limits), path, limits);
}

void set_parameter_centre(ParameterSpec& p, double value, const SourcePos& at) {
  if (!std::isfinite(value)) {
    throw InputError(at, "bad-value", "parameter '" + p.name + "': the value must be a finite number");
  }
  ParameterSpec moved = p;
  const double delta = value - p.value;
  moved.value = value;
  if (moved.uncertainty && moved.uncertainty->low && moved.uncertainty->high) {
    // A range distribution's centre is its value; moving it carries the range along.
    *moved.uncertainty->low += delta;
    *moved.uncertainty->high += delta;
  }
  try {
    detail::check_parameter(moved);
  } catch (const InputError& e) {
    throw InputError(at, e.code(), e.message(), e.hint());
  }
  p = std::move(moved);
}

void apply_override(ScenarioSpec& spec, const std::string& assignment) {
  const SourcePos at{option_ref("set") + " " + assignment, 0, 0};
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw InputError(at, "bad-option", option_ref("set") + " takes NAME=VALUE", "e.g. " + option_ref("set") + " output_growth=0.05 or " + option_ref("set") + " output_growth.sd=0.02");
  }
  std::string lhs = assignment.substr(0, eq);
  double value = 0.0;
  if (!detail::parse_number(assignment.substr(eq + 1), value)) {
    throw InputError(at, "bad-option", "'" + assignment.substr(eq + 1) + "' is not a number", "e.g. " + option_ref("set") + " output_growth=0.05");
  }
  std::string name = lhs, field = "value";
  if (auto dot = lhs.find('.'); dot != std::string::npos) {
    name = lhs.substr(0, dot);
    field = lhs.substr(dot + 1);
  }
  if (ParameterSpec* p = spec.find_parameter(name)) {
    const std::vector<std::string> fields = {"value", "sd", "low", "high"};
    if (std::find(fields.begin(), fields.end(), field) == fields.end()) {
      throw InputError(at, "bad-option", "a parameter has no field '" + field + "'", did_you_mean(field, fields));
    }
    if (field == "value") {
      set_parameter_centre(*p, value, at);
      return;
    } else {
      if (!p->uncertainty) {
        throw InputError(at, "bad-option", "parameter '" + name + "' has no uncertainty, so it has no " + field,
                         "give it an `uncertainty:` in the scenario file first");
      }
      auto& slot = field == "sd" ? p->uncertainty->sd : field == "low" ? p->uncertainty->low : p->uncertainty->high;
      if (!slot) {
        throw InputError(at, "bad-option", "a " + p->uncertainty->dist + " distribution has no " + field,
                         p->uncertainty->sd ? "set .sd" : "set .low or .high");
      }
      slot = value;
    }
    try {
      detail::check_parameter(*p);
    } catch (const InputError& e) {
      throw InputError(at, e.code(), e.message(), e.hint());
    }
    return;
  }
  for (ShockSpec& s : spec.shocks) {
    if (s.name != name) continue;
    if (field != "sd" && field != "ar") {
      throw InputError(at, "bad-option", "a shock has fields sd and ar, not '" + field + "'",
                       did_you_mean(field, {"sd", "ar"}));
    }
    double& slot = field == "sd" ? s.sd : s.ar;
    const double before = slot;
    slot = value;
    try {
      detail::check_shock(s);
    } catch (const InputError& e) {
      throw InputError(at, e.code(), e.message(), e.hint());
    }
    if (spec.calibration && value != before) {
      // The same rule as a variant restating the shock: other sizes, other bands.
      char was[32];
      std::snprintf(was, sizeof was, "%.10g", before);
      spec.warnings.push_back(detail::calibration_dropped(
          "setting " + assignment + " changes the " + field + " of shock '" + name + "' (was " + was + ")",
          spec.calibration->pos.file,
          "run without the setting, or calibrate a variant that restates it (`goalpath calibrate VARIANT --bands`)"));
      spec.calibration.reset();
    }
    return;
  }
  std::vector<std::string> names;
  for (const auto& p : spec.parameters) names.push_back(p.name);
  for (const auto& s : spec.shocks) names.push_back(s.name);
  std::string hint = did_you_mean(name, names);
  if (spec.find_indicator(name)) hint = "'" + name + "' is an indicator; " + option_ref("set") + " changes parameters and shocks";
  throw InputError(at, "unknown-name", option_ref("set") + ": no parameter or shock is called '" + name + "'", hint);
}

}  // namespace goalpath::scenario

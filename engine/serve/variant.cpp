// POST /api/variant: the page's assumptions saved as a scenario file that
// `extends:` the one being served and restates only what changed, written
// atomically, never over the scenario or its extends chain, and over another
// file only when the request says so (docs/SERVE.md).
#include <filesystem>
#include <regex>

#include <fmt/format.h>

#include "serve/request.hpp"
#include "serve/serve.hpp"

namespace goalpath::serve {

namespace {

namespace fs = std::filesystem;
using json = Json;

std::string quoted(const std::string& text) {
  // A JSON string is a YAML double-quoted scalar (the same escapes).
  return json(text).dump(-1, ' ', false, json::error_handler_t::replace);
}

std::string number(double x) { return fmt::format("{}", x); }

/// a-z, 0-9 and '-' (a scenario id) from a file name's stem.
std::string id_from(const std::string& stem) {
  std::string id;
  for (char c : stem) {
    const char lower = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    id += (std::isalnum(static_cast<unsigned char>(lower)) ? lower : '-');
  }
  return id;
}

/// The YAML that restates, over `from`, what `to` changed: a parameter's
/// value and the fields of its uncertainty that moved (sd; low and high,
/// which move with the centre of a uniform or triangular), a shock's sd and
/// ar. No `dist:`, so each uncertainty merges key by key with the parent's.
struct Restated {
  std::string yaml;
  std::vector<std::string> changes;  // "NAME: OLD → NEW", for the description
};

Restated restate(const scenario::ScenarioSpec& from, const scenario::ScenarioSpec& to) {
  Restated out;
  std::string parameters, shocks;
  for (const auto& p : to.parameters) {
    const scenario::ParameterSpec* old = from.find_parameter(p.name);
    if (!old) continue;
    std::string fields;
    if (p.value != old->value) {
      fields += "    value: " + number(p.value) + "\n";
      out.changes.push_back(p.name + " " + number(old->value) + " → " + number(p.value));
    }
    if (p.uncertainty && old->uncertainty) {
      std::string u;
      // A field restated is a change, except low and high moved by a new
      // value (a uniform's or triangular's range moves with its centre).
      const bool centre_moved = p.value != old->value;
      auto field = [&](const char* name, const std::optional<double>& now, const std::optional<double>& before,
                       bool implied) {
        if (!now || (before && *now == *before)) return;
        u += std::string(u.empty() ? "" : ", ") + name + ": " + number(*now);
        if (!implied) out.changes.push_back(p.name + "." + name + " " + (before ? number(*before) : "—") + " → " + number(*now));
      };
      field("sd", p.uncertainty->sd, old->uncertainty->sd, false);
      field("low", p.uncertainty->low, old->uncertainty->low, centre_moved);
      field("high", p.uncertainty->high, old->uncertainty->high, centre_moved);
      if (!u.empty()) fields += "    uncertainty: { " + u + " }\n";
    }
    if (!fields.empty()) parameters += "  " + p.name + ":\n" + fields;
  }
  for (const auto& s : to.shocks) {
    for (const auto& old : from.shocks) {
      if (old.name != s.name || (old.sd == s.sd && old.ar == s.ar)) continue;
      shocks += "  " + s.name + ": { sd: " + number(s.sd) + ", ar: " + number(s.ar) + " }\n";
      out.changes.push_back(s.name + " sd " + number(old.sd) + " → " + number(s.sd) + ", ar " + number(old.ar) + " → " +
                            number(s.ar));
    }
  }
  if (!parameters.empty()) out.yaml += "parameters:\n" + parameters;
  if (!shocks.empty()) out.yaml += "shocks:\n" + shocks;
  return out;
}

bool same_file(const fs::path& a, const fs::path& b) {
  std::error_code ec;
  if (fs::exists(a, ec) && fs::exists(b, ec)) return fs::equivalent(a, b, ec);
  return fs::weakly_canonical(a, ec) == fs::weakly_canonical(b, ec);
}

}  // namespace

Response WhatIf::save_variant(const std::string& body) {
  try {
    const json request = parse_object(body, {"set", "title", "file", "overwrite"});
    const std::vector<std::string> set = assignments_of(request, {options_.max_paths, options_.max_overrides});
    const std::string title = text_of(request, "title", 500);
    const std::string name = text_of(request, "file", 200);
    const bool overwrite = flag_of(request, "overwrite", false);
    if (title.empty()) throw RequestError(400, "\"title\" is required: say in words what this variant assumes");
    static const std::regex kFileName(R"([A-Za-z0-9][A-Za-z0-9._-]*\.ya?ml)");
    if (!std::regex_match(name, kFileName)) {
      throw RequestError(400, "\"file\" must be a plain file name ending in .yaml (letters, digits, '.', '_', '-'; no "
                              "folders), e.g. \"faster-growth.yaml\"");
    }
    const std::string& original = scenario_.provenance().file;
    if (original.empty()) throw RequestError(400, "the scenario was not loaded from a file; there is nothing to extend");
    const fs::path folder = options_.save_directory.empty() ? fs::absolute(original).parent_path()
                                                            : fs::absolute(options_.save_directory);
    const fs::path target = folder / name;
    for (const auto& [file, sha] : scenario_.provenance().files) {
      if (same_file(target, file)) {
        throw RequestError(400, "'" + name + "' is " + file + ", a file of the scenario itself; choose another name");
      }
    }
    const Scenario moved = scenario_.with_set(set);
    const Restated restated = restate(scenario_.spec(), moved.spec());
    if (restated.changes.empty()) throw RequestError(400, "nothing changed from the scenario; move an assumption first");

    std::error_code ec;
    const fs::path parent = fs::relative(fs::weakly_canonical(fs::absolute(original)), fs::weakly_canonical(folder), ec);
    std::string changes;
    for (const auto& c : restated.changes) changes += (changes.empty() ? "" : "; ") + c;
    const std::string text =
        "# Saved by goalpath serve: " + fs::path(original).filename().string() + " with what the page changed.\n" +
        "extends: " + quoted(ec ? fs::absolute(original).string() : parent.string()) + "\n" +
        "scenario: " + id_from(fs::path(name).stem().string()) + "\n" + "title: " + quoted(title) + "\n" +
        "description: " + quoted("What-if variant of " + scenario_.model().id + ": " + changes + ".") + "\n" +
        restated.yaml;
    // The file must load: a variant that does not would be found out later, by someone else.
    Scenario::parse(text, target.string());
    report::write_file_atomically(target.string(), text,
                                  overwrite ? report::WriteMode::replace : report::WriteMode::create_only);
    return {201, kJson,
            json{{"file", target.string()}, {"changes", restated.changes}}.dump(-1, ' ', false,
                                                                                 json::error_handler_t::replace)};
  } catch (const RequestError& e) {
    return {e.status, kJson, error_body(e.what())};
  } catch (const report::FileExists& e) {
    return {409, kJson,
            error_body(std::string(e.what()) + "; send \"overwrite\": true to replace it", {{"exists", true}})};
  } catch (const InputError& e) {
    return {400, kJson, error_body(e.formatted(spelled_as_flag), {{"code", e.code()}})};
  } catch (const OptionError& e) {
    return {400, kJson, error_body(render_option_refs(e.what(), spelled_as_flag))};
  }
}

}  // namespace goalpath::serve

// A YAML document as a small tree that remembers, for every node and key,
// the file, line and column it came from, so that `extends` can merge trees
// from several files and errors still point at the right file. Private to
// the scenario module.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "common/error.hpp"
#include "scenario/scenario.hpp"

namespace goalpath::scenario::detail {

struct Doc {
  enum class Kind { null, scalar, sequence, map };
  Kind kind = Kind::null;
  std::string scalar;
  bool quoted = false;  // a quoted or block scalar: always text, never a number
  std::vector<Doc> items;
  std::vector<std::pair<std::string, Doc>> entries;
  std::vector<SourcePos> key_pos;  // one per entry
  SourcePos pos;  // of the value; for a quoted scalar, of its first character inside the quotes

  // Defaulted below the class: clang checks whether std::pair<std::string, Doc>
  // (entries) is default-constructible while Doc is still incomplete, and
  // rejects an implicit default constructor here.
  Doc();

  const Doc* find(const std::string& key) const;
  SourcePos pos_of_key(const std::string& key) const;
};

inline Doc::Doc() = default;

const char* kind_name(Doc::Kind kind);

/// `text` without byte-order marks and with every line break as \n (\r\n
/// and a lone \r too): what the YAML and CSV readers parse.
std::string plain_text(const std::string& text);

/// InputError (code encoding) at the first byte of `text` that is not UTF-8,
/// a NUL byte, or a UTF-16/32 file; `file` names it. Scenarios and history
/// files share it.
void require_utf8(const std::string& text, const std::string& file);

/// Parses YAML text into a Doc; `file` names it in positions. Enforces the
/// node budget (alias expansion), depth and duplicate keys.
Doc parse_yaml(const std::string& text, const std::string& file, const LoadLimits& limits);

/// Merges `child` over `parent` by the rules of `extends` (SCENARIO_FORMAT.md):
/// maps key by key with the child winning; lists of items with an `id`
/// merge by id when the child names an id the parent has (an item restated
/// by id replaces the parent's item whole), else the child's list replaces
/// the parent's. `correlations` merge by their pair: a pair restated changes
/// its coefficient, a coefficient of 0 removes the parent's pair, new pairs
/// are added, and an empty list removes them all. An indicator that states a
/// rule in the child drops the parent's rule, so a variant can change how an
/// indicator moves. What the correlation merge did is appended to `notes`
/// (for `check`), when given. `history_files` entries are added to the
/// parent's.
Doc merge_docs(const Doc& parent, const Doc& child, std::vector<std::string>* notes = nullptr);

/// The tree as compact JSON: maps as objects in key order, scalars as
/// strings (quoted or not), null as null. Positions are left out, so moving
/// text around a file without changing it keeps the same text.
std::string canonical_json(const Doc& doc);

}  // namespace goalpath::scenario::detail

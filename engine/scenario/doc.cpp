#include "scenario/doc.hpp"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <set>

namespace goalpath::scenario::detail {

const Doc* Doc::find(const std::string& key) const {
  for (const auto& [k, v] : entries) {
    if (k == key) return &v;
  }
  return nullptr;
}

SourcePos Doc::pos_of_key(const std::string& key) const {
  for (std::size_t i = 0; i < entries.size(); ++i) {
    if (entries[i].first == key) return key_pos[i];
  }
  return pos;
}

const char* kind_name(Doc::Kind kind) {
  switch (kind) {
    case Doc::Kind::null: return "nothing";
    case Doc::Kind::scalar: return "a value";
    case Doc::Kind::sequence: return "a list";
    case Doc::Kind::map: return "a mapping";
  }
  return "?";
}

namespace {

struct Converter {
  const std::string& text;
  const std::string& file;
  const LoadLimits& limits;
  std::size_t nodes = 0;

  SourcePos at(const YAML::Mark& mark) const {
    return SourcePos{file, mark.line + 1, mark.column + 1};
  }

  Doc convert(const YAML::Node& node, int depth) {
    if (++nodes > limits.max_nodes) {
      throw InputError(at(node.Mark()), "too-large",
                       "the file expands to more than " + std::to_string(limits.max_nodes) +
                           " YAML nodes",
                       "YAML aliases (*name) that repeat large blocks multiply the size of a file; "
                       "write the values out or shorten the file");
    }
    if (depth > limits.max_depth) {
      throw InputError(at(node.Mark()), "too-large",
                       "YAML nesting deeper than " + std::to_string(limits.max_depth) + " levels",
                       "a scenario needs only a few levels of nesting");
    }
    Doc doc;
    doc.pos = at(node.Mark());
    switch (node.Type()) {
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        doc.kind = Doc::Kind::null;
        break;
      case YAML::NodeType::Scalar: {
        doc.kind = Doc::Kind::scalar;
        doc.scalar = node.Scalar();
        std::size_t offset = static_cast<std::size_t>(node.Mark().pos);
        if (node.Tag() == "!" || (offset < text.size() && (text[offset] == '"' || text[offset] == '\''))) {
          doc.quoted = true;
          if (offset < text.size() && (text[offset] == '"' || text[offset] == '\'')) doc.pos.col += 1;
        }
        break;
      }
      case YAML::NodeType::Sequence:
        doc.kind = Doc::Kind::sequence;
        for (const auto& item : node) doc.items.push_back(convert(item, depth + 1));
        break;
      case YAML::NodeType::Map: {
        doc.kind = Doc::Kind::map;
        std::set<std::string> seen;
        for (const auto& kv : node) {
          SourcePos key_pos = at(kv.first.Mark());
          if (!kv.first.IsScalar()) {
            throw InputError(key_pos, "wrong-type", "a key must be a plain name",
                             "write keys as simple words, e.g. `value:`");
          }
          std::string key = kv.first.Scalar();
          if (!seen.insert(key).second) {
            throw InputError(key_pos, "duplicate-key", "'" + key + "' is given twice in the same mapping",
                             "YAML keeps only one of them; delete or rename the other");
          }
          ++nodes;
          doc.entries.emplace_back(key, convert(kv.second, depth + 1));
          doc.key_pos.push_back(key_pos);
        }
        break;
      }
    }
    return doc;
  }
};

bool is_rule_key(const std::string& key) {
  return key == "growth" || key == "change" || key == "value" || key == "path";
}

std::string id_of(const Doc& item) {
  if (item.kind != Doc::Kind::map) return {};
  const Doc* id = item.find("id");
  return (id && id->kind == Doc::Kind::scalar) ? id->scalar : std::string{};
}

Doc merge_list_by_id(const Doc& parent, const Doc& child) {
  std::vector<std::string> parent_ids;
  for (const auto& item : parent.items) parent_ids.push_back(id_of(item));
  bool any_match = std::any_of(child.items.begin(), child.items.end(), [&](const Doc& item) {
    std::string id = id_of(item);
    return !id.empty() && std::find(parent_ids.begin(), parent_ids.end(), id) != parent_ids.end();
  });
  if (!any_match) return child;
  Doc merged = parent;
  for (const auto& item : child.items) {
    auto where = std::find(parent_ids.begin(), parent_ids.end(), id_of(item));
    if (!id_of(item).empty() && where != parent_ids.end()) {
      merged.items[static_cast<std::size_t>(where - parent_ids.begin())] = item;
    } else {
      merged.items.push_back(item);
    }
  }
  return merged;
}

Doc merge_map(const Doc& parent, const Doc& child, const std::string& context) {
  Doc merged = parent;
  merged.pos = child.pos;
  // An indicator whose child states a rule loses the parent's rule.
  bool child_has_rule = context == "indicator" &&
                        std::any_of(child.entries.begin(), child.entries.end(),
                                    [](const auto& kv) { return is_rule_key(kv.first); });
  if (child_has_rule) {
    for (std::size_t i = merged.entries.size(); i-- > 0;) {
      if (is_rule_key(merged.entries[i].first)) {
        merged.entries.erase(merged.entries.begin() + static_cast<std::ptrdiff_t>(i));
        merged.key_pos.erase(merged.key_pos.begin() + static_cast<std::ptrdiff_t>(i));
      }
    }
  }
  for (std::size_t i = 0; i < child.entries.size(); ++i) {
    const auto& [key, value] = child.entries[i];
    auto it = std::find_if(merged.entries.begin(), merged.entries.end(),
                           [&](const auto& kv) { return kv.first == key; });
    if (it == merged.entries.end()) {
      merged.entries.emplace_back(key, value);
      merged.key_pos.push_back(child.key_pos[i]);
      continue;
    }
    std::size_t index = static_cast<std::size_t>(it - merged.entries.begin());
    merged.key_pos[index] = child.key_pos[i];
    const Doc& old = it->second;
    std::string next_context = context == "top" && (key == "indicators") ? "indicators"
                               : context == "indicators"                 ? "indicator"
                                                                         : "";
    bool replace_whole = key == "path" || key == "history" || (key == "uncertainty" && value.find("dist"));
    if (old.kind == Doc::Kind::map && value.kind == Doc::Kind::map && !replace_whole) {
      it->second = merge_map(old, value, next_context);
    } else if (old.kind == Doc::Kind::sequence && value.kind == Doc::Kind::sequence &&
               (key == "targets" || key == "sweeps")) {
      it->second = merge_list_by_id(old, value);
    } else {
      it->second = value;
    }
  }
  return merged;
}

}  // namespace

Doc parse_yaml(const std::string& text, const std::string& file, const LoadLimits& limits) {
  if (text.size() > limits.max_file_bytes) {
    throw InputError(SourcePos{file, 0, 0}, "too-large",
                     "the file is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                         std::to_string(limits.max_file_bytes),
                     "a scenario is a few kilobytes; check that this is the right file");
  }
  YAML::Node root;
  try {
    root = YAML::Load(text);
  } catch (const YAML::Exception& e) {
    std::string message = e.msg;
    throw InputError(SourcePos{file, e.mark.line + 1, e.mark.column + 1}, "yaml-syntax",
                     "this is not valid YAML: " + message,
                     "check indentation (spaces, not tabs), colons after keys and matching quotes");
  }
  Converter converter{text, file, limits};
  Doc doc = converter.convert(root, 0);
  if (doc.kind != Doc::Kind::map) {
    throw InputError(doc.pos.line ? doc.pos : SourcePos{file, 1, 1}, "wrong-type",
                     "a scenario file must be a mapping of keys (scenario:, years:, indicators:, …)",
                     "start from scenarios/examples/minimal.yaml");
  }
  return doc;
}

Doc merge_docs(const Doc& parent, const Doc& child) { return merge_map(parent, child, "top"); }

}  // namespace goalpath::scenario::detail

#include "scenario/doc.hpp"
#include "scenario/parse.hpp"

#include <yaml-cpp/depthguard.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string_view>
#include <unordered_map>

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
bool continuation_byte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }
}  // namespace

/// Positions and labels assume UTF-8. yaml-cpp would also read UTF-16 and
/// pass through bytes that are not UTF-8 (Chinese text saved as GBK), which
/// reports then print as garbage and the JSON writer refuses.
void require_utf8(const std::string& text, const std::string& file) {
  const std::string_view head(text.data(), std::min<std::size_t>(text.size(), 4));
  // Without a byte-order mark UTF-16 shows itself by its NUL bytes: every
  // ASCII character (the whole of a YAML key) has one before or after it.
  const bool utf16_without_mark = text.size() >= 2 && ((text[0] == '\0') != (text[1] == '\0'));
  if (head.starts_with("\xFF\xFE") || head.starts_with("\xFE\xFF") || head == std::string_view("\0\0\xFE\xFF", 4) ||
      utf16_without_mark) {
    throw InputError(SourcePos{file, 1, 1}, "encoding", "the file is saved as UTF-16 or UTF-32, not as UTF-8",
                     "save it as UTF-8 (in Notepad: File > Save as, Encoding: UTF-8)");
  }
  const std::size_t dot = file.rfind('.');
  const std::string extension = dot == std::string::npos || file.find('/', dot) != std::string::npos ? ".yaml" : file.substr(dot);
  int line = 1, col = 1;
  for (std::size_t k = 0; k < text.size();) {
    const auto c = static_cast<unsigned char>(text[k]);
    const std::size_t length = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 0;
    bool valid = length > 0 && c != 0 && c != 0xC0 && c != 0xC1 && c <= 0xF4 && k + length <= text.size();
    for (std::size_t m = 1; valid && m < length; ++m) valid = continuation_byte(text[k + m]);
    if (valid && length >= 3) {  // overlong forms, UTF-16 surrogates, beyond U+10FFFF
      const auto second = static_cast<unsigned char>(text[k + 1]);
      valid = !(c == 0xE0 && second < 0xA0) && !(c == 0xED && second >= 0xA0) && !(c == 0xF0 && second < 0x90) &&
              !(c == 0xF4 && second >= 0x90);
    }
    if (c == 0) {
      throw InputError(SourcePos{file, line, col}, "encoding", "the file has a NUL byte here: it is not a text file",
                       "a scenario is plain text saved as UTF-8; check that this is the right file");
    }
    if (!valid) {
      char byte[8];
      std::snprintf(byte, sizeof byte, "0x%02X", c);
      throw InputError(SourcePos{file, line, col}, "encoding",
                       std::string("the file is not UTF-8 text: byte ") + byte + " here does not belong to a UTF-8 character",
                       "save the file as UTF-8; Chinese text saved as GBK or GB18030 (the default of some Windows "
                       "editors) can be converted with: iconv -f GB18030 -t UTF-8 OLD" + extension + " > NEW" + extension);
    }
    if (c == '\n') {
      ++line;
      col = 1;
    } else {
      ++col;
    }
    k += length;
  }
}

/// The text yaml-cpp parses, in which byte offsets, lines and columns agree
/// with the Converter's: without a byte-order mark (Windows Notepad writes
/// one; yaml-cpp skips it, so its offsets would be 3 short), and with every
/// line break as \n (yaml-cpp also breaks lines at \r\n and a lone \r, as
/// old Mac files have; inside values YAML makes them \n anyway).
std::string plain_text(const std::string& text) {
  static constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  std::size_t from = 0;  // every mark: a tool that adds one may not look for one already there
  while (std::string_view(text).substr(from).starts_with(kByteOrderMark)) from += kByteOrderMark.size();
  if (text.find('\r', from) == std::string::npos) return text.substr(from);
  std::string out;
  out.reserve(text.size() - from);
  for (std::size_t k = from; k < text.size(); ++k) {
    if (text[k] != '\r') {
      out += text[k];
    } else if (k + 1 >= text.size() || text[k + 1] != '\n') {
      out += '\n';
    }
  }
  return out;
}

namespace {

// Characters a Chinese input method types where YAML needs ASCII. In a key
// they are never meant; in a value only where they stand for structure
// (after a name, between list items, as indentation), so that Chinese text
// in titles and labels keeps its own punctuation.
constexpr std::string_view kFullColon = "\xEF\xBC\x9A";        // ：
constexpr std::string_view kFullComma = "\xEF\xBC\x8C";        // ，
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";  // 　

bool is_ascii_word(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}

struct Misfit {
  std::size_t offset = std::string::npos;  // byte offset in the scalar
  std::string_view character, ascii, meaning;
};

/// The first full-width character in `text` (a key, or a plain value) that
/// stands where YAML needs ASCII, or offset npos.
Misfit input_method_misfit(const std::string& text, bool is_key, bool in_list) {
  if (std::size_t at = text.find(kIdeographicSpace); at != std::string::npos &&
      (is_key || at == 0 || at + kIdeographicSpace.size() == text.size() ||
       (at > 0 && text[at - 1] == ':'))) {
    return {at, kIdeographicSpace, " ", "an ASCII space"};
  }
  for (std::size_t at = text.find(kFullColon); at != std::string::npos; at = text.find(kFullColon, at + 1)) {
    const bool after_name = at > 0 && std::all_of(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), is_ascii_word);
    if (is_key || after_name) return {at, kFullColon, ":", "an ASCII colon followed by a space"};
  }
  for (std::size_t at = text.find(kFullComma); at != std::string::npos; at = text.find(kFullComma, at + 1)) {
    const std::size_t next = at + kFullComma.size();
    const bool between_words = at > 0 && is_ascii_word(text[at - 1]) && next < text.size() && is_ascii_word(text[next]);
    if (is_key || (in_list && between_words)) return {at, kFullComma, ",", "an ASCII comma"};
  }
  return {};
}

/// Columns count characters, as editors do, not bytes: 上海 is two columns,
/// not six. For a file with no byte above 0x7F the two agree and nothing is
/// stored.
class CharColumns {
 public:
  explicit CharColumns(const std::string& text) {
    if (std::none_of(text.begin(), text.end(), [](char c) { return static_cast<unsigned char>(c) >= 0x80; })) return;
    column_.resize(text.size() + 1);
    line_start_.push_back(0);
    int col = 1;
    for (std::size_t k = 0; k < text.size(); ++k) {
      column_[k] = col;
      if (text[k] == '\n') {
        line_start_.push_back(k + 1);
        col = 1;
      } else if (k + 1 >= text.size() || !continuation_byte(text[k + 1])) {
        ++col;
      }
    }
    column_[text.size()] = col;
  }

  /// The column of byte `offset`, on 0-based `line` at 0-based byte column
  /// `byte_column` (yaml-cpp's mark). Should the three ever disagree, the
  /// byte column stands.
  int at(long offset, int line, int byte_column) const {
    if (column_.empty() || offset < 0 || static_cast<std::size_t>(offset) >= column_.size()) return byte_column + 1;
    if (line < 0 || static_cast<std::size_t>(line) >= line_start_.size() ||
        line_start_[static_cast<std::size_t>(line)] + static_cast<std::size_t>(byte_column) != static_cast<std::size_t>(offset)) {
      return byte_column + 1;
    }
    return column_[static_cast<std::size_t>(offset)];
  }

 private:
  std::vector<int> column_;
  std::vector<std::size_t> line_start_;
};

struct Converter {
  const std::string& text;
  const std::string& file;
  const LoadLimits& limits;
  const CharColumns& columns;
  std::size_t nodes = 0;
  std::set<std::size_t> closed_quotes{};  // offsets of quoted scalars already checked (aliases repeat them)
  std::unordered_map<std::size_t, SourcePos> placed{};  // where each scalar's value lies, by its offset
  std::size_t text_bytes = 0;           // of values and keys, after alias expansion

  SourcePos at(const YAML::Mark& mark) const {
    return SourcePos{file, mark.line + 1, columns.at(mark.pos, mark.line, mark.column)};
  }

  // One byte on from `offset`, keeping line and (character) column.
  void step(std::size_t& offset, int& line, int& col) const {
    if (text[offset] == '\n') {
      ++line;
      col = 1;
    } else if (offset + 1 >= text.size() || !continuation_byte(text[offset + 1])) {
      ++col;
    }
    ++offset;
  }

  // Aliases repeat text as well as nodes: a long string used through nested
  // aliases takes gigabytes well within the node budget.
  void count_text(std::size_t bytes, const YAML::Mark& mark) {
    text_bytes += bytes;
    if (text_bytes > limits.max_text_bytes) {
      throw InputError(at(mark), "too-large",
                       "the file expands to more than " + std::to_string(limits.max_text_bytes) + " bytes of text",
                       "YAML aliases (*name) that repeat long text multiply the size of a file; "
                       "write the values out or shorten the file");
    }
  }

  // yaml-cpp accepts a quoted scalar whose closing quote never comes: the
  // text runs to the end of the file and silently swallows every key after
  // it. A quote opened at `offset` must close.
  void check_quote_closes(std::size_t offset, const YAML::Mark& mark) {
    if (!closed_quotes.insert(offset).second || closing_quote(offset) != std::string::npos) return;
    const char quote = text[offset];
    throw InputError(at(mark), "yaml-syntax",
                     std::string("this is not valid YAML: the quote ") + quote + " that opens here is never closed",
                     std::string("end the text with a matching ") + quote + "; without it the text runs to the end of the file");
  }

  // The offset of the quote that closes the one at `open`, or npos: a
  // backslash escapes the next character in double quotes, '' is a quote
  // inside single quotes.
  std::size_t closing_quote(std::size_t open) const {
    const char quote = text[open];
    for (std::size_t k = open + 1; k < text.size(); ++k) {
      if (quote == '"' && text[k] == '\\') {
        ++k;
      } else if (text[k] == quote) {
        if (quote == '"' || k + 1 >= text.size() || text[k + 1] != '\'') return k;
        ++k;
      }
    }
    return std::string::npos;
  }

  // yaml-cpp marks a value at its anchor (&name) or tag (!tag) when it has
  // one; the value itself starts after them.
  std::size_t skip_properties(std::size_t offset) const {
    while (offset < text.size() && (text[offset] == '&' || text[offset] == '!')) {
      while (offset < text.size() && text[offset] != ' ' && text[offset] != '\t' && text[offset] != '\n') ++offset;
      while (offset < text.size() && std::string_view(" \t\r\n#").find(text[offset]) != std::string_view::npos) {
        if (text[offset] == '#') {
          while (offset < text.size() && text[offset] != '\n') ++offset;  // a comment after the anchor
        } else {
          ++offset;
        }
      }
    }
    return offset;
  }

  // Where the value of a scalar marked at `mark` and starting at `start` (its
  // quote, its | or >, or its first byte) lies: its first byte, and, when its
  // bytes are not simply the columns after that (text folded over lines, a
  // block scalar), where each byte is, so that an error in an expression
  // points at the right line and column. Walks the file and the value side by
  // side; gives up (columns after the first) on anything it does not follow,
  // such as escapes. Each scalar is placed once, however often aliases repeat it.
  SourcePos place_value(const std::string& value, const YAML::Mark& mark, std::size_t start) {
    if (auto known = placed.find(start); known != placed.end()) return known->second;
    const auto mark_offset = static_cast<std::size_t>(mark.pos);
    const char first = start < text.size() ? text[start] : '\0';
    const bool quoted = first == '"' || first == '\'', block = first == '|' || first == '>';
    const std::size_t content = start + (quoted ? 1 : 0);
    SourcePos simple = at(mark);
    for (std::size_t k = mark_offset; k < content && k < text.size();) step(k, simple.line, simple.col);  // past an anchor, a tag, a quote
    SourcePos where = simple;
    const bool ascii = std::all_of(value.begin(), value.end(), [](char c) { return static_cast<unsigned char>(c) < 0x80; });
    if (block || !ascii || value.find('\n') != std::string::npos || text.compare(content, value.size(), value) != 0) {
      auto map = std::make_shared<std::vector<SourcePos::LineCol>>();
      map->reserve(value.size());
      int line = simple.line, col = simple.col;
      std::size_t s = content;
      auto advance = [&] { step(s, line, col); };
      if (block) {
        while (s < text.size() && text[s] != '\n') advance();  // the header: | or >, indicators, a comment
      }
      bool gave_up = false;
      for (std::size_t j = 0; j < value.size() && !gave_up;) {
        const char c = value[j];
        const char t = s < text.size() ? text[s] : '\0';
        if (t == '\0' && c == '\n') {
          map->push_back({line, col});  // a kept final line break (|+) at the end of the file
          ++j;
        } else if (t == '\0' || (first == '"' && t == '\\')) {
          gave_up = true;  // the end of the file, or an escape
        } else if (first == '\'' && c == '\'' && t == '\'' && s + 1 < text.size() && text[s + 1] == '\'') {
          map->push_back({line, col});  // '' is one quote
          advance();
          advance();
          ++j;
        } else if (t == c) {
          map->push_back({line, col});
          advance();
          ++j;
        } else if (t == '\n' && c == ' ') {
          map->push_back({line, col});  // a line break folded into a space
          advance();
          ++j;
        } else if (t == ' ' || t == '\t' || t == '\r' || t == '\n') {
          advance();  // indentation, trailing spaces, a folded line break
        } else {
          gave_up = true;
        }
      }
      if (gave_up) {
        // Columns after the first would run off its line: point every byte
        // of a value that spans lines at its start instead.
        map->clear();
        const bool spans_lines = line != simple.line || block || value.find('\n') != std::string::npos ||
                                 (quoted && text.find('\n', start) < closing_quote(start));
        if (spans_lines) {
          map->assign(value.size(), SourcePos::LineCol{simple.line, simple.col});
        }
      }
      if (!map->empty()) {
        bool one_line = true;
        for (std::size_t j = 0; j < map->size() && one_line; ++j) {
          one_line = (*map)[j].line == (*map)[0].line && (*map)[j].col == (*map)[0].col + static_cast<int>(j);
        }
        where = SourcePos{file, (*map)[0].line, (*map)[0].col};
        if (!one_line) where.value_map = std::move(map);
      }
    }
    placed.emplace(start, where);
    return where;
  }

  // A key or plain scalar at `pos` (character columns) with a misfit at byte `offset`.
  void reject_misfit(const std::string& text, const SourcePos& pos, bool is_key, bool in_list) {
    const Misfit misfit = input_method_misfit(text, is_key, in_list);
    if (misfit.offset == std::string::npos) return;
    SourcePos where = pos.value_map ? pos.shifted(static_cast<int>(misfit.offset)) : pos;
    if (!pos.value_map) {
      for (std::size_t k = 0; k < misfit.offset; ++k) where.col += continuation_byte(text[k]) ? 0 : 1;
    }
    throw InputError(where, "yaml-syntax",
                     "a full-width '" + std::string(misfit.character) + "' (Chinese input method) where YAML needs '" +
                         std::string(misfit.ascii) + "'",
                     "write " + std::string(misfit.meaning) + " '" + std::string(misfit.ascii) + "' instead of '" +
                         std::string(misfit.character) + "' (switch the input method to English, or half-width)");
  }

  Doc convert(const YAML::Node& node, int depth, bool in_list = false) {
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
        count_text(node.Scalar().size(), node.Mark());
        doc.scalar = node.Scalar();
        const std::size_t offset = skip_properties(static_cast<std::size_t>(node.Mark().pos));
        const bool quote = offset < text.size() && (text[offset] == '"' || text[offset] == '\'');
        doc.quoted = quote || node.Tag() == "!";
        if (quote) check_quote_closes(offset, node.Mark());
        doc.pos = place_value(doc.scalar, node.Mark(), offset);
        if (!doc.quoted) reject_misfit(doc.scalar, doc.pos, false, in_list);
        break;
      }
      case YAML::NodeType::Sequence:
        doc.kind = Doc::Kind::sequence;
        for (const auto& item : node) doc.items.push_back(convert(item, depth + 1, true));
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
          count_text(kv.first.Scalar().size(), kv.first.Mark());
          std::string key = kv.first.Scalar();
          // A quoted key is checked like a quoted value: yaml-cpp lets a quote
          // that never closes run to the end of the file, folding every line
          // after it into one key. A misfit in a key that spans lines is
          // placed through the key's own map of positions.
          const std::size_t key_offset = skip_properties(static_cast<std::size_t>(kv.first.Mark().pos));
          if (key_offset < text.size() && (text[key_offset] == '"' || text[key_offset] == '\'')) {
            check_quote_closes(key_offset, kv.first.Mark());
          }
          reject_misfit(key, place_value(key, kv.first.Mark(), key_offset), true, false);
          if (!seen.insert(key).second) {
            throw InputError(key_pos, "duplicate-key", "'" + key + "' is given twice in the same mapping",
                             "YAML keeps only one of them; delete or rename the other");
          }
          ++nodes;
          doc.entries.emplace_back(key, convert(kv.second, depth + 1));
          // A key with nothing after its colon: yaml-cpp places the empty
          // value at the next token, often on a later line (or past the end
          // of the file); errors about it belong on the key's line.
          Doc& value = doc.entries.back().second;
          if (value.kind == Doc::Kind::null && value.pos.line > key_pos.line) value.pos = key_pos;
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
  // id -> index of its first item in the parent (not a linear search per
  // item: merging long lists was quadratic).
  std::unordered_map<std::string, std::size_t> parent_index;
  for (std::size_t k = 0; k < parent.items.size(); ++k) parent_index.emplace(id_of(parent.items[k]), k);
  bool any_match = std::any_of(child.items.begin(), child.items.end(), [&](const Doc& item) {
    std::string id = id_of(item);
    return !id.empty() && parent_index.count(id) != 0;
  });
  if (!any_match) return child;
  Doc merged = parent;
  for (const auto& item : child.items) {
    const std::string id = id_of(item);
    auto where = parent_index.find(id);
    if (!id.empty() && where != parent_index.end()) {
      merged.items[where->second] = item;
    } else {
      merged.items.push_back(item);
    }
  }
  return merged;
}

/// "a|b" with the names in order, or "" for an item that is not
/// [name, name, coefficient] (build_spec reports those).
std::string pair_key(const Doc& item) {
  if (item.kind != Doc::Kind::sequence || item.items.size() != 3) return {};
  for (const Doc& part : item.items) {
    if (part.kind != Doc::Kind::scalar) return {};
  }
  auto [a, b] = std::minmax(item.items[0].scalar, item.items[1].scalar);
  return a + "|" + b;
}

bool is_zero(const Doc& coefficient) {
  double value = 0.0;
  return coefficient.kind == Doc::Kind::scalar && !coefficient.quoted && parse_number(coefficient.scalar, value) &&
         value == 0.0;
}

// A variant that lists one pair must not silently drop the parent's others:
// correlations merge by their (unordered) pair.
Doc merge_correlations(const Doc& parent, const Doc& child, std::vector<std::string>* notes) {
  if (child.items.empty()) {
    if (notes) {
      notes->push_back("correlations: the empty list removes all " + std::to_string(parent.items.size()) +
                       " pairs of the parent");
    }
    return child;
  }
  Doc merged = parent;
  merged.pos = child.pos;
  std::unordered_map<std::string, std::size_t> parent_index;
  for (std::size_t k = 0; k < parent.items.size(); ++k) {
    if (std::string key = pair_key(parent.items[k]); !key.empty()) parent_index.emplace(key, k);
  }
  std::vector<bool> removed(parent.items.size(), false);
  int changed = 0, dropped = 0, added = 0;
  for (const Doc& item : child.items) {
    const std::string key = pair_key(item);
    auto where = key.empty() ? parent_index.end() : parent_index.find(key);
    if (where == parent_index.end()) {
      merged.items.push_back(item);
      ++added;
    } else if (is_zero(item.items[2])) {
      removed[where->second] = true;
      ++dropped;
    } else {
      merged.items[where->second] = item;
      ++changed;
    }
  }
  for (std::size_t k = parent.items.size(); k-- > 0;) {
    if (removed[k]) merged.items.erase(merged.items.begin() + static_cast<std::ptrdiff_t>(k));
  }
  if (notes) {
    notes->push_back("correlations merged by pair: " + std::to_string(parent.items.size() - changed - dropped) +
                     " kept from the parent, " + std::to_string(changed) + " changed, " + std::to_string(dropped) +
                     " removed (coefficient 0), " + std::to_string(added) + " added; " +
                     std::to_string(merged.items.size()) + " in all");
  }
  return merged;
}

Doc merge_map(const Doc& parent, const Doc& child, const std::string& context, std::vector<std::string>* notes) {
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
  // key -> index in merged.entries (not a linear search per key: a child
  // of 100000 keys took minutes to merge).
  std::unordered_map<std::string, std::size_t> index_of;
  for (std::size_t k = 0; k < merged.entries.size(); ++k) index_of.emplace(merged.entries[k].first, k);
  for (std::size_t i = 0; i < child.entries.size(); ++i) {
    const auto& [key, value] = child.entries[i];
    auto found = index_of.find(key);
    if (found == index_of.end()) {
      index_of.emplace(key, merged.entries.size());
      merged.entries.emplace_back(key, value);
      merged.key_pos.push_back(child.key_pos[i]);
      continue;
    }
    std::size_t index = found->second;
    auto it = merged.entries.begin() + static_cast<std::ptrdiff_t>(index);
    merged.key_pos[index] = child.key_pos[i];
    const Doc& old = it->second;
    std::string next_context = context == "top" && (key == "indicators") ? "indicators"
                               : context == "indicators"                 ? "indicator"
                                                                         : "";
    // A calibration is one measurement: a variant's replaces the parent's
    // whole rather than mixing the numbers of two backtests.
    bool replace_whole = key == "path" || key == "history" || (key == "uncertainty" && value.find("dist")) ||
                         (context == "top" && key == "calibration");
    if (old.kind == Doc::Kind::map && value.kind == Doc::Kind::map && !replace_whole) {
      it->second = merge_map(old, value, next_context, notes);
    } else if (old.kind == Doc::Kind::sequence && value.kind == Doc::Kind::sequence &&
               (key == "targets" || key == "sweeps")) {
      it->second = merge_list_by_id(old, value);
    } else if (old.kind == Doc::Kind::sequence && value.kind == Doc::Kind::sequence && context == "top" &&
               key == "history_files") {
      // A variant adds data (a newer year's file) rather than restating the
      // parent's; each entry keeps its position, so its path stays relative
      // to the file that states it.
      Doc both = value;  // not assigned to it->second first: `old` refers to it
      both.items.insert(both.items.begin(), old.items.begin(), old.items.end());
      it->second = std::move(both);
    } else if (old.kind == Doc::Kind::sequence && value.kind == Doc::Kind::sequence && context == "top" &&
               key == "correlations") {
      it->second = merge_correlations(old, value, notes);
    } else {
      it->second = value;
    }
  }
  return merged;
}

// yaml-cpp's messages in the words of someone who edits the file by hand,
// with a hint for each; anything not listed keeps yaml-cpp's words.
std::pair<std::string, std::string> plain_yaml_error(const std::string& message) {
  struct Plain {
    const char* yaml_cpp;  // start of yaml-cpp's message
    const char* text;
    const char* hint;
  };
  static const Plain kPlain[] = {
      {"illegal tab", "a tab character is used for indentation",
       "indent with spaces, not tabs: replace the tab with ASCII spaces ' ' (YAML allows no tabs in indentation)"},
      {"end of map not found", "this line's indentation does not fit the lines above it",
       "check the indentation: the keys of one mapping start in the same column, and what belongs to a key "
       "is indented further than the key (spaces, not tabs)"},
      {"end of sequence not found", "this line's indentation does not fit the list above it",
       "check the indentation: the items of one list start with '- ' in the same column"},
      {"end of map flow not found", "a '{' is not closed by a '}'",
       "check that every '{' has its '}', e.g. output: { base: 1, growth: 0.04 }"},
      {"end of sequence flow not found", "a '[' is not closed by a ']'",
       "check that every '[' has its ']', e.g. years: [2023, 2027]"},
      {"illegal map value", "a ':' where YAML does not expect one",
       "text that contains ': ' needs quotes, e.g. title: \"Output: the 2027 target\"; "
       "otherwise check the indentation of this line"},
      {"illegal block entry", "a list item ('- ') where it cannot be",
       "a '- ' item goes on its own line, under a key with nothing after its colon"},
      {"illegal flow end", "a ']' or '}' without its '[' or '{'", "check the brackets on this line"},
      {"unknown escape character", "an unknown escape (a '\\' followed by a letter) in text in double quotes",
       "write \\\\ for a backslash, or put the text in single quotes"},
      {"the referenced anchor is not defined", "an alias (*name) refers to an anchor (&name) that is not defined",
       "define &name before *name, or write the value out"},
  };
  for (const auto& plain : kPlain) {
    if (message.rfind(plain.yaml_cpp, 0) == 0) return {plain.text, plain.hint};
  }
  return {message, "check indentation (spaces, not tabs), colons after keys and matching quotes"};
}

// The offset of the first '[' or '{' nested deeper than `limit` flow
// collections, or -1. Quoted text and comments are skipped.
long first_bracket_deeper_than(const std::string& yaml, int limit) {
  int depth = 0;
  for (std::size_t k = 0; k < yaml.size(); ++k) {
    const char c = yaml[k];
    if (c == '"' || c == '\'') {
      for (++k; k < yaml.size() && yaml[k] != c; ++k) {
        if (c == '"' && yaml[k] == '\\') ++k;
      }
    } else if (c == '#' && (k == 0 || yaml[k - 1] == ' ' || yaml[k - 1] == '\n')) {
      while (k < yaml.size() && yaml[k] != '\n') ++k;
    } else if (c == '[' || c == '{') {
      if (++depth > limit) return static_cast<long>(k);
    } else if ((c == ']' || c == '}') && depth > 0) {
      --depth;
    }
  }
  return -1;
}

// The 1-based line of the '---' that starts the document whose content
// yaml-cpp marks at 0-based `content_line` (-1 when it has none): the last
// '---' line before that content.
/// The 1-based line where a second YAML document starts, or 0 when the text
/// holds one document. Found in the text, not by YAML::LoadAll: yaml-cpp
/// 0.7's LoadAll loops for ever on some malformed input after the first
/// document (e.g. ", io:`23,every_year: }27]", found by scenario_fuzz). A
/// line "---" (alone or before content) at column 0 is a document marker
/// wherever it stands (YAML forbids it inside content), so a marker after
/// content, or content after a "..." end marker, starts another document.
int second_document_line(const std::string& yaml) {
  bool content = false, ended = false;
  int line = 0;
  for (std::size_t start = 0; start < yaml.size(); ++line) {
    std::size_t end = yaml.find('\n', start);
    if (end == std::string::npos) end = yaml.size();
    std::string_view text(yaml.data() + start, end - start);
    start = end + 1;
    auto marker = [&text](std::string_view m) {
      return text.starts_with(m) && (text.size() == 3 || text[3] == ' ' || text[3] == '\t' || text[3] == '\r');
    };
    std::string_view rest = text;
    if (marker("---")) {
      if (content || ended) return line + 1;
      rest = text.substr(3);
    } else if (marker("...")) {
      ended = true;
      continue;
    }
    const auto first = rest.find_first_not_of(" \t\r");
    if (first == std::string_view::npos || rest[first] == '#') continue;
    if (!content && !ended && rest[first] == '%' && rest.data() == text.data()) continue;  // a directive
    if (ended) return line + 1;
    content = true;
  }
  return 0;
}

}  // namespace

Doc parse_yaml(const std::string& text, const std::string& file, const LoadLimits& limits) {
  if (text.size() > limits.max_file_bytes) {
    throw InputError(SourcePos{file, 0, 0}, "too-large",
                     "the file is " + std::to_string(text.size()) + " bytes, more than the limit of " +
                         std::to_string(limits.max_file_bytes),
                     "a scenario is a few kilobytes; check that this is the right file");
  }
  const std::string yaml = plain_text(text);
  require_utf8(yaml, file);
  const CharColumns columns(yaml);
  YAML::Node root;
  try {
    // Load reads the first document and silently drops the others: look for them in the text.
    root = YAML::Load(yaml);
    if (const int second = second_document_line(yaml); second > 0) {
      throw InputError(SourcePos{file, second, 1}, "yaml-syntax",
                       "this is not valid YAML for a scenario: a second document starts here (after ---)",
                       "a scenario file holds one document; delete the '---' line and what follows, or merge it");
    }
  } catch (const YAML::DeepRecursion& e) {
    // yaml-cpp stops at its own depth guard (hundreds of levels) before the
    // Converter sees the tree, marking where its scanner had got to: point
    // at the bracket that passes our limit instead, when there is one.
    SourcePos where{file, e.mark.line + 1, columns.at(e.mark.pos, e.mark.line, e.mark.column)};
    if (const long deep = first_bracket_deeper_than(yaml, limits.max_depth); deep >= 0) {
      const int line = static_cast<int>(std::count(yaml.begin(), yaml.begin() + deep, '\n'));
      const std::size_t line_start = yaml.rfind('\n', static_cast<std::size_t>(deep)) == std::string::npos
                                         ? 0 : yaml.rfind('\n', static_cast<std::size_t>(deep)) + 1;
      where = SourcePos{file, line + 1, columns.at(deep, line, static_cast<int>(static_cast<std::size_t>(deep) - line_start))};
    }
    throw InputError(where, "too-large",
                     "YAML nesting deeper than " + std::to_string(limits.max_depth) + " levels",
                     "a scenario needs only a few levels of nesting");
  } catch (const YAML::Exception& e) {
    auto [message, hint] = plain_yaml_error(e.msg);
    SourcePos where{file, e.mark.line + 1, columns.at(e.mark.pos, e.mark.line, e.mark.column)};
    if (e.mark.pos >= 0 && static_cast<std::size_t>(e.mark.pos) > yaml.size()) {
      // yaml-cpp reads an escape's digits past the end of the file: the end.
      const std::size_t last_line = yaml.rfind('\n') == std::string::npos ? 0 : yaml.rfind('\n') + 1;
      where.line = 1 + static_cast<int>(std::count(yaml.begin(), yaml.end(), '\n'));
      where.col = columns.at(static_cast<long>(yaml.size()), where.line - 1, static_cast<int>(yaml.size() - last_line));
    }
    throw InputError(where, "yaml-syntax", "this is not valid YAML: " + message, hint);
  }
  Converter converter{yaml, file, limits, columns};
  Doc doc = converter.convert(root, 0);
  if (doc.kind != Doc::Kind::map) {
    throw InputError(doc.pos.line ? doc.pos : SourcePos{file, 1, 1}, "wrong-type",
                     "a scenario file must be a mapping of keys (scenario:, years:, indicators:, …)",
                     "start from scenarios/examples/minimal.yaml");
  }
  return doc;
}

namespace {
void append_json_string(std::string& out, const std::string& text) {
  out += '"';
  for (char c : text) {
    const auto u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (u < 0x20) {
      char escape[8];
      std::snprintf(escape, sizeof escape, "\\u%04x", u);
      out += escape;
    } else {
      out += c;
    }
  }
  out += '"';
}

void append_json(std::string& out, const Doc& doc) {
  switch (doc.kind) {
    case Doc::Kind::null: out += "null"; break;
    case Doc::Kind::scalar: append_json_string(out, doc.scalar); break;
    case Doc::Kind::sequence:
      out += '[';
      for (std::size_t k = 0; k < doc.items.size(); ++k) {
        if (k) out += ',';
        append_json(out, doc.items[k]);
      }
      out += ']';
      break;
    case Doc::Kind::map:
      out += '{';
      for (std::size_t k = 0; k < doc.entries.size(); ++k) {
        if (k) out += ',';
        append_json_string(out, doc.entries[k].first);
        out += ':';
        append_json(out, doc.entries[k].second);
      }
      out += '}';
      break;
  }
}
}  // namespace

std::string canonical_json(const Doc& doc) {
  std::string out;
  append_json(out, doc);
  return out;
}

Doc merge_docs(const Doc& parent, const Doc& child, std::vector<std::string>* notes) {
  return merge_map(parent, child, "top", notes);
}

}  // namespace goalpath::scenario::detail

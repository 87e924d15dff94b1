// Errors that reach a planner. Every mistake in a scenario or on the command
// line becomes an InputError: a position (file:line:col), a stable code, a
// message that names what is wrong and a hint that says how to fix it. The CLI
// prints it as
//
//   baseline.yaml:12:9: error: 'grwth' is not defined [unknown-name]
//     hint: did you mean 'growth'?
//
// and exits with status 2. Anything else that goes wrong is a plain
// std::exception and exits with status 1.
#pragma once

#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace goalpath {

/// A place in a scenario file. line and col count from 1; 0 means unknown.
struct SourcePos {
  /// Where each byte of a YAML value lies in the file, for values whose bytes
  /// are not simply the columns after the first one: text folded over several
  /// lines, a block scalar (| or >), escapes, or an anchor in front.
  struct LineCol {
    int line = 0, col = 0;
  };
  using ValueMap = std::shared_ptr<const std::vector<LineCol>>;

  std::string file;
  int line = 0;
  int col = 0;
  ValueMap value_map;  // empty: byte k of the value is at column col + k

  SourcePos() = default;
  SourcePos(std::string file_name, int line_number = 0, int column = 0, ValueMap map = {})
      : file(std::move(file_name)), line(line_number), col(column), value_map(std::move(map)) {}

  /// "file:line:col", "file" when the line is unknown, "" when nothing is known.
  std::string str() const;
  /// Where byte `offset` of the value that starts here lies (for errors
  /// inside an expression string): `offset` columns to the right, or its
  /// place in value_map.
  SourcePos shifted(int offset) const;
};

/// An option named inside a message, by its field in the library's option
/// structs ("samples", "from_year", "prim.min_mass"): the library does not
/// know how its front end spells options, so it marks the name and each
/// front end renders the mark its way (the command line as --samples,
/// Python as samples=). The mark is two control characters (STX, ETX)
/// around the field: never in a name a planner types, and should one go
/// unrendered, terminal_safe shows it rather than letting it through.
std::string option_ref(std::string_view field);
/// How a front end spells an option field; empty: the field name itself.
using OptionSpelling = std::function<std::string(std::string_view field)>;
/// `text` with every option_ref replaced by spell(field) (or the field).
std::string render_option_refs(std::string_view text, const OptionSpelling& spell = {});

/// message, hint and the position's file may hold option_ref marks;
/// what() and formatted() render them as field names, formatted(spell) a
/// front end's way.
class InputError : public std::runtime_error {
 public:
  InputError(SourcePos pos, std::string code, std::string message, std::string hint = {});

  const SourcePos& pos() const { return pos_; }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }

  /// The full text printed by the CLI, with the hint on a second line.
  std::string formatted(const OptionSpelling& spell = {}) const;

 private:
  SourcePos pos_;
  std::string code_;
  std::string message_;
  std::string hint_;
};

/// Levenshtein edit distance (insertions, deletions, substitutions each cost 1).
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `name`, if it is close enough to be a plausible
/// typo (distance <= max(2, |name|/3)); empty otherwise. The search stops
/// after a bounded amount of work (long names by the thousand), keeping the
/// best match found so far.
std::string closest_match(std::string_view name, const std::vector<std::string>& candidates);

/// "did you mean 'x'?" when a close candidate exists, else "expected one of: a, b, c".
std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates);

}  // namespace goalpath

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

#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace goalpath {

/// A place in a scenario file. line and col count from 1; 0 means unknown.
struct SourcePos {
  std::string file;
  int line = 0;
  int col = 0;

  /// "file:line:col", "file" when the line is unknown, "" when nothing is known.
  std::string str() const;
  /// The same file, `offset` columns to the right (for errors inside an expression string).
  SourcePos shifted(int offset) const;
};

class InputError : public std::runtime_error {
 public:
  InputError(SourcePos pos, std::string code, std::string message, std::string hint = {});

  const SourcePos& pos() const { return pos_; }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::string& hint() const { return hint_; }

  /// The full text printed by the CLI, with the hint on a second line.
  std::string formatted() const;

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

#include "common/error.hpp"

#include <algorithm>
#include <numeric>

namespace goalpath {

std::string SourcePos::str() const {
  if (file.empty() && line == 0) return {};
  if (line == 0) return file;
  return file + ":" + std::to_string(line) + ":" + std::to_string(col);
}

SourcePos SourcePos::shifted(int offset) const {
  SourcePos p = *this;
  if (p.line > 0) p.col += offset;
  return p;
}

InputError::InputError(SourcePos pos, std::string code, std::string message, std::string hint)
    : std::runtime_error(message),
      pos_(std::move(pos)),
      code_(std::move(code)),
      message_(std::move(message)),
      hint_(std::move(hint)) {}

std::string InputError::formatted() const {
  std::string where = pos_.str();
  std::string text = (where.empty() ? "goalpath" : where) + ": error[" + code_ + "]: " + message_;
  if (!hint_.empty()) text += "\n  hint: " + hint_;
  return text;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string closest_match(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    std::size_t d = edit_distance(name, c);
    if (d < best_distance) {
      best_distance = d;
      best = c;
    }
  }
  return best;
}

std::string did_you_mean(std::string_view name, const std::vector<std::string>& candidates) {
  std::string best = closest_match(name, candidates);
  if (!best.empty()) return "did you mean '" + best + "'?";
  if (candidates.empty()) return {};
  std::string list;
  for (std::size_t i = 0; i < candidates.size() && i < 12; ++i) {
    list += (i ? ", " : "") + candidates[i];
  }
  if (candidates.size() > 12) list += ", …";
  return "expected one of: " + list;
}

}  // namespace goalpath

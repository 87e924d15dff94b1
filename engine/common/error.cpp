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
  if (value_map && !value_map->empty() && offset >= 0) {
    const auto size = static_cast<int>(value_map->size());
    const LineCol at = (*value_map)[static_cast<std::size_t>(std::min(offset, size - 1))];
    return SourcePos{file, at.line, at.col + std::max(offset - (size - 1), 0)};
  }
  SourcePos p{file, line, col};
  if (p.line > 0) p.col += offset;
  return p;
}

namespace {
constexpr char kRefOpen = '\x02', kRefClose = '\x03';
}  // namespace

std::string option_ref(std::string_view field) { return kRefOpen + std::string(field) + kRefClose; }

std::string render_option_refs(std::string_view text, const OptionSpelling& spell) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t k = 0; k < text.size();) {
    const std::size_t open = text.find(kRefOpen, k);
    const std::size_t close = open == std::string_view::npos ? open : text.find(kRefClose, open);
    if (close == std::string_view::npos) {
      out.append(text.substr(k));
      break;
    }
    out.append(text.substr(k, open - k));
    const std::string_view field = text.substr(open + 1, close - open - 1);
    out += spell ? spell(field) : std::string(field);
    k = close + 1;
  }
  return out;
}

InputError::InputError(SourcePos pos, std::string code, std::string message, std::string hint)
    : std::runtime_error(render_option_refs(message)),
      pos_(std::move(pos)),
      code_(std::move(code)),
      message_(std::move(message)),
      hint_(std::move(hint)) {}

std::string InputError::formatted(const OptionSpelling& spell) const {
  std::string where = pos_.str();
  std::string text = (where.empty() ? "goalpath" : where) + ": error: " + message_ + " [" + code_ + "]";
  if (!hint_.empty()) text += "\n  hint: " + hint_;
  return render_option_refs(text, spell);
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

namespace {

/// edit_distance(a, b) when it is below `bound`, else `bound`. Stops early
/// once a whole row of the table has reached `bound` (a row's minimum never
/// decreases, and the distance is at least it), or once `work` (the cells
/// computed, accumulated across calls) exceeds `max_work`.
std::size_t edit_distance_below(std::string_view a, std::string_view b, std::size_t bound, std::size_t& work,
                                std::size_t max_work) {
  std::vector<std::size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    std::size_t row_min = row[0];
    for (std::size_t j = 1; j <= b.size(); ++j) {
      std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
      row_min = std::min(row_min, row[j]);
    }
    work += b.size() + 1;
    if (row_min >= bound || work > max_work) return bound;
  }
  return std::min(row[b.size()], bound);
}

}  // namespace

std::string closest_match(std::string_view name, const std::vector<std::string>& candidates) {
  // A hint must not take seconds: the edit distances of one unknown name to
  // 3000 names of 1000 characters (a 3 MB scenario) took 15 s. A candidate
  // whose length alone puts it too far is skipped (the distance is at least
  // the difference in length), a comparison stops as soon as the candidate
  // cannot beat the best so far, and once kMaxWork cells of edit-distance
  // tables have been computed the best match so far is the answer
  // (hand-written scenarios stay far below that).
  constexpr std::size_t kMaxWork = 10'000'000;
  std::size_t work = 0;
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, name.size() / 3) + 1;
  for (const auto& c : candidates) {
    const std::size_t gap = name.size() > c.size() ? name.size() - c.size() : c.size() - name.size();
    if (gap >= best_distance) continue;
    std::size_t d = edit_distance_below(name, c, best_distance, work, kMaxWork);
    if (work > kMaxWork) break;
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

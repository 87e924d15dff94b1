// One vocabulary for what a target asks. Every result that reports on a
// target (RunResult, SweepResult, SensitivityResult, SolveResult, NeededPath)
// carries a TargetAsk rather than strings of its own, and report/ spells it
// in one place (report/sweep.hpp: ask_text). A new target kind is a new
// scenario::TargetKind, its measurement in sim/, and its wording there.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "model/model.hpp"
#include "scenario/scenario.hpp"

namespace goalpath::analysis {

/// Which side of the threshold meets the target (equality meets it).
enum class Bound { at_least, at_most };
/// ">=" or "<=", as the reports' "op" field writes it.
const char* to_string(Bound bound);
std::optional<Bound> bound_from_string(const std::string& op);

struct TargetAsk {
  scenario::TargetKind kind = scenario::TargetKind::level;
  Bound bound = Bound::at_least;
  /// level, every_year: in the subject's unit; cagr: a rate a year (0.1 is 10%).
  double threshold = 0;
  /// The years it measures: a level target's one year (first = last), an
  /// every_year target's window, a cagr target's first and last year.
  int first_year = 0, last_year = 0;

  static TargetAsk of(const model::Target& target);
  const char* op() const { return to_string(bound); }
  const char* kind_name() const { return scenario::to_string(kind); }
  bool is_cagr() const { return kind == scenario::TargetKind::cagr; }
  /// As the reports list them: [year] for a level target, [first, last] otherwise.
  std::vector<int> years() const;
  /// The same rule as model::Target::met (model::meets_bound).
  bool met(double measured) const { return model::meets_bound(bound == Bound::at_least, threshold, measured); }
  bool operator==(const TargetAsk& other) const = default;
};

/// From a report's strings (report JSON read back): kind "level" |
/// "every_year" | "cagr", op ">=" | "<=", years [Y] or [first, last].
/// std::nullopt when one of them is not one of those.
std::optional<TargetAsk> target_ask_from(const std::string& kind, const std::string& op, double threshold,
                                         const std::vector<int>& years);

}  // namespace goalpath::analysis

#include "analysis/target.hpp"

namespace goalpath::analysis {

const char* to_string(Bound bound) { return bound == Bound::at_most ? "<=" : ">="; }

std::optional<Bound> bound_from_string(const std::string& op) {
  if (op == ">=") return Bound::at_least;
  if (op == "<=") return Bound::at_most;
  return std::nullopt;
}

TargetAsk TargetAsk::of(const model::Target& target) {
  TargetAsk ask;
  ask.kind = target.kind;
  ask.bound = target.at_least ? Bound::at_least : Bound::at_most;
  ask.threshold = target.threshold;
  ask.first_year = target.kind == scenario::TargetKind::level ? target.last_year : target.first_year;
  ask.last_year = target.last_year;
  return ask;
}

std::vector<int> TargetAsk::years() const {
  if (kind == scenario::TargetKind::level) return {last_year};
  return {first_year, last_year};
}

std::optional<TargetAsk> target_ask_from(const std::string& kind, const std::string& op, double threshold,
                                         const std::vector<int>& years) {
  TargetAsk ask;
  if (kind == "level") {
    ask.kind = scenario::TargetKind::level;
  } else if (kind == "every_year") {
    ask.kind = scenario::TargetKind::every_year;
  } else if (kind == "cagr") {
    ask.kind = scenario::TargetKind::cagr;
  } else {
    return std::nullopt;
  }
  const auto bound = bound_from_string(op);
  if (!bound || years.empty() || years.size() > 2) return std::nullopt;
  if (ask.kind == scenario::TargetKind::level ? years.size() != 1 : years.size() != 2) return std::nullopt;
  ask.bound = *bound;
  ask.threshold = threshold;
  ask.first_year = years.front();
  ask.last_year = years.back();
  return ask;
}

}  // namespace goalpath::analysis

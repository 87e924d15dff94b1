// `calibration:`: reading it, and when a variant may inherit it.
//
// A calibration describes the bands of particular shock sizes: the forecast
// errors they were estimated from and the backtest that checked them. A
// variant that keeps its parent's shocks keeps its parent's bands, so it
// keeps the calibration too; one that sizes a shock differently (or adds one)
// has other bands, and inheriting the statement "calibrated" would be false.
#include <cmath>

#include "scenario/parse.hpp"

namespace goalpath::scenario::detail {
namespace {

const std::string kWhat = "calibration";

/// errors: and points: — a count of forecasts, a whole number >= 1.
std::int64_t parse_count(const Doc& doc, const std::string& key, const std::string& meaning) {
  const Doc& value = require_key(doc, key, kWhat, "add `" + key + ":`, " + meaning + " (`goalpath calibrate --bands` writes it)");
  const double n = to_number(value, kWhat + " " + key);
  // 10^9 forecasts is far beyond any history; the cap keeps the count exact.
  if (n < 1 || n != std::floor(n) || n > 1e9) {
    throw InputError(value.pos, "bad-value", kWhat + ": " + key + " is " + value.scalar + "; it must be a whole number >= 1",
                     key + " counts " + meaning + ", e.g. " + key + ": 17");
  }
  return static_cast<std::int64_t>(n);
}

/// coverage_50: and coverage_90: — a share of the backtest's points, in [0, 1].
double parse_coverage(const Doc& doc, const std::string& key, const std::string& band) {
  const std::string meaning = "the share of the backtest's points inside the " + band + " band";
  const Doc& value = require_key(doc, key, kWhat, "add `" + key + ":`, " + meaning + " (`goalpath calibrate --bands` writes it)");
  const double share = to_number(value, kWhat + " " + key);
  if (!(share >= 0 && share <= 1)) {
    throw InputError(value.pos, "bad-value", kWhat + ": " + key + " is " + value.scalar + "; it must be a fraction from 0 to 1",
                     key + " is " + meaning + " as a fraction, e.g. " + key + ": 0.88 for 88%");
  }
  return share;
}

/// A shock field as a number: its value when written, `fallback` when not;
/// NaN when it is not a number (build_spec reports that; here it counts as changed).
double field_value(const Doc& shock, const std::string& key, double fallback) {
  const Doc* value = shock.find(key);
  if (!value) return fallback;
  double number = 0.0;
  return value->kind == Doc::Kind::scalar && parse_number(value->scalar, number) ? number : std::nan("");
}

}  // namespace

std::optional<CalibrationSpec> parse_calibration(const Doc& top) {
  const Doc* doc = top.find("calibration");
  if (!doc || doc->kind == Doc::Kind::null) return std::nullopt;
  expect_kind(*doc, Doc::Kind::map, kWhat);
  expect_keys(*doc, {"method", "errors", "points", "coverage_50", "coverage_90"}, kWhat);
  CalibrationSpec c;
  c.pos = doc->pos;
  const Doc& method = require_key(*doc, "method", kWhat,
                                  "add `method:`, how the shock sizes were estimated, e.g. method: \"maximum likelihood on "
                                  "17 forecast errors of a rolling-origin backtest\"");
  c.method = to_text(method, kWhat + " method");
  if (c.method.find_first_not_of(" \t\n") == std::string::npos) {
    throw InputError(method.pos, "bad-value", kWhat + ": method is empty",
                     "say how the shock sizes were estimated; reports quote it");
  }
  c.errors = parse_count(*doc, "errors", "the forecast errors the shock sizes were estimated from");
  c.points = parse_count(*doc, "points", "the forecast points of the backtest that checked the bands");
  c.coverage_50 = parse_coverage(*doc, "coverage_50", "50%");
  c.coverage_90 = parse_coverage(*doc, "coverage_90", "90%");
  return c;
}

std::optional<ShockChange> changed_shock(const Doc& parent, const Doc& child) {
  const Doc* shocks = child.find("shocks");
  if (!shocks || shocks->kind != Doc::Kind::map) return std::nullopt;
  const Doc* parent_shocks = parent.find("shocks");
  for (std::size_t i = 0; i < shocks->entries.size(); ++i) {
    const auto& [name, shock] = shocks->entries[i];
    const Doc* before = parent_shocks && parent_shocks->kind == Doc::Kind::map ? parent_shocks->find(name) : nullptr;
    if (!before) return ShockChange{shocks->key_pos[i], "the variant declares a new shock '" + name + "'"};
    if (shock.kind != Doc::Kind::map || before->kind != Doc::Kind::map) continue;  // build_spec's error
    // sd has no default (build_spec requires it); ar's is 0.
    for (const auto& [key, fallback] : {std::pair<std::string, double>{"sd", std::nan("")}, {"ar", 0.0}}) {
      if (!shock.find(key)) continue;
      const double now = field_value(shock, key, fallback), then = field_value(*before, key, fallback);
      if (now == then) continue;  // restated as it was: the same bands
      return ShockChange{shock.pos_of_key(key), "the variant restates the " + key + " of shock '" + name + "' (" +
                                                    shock.find(key)->scalar + ", was " +
                                                    (before->find(key) ? before->find(key)->scalar : "0") + ")"};
    }
  }
  return std::nullopt;
}

std::string calibration_dropped(const std::string& change, const std::string& calibrated_file, const std::string& fix) {
  return change + ", so the calibration of " + calibrated_file + " does not carry over (it checked the bands of " +
         calibrated_file + "'s shock sizes, not these) and the bands are not calibrated; " + fix;
}

}  // namespace goalpath::scenario::detail

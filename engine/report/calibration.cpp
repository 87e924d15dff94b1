// How every report states whether the bands were checked against history:
// one sentence, worded here only, so the JSON, the tables, the pages and
// `goalpath check` cannot drift apart.
#include <cmath>
#include <fmt/format.h>

#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report {

std::string calibration_statement(const std::optional<scenario::CalibrationSpec>& c) {
  return calibration_statement(c, Lang::en);
}

std::string calibration_statement(const std::optional<scenario::CalibrationSpec>& c, Lang lang) {
  if (lang == Lang::zh) {
    if (!c) return "区间未经历史数据校准：冲击大小是情景的假设（goalpath calibrate 的区间校准可检验）";
    const long long inside = std::llround(c->coverage_90 * static_cast<double>(c->points));
    return fmt::format("区间依据{}个预测误差校准；回测中90%区间覆盖率为{}%（{}个点中的{}个）", c->errors,
                       std::llround(c->coverage_90 * 100), c->points, inside);
  }
  if (!c) {
    return "bands not calibrated against history: the shock sizes are the scenario's assumptions (goalpath calibrate "
           "--bands checks them)";
  }
  const long long inside = std::llround(c->coverage_90 * static_cast<double>(c->points));
  return fmt::format("bands calibrated on {} forecast error{}; 90% band coverage in backtest {}% ({} of {} point{})",
                     c->errors, c->errors == 1 ? "" : "s", std::llround(c->coverage_90 * 100), inside, c->points,
                     c->points == 1 ? "" : "s");
}

namespace detail {

namespace {
/// A deterministic run has no probabilities to mark.
bool marks(const analysis::RunResult& run) { return run.calibration && !run.settings.deterministic; }
}  // namespace

std::string marked(const analysis::RunResult& run, std::string probability) {
  if (!marks(run) || probability == "—") return probability;
  return probability + kCalibratedMark;
}

std::string calibration_footnote(const analysis::RunResult& run, Lang lang) {
  return (marks(run) ? std::string(kCalibratedMark) + " " : std::string{}) + calibration_statement(run.calibration, lang);
}

std::vector<std::pair<std::string, std::string>> calibration_meta(const analysis::RunResult& run) {
  const auto& c = run.calibration;
  std::vector<std::pair<std::string, std::string>> out = {{"calibrated", c ? "true" : "false"}};
  if (c) {
    out.insert(out.end(), {{"calibration_method", c->method},
                           {"calibration_errors", std::to_string(c->errors)},
                           {"calibration_points", std::to_string(c->points)},
                           {"calibration_coverage_50", exact_number(c->coverage_50)},
                           {"calibration_coverage_90", exact_number(c->coverage_90)}});
  }
  out.emplace_back("calibration_statement", calibration_statement(c));
  return out;
}

nlohmann::json calibration_json(const analysis::RunResult& run) {
  const auto& c = run.calibration;
  if (!c) return {{"calibrated", false}, {"statement", calibration_statement(c)}};
  return {{"calibrated", true},         {"method", c->method},           {"errors", c->errors},
          {"points", c->points},        {"coverage_50", c->coverage_50}, {"coverage_90", c->coverage_90},
          {"statement", calibration_statement(c)}};
}

}  // namespace detail
}  // namespace goalpath::report

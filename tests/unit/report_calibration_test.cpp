// The calibration statement: its numbers (Z = coverage_90 × 100 and
// K = coverage_90 × points, rounded half away from zero), its two wordings,
// the JSON object every report carries, and that a report read back
// (compare's input) keeps it.
#include <doctest/doctest.h>

#include "report/report.hpp"
#include "report_test_support.hpp"

using namespace goalpath;

namespace {

scenario::CalibrationSpec calibration(std::int64_t errors, std::int64_t points, double coverage_90) {
  return {"goalpath calibrate --bands", errors, points, 0.5, coverage_90, {}};
}

}  // namespace

TEST_CASE("calibration statement: the numbers, rounded") {
  CHECK(report::calibration_statement(calibration(17, 59, 0.88)) ==
        "bands calibrated on 17 forecast errors; 90% band coverage in backtest 88% (52 of 59 points)");
  // 86.5% and 8.5 of 10 points: halves round away from zero.
  CHECK(report::calibration_statement(calibration(3, 10, 0.865)) ==
        "bands calibrated on 3 forecast errors; 90% band coverage in backtest 87% (9 of 10 points)");
  CHECK(report::calibration_statement(calibration(1, 1, 1.0)) ==
        "bands calibrated on 1 forecast error; 90% band coverage in backtest 100% (1 of 1 point)");
  CHECK(report::calibration_statement(calibration(5, 20, 0.0)) ==
        "bands calibrated on 5 forecast errors; 90% band coverage in backtest 0% (0 of 20 points)");
  CHECK(report::calibration_statement(std::nullopt) ==
        "bands not calibrated against history: the shock sizes are the scenario's assumptions (goalpath calibrate "
        "--bands checks them)");
}

TEST_CASE("calibration in the run JSON, and read back from it") {
  analysis::RunResult r = test::run_scenario_text(test::report_scenario(), 500);
  nlohmann::json plain = report::run_to_json(r);
  CHECK(plain.at("calibration") ==
        nlohmann::json{{"calibrated", false}, {"statement", report::calibration_statement(std::nullopt)}});
  CHECK_FALSE(report::run_from_json(plain, "plain.json").calibration.has_value());

  r.calibration = calibration(17, 59, 0.88);
  nlohmann::json j = report::run_to_json(r);
  const nlohmann::json& c = j.at("calibration");
  CHECK(c.at("calibrated") == true);
  CHECK(c.at("method") == "goalpath calibrate --bands");
  CHECK(c.at("errors") == 17);
  CHECK(c.at("points") == 59);
  CHECK(c.at("coverage_50") == 0.5);
  CHECK(c.at("coverage_90") == 0.88);
  CHECK(c.at("statement") == report::calibration_statement(r.calibration));
  const analysis::RunResult back = report::run_from_json(j, "calibrated.json");
  REQUIRE(back.calibration.has_value());
  CHECK(back.calibration->errors == 17);
  CHECK(back.calibration->coverage_90 == 0.88);
  CHECK(report::run_to_json(back).at("calibration") == c);
}

TEST_CASE("calibration statement in Chinese, for pages and tables") {
  CHECK(report::calibration_statement(calibration(17, 59, 0.88), report::Lang::zh) ==
        "区间依据17个预测误差校准；回测中90%区间覆盖率为88%（59个点中的52个）");
  CHECK(report::calibration_statement(std::nullopt, report::Lang::zh).rfind("区间未经历史数据校准", 0) == 0);
  analysis::RunResult r = test::run_scenario_text(test::report_scenario(), 500);
  r.calibration = calibration(17, 59, 0.88);
  const std::string zh = report::run_table(r, {}, report::Lang::zh);
  CHECK(zh.find("† 区间依据17个预测误差校准") != std::string::npos);
}

TEST_CASE("calibration marks: every probability of a calibrated run, none otherwise") {
  analysis::RunResult r = test::run_scenario_text(test::report_scenario(), 500);
  for (const std::string& text : {report::run_table(r), report::run_markdown(r), report::run_html(r)}) {
    CHECK(text.find("†") == std::string::npos);
  }
  r.calibration = calibration(17, 59, 0.88);
  const std::string footnote = "† " + report::calibration_statement(r.calibration);
  for (const std::string& text : {report::run_table(r), report::run_markdown(r)}) {
    INFO(text);
    std::size_t marks = 0;
    for (auto at = text.find("†"); at != std::string::npos; at = text.find("†", at + 1)) ++marks;
    CHECK(marks == 2 * r.targets.size() + 1);  // one per P(met) in the answer and in the table, and the footnote
    CHECK(text.find(footnote) != std::string::npos);
  }
}

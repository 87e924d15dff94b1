// The pieces the backtest, rolling and calibration builders share.
#include "report/build/history_parts.hpp"

#include <fmt/format.h>

#include "report/build/parts.hpp"

#include <cmath>

#include "report/report.hpp"

namespace goalpath::report::detail {

Provenance provenance_frame(Lang lang) {
  Provenance p;
  p.heading = say(lang, "Reproducibility", "可重复性");
  p.command_label = say(lang, "command", "命令");
  p.note = say(lang, "The same file, seed and settings give the same numbers whatever the number of threads.",
               "同一文件、随机种子和设置，无论线程数多少，结果都相同。");
  return p;
}

Provenance study_provenance(const analysis::StudyInfo& info, const std::vector<std::pair<std::string, std::string>>& extra,
                            Lang lang) {
  Provenance p = provenance_frame(lang);
  p.rows.emplace_back(say(lang, "engine", "引擎"), "goalpath " + info.engine_version);
  p.rows.emplace_back(say(lang, "scenario", "情景"), info.scenario_id);
  p.rows.emplace_back(say(lang, "file", "文件"), info.scenario_file);
  p.rows.emplace_back("sha256", info.scenario_sha256.empty() ? "—" : info.scenario_sha256);
  for (std::size_t k = 1; k < info.scenario_files.size(); ++k) {
    p.rows.emplace_back(say(lang, "extends", "继承自"), info.scenario_files[k].first);
    p.rows.emplace_back("sha256", info.scenario_files[k].second.empty() ? "—" : info.scenario_files[k].second);
  }
  if (!info.merged_sha256.empty()) p.rows.emplace_back(say(lang, "merged sha256", "合并后 sha256"), info.merged_sha256);
  p.rows.emplace_back(say(lang, "seed", "随机种子"), std::to_string(info.seed));
  p.rows.emplace_back(say(lang, "threads", "线程数"), threads_text(lang, info.threads, info.processes));
  for (const auto& row : extra) p.rows.push_back(row);
  p.command_line = info.command_line;
  return p;
}

std::string origins_text(const std::vector<int>& origins, Lang lang) {
  if (origins.empty()) return say(lang, "none", "无");
  if (origins.size() == 1) return std::to_string(origins.front());
  return fmt::format("{}–{}", origins.front(), origins.back());
}

Cell inside_cell(int inside, int points, double share, Lang lang) {
  Cell cell(lang == Lang::zh ? fmt::format("{}/{}（{}）", inside, points, percent_text(share))
                             : fmt::format("{}/{} ({})", inside, points, percent_text(share)),
            share);
  return cell;
}

Cell p_value_cell(double p) { return Cell(fmt::format("{:.3g}", p), p); }

LineChartData coverage_chart(const analysis::RollingResult& before, const analysis::RollingResult* after, Lang lang) {
  LineChartData d;
  d.css_class = "rolling-coverage";
  d.title = say(lang, "Observations inside the bands, by horizon", "各预测步长下落在区间内的观测值比例");
  d.x_name = say(lang, "horizon (years after the origin)", "预测步长（起点后的年数）");
  d.y_name = say(lang, "share of points inside", "落在区间内的比例");
  d.y_percent = true;
  auto series = [](const analysis::RollingResult& r, std::string name, const char* colour, bool fifty, bool dashed) {
    LineSeries s{std::move(name), colour, {}, {}, dashed, true};
    for (const auto& h : r.horizons) {
      s.x.push_back(h.horizon);
      s.y.push_back(fifty ? h.coverage_50 : h.coverage_90);
    }
    return s;
  };
  const char* blue = "#0072b2";    // Okabe–Ito: colour-blind safe
  const char* orange = "#d55e00";
  if (after == nullptr) {
    d.series = {series(before, "p25–p75", blue, true, false), series(before, "p05–p95", orange, false, false)};
  } else {
    // Short names: four legend entries share one line.
    d.series = {series(before, say(lang, "50%: as given", "50%：原假设"), blue, true, true),
                series(*after, say(lang, "50%: calibrated", "50%：校准后"), blue, true, false),
                series(before, say(lang, "90%: as given", "90%：原假设"), orange, false, true),
                series(*after, say(lang, "90%: calibrated", "90%：校准后"), orange, false, false)};
  }
  d.reference_lines = {{0.5, say(lang, "nominal 50%", "名义50%")}, {0.9, say(lang, "nominal 90%", "名义90%")}};
  return d;
}

LineChartData pit_chart(const analysis::RollingCoverage& c, Lang lang) {
  LineChartData d;
  d.css_class = "rolling-pit";
  d.title = say(lang, "PIT histogram: where each observation fell among the paths", "PIT直方图：各观测值在模拟路径中的位置");
  d.x_name = say(lang, "PIT (share of paths below the observation)", "PIT（低于观测值的路径比例）");
  d.y_name = say(lang, "share of points", "观测点比例");
  d.y_percent = true;
  LineSeries s{"", "#0072b2", {}, {}};
  for (std::size_t k = 0; k < c.pit.size(); ++k) {
    s.x.push_back(0.05 + 0.1 * static_cast<double>(k));
    s.y.push_back(c.points > 0 ? static_cast<double>(c.pit[k]) / c.points : std::nan(""));
  }
  d.series = {s};
  d.reference_lines = {{0.1, say(lang, "uniform: 10% per bin", "均匀分布：每组10%")}};
  return d;
}

}  // namespace goalpath::report::detail

// report/build/study_parts.hpp.
#include "report/build/study_parts.hpp"

#include <fmt/format.h>

#include "report/build/parts.hpp"

#include "report/text.hpp"

namespace goalpath::report::detail {

Provenance study_provenance(const analysis::StudyInfo& info, const std::vector<std::pair<std::string, std::string>>& extra,
                            bool random, Lang lang) {
  Provenance p;
  p.heading = say(lang, "Reproducibility", "可重复性");
  p.command_label = say(lang, "command", "命令");
  p.note = random ? say(lang, "The same file, seed and settings give the same numbers whatever the number of threads.",
                        "相同的文件、随机种子和设置，无论线程数多少，都给出相同的结果。")
                  : say(lang, "Deterministic: the same file and settings give the same numbers.",
                        "确定性计算：相同的文件和设置给出相同的结果。");
  auto row = [&p](std::string name, std::string value) { p.rows.emplace_back(std::move(name), std::move(value)); };
  row(say(lang, "engine", "引擎"), "goalpath " + info.engine_version);
  row(say(lang, "scenario", "情景"), info.scenario_id);
  row(say(lang, "file", "文件"), info.scenario_file);
  row("sha256", info.scenario_sha256.empty() ? "—" : info.scenario_sha256);
  for (std::size_t k = 1; k < info.scenario_files.size(); ++k) {
    row(say(lang, "extends", "继承自"), info.scenario_files[k].first);
    row("sha256", info.scenario_files[k].second.empty() ? "—" : info.scenario_files[k].second);
  }
  if (!info.merged_sha256.empty()) row(say(lang, "merged sha256", "合并后 sha256"), info.merged_sha256);
  if (random) {
    row(say(lang, "seed", "随机种子"), std::to_string(info.seed));
    row(say(lang, "threads", "线程数"), threads_text(lang, info.threads, info.processes));
  }
  for (const auto& [name, value] : extra) row(name, value);
  p.command_line = info.command_line;
  return p;
}

std::string target_ask_line(const analysis::TargetAsk& ask, const std::string& unit, Lang lang) {
  const std::string years = ask.kind == scenario::TargetKind::level ? std::to_string(ask.last_year)
                                                                    : fmt::format("{}–{}", ask.first_year, ask.last_year);
  return ask_text(ask, unit, AskWords::bound, lang) + say(lang, " (" + years + ")", "（" + years + " 年）");
}

std::string study_name(const analysis::StudyInfo& info) {
  return info.title.empty() ? info.scenario_id : info.title;
}

std::string study_subtitle(const analysis::StudyInfo& info) {
  return info.title.empty() || info.title == info.scenario_id ? info.scenario_id : info.scenario_id + ": " + info.title;
}

}  // namespace goalpath::report::detail

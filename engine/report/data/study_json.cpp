// report/data/study_json.hpp.
#include "report/data/study_json.hpp"

namespace goalpath::report::detail {

void put_study_info(nlohmann::json& out, const analysis::StudyInfo& info, bool random) {
  out["engine"] = {{"version", info.engine_version}};
  out["scenario"] = {{"id", info.scenario_id},
                     {"title", info.title},
                     {"file", info.scenario_file},
                     {"sha256", info.scenario_sha256}};
  nlohmann::json files = nlohmann::json::array();
  for (const auto& [file, sha256] : info.scenario_files) files.push_back({{"file", file}, {"sha256", sha256}});
  out["scenario"]["files"] = files;
  out["scenario"]["merged_sha256"] = info.merged_sha256;
  nlohmann::json& settings = out["settings"];
  if (random) {
    settings["seed"] = info.seed;
    settings["threads"] = info.threads;
    settings["processes"] = info.processes;
  }
  settings["command_line"] = info.command_line;
  out["diagnostics"] = {{"seconds", info.seconds}};
}

}  // namespace goalpath::report::detail

// Pieces shared by the writers of the design-point studies (report/study.hpp):
// JSON provenance and the reproducibility box.
#include <fmt/format.h>

#include "report/charts.hpp"
#include "report/report.hpp"
#include "report/study.hpp"

namespace goalpath::report::detail {


std::string study_repro_box(const analysis::StudyInfo& info,
                            const std::vector<std::pair<std::string, std::string>>& extra, bool random) {
  auto item = [](std::string_view name, const std::string& value, bool mono = false) {
    return fmt::format("<dt>{}</dt><dd{}>{}</dd>\n", html_escape(name), mono ? " class=\"mono\"" : "",
                       html_escape(value));
  };
  std::string out = "<section class=\"repro\" id=\"reproducibility\">\n<h2>Reproducibility</h2>\n<dl>\n";
  out += item("engine", "goalpath " + info.engine_version);
  out += item("scenario", info.scenario_id);
  out += item("file", info.scenario_file, true);
  out += item("sha256", info.scenario_sha256.empty() ? "—" : info.scenario_sha256, true);
  for (std::size_t k = 1; k < info.scenario_files.size(); ++k) {
    out += item("extends", info.scenario_files[k].first, true);
    out += item("sha256", info.scenario_files[k].second.empty() ? "—" : info.scenario_files[k].second, true);
  }
  if (!info.merged_sha256.empty()) out += item("merged sha256", info.merged_sha256, true);
  if (random) {
    out += item("seed", std::to_string(info.seed));
    out += item("threads", std::to_string(info.threads));
  }
  for (const auto& [name, value] : extra) out += item(name, value);
  out += item("command", info.command_line, true);
  return out + "</dl>\n<p class=\"muted\">The same file, seed and settings give the same numbers whatever the "
               "number of threads.</p>\n</section>\n";
}

}  // namespace goalpath::report::detail

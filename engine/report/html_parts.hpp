// The HTML table of the study writers that are not yet built as Documents
// (run, compare and track are: report/build/). Not part of the report
// module's interface; goes when the last of them is converted.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "analysis/run.hpp"
#include "report/charts.hpp"

namespace goalpath::report::detail {

/// A table in a scrolling wrapper. Header cells are text (escaped here); row
/// cells are markup: pass text through html_escape. numeric[c] right-aligns column c.
std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& numeric, std::string_view css_class);

}  // namespace goalpath::report::detail

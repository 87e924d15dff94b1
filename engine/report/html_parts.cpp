// report/html_parts.hpp.
#include "report/html_parts.hpp"

#include <fmt/format.h>

#include <cmath>

#include "report/report.hpp"
#include "report/text.hpp"

namespace goalpath::report::detail {

std::string html_table(const std::vector<std::string>& header, const std::vector<std::vector<std::string>>& rows,
                       const std::vector<bool>& numeric, std::string_view css_class) {
  auto cls = [&](std::size_t c) { return c < numeric.size() && numeric[c] ? " class=\"num\"" : ""; };
  std::string out = fmt::format("<div class=\"table-wrap\"><table class=\"{}\">\n<thead><tr>", css_class);
  for (std::size_t c = 0; c < header.size(); ++c) out += fmt::format("<th{}>{}</th>", cls(c), html_escape(header[c]));
  out += "</tr></thead>\n<tbody>\n";
  for (const auto& row : rows) {
    out += "<tr>";
    for (std::size_t c = 0; c < row.size(); ++c) out += fmt::format("<td{}>{}</td>", cls(c), row[c]);
    out += "</tr>\n";
  }
  return out + "</tbody></table></div>\n";
}

}  // namespace goalpath::report::detail

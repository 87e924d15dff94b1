// `goalpath discover --format html`: the chosen box drawn inside each
// parameter's sampled range, the coverage-density trade-off of the peeling
// trajectory, and the tables.
#include <fmt/format.h>

#include <algorithm>

#include "report/charts.hpp"
#include "report/discover.hpp"
#include "report/html_parts.hpp"
#include "report/svg.hpp"
#include "report/study.hpp"

namespace goalpath::report {

namespace {

using detail::coord;

/// One row per parameter: the sampled range in grey, the box in green
/// (restricted parameters first).
std::string box_chart(const analysis::DiscoverResult& r) {
  const auto& b = r.boxes.front();
  std::vector<std::size_t> order(r.parameters.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::stable_partition(order.begin(), order.end(), [&b](std::size_t i) { return b.restricted[i]; });
  const double row = 26, top = 12, x0 = 210, x1 = 560;
  const double height = top + row * static_cast<double>(order.size()) + 24;
  std::string out = fmt::format("<svg class=\"prim-box\" data-target=\"{}\" viewBox=\"0 0 720 {}\" role=\"img\">\n"
                                "<title>The chosen box within the sampled ranges</title>\n",
                                html_escape(r.target), coord(height));
  for (std::size_t k = 0; k < order.size(); ++k) {
    const std::size_t i = order[k];
    const double y = top + row * static_cast<double>(k);
    const detail::LinearScale x{r.range_low[i], r.range_high[i], x0, x1};
    out += fmt::format("<g class=\"box-limit\" data-parameter=\"{}\" data-restricted=\"{}\"><title>{}: {} – {} (sampled "
                       "{} – {})</title>",
                       html_escape(r.parameters[i]), b.restricted[i] ? "true" : "false", html_escape(r.parameters[i]),
                       human_number(b.lower[i]), human_number(b.upper[i]), human_number(r.range_low[i]),
                       human_number(r.range_high[i]));
    out += fmt::format("<text x=\"{}\" y=\"{}\" text-anchor=\"end\" font-size=\"12\" fill=\"{}\">{}</text>", coord(x0 - 8),
                       coord(y + 15), b.restricted[i] ? "#1f2328" : "#59636e", html_escape(detail::shorten(r.parameters[i], 28)));
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"#eaeef2\"/>", coord(x0), coord(y + 4),
                       coord(x1 - x0));
    const double a = x(b.lower[i]), c = x(b.upper[i]);
    out += fmt::format("<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"14\" fill=\"{}\"/>", coord(a), coord(y + 4),
                       coord(std::max(1.0, c - a)), b.restricted[i] ? "#2da44e" : "#aceebb");
    out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#59636e\">{} – {}</text></g>\n", coord(x1 + 8),
                       coord(y + 15), human_number(b.lower[i]), human_number(b.upper[i]));
  }
  out += fmt::format("<text x=\"{}\" y=\"{}\" font-size=\"11\" fill=\"#59636e\">grey: sampled range; green: the box "
                     "(dark where it restricts the parameter)</text>\n",
                     coord(x0), coord(height - 6));
  return out + "</svg>\n";
}

std::string tradeoff_chart(const analysis::DiscoverResult& r) {
  detail::LineChartData d;
  d.css_class = "prim-trajectory";
  d.data_attributes = "data-target=\"" + html_escape(r.target) + "\"";
  d.title = "Peeling trajectory: coverage against density";
  d.x_name = r.failure ? "coverage (share of all failures inside the box)" : "coverage (share of all successes inside the box)";
  d.y_name = r.failure ? "density (share of the box's points that fail)" : "density (share of the box's points that succeed)";
  d.y_percent = true;
  detail::LineSeries path{"trajectory", "#0969da", {}, {}, false, true};
  detail::LineSeries chosen{"chosen box", "#cf222e", {}, {}, false, true};
  for (std::size_t k = 0; k < r.trajectory.size(); ++k) {
    path.x.push_back(r.trajectory[k].coverage);
    path.y.push_back(r.trajectory[k].density);
  }
  chosen.x.push_back(r.boxes.front().coverage);
  chosen.y.push_back(r.boxes.front().density);
  d.series = {std::move(path), std::move(chosen)};
  d.reference_lines.emplace_back(r.base_density, "overall " + percent(r.base_density));
  return detail::svg_line_chart(d);
}

std::string trajectory_table(const analysis::DiscoverResult& r) {
  std::vector<std::vector<std::string>> rows;
  for (std::size_t k = 0; k < r.trajectory.size(); ++k) {
    const auto& b = r.trajectory[k];
    std::string names;
    for (std::size_t i = 0; i < r.parameters.size(); ++i) {
      if (b.restricted[i]) names += (names.empty() ? "" : ", ") + ("<code>" + html_escape(r.parameters[i]) + "</code>");
    }
    std::string step = std::to_string(k) + (static_cast<int>(k) == r.chosen ? " <b>chosen</b>" : "");
    rows.push_back({step, percent(b.coverage), percent(b.density), percent(b.mass), names.empty() ? "—" : names});
  }
  return detail::html_table({"step", "coverage", "density", "mass", "restricts"}, rows, {false, true, true, true, false},
                            "trajectory");
}

}  // namespace

std::string discover_html(const analysis::DiscoverResult& r) {
  const std::string name = r.info.title.empty() ? r.info.scenario_id : r.info.title;
  std::string body = "<header>\n<h1>" + html_escape("Scenario discovery: " + name) + "</h1>\n";
  body += fmt::format("<p>Success: {}. {} points of {} uncertain parameters (Latin hypercube through the "
                      "scenario's copula and distributions, shocks {}); {} {} ({}).</p>\n</header>\n",
                      html_escape(r.target == "all" ? "every target met on the same point" : "target " + r.target),
                      r.points, r.parameters.size(), r.with_shocks ? "drawn" : "at 0", r.cases,
                      r.failure ? "fail" : "succeed", percent(r.base_density));
  if (!r.warning.empty()) body += "<ul class=\"warnings\"><li>" + html_escape(r.warning) + "</li></ul>\n";
  if (!r.boxes.empty()) {
    const auto& b = r.boxes.front();
    const char* what = r.failure ? "failure" : "success";
    body += fmt::format("<section id=\"box\">\n<h2>Where {} concentrates</h2>\n<p>Inside this box {} of the points "
                        "{} (against {} overall); it holds {} of all {} and {} of all points.</p>\n",
                        what, percent(b.density), r.failure ? "fail" : "succeed", percent(r.base_density),
                        percent(b.coverage), r.failure ? "failures" : "successes", percent(b.mass));
    body += box_chart(r) + "</section>\n<section id=\"trajectory\">\n<h2>Peeling trajectory</h2>\n" + tradeoff_chart(r) +
            trajectory_table(r) + "</section>\n";
  }
  body += detail::study_repro_box(r.info, {{"samples", std::to_string(r.samples)}});
  return html_page("Scenario discovery: " + name + " — goalpath", body);
}

}  // namespace goalpath::report

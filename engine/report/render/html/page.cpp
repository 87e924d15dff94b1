// The page shell every HTML report shares: the style sheet, the status colours.
#include "report/charts.hpp"

namespace goalpath::report {

namespace {

// One style sheet for every report. Fonts: system faces first, then the
// common CJK faces of Linux, macOS and Windows, so Chinese labels render
// wherever the file is opened without fetching a web font. Colours: the
// Okabe–Ito palette (charts.hpp), statuses blue / orange / vermillion with
// text that keeps a 4.5:1 contrast on each chip. Text wraps instead of
// overflowing its box (long ids break anywhere; a wide table scrolls
// sideways in its .table-wrap on a phone). print-color-adjust keeps the
// colours when printed; a wide chart (heatmap, tornado, line chart, 720
// units) takes a whole row of a chart grid so its text keeps its size; figures, boxes and table rows avoid page breaks and
// table headers repeat on every page. The verdict lines (ul.verdicts), the
// warnings box and footnotes of render_html are styled here too.
constexpr const char* kStyle = R"css(
:root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--panel:#f6f8fa;--on:#0072B2;--risk:#E69F00;--off:#D55E00;--on-text:#005a8c;--off-text:#a84800}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;color:var(--fg);background:#fff;line-height:1.5;font-size:16px;overflow-wrap:break-word;
font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans CJK SC","Noto Sans SC","Source Han Sans SC","PingFang SC","Hiragino Sans GB","Microsoft YaHei","WenQuanYi Micro Hei",sans-serif}
main{max-width:1100px;margin:0 auto;padding:16px 20px 40px}
h1{font-size:1.55rem;line-height:1.25;margin:.3em 0 .2em}
h2{font-size:1.2rem;margin:1.6em 0 .5em;padding-bottom:.2em;border-bottom:1px solid var(--line)}
h3{font-size:1rem;margin:.2em 0}
h1,h2,h3,h4,p,li,dt,dd,figcaption,caption,.legend,.summary span{overflow-wrap:anywhere;min-width:0}
td,th{overflow-wrap:break-word}
p{margin:.4em 0}
.muted,figcaption{color:var(--muted);font-size:.85rem}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,"Liberation Mono",monospace;font-size:.85em;overflow-wrap:anywhere}
.repro{background:var(--panel);border:1px solid var(--line);border-radius:6px;padding:8px 12px;margin:12px 0;font-size:.85rem}
.repro dl{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 14px;margin:0}
.repro dt{color:var(--muted)}
.repro dd{margin:0;overflow-wrap:anywhere}
.summary{display:flex;flex-wrap:wrap;gap:8px;margin:10px 0}
.summary span{border:1px solid var(--line);border-radius:6px;padding:2px 10px;font-size:.9rem;max-width:100%}
.table-wrap{overflow-x:auto;-webkit-overflow-scrolling:touch;margin-bottom:12px;max-width:100%}
table{border-collapse:collapse;width:100%;font-size:.88rem}
th,td{padding:4px 8px;border-bottom:1px solid var(--line);text-align:left;vertical-align:top}
th{background:var(--panel);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
.status{display:inline-block;padding:0 7px;border-radius:10px;color:#fff;font-size:.8rem;font-weight:600;white-space:nowrap}
.status.on_track{background:var(--on)}.status.at_risk{background:var(--risk);color:#1f2328}.status.off_track{background:var(--off);color:#000}
.up{color:var(--on-text)}.down{color:var(--off-text)}
svg{display:block;width:100%;height:auto;max-width:100%}
svg text{font-family:inherit}
svg.target-dashboard{max-width:720px}
svg.fan-chart{max-width:760px}svg.tornado,svg.heatmap,svg.line-chart{max-width:1000px}
section>svg{margin:8px 0 14px}
ul.verdicts{list-style:none;padding:0;margin:10px 0}
li.verdict{border-left:6px solid var(--line);background:var(--panel);border-radius:0 6px 6px 0;padding:5px 12px;margin:5px 0;font-size:1.05rem}
li.verdict.on_track{border-left-color:var(--on)}li.verdict.at_risk{border-left-color:var(--risk)}li.verdict.off_track{border-left-color:var(--off)}
.warnings{border:1px solid var(--risk);border-left-width:6px;background:#fff8e6;border-radius:6px;padding:6px 12px;margin:10px 0}
p.warning{margin:.25em 0}
p.footnote{font-size:.85rem;color:var(--muted);margin:.2em 0 .8em}
p.lead{font-size:1.05rem;font-weight:600}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,460px),1fr));gap:14px}
.charts>*{min-width:0}
.charts>figure:has(svg.heatmap,svg.tornado,svg.line-chart,svg.sobol-bars){grid-column:1/-1}
figure{margin:0;border:1px solid var(--line);border-radius:6px;padding:8px 10px;min-width:0;max-width:100%}
.legend{display:flex;flex-wrap:wrap;gap:4px 16px;font-size:.85rem;color:var(--muted);margin:4px 0}
.swatch{display:inline-block;width:12px;height:12px;border-radius:2px;vertical-align:-1px;margin-right:4px}
ul.warnings{padding-left:1.2em}
p.calibration{font-size:.9rem;margin:6px 0}
@media (max-width:600px){main{padding:10px 10px 30px}h1{font-size:1.3rem}table{font-size:.8rem}th,td{padding:3px 5px}}
@media print{@page{margin:14mm 12mm}body{font-size:10pt}main{max-width:none;padding:0}
*{-webkit-print-color-adjust:exact;print-color-adjust:exact}
.table-wrap{overflow:visible}thead{display:table-header-group}
figure,svg,.repro,tr,li,.warnings{break-inside:avoid}h1,h2,h3{break-after:avoid}
.charts{grid-template-columns:1fr 1fr}}
)css";

}  // namespace

std::string html_page(std::string_view title, std::string_view body_html, Lang lang) {
  std::string out = "<!DOCTYPE html>\n<html lang=\"";
  out += lang == Lang::zh ? "zh-CN" : "en";
  out += "\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
         "<meta name=\"generator\" content=\"goalpath\">\n<title>";
  out += html_escape(title);
  out += "</title>\n<style>";
  out += kStyle;
  out += "</style>\n</head>\n<body>\n<main>\n";
  out += body_html;
  out += "\n</main>\n</body>\n</html>\n";
  return out;
}

const char* status_colour(analysis::Status status) {
  switch (status) {
    case analysis::Status::on_track: return palette::blue;
    case analysis::Status::at_risk: return palette::orange;
    case analysis::Status::off_track: return palette::vermillion;
  }
  return "#59636e";
}

}  // namespace goalpath::report

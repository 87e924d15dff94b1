#!/usr/bin/python3
"""Checks of a `goalpath brief` page in headless Chromium (brief_browser_test.sh).

usage:
  brief_check.py overflow PAGE.html WORK WIDTH...   no text overflows its box at each width
  brief_check.py selftest WORK                      the overflow check catches a page built to overflow
  brief_check.py numbers PAGE.html BRIEF.json RUN.json [--variant-run RUN.json]...
                                                    every probability on the page equals the JSON
  brief_check.py headings PAGE.html zh|en [--variants]
                                                    the sections, in order and in the page's language
  brief_check.py screenshot PAGE.html WORK WIDTH    the page renders (a screenshot that is not blank)

Overflow: a copy of the page gets a script that walks every element and
records those whose content is wider than their box (scrollWidth >
clientWidth + 1, for elements that clip or scroll, or that hold text), whose
box reaches beyond their parent's right edge or the viewport's, and every
SVG <text> that reaches beyond its <svg> (the viewBox as drawn); Chromium
loads the copy (--dump-dom, --virtual-time-budget) at the width given, and
the list it wrote into <pre id="overflow-report"> must be empty.
Chromium: $CHROMIUM, else /usr/bin/chromium. Standard library only.
"""
import html
import html.parser
import json
import os
import re
import subprocess
import sys
import tempfile

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")

OVERFLOW_SCRIPT = r"""
<script>
(function () {
  var found = [];
  // Headless Chromium lays a page out at least 500 px wide; a narrower
  // width (a phone's 390) is given to the page's root instead, where every
  // box below it is laid out as on that phone (the style sheet's narrow
  // media rules apply below 600 px either way).
  var wanted = WIDTH;
  if (document.documentElement.clientWidth > wanted) document.documentElement.style.width = wanted + "px";
  var viewport = Math.min(document.documentElement.clientWidth, wanted);
  function name(e) {
    var s = e.tagName.toLowerCase();
    if (e.id) s += "#" + e.id;
    var c = e.getAttribute("class");
    if (c) s += "." + c.trim().split(/\s+/).join(".");
    var text = (e.textContent || "").trim().replace(/\s+/g, " ").slice(0, 60);
    return s + (text ? " \"" + text + "\"" : "");
  }
  function ownText(e) {
    for (var n = e.firstChild; n; n = n.nextSibling) {
      if (n.nodeType === 3 && n.textContent.trim()) return true;
    }
    return false;
  }
  // One line per overflowing box: what lies inside a flagged box (the rows
  // of a table too wide for its wrapper) is not listed again.
  var flagged = [];
  function inside(e) {
    for (var k = 0; k < flagged.length; k++) {
      if (flagged[k] !== e && flagged[k].contains(e)) return true;
    }
    return false;
  }
  function flag(e, text) {
    if (inside(e)) return;
    flagged.push(e);
    found.push(text);
  }
  var all = document.body.querySelectorAll("*");
  for (var i = 0; i < all.length; i++) {
    var e = all[i];
    if (e.id === "overflow-report" || e.tagName === "SCRIPT" || e.tagName === "STYLE") continue;
    if (e instanceof SVGElement) continue;  // SVG below
    var style = getComputedStyle(e);
    if (style.display === "none" || style.visibility === "hidden") continue;
    var clips = style.overflowX !== "visible";
    if ((clips || ownText(e)) && e.clientWidth > 0 && e.scrollWidth > e.clientWidth + 1) {
      flag(e, name(e) + ": content " + e.scrollWidth + " px wide in a box of " + e.clientWidth + " px");
    }
    var r = e.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    if (r.right > viewport + 1) flag(e, name(e) + ": right edge " + Math.round(r.right) + " px beyond the viewport (" + viewport + " px)");
    var parent = e.parentElement;
    if (parent && parent !== document.body && !(parent instanceof SVGElement)) {
      var p = parent.getBoundingClientRect();
      if (p.width > 0 && r.right > p.right + 1) {
        flag(e, name(e) + ": right edge " + Math.round(r.right) + " px beyond its parent's (" + Math.round(p.right) + " px)");
      }
    }
  }
  var svgs = document.querySelectorAll("svg");
  for (var s = 0; s < svgs.length; s++) {
    var svg = svgs[s];
    var box = svg.getBoundingClientRect();
    if (box.width === 0) continue;
    var texts = svg.querySelectorAll("text");
    for (var t = 0; t < texts.length; t++) {
      var tr = texts[t].getBoundingClientRect();
      if (tr.width === 0) continue;
      if (tr.left < box.left - 1 || tr.right > box.right + 1 || tr.top < box.top - 1 || tr.bottom > box.bottom + 1) {
        found.push("svg." + (svg.getAttribute("class") || "") + " text \"" + texts[t].textContent.trim().slice(0, 60) +
                   "\": [" + Math.round(tr.left) + ", " + Math.round(tr.right) + "] x [" + Math.round(tr.top) + ", " +
                   Math.round(tr.bottom) + "] outside the chart's [" + Math.round(box.left) + ", " + Math.round(box.right) +
                   "] x [" + Math.round(box.top) + ", " + Math.round(box.bottom) + "]");
      }
    }
  }
  var pre = document.createElement("pre");
  pre.id = "overflow-report";
  pre.setAttribute("data-checked", String(all.length));
  pre.style.display = "none";
  pre.textContent = found.join("\n");
  document.body.appendChild(pre);
})();
</script>
"""


def chromium(work, *args):
    if not os.access(CHROMIUM, os.X_OK):
        sys.exit("FAIL: Chromium not found at %s (set CHROMIUM; scripts/install-deps.sh --test)" % CHROMIUM)
    profile = tempfile.mkdtemp(prefix="profile.", dir=work)
    command = [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
               "--disable-background-networking", "--disable-component-update", "--disable-sync",
               "--hide-scrollbars", "--user-data-dir=" + profile] + list(args)
    done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=240)
    return done.stdout.decode("utf-8", "replace")


def overflow_report(page, work, width):
    """The list the injected script wrote, for the page at `width` px."""
    text = open(page, encoding="utf-8").read()
    if "</body>" not in text:
        sys.exit("FAIL: %s has no </body>" % page)
    probe = os.path.join(work, os.path.basename(page).replace(".html", ".probe-%d.html" % width))
    with open(probe, "w", encoding="utf-8") as out:
        out.write(text.replace("</body>", OVERFLOW_SCRIPT.replace("WIDTH", str(width)) + "</body>"))
    dom = chromium(work, "--window-size=%d,2000" % max(width, 500), "--virtual-time-budget=5000", "--dump-dom", "file://" + probe)
    match = re.search(r'<pre id="overflow-report"[^>]*data-checked="(\d+)"[^>]*>(.*?)</pre>', dom, re.S)
    if not match:
        match = re.search(r'<pre id="overflow-report"[^>]*>(.*?)</pre>', dom, re.S)
        if not match:
            sys.exit("FAIL: the overflow script did not run on %s at %d px (no report in the DOM)" % (page, width))
        return 0, [line for line in html.unescape(match.group(1)).split("\n") if line]
    return int(match.group(1)), [line for line in html.unescape(match.group(2)).split("\n") if line]


def cmd_overflow(page, work, widths):
    failures = 0
    for width in widths:
        checked, found = overflow_report(page, work, int(width))
        print("%s at %s px: %d elements checked, %d overflowing" % (os.path.basename(page), width, checked, len(found)))
        if checked < 50:
            print("FAIL: only %d elements checked: the page did not load" % checked)
            failures += 1
        for line in found:
            print("FAIL: overflow: " + line)
        failures += len(found)
    return 1 if failures else 0


def cmd_selftest(work):
    """A page that overflows in each way the check looks for must be caught, each way."""
    page = os.path.join(work, "overflowing.html")
    with open(page, "w", encoding="utf-8") as out:
        out.write("""<!DOCTYPE html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"></head><body>
<div style="width:120px;overflow:hidden;white-space:nowrap" id="clipped">工业总产值迈上5万亿元新台阶工业总产值迈上5万亿元新台阶</div>
<div style="overflow-x:auto;width:200px" id="scrolling"><table><tr><td style="white-space:nowrap">a very long cell that does not wrap at all, anywhere</td></tr></table></div>
<div style="width:100px"><span style="display:inline-block;width:300px" id="wide">wide</span></div>
<svg viewBox="0 0 100 50" style="width:200px"><text x="60" y="20" font-size="14">far beyond the right edge</text></svg>
<p id="fine">fits</p>
</body></html>""")
    checked, found = overflow_report(page, work, 390)
    report = "\n".join(found)
    failures = []
    for what, needle in (("text clipped by its box", "div#clipped"), ("a table scrolling in its wrapper", "div#scrolling"),
                         ("a box wider than its parent", "span#wide"), ("SVG text beyond the viewBox", "far beyond")):
        if needle not in report:
            failures.append("the check missed %s (%s)" % (what, needle))
    if "p#fine" in report:
        failures.append("the check flagged a paragraph that fits")
    for f in failures:
        print("FAIL: " + f)
    print("self-test: %d overflows found on the page built to overflow" % len(found))
    return 1 if failures else 0


class Page(html.parser.HTMLParser):
    """Headings, verdict lines, and table cells with their table's class and column header."""

    def __init__(self):
        super().__init__()
        self.headings = []   # (level, text)
        self.verdicts = []   # (target id, data-value, text)
        self.cells = []      # (table class, column header, row index, data-value, main text)
        self.th = []         # every column header
        self._stack = []
        self._heading = None
        self._verdict = None
        self._table = None
        self._columns = []
        self._row = -1
        self._col = -1
        self._cell = None
        self._muted = 0
        self._th = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in ("h1", "h2", "h3"):
            self._heading = [int(tag[1]), ""]
        elif tag == "li" and "verdict" in (a.get("class") or ""):
            self._verdict = [a.get("data-target"), a.get("data-value"), ""]
        elif tag == "table":
            self._table, self._columns, self._row = a.get("class") or "", [], -1
        elif tag == "tr" and self._table is not None:
            self._row += 1
            self._col = -1
        elif tag == "th" and self._table is not None:
            self._th = ""
        elif tag == "td" and self._table is not None:
            self._col += 1
            self._cell = [a.get("data-value"), ""]
        elif tag == "span" and "muted" in (a.get("class") or "") and self._cell is not None:
            self._muted += 1
        self._stack.append(tag)

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()
        if tag in ("h1", "h2", "h3") and self._heading:
            self.headings.append((self._heading[0], self._heading[1].strip()))
            self._heading = None
        elif tag == "li" and self._verdict:
            self.verdicts.append((self._verdict[0], self._verdict[1], self._verdict[2].strip()))
            self._verdict = None
        elif tag == "th" and self._th is not None:
            self._columns.append(self._th.strip())
            self.th.append(self._th.strip())
            self._th = None
        elif tag == "td" and self._cell is not None:
            header = self._columns[self._col] if self._col < len(self._columns) else ""
            self.cells.append((self._table, header, self._row, self._cell[0], self._cell[1].strip()))
            self._cell = None
        elif tag == "span" and self._muted:
            self._muted -= 1
        elif tag == "table":
            self._table = None

    def handle_data(self, data):
        if self._heading is not None:
            self._heading[1] += data
        if self._verdict is not None:
            self._verdict[2] += data
        if self._th is not None:
            self._th += data
        if self._cell is not None and not self._muted:
            self._cell[1] += data


def parse(page):
    p = Page()
    p.feed(open(page, encoding="utf-8").read())
    return p


def percent(value):
    return "%.1f%%" % (100.0 * value)


PROBABILITY_HEADERS = {"Probability", "实现概率"}


def cmd_numbers(page, brief_json, run_json, variant_runs):
    p = parse(page)
    brief = json.load(open(brief_json, encoding="utf-8"))
    run = json.load(open(run_json, encoding="utf-8"))
    failures = []
    targets = brief["scenario"]["targets"]
    by_id = {t["id"]: t for t in targets}
    run_by_id = {t["id"]: t for t in run["targets"]}
    # The brief's run is `goalpath run` with the same seed and paths, to the last digit.
    for t in targets:
        if t["probability"] != run_by_id[t["id"]]["probability"]:
            failures.append("%s: brief JSON %r, run JSON %r" % (t["id"], t["probability"], run_by_id[t["id"]]["probability"]))
    # The answer: one verdict line per target, carrying its probability.
    if [v[0] for v in p.verdicts] != [t["id"] for t in targets]:
        failures.append("verdict lines %r, targets %r" % ([v[0] for v in p.verdicts], [t["id"] for t in targets]))
    for target, value, text in p.verdicts:
        expected = run_by_id[target]["probability"]
        if value is None or float(value) != expected:
            failures.append("verdict %s: data-value %r, run JSON %r" % (target, value, expected))
        elif percent(float(value)) not in text:
            failures.append("verdict %s: %r does not say %s" % (target, text, percent(float(value))))
    # Every probability cell: its data-value is the JSON's, its text that value as a percentage.
    probability_cells = [c for c in p.cells if c[1] in PROBABILITY_HEADERS]
    target_cells = [c for c in probability_cells if c[0] == "targets"]
    if len(target_cells) != len(targets):
        failures.append("%d probability cells in the targets table, %d targets" % (len(target_cells), len(targets)))
    for (table, _, row, value, text), t in zip(target_cells, targets):
        if value is None or float(value) != run_by_id[t["id"]]["probability"]:
            failures.append("targets table, %s: data-value %r, run JSON %r" % (t["id"], value, t["probability"]))
    if len(variant_runs) != len(brief["variants"]):
        failures.append("%d variant runs given for %d variants" % (len(variant_runs), len(brief["variants"])))
    for k, path in enumerate(variant_runs[:len(brief["variants"])]):
        variant_run = json.load(open(path, encoding="utf-8"))
        mine = brief["variants"][k]["report"]["targets"]
        for a, b in zip(mine, variant_run["targets"]):
            if a["probability"] != b["probability"]:
                failures.append("variant %d, %s: brief JSON %r, run JSON %r" % (k, a["id"], a["probability"], b["probability"]))
    variant_values = [{t["id"]: t["probability"] for t in v["report"]["targets"]} for v in brief["variants"]]
    variant_cells = [c for c in probability_cells if c[0] == "variants"]
    if brief["variants"]:
        expected_cells = []
        for t in targets:
            expected_cells.append(t["probability"])
            expected_cells.extend(v["report"]["targets"][[x["id"] for x in v["report"]["targets"]].index(t["id"])]["probability"]
                                  for v in brief["variants"])
        if len(variant_cells) != len(expected_cells):
            failures.append("%d probability cells in the variants table, expected %d" % (len(variant_cells), len(expected_cells)))
        for cell, expected in zip(variant_cells, expected_cells):
            if cell[3] is None or float(cell[3]) != expected:
                failures.append("variants table row %d: data-value %r, JSON %r" % (cell[2], cell[3], expected))
        for k, v in enumerate(brief["variants"]):
            for change in v["changes"]:
                a, b = by_id[change["id"]]["probability"], variant_values[k][change["id"]]
                if change["delta_probability"] != b - a:
                    failures.append("variant %d, %s: change %r, not %r - %r" % (k, change["id"], change["delta_probability"], b, a))
    for table, header, row, value, text in probability_cells:
        if value is None:
            failures.append("%s table row %d: a probability without data-value (%r)" % (table, row, text))
        elif text != percent(float(value)):
            failures.append("%s table row %d: shows %r, its value %s is %s" % (table, row, text, value, percent(float(value))))
    for f in failures:
        print("FAIL: " + f)
    print("%s: %d verdicts and %d probability cells equal to the JSON" % (os.path.basename(page), len(p.verdicts),
                                                                         len(probability_cells)))
    return 1 if failures else 0


SECTIONS = {
    "en": ["The answer", "What drives it", "What the next review must show", "How far to trust it",
           "The variants side by side", "Every assumption", "Reproducibility"],
    "zh": ["结论", "影响因素", "下次评估应看到什么", "可信度", "各情景对比", "全部假设", "可重复性"],
}
SUBSECTIONS = {
    "en": ["Parameters", "Yearly shocks", "Correlations", "Indicators and sources"],
    "zh": ["参数", "年度冲击", "相关系数", "指标与数据来源"],
}


def cmd_headings(page, lang, variants):
    p = parse(page)
    failures = []
    sections = [text for level, text in p.headings if level == 2]
    expected = [s for s in SECTIONS[lang] if variants or s not in ("The variants side by side", "各情景对比")]
    if sections != expected:
        failures.append("sections %r, expected %r" % (sections, expected))
    subsections = [text for level, text in p.headings if level == 3]
    missing = [s for s in SUBSECTIONS[lang] if s not in subsections]
    if missing:
        failures.append("subsections missing: %r" % missing)
    if lang == "zh":
        # Our words are Chinese; Latin letters may come only from the scenario (labels, names).
        for text in sections + SUBSECTIONS["zh"] + p.th:
            if re.search(r"[A-Za-z]{2,}", text.replace("AR1", "")):
                failures.append("English in a Chinese heading: %r" % text)
    else:
        for text in sections + p.th:
            if re.search(r"[\u4e00-\u9fff]", text):
                failures.append("Chinese in an English heading: %r" % text)
    for f in failures:
        print("FAIL: " + f)
    print("%s: %d sections in order (%s)" % (os.path.basename(page), len(sections), lang))
    return 1 if failures else 0


def cmd_screenshot(page, work, width):
    shot = os.path.join(work, os.path.basename(page).replace(".html", ".%s.png" % width))
    chromium(work, "--window-size=%s,2400" % width, "--screenshot=" + shot, "file://" + page)
    size = os.path.getsize(shot) if os.path.exists(shot) else 0
    print("%s: screenshot %d bytes" % (os.path.basename(shot), size))
    if size < 20000:
        print("FAIL: the screenshot of %s at %s px looks blank (%d bytes)" % (page, width, size))
        return 1
    return 0


def main(argv):
    if len(argv) < 2:
        sys.exit(__doc__)
    command, args = argv[1], argv[2:]
    if command == "overflow":
        return cmd_overflow(args[0], args[1], args[2:])
    if command == "selftest":
        return cmd_selftest(args[0])
    if command == "numbers":
        variant_runs = [args[i + 1] for i, a in enumerate(args) if a == "--variant-run"]
        return cmd_numbers(args[0], args[1], args[2], variant_runs)
    if command == "headings":
        return cmd_headings(args[0], args[1], "--variants" in args)
    if command == "screenshot":
        return cmd_screenshot(args[0], args[1], args[2])
    sys.exit(__doc__)


if __name__ == "__main__":
    sys.exit(main(sys.argv))

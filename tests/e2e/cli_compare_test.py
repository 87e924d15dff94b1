#!/usr/bin/python3
"""End-to-end test of `goalpath compare A B` (CLI.md).

usage: cli_compare_test.py GOALPATH SOURCE_DIR WORK_DIR

A = tests/data/report-cjk.yaml, B = report-cjk-fast.yaml (faster output
growth, nothing else). Checks: the compare JSON schema; exactly one differing
parameter; the output target more likely in B and the share target less
likely (faster output dilutes the share); both sides run with A's seed and
paths; comparing the two `run --format json` reports, or a report with a
scenario, gives the same deltas to the last digit (common random numbers);
every format is produced; a file that is neither a scenario nor a report is
an input error (exit 2, [not-a-report]).

Against independent answers (tests/data/compare-a.yaml, compare-b.yaml: every
P(met) is a normal probability in one parameter, see their header): each
side's probability within 4 SE of the closed form and its probability_se
equal to sqrt(p(1-p)/n) recomputed here; each change within 4 SE of the
closed-form change, where with common random numbers B - A is the indicator
of one interval of g, so its SE is sqrt(|d|(1-|d|)/n); the joint
probability; the deterministic values and their changes; the deltas equal
to B - A of two `run` reports made separately, with the same seed and with
different seeds (then within 4·sqrt(se_A² + se_B²) of the closed form, and a
note says so, and delta_probability_se = sqrt(se_A² + se_B²); with one
seed it is null). Every writer (table, Markdown, HTML, CSV) restates the
JSON's numbers, the change's SE included, to the digits it prints. Standard library only.
"""
import csv
import html.parser
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
from statistics import NormalDist

GOALPATH, SOURCE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
A = os.path.join(SOURCE, "tests", "data", "report-cjk.yaml")
PLAN_A = os.path.join(SOURCE, "tests", "data", "compare-a.yaml")
PLAN_B = os.path.join(SOURCE, "tests", "data", "compare-b.yaml")
B = os.path.join(SOURCE, "tests", "data", "report-cjk-fast.yaml")
failures = []


def run(*args, expect=0):
    result = subprocess.run([GOALPATH, *args, "--quiet"], capture_output=True, encoding="utf-8-sig", timeout=600)
    if result.returncode != expect:
        check(False, "goalpath %s exited %d (expected %d): %s"
              % (" ".join(args), result.returncode, expect, result.stderr.strip()))
    return result


def check(condition, what):
    if not condition:
        print("FAIL: " + what)
        failures.append(what)


def deltas(compare):
    return {t["id"]: t["delta_probability"] for t in compare["targets"]}


# ---- compare against independent answers (compare-a.yaml, compare-b.yaml) ----
STD = NormalDist()
G_SD, H_MEAN, H_SD, SHIFT = 0.02, 0.02, 0.01, 0.01
G_MEAN = {"a": 0.03, "b": 0.04}
CUT_120, CUT_135, CUT_OTHER = 1.2 ** 0.2 - 1, 1.35 ** 0.2 - 1, 1.1 ** 0.2 - 1


def p_above(cut, mean, sd):
    return 1 - STD.cdf((cut - mean) / sd)


def closed_form_probabilities(side):
    m = G_MEAN[side]
    return {"level-120": p_above(CUT_120, m, G_SD), "level-cap-135": 1 - p_above(CUT_135, m, G_SD),
            "growth-3.5": p_above(0.035, m, G_SD), "never-below-100": p_above(0.0, m, G_SD),
            "other-55": p_above(CUT_OTHER, H_MEAN, H_SD)}


def closed_form_joint(side):
    m, lower = G_MEAN[side], max(CUT_120, 0.035, 0.0)
    return (STD.cdf((CUT_135 - m) / G_SD) - STD.cdf((lower - m) / G_SD)) * p_above(CUT_OTHER, H_MEAN, H_SD)


def level(g, year):
    return 100 * (1 + g) ** (year - 2020)


def closed_forms():
    c = json.loads(run("compare", PLAN_A, PLAN_B, "--format", "json").stdout)
    n = c["a"]["settings"]["paths"]
    check(n == c["b"]["settings"]["paths"] == 100000 and c["a"]["settings"]["seed"] == c["b"]["settings"]["seed"] == 9,
          "plans: settings %s / %s" % (c["a"]["settings"], c["b"]["settings"]))
    exact = {side: closed_form_probabilities(side) for side in "ab"}
    check([t["id"] for t in c["targets"]] == list(exact["a"]), "plans: targets %s" % [t["id"] for t in c["targets"]])
    for t in c["targets"]:
        tid = t["id"]
        for side in "ab":
            p = t[side]["probability"]
            se = math.sqrt(exact[side][tid] * (1 - exact[side][tid]) / n)
            check(abs(p - exact[side][tid]) <= 4 * se, "plans %s %s: P %r is %.1f SE from %r"
                  % (tid, side, p, (p - exact[side][tid]) / se, exact[side][tid]))
            check(abs(t[side]["probability_se"] - math.sqrt(p * (1 - p) / n)) <= 1e-15,
                  "plans %s %s: probability_se %r, sqrt(p(1-p)/n) = %r"
                  % (tid, side, t[side]["probability_se"], math.sqrt(p * (1 - p) / n)))
        # Common random numbers: g_B = g_A + 0.01 on every path, so B - A is
        # +-1 on one interval of g and 0 elsewhere: SE sqrt(|d|(1-|d|)/n).
        d = exact["b"][tid] - exact["a"][tid]
        se_d = math.sqrt(abs(d) * (1 - abs(d)) / n)
        check(t["delta_probability_se"] is None, "plans %s: a change SE with common random numbers" % tid)
        if tid == "other-55":
            check(t["delta_probability"] == 0, "plans other-55: change %r, h is the same on every path" % t["delta_probability"])
        else:
            check(abs(t["delta_probability"] - d) <= 4 * se_d, "plans %s: change %r is %.1f SE from %r"
                  % (tid, t["delta_probability"], (t["delta_probability"] - d) / se_d, d))
    # The joint probability and its change (B - A = h_ok·(1[g_A in [c120-δ, c120)] - 1[g_A in (c135-δ, c135]])).
    for side in "ab":
        j, want = c[side]["joint"]["probability"], closed_form_joint(side)
        se = math.sqrt(want * (1 - want) / n)
        check(abs(j - want) <= 4 * se, "plans joint %s: %r is %.1f SE from %r" % (side, j, (j - want) / se, want))
        check(abs(c[side]["joint"]["probability_se"] - math.sqrt(j * (1 - j) / n)) <= 1e-15, "plans joint %s: se" % side)
    h_ok = p_above(CUT_OTHER, H_MEAN, H_SD)
    gain = STD.cdf((CUT_120 - 0.03) / G_SD) - STD.cdf((CUT_120 - SHIFT - 0.03) / G_SD)
    loss = STD.cdf((CUT_135 - 0.03) / G_SD) - STD.cdf((CUT_135 - SHIFT - 0.03) / G_SD)
    d = h_ok * (gain - loss)
    se_d = math.sqrt(h_ok * (gain + loss) - d * d) / math.sqrt(n)
    dj = c["b"]["joint"]["probability"] - c["a"]["joint"]["probability"]
    check(abs(dj - d) <= 4 * se_d, "plans joint change %r is %.1f SE from %r" % (dj, (dj - d) / se_d, d))
    # Deterministic values and their changes.
    det = {"level-120": level, "level-cap-135": level, "growth-3.5": lambda g, y: g,
           "never-below-100": lambda g, y: level(g, 2021), "other-55": lambda g, y: 50 * (1 + H_MEAN) ** 5}
    for t in c["targets"]:
        va, vb = det[t["id"]](0.03, 2025), det[t["id"]](0.04, 2025)
        check(abs(t["a"]["deterministic"]["value"] - va) <= 1e-12 * max(1, abs(va)) and
              abs(t["delta_value"] - (vb - va)) <= 1e-12 * max(1, abs(va)),
              "plans %s: value %r, change %r; expected %r, %r" % (t["id"], t["a"]["deterministic"]["value"],
                                                                  t["delta_value"], va, vb - va))
    lv = c["indicators"]["level"]
    check(abs(lv["delta_deterministic"] - (level(0.04, 2025) - level(0.03, 2025))) <= 1e-10,
          "plans: level change %r" % lv["delta_deterministic"])
    check([(p["name"], p["change"], p["a"]["value"], p["b"]["value"]) for p in c["parameters"]] == [("g", "value", 0.03, 0.04)],
          "plans: parameters %s" % c["parameters"])
    check(c["notes"] == [], "plans: notes %s with common random numbers" % c["notes"])

    # Two run reports made separately: the same seed gives the same deltas,
    # to the last digit; another seed gives B - A of the reports, with a note.
    ra = json.loads(run("run", PLAN_A, "--format", "json").stdout)
    rb = json.loads(run("run", PLAN_B, "--format", "json", "--seed", "9").stdout)
    rb10 = json.loads(run("run", PLAN_B, "--format", "json", "--seed", "10").stdout)
    files = {}
    for name, report in (("a", ra), ("b", rb), ("b10", rb10)):
        files[name] = os.path.join(WORK, "plan-%s.json" % name)
        with open(files[name], "w", encoding="utf-8") as f:
            json.dump(report, f)
    for b_name, b_report in (("b", rb), ("b10", rb10)):
        cr = json.loads(run("compare", files["a"], files[b_name], "--format", "json").stdout)
        pa = {t["id"]: t for t in ra["targets"]}
        pb = {t["id"]: t for t in b_report["targets"]}
        for t in cr["targets"]:
            tid = t["id"]
            check(t["delta_probability"] == pb[tid]["probability"] - pa[tid]["probability"],
                  "reports a/%s %s: change %r, the reports give %r" % (b_name, tid, t["delta_probability"],
                                                                    pb[tid]["probability"] - pa[tid]["probability"]))
            check(t["a"]["probability_se"] == pa[tid]["probability_se"] and t["b"]["probability_se"] == pb[tid]["probability_se"],
                  "reports a/%s %s: standard errors differ from the reports'" % (b_name, tid))
            if b_name == "b10":  # independent draws: SE of the change from the two reports
                d = exact["b"][tid] - exact["a"][tid]
                se_d = math.sqrt(pa[tid]["probability_se"] ** 2 + pb[tid]["probability_se"] ** 2)
                check(t["delta_probability_se"] is not None and abs(t["delta_probability_se"] - se_d) <= 1e-15,
                      "reports a/b10 %s: delta_probability_se %r, expected %r" % (tid, t["delta_probability_se"], se_d))
                check(abs(t["delta_probability"] - d) <= 4 * se_d, "reports a/b10 %s: change %r is %.1f SE from %r"
                      % (tid, t["delta_probability"], (t["delta_probability"] - d) / se_d, d))
            else:  # paired paths: the marginal SEs do not give the change's
                check(t["delta_probability_se"] is None, "reports a/b %s: delta_probability_se %r with one seed"
                      % (tid, t["delta_probability_se"]))
        same_seed = b_name == "b"
        check(any("different random numbers" in note for note in cr["notes"]) != same_seed,
              "reports a/%s: notes %s" % (b_name, cr["notes"]))
        if same_seed:
            check(deltas(cr) == deltas(c), "reports a/b: deltas %s differ from the scenarios' %s" % (deltas(cr), deltas(c)))

    # One seed, different path counts: the first paths are shared, so neither
    # independent nor paired: no SE of the change, and the note says why.
    rb_short = json.loads(run("run", PLAN_B, "--format", "json", "--paths", "50000").stdout)
    short_file = os.path.join(WORK, "plan-b-50000.json")
    with open(short_file, "w", encoding="utf-8") as f:
        json.dump(rb_short, f)
    cs = json.loads(run("compare", files["a"], short_file, "--format", "json").stdout)
    check(all(t["delta_probability_se"] is None for t in cs["targets"]) and
          any("first 50000 paths are the same" in note and "standard error is given" not in note for note in cs["notes"]),
          "reports with one seed, 100000 and 50000 paths: SEs %s, notes %s"
          % ([t["delta_probability_se"] for t in cs["targets"]], cs["notes"]))
    check(any("standard error is given beside it" in note for note in
              json.loads(run("compare", files["a"], files["b10"], "--format", "json").stdout)["notes"]),
          "reports with two seeds: the note does not point to the change's SE")

    # A deterministic side: no probability to compare, a note says why; the
    # value changes are still the closed form's.
    cd = json.loads(run("compare", PLAN_A, PLAN_B, "--deterministic", "--format", "json").stdout)
    check(all(t["delta_probability"] is None and t["a"]["probability"] is None for t in cd["targets"]),
          "deterministic compare: probabilities %s" % [t["delta_probability"] for t in cd["targets"]])
    check([t["delta_value"] for t in cd["targets"]] == [t["delta_value"] for t in c["targets"]],
          "deterministic compare: value changes differ from the Monte Carlo compare's")
    det_file = os.path.join(WORK, "plan-b-deterministic.json")
    with open(det_file, "w", encoding="utf-8") as f:
        f.write(run("run", PLAN_B, "--deterministic", "--format", "json").stdout)
    mixed = json.loads(run("compare", files["a"], det_file, "--format", "json").stdout)
    check(any("deterministic" in note for note in mixed["notes"]) and
          all(t["delta_probability"] is None for t in mixed["targets"]),
          "report vs deterministic report: notes %s, deltas %s" % (mixed["notes"], deltas(mixed)))
    return c


# ---- every writer restates the JSON -----------------------------------------

def number_close(text, value, what, scale=1.0):
    """`text` (e.g. "36.1%", "+19.8 pts", "115.9") restates value·scale to its printed digits."""
    text = text.strip()
    m = re.fullmatch(r"([+-]?\d+(?:\.(\d+))?)(?:%| pts)?", text)
    if not m or value is None:
        check(False, "%s: %r printed for %r" % (what, text, value))
        return
    half_unit = 0.5 * 10 ** -len(m.group(2) or "")
    check(abs(float(m.group(1)) - scale * value) <= half_unit * (1 + 1e-9) + 1e-12,
          "%s: printed %r, the JSON has %r" % (what, text, value))


def check_target_rows(rows, c, label):
    """rows: [target, P(A), P(B), change, value A, value B, status], ids possibly with labels."""
    check(len(rows) == len(c["targets"]), "%s: %d target rows, expected %d" % (label, len(rows), len(c["targets"])))
    for row, t in zip(rows, c["targets"]):
        where = "%s %s" % (label, t["id"])
        check(t["id"] in row[0], "%s: row %s" % (where, row))
        for cell, side in ((row[1], "a"), (row[2], "b")):
            p, se = cell.split(" ± ")
            number_close(p, t[side]["probability"], where + " P(%s)" % side.upper(), 100)
            number_close(se, t[side]["probability_se"], where + " SE(%s)" % side.upper(), 100)
        change = row[3]
        if t.get("delta_probability_se") is not None:
            check(" ± " in change, "%s: change %r without its SE" % (where, change))
            if " ± " in change:
                change, se = change.split(" ± ")
                number_close(se, t["delta_probability_se"], where + " change SE", 100)
                change += " pts"
        else:
            check(" ± " not in change, "%s: change %r has an SE with paired paths" % (where, change))
        if t["delta_probability"] == 0:
            check(change == "0.0 pts", "%s: change %r for an exact 0" % (where, change))
        else:
            number_close(change, t["delta_probability"], where + " change", 100)
        number_close(row[4], t["a"]["deterministic"]["value"], where + " value A")
        number_close(row[5], t["b"]["deterministic"]["value"], where + " value B")
        words = [s.replace("_", " ") for s in (t["a"]["status"], t["b"]["status"])]
        status = " → ".join(words) if t["status_change"] else words[0]
        check(row[6] == status, "%s: status %r, expected %r" % (where, row[6], status))


def check_joint(text, c, label):
    m = re.search(r"[Aa]ll targets met together: A (\S+), B (\S+) \((\S+ pts)\)", text)
    check(m is not None, "%s: no joint line" % label)
    if m:
        number_close(m.group(1).rstrip(","), c["a"]["joint"]["probability"], label + " joint A", 100)
        number_close(m.group(2).rstrip(","), c["b"]["joint"]["probability"], label + " joint B", 100)
        number_close(m.group(3), c["b"]["joint"]["probability"] - c["a"]["joint"]["probability"], label + " joint change", 100)


def check_indicator_rows(rows, c, label):
    """rows: [indicator, year, A, B, change, p50 A, p50 B]."""
    names = list(c["indicators"])
    check(len(rows) == len(names), "%s: %d indicator rows" % (label, len(rows)))
    for row in rows:
        name = next((n for n in names if row[0] == n or row[0].endswith("(%s)" % n)), None)
        check(name is not None, "%s: indicator row %s" % (label, row))
        if name is None:
            continue
        i = c["indicators"][name]
        check(row[1] == str(i["a"]["year"]), "%s %s: year %r" % (label, name, row[1]))
        number_close(row[2], i["a"]["deterministic"], "%s %s A" % (label, name))
        number_close(row[3], i["b"]["deterministic"], "%s %s B" % (label, name))
        if i["delta_deterministic"] == 0:
            check(row[4] == "0", "%s %s: change %r" % (label, name, row[4]))
        else:
            number_close(row[4], i["delta_deterministic"], "%s %s change" % (label, name))
        number_close(row[5], i["a"]["p50"], "%s %s p50 A" % (label, name))
        number_close(row[6], i["b"]["p50"], "%s %s p50 B" % (label, name))


def check_parameter_rows(rows, c, label):
    check(len(rows) == len(c["parameters"]), "%s: parameter rows %s" % (label, rows))
    for row, p in zip(rows, c["parameters"]):
        check(row[0].strip() == p["name"] and row[3] == p["change"], "%s: parameter row %s" % (label, row))
        for cell, side in ((row[1], "a"), (row[2], "b")):
            value, distribution = cell.split(" ", 1)
            number_close(value, p[side]["value"], "%s %s %s" % (label, p["name"], side))
            check(distribution.strip() == p[side]["distribution"], "%s: distribution %r" % (label, distribution))


def text_table(block):
    """The rows of a terminal table (its header line first), without the footnotes under it."""
    lines = [line for line in block.strip("\n").splitlines()[1:] if not line.startswith(("change:", "A, B, change:"))]
    return [re.split(r" {2,}", line.strip()) for line in lines]


def titled_table(blocks, title):
    """The table under the heading `title` (a heading sits directly on its table)."""
    block = next((b for b in blocks if b.startswith(title + "\n")), "")
    return text_table(block.split("\n", 1)[-1])


def md_tables(text):
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("|"):
            if current is None:
                current = []
                tables.append(current)
            current.append([x.strip().replace("\\", "") for x in re.split(r"(?<!\\)\|", line.strip())[1:-1]])
        else:
            current = None
    return [t[2:] for t in tables]


class Tables(html.parser.HTMLParser):
    """The cells' text of every <table class=...> of a page."""

    def __init__(self):
        super().__init__()
        self.tables, self.table, self.row, self.cell = {}, None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.table = self.tables.setdefault(dict(attrs).get("class", ""), [])
        elif tag == "tr" and self.table is not None:
            self.row = []
            self.table.append(self.row)
        elif tag in ("td", "th") and self.row is not None:
            self.cell = ""
        elif tag == "br" and self.cell is not None:
            self.cell += " "

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.row.append(" ".join(self.cell.split()))
            self.cell = None
        elif tag == "table":
            self.table = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell += data


def writers():
    writers_of(PLAN_A, PLAN_B, PLAN_B, "9")
    # Reports with different seeds: the change carries its standard error.
    writers_of(os.path.join(WORK, "plan-a.json"), os.path.join(WORK, "plan-b10.json"), PLAN_B, "10")


def writers_of(A, B, plan_b, seed_b):
    c = json.loads(run("compare", A, B, "--format", "json").stdout)
    table = run("compare", A, B, "--format", "table").stdout
    blocks = table.split("\n\n")
    check_target_rows(titled_table(blocks, "Targets"), c, "table")
    check_joint(table, c, "table")
    check_parameter_rows(titled_table(blocks, "Assumptions that differ"), c, "table")
    check_indicator_rows(titled_table(blocks, "Indicators in the last year"), c, "table")
    check(table.index("The answer") < table.index("Targets\n") < table.index("Reproducibility"),
          "table: the answer first, the reproducibility last")

    md = run("compare", A, B, "--format", "md").stdout
    tables = md_tables(md)
    check(len(tables) == 4, "md: %d tables (targets, parameters, indicators, reproducibility)" % len(tables))
    if len(tables) == 4:
        check_target_rows(tables[0], c, "md")
        check_parameter_rows(tables[1], c, "md")
        check_indicator_rows(tables[2], c, "md")

    page = Tables()
    page.feed(run("compare", A, B, "--format", "html").stdout)
    check_target_rows(page.tables.get("targets", [])[1:], c, "html")
    check_parameter_rows(page.tables.get("parameters", [])[1:], c, "html")
    for row in page.tables.get("indicators", [])[1:]:
        name = next((n for n, i in c["indicators"].items() if row[0] in (n, i["label"])), None)
        check(name is not None, "html: indicator row %s" % row)
        if name:
            for cell, side in ((row[2], "a"), (row[3], "b")):
                number_close(cell, c["indicators"][name][side]["deterministic"], "html %s %s" % (name, side))
            check(row[1] == str(c["indicators"][name]["a"]["year"]), "html %s: year %r" % (name, row[1]))

    # CSV: exact numbers, per target and per indicator year, after a UTF-8 byte-order mark.
    raw = subprocess.run([GOALPATH, "compare", A, B, "--format", "csv", "--quiet"], capture_output=True, timeout=600).stdout
    check(raw.startswith(b"\xef\xbb\xbfsection,"), "compare csv starts with the UTF-8 byte-order mark: %r" % raw[:12])
    rows = list(csv.DictReader(io.StringIO(run("compare", A, B, "--format", "csv").stdout, newline="")))
    by_key = {(r["section"], r["target"] or r["indicator"] or r["parameter"], r["year"], r["statistic"]): r for r in rows}
    for t in c["targets"]:
        year = str(t["a"]["years"][-1])
        for statistic, a, b in (("probability", t["a"]["probability"], t["b"]["probability"]),
                                ("deterministic_value", t["a"]["deterministic"]["value"], t["b"]["deterministic"]["value"]),
                                ("threshold", t["a"]["threshold"], t["b"]["threshold"])):
            r = by_key.get(("target", t["id"], year, statistic))
            check(r is not None and float(r["a"]) == a and float(r["b"]) == b and float(r["delta"]) == b - a,
                  "csv %s %s: %s, the JSON has %r, %r" % (t["id"], statistic, r, a, b))
        r = by_key.get(("target", t["id"], year, "probability_se"))
        se_d = t["delta_probability_se"]
        check(r is not None and float(r["a"]) == t["a"]["probability_se"] and float(r["b"]) == t["b"]["probability_se"]
              and (r["delta"] == "" if se_d is None else float(r["delta"]) == se_d),
              "csv %s probability_se: %s, the JSON has %r, %r, %r" % (t["id"], r, t["a"]["probability_se"],
                                                                      t["b"]["probability_se"], se_d))
    ra = json.loads(run("run", PLAN_A, "--format", "json").stdout)
    rb = json.loads(run("run", plan_b, "--format", "json", "--seed", seed_b).stdout)
    for name in c["indicators"]:
        for k, year in enumerate(ra["years"]):
            for statistic in ("deterministic", "p50"):
                a, b = ra["indicators"][name][statistic][k], rb["indicators"][name][statistic][k]
                r = by_key.get(("indicator", name, str(year), statistic))
                check(r is not None and float(r["a"]) == a and float(r["b"]) == b,
                      "csv %s %d %s: %s, the run reports have %r, %r" % (name, year, statistic, r, a, b))
    r = by_key.get(("parameter", "g", "", "value"))
    check(r is not None and float(r["a"]) == 0.03 and float(r["b"]) == 0.04, "csv: parameter g %s" % r)


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    c = json.loads(run("compare", A, B, "--format", "json").stdout)
    check(c["schema"] == "goalpath.compare/1", "schema is %s" % c.get("schema"))
    check([p["name"] for p in c["parameters"]] == ["output_growth"],
          "differing parameters: %s" % [p["name"] for p in c["parameters"]])
    check(c["parameters"][0]["a"]["value"] == 0.04 and c["parameters"][0]["b"]["value"] == 0.06, "parameter values")
    check(c["a"]["settings"]["seed"] == c["b"]["settings"]["seed"] == 5, "both sides use A's seed")
    check(c["a"]["settings"]["paths"] == c["b"]["settings"]["paths"] == 2000, "both sides use A's paths")
    d = deltas(c)
    check(d["output-5t"] is not None and d["output-5t"] > 0, "output-5t change %s, expected > 0" % d["output-5t"])
    check(d["sei-share-50"] is not None and d["sei-share-50"] < 0, "sei-share-50 change %s, expected < 0" % d["sei-share-50"])
    for t in c["targets"]:
        check(abs(t["delta_probability"] - (t["b"]["probability"] - t["a"]["probability"])) < 1e-15,
              "delta of %s is not B - A" % t["id"])

    # The same comparison from report files, and from a report and a scenario.
    a_json, b_json = os.path.join(WORK, "a.json"), os.path.join(WORK, "b.json")
    run("run", A, "--format", "json", "--out", a_json)
    run("run", B, "--seed", "5", "--paths", "2000", "--format", "json", "--out", b_json)
    from_reports = json.loads(run("compare", a_json, b_json, "--format", "json").stdout)
    check(from_reports["a"]["kind"] == "report", "a.json side is not marked as a report")
    check(deltas(from_reports) == d, "report inputs: deltas %s differ from %s" % (deltas(from_reports), d))
    check([p["name"] for p in from_reports["parameters"]] == ["output_growth"], "report inputs: differing parameters")
    mixed = json.loads(run("compare", a_json, B, "--format", "json").stdout)
    check(deltas(mixed) == d, "report + scenario: deltas %s differ from %s" % (deltas(mixed), d))

    table = run("compare", A, B).stdout
    check("output_growth" in table and "output-5t" in table, "table lacks the parameter or the target")
    rows = list(csv.reader(io.StringIO(run("compare", A, B, "--format", "csv").stdout, newline="")))
    check(rows[0] == ["section", "target", "indicator", "parameter", "year", "statistic", "a", "b", "delta"],
          "csv header %s" % rows[0])
    check(all(len(r) == 9 for r in rows), "csv rows with a different column count")
    md = run("compare", A, B, "--format", "md").stdout
    check("| output_growth |" in md, "markdown lacks the parameter row")
    page = os.path.join(WORK, "compare.html")
    run("compare", A, B, "--out", page)
    html = open(page, encoding="utf-8").read()
    check(html.count('data-series="2"') == 3, "html: expected 3 overlaid fan charts")
    for bad in ("http://", "https://", "src=", "href=", "url(", "<link"):
        check(bad not in html, "compare html refers outside itself: %s" % bad)

    # Inputs that are neither scenarios nor run reports: exit 2 with a clear message.
    notes = os.path.join(WORK, "notes.txt")
    open(notes, "w").write("not a scenario\n")
    other = os.path.join(WORK, "compare.json")
    open(other, "w").write(json.dumps(c))
    for bad_input in (notes, other):
        result = run("compare", bad_input, A, expect=2)
        check(": error: " in result.stderr and "[not-a-report]" in result.stderr and bad_input in result.stderr,
              "compare %s: stderr %r" % (bad_input, result.stderr))
    result = run("compare", os.path.join(WORK, "missing.json"), A, expect=2)
    check("missing.json" in result.stderr, "missing file: stderr %r" % result.stderr)
    run("compare", A, expect=2)
    run("compare", notes, A, "--out", os.path.join(WORK, "never.html"), expect=2)
    check(not os.path.exists(os.path.join(WORK, "never.html")), "a failed compare wrote --out")

    closed_forms()
    writers()

    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

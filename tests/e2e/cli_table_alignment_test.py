#!/usr/bin/python3
"""Every terminal table of every bundled scenario is aligned, in both languages.

usage: cli_table_alignment_test.py GOALPATH SOURCE_DIR

For each scenario under scenarios/ (and the Chinese-labelled test scenario),
writes `run --format table` in English and in Chinese, plus `compare` of each
Shanghai variant with the baseline, `track` of tracking-2024 and `backtest`
of the backtest scenarios, and checks every table in the output: each column's
cells start at the same display column in every row (left-aligned) or end at
the same one (right-aligned). Display width is computed here independently of
the engine, from Unicode's East Asian Width (wide and full-width characters
take two columns, everything else one, combining marks none), so a row
containing an en dash, ≥ or a CJK label that the engine measures wrongly is
caught as the shifted row it prints as.
"""
import os
import re
import subprocess
import sys
import unicodedata

GOALPATH, SOURCE = sys.argv[1], sys.argv[2]
failures = []
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def width(text):
    total = 0
    for ch in ANSI.sub("", text):
        if unicodedata.combining(ch):
            continue
        total += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return total


def cells(line):
    """(start, end, text) of each cell: cells are separated by two or more spaces."""
    out = []
    for match in re.finditer(r"\S+(?: \S+)*", line):
        start = width(line[: match.start()])
        out.append((start, start + width(match.group()), match.group()))
    return out


def tables(text):
    """Blocks of consecutive lines with at least two cells each (footnotes and
    sentences have one); blank lines and one-cell lines end a block."""
    block = []
    for line in text.split("\n") + [""]:
        if len(cells(line)) >= 2:
            block.append(line)
            continue
        if len(block) >= 2:
            yield block
        block = []


def check_table(rows, what):
    """Each column either starts (left) or ends (right) in one display column
    on every row that has it."""
    parsed = [cells(r) for r in rows]
    columns = max(len(p) for p in parsed)
    for c in range(columns):
        present = [p[c] for p in parsed if len(p) > c]
        starts = {cell[0] for cell in present}
        ends = {cell[1] for cell in present}
        if len(starts) > 1 and len(ends) > 1:
            lines = "\n    ".join(rows)
            failures.append("%s: column %d neither starts nor ends in one column (starts %s, ends %s):\n    %s" %
                            (what, c + 1, sorted(starts), sorted(ends), lines))
            return


def goalpath(*args):
    result = subprocess.run([GOALPATH, *args], capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        failures.append("goalpath %s: exit %d: %s" % (" ".join(args), result.returncode, result.stderr.strip()))
    return result.stdout


def check_output(text, what):
    found = 0
    for rows in tables(text):
        found += 1
        check_table(rows, what)
    return found


def scenarios():
    out = []
    for folder, _, files in os.walk(os.path.join(SOURCE, "scenarios")):
        out += [os.path.join(folder, f) for f in files if f.endswith(".yaml")]
    return sorted(out) + [os.path.join(SOURCE, "tests", "data", "report-cjk.yaml")]


# The check itself: a shifted row (a dash measured as two columns) is caught,
# an aligned table with CJK and dashes passes.
def aligned(rows):
    """Rows laid out as the engine should: first two columns left, last right."""
    widths = [max(width(r[c]) for r in rows) for c in range(3)]
    out = []
    for r in rows:
        out.append(r[0] + " " * (widths[0] - width(r[0])) + "  " + r[1] + " " * (widths[1] - width(r[1])) + "  " +
                   " " * (widths[2] - width(r[2])) + r[2])
    return out


good = aligned([["target", "ask", "P(met)"], ["工业", "2024–2027 ≥ 1", "39.9%"], ["va", "every 2027", "0.0%"]])
failures_before = len(failures)
check_table(good, "self-test (aligned)")
if len(failures) != failures_before:
    print("FAIL: the checker rejects an aligned table:", failures[-1])
    sys.exit(1)
# A row shifted one column, as a dash measured as two columns shifted it.
check_table([good[0], good[2], good[1].replace("  ", "   ", 1)], "self-test (shifted)")
if len(failures) != failures_before + 1:
    print("FAIL: the checker passes a shifted table")
    sys.exit(1)
failures.clear()

for scenario in scenarios():
    name = os.path.relpath(scenario, SOURCE)
    for lang in ("en", "zh"):
        text = goalpath("run", scenario, "--paths", "2000", "--quiet", "--format", "table", "--lang", lang)
        if check_output(text, "run %s --lang %s" % (name, lang)) == 0:
            failures.append("run %s --lang %s: no table found in\n%s" % (name, lang, text))

shanghai = os.path.join(SOURCE, "scenarios", "shanghai-2027")
for variant in ("optimistic", "pessimistic", "structural", "investment-led", "programs"):
    for lang in ("en", "zh"):
        text = goalpath("compare", os.path.join(shanghai, "baseline.yaml"), os.path.join(shanghai, variant + ".yaml"),
                        "--paths", "2000", "--quiet", "--format", "table", "--lang", lang)
        check_output(text, "compare baseline %s --lang %s" % (variant, lang))
for lang in ("en", "zh"):
    text = goalpath("track", os.path.join(shanghai, "tracking-2024.yaml"), "--paths", "200000", "--quiet", "--format",
                    "table", "--lang", lang)
    check_output(text, "track tracking-2024 --lang %s" % lang)
    for year in (2015, 2019):
        text = goalpath("backtest", os.path.join(shanghai, "backtest-%d.yaml" % year), "--from", str(year), "--paths",
                        "2000", "--quiet", "--format", "table", "--lang", lang)
        check_output(text, "backtest backtest-%d --lang %s" % (year, lang))
    text = goalpath("backtest", os.path.join(shanghai, "rolling-2024.yaml"), "--rolling", "--paths", "2000", "--quiet",
                    "--format", "table", "--lang", lang)
    check_output(text, "backtest rolling-2024 --rolling --lang %s" % lang)

for failure in failures:
    print("FAIL:", failure)
print("%d failure(s)" % len(failures))
sys.exit(1 if failures else 0)

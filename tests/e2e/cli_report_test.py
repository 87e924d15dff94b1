#!/usr/bin/python3
"""End-to-end test of `goalpath run --format csv|md|html` (CLI.md).

usage: cli_report_test.py GOALPATH SOURCE_DIR WORK_DIR

Runs the built binary on scenarios/examples/tutorial.yaml and
tests/data/report-cjk.yaml and checks: the HTML page refers to nothing
outside itself and has one fan chart per indicator and the dashboard; the CSV
parses (csv module, RFC 4180) with the same column count on every row and
its values equal the JSON report's; the Markdown tables are well formed;
every format carries the reproducibility facts; the format follows --out's
extension. Standard library only.
"""
import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys

GOALPATH, SOURCE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
TUTORIAL = os.path.join(SOURCE, "scenarios", "examples", "tutorial.yaml")
CJK = os.path.join(SOURCE, "tests", "data", "report-cjk.yaml")
failures = []


def run(*args):
    result = subprocess.run([GOALPATH, *args, "--quiet"], capture_output=True, encoding="utf-8-sig", timeout=600)
    if result.returncode != 0:
        check(False, "goalpath %s exited %d: %s" % (" ".join(args), result.returncode, result.stderr.strip()))
    return result.stdout


def check(condition, what):
    if not condition:
        print("FAIL: " + what)
        failures.append(what)


def self_contained(html, what):
    for pattern in (r"https?://", r"\bsrc=", r"\bhref=", r"url\(", r"@import", r"<link\b", r"<script\b", r"<img\b"):
        check(re.search(pattern, html) is None, "%s refers outside itself or runs a script: /%s/" % (what, pattern))


def markdown_tables_ok(text, what):
    lines = text.splitlines()
    k, tables = 0, 0
    while k < len(lines):
        if not lines[k].startswith("|"):
            k += 1
            continue
        block = []
        while k < len(lines) and lines[k].startswith("|"):
            block.append(lines[k])
            k += 1
        tables += 1
        pipes = [len(re.findall(r"(?<!\\)\|", line)) for line in block]
        check(len(set(pipes)) == 1, "%s: table rows have different numbers of cells: %s" % (what, pipes))
        check(len(block) >= 2 and re.fullmatch(r"\|( -+:? \|)+", block[1]) is not None,
              "%s: second table row is not a separator: %r" % (what, block[1] if len(block) > 1 else None))
    return tables


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    for scenario in (TUTORIAL, CJK):
        name = os.path.basename(scenario)
        report = json.loads(run("run", scenario, "--paths", "2000", "--format", "json"))
        indicators, targets = report["indicators"], report["targets"]

        page = os.path.join(WORK, name + ".html")
        run("run", scenario, "--paths", "2000", "--out", page)  # html from the extension
        html = open(page, encoding="utf-8").read()
        self_contained(html, name + " html")
        check(html.startswith("<!DOCTYPE html>"), name + ": --out x.html did not write HTML")
        check(html.count('<svg class="fan-chart"') == len(indicators),
              "%s: %d fan charts for %d indicators" % (name, html.count('<svg class="fan-chart"'), len(indicators)))
        check(html.count('<svg class="target-dashboard"') == 1, name + ": no target dashboard")
        check(report["scenario"]["sha256"] in html, name + ": html lacks the scenario's sha256")

        raw = subprocess.run([GOALPATH, "run", scenario, "--paths", "2000", "--format", "csv", "--quiet"],
                             capture_output=True, timeout=600).stdout
        check(raw.startswith(b"\xef\xbb\xbfscenario,"),
              name + ": the csv starts with a UTF-8 byte-order mark (Excel on Chinese Windows): %r" % raw[:12])
        rows = list(csv.reader(io.StringIO(run("run", scenario, "--paths", "2000", "--format", "csv"), newline="")))
        header = rows[0]
        check(header == ["scenario", "section", "target", "indicator", "parameter", "year", "statistic", "value"],
              "%s: csv header %s" % (name, header))
        check(all(len(r) == len(header) for r in rows), name + ": csv rows with a different column count")
        values = {(r[1], r[2], r[3], r[4], r[5], r[6]): r[7] for r in rows[1:]}
        check(values.get(("meta", "", "", "", "", "scenario_sha256")) == report["scenario"]["sha256"],
              name + ": csv meta sha256")
        check(values.get(("meta", "", "", "", "", "seed")) == str(report["settings"]["seed"]), name + ": csv meta seed")
        for t in targets:
            key = ("target", t["id"], t["measure"] if t["measure"] in indicators else "", "", str(t["years"][-1]),
                   "probability")
            check(key in values and float(values[key]) == t["probability"],
                  "%s: csv probability of %s is %s, json %s" % (name, t["id"], values.get(key), t["probability"]))
        last = str(report["years"][-1])
        for ind, data in indicators.items():
            key = ("indicator", "", ind, "", last, "p50")
            check(key in values and float(values[key]) == data["p50"][-1], "%s: csv p50 of %s" % (name, ind))

        md = run("run", scenario, "--paths", "2000", "--format", "md")
        # targets, indicators in the last year, parameters, yearly shocks (when the scenario has
        # them), correlations (likewise), sources (likewise), reproducibility
        expected_tables = 4 + sum(1 for key in ("shocks", "correlations") if report[key]) + \
            (1 if any(i["source"] for i in indicators.values()) or any(t["source"] for t in targets) else 0)
        check(markdown_tables_ok(md, name) == expected_tables,
              "%s: expected %d markdown tables" % (name, expected_tables))
        check(report["scenario"]["sha256"] in md and "| seed | %d |" % report["settings"]["seed"] in md,
              name + ": markdown lacks reproducibility facts")
        check(md.index("## The answer") < md.index("## Targets") < md.index("## Assumptions") < md.index("## Reproducibility"),
              name + ": markdown in the director's order: answer, targets, assumptions, reproducibility last")

    deterministic = run("run", CJK, "--deterministic", "--format", "html")
    self_contained(deterministic, "deterministic html")
    check(">not met</text>" in deterministic or ">met</text>" in deterministic, "deterministic html: no met / not met")
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

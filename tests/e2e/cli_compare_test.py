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
an input error (exit 2, [not-a-report]). Standard library only.
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys

GOALPATH, SOURCE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
A = os.path.join(SOURCE, "tests", "data", "report-cjk.yaml")
B = os.path.join(SOURCE, "tests", "data", "report-cjk-fast.yaml")
failures = []


def run(*args, expect=0):
    result = subprocess.run([GOALPATH, *args, "--quiet"], capture_output=True, text=True, timeout=600)
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

    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

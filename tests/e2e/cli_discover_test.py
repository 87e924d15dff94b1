#!/usr/bin/python3
"""End-to-end test of `goalpath discover` (CLI.md).

usage: cli_discover_test.py GOALPATH SOURCE_DIR WORK_DIR

On tests/data/discover-pair.yaml, against closed forms:

- The sample keeps the copula: a and b are standard normals correlated 0.8,
  so the share of points meeting min(a, b) >= 0 is the orthant probability
  1/4 + asin(0.8)/(2 pi) = 0.3976 (Sheppard), within 4 binomial standard
  errors (1/4 if the correlation were dropped). No "not imposed" warning.
- Success of in-slab is u in [0.3, 0.6] (u uniform): PRIM's box is that
  range, its density ~1 and coverage ~1, mass 0.3 (within 4 SE).
- --failure asks where failure concentrates: success of corner is u <= 0.6
  and v <= 0.5 (P = 0.3); the failure box is one arm of the complement,
  v >= 0.5 or u >= 0.6, with density ~1 and that arm's share of the
  failures as coverage (0.5/0.7 or 0.4/0.7); "outcome" is "failure" and
  cases + successes = points.
- Every format is produced and says failure; the same seed gives the same
  JSON for 1 and 2 threads; an unknown target is an input error (exit 2).
Standard library only.
"""
import csv
import io
import json
import math
import os
import shutil
import subprocess
import sys

GOALPATH, SOURCE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
PAIR = os.path.join(SOURCE, "tests", "data", "discover-pair.yaml")
failures = []


def check(condition, what):
    if not condition:
        print("FAIL: " + what)
        failures.append(what)


def run(*args, expect=0):
    result = subprocess.run([GOALPATH, *args, "--quiet"], capture_output=True, text=True, timeout=600)
    if result.returncode != expect:
        check(False, "goalpath %s exited %d (expected %d): %s"
              % (" ".join(args), result.returncode, expect, result.stderr.strip()))
    return result


def test_copula():
    n = 100000
    r = json.loads(run("discover", PAIR, "--target", "both-positive", "--samples", str(n), "--format", "json").stdout)
    check(r["schema"] == "goalpath.discover/1", "schema")
    check(r["points"] == n and r["outcome"] == "success", "points and outcome")
    p = 0.25 + math.asin(0.8) / (2 * math.pi)
    se = math.sqrt(p * (1 - p) / n)
    check(abs(r["base_density"] - p) <= 4 * se,
          "share meeting min(a, b) >= 0 is %.5f, expected %.5f (4 SE = %.5f): the copula is not kept"
          % (r["base_density"], p, 4 * se))
    check(r["cases"] == r["successes"] == round(r["base_density"] * n), "cases, successes and base density agree")
    check(not (r["warning"] or "").count("not imposed"), "no correlation warning: %r" % r["warning"])


def test_success_box():
    n = 20000
    r = json.loads(run("discover", PAIR, "--target", "in-slab", "--samples", str(n), "--format", "json").stdout)
    check(abs(r["base_density"] - 0.3) <= 4 * math.sqrt(0.21 / n), "P(u in [0.3, 0.6]) = %r" % r["base_density"])
    box = r["boxes"][0]
    lo, hi = box["limits"]["u"]
    check(abs(lo - 0.3) <= 0.01 and abs(hi - 0.6) <= 0.01, "success box u in [%r, %r], expected [0.3, 0.6]" % (lo, hi))
    check(box["restricted"] == ["u"], "only u is restricted: %r" % box["restricted"])
    check(box["density"] >= 0.98 and box["coverage"] >= 0.95, "box density %r coverage %r" % (box["density"], box["coverage"]))
    check(abs(box["mass"] - 0.3) <= 0.02, "box mass %r, expected 0.3" % box["mass"])


def test_failure_box():
    n = 20000
    out = os.path.join(WORK, "failure.json")
    run("discover", PAIR, "--target", "corner", "--failure", "--samples", str(n), "--format", "json", "--out", out)
    with open(out, encoding="utf-8") as f:
        r = json.load(f)
    check(r["outcome"] == "failure", "outcome is failure")
    check(r["cases"] + r["successes"] == r["points"] == n, "cases + successes = points")
    check(abs(r["base_density"] - 0.7) <= 4 * math.sqrt(0.21 / n), "failure share %r, expected 0.7" % r["base_density"])
    box = r["boxes"][0]
    ranges = {p["name"]: p["range"] for p in r["parameters"]}
    arm_v = box["restricted"] == ["v"] and abs(box["limits"]["v"][0] - 0.5) <= 0.01 and box["limits"]["v"][1] == ranges["v"][1]
    arm_u = box["restricted"] == ["u"] and abs(box["limits"]["u"][0] - 0.6) <= 0.01 and box["limits"]["u"][1] == ranges["u"][1]
    check(arm_v or arm_u, "failure box %r: expected v >= 0.5 or u >= 0.6 alone" % box["limits"])
    check(box["density"] >= 0.98, "failure box density %r" % box["density"])
    expected_coverage = (0.5 if arm_v else 0.4) / 0.7
    check(abs(box["coverage"] - expected_coverage) <= 0.02, "failure box coverage %r, expected %r" % (box["coverage"], expected_coverage))
    again = json.loads(run("discover", PAIR, "--target", "corner", "--failure", "--samples", str(n), "--format", "json",
                           "--threads", "1").stdout)
    check(again["boxes"] == r["boxes"] and again["trajectory"] == r["trajectory"], "1 thread and 2 threads agree")

    base = ["discover", PAIR, "--target", "corner", "--failure", "--samples", "2000"]
    table = run(*base).stdout
    check("fail" in table and "the boxes locate failure" in table, "table says failure")
    md = run(*base, "--format", "md").stdout
    check("fail" in md and "| parameter |" in md, "markdown")
    html = run(*base, "--format", "html").stdout
    check("Where failure concentrates" in html, "html heading")
    rows = list(csv.DictReader(io.StringIO(run(*base, "--format", "csv").stdout)))
    check(len(rows) > 0 and rows[0]["parameter"] in ("a", "b", "u"), "csv rows")

    missing = os.path.join(WORK, "missing.json")
    bad = run("discover", PAIR, "--target", "in-slap", "--out", missing, expect=2)
    check("[unknown-name]" in bad.stderr and "in-slab" in bad.stderr, "unknown target: %r" % bad.stderr)
    check(not os.path.exists(missing), "nothing written on error")


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    test_copula()
    test_success_box()
    test_failure_box()
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""End-to-end test of the what-if verbs: `sweep`, `solve --probability` and
the tornado of `sensitivity` (CLI.md; docs/SCENARIO_FORMAT.md, "Setting and
fixing a parameter"), each against an independent answer.

usage: cli_whatif_test.py GOALPATH SOURCE_DIR WORK_DIR

- sweep at the Shanghai baseline's own output_growth gives `run`'s
  probabilities to the last digit (same seed and paths); a point elsewhere
  gives `run --set` there, to the last digit (a second route to the same
  "set"); every probability_se is sqrt(p (1 - p) / paths).
- sweep and sweep --fix on two correlated normals, a linear target, follow
  the closed forms (set: a + b ~ N(v + 2, 1.85); fix: b | a = v ~
  N(2 + 1.2 (v - 1), 0.64)) within 4 standard errors.
- solve --probability 0.8 on a normal growth rate and a level target gives
  g* + sd·Φ⁻¹(0.8) within 4 of its closed-form errors, and its value_se is
  the closed form's within 10%; every format is written.
- the tornado with shocks of y = a + b + e (a, b correlated normals) gives
  the conditional means ±2 z90 and ±2.5 z90 within 4 standard errors; a
  tornado of met without shocks warns and names --with-shocks.
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
BASELINE = os.path.join(SOURCE, "scenarios", "shanghai-2027", "baseline.yaml")
failures = []

PAIR = """scenario: pair
years: [2023, 2024]
parameters:
  a: { value: 1, uncertainty: { dist: normal, sd: 0.5 } }
  b: { value: 2, uncertainty: { dist: normal, sd: 1 } }
correlations:
  - [a, b, 0.6]
indicators:
  s: { value: "a + b" }
targets:
  - { id: s-3.5, indicator: s, year: 2024, at_least: 3.5 }
"""

GROWTH = """scenario: growth
years: [2023, 2027]
parameters:
  g: { value: 0.04, uncertainty: { dist: normal, sd: 0.01 } }
indicators:
  x: { base: 39000, growth: "g" }
targets:
  - { id: x-50k, indicator: x, year: 2027, at_least: 50000 }
"""

TIED = """scenario: tied
years: [2023, 2024]
parameters:
  a: { value: 0, uncertainty: { dist: normal, sd: 1 } }
  b: { value: 0, uncertainty: { dist: normal, sd: 2 } }
  k: 3
shocks:
  e: { sd: 1 }
correlations:
  - [a, b, 0.5]
indicators:
  y: { value: "a + b + e + 0*k" }
targets:
  - { id: y-0, indicator: y, year: 2024, at_least: 0 }
"""


def phi_cdf(z):
    return 0.5 * math.erfc(-z / math.sqrt(2))


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


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def sweep_matches_run():
    common = ["--paths", "4000", "--seed", "17", "--format", "json"]
    sweep = json.loads(run("sweep", BASELINE, "--grid", "output_growth=0.04,0.06", *common).stdout)
    check(sweep["settings"]["mode"] == "set", "sweep mode %s" % sweep["settings"].get("mode"))
    own = json.loads(run("run", BASELINE, *common).stdout)
    moved = json.loads(run("run", BASELINE, "--set", "output_growth=0.06", *common).stdout)
    for point, report in ((sweep["points"][0], own), (sweep["points"][1], moved)):
        for t in report["targets"]:
            cell = point["targets"][t["id"]]
            check(cell["probability"] == t["probability"],
                  "output_growth %s, %s: sweep %r, run %r" % (point["values"]["output_growth"], t["id"],
                                                              cell["probability"], t["probability"]))
    for point in sweep["points"]:
        for tid, cell in point["targets"].items():
            p, n = cell["probability"], sweep["settings"]["paths"] - cell["nonfinite"]
            se = math.sqrt(p * (1 - p) / n)
            check(abs(cell["probability_se"] - se) <= 1e-12, "%s: probability_se %r, sqrt(p(1-p)/n) %r"
                  % (tid, cell["probability_se"], se))


def sweep_closed_forms():
    pair = write("pair.yaml", PAIR)
    paths = 20000
    args = ["--grid", "a=0.5,1,1.5", "--paths", str(paths), "--seed", "3", "--format", "json"]
    set_ = json.loads(run("sweep", pair, *args).stdout)
    fix = json.loads(run("sweep", pair, "--fix", *args).stdout)
    check(fix["settings"]["mode"] == "fix", "sweep --fix mode %s" % fix["settings"].get("mode"))
    for ps, pf in zip(set_["points"], fix["points"]):
        v = ps["values"]["a"]
        exact_set = phi_cdf((v + 2 - 3.5) / math.sqrt(1.85))
        exact_fix = phi_cdf((v + 2 + 1.2 * (v - 1) - 3.5) / 0.8)
        for name, cell, exact in (("set", ps, exact_set), ("fix", pf, exact_fix)):
            got = cell["targets"]["s-3.5"]["probability"]
            tol = 4 * math.sqrt(exact * (1 - exact) / paths)
            check(abs(got - exact) <= tol, "sweep %s a=%s: P %r, closed form %r (4 SE %r)" % (name, v, got, exact, tol))
    # A value outside a parameter's support cannot be fixed: exit 2, nothing written.
    out = os.path.join(WORK, "never.json")
    bad = run("sweep", write("bounded.yaml", PAIR.replace("sd: 0.5 }", "sd: 0.5, bounds: [0, 2] }")),
              "--fix", "--grid", "a=3", "--paths", "100", "--out", out, expect=2)
    check("cannot be fixed at 3" in bad.stderr and "[bad-value]" in bad.stderr, "fix outside the support: %s" % bad.stderr)
    check(not os.path.exists(out), "a refused sweep wrote %s" % out)


def solve_probability():
    growth = write("growth.yaml", GROWTH)
    paths = 20000
    args = ["--target", "x-50k", "--param", "g", "--probability", "0.8", "--paths", str(paths), "--seed", "9"]
    r = json.loads(run("solve", growth, *args, "--format", "json").stdout)
    check(r["schema"] == "goalpath.solve/1", "solve schema %s" % r.get("schema"))
    g_star = (50000 / 39000) ** 0.25 - 1
    z = 0.8416212335729143
    exact = g_star + 0.01 * z
    exact_se = math.sqrt(0.8 * 0.2 / paths) / (math.exp(-z * z / 2) / math.sqrt(2 * math.pi) / 0.01)
    check(r["probability"] == 0.8, "probability %r" % r.get("probability"))
    check(r["value"] is not None and abs(r["value"] - exact) <= 4 * exact_se,
          "solve value %r, closed form %r (4 SE %r)" % (r.get("value"), exact, 4 * exact_se))
    check(r["value_se"] is not None and abs(r["value_se"] / exact_se - 1) < 0.1,
          "value_se %r, closed form %r" % (r.get("value_se"), exact_se))
    lo, hi = r["probability_search"]["bracket"]
    check(lo <= r["value"] <= hi, "bracket [%r, %r] holds %r" % (lo, hi, r["value"]))
    check(abs(r["break_even"] - g_star) < 1e-9, "break-even %r, closed form %r" % (r["break_even"], g_star))
    # The answer checked by a second route: run with the centre set there meets the target 80% of the time.
    # (The bisection stops between two neighbouring steps of P(x) on these paths: within 2 paths of 0.8.)
    at = json.loads(run("run", growth, "--set", "g=%r" % r["value"], "--paths", str(paths), "--seed", "9",
                        "--format", "json").stdout)
    check(abs(at["targets"][0]["probability"] - 0.8) <= 2 / paths,
          "run --set g=value: P %r, asked 0.8" % at["targets"][0]["probability"])
    table = run("solve", growth, *args).stdout
    check("for P(met) = 80.0%" in table and "± " in table, "table answer: %s" % table)
    md = run("solve", growth, *args, "--format", "md").stdout
    check("for P(met) = 80.0%" in md, "markdown answer")
    html = run("solve", growth, *args, "--format", "html").stdout
    check('id="probability"' in html and "80.0%" in html, "html answer")
    rows = list(csv.reader(io.StringIO(run("solve", growth, *args, "--format", "csv").stdout)))
    fields = {row[2]: row[3] for row in rows[1:] if row[0] == "solve"}
    check(abs(float(fields.get("value", "nan")) - r["value"]) < 1e-12, "csv value %s" % fields.get("value"))
    bad = run("solve", growth, "--target", "x-50k", "--param", "g", "--probability", "1.5", expect=2)
    check("strictly between 0 and 1" in bad.stderr, "probability 1.5: %s" % bad.stderr)
    bad = run("solve", growth, "--target", "x-50k", "--param", "g", "--paths", "100", expect=2)
    check("--probability" in bad.stderr, "--paths without --probability: %s" % bad.stderr)


def tornado():
    tied = write("tied.yaml", TIED)
    samples = 4000
    r = json.loads(run("sensitivity", tied, "--method", "tornado", "--with-shocks", "--samples", str(samples),
                       "--seed", "4", "--format", "json").stdout)
    z90 = 1.2815515655446004
    se = 1 / math.sqrt(samples)  # the shocks' mean over the paths; the parameters are at the setting on every path
    bars = {p["name"]: p for p in r["parameters"]}
    check(sorted(bars) == ["a", "b"], "tornado bars %s (k has no uncertainty: left out)" % sorted(bars))
    for name, low in (("a", -2 * z90), ("b", -2.5 * z90)):
        bar = bars.get(name, {})
        for field, exact in (("output_low", low), ("output_high", -low)):
            got = bar.get(field)
            check(got is not None and abs(got - exact) <= 4 * se,
                  "tornado %s %s %r, closed form %r (4 SE %r)" % (name, field, got, exact, 4 * se))
    with_k = json.loads(run("sensitivity", tied, "--method", "tornado", "--include-fixed", "--format", "json").stdout)
    check(sorted(p["name"] for p in with_k["parameters"]) == ["a", "b", "k"], "--include-fixed moves k")
    met = run("sensitivity", tied, "--method", "tornado", "--metric", "met", "--format", "json")
    check("--with-shocks" in met.stderr, "met without shocks warns: %s" % met.stderr)


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    sweep_matches_run()
    sweep_closed_forms()
    solve_probability()
    tornado()
    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("what-if verbs: all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

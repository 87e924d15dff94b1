#!/usr/bin/python3
"""End-to-end test of `goalpath calibrate --bands` (CLI.md) on synthetic history.

usage: cli_calibrate_bands_test.py GOALPATH WORK_DIR

Histories are drawn here (fixed NumPy seeds) from a random walk with drift,
x_t = x_{t-1} (1 + G + TRUE_SD z_t), and the scenario has that rule with the
growth G known but its shock sd at 0.01 instead of TRUE_SD = 0.03.

  - One history, horizons up to 1: every error is an interval between
    successive years, the model variance a = 0 (no uncertain parameter), so
    the maximum-likelihood scale has the closed form s = mean(e^2 / b): the
    reported sd must equal 0.01 sqrt(s) computed here from the reported
    errors, the log errors must equal log(x_o (1 + G) / x_{o+1}) computed
    from the history, b must be Var log(1 + G + 0.01 Z) (Monte Carlo within
    5 standard errors), and the standard error must be sd / sqrt(2 n).
  - 24 histories: the estimates recover TRUE_SD: the mean of
    (sd - TRUE_SD) / se is within 3 / sqrt(24) of 0, and |z| < 2 for at
    least 75% of them (95% expected); after calibration the pooled
    horizon-1 coverage of the 50% and 90% bands is within 3 binomial
    standard errors of nominal, and before it far below.
  - The variant written with --out extends the scenario by a relative path,
    restates only the shock, passes `goalpath check`, and its rolling
    backtest gives the coverage the calibration reported; the scenario as
    given gives `before`.
  - Same JSON for 1 and 2 threads; bad command lines, and a history too
    short to estimate from (the variant would claim a calibration), exit 2
    and write nothing.
"""
import json
import re
import math
import os
import subprocess
import sys

import numpy as np

GOALPATH, WORK = sys.argv[1], sys.argv[2]
G, TRUE_SD, GIVEN_SD, YEARS = 0.03, 0.03, 0.01, 40
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


def history(seed):
    rng = np.random.default_rng(seed)
    x, out = 100.0, {}
    for year in range(1980, 1980 + YEARS):
        out[year] = x
        x *= 1 + G + TRUE_SD * rng.standard_normal()
    return out


def scenario(name, hist, paths=4000):
    lines = "\n".join("      %d: %.17g" % (y, v) for y, v in hist.items())
    path = os.path.join(WORK, name + ".yaml")
    with open(path, "w") as f:
        f.write(f"""scenario: {name}
title: "synthetic random walk {name}"
description: "growth known, yearly shock sd 0.03; the scenario says 0.01"
years: [1980, {1980 + YEARS - 1}]
simulation: {{ paths: {paths}, seed: 11 }}
parameters:
  g: {{ value: {G}, source: "known" }}
shocks:
  s: {{ sd: {GIVEN_SD}, source: "assumed" }}
indicators:
  x:
    label: x
    unit: u
    base: 100
    growth: "g + s"
    history:
{lines}
    source: "synthetic"
targets:
  - {{ id: t, label: t, indicator: x, year: {1980 + YEARS - 1}, at_least: 300, source: "none" }}
""")
    return path


def bands(path, *extra):
    return json.loads(run("calibrate", path, "--bands", "--format", "json", *extra).stdout or "{}")


os.makedirs(WORK, exist_ok=True)

# ---- one history: closed forms -------------------------------------------------------
hist = history(1)
one = scenario("one", hist, paths=20000)
r = bands(one, "--max-horizon", "1")
shock = r["shocks"][0]
errors = shock["errors"]
check(r["schema"] == "goalpath.bands/1", "schema goalpath.bands/1")
check(len(errors) == YEARS - 1, "one error per successive pair of years: %d" % len(errors))
for e in errors:
    expected = math.log(hist[e["origin"]] * (1 + G) / hist[e["year"]])
    check(abs(e["log_error"] - expected) < 1e-9, "log error %d: %r vs %r" % (e["origin"], e["log_error"], expected))
    check(e["variance_fixed"] < 1e-20, "no parameter uncertainty: a = 0 (%r)" % e["variance_fixed"])
# b = Var log(1 + G + 0.01 Z), by quadrature; the Monte Carlo variance of n
# paths has relative standard error about sqrt(2 / n).
z = np.linspace(-8, 8, 200001)
w = np.exp(-z * z / 2)
w /= w.sum()
logs = np.log(1 + G + GIVEN_SD * z)
b_exact = float((w * logs * logs).sum() - (w * logs).sum() ** 2)
for e in errors:
    check(abs(e["variance_shocks"] / b_exact - 1) < 5 * math.sqrt(2 / 20000),
          "b %d: %r vs %r" % (e["origin"], e["variance_shocks"], b_exact))
s = sum(e["log_error"] ** 2 / e["variance_shocks"] for e in errors) / len(errors)
check(abs(shock["sd"] - GIVEN_SD * math.sqrt(s)) < 1e-9 * shock["sd"],
      "sd %r = 0.01 sqrt(mean e^2/b) = %r" % (shock["sd"], GIVEN_SD * math.sqrt(s)))
check(abs(shock["sd_se"] - shock["sd"] / math.sqrt(2 * len(errors))) < 1e-9 * shock["sd"],
      "se %r = sd / sqrt(2n) = %r" % (shock["sd_se"], shock["sd"] / math.sqrt(2 * len(errors))))
check(shock["calibrated"] and r["errors"] == len(errors), "calibrated from every error")
check(abs(shock["scale"] - shock["sd"] / GIVEN_SD) < 1e-12, "scale = sd / sd_given")

# Threads change nothing.
a = bands(one, "--max-horizon", "1", "--threads", "1", "--block-size", "256")
b = bands(one, "--max-horizon", "1", "--threads", "2")
for d in (a, b):
    d.pop("diagnostics", None)  # seconds
    for k in ("threads", "command_line", "block_size"):
        d["settings"].pop(k, None)
check(a == b, "same JSON for 1 and 2 threads")

# ---- many histories: the stated error, and coverage back to nominal --------------------
zs, inside = [], {"before": [0, 0, 0], "after": [0, 0, 0]}
for seed in range(100, 124):
    r = bands(scenario("h%d" % seed, history(seed)), "--max-horizon", "1")
    c = r["shocks"][0]
    zs.append((c["sd"] - TRUE_SD) / c["sd_se"])
    for side in ("before", "after"):
        inside[side][0] += r[side]["inside_50"]
        inside[side][1] += r[side]["inside_90"]
        inside[side][2] += r[side]["points"]
mean_z = sum(zs) / len(zs)
check(abs(mean_z) < 3 / math.sqrt(len(zs)), "mean z %.3f within 3/sqrt(%d) of 0" % (mean_z, len(zs)))
check(sum(abs(v) < 2 for v in zs) >= 0.75 * len(zs), "|z| < 2 for most histories: %r" % [round(v, 2) for v in zs])
n = inside["after"][2]
for k, p in ((0, 0.5), (1, 0.9)):
    got = inside["after"][k] / n
    check(abs(got - p) < 3 * math.sqrt(p * (1 - p) / n), "coverage after %.3f vs %.2f (n = %d)" % (got, p, n))
check(inside["before"][1] / inside["before"][2] < 0.6, "coverage before far below 90%")

# ---- the variant ---------------------------------------------------------------------
out_dir = os.path.join(WORK, "variants")
os.makedirs(out_dir, exist_ok=True)
variant = os.path.join(out_dir, "one-calibrated.yaml")
r = bands(one, "--max-horizon", "2")
run("calibrate", one, "--bands", "--max-horizon", "2", "--out", variant)
text = open(variant).read()
check('extends: "../one.yaml"' in text, "extends the scenario by a path relative to the variant")
check("shocks:\n  s:\n    sd: %.4g\n" % r["shocks"][0]["sd"] in text, "restates the shock's sd")
check("parameters:" not in text and "indicators:" not in text, "restates nothing else")
check(subprocess.run([GOALPATH, "check", variant], capture_output=True).returncode == 0, "goalpath check accepts the variant")
after = json.loads(run("backtest", variant, "--rolling", "--max-horizon", "2", "--format", "json").stdout or "{}")
before = json.loads(run("backtest", one, "--rolling", "--max-horizon", "2", "--format", "json").stdout or "{}")
check(after.get("inside_90") == r["after"]["inside_90"] and after.get("inside_50") == r["after"]["inside_50"],
      "the variant's rolling backtest gives the coverage reported as after")
check(before.get("inside_90") == r["before"]["inside_90"], "the scenario's rolling backtest gives before")

# ---- the report for people: the JSON's numbers, provenance last ---------------------
def table_values(page, css_class):
    """The rows of <table class=css_class>: per cell, (text without its note, data-value or None)."""
    m = re.search(r'<table class="%s">(.*?)</table>' % re.escape(css_class), page, re.S)
    if not m:
        return []
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", m.group(1), re.S)[1:]:
        cells = re.findall(r'<td[^>]*?(?: data-value="([^"]*)")?>(.*?)</td>', row, re.S)
        rows.append([(re.sub(r"<[^>]+>", "", text.split("<br>")[0]), None if value == "" else float(value))
                     for value, text in cells])
    return rows


page = run("calibrate", one, "--bands", "--max-horizon", "2", "--format", "html").stdout
coverage = table_values(page, "bands-coverage")
check(len(coverage) == 2, "html: coverage as given and calibrated: %s" % coverage)
for row, side in zip(coverage, ("before", "after")):
    c = r[side]
    check(row[1][1] == c["points"] and row[2][1] == c["coverage_50"] and row[3][1] == c["coverage_50_p"]
          and row[4][1] == c["coverage_90"] and row[5][1] == c["coverage_90_p"],
          "html %s: coverage cells %s, the JSON has %s" % (side, row, c))
    check(row[4][0].startswith("%d/%d" % (c["inside_90"], c["points"])), "html %s: 90%% band points %r" % (side, row[4][0]))
shocks = table_values(page, "bands-shocks")
check(len(shocks) == 1 and shocks[0][0][0] == "s" and shocks[0][2][1] == r["shocks"][0]["sd_given"]
      and shocks[0][3][1] == r["shocks"][0]["sd"] and shocks[0][4][1] == r["shocks"][0]["sd_se"]
      and shocks[0][5][1] == len(r["shocks"][0]["errors"]), "html: the shock's sd, se and errors: %s" % shocks)
check('class="rolling-coverage"' in page and "nominal 90%" in page, "html: the coverage chart")
sections = re.findall(r"<section[^>]*>", page)
check(sections and 'id="provenance"' in sections[-1], "html: provenance last: %s" % sections)
md = run("calibrate", one, "--bands", "--max-horizon", "2", "--format", "md").stdout
check("| as given | %d |" % r["before"]["points"] in md and "| calibrated | %d |" % r["after"]["points"] in md,
      "md: coverage before and after")
check("| %.4g (×%.2f) |" % (r["shocks"][0]["sd"], r["shocks"][0]["scale"]) in md, "md: the calibrated sd and its scale")

# ---- refusals: exit 2, nothing written -----------------------------------------------
refused = os.path.join(WORK, "refused.yaml")
if os.path.exists(refused):
    os.remove(refused)  # left by an earlier run of this test
run("calibrate", one, "--bands", "--indicator", "x", "--out", refused, expect=2)
run("calibrate", one, "--bands", "--format", "csv", "--out", refused, expect=2)
run("calibrate", one, "--indicator", "x", "--paths", "100", expect=2)
run("calibrate", one, "--indicator", "x", "--max-horizon", "2", expect=2)
# Two errors of successive years only (history 2017-2019 of 40 years): too few to
# estimate; the variant would claim a calibration it does not have, so exit 2.
short = scenario("short", {y: v for y, v in hist.items() if y >= 2017})
result = run("calibrate", short, "--bands", "--out", refused, expect=2)
check("[too-few]" in result.stderr and "2 errors" in result.stderr, "too few errors named: " + result.stderr)
check(bands(short)["shocks"][0]["calibrated"] is False, "json still reports the evaluation")
check(not os.path.exists(refused), "nothing written on a refused command line")

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("calibrate --bands: all checks passed")

#!/usr/bin/python3
"""End-to-end test of `goalpath backtest --rolling` (CLI.md) against closed forms.

usage: cli_rolling_test.py GOALPATH WORK_DIR

The scenarios are written here, in WORK_DIR:
  - walk: 30 years of a level following a random walk with drift in logs,
    x_t = x_{t-1} exp(mu + e_t), e ~ N(0, 0.03^2), drawn with a fixed NumPy
    seed, and a scenario with that very rule. Its bands are right, so at
    horizon 1 (one point per origin, the points independent) the coverage of
    p25-p75 and p05-p95 is Binomial(n, 0.5 or 0.9)/n: checked within 3
    standard errors. With the scenario's sd at 0.01 the 90% band covers
    about P(|Z| < 1.645/3) = 42%: coverage_90 must be far below 0.9 and its
    binomial p-value tiny.
  - pit: history in 2020 and the base year 2023 only, so 2020 is the one
    usable origin (2021 and 2022 cannot restart: skipped with the reason)
    and 2023 the one horizon (3). log x_2023 ~ N(log 100 + 3 mu, 3 sd^2):
    the bands are its quantiles and the PIT is Phi((log obs - log 100 - 3 mu) / (sd sqrt 3)) within 4 Monte
    Carlo standard errors, and the log error, bias and RMSE are exact.
Every report is recomputed from its own `forecasts` (coverage, PIT
histogram, bias, RMSE, exact binomial p-values); csv, table and md restate
the JSON; html holds both charts; threads and block size change nothing;
--rolling with --from, and a scenario with no usable origin, are refused
(exit 2).
"""
import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
from statistics import NormalDist

import numpy as np

GOALPATH, WORK = sys.argv[1], sys.argv[2]
STD = NormalDist()
MU, SD = 0.02, 0.03
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


def rolling(scenario, *extra, fmt="json"):
    out = run("backtest", scenario, "--rolling", "--format", fmt, *extra).stdout
    return json.loads(out) if fmt == "json" else out


def write_scenario(name, history, sd, years=(2024, 2030), paths=4000):
    text = """scenario: %s
title: "Rolling backtest test: random walk with drift in logs"
years: [%d, %d]
simulation:
  paths: %d
  seed: 5
parameters:
  mu:
    value: %r
    source: "test assumption"
shocks:
  e: { sd: %r }
indicators:
  level:
    growth: "exp(mu + e) - 1"
    history: { %s }
""" % (name, years[0], years[1], paths, MU, sd, ", ".join("%d: %r" % (y, v) for y, v in sorted(history.items())))
    path = os.path.join(WORK, name + ".yaml")
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def binomial_p(k, n, p):
    """Exact two-sided p-value: outcomes no more likely than k."""
    if n == 0:
        return 1.0
    pmf = [math.comb(n, j) * p ** j * (1 - p) ** (n - j) for j in range(n + 1)]
    return min(1.0, sum(q for q in pmf if q <= pmf[k] * (1 + 1e-7)))


def close(a, b, rel=1e-9):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


def check_pooling(report, what):
    """The report's scores, recomputed from its own points."""
    forecasts = report["forecasts"]
    check(report["points"] == len(forecasts), what + ": points")
    by_h = {}
    for f in forecasts:
        by_h.setdefault(f["horizon"], []).append(f)
        check(f["horizon"] == f["year"] - f["origin"], what + ": horizon")
    check([h["horizon"] for h in report["horizons"]] == sorted(by_h), what + ": horizons listed")

    def scores(points, entry, label):
        n = len(points)
        in50 = sum(f["p25"] <= f["observed"] <= f["p75"] for f in points)
        in90 = sum(f["p05"] <= f["observed"] <= f["p95"] for f in points)
        pit = [0] * 10
        for f in points:
            pit[min(9, int(f["pit"] * 10))] += 1
        check(entry["points"] == n, "%s %s: points" % (what, label))
        check(entry["inside_50"] == in50 and close(entry["coverage_50"], in50 / n), "%s %s: coverage_50" % (what, label))
        check(entry["inside_90"] == in90 and close(entry["coverage_90"], in90 / n), "%s %s: coverage_90" % (what, label))
        check(close(entry["coverage_50_p"], binomial_p(in50, n, 0.5), 1e-6), "%s %s: coverage_50_p" % (what, label))
        check(close(entry["coverage_90_p"], binomial_p(in90, n, 0.9), 1e-6), "%s %s: coverage_90_p" % (what, label))
        check(entry["pit"] == pit, "%s %s: PIT histogram %s vs %s" % (what, label, entry["pit"], pit))

    scores(forecasts, report, "all")
    for h in report["horizons"]:
        points = by_h[h["horizon"]]
        scores(points, h, "h=%d" % h["horizon"])
        errors = [f["log_error"] for f in points]
        for f in points:
            check(close(f["log_error"], math.log(f["deterministic"] / f["observed"])), what + ": log_error")
        check(close(h["bias"], sum(errors) / len(errors), 1e-9), "%s h=%d: bias" % (what, h["horizon"]))
        check(close(h["rmse"], math.sqrt(sum(e * e for e in errors) / len(errors)), 1e-9),
              "%s h=%d: rmse" % (what, h["horizon"]))


def within(value, p, n, z, what):
    se = math.sqrt(p * (1 - p) / n)
    check(abs(value - p) <= z * se, "%s = %.3f, expected %.2f ± %d × %.3f (n = %d)" % (what, value, p, z, se, n))


def restated(report, scenario, extra):
    """csv, table and md say what the JSON says."""
    rows = list(csv.DictReader(io.StringIO(rolling(scenario, *extra, fmt="csv"))))
    check(len(rows) == len(report["forecasts"]), "csv: one row per point")
    for row, f in zip(rows, report["forecasts"]):
        for key in ("observed", "deterministic", "p05", "p25", "p50", "p75", "p95", "pit", "log_error"):
            check(float(row[key]) == f[key], "csv %s %s" % (key, row))
        for key in ("origin", "year", "horizon"):
            check(int(row[key]) == f[key], "csv %s" % key)
        check(row["indicator"] == f["indicator"], "csv indicator")
    for fmt in ("table", "md"):
        text = rolling(scenario, *extra, fmt=fmt)
        for h in report["horizons"]:
            cells = [h["horizon"], h["points"], "%.4f" % h["bias"], "%.4f" % h["rmse"],
                     "%.1f%%" % (100 * h["coverage_50"]), "%.3g" % h["coverage_50_p"],
                     "%.1f%%" % (100 * h["coverage_90"]), "%.3g" % h["coverage_90_p"]]
            pattern = r"[ |]+".join(re.escape(str(c)) for c in cells)
            check(re.search(r"(^|\|)\s*" + pattern + r"\s*(\||$)", text, re.M),
                  "%s restates horizon %d: %s" % (fmt, h["horizon"], cells))
        check(" ".join(str(n) for n in report["pit"]) in text, fmt + " restates the PIT histogram")


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)

    # ---- the random walk -------------------------------------------------
    rng = np.random.default_rng(20261206)
    years = list(range(1995, 2025))
    level, history = 100.0, {}
    for k, year in enumerate(years):
        if k:
            level *= math.exp(MU + rng.normal(0, SD))
        history[year] = round(level, 10)
    right = write_scenario("walk", history, SD)
    extra = ("--paths", "4000")
    report = rolling(right, *extra)
    check(report["schema"] == "goalpath.backtest/2", "schema")
    check(report["origins"] == list(range(1995, 2024)), "origins: %s" % report["origins"])
    check(report["skipped_origins"] == [], "nothing skipped")
    check(report["points"] == 29 * 30 // 2, "points: %d" % report["points"])
    check_pooling(report, "walk")
    h1 = report["horizons"][0]
    check(h1["horizon"] == 1 and h1["points"] == 29, "horizon 1: one point per origin")
    within(h1["coverage_50"], 0.5, h1["points"], 3, "walk h=1 coverage_50")
    within(h1["coverage_90"], 0.9, h1["points"], 3, "walk h=1 coverage_90")
    # Not checked pooled: longer horizons from neighbouring origins share
    # most of their shocks, so this one history's drift (above mu) moves
    # them together; their binomial p-values are not p-values (CLI.md).
    restated(report, right, extra)

    # --max-horizon, --first-origin, --last-origin narrow the points.
    narrow = rolling(right, *extra, "--max-horizon", "2", "--first-origin", "2000", "--last-origin", "2009")
    check(narrow["origins"] == list(range(2000, 2010)), "narrowed origins: %s" % narrow["origins"])
    check([h["horizon"] for h in narrow["horizons"]] == [1, 2] and narrow["points"] == 20, "max horizon 2")
    same = {(f["origin"], f["year"]): f for f in report["forecasts"]}
    check(all(f["observed"] == same[(f["origin"], f["year"])]["observed"] and
              f["deterministic"] == same[(f["origin"], f["year"])]["deterministic"] for f in narrow["forecasts"]),
          "a shorter window projects the same")
    check_pooling(narrow, "narrow")

    # Bands too narrow: sd 0.01 against a 0.03 truth.
    narrow_bands = write_scenario("walk-narrow", history, 0.01)
    bad = rolling(narrow_bands, *extra)
    check_pooling(bad, "narrow bands")
    check(bad["coverage_90"] < 0.6, "narrow bands: coverage_90 = %.3f, expected about 0.42" % bad["coverage_90"])
    check(bad["coverage_90_p"] < 1e-6, "narrow bands: p-value %.3g" % bad["coverage_90_p"])
    check(bad["horizons"][0]["coverage_90_p"] < 1e-3, "narrow bands h=1: p-value %.3g" % bad["horizons"][0]["coverage_90_p"])

    # The same report whatever the threads and block size.
    def stable(r):
        r = json.loads(json.dumps(r))
        for key in ("threads", "command_line"):
            r["settings"].pop(key)
        r["diagnostics"].pop("seconds")
        return r
    one = stable(rolling(right, *extra, "--threads", "1"))
    two = stable(rolling(right, *extra, "--threads", "2", "--block-size", "7"))
    check(one == two, "rolling report differs between 1 thread and 2 threads with blocks of 7")
    check(one == stable(report), "rolling report differs from the default run")

    # HTML: coverage by horizon against 50%/90%, and the PIT histogram.
    page = rolling(right, *extra, fmt="html")
    check('class="rolling-coverage"' in page and 'class="rolling-pit"' in page, "html charts")
    check("nominal 90%" in page and "nominal 50%" in page, "html nominal lines")
    # Every horizon's numbers exactly as the JSON's (data-value), provenance last.
    table = re.search(r'<table class="rolling">(.*?)</table>', page, re.S)
    rows = re.findall(r"<tr>(.*?)</tr>", table.group(1), re.S)[1:] if table else []
    check(len(rows) == len(report["horizons"]) + 1, "html: a row per horizon and the pooled row")
    for row, h in zip(rows, report["horizons"] + [dict(report, horizon=None, bias=None, rmse=None)]):
        values = [None if v == "" else float(v) for v in re.findall(r'<td[^>]*?(?: data-value="([^"]*)")?>', row)]
        want = [h["horizon"], h["points"], h["bias"], h["rmse"], h["coverage_50"], h["coverage_50_p"],
                h["coverage_90"], h["coverage_90_p"]]
        check(values == want, "html horizon %s: data-values %s, the JSON has %s" % (h["horizon"], values, want))
    sections = re.findall(r"<section[^>]*>", page)
    check(sections and 'id="provenance"' in sections[-1], "html: provenance last: %s" % sections)

    # ---- one origin, one horizon: the PIT's closed form --------------------
    paths = 20000
    for observed in (101.0, 106.18, 112.0):
        pit_scenario = write_scenario("pit", {2020: 100.0, 2023: observed}, SD, years=(2023, 2026), paths=paths)
        r = rolling(pit_scenario)
        check(r["origins"] == [2020], "pit: the one origin")
        check([s["origin"] for s in r["skipped_origins"]] == [2021, 2022] and
              all("cannot be restarted" in s["reason"] for s in r["skipped_origins"]),
              "pit: 2021 and 2022 skipped with the planner's reason: %s" % r["skipped_origins"])
        check(len(r["forecasts"]) == 1, "pit: one point")
        f = r["forecasts"][0]
        z = (math.log(observed) - math.log(100) - 3 * MU) / (SD * math.sqrt(3))
        expected = STD.cdf(z)
        se = math.sqrt(expected * (1 - expected) / paths)
        check(abs(f["pit"] - expected) <= 4 * se,
              "pit of %g: %.4f, closed form %.4f ± 4 × %.4f" % (observed, f["pit"], expected, se))
        s = SD * math.sqrt(3)
        for q in (0.05, 0.25, 0.5, 0.75, 0.95):  # order statistics of N(log 100 + 3 mu, s²), in log space
            z_q = STD.inv_cdf(q)
            q_se = s * math.sqrt(q * (1 - q) / paths) / STD.pdf(z_q)
            got = math.log(f["p%02d" % round(100 * q)])
            want = math.log(100) + 3 * MU + z_q * s
            check(abs(got - want) <= 4 * q_se, "pit: p%02d %.5f, closed form %.5f ± 4 × %.5f"
                  % (round(100 * q), got, want, q_se))
        deterministic = 100 * math.exp(3 * MU)
        check(close(f["deterministic"], deterministic, 1e-12), "pit: deterministic projection")
        log_error = math.log(deterministic / observed)
        check(close(f["log_error"], log_error, 1e-9), "pit: log error")
        h = r["horizons"][0]
        check(h["horizon"] == 3 and close(h["bias"], log_error, 1e-9) and close(h["rmse"], abs(log_error), 1e-9),
              "pit: bias and RMSE of one point")
        check_pooling(r, "pit %g" % observed)

    # ---- refusals ----------------------------------------------------------
    result = run("backtest", right, "--rolling", "--from", "2000", expect=2)
    check("--from" in result.stderr and "--rolling" in result.stderr, "--rolling with --from: %r" % result.stderr)
    lonely = write_scenario("lonely", {2023: 100.0}, SD, years=(2023, 2026))
    result = run("backtest", lonely, "--rolling", expect=2)
    check("no-origin" in result.stderr or "origin" in result.stderr, "no usable origin: %r" % result.stderr)
    stuck = write_scenario("stuck", {2020: 100.0, 2023: 110.0}, SD, years=(2023, 2026))
    result = run("backtest", stuck, "--rolling", "--first-origin", "2021", expect=2)
    check("cannot be restarted" in result.stderr, "every origin refused gives the planner's reason: %r" % result.stderr)
    result = run("backtest", right, "--rolling", "--max-horizon", "-1", expect=2)
    check("--max-horizon" in result.stderr, "negative horizon: %r" % result.stderr)

    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("cli_rolling_test: all checks passed")


main()

#!/usr/bin/python3
"""End-to-end test of `goalpath backtest` (CLI.md) against closed forms.

usage: cli_backtest_test.py GOALPATH SOURCE_DIR WORK_DIR

tests/data/backtest-normal.yaml restarted in 2012, four years before its
base year: every indicator is a known monotone function of a normal
variable, or a path whose years before the base year come from history
(see the scenario's header), so
the deterministic projection, the p05/p50/p95 bands, the errors, the MAPE
and which observations fall inside the 90% band are computed here from the
scenario's own history, independently of the engine. Quantiles are checked
in the underlying normal's space within 4 Monte Carlo standard errors of a
sample quantile, s·sqrt(p(1-p)/n)/φ(z_p). Every format (json, csv, table,
md) is parsed and must restate the JSON's numbers to its printed precision
(values in their unit: "118.0 bn", thousands separated); the HTML page holds
the JSON's numbers exactly (data-value), a chart per indicator, and the
provenance last. Also: the scenario's `simulation.paths` is the default
(else 20000), --deterministic gives no bands, --set moves the projection,
threads and block size change nothing, a year without later history is
refused (exit 2). Needs python3-yaml; NumPy for the means.
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
import yaml

GOALPATH, SOURCE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
SCENARIO = os.path.join(SOURCE, "tests", "data", "backtest-normal.yaml")
FROM, LAST = 2012, 2019
STD = NormalDist()
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


def backtest(*extra, scenario=SCENARIO, fmt="json"):
    out = run("backtest", scenario, "--from", str(FROM), "--format", fmt, *extra).stdout
    return json.loads(out) if fmt == "json" else out


# ---- the closed forms ------------------------------------------------------
# Each indicator at t = year - 2012 is h(X, t) with X ~ N(m(t), s(t)²) and h
# increasing in X; inv maps a reported value back to X's space.
G_MEAN, G_SD, E_SD = 0.03, 0.02, 0.01
ident = (lambda x, t: x, lambda y, t: y)


def log_normal(t):  # 4.70 + t·g + e_1 + … + e_t
    return 4.70 + G_MEAN * t, math.sqrt((G_SD * t) ** 2 + t * E_SD ** 2)


def growth_from(level):  # level·(1 + g)^t
    return (lambda x, t: level * (1 + x) ** t, lambda y, t: (y / level) ** (1.0 / t) - 1)


MODEL = {
    "log_level": dict(normal=log_normal, h=ident, start=("history", 4.70)),
    "level": dict(normal=log_normal, h=(lambda x, t: math.exp(x), lambda y, t: math.log(y)),
                  start=("derived", math.exp(4.70))),
    "gdp": dict(normal=lambda t: (G_MEAN, G_SD), h=growth_from(106.0), start=("history", 106.0)),
    "half": dict(normal=lambda t: (G_MEAN, G_SD), h=growth_from(53.0), start=("expression", 53.0)),
    "balance": dict(normal=lambda t: (0.0, G_SD * t), h=ident, start=("history", 0.0)),
    # No randomness: the path's values, and a running sum of the history
    # (2013–2016, fed in before the path starts) and then of the path.
    "plan": dict(fixed={2017: 15.0, 2018: 16.0}.get, start=("history", 10.0)),
    "plan_total": dict(fixed={2016: 11.0 + 12 + 13 + 14, 2019: 50.0 + 15 + 16 + 17}.get, start=("history", 0.0)),
}


def quantile_se(s, p, n):
    """Standard error of the sample p-quantile of n draws of N(·, s²)."""
    return s * math.sqrt(p * (1 - p) / n) / STD.pdf(STD.inv_cdf(p))


def expected(history, n):
    """Per indicator: years, observed, deterministic, error, bands, in-band flags."""
    out = {}
    for name, model in MODEL.items():
        e = {"years": [], "observed": [], "deterministic": [], "error": [], "band": [], "inside": []}
        for year, observed in sorted(history[name].items()):
            if not FROM < year <= LAST:
                continue
            if "fixed" in model:  # path inputs are not compared
                if model["fixed"](year) is None:
                    continue
                det = model["fixed"](year)
                e["years"].append(year)
                e["observed"].append(float(observed))
                e["deterministic"].append(det)
                e["error"].append((det - observed) / abs(observed))
                e["band"].append({p: det for p in (0.05, 0.5, 0.95)})
                e["inside"].append(observed == det)
                continue
            h, inv = model["h"]
            t = year - FROM
            m, s = model["normal"](t)
            det = h(m, t)
            e["years"].append(year)
            e["observed"].append(float(observed))
            e["deterministic"].append(det)
            e["error"].append((det - observed) / abs(observed) if observed != 0 else None)
            band = {p: h(m + s * STD.inv_cdf(p), t) for p in (0.05, 0.5, 0.95)}
            e["band"].append(band)
            x = inv(observed, t) if name != "level" or observed > 0 else -math.inf
            lo, hi = m + s * STD.inv_cdf(0.05), m + s * STD.inv_cdf(0.95)
            # The history is chosen far from the band's edges, so that whether
            # a point is inside does not hang on Monte Carlo noise.
            margin = min(abs(x - lo), abs(x - hi)) / quantile_se(s, 0.05, n)
            check(margin > 10, "%s %d: observation only %.1f SE from a band edge" % (name, year, margin))
            e["inside"].append(lo <= x <= hi)
        out[name] = e
    return out


def close(a, b, rel=1e-12, abs_=1e-12):
    return a is not None and b is not None and abs(a - b) <= max(rel * abs(b), abs_)


def check_report(r, exp, n, label):
    check(r["schema"] == "goalpath.backtest/1", "%s: schema %s" % (label, r.get("schema")))
    check((r["from"], r["to"], r["original_base_year"]) == (FROM, LAST, 2016),
          "%s: from/to/base %s" % (label, (r["from"], r["to"], r["original_base_year"])))
    check(r["left_out"] == ["invest"], "%s: left_out %s" % (label, r["left_out"]))
    check(r["expression_starts"] == {"half": "0.5 * gdp"}, "%s: expression_starts %s" % (label, r["expression_starts"]))
    check(set(r["indicators"]) == set(MODEL), "%s: indicators %s" % (label, list(r["indicators"])))
    all_errors, inside_total, points = [], 0, 0
    for name, e in exp.items():
        s = r["indicators"][name]
        where = "%s %s" % (label, name)
        check(s["years"] == e["years"], "%s: years %s, expected %s" % (where, s["years"], e["years"]))
        check(s["observed"] == e["observed"], "%s: observed %s" % (where, s["observed"]))
        check(s["n"] == len(e["years"]), "%s: n %s" % (where, s["n"]))
        kind, value = MODEL[name]["start"]
        check(s["start"]["kind"] == kind and close(s["start"]["value"], value),
              "%s: start %s, expected %s %s" % (where, s["start"], kind, value))
        for k, year in enumerate(e["years"]):
            check(close(s["deterministic"][k], e["deterministic"][k]),
                  "%s %d: deterministic %r, expected %r" % (where, year, s["deterministic"][k], e["deterministic"][k]))
            if e["error"][k] is None:
                check(s["error"][k] is None, "%s %d: error %r for an observed 0" % (where, year, s["error"][k]))
            else:
                check(close(s["error"][k], e["error"][k], abs_=1e-13),
                      "%s %d: error %r, expected %r" % (where, year, s["error"][k], e["error"][k]))
        errors = [abs(x) for x in e["error"] if x is not None]
        all_errors += errors
        check(close(s["mape"], float(np.mean(errors))), "%s: mape %r, expected %r" % (where, s["mape"], np.mean(errors)))
        if n is None:
            check(s["p05"] == s["p50"] == s["p95"] == [] and s["inside_90"] is None,
                  "%s: a deterministic backtest has bands or a count" % where)
            continue
        for k, year in enumerate(e["years"]):
            if "fixed" in MODEL[name]:  # every path takes the same value: so must every quantile
                check(s["p05"][k] == s["p50"][k] == s["p95"][k] == e["deterministic"][k],
                      "%s %d: band %s-%s-%s of a constant %r" % (where, year, s["p05"][k], s["p50"][k], s["p95"][k],
                                                               e["deterministic"][k]))
                continue
            h, inv = MODEL[name]["h"]
            t = year - FROM
            m, sd = MODEL[name]["normal"](t)
            for p, key in ((0.05, "p05"), (0.5, "p50"), (0.95, "p95")):
                got = inv(s[key][k], t)
                want = m + sd * STD.inv_cdf(p)
                tol = 4 * quantile_se(sd, p, n)
                check(abs(got - want) <= tol,
                      "%s %d: %s = %r is %.2f SE from the closed form %r"
                      % (where, year, key, s[key][k], (got - want) / quantile_se(sd, p, n), e["band"][k][p]))
        inside = sum(e["inside"])
        check(s["inside_90"] == inside, "%s: inside_90 %s, expected %d" % (where, s["inside_90"], inside))
        inside_total += inside
        points += len(e["years"])
    points = sum(len(e["years"]) for e in exp.values())
    check(r["points"] == points and r["mape_points"] == len(all_errors),
          "%s: points %s / mape_points %s, expected %d / %d" % (label, r["points"], r["mape_points"], points, len(all_errors)))
    check(close(r["mape"], float(np.mean(all_errors))), "%s: mape %r, expected %r" % (label, r["mape"], np.mean(all_errors)))
    if n is None:
        check(r["inside_90"] is None and r["coverage_90"] is None, "%s: deterministic coverage not null" % label)
    else:
        check(r["inside_90"] == inside_total, "%s: inside_90 %s, expected %d" % (label, r["inside_90"], inside_total))
        check(close(r["coverage_90"], inside_total / points),
              "%s: coverage_90 %r, expected %d/%d" % (label, r["coverage_90"], inside_total, points))


# ---- the writers ------------------------------------------------------------

UNITS = (" bn",)  # the units of tests/data/backtest-normal.yaml's indicators


def number_close(text, value, what):
    """A printed number restates `value` to the precision it is printed with
    (a unit after it and thousands separators are how it is printed)."""
    text = text.strip().replace("\\", "")
    for unit in UNITS:
        if text.endswith(unit):
            text = text[:-len(unit)]
    text = re.sub(r"(?<=\d),(?=\d{3})", "", text)
    if value is None:
        check(text == "—", "%s: %r printed for a missing value" % (what, text))
        return
    m = re.fullmatch(r"([+-]?)(\d+)(?:\.(\d+))?(%?)", text)
    if not m:
        check(False, "%s: %r is not a number" % (what, text))
        return
    printed = float(text.rstrip("%"))
    scale = 100.0 if m.group(4) else 1.0
    half_unit = 0.5 * 10 ** -len(m.group(3) or "")
    check(abs(printed - scale * value) <= half_unit * (1 + 1e-9) + 1e-12,
          "%s: printed %r, the JSON has %r" % (what, text, value))


def check_point_rows(rows, r, label):
    """rows: [indicator, year, observed, projected, error, band, p50, in band]."""
    # The text reports follow the file's order (MODEL's); JSON objects are sorted.
    expected_rows = [(name, k) for name in MODEL for k in range(len(r["indicators"][name]["years"]))]
    check(len(rows) == len(expected_rows), "%s: %d point rows, expected %d" % (label, len(rows), len(expected_rows)))
    for row, (name, k) in zip(rows, expected_rows):
        s = r["indicators"][name]
        where = "%s %s %s" % (label, name, s["years"][k])
        check(row[0] == name and row[1] == str(s["years"][k]), "%s: row starts %s" % (where, row[:2]))
        number_close(row[2], s["observed"][k], where + " observed")
        number_close(row[3], s["deterministic"][k], where + " projected")
        number_close(row[4], s["error"][k], where + " error")
        lo, hi = row[5].split(" – ")
        number_close(lo, s["p05"][k], where + " p05")
        number_close(hi, s["p95"][k], where + " p95")
        number_close(row[6], s["p50"][k], where + " p50")
        inside = s["p05"][k] <= s["observed"][k] <= s["p95"][k]
        check(row[7] == ("yes" if inside else "no"), "%s: in band %r" % (where, row[7]))


def check_indicator_rows(rows, r, label):
    """rows: [indicator, points, MAPE, in band k/n, start]."""
    # An indicator with a label is named "name (label)".
    names = [re.sub(r" \(.*\)$", "", row[0]) for row in rows]
    check(names == list(MODEL), "%s: indicator rows %s" % (label, names))
    check(any(row[0] == "level (Level)" for row in rows), "%s: the label beside its indicator" % label)
    for row, name in zip(rows, names):
        s = r["indicators"].get(name)
        if s is None:
            continue
        check(row[1] == str(s["n"]), "%s %s: points %r" % (label, name, row[1]))
        number_close(row[2], s["mape"], "%s %s MAPE" % (label, row[0]))
        check(row[3] == "%d/%d" % (s["inside_90"], s["n"]), "%s %s: in band %r" % (label, row[0], row[3]))
        # "observed 4.70", "by its value rule: 109.9 bn", "base '0.5 * gdp' = 53.0"
        start = re.split(r"observed |: | = ", row[4].replace("\\", ""))[-1]
        number_close(start, s["start"]["value"], "%s %s start" % (label, name))


def check_scores(text, r, label):
    m = re.search(r"MAPE \(projection vs observed\): (\S+) over (\d+) points; inside the p05–p95 band: "
                  r"(\d+)/(\d+) \((\S+)\)", text)
    check(m is not None, "%s: no scores line" % label)
    if m:
        number_close(m.group(1), r["mape"], label + " MAPE")
        check(int(m.group(2)) == r["mape_points"], "%s: MAPE points %s" % (label, m.group(2)))
        check((int(m.group(3)), int(m.group(4))) == (r["inside_90"], r["points"]), "%s: band count" % label)
        number_close(m.group(5), r["coverage_90"], label + " coverage")


def table_sections(text):
    """The two tables of the terminal report (each from its header row,
    "indicator ...", to its footnote or the blank line), split into cells
    (2+ spaces)."""
    out = []
    for block in text.split("\n\n"):
        lines = block.splitlines()
        starts = [k for k, line in enumerate(lines) if line.startswith("indicator ")]
        if not starts:
            continue
        rows = []
        for line in lines[starts[0] + 1:]:
            if line.startswith("error: "):  # the footnote
                break
            rows.append(re.split(r" {2,}", line.strip()))
        out.append(rows)
    return out


def markdown_tables(text):
    tables, current = [], None
    for line in text.splitlines():
        if line.startswith("|"):
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
            if current is None:
                current = []
                tables.append(current)
            current.append(cells)
        else:
            current = None
    for table in tables:
        check(all(len(row) == len(table[0]) for row in table), "markdown table with ragged rows")
        check(all(re.fullmatch(r"-+:?", c) for c in table[1]), "markdown table without a delimiter row")
    # The report's tables (the provenance's two-column table aside).
    return [table[2:] for table in tables if table[0][0] == "indicator"]


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


def check_html(page, r, label):
    check(page.startswith("<!DOCTYPE html>") and "<svg" in page and "http://" not in page.replace(
        "http://www.w3.org/2000/svg", ""), "%s: a self-contained page" % label)
    charts = re.findall(r'<svg class="fan-chart" data-indicator="([^"]+)"', page)
    check(sorted(charts) == sorted(r["indicators"]), "%s: one chart per indicator: %s" % (label, charts))
    points = table_values(page, "backtest-points")
    expected_rows = [(name, k) for name in MODEL for k in range(len(r["indicators"][name]["years"]))]
    check(len(points) == len(expected_rows), "%s: %d point rows" % (label, len(points)))
    for row, (name, k) in zip(points, expected_rows):
        s = r["indicators"][name]
        where = "%s %s %d" % (label, name, s["years"][k])
        check(row[0][0] == name and row[1][1] == s["years"][k], "%s: row %s" % (where, row[:2]))
        for c, key in ((2, "observed"), (3, "deterministic"), (4, "error")):
            check(row[c][1] == s[key][k], "%s: %s data-value %r, the JSON has %r" % (where, key, row[c][1], s[key][k]))
        if not r["settings"]["deterministic"]:
            check(row[6][1] == s["p50"][k], "%s: p50 data-value %r" % (where, row[6][1]))
            check(row[7][1] == (1.0 if s["p05"][k] <= s["observed"][k] <= s["p95"][k] else 0.0),
                  "%s: in band %r" % (where, row[7]))
    for row in table_values(page, "backtest-indicators"):
        s = r["indicators"].get(row[0][0])
        if s is None:
            check(False, "%s: indicator row %s" % (label, row[0]))
            continue
        check(row[1][1] == s["n"] and row[2][1] == s["mape"] and row[-1][1] == s["start"]["value"],
              "%s %s: points, MAPE, start %s" % (label, row[0][0], row))
        if not r["settings"]["deterministic"]:
            check(row[3][1] == s["inside_90"], "%s %s: inside_90 %r" % (label, row[0][0], row[3]))
    # The scores as the JSON gives them, in words.
    scores = re.sub(r"<[^>]+>", "", page)
    check_scores(scores, r, label) if not r["settings"]["deterministic"] else check(
        "MAPE (projection vs observed): %.1f%%" % (100 * r["mape"]) in scores, "%s: MAPE in words" % label)
    # Provenance is the last section, and states the command line.
    sections = re.findall(r"<section[^>]*>", page)
    check(sections and 'id="provenance"' in sections[-1], "%s: provenance is not last: %s" % (label, sections))
    check(r["settings"]["command_line"].split()[0] in page[page.rfind("<section"):], "%s: command in provenance" % label)


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    spec = yaml.safe_load(open(SCENARIO, encoding="utf-8"))
    history = {name: ind.get("history", {}) for name, ind in spec["indicators"].items()}
    n = spec["simulation"]["paths"]
    exp = expected(history, n)

    # Monte Carlo: the scenario's paths are the default.
    r = backtest()
    check(r["settings"]["paths"] == n and r["settings"]["seed"] == spec["simulation"]["seed"],
          "settings %s: the scenario's paths and seed are the defaults" % r["settings"])
    check_report(r, exp, r["settings"]["paths"], "json")
    check(r["diagnostics"]["nonfinite_paths"] == 0, "nonfinite paths %s" % r["diagnostics"])

    # Deterministic: the same projection and scores, no bands.
    d = backtest("--deterministic")
    check(d["settings"]["deterministic"] is True and d["settings"]["paths"] == 0, "deterministic settings %s" % d["settings"])
    check_report(d, exp, None, "deterministic json")

    # CSV: one row per point, the JSON's numbers to the last digit.
    rows = list(csv.DictReader(io.StringIO(backtest(fmt="csv"), newline="")))
    i = 0
    for name in MODEL:
        s = r["indicators"][name]
        for k, year in enumerate(s["years"]):
            row = rows[i] if i < len(rows) else {}
            i += 1
            where = "csv %s %d" % (name, year)
            check(row.get("indicator") == name and row.get("year") == str(year) and row.get("from") == str(FROM),
                  "%s: row %s" % (where, row))
            for key in ("observed", "deterministic", "error", "p05", "p50", "p95"):
                value = s[key][k]
                check((row.get(key) == "" and value is None) or (row.get(key) and float(row[key]) == value),
                      "%s: %s %r, the JSON has %r" % (where, key, row.get(key), value))
            check(row.get("inside_90") == ("1" if exp[name]["inside"][k] else "0"),
                  "%s: inside_90 %r, expected %s" % (where, row.get("inside_90"), exp[name]["inside"][k]))
    check(i == len(rows) == r["points"], "csv: %d rows, %d points" % (len(rows), r["points"]))
    drows = list(csv.DictReader(io.StringIO(backtest("--deterministic", fmt="csv"), newline="")))
    check(len(drows) == r["points"] and all(x["p05"] == x["inside_90"] == "" for x in drows),
          "deterministic csv has bands")

    # Terminal table and Markdown: the same numbers as the JSON.
    table = backtest(fmt="table")
    sections = table_sections(table)
    check(len(sections) == 2, "table: %d tables, expected 2" % len(sections))
    if len(sections) == 2:
        check_point_rows(sections[0], r, "table")
        check_indicator_rows(sections[1], r, "table")
    check_scores(table, r, "table")
    check("20000 paths" not in table and "%d paths, seed 7" % n in table, "table: heading lacks the paths and seed")
    check("left out" in table and "invest" in table and "'0.5 * gdp'" in table, "table lacks the notes")
    md = backtest(fmt="md")
    tables = markdown_tables(md)
    check(len(tables) == 2, "markdown: %d tables, expected 2" % len(tables))
    if len(tables) == 2:
        check_point_rows(tables[0], r, "md")
        check_indicator_rows(tables[1], r, "md")
    check_scores(md.replace("\\", ""), r, "md")
    # --out: the format from the extension, the file equal to stdout.
    out = os.path.join(WORK, "backtest.md")
    run("backtest", SCENARIO, "--from", str(FROM), "--out", out)
    # (The provenance's command line names --out instead of --format.)
    without_command = lambda text: re.sub(r"(?m)^command: `.*`$", "", text)
    written = open(out, encoding="utf-8").read()
    check("--out" in written and without_command(written) == without_command(md),
          "--out backtest.md differs from --format md")

    # --paths overrides the scenario; without simulation.paths the default is 20000.
    check(backtest("--paths", "1000")["settings"]["paths"] == 1000, "--paths 1000 not used")
    bare = dict(spec)
    del bare["simulation"]
    bare_file = os.path.join(WORK, "no-simulation.yaml")
    with open(bare_file, "w", encoding="utf-8") as f:
        yaml.safe_dump(bare, f, allow_unicode=True)
    b = backtest("--seed", "7", scenario=bare_file)
    check(b["settings"]["paths"] == 20000, "default paths without simulation.paths: %s" % b["settings"]["paths"])
    check_report(b, expected(history, 20000), 20000, "json, 20000 paths")

    # --set moves the centre of g: the deterministic restart follows it.
    moved = backtest("--deterministic", "--set", "g=0.04")["indicators"]
    for name in ("log_level", "gdp"):
        h = MODEL[name]["h"][0]
        for year, value in zip(moved[name]["years"], moved[name]["deterministic"]):
            t = year - FROM
            want = h(log_normal(t)[0] + 0.01 * t, t) if name == "log_level" else h(0.04, t)
            check(close(value, want), "--set g=0.04: %s %d = %r, expected %r" % (name, year, value, want))
    # The same seed gives the same report whatever the threads and block size.
    one = backtest("--threads", "1", "--paths", "30000")
    two = backtest("--threads", "2", "--paths", "30000", "--block-size", "1000")
    for report in (one, two):
        report["settings"].pop("command_line")
    check(one == two, "backtest differs between 1 and 2 threads")

    # HTML: the JSON's numbers exactly, a chart per indicator, provenance last.
    check_html(backtest(fmt="html"), r, "html")
    check_html(backtest("--deterministic", fmt="html"), d, "deterministic html")

    # Refusals: no history after the year.
    result = run("backtest", SCENARIO, "--from", "2019", expect=2)
    check("[no-history]" in result.stderr, "--from 2019: %r" % result.stderr)

    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""End-to-end test of `goalpath calibrate` against its documented estimators.

usage: cli_calibrate_test.py GOALPATH SOURCE_DIR WORK_DIR

On tests/data/calibrate-growth.yaml, recomputes here with NumPy, from the
scenario's own history and by the method analysis/calibrate.hpp documents,
every number calibrate reports: year-on-year rates of consecutive observed
years only (a gap contributes none), their mean and sample sd (n - 1), the
compound annual growth over the whole span, and se = sd / sqrt(span). Then:
the YAML snippet (the default format) parses and restates the JSON to the
digits it prints, its comments restate the rates; pasted into a variant of
the scenario it passes `goalpath check`, `run` shows the parameter as
calibrated, and the first projected year's Monte Carlo quantiles match the
closed form base·(1 + N(cagr, se² + sd²)) within 4 standard errors, so the
shock really carries sd and the parameter se. Windows (--from/--to), the
warning for few observations, and the errors (bad-value, too-few, bad-years,
unknown-name, csv, which it does not write) exit as documented. The md and
html reports for people restate the JSON (html exactly, as data-value).
Needs NumPy and python3-yaml.
"""
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
SCENARIO = os.path.join(SOURCE, "tests", "data", "calibrate-growth.yaml")
STD = NormalDist()
failures = []


def check(condition, what):
    if not condition:
        print("FAIL: " + what)
        failures.append(what)


def run(*args, expect=0, quiet=True):
    result = subprocess.run([GOALPATH, *args, *(["--quiet"] if quiet else [])], capture_output=True, text=True,
                            timeout=600)
    if result.returncode != expect:
        check(False, "goalpath %s exited %d (expected %d): %s"
              % (" ".join(args), result.returncode, expect, result.stderr.strip()))
    return result


def close(a, b, rel=1e-12):
    return a is not None and abs(a - b) <= rel * abs(b) + 1e-15


def independent(history, first, last):
    """The documented estimators, computed here from the history."""
    years = sorted(y for y in history if first <= y <= last)
    values = np.array([float(history[y]) for y in years])
    pairs = [(y, history[y] / history[y - 1] - 1) for y in years if y - 1 in history and y - 1 >= first]
    rates = np.array([r for _, r in pairs])
    span = years[-1] - years[0]
    sd = float(np.std(rates, ddof=1))
    return {"years": years, "values": values, "growth": pairs, "n": len(pairs), "mean": float(np.mean(rates)),
            "sd": sd, "span": span, "cagr": float((values[-1] / values[0]) ** (1.0 / span) - 1), "se": sd / math.sqrt(span)}


def check_json(c, e, name, first, last, label):
    check(c["schema"] == "goalpath.calibrate/1", "%s: schema %s" % (label, c.get("schema")))
    check((c["indicator"], c["from"], c["to"]) == (name, first, last), "%s: indicator/window %s" % (label, c))
    check(c["observed"] == {str(y): float(v) for y, v in zip(e["years"], e["values"])}, "%s: observed %s" % (label, c["observed"]))
    check([(g["from"], g["to"]) for g in c["growth"]] == [(y - 1, y) for y, _ in e["growth"]],
          "%s: growth years %s" % (label, c["growth"]))
    for g, (_, rate) in zip(c["growth"], e["growth"]):
        check(close(g["rate"], rate), "%s: rate %s, expected %r" % (label, g, rate))
    check(c["n"] == e["n"] and c["span_years"] == e["span"], "%s: n %s span %s" % (label, c["n"], c["span_years"]))
    for key in ("mean", "sd", "cagr", "se"):
        check(close(c[key], e[key]), "%s: %s %r, expected %r" % (label, key, c[key], e[key]))
    s = c["suggested"]
    check(close(s["value"], e["cagr"]) and close(s["parameter_sd"], e["se"]) and close(s["shock_sd"], e["sd"]),
          "%s: suggested %s" % (label, s))
    warned = e["n"] < 5
    check((c["warning"] is not None) == warned and (not warned or "n=%d" % e["n"] in c["warning"]),
          "%s: warning %r with n=%d" % (label, c["warning"], e["n"]))


def printed_close(text, value, what):
    """A number printed in the snippet restates `value` to its printed digits."""
    m = re.fullmatch(r"([+-]?\d+\.(\d+))(%?)", text)
    if not m:
        check(False, "%s: %r is not a number" % (what, text))
        return
    scale = 100.0 if m.group(3) else 1.0
    check(abs(float(m.group(1)) - scale * value) <= 0.5 * 10 ** -len(m.group(2)) * (1 + 1e-9),
          "%s: printed %r, the JSON has %r" % (what, text, value))


def check_snippet(text, c, label):
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError as error:
        check(False, "%s: the snippet is not YAML: %s" % (label, error))
        return
    name = c["indicator"]
    param, shock = doc["parameters"][name + "_growth"], doc["shocks"][name + "_shock"]
    # Printed with 4 significant digits: a planner pastes them.
    check(close(param["value"], c["cagr"], 5e-4), "%s: value %r, cagr %r" % (label, param["value"], c["cagr"]))
    check(param["uncertainty"]["dist"] == "normal" and close(param["uncertainty"]["sd"], c["se"], 5e-4),
          "%s: parameter sd %r, se %r" % (label, param["uncertainty"], c["se"]))
    check(close(shock["sd"], c["sd"], 5e-4), "%s: shock sd %r, sd %r" % (label, shock["sd"], c["sd"]))
    check(len(doc) == 2, "%s: the snippet has keys %s" % (label, list(doc)))
    if c["label"]:  # on one line, whatever line breaks the scenario's label has
        check("history of %s (%s" % (name, " ".join(c["label"].split())) in text.splitlines()[0],
              "%s: first line %r lacks the label" % (label, text.splitlines()[0]))
    m = re.search(r"# compound annual growth (\d+)–(\d+) \((\d+) years\): (\S+)", text)
    check(m is not None, "%s: no compound growth comment" % label)
    if m:
        check((int(m.group(1)), int(m.group(2)), int(m.group(3))) == (min(map(int, c["observed"])),
                                                                      max(map(int, c["observed"])), c["span_years"]),
              "%s: compound growth comment %s" % (label, m.group(0)))
        printed_close(m.group(4), c["cagr"], label + " cagr comment")
    m = re.search(r"# year-on-year growth, n=(\d+) \((.*)\): mean (\S+), sd (\S+)", text)
    check(m is not None, "%s: no year-on-year comment" % label)
    if m:
        check(int(m.group(1)) == c["n"], "%s: n comment %s" % (label, m.group(1)))
        rates = [r.split(": ") for r in m.group(2).split(", ")]
        check([int(y) for y, _ in rates] == [g["to"] for g in c["growth"]], "%s: rate years %s" % (label, rates))
        for (_, text_rate), g in zip(rates, c["growth"]):
            printed_close(text_rate, g["rate"], label + " rate %d" % g["to"])
        printed_close(m.group(3), c["mean"], label + " mean comment")
        printed_close(m.group(4), c["sd"], label + " sd comment")
    check(("# warning: " + c["warning"] in text) if c["warning"] else "# warning" not in text,
          "%s: warning comment" % label)


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


def check_pages(c):
    """md and html of the whole history of output restate the JSON `c`."""
    page = run("calibrate", SCENARIO, "--indicator", "output", "--format", "html").stdout
    check(page.startswith("<!DOCTYPE html>"), "html: a page")
    history = table_values(page, "calibration-history")
    check([int(row[0][0]) for row in history] == [int(y) for y in c["observed"]], "html: the observed years")
    rates = {g["to"]: g["rate"] for g in c["growth"]}
    for row in history:
        year = int(row[0][0])
        check(row[1][1] == c["observed"][str(year)], "html %d: observed %r" % (year, row[1]))
        check(row[2][1] == rates.get(year), "html %d: growth %r, the JSON has %r" % (year, row[2], rates.get(year)))
    values = table_values(page, "calibration-values")
    check(len(values) == 2 and values[0][0][0] == "output_growth" and values[0][2][1] == c["cagr"]
          and values[0][3][1] == c["se"] and values[1][0][0] == "output_shock" and values[1][3][1] == c["sd"],
          "html: the parameter and the shock as the JSON's: %s" % values)
    md = run("calibrate", SCENARIO, "--indicator", "output", "--format", "md").stdout
    years = sorted(int(y) for y in c["observed"])
    check("Compound annual growth %d–%d (%d years): %+.2f%%" % (years[0], years[-1], c["span_years"], 100 * c["cagr"])
          in md, "md: the compound growth as the JSON's")
    check("| output_shock |" in md and ("| %.4g |" % c["sd"]) in md, "md: the shock's sd")


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    spec = yaml.safe_load(open(SCENARIO, encoding="utf-8"))
    hist = {name: {int(y): v for y, v in ind["history"].items()} for name, ind in spec["indicators"].items()}

    # The whole history, and windows: the estimates follow the window.
    cases = [("output", None, None, 2010, 2019), ("output", 2011, 2018, 2011, 2018),
             ("output", 2013, 2019, 2013, 2019), ("va", None, None, 2016, 2019)]
    results = {}
    for name, first, last, first_used, last_used in cases:
        window = (["--from", str(first)] if first else []) + (["--to", str(last)] if last else [])
        label = "%s %s" % (name, " ".join(window) or "(whole history)")
        c = json.loads(run("calibrate", SCENARIO, "--indicator", name, *window, "--format", "json").stdout)
        check_json(c, independent(hist[name], first_used, last_used), name, first_used, last_used, label)
        snippet = run("calibrate", SCENARIO, "--indicator", name, *window).stdout
        check_snippet(snippet, c, label + " snippet")
        results[label] = (c, snippet)

    # The warning goes to stderr unless --quiet, and stays in the output.
    loud = run("calibrate", SCENARIO, "--indicator", "va", quiet=False)
    check("warning: sd from n=3" in loud.stderr, "va: stderr %r" % loud.stderr)
    calm = run("calibrate", SCENARIO, "--indicator", "output", quiet=False)
    check(calm.stderr == "", "output (n=7): stderr %r" % calm.stderr)

    # The snippet pasted into a variant: it loads, and the run uses it as calibrated.
    c, snippet = results["output (whole history)"]
    shutil.copy(SCENARIO, os.path.join(WORK, "base.yaml"))
    variant = os.path.join(WORK, "calibrated.yaml")
    with open(variant, "w", encoding="utf-8") as f:
        f.write("scenario: calibrated\nextends: base.yaml\ntitle: calibrated output\n"
                "indicators:\n  output:\n    growth: \"output_growth + output_shock\"\n" + snippet)
    checked = run("check", variant, quiet=False)
    check("ok" in checked.stdout and "shocks 1" in checked.stdout and "1 uncertain" in checked.stdout,
          "check of the calibrated variant: %r" % checked.stdout)
    pasted = yaml.safe_load(snippet)
    value, se = pasted["parameters"]["output_growth"]["value"], pasted["parameters"]["output_growth"]["uncertainty"]["sd"]
    sd = pasted["shocks"]["output_shock"]["sd"]
    report = json.loads(run("run", variant, "--format", "json", "--seed", "3", "--paths", "100000").stdout)
    params = {p["name"]: p for p in report["parameters"]}
    check(params["output_growth"]["value"] == value, "run: output_growth value %r" % params["output_growth"]["value"])
    # output in 2020 = 142·(1 + g + e), g ~ N(value, se²), e ~ N(0, sd²): normal.
    n = report["settings"]["paths"]
    ind = report["indicators"]["output"]
    base = float(hist["output"][2019])
    mean, s = base * (1 + value), base * math.sqrt(se ** 2 + sd ** 2)
    check(close(ind["deterministic"][1], mean), "run: deterministic 2020 %r, expected %r" % (ind["deterministic"][1], mean))
    for p, key in ((0.05, "p05"), (0.5, "p50"), (0.95, "p95")):
        want = mean + s * STD.inv_cdf(p)
        se_q = s * math.sqrt(p * (1 - p) / n) / STD.pdf(STD.inv_cdf(p))
        check(abs(ind[key][1] - want) <= 4 * se_q,
              "run: 2020 %s %r is %.1f SE from %r" % (key, ind[key][1], (ind[key][1] - want) / se_q, want))

    # Rates without spread (a series doubling every year): sd = se = 0, and a
    # normal needs sd > 0, so the snippet fixes the trend and still loads.
    flat_dir = os.path.join(WORK, "flat")
    os.makedirs(flat_dir)
    flat_history = {2010: 1, 2011: 2, 2012: 4, 2013: 8, 2014: 16, 2015: 32}
    with open(os.path.join(flat_dir, "base.yaml"), "w", encoding="utf-8") as f:
        yaml.safe_dump({"scenario": "flat", "years": [2015, 2018],
                        "indicators": {"x": {"growth": "0.05", "history": flat_history}}}, f)
    flat = json.loads(run("calibrate", os.path.join(flat_dir, "base.yaml"), "--indicator", "x", "--format", "json").stdout)
    check_json(flat, independent(flat_history, 2010, 2015), "x", 2010, 2015, "flat")
    check(flat["sd"] == 0 and flat["se"] == 0 and flat["cagr"] == 1.0, "flat: sd %r se %r cagr %r" % (flat["sd"], flat["se"], flat["cagr"]))
    flat_snippet = run("calibrate", os.path.join(flat_dir, "base.yaml"), "--indicator", "x").stdout
    pasted = yaml.safe_load(flat_snippet)
    check(pasted["parameters"]["x_growth"].get("uncertainty") is None and pasted["parameters"]["x_growth"]["value"] == 1
          and pasted["shocks"]["x_shock"]["sd"] == 0, "flat: snippet %s" % pasted)
    with open(os.path.join(flat_dir, "variant.yaml"), "w", encoding="utf-8") as f:
        f.write("scenario: flat-calibrated\nextends: base.yaml\nindicators:\n  x:\n    growth: \"x_growth + x_shock\"\n"
                + flat_snippet)
    checked = run("check", os.path.join(flat_dir, "variant.yaml"), quiet=False)
    check("0 uncertain" in checked.stdout, "flat: check of the pasted snippet: %r %r" % (checked.stdout, checked.stderr))

    # Errors: exit 2 with the documented code.
    for args, code in ((["--indicator", "net"], "[bad-value]"), (["--indicator", "output", "--from", "2014", "--to", "2017"], "[too-few]"),
                       (["--indicator", "output", "--from", "2018", "--to", "2012"], "[bad-years]"),
                       (["--indicator", "outptu"], "[unknown-name]"), (["--indicator", "va_growth_assumed"], "[unknown-name]")):
        result = run("calibrate", SCENARIO, *args, expect=2)
        check(code in result.stderr, "calibrate %s: stderr %r, expected %s" % (" ".join(args), result.stderr, code))
    check("output" in run("calibrate", SCENARIO, "--indicator", "outptu", expect=2).stderr, "no did-you-mean for outptu")
    check("is a parameter" in run("calibrate", SCENARIO, "--indicator", "va_growth_assumed", expect=2).stderr,
          "no 'is a parameter' hint")
    run("calibrate", SCENARIO, "--indicator", "output", "--format", "csv", expect=2)
    check_pages(results["output (whole history)"][0])
    out = os.path.join(WORK, "snippet.yaml")
    run("calibrate", SCENARIO, "--indicator", "output", "--out", out)
    check(open(out, encoding="utf-8").read() == snippet, "--out differs from stdout")

    if failures:
        print("%d failure(s)" % len(failures))
        return 1
    print("ok")
    return 0


if __name__ == "__main__":
    sys.exit(main())

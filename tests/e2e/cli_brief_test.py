#!/usr/bin/python3
"""End-to-end test of `goalpath brief` (CLI.md).

usage: cli_brief_test.py GOALPATH SOURCE_DIR WORK_DIR

The Shanghai baseline with two variants at a small path count: the
goalpath.brief/1 JSON has its fields; the scenario's report is `goalpath run`'s
with the same seed and paths to the last digit, and so is each variant's;
each variant's changes equal `goalpath compare`'s deltas; the drivers are
tornado bars sorted by swing with the target's threshold; every assumption
of the scenario (its 14 correlations) is there. Bad input: a broken variant
is an input error (exit 2, FILE:LINE:COL) and nothing is written; an unknown
language and `--format pdf` without --out are refused (exit 2); a PDF
without Chromium is refused (exit 2) and nothing is written. The language
defaults from the locale. Standard library only.
"""
import json
import os
import re
import shutil
import subprocess
import sys

GOALPATH, SOURCE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
SHANGHAI = os.path.join(SOURCE, "scenarios", "shanghai-2027")
BASELINE = os.path.join(SHANGHAI, "baseline.yaml")
VARIANTS = [os.path.join(SHANGHAI, v + ".yaml") for v in ("optimistic", "pessimistic")]
SETTINGS = ["--paths", "3000", "--seed", "5", "--quiet"]
failures = []


def goalpath(*args, expect=0, env=None):
    result = subprocess.run([GOALPATH, *args], capture_output=True, text=True, timeout=600,
                            env=dict(os.environ, **(env or {})))
    if result.returncode != expect:
        failures.append("goalpath %s: exit %d, expected %d\n%s" % (" ".join(args), result.returncode, expect, result.stderr))
    return result


def check(condition, message):
    if not condition:
        failures.append(message)


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
compare_args = [a for v in VARIANTS for a in ("--compare", v)]

# ---- the JSON ----------------------------------------------------------------------
brief = json.loads(goalpath("brief", BASELINE, *compare_args, *SETTINGS, "--format", "json", "--lang", "zh").stdout)
check(brief["schema"] == "goalpath.brief/1", "schema %r" % brief.get("schema"))
check(brief["lang"] == "zh", "lang %r" % brief.get("lang"))
for field in ("seed", "paths", "scenario", "variants", "drivers", "trust", "assumptions", "warnings"):
    check(field in brief, "no %s in the brief JSON" % field)
check(brief["seed"] == 5 and brief["paths"] == 3000, "seed and paths %r %r" % (brief["seed"], brief["paths"]))
check(brief["scenario"]["schema"] == "goalpath.report/1", "the scenario is not a goalpath.report/1 document")

run = json.loads(goalpath("run", BASELINE, *SETTINGS, "--format", "json").stdout)
for a, b in zip(brief["scenario"]["targets"], run["targets"]):
    check(a["id"] == b["id"] and a["probability"] == b["probability"] and a["probability_se"] == b["probability_se"],
          "%s: brief %r, run %r" % (a["id"], a["probability"], b["probability"]))
    check(a["signposts"] == b["signposts"], "%s: the signposts differ from run's" % a["id"])
check(brief["scenario"]["joint"] == run["joint"], "joint probability differs from run's")
check(brief["scenario"]["settings"]["seed"] == run["settings"]["seed"], "seed differs from run's")

check(len(brief["variants"]) == 2, "%d variants" % len(brief["variants"]))
for variant, path in zip(brief["variants"], VARIANTS):
    check(variant["file"] == path, "variant file %r" % variant["file"])
    alone = json.loads(goalpath("run", path, *SETTINGS, "--format", "json").stdout)
    for a, b in zip(variant["report"]["targets"], alone["targets"]):
        check(a["probability"] == b["probability"], "%s %s: brief %r, run %r" % (path, a["id"], a["probability"], b["probability"]))
    compared = json.loads(goalpath("compare", BASELINE, path, *SETTINGS, "--format", "json").stdout)
    deltas = {t["id"]: t["delta_probability"] for t in compared["targets"]}
    for change in variant["changes"]:
        check(change["delta_probability"] == deltas[change["id"]],
              "%s %s: change %r, compare %r" % (path, change["id"], change["delta_probability"], deltas[change["id"]]))
    check(any(c["delta_probability"] != 0 for c in variant["changes"]), "%s changes nothing" % path)

targets = {t["id"]: t for t in brief["scenario"]["targets"]}
check([d["id"] for d in brief["drivers"]] == list(targets), "drivers %r" % [d["id"] for d in brief["drivers"]])
for d in brief["drivers"]:
    swings = [bar["swing"] for bar in d["bars"]]
    check(swings == sorted(swings, reverse=True), "%s: bars not sorted by swing" % d["id"])
    check(0 < len(d["bars"]) <= 8, "%s: %d bars (at most 8 by default)" % (d["id"], len(d["bars"])))
    check(d["threshold"] == targets[d["id"]]["threshold"], "%s: threshold %r" % (d["id"], d["threshold"]))
    for bar in d["bars"]:
        check(abs(abs(bar["output_high"] - bar["output_low"]) - bar["swing"]) <= 1e-9 * max(1, abs(bar["swing"])),
              "%s %s: swing is not |high - low|" % (d["id"], bar["name"]))
check(brief["trust"]["calibrated"] is True and brief["trust"]["points"] > 0, "trust %r" % brief["trust"])

assumptions = brief["assumptions"]
check(len(assumptions["correlations"]) == 14, "%d correlations, the baseline has 14" % len(assumptions["correlations"]))
check(sum(c["of"] == "shocks" for c in assumptions["correlations"]) == 6, "shock correlations")
check([p["name"] for p in assumptions["parameters"]] == [p["name"] for p in run["parameters"]], "parameters")
check(all(s["sd"] > 0 and s["source"] for s in assumptions["shocks"]), "shocks without sd or source")
check(all(i["source"] for i in assumptions["indicators"]), "an indicator without its source")

everything = json.loads(goalpath("brief", BASELINE, *SETTINGS, "--format", "json", "--max-drivers", "0").stdout)
check(all(len(d["bars"]) + 0 >= len(b["bars"]) for d, b in zip(everything["drivers"], brief["drivers"])) and
      all(d["omitted"] == 0 for d in everything["drivers"]), "--max-drivers 0 keeps every bar")

# ---- the language ----------------------------------------------------------------------
page = goalpath("brief", BASELINE, *SETTINGS, "--format", "md", env={"LC_ALL": "", "LC_MESSAGES": "", "LANG": "zh_CN.UTF-8"}).stdout
check("结论" in page and "全部假设" in page, "a Chinese locale does not give a Chinese brief")
page = goalpath("brief", BASELINE, *SETTINGS, "--format", "md", env={"LC_ALL": "C", "LANG": "zh_CN.UTF-8"}).stdout
check("The answer" in page, "LC_ALL=C does not give an English brief")
page = goalpath("brief", BASELINE, *SETTINGS, "--format", "md", "--lang", "en", env={"LANG": "zh_CN.UTF-8"}).stdout
check("The answer" in page, "--lang en does not override the locale")

# ---- bad input: exit 2, nothing written ----------------------------------------------------
out = os.path.join(WORK, "brief.html")
broken = os.path.join(SOURCE, "tests", "broken", "bad-correlation--not-psd.yaml")
result = goalpath("brief", BASELINE, "--compare", broken, *SETTINGS, "--out", out, expect=2)
check(re.search(r"bad-correlation--not-psd\.yaml:\d+:\d+:", result.stderr), "no FILE:LINE:COL in %r" % result.stderr)
check(not os.path.exists(out), "a file was written for a broken variant")
result = goalpath("brief", BASELINE, *SETTINGS, "--lang", "fr", "--out", out, expect=2)
check("--lang is 'fr'" in result.stderr, "bad --lang: %r" % result.stderr)
result = goalpath("brief", BASELINE, *SETTINGS, "--format", "pdf", expect=2)
check("--out" in result.stderr and not result.stdout, "pdf without --out: %r" % result.stderr)
result = goalpath("brief", BASELINE, *SETTINGS, "--format", "csv", expect=2)
check("unknown format 'csv'" in result.stderr, "csv: %r" % result.stderr)
result = goalpath("brief", BASELINE, *SETTINGS, "--max-drivers", "-1", expect=2)
check("--max-drivers = -1" in result.stderr, "max-drivers: %r" % result.stderr)
pdf = os.path.join(WORK, "brief.pdf")
result = goalpath("brief", BASELINE, *SETTINGS, "--out", pdf, expect=2, env={"CHROMIUM": os.path.join(WORK, "no-chromium")})
check("Chromium" in result.stderr, "no Chromium: %r" % result.stderr)
check(not os.path.exists(pdf) and not os.listdir(WORK), "something was written without Chromium: %r" % os.listdir(WORK))

for f in failures:
    print("FAIL: " + f)
print("brief: %d variants, %d drivers, %d correlations checked" % (len(brief["variants"]), len(brief["drivers"]),
                                                                  len(assumptions["correlations"])))
sys.exit(1 if failures else 0)

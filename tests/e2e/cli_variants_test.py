#!/usr/bin/env python3
"""Editing variants must not fail silently (issue 13 §4), through the built CLI.

usage: cli_variants_test.py GOALPATH SOURCE_DIR WORK_DIR

  - provenance: every file of the extends chain with the SHA-256 of its bytes
    (checked with hashlib) and the merged scenario's hash, in the JSON, CSV,
    Markdown and HTML reports; editing the parent changes the parent's hash
    and the merged hash but not the variant's own;
  - an inherited title: `check` warns, every report says so;
  - an unused parameter: an error in a variant (exit 2, nothing written), a
    warning in a standalone scenario (check and the run report);
  - a percentage typed on a share: a warning naming the target and indicator;
  - correlations merged by pair: `check` says what it did;
  - need/yr of an every_year target: the binding year's rate, recomputed here
    from the report's own base-year value.
"""
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys

GOALPATH, SOURCE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
failures = []


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL: " + what)


def run(*args):
    return subprocess.run([GOALPATH, *args], capture_output=True, text=True, timeout=300)


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


PARENT = """scenario: parent
title: Parent title
description: Parent description
years: [2023, 2027]
parameters:
  output_growth: { value: 0.04, uncertainty: { dist: normal, sd: 0.01 } }
  share_growth: { value: 0.02, uncertainty: { dist: normal, sd: 0.01 } }
  va_growth: { value: 0.03, uncertainty: { dist: normal, sd: 0.01 } }
indicators:
  output: { base: 41000, growth: output_growth, unit: 亿元 }
  sei_share: { base: 0.45, growth: share_growth, unit: share }
  va: { base: 10000, growth: va_growth }
correlations:
  - [output_growth, share_growth, 0.5]
  - [output_growth, va_growth, 0.6]
targets:
  - { id: output-5t, indicator: output, year: 2027, at_least: 50000 }
  - { id: share-50, indicator: sei_share, year: 2027, at_least: 0.5 }
"""

shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
parent = write("parent.yaml", PARENT)
variant = write("variant.yaml", "extends: parent.yaml\nscenario: variant\nparameters:\n  output_growth: { value: 0.05 }\n"
                "correlations:\n  - [va_growth, output_growth, 0.3]\n")

# ---- provenance -------------------------------------------------------------------
out = os.path.join(WORK, "variant.json")
result = run("run", variant, "--paths", "2000", "--seed", "7", "--quiet", "--out", out)
check(result.returncode == 0, "run variant: exit %d: %s" % (result.returncode, result.stderr))
report = json.load(open(out, encoding="utf-8"))
files = report["scenario"]["files"]
check([f["file"] for f in files] == [variant, parent], "scenario.files lists the chain, child first: %r" % files)
check(files[0]["sha256"] == sha256(variant) and files[1]["sha256"] == sha256(parent), "scenario.files hashes")
check(report["scenario"]["sha256"] == sha256(variant), "scenario.sha256 is the named file's")
merged = report["scenario"]["merged_sha256"]
check(len(merged) == 64 and merged not in (sha256(variant), sha256(parent)), "merged_sha256 is its own hash")
for fmt, needle in (("csv", "extends_sha256_1"), ("md", "merged sha256"), ("html", "merged sha256")):
    path = os.path.join(WORK, "variant." + fmt)
    r = run("run", variant, "--paths", "2000", "--seed", "7", "--quiet", "--out", path)
    text = open(path, encoding="utf-8").read() if r.returncode == 0 else ""
    check(sha256(parent) in text and merged in text and needle in text, fmt + ": parent hash and merged hash shown")
    check("inherited" in text, fmt + ": says the title is inherited")

with open(parent, "a", encoding="utf-8") as f:
    f.write("# edited: nothing but a comment\n")
run("run", variant, "--paths", "2000", "--seed", "7", "--quiet", "--out", out)
commented = json.load(open(out, encoding="utf-8"))
check(commented["scenario"]["files"][1]["sha256"] != files[1]["sha256"], "a comment in the parent changes its file hash")
check(commented["scenario"]["merged_sha256"] == merged, "a comment in the parent leaves the merged scenario's hash")
write("parent.yaml", PARENT.replace("va_growth: { value: 0.03", "va_growth: { value: 0.05"))
run("run", variant, "--paths", "2000", "--seed", "7", "--quiet", "--out", out)
edited = json.load(open(out, encoding="utf-8"))
check(edited["scenario"]["sha256"] == report["scenario"]["sha256"], "the variant's own hash stays")
check(edited["scenario"]["files"][1]["sha256"] == sha256(parent) != files[1]["sha256"], "the parent's hash follows the edit")
check(edited["scenario"]["merged_sha256"] != merged, "editing the parent changes the merged hash")
write("parent.yaml", PARENT)

# ---- inherited title, correlation note ---------------------------------------------------
check(report["scenario"]["title_inherited"] is True and report["scenario"]["description_inherited"] is True,
      "JSON: title and description inherited")
check(report["scenario"]["title"] == "Parent title", "the inherited title is shown")
check(any("title is inherited from" in w for w in report["warnings"]), "JSON warnings: inherited title")
result = run("check", variant)
check(result.returncode == 0, "check variant: exit 0")
check("warning: title is inherited from" in result.stderr and "warning: description is inherited" in result.stderr,
      "check warns of the inherited title and description: " + result.stderr)
check("note: " in result.stdout and "1 kept from the parent, 1 changed, 0 removed (coefficient 0), 0 added; 2 in all"
      in result.stdout, "check says what the correlation merge did: " + result.stdout)

# ---- unused names ------------------------------------------------------------------------
typo = write("typo.yaml", "extends: parent.yaml\nscenario: typo\ntitle: T\ndescription: D\nparameters:\n"
             "  output_grwoth: { value: 0.06 }\n")
typo_out = os.path.join(WORK, "typo.json")
result = run("run", typo, "--paths", "1000", "--quiet", "--out", typo_out)
check(result.returncode == 2, "a misspelt parameter in a variant: exit 2, got %d" % result.returncode)
check(typo + ":6:3: error: parameter 'output_grwoth' is not used by any expression [unused-name]" in result.stderr,
      "the error names the file, line, column and name: " + result.stderr)
check("did you mean 'output_growth'?" in result.stderr, "with a did-you-mean over the parent's names")
check(not os.path.exists(typo_out), "nothing written")

alone = write("alone.yaml", PARENT.replace("indicators:", "  spare_rate: 0.1\nindicators:", 1)
              .replace("scenario: parent", "scenario: alone"))
result = run("check", alone)
check(result.returncode == 0 and "warning: " + alone + ":9:3: parameter 'spare_rate' is not used" in result.stderr,
      "standalone: check warns of an unused parameter: " + result.stderr)
alone_out = os.path.join(WORK, "alone.json")
run("run", alone, "--paths", "1000", "--quiet", "--out", alone_out)
warnings = json.load(open(alone_out, encoding="utf-8"))["warnings"]
check(any("'spare_rate' is not used" in w for w in warnings), "standalone: the run report warns: %r" % warnings)

# ---- a percentage typed on a share --------------------------------------------------------
percent = write("percent.yaml", PARENT.replace("at_least: 0.5 }", "at_least: 50 }"))
result = run("check", percent)
check("target 'share-50' (indicator 'sei_share'): the threshold 50 is above 1 on a 'share'" in result.stderr,
      "check warns of a percentage on a share: " + result.stderr)
percent_out = os.path.join(WORK, "percent.csv")
run("run", percent, "--paths", "1000", "--quiet", "--out", percent_out)
rows = list(csv.reader(io.StringIO(open(percent_out, encoding="utf-8-sig").read())))
check(any(r[1] == "meta" and r[6].startswith("warning_") and "did you mean 0.5?" in r[7] for r in rows),
      "the CSV report carries the warning")

# ---- need/yr of an every_year target ---------------------------------------------------------
baseline = os.path.join(SOURCE, "scenarios", "shanghai-2027", "baseline.yaml")
out = os.path.join(WORK, "baseline.json")
result = run("run", baseline, "--deterministic", "--out", out)
check(result.returncode == 0, "baseline deterministic run")
target = next(t for t in json.load(open(out, encoding="utf-8"))["targets"] if t["id"] == "va-share-25")
start, threshold = target["series"][0], target["threshold"]
rates = {year: (threshold / start) ** (1.0 / (year - 2023)) - 1 for year in range(2024, 2028)}
binding = max(rates, key=rates.get)
check(target["required_year"] == binding == 2024, "va-share-25 binds in 2024, got %r" % target.get("required_year"))
check(abs(target["required_cagr"] - rates[binding]) < 1e-12, "need/yr is the binding year's rate: %r vs %r"
      % (target["required_cagr"], rates[binding]))
check(target["required_cagr"] > rates[2027], "higher than the last-year-only rate")

print("%d failures" % len(failures))
sys.exit(1 if failures else 0)

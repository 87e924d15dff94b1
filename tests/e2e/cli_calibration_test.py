#!/usr/bin/env python3
"""Reports say whether the bands were checked against history, through the built CLI.

usage: cli_calibration_test.py GOALPATH WORK_DIR

  - a scenario with `calibration:`: `run --format json` carries the block and
    the statement, its numbers recomputed here (Z = round(100 coverage_90),
    K = round(coverage_90 * points)); the table, Markdown and HTML mark every
    P(met) with † and print "† STATEMENT" once under the targets table; the
    CSV has the meta rows; `check` and `track` (JSON and table) say it too;
  - a scenario without it: the plain statement exactly once in every text
    format, and no mark anywhere;
  - a variant that restates a shock's sd: not calibrated, and a warning names
    the shock and the file whose calibration does not carry over; one that
    restates only the shock's source stays calibrated;
  - a deterministic run: the statement, no marks (no probabilities to mark).
Standard library only.
"""
import csv
import html as html_text
import io
import json
import os
import shutil
import subprocess
import sys

GOALPATH, WORK = sys.argv[1], sys.argv[2]
failures = []
MARK = "†"


def check(condition, what):
    if not condition:
        failures.append(what)
        print("FAIL: " + what)


def goalpath(*args):
    result = subprocess.run([GOALPATH, *args, "--quiet"] if args[0] != "check" else [GOALPATH, *args],
                            capture_output=True, encoding="utf-8-sig", timeout=300)
    check(result.returncode == 0, "goalpath %s exited %d: %s" % (" ".join(args), result.returncode, result.stderr))
    return result


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


# Two targets; 2024 is observed, so `track` has something to weigh the paths by.
PLAIN = """scenario: calibrated
title: Calibration test
years: [2023, 2027]
parameters:
  growth: { value: 0.04, uncertainty: { dist: normal, sd: 0.01 } }
shocks:
  output_shock: { sd: 0.01, source: "assumed" }
indicators:
  output: { history: { 2022: 96, 2023: 100, 2024: 104 }, growth: "growth + output_shock" }
targets:
  - { id: output-120, indicator: output, year: 2027, at_least: 120 }
  - { id: output-grows, indicator: output, cagr: [2023, 2027], at_least: 0.03 }
"""
METHOD = ("goalpath calibrate --bands: shock scales by maximum likelihood on 17 forecast errors of successive "
          "observed years (rolling origins 2015–2023)")
ERRORS, POINTS, COVERAGE_50, COVERAGE_90 = 17, 59, 0.49, 0.88
CALIBRATED = PLAIN + f"""calibration:
  method: "{METHOD}"
  errors: {ERRORS}
  points: {POINTS}
  coverage_50: {COVERAGE_50}
  coverage_90: {COVERAGE_90}
"""
# The statement from the numbers above (no halves to round: 88.0 and 51.92).
STATEMENT = (f"bands calibrated on {ERRORS} forecast errors; 90% band coverage in backtest "
             f"{round(100 * COVERAGE_90)}% ({round(COVERAGE_90 * POINTS)} of {POINTS} points)")
PLAIN_STATEMENT = ("bands not calibrated against history: the shock sizes are the scenario's assumptions "
                   "(goalpath calibrate --bands checks them)")
check(STATEMENT.endswith("88% (52 of 59 points)"), "the expected statement is worked out right: " + STATEMENT)

shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
calibrated = write("calibrated.yaml", CALIBRATED)
plain = write("plain.yaml", PLAIN)
restated = write("restated.yaml", "extends: calibrated.yaml\ntitle: Wider shocks\nshocks:\n  output_shock: { sd: 0.02 }\n")
sourced = write("sourced.yaml", "extends: calibrated.yaml\ntitle: Other source\nshocks:\n  output_shock: { source: \"NBS\" }\n")
RUN = ["--paths", "4000", "--seed", "7"]


def run(scenario, fmt, *extra):
    return goalpath("run", scenario, *RUN, "--format", fmt, *extra).stdout


def p_met_cells(table):
    """The P(met) column of the terminal table, by its header's position (right-aligned cells end there)."""
    lines = table.splitlines()
    header = next(k for k, line in enumerate(lines) if line.startswith("target "))
    end = lines[header].index("P(met)") + len("P(met)")
    rows = []
    for line in lines[header + 1:]:
        if not line.strip() or line.startswith(("†", "bands ")):
            break
        rows.append(line[:end].split()[-1])
    return rows


# ---- a calibrated scenario ---------------------------------------------------------------
report = json.loads(run(calibrated, "json"))
c = report.get("calibration")
check(c == {"calibrated": True, "method": METHOD, "errors": ERRORS, "points": POINTS, "coverage_50": COVERAGE_50,
            "coverage_90": COVERAGE_90, "statement": STATEMENT}, "run JSON calibration object: %r" % (c,))

table = run(calibrated, "table")
cells = p_met_cells(table)
check(len(cells) == 2 and all(cell.endswith("%" + MARK) for cell in cells), "table: every P(met) is marked: %r" % cells)
check(table.count(MARK + " " + STATEMENT + "\n") == 1, "table: the footnote once:\n" + table)
check(table.count(STATEMENT) == 1 and table.count(MARK) == 5,
      "table: two marks in the answer, two in the table and one footnote, nothing more")
lines = table.splitlines()
header = next((k for k, line in enumerate(lines) if line.startswith("target ")), 0)
under = next((k for k in range(header + 1, len(lines)) if not lines[k].startswith("output-")), 0)
check(lines[under] == MARK + " " + STATEMENT, "table: the footnote is right under the targets table")

md = run(calibrated, "md")
rows = [line for line in md.splitlines() if line.startswith("| output-")]
check(len(rows) == 2 and all(("%" + MARK + " |") in row for row in rows), "md: every P(met) is marked: %r" % rows)
check(md.count(MARK + " " + STATEMENT + "\n") == 1 and md.count(MARK) == 5,
      "md: the footnote once (two marks in the answer, two in the table)")

html = run(calibrated, "html")
check(html.count('<p class="footnote">' + MARK + " " + STATEMENT + "</p>") == 1, "html: the footnote once")
check(html.count("%" + MARK + "</td>") == 2, "html: every P(met) is marked")

rows = list(csv.reader(io.StringIO(run(calibrated, "csv"))))
meta = {r[6]: r[7] for r in rows if r[1] == "meta"}
check(meta.get("calibrated") == "true" and meta.get("calibration_statement") == STATEMENT
      and meta.get("calibration_errors") == str(ERRORS) and meta.get("calibration_points") == str(POINTS)
      and float(meta.get("calibration_coverage_90", "nan")) == COVERAGE_90 and meta.get("calibration_method") == METHOD,
      "csv: the calibration meta rows: %r" % {k: v for k, v in meta.items() if "calib" in k})
check(sum(1 for r in rows if r[6] == "calibration_statement") == 1, "csv: the statement once")

summary = goalpath("check", calibrated).stdout
check("  calibration " + STATEMENT + "\n" in summary, "check states the calibration:\n" + summary)

track = json.loads(goalpath("track", calibrated, *RUN, "--format", "json").stdout)
check(track.get("calibration") == c, "track JSON calibration object: %r" % (track.get("calibration"),))
track_table = goalpath("track", calibrated, *RUN, "--format", "table").stdout
check(track_table.count(MARK + " " + STATEMENT + "\n") == 1, "track table: the footnote once:\n" + track_table)
check(track_table.count(MARK) == 9, "track table: before and after of both targets marked in the answer and in the table, and the footnote")

deterministic = run(calibrated, "table", "--deterministic")
check(deterministic.count(STATEMENT) == 1 and MARK not in deterministic,
      "a deterministic run states the calibration without marks:\n" + deterministic)

# ---- an uncalibrated scenario: the plain statement once, no marks ------------------------------
report = json.loads(run(plain, "json"))
check(report.get("calibration") == {"calibrated": False, "statement": PLAIN_STATEMENT},
      "uncalibrated run JSON: %r" % (report.get("calibration"),))
for fmt in ("table", "md", "html", "csv"):
    text = run(plain, fmt)
    text = html_text.unescape(text) if fmt == "html" else text  # the apostrophe is &#39; there
    check(text.count(PLAIN_STATEMENT) == 1, "uncalibrated %s: the statement exactly once" % fmt)
    check(MARK not in text, "uncalibrated %s: no mark" % fmt)
check(PLAIN_STATEMENT in goalpath("check", plain).stdout, "check states that the bands are not calibrated")
track = json.loads(goalpath("track", plain, *RUN, "--format", "json").stdout)
check(track.get("calibration", {}).get("calibrated") is False, "uncalibrated track JSON")

# ---- variants --------------------------------------------------------------------------------
report = json.loads(run(restated, "json"))
check(report["calibration"] == {"calibrated": False, "statement": PLAIN_STATEMENT},
      "a variant restating a shock's sd is not calibrated: %r" % report["calibration"])
warnings = [w for w in report["warnings"] if "does not carry over" in w]
check(len(warnings) == 1, "one warning about the calibration: %r" % report["warnings"])
if warnings:
    w = warnings[0]
    check(w.startswith(restated + ":4:19: ") and "shock 'output_shock'" in w and "(0.02, was 0.01)" in w
          and "the calibration of " + calibrated + " does not carry over" in w
          and "run `goalpath calibrate --bands` on " + restated in w and "restate `calibration:`" in w,
          "the warning says where, which shock, whose calibration and the fix: " + w)
table = run(restated, "table")
check(MARK not in table and table.count(PLAIN_STATEMENT) == 1, "the variant's table: plain statement, no marks")
check("does not carry over" in goalpath("check", restated).stderr, "check warns about the dropped calibration")
set_report = json.loads(run(calibrated, "json", "--set", "output_shock.sd=0.02"))
check(set_report["calibration"]["calibrated"] is False and any("does not carry over" in w for w in set_report["warnings"]),
      "--set of a shock's sd drops the calibration, with a warning")

report = json.loads(run(sourced, "json"))
check(report["calibration"].get("calibrated") is True and report["calibration"]["statement"] == STATEMENT,
      "a variant restating only a shock's source stays calibrated")
check(not any("carry over" in w for w in report["warnings"]), "and has no calibration warning")

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("cli_calibration_test: ok")

#!/usr/bin/python3
"""The Shanghai library's calibration is reproducible and meets issue 17's bar.

usage: shanghai_calibration_test.py GOALPATH SOURCE_DIR

  - `goalpath calibrate rolling-2024-assumed.yaml --bands` (the shocks as
    first assumed) gives, to the 4 significant digits it writes, the shock
    sizes baseline.yaml carries, and the coverage its `calibration:` block
    states; the shocks it cannot calibrate are the ones baseline.yaml says
    are assumed.
  - The rolling-origin backtest of the calibrated baseline
    (rolling-2024.yaml, horizons up to 4) holds 85-95% of at least 30 points
    in its 90% bands and 40-60% in its 50% bands; with the assumed shocks,
    far fewer.
A change to the engine or to the data that moves these fails here: rerun the
calibration and update baseline.yaml (and the README, scripts/readme_results.sh).
"""
import json
import os
import subprocess
import sys

GOALPATH, SOURCE = sys.argv[1], sys.argv[2]
DIR = os.path.join(SOURCE, "scenarios", "shanghai-2027")
failures = []


def check(condition, what):
    if not condition:
        print("FAIL: " + what)
        failures.append(what)


def report(*args):
    result = subprocess.run([GOALPATH, *args, "--format", "json", "--quiet"], capture_output=True, text=True,
                            timeout=600)
    check(result.returncode == 0, "goalpath %s: %s" % (" ".join(args), result.stderr.strip()))
    return json.loads(result.stdout or "{}")


bands = report("calibrate", os.path.join(DIR, "rolling-2024-assumed.yaml"), "--bands")
baseline = open(os.path.join(DIR, "baseline.yaml"), encoding="utf-8").read()
for shock in bands["shocks"]:
    if shock["calibrated"]:
        line = "  %s:\n    sd: %.4g\n" % (shock["name"], shock["sd"])
        check(line in baseline or ("  %s:\n    sd: %.4g\n    ar:" % (shock["name"], shock["sd"])) in baseline,
              "baseline.yaml carries %s sd %.4g" % (shock["name"], shock["sd"]))
    else:
        check("not calibrated" in baseline.split("  %s:\n" % shock["name"], 1)[1].split("source:", 2)[1].split("\n")[0],
              "baseline.yaml says %s is not calibrated" % shock["name"])
after = bands["after"]
check("errors: %d\n" % bands["errors"] in baseline, "baseline.yaml's calibration states %d errors" % bands["errors"])
check("points: %d\n" % after["points"] in baseline, "baseline.yaml's calibration states %d points" % after["points"])
check("coverage_90: %.4g\n" % after["coverage_90"] in baseline, "coverage_90 %.4g stated" % after["coverage_90"])
check("coverage_50: %.4g\n" % after["coverage_50"] in baseline, "coverage_50 %.4g stated" % after["coverage_50"])

rolling = report("backtest", os.path.join(DIR, "rolling-2024.yaml"), "--rolling", "--max-horizon", "4")
check(rolling["points"] >= 30, "at least 30 forecast points: %d" % rolling["points"])
check(0.85 <= rolling["coverage_90"] <= 0.95, "90%% band coverage %.3f in 85-95%%" % rolling["coverage_90"])
check(0.40 <= rolling["coverage_50"] <= 0.60, "50%% band coverage %.3f in 40-60%%" % rolling["coverage_50"])
check(rolling["inside_90"] == after["inside_90"], "calibrate's after = the calibrated baseline's rolling backtest")
before = bands["before"]
check(before["coverage_90"] < 0.7, "the assumed shocks' 90%% bands held fewer: %.3f" % before["coverage_90"])

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("Shanghai calibration: baseline.yaml = calibrate --bands; coverage 90%% %.3f, 50%% %.3f over %d points"
      % (rolling["coverage_90"], rolling["coverage_50"], rolling["points"]))

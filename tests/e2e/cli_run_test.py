#!/usr/bin/python3
"""End-to-end test of `goalpath check` and `goalpath run` (CLI.md).

usage: cli_run_test.py GOALPATH DATA_DIR WORK_DIR

Runs the built binary on tests/data/e2e-small.yaml and e2e-broken.yaml and
checks: the JSON report's field names, deterministic values against values
computed by hand, probabilities in [0, 1], exit status 2 with a
FILE:LINE:COL: error: ... [CODE] line for a broken scenario and for bad options,
that a failed run creates no --out file and leaves an existing one untouched,
that --set changes the result, and that --out is written atomically.
Standard library only.
"""
import json
import math
import os
import re
import shutil
import subprocess
import sys
import time

GOALPATH, DATA, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
SMALL = os.path.join(DATA, "e2e-small.yaml")
BROKEN = os.path.join(DATA, "e2e-broken.yaml")
failures = []


def run(*args, timeout=300):
    command = [GOALPATH, *args]
    result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
    result.command = " ".join(command)
    return result


def check(condition, what, result=None):
    if condition:
        return
    text = "FAIL: " + what
    if result is not None:
        text += "\n  command: %s\n  exit: %s\n  stderr: %s\n  stdout (first 2000 chars): %s" % (
            result.command, result.returncode, result.stderr.strip(), result.stdout[:2000])
    print(text)
    failures.append(what)


def close(actual, expected, relative=1e-12):
    if actual is None:
        return False
    if expected == 0:
        return abs(actual) <= 1e-15
    return abs(actual - expected) <= relative * abs(expected)


def check_close(actual, expected, what):
    check(close(actual, expected), "%s: actual %r, expected %r (relative tolerance 1e-12)" % (what, actual, expected))


def load_json(result, what):
    try:
        return json.loads(result.stdout)
    except ValueError as e:
        check(False, "%s: stdout is not JSON (%s)" % (what, e), result)
        return None


def require_keys(obj, keys, where):
    for key in keys:
        check(isinstance(obj, dict) and key in obj, "%s has no field '%s'" % (where, key))


# ---- hand-computed deterministic projection of e2e-small.yaml -----------------------------
YEARS = [2023, 2024, 2025, 2026]
OUTPUT = [1000 * 1.05 ** t for t in range(4)]
INVESTMENT = [200 * 1.1 ** t for t in range(4)]
SHARE = [i / o for i, o in zip(INVESTMENT, OUTPUT)]
CUMULATIVE = [0, 220, 220 + 242, 220 + 242 + 266.2]


def check_report_shape(report, where, deterministic):
    require_keys(report, ["schema", "engine", "scenario", "settings", "years", "targets", "joint", "indicators",
                          "diagnostics"], where)
    check(report.get("schema") == "goalpath.report/1", where + ": schema is %r" % report.get("schema"))
    require_keys(report.get("engine"), ["version"], where + ".engine")
    require_keys(report.get("scenario"), ["id", "title", "file", "sha256"], where + ".scenario")
    require_keys(report.get("settings"), ["paths", "seed", "threads", "deterministic"], where + ".settings")
    require_keys(report.get("joint"), ["probability", "probability_se"], where + ".joint")
    require_keys(report.get("diagnostics"), ["nonfinite_paths", "seconds"], where + ".diagnostics")
    check(report["scenario"]["id"] == "e2e-small", where + ": scenario.id")
    check(re.fullmatch(r"[0-9a-f]{64}", report["scenario"]["sha256"] or "") is not None, where + ": scenario.sha256")
    check(report["settings"]["deterministic"] is deterministic, where + ": settings.deterministic")
    check(report["years"] == YEARS, where + ": years %r" % report["years"])
    for target in report["targets"]:
        tw = "%s.targets[%s]" % (where, target.get("id"))
        require_keys(target, ["id", "label", "kind", "op", "threshold", "years", "deterministic", "probability",
                              "probability_se", "quantiles", "required_cagr", "projected_cagr", "gap", "status",
                              "progress"], tw)
        require_keys(target.get("deterministic"), ["value", "met"], tw + ".deterministic")
        require_keys(target.get("progress"), ["basis", "ratio", "class"], tw + ".progress")
        check(target["kind"] in ("level", "every_year", "cagr"), tw + ": kind %r" % target["kind"])
        check(target["op"] in (">=", "<="), tw + ": op %r" % target["op"])
        check(target["status"] in ("on_track", "at_risk", "off_track"), tw + ": status %r" % target["status"])
        check(target["progress"]["class"] in ("achieved", "on_track", "acceleration_needed", "limited",
                                              "deterioration", "unknown"), tw + ": progress.class")
        check(target["progress"]["basis"] in ("observed", "projected"), tw + ": progress.basis")
    for name, indicator in report["indicators"].items():
        require_keys(indicator, ["label", "unit", "deterministic", "p05", "p50", "p95"], "%s.indicators.%s" % (where, name))


def check_deterministic_values(report, where):
    indicators = report["indicators"]
    for name, expected in (("output", OUTPUT), ("investment", INVESTMENT), ("share", SHARE), ("cumulative", CUMULATIVE)):
        actual = indicators.get(name, {}).get("deterministic", [])
        check(len(actual) == 4, "%s: indicators.%s.deterministic has %d values" % (where, name, len(actual)))
        for year, a, e in zip(YEARS, actual, expected):
            check_close(a, e, "%s: %s[%d]" % (where, name, year))
    check(indicators["output"]["label"] == "Output" and indicators["output"]["unit"] == "bn", where + ": output label/unit")
    targets = {t["id"]: t for t in report["targets"]}
    check(list(targets) == ["output-1100", "share-cap", "invest-growth", "cumulative-900"], where + ": target ids in file order")

    t = targets["output-1100"]
    check(t["kind"] == "level" and t["op"] == ">=" and t["threshold"] == 1100 and t["years"] == [2026], where + ": output-1100 header")
    check(t["label"] == "Output reaches 1100", where + ": output-1100 label")
    check_close(t["deterministic"]["value"], OUTPUT[3], where + ": output-1100 value")
    check(t["deterministic"]["met"] is True, where + ": output-1100 met")
    check_close(t["required_cagr"], 1.1 ** (1 / 3) - 1, where + ": output-1100 required_cagr")
    check_close(t["projected_cagr"], 0.05, where + ": output-1100 projected_cagr")
    check_close(t["gap"], OUTPUT[3] - 1100, where + ": output-1100 gap")
    check_close(t["progress"]["ratio"], 0.05 / (1.1 ** (1 / 3) - 1), where + ": output-1100 ratio")
    check(t["progress"]["class"] == "on_track" and t["progress"]["basis"] == "projected", where + ": output-1100 class")

    t = targets["share-cap"]
    check(t["kind"] == "every_year" and t["op"] == "<=" and t["years"] == [2024, 2026], where + ": share-cap header")
    check_close(t["deterministic"]["value"], max(SHARE[1:]), where + ": share-cap value (worst year)")
    check(t["deterministic"]["met"] is True, where + ": share-cap met")
    check_close(t["gap"], max(SHARE[1:]) - 0.3, where + ": share-cap gap")
    check(t["progress"]["class"] == "achieved", where + ": share-cap class %r" % t["progress"]["class"])

    t = targets["invest-growth"]
    check(t["kind"] == "cagr" and t["years"] == [2023, 2026], where + ": invest-growth header")
    check_close(t["deterministic"]["value"], 0.1, where + ": invest-growth value")
    check_close(t["required_cagr"], 0.08, where + ": invest-growth required_cagr")
    check_close(t["projected_cagr"], 0.1, where + ": invest-growth projected_cagr")
    check_close(t["gap"], 0.02, where + ": invest-growth gap")
    check_close(t["progress"]["ratio"], 0.1 / 0.08, where + ": invest-growth ratio")

    t = targets["cumulative-900"]
    check_close(t["deterministic"]["value"], CUMULATIVE[3], where + ": cumulative-900 value")
    check(t["deterministic"]["met"] is False, where + ": cumulative-900 met")
    check_close(t["gap"], CUMULATIVE[3] - 900, where + ": cumulative-900 gap")
    check(t["required_cagr"] is None and t["projected_cagr"] is None, where + ": cumulative-900 has no compound rates")
    check(t["progress"].get("rates") == "linear", where + ": cumulative-900 linear rates")
    check_close(t["progress"]["ratio"], (CUMULATIVE[3] / 3) / (900 / 3), where + ": cumulative-900 ratio")
    check(t["progress"]["class"] == "acceleration_needed", where + ": cumulative-900 class")


def in_unit_interval(x):
    return isinstance(x, (int, float)) and 0 <= x <= 1


# ---- check ---------------------------------------------------------------------------------
r = run("check", SMALL)
check(r.returncode == 0, "check on a valid scenario exits 0", r)
check("ok" in r.stdout and "e2e-small" in r.stdout, "check prints the model summary", r)

# ---- run --deterministic ---------------------------------------------------------------------
r = run("run", SMALL, "--deterministic", "--format", "json", "--quiet")
check(r.returncode == 0, "run --deterministic exits 0", r)
deterministic = load_json(r, "run --deterministic")
if deterministic:
    check_report_shape(deterministic, "deterministic", True)
    check_deterministic_values(deterministic, "deterministic")
    for t in deterministic["targets"]:
        check(t["probability"] is None, "deterministic: %s has no probability" % t["id"])
        check(t["status"] == ("on_track" if t["deterministic"]["met"] else "off_track"),
              "deterministic: %s status from the deterministic verdict" % t["id"])
    check(deterministic["joint"]["probability"] is None, "deterministic: no joint probability")

# ---- run with Monte Carlo -------------------------------------------------------------------------
r = run("run", SMALL, "--paths", "20000", "--format", "json", "--quiet")
check(r.returncode == 0, "run --paths 20000 exits 0", r)
mc = load_json(r, "run --paths 20000")
if mc:
    check_report_shape(mc, "monte-carlo", False)
    check_deterministic_values(mc, "monte-carlo")  # the projection is part of every run
    check(mc["settings"]["paths"] == 20000, "monte-carlo: settings.paths")
    check(mc["settings"]["seed"] == 42, "monte-carlo: settings.seed from the scenario")
    for t in mc["targets"]:
        tw = "monte-carlo: target %s" % t["id"]
        p, se = t["probability"], t["probability_se"]
        check(in_unit_interval(p), tw + ": probability %r in [0, 1]" % p)
        check(in_unit_interval(se) and abs(se - math.sqrt(p * (1 - p) / 20000)) <= 1e-12,
              tw + ": probability_se %r = sqrt(p(1-p)/n)" % se)
        q = t["quantiles"]
        require_keys(q, ["p05", "p10", "p50", "p90", "p95"], tw + ".quantiles")
        check(q["p05"] <= q["p10"] <= q["p50"] <= q["p90"] <= q["p95"], tw + ": quantiles ordered %r" % q)
        cut = mc.get("status_cutoffs", {"on_track": 0.8, "at_risk": 0.5})
        expected = "on_track" if p >= cut["on_track"] else "at_risk" if p >= cut["at_risk"] else "off_track"
        check(t["status"] == expected, tw + ": status %r for probability %r" % (t["status"], p))
    check(in_unit_interval(mc["joint"]["probability"]), "monte-carlo: joint probability in [0, 1]")
    check(mc["joint"]["probability"] <= min(t["probability"] for t in mc["targets"]) + 1e-15,
          "monte-carlo: joint probability <= every target's probability")
    out = mc["indicators"]["output"]
    check(len(out["p05"]) == 4 and all(a <= b <= c for a, b, c in zip(out["p05"], out["p50"], out["p95"])),
          "monte-carlo: output p05 <= p50 <= p95 each year")
    check(out["p05"][0] == out["p95"][0] == 1000, "monte-carlo: the base year is not uncertain")
    # output 2026 >= 1100 needs an average growth of 1.1^(1/3) - 1 = 0.0323 a year. The average
    # growth is about N(0.05, s) with s^2 = 0.02^2 (the parameter) + 0.01^2 (3 + 2 (2 * 0.5 + 0.5^2)) / 9
    # (the mean of three AR(1) shocks with ar 0.5), s = 0.0215: P = Phi(0.0177 / 0.0215) = 0.795,
    # to within the linearisation (a few thousandths) and the standard error (0.003).
    p = mc["targets"][0]["probability"]
    check(abs(p - 0.795) < 0.02, "monte-carlo: P(output-1100) = %r, expected about 0.795" % p)
    check(mc["diagnostics"]["nonfinite_paths"] == 0, "monte-carlo: no non-finite paths")

# ---- --set changes the result ---------------------------------------------------------------------
r = run("run", SMALL, "--deterministic", "--format", "json", "--set", "growth=0.02", "--quiet")
check(r.returncode == 0, "run --set growth=0.02 exits 0", r)
changed = load_json(r, "run --set")
if changed:
    values = changed["indicators"]["output"]["deterministic"]
    for t, v in enumerate(values):
        check_close(v, 1000 * 1.02 ** t, "--set growth=0.02: output[%d]" % YEARS[t])
    target = changed["targets"][0]
    check(target["deterministic"]["met"] is False, "--set growth=0.02: output-1100 no longer met")
r = run("run", SMALL, "--paths", "20000", "--format", "json", "--set", "growth.sd=0.001", "--quiet")
check(r.returncode == 0, "run --set growth.sd=0.001 exits 0", r)
narrow = load_json(r, "run --set growth.sd")
if narrow and mc:
    check(narrow["targets"][0]["probability"] != mc["targets"][0]["probability"],
          "--set growth.sd changes the probability")

# ---- a broken scenario ---------------------------------------------------------------------------
shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)
out_file = os.path.join(WORK, "report.json")
r = run("run", BROKEN, "--format", "json", "--out", out_file)
check(r.returncode == 2, "a broken scenario exits 2", r)
first_line = r.stderr.splitlines()[0] if r.stderr else ""
check(first_line == BROKEN + ":8:14: error: 'growth_rat' is not defined [unknown-name]",
      "stderr starts with FILE:LINE:COL: error: MESSAGE [unknown-name] (got %r)" % first_line, r)
check(re.search(r"hint: did you mean 'growth_rate'\?", r.stderr) is not None, "stderr has the did-you-mean hint", r)
check(not os.path.exists(out_file), "a failed run creates no --out file")
check(os.listdir(WORK) == [], "a failed run leaves nothing in the --out folder: %r" % os.listdir(WORK))

with open(out_file, "w") as f:
    f.write("previous report\n")
before = os.stat(out_file)
r = run("run", BROKEN, "--format", "json", "--out", out_file)
check(r.returncode == 2, "a broken scenario exits 2 (existing --out)", r)
with open(out_file) as f:
    check(f.read() == "previous report\n", "a failed run leaves an existing --out file untouched")
check(os.stat(out_file).st_mtime_ns == before.st_mtime_ns, "a failed run does not touch the existing --out file")

r = run("check", BROKEN)
check(r.returncode == 2 and r.stderr.startswith(BROKEN + ":8:14: error: 'growth_rat' is not defined [unknown-name]"), "check on a broken scenario exits 2", r)

# ---- bad command lines -------------------------------------------------------------------------
for args, what in ((["run", SMALL, "--paths", "abc"], "--paths abc"),
                   (["frobnicate", SMALL], "an unknown verb"),
                   (["run", SMALL, "--format", "xml"], "an unknown format"),
                   (["run", SMALL, "--no-such-option"], "an unknown option"),
                   (["run", SMALL, "--set", "nosuch=1", "--deterministic"], "--set of an unknown name"),
                   (["run", SMALL, "--set", "growth=fast", "--deterministic"], "--set with a bad value"),
                   (["run", SMALL, "--threads", "-1"], "--threads -1"),
                   (["run", os.path.join(DATA, "no-such-file.yaml")], "a missing scenario file"),
                   (["run"], "no scenario")):
    r = run(*args, "--out", out_file) if args[0] == "run" else run(*args)
    check(r.returncode == 2, "%s exits 2" % what, r)
    check("error" in r.stderr, "%s prints an error on stderr" % what, r)
    with open(out_file) as f:
        check(f.read() == "previous report\n", "%s leaves the --out file untouched" % what)
r = run("run", SMALL, "--set", "nosuch=1", "--deterministic")
check("did you mean" in r.stderr or "expected one of" in r.stderr, "--set of an unknown name has a hint", r)
r = run("frobnicate", SMALL)
check("did you mean" in r.stderr or "expected one of" in r.stderr, "an unknown verb has a hint", r)
r = run("run", SMALL, "--pathz", "10")
check(r.returncode == 2 and "'--pathz'" in r.stderr and "did you mean '--paths'?" in r.stderr
      and "[bad-option]" in r.stderr, "a mistyped option names the one meant", r)

# ---- --out: atomic, complete --------------------------------------------------------------------------
# Poll the file while the run writes it: it is always either the previous
# content or a complete report, never a partial one.
command = [GOALPATH, "run", SMALL, "--paths", "1000000", "--format", "json", "--quiet", "--out", out_file]
process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
seen_partial = None
reads = 0
while process.poll() is None:
    try:
        with open(out_file) as f:
            content = f.read()
        reads += 1
        if content != "previous report\n":
            try:
                json.loads(content)
            except ValueError:
                seen_partial = content[-200:]
    except FileNotFoundError:
        seen_partial = "<the file disappeared>"
    time.sleep(0.001)
stdout, stderr = process.communicate()
check(process.returncode == 0, "run --out exits 0 (stderr: %s)" % stderr.strip())
check(seen_partial is None, "--out was never seen partial (%d reads; last bad read ends %r)" % (reads, seen_partial))
check(stdout == "", "with --out nothing goes to stdout")
with open(out_file) as f:
    written = json.load(f)
check(written.get("schema") == "goalpath.report/1" and written["settings"]["paths"] == 1000000, "--out holds the report")
print("--out polled %d times while the run was writing" % reads)
check(sorted(os.listdir(WORK)) == ["report.json"], "no temporary file is left beside --out: %r" % os.listdir(WORK))
# The format follows the extension of --out when --format is not given.
r = run("run", SMALL, "--deterministic", "--quiet", "--out", os.path.join(WORK, "det.json"))
check(r.returncode == 0, "run --out det.json exits 0", r)
with open(os.path.join(WORK, "det.json")) as f:
    check(json.load(f)["settings"]["deterministic"] is True, "--out det.json is a JSON report")
# A folder that does not exist: exit 1, nothing written.
r = run("run", SMALL, "--deterministic", "--quiet", "--out", os.path.join(WORK, "missing", "r.json"))
check(r.returncode != 0, "--out into a missing folder fails", r)
check(not os.path.exists(os.path.join(WORK, "missing")), "--out into a missing folder creates nothing")

shutil.rmtree(WORK, ignore_errors=True)
if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("all checks passed")

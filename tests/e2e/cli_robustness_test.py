#!/usr/bin/python3
"""End-to-end robustness of `goalpath run` (issue 7).

usage: cli_robustness_test.py GOALPATH WORK_DIR

Checks, on the built binary:
- Ctrl-C (SIGINT) during a long run: exit status 1, a message, an existing
  --out file left byte for byte as it was, no new or temporary file.
- Runs this machine cannot do are refused before they start, with exit
  status 2 and a message that says why and what to change: one projected to
  take longer than --max-seconds, one whose statistics need more memory than
  the machine has, and a number of paths beyond the supported maximum.
- Peak memory (maximum resident set) is the same for 10^4 and 5x10^6 paths.
- Numerical hygiene: paths where a value is not a number (log of a negative
  level, division by zero) are counted per target and per indicator, left
  out of the probability (which matches the closed form over the finite
  paths), and flagged in every report format.
- Hostile input, round two (issue 14): --out never replaces a device node,
  a FIFO, the scenario or a file it extends; keeps permission bits; takes a
  255-byte name; a failed write (/dev/full, full or closed stdout) is exit 1;
  compare refuses FIFOs, /dev/zero and huge reports at once; Ctrl-C stops
  the Sobol bootstrap, discover and a long YAML parse within 2 s; sweep,
  sensitivity and discover refuse work beyond --max-seconds or memory up
  front; a 1 MiB YAML and 5000 indicators load under 1 GB; the memory check
  honours ulimit -v; one seed rule; CSV formula cells and terminal escapes
  are neutralised.
Standard library only.
"""
import csv
import io
import json
import math
import os
import signal
import subprocess
import sys
import time

GOALPATH, WORK = sys.argv[1], sys.argv[2]
os.makedirs(WORK, exist_ok=True)
failures = []


def check(condition, what, detail=""):
    if not condition:
        print("FAIL: " + what + ("\n  " + detail if detail else ""))
        failures.append(what)


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def run(*args, timeout=120):
    start = time.monotonic()
    result = subprocess.run([GOALPATH, *args], capture_output=True, encoding="utf-8-sig", timeout=timeout)
    result.seconds = time.monotonic() - start
    return result


SMALL = write("small.yaml", """\
scenario: small
years: [2023, 2027]
parameters:
  g: { value: 0.05, uncertainty: { dist: normal, sd: 0.02 } }
shocks:
  e: { sd: 0.01 }
indicators:
  output: { base: 100, growth: "g + e" }
targets:
  - { id: output-120, indicator: output, year: 2027, at_least: 120 }
""")

# ---- Ctrl-C ----------------------------------------------------------------------------
interrupt_dir = os.path.join(WORK, "interrupt")
os.makedirs(interrupt_dir, exist_ok=True)
for name in os.listdir(interrupt_dir):
    os.remove(os.path.join(interrupt_dir, name))
existing = os.path.join(interrupt_dir, "report.json")
with open(existing, "w", encoding="utf-8") as f:
    f.write('{"previous": "report"}\n')
for out, what in ((existing, "an existing --out file"), (os.path.join(interrupt_dir, "new.json"), "a new --out file")):
    # 10^11 paths would take hours: the run is certainly still going when interrupted.
    process = subprocess.Popen([GOALPATH, "run", SMALL, "--paths", "100000000000", "--max-seconds", "0",
                                "--out", out], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.5)
    check(process.poll() is None, "the long run is still running after 1.5 s (%s)" % what)
    process.send_signal(signal.SIGINT)
    try:
        stdout, stderr = process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        check(False, "Ctrl-C stops the run within 20 s (%s)" % what)
    check(process.returncode == 1, "Ctrl-C exits with status 1 (%s)" % what, "exit %s, stderr %r" % (process.returncode, stderr))
    check("interrupted" in stderr and "nothing was written" in stderr, "Ctrl-C says nothing was written", stderr)
with open(existing, encoding="utf-8") as f:
    check(f.read() == '{"previous": "report"}\n', "Ctrl-C leaves an existing --out file untouched")
check(sorted(os.listdir(interrupt_dir)) == ["report.json"],
      "Ctrl-C leaves no new or temporary file", repr(sorted(os.listdir(interrupt_dir))))

# ---- runs this machine cannot do -------------------------------------------------------
out = os.path.join(WORK, "refused.json")
if os.path.exists(out):
    os.remove(out)
slow = run("run", SMALL, "--paths", "100000000000", "--max-seconds", "60", "--out", out)
check(slow.returncode == 2, "a run projected beyond --max-seconds exits 2", slow.stderr)
check(": error: this run would take about" in slow.stderr and "[resource]" in slow.stderr and "--max-seconds" in slow.stderr,
      "the refusal says how long the run would take and how to allow it", slow.stderr)
check(slow.seconds < 30, "the refusal comes before the run (took %.1f s)" % slow.seconds)
check(not os.path.exists(out), "a refused run writes nothing")

too_many = run("run", SMALL, "--paths", "2000000000000", "--out", out)
check(too_many.returncode == 2 and "paths" in too_many.stderr and "1000000000000" in too_many.stderr,
      "more paths than supported is a command-line error naming the maximum", too_many.stderr)

# 1,000 indicators x 200 years of statistics on 64 threads need hundreds of GB.
lines = ["scenario: wide", "years: [1900, 2099]", "parameters:",
         "  g: { value: 0.01, uncertainty: { dist: normal, sd: 0.01 } }", "indicators:"]
lines += ["  x%d: { base: %d, growth: \"g\" }" % (k, k + 1) for k in range(1000)]
lines += ["targets:", "  - { id: x0-up, indicator: x0, year: 2099, at_least: 1 }"]
WIDE = write("wide.yaml", "\n".join(lines) + "\n")
wide = run("run", WIDE, "--threads", "64", "--paths", "1000", "--out", out)
check(wide.returncode == 2, "a run needing more memory than the machine has exits 2", wide.stderr)
check(": error: this run needs about" in wide.stderr and "[resource]" in wide.stderr and "GB of memory" in wide.stderr
      and "1000 indicators x 200 years" in wide.stderr, "the refusal says how much memory and why", wide.stderr)
check(not os.path.exists(out), "a run refused for memory writes nothing")

# ---- memory does not grow with the number of paths ---------------------------------------
def peak_kib(paths):
    """Maximum resident set of one run, from wait4's rusage of that child alone."""
    process = subprocess.Popen([GOALPATH, "run", SMALL, "--paths", str(paths), "--quiet", "--format", "json"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(process.pid, 0)
    process.returncode = os.waitstatus_to_exitcode(status)
    check(process.returncode == 0, "run with %d paths succeeds" % paths)
    return usage.ru_maxrss


# The signposts keep the first 50 000 paths value by value (docs/CLI.md,
# Signposts): memory is bounded beyond that, so compare 10^5 with 5x10^6.
few, many = peak_kib(100000), peak_kib(5000000)
check(many <= few * 1.1 + 4096, "peak memory does not grow with paths (%d KiB for 10^5, %d KiB for 5x10^6)" % (few, many))

# ---- numerical hygiene -------------------------------------------------------------------
# g ~ Normal(0, 0.5): a growth rate below -100% (g < -1) would turn the level
# negative; GoalPath makes that level not a number instead, so log(level) is
# not a number too. P(g < -1) = Φ(-2) ≈ 2.28%.
NAN = write("nan.yaml", """\
scenario: nan
years: [2023, 2024]
parameters:
  g: { value: 0, uncertainty: { dist: normal, sd: 0.5 } }
indicators:
  level: { base: 1, growth: "g" }
  log_level: { value: "log(level)" }
targets:
  - { id: log-positive, indicator: log_level, year: 2024, at_least: 0 }
  - { id: level-low, indicator: level, year: 2024, at_most: 0.5 }
""")
paths = 200000
reports = {}
for fmt in ("json", "table", "md", "csv", "html"):
    result = run("run", NAN, "--paths", str(paths), "--seed", "7", "--format", fmt, "--quiet")
    check(result.returncode == 0, "run with non-finite paths succeeds (%s)" % fmt, result.stderr)
    reports[fmt] = result.stdout
report = json.loads(reports["json"])
diagnostics = report["diagnostics"]
phi2 = 0.5 * math.erfc(2 / math.sqrt(2))  # P(g < -1)
phi1 = 0.5 * math.erfc(1 / math.sqrt(2))  # P(g < -0.5)
nonfinite = diagnostics["nonfinite_paths"]
se = math.sqrt(phi2 * (1 - phi2) / paths)
check(abs(nonfinite / paths - phi2) < 5 * se, "non-finite paths ≈ Φ(-2) of all (got %d)" % nonfinite)
targets = {t["id"]: t for t in report["targets"]}
check(all(t["nonfinite_paths"] == nonfinite for t in targets.values()), "each target counts its non-finite paths")
check(diagnostics["nonfinite_by_target"] == {"log-positive": nonfinite, "level-low": nonfinite},
      "diagnostics break non-finite paths down by target", repr(diagnostics))
check(diagnostics["nonfinite_path_years_by_indicator"] == {"level": nonfinite, "log_level": nonfinite},
      "diagnostics break non-finite values down by indicator", repr(diagnostics))
check(diagnostics.get("sign_flip_path_years_by_indicator") == {"level": nonfinite},
      "diagnostics name the indicator whose level a rate below -100% would have turned negative", repr(diagnostics))
level = report["indicators"]["level"]
check(level["sign_flip_paths"] == [0, nonfinite], "the indicator counts sign flips per year", repr(level.get("sign_flip_paths")))
check(level["deterministic_sign_flip_years"] == [], "the central path (g = 0) has no sign flip")
finite = paths - nonfinite
# Met iff g >= 0 among the finite paths (g >= -1): P = 0.5 / (1 - Φ(-2)).
expected = 0.5 / (1 - phi2)
got = targets["log-positive"]["probability"]
check(abs(got - expected) < 5 * math.sqrt(expected * (1 - expected) / finite),
      "the probability is over the finite paths only (%.4f vs %.4f)" % (got, expected))
# level <= 0.5 iff g <= -0.5; the sign-flipped paths (which would have "met" it
# with a negative level) are excluded: P = (Φ(-1) - Φ(-2)) / (1 - Φ(-2)).
expected = (phi1 - phi2) / (1 - phi2)
got = targets["level-low"]["probability"]
check(abs(got - expected) < 5 * math.sqrt(expected * (1 - expected) / finite),
      "a negative level never counts as meeting an at_most target (%.4f vs %.4f)" % (got, expected))
check(str(nonfinite) in reports["table"].replace(",", "") and "log-positive" in reports["table"].split("warning")[-1],
      "the table flags the non-finite paths and names the target", reports["table"])
for fmt in ("table", "md", "html"):
    check("below -100%" in reports[fmt] and "level" in reports[fmt],
          "the %s report says a rate below -100%% would have turned a level negative" % fmt, reports[fmt][-2000:])
check("log_level" in reports["md"].split("Diagnostics")[-1] and str(nonfinite) in reports["md"].replace(",", ""),
      "the Markdown report flags the non-finite values and names the indicator", reports["md"])
rows = list(csv.DictReader(io.StringIO(reports["csv"])))
check(any(r["statistic"] == "nonfinite_paths" and r["value"] == str(nonfinite) for r in rows),
      "the CSV report carries the non-finite count")
check(any(r["statistic"] == "sign_flip_path_years" and r["value"] == str(nonfinite) for r in rows),
      "the CSV report carries the sign-flip count", reports["csv"][-1500:])
check("not a number" in reports["html"] and "log-positive" in reports["html"], "the HTML report flags the non-finite paths")

# The deterministic projection: growth -150% from a level of 1 is a sign flip.
FLIP = write("flip.yaml", """\
scenario: flip
years: [2023, 2025]
parameters:
  g: { value: -1.5 }
indicators:
  level: { base: 1, growth: "g" }
targets:
  - { id: level-positive, indicator: level, year: 2025, at_least: 0 }
""")
result = run("run", FLIP, "--deterministic", "--format", "json", "--quiet")
check(result.returncode == 0, "a deterministic run with a sign flip succeeds", result.stderr)
if result.returncode == 0:
    flip = json.loads(result.stdout)
    level = flip["indicators"]["level"]
    check(level["deterministic_sign_flip_years"] == [2024], "the deterministic sign flip is dated", repr(level))
    check(level["deterministic"][1] is None and level["deterministic"][2] is None,
          "the flipped level and what follows are not numbers (null in JSON)", repr(level["deterministic"]))
    check(flip["targets"][0]["status"] != "on_track", "a not-a-number level never meets a target", repr(flip["targets"][0]))
result = run("run", FLIP, "--deterministic", "--format", "table", "--quiet")
check("below -100%" in result.stdout, "the table warns about the deterministic sign flip", result.stdout)
# The same when no target measures the indicator that flips.
UNTARGETED = write("flip-untargeted.yaml", """\
scenario: flip-untargeted
years: [2023, 2025]
indicators:
  level: { base: 1, growth: "-1.5" }
  other: { base: 1, growth: "0.1" }
targets:
  - { id: other-up, indicator: other, year: 2025, at_least: 1 }
""")
result = run("run", UNTARGETED, "--deterministic", "--format", "table", "--quiet")
check(result.returncode == 0 and "below -100%" in result.stdout and "level" in result.stdout.split("warning")[-1],
      "the table warns about a sign flip in an indicator no target measures", result.stdout)

# NaN paths are left out of P, and the report gives the bounds of P with them
# counted as failed and as met (issue 14, item 2).
for tid, t in targets.items():
    check(t["nan_paths"] == nonfinite, "%s: every non-finite path here is NaN" % tid, repr(t))
    met = round(t["probability"] * (paths - nonfinite))
    check(abs(t["probability_if_nan_failed"] - met / paths) < 1e-12 and
          abs(t["probability_if_nan_met"] - (met + nonfinite) / paths) < 1e-12,
          "%s: the bounds of P count the NaN paths as failed and as met" % tid, repr(t))
for fmt in ("table", "md", "html"):
    check("NaN paths: between" in reports[fmt], "the %s report gives the bounds of P over the NaN paths" % fmt,
          reports[fmt][-2000:])

# ---- infinities are ordered values (issue 14, item 2) ---------------------------------------
# exp(800 n), n ~ N(0, 1), overflows to +inf on the paths with n > 0.887: they
# meet `at_least: 1` and fail `at_most: 1e301`. P = 0.5 and Φ(ln(1e301) / 800).
INF = write("inf.yaml", """\
scenario: inf
years: [2023, 2024]
parameters:
  n: { value: 0, uncertainty: { dist: normal, sd: 1 } }
indicators:
  x: { base: "exp(800 * n)", growth: 0 }
targets:
  - { id: above-one, indicator: x, year: 2024, at_least: 1 }
  - { id: capped, indicator: x, year: 2024, at_most: 1e301 }
""")
result = run("run", INF, "--paths", "100000", "--seed", "3", "--format", "json", "--quiet")
check(result.returncode == 0, "a run whose values overflow to inf succeeds", result.stderr)
if result.returncode == 0:
    inf_targets = {t["id"]: t for t in json.loads(result.stdout)["targets"]}
    for tid, expected in (("above-one", 0.5), ("capped", 0.5 * math.erfc(-math.log(1e301) / 800 / math.sqrt(2)))):
        got = inf_targets[tid]["probability"]
        check(abs(got - expected) < 4 * math.sqrt(expected * (1 - expected) / 100000),
              "%s: +inf meets or fails the bound like any number (P %.4f vs %.4f)" % (tid, got, expected))
        check(inf_targets[tid]["nan_paths"] == 0 and inf_targets[tid]["probability_if_nan_met"] is None,
              "%s: infinite paths are not NaN paths" % tid, repr(inf_targets[tid]))
    check(inf_targets["above-one"]["quantiles"]["p95"] is None and 0 < inf_targets["above-one"]["quantiles"]["p50"] < 1e300,
          "the p95 of an overflowing value is inf (null in JSON), its p50 a number", repr(inf_targets["above-one"]))

# ---- ranges wider than the largest double (issue 14, items 1 and 3) --------------------------
# They crashed the histogram (span inf, bin index NaN -> INT_MIN); refused now,
# at load (tests/broken/bad-value--*-overflow.yaml) and at --set.
out = os.path.join(WORK, "never.json")
for assignment in ("g.sd=1e308",):
    result = run("run", SMALL, "--set", assignment, "--out", out)
    check(result.returncode == 2 and "[bad-value]" in result.stderr and "--set " + assignment in result.stderr,
          "--set %s is refused with exit 2 and says where" % assignment, result.stderr)
    check(not os.path.exists(out), "a refused --set writes nothing")
# A normal with sd 1e300 is a range doubles hold (±40 sd); its levels overflow
# to ±inf and NaN on the way: the run must neither crash nor bend a verdict.
HUGE = write("huge.yaml", """\
scenario: huge
years: [2023, 2025]
parameters:
  g: { value: 0, uncertainty: { dist: normal, sd: 1e300 } }
  u: { value: 0, uncertainty: { dist: uniform, low: -8e307, high: 8e307 } }
indicators:
  x: { base: 1, growth: g }
  y: { base: u, growth: 0 }
targets:
  - { id: x-up, indicator: x, year: 2025, at_least: 1 }
  - { id: y-up, indicator: y, year: 2025, at_least: 0 }
""")
result = run("run", HUGE, "--paths", "20000", "--seed", "5", "--format", "json", "--quiet")
check(result.returncode == 0, "a run with values near the largest double succeeds", result.stderr)
if result.returncode == 0:
    huge = {t["id"]: t for t in json.loads(result.stdout)["targets"]}
    got = huge["y-up"]["probability"]
    check(abs(got - 0.5) < 4 * math.sqrt(0.25 / 20000), "P(u >= 0) of a uniform over ±8e307 is 1/2 (got %.4f)" % got)
    check(huge["y-up"]["quantiles"]["p05"] < -6e307 and huge["y-up"]["quantiles"]["p95"] > 6e307,
          "the quantiles of a uniform over ±8e307 are its order statistics", repr(huge["y-up"]["quantiles"]))

# ---- hostile input, round two (issue 14) ---------------------------------------------------
import resource
import stat

HOSTILE = os.path.join(WORK, "hostile")
os.makedirs(HOSTILE, exist_ok=True)
for name in os.listdir(HOSTILE):
    path = os.path.join(HOSTILE, name)
    if os.path.isdir(path) and not os.path.islink(path):
        import shutil
        shutil.rmtree(path)
    else:
        os.remove(path)


def hostile(name):
    return os.path.join(HOSTILE, name)


def run_with(args, timeout=60, **kwargs):
    start = time.monotonic()
    result = subprocess.run([GOALPATH, *args], capture_output=("stdout" not in kwargs), text=True, timeout=timeout,
                            **kwargs)
    result.seconds = time.monotonic() - start
    return result


def catches_sigint(pid):
    """Whether process pid has a handler for SIGINT (SigCgt in /proc/PID/status)."""
    try:
        with open("/proc/%d/status" % pid) as f:
            for line in f:
                if line.startswith("SigCgt:"):
                    return bool(int(line.split()[1], 16) & (1 << (signal.SIGINT - 1)))
    except OSError:
        pass
    return False


def interrupted_after(args, delay, what, out=None):
    """SIGINT `delay` s into the command: exit 1 within 2 s of the signal, nothing written."""
    process = subprocess.Popen([GOALPATH, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    # A sanitizer build starts slowly: wait (up to 10 s) until goalpath has
    # installed its SIGINT handler, so the signal tests the handler and not
    # the process's start-up.
    deadline = time.monotonic() + 10
    while process.poll() is None and not catches_sigint(process.pid) and time.monotonic() < deadline:
        time.sleep(0.02)
    still_running = process.poll() is None
    check(still_running, "%s: still running after %.1f s, so the interrupt lands mid-work" % (what, delay))
    process.send_signal(signal.SIGINT)
    signalled = time.monotonic()
    try:
        _, stderr = process.communicate(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        _, stderr = process.communicate()
    late = time.monotonic() - signalled
    check(late < 2.0, "%s: Ctrl-C stops it within 2 s (took %.1f s)" % (what, late))
    check(process.returncode == 1 and "interrupted" in stderr, "%s: Ctrl-C exits 1 and says so" % what,
          "exit %s, stderr %r" % (process.returncode, stderr[-500:]))
    if out is not None:
        check(not os.path.exists(out), "%s: Ctrl-C writes no --out file" % what)


# 4: a device node named by --out is written in place, never replaced by a file.
# Our own nodes (mknod, as root), not the machine's /dev/null: a failure must
# not break the machine.
if os.geteuid() == 0:
    null_node, full_node = hostile("null-device"), hostile("full-device")
    os.mknod(null_node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    os.mknod(full_node, stat.S_IFCHR | 0o666, os.makedev(1, 7))
    result = run("run", SMALL, "--paths", "1000", "--quiet", "--format", "json", "--out", null_node)
    check(result.returncode == 0, "--out naming a null device succeeds", result.stderr)
    check(stat.S_ISCHR(os.stat(null_node).st_mode), "--out naming a device leaves the device node in place")
    result = run("run", SMALL, "--paths", "1000", "--quiet", "--format", "json", "--out", full_node)
    check(result.returncode == 1 and "failed" in result.stderr, "--out naming a full device (ENOSPC) exits 1",
          "exit %s, stderr %r" % (result.returncode, result.stderr))
    check(stat.S_ISCHR(os.stat(full_node).st_mode), "--out naming a full device leaves the device node in place")
else:
    print("note: not root; the device-node checks of --out need mknod")
fifo_out = hostile("out.fifo")
os.mkfifo(fifo_out)
result = run("run", SMALL, "--paths", "1000", "--quiet", "--format", "json", "--out", fifo_out, timeout=30)
check(result.returncode == 1 and "FIFO" in result.stderr, "--out naming a FIFO nobody reads exits 1 at once",
      "exit %s, stderr %r" % (result.returncode, result.stderr))
check(stat.S_ISFIFO(os.stat(fifo_out).st_mode), "--out naming a FIFO leaves the FIFO in place")

# 5: the replaced file keeps its permission bits; no temporary file is left.
private = hostile("private.json")
with open(private, "w") as f:
    f.write("{}\n")
os.chmod(private, 0o600)
result = run("run", SMALL, "--paths", "1000", "--quiet", "--out", private)
check(result.returncode == 0 and stat.S_IMODE(os.stat(private).st_mode) == 0o600,
      "a replaced 0600 report stays 0600 (is %o)" % stat.S_IMODE(os.stat(private).st_mode), result.stderr)
check(not [n for n in os.listdir(HOSTILE) if n.startswith(".")], "no temporary file is left", repr(os.listdir(HOSTILE)))

# 6: --out naming the scenario, or a file it extends, is refused and leaves it alone.
parent = hostile("parent.yaml")
with open(SMALL) as f:
    small_text = f.read()
with open(parent, "w") as f:
    f.write(small_text)
child = hostile("child.yaml")
with open(child, "w") as f:
    f.write("scenario: child\nextends: parent.yaml\n")
for target, what in ((child, "the scenario"), (parent, "a file the scenario extends")):
    result = run("run", child, "--paths", "1000", "--quiet", "--format", "json", "--out", target)
    check(result.returncode == 2 and "input file" in result.stderr, "--out naming %s exits 2" % what, result.stderr)
with open(child) as f:
    check(f.read() == "scenario: child\nextends: parent.yaml\n", "--out naming the scenario leaves it untouched")
with open(parent) as f:
    check(f.read() == small_text, "--out naming an extended file leaves it untouched")

# 7: the longest valid file name (255 bytes) works; the temporary name stays within the limit.
long_out = hostile("r" * 250 + ".json")
result = run("run", SMALL, "--paths", "1000", "--quiet", "--out", long_out)
check(result.returncode == 0 and os.path.exists(long_out), "--out with a 255-byte file name works", result.stderr)

# 8: a report that cannot reach stdout is exit 1, not 0.
with open("/dev/full", "w") as full:
    result = run_with(["run", SMALL, "--paths", "1000", "--quiet", "--format", "json"], stdout=full, stderr=subprocess.PIPE)
check(result.returncode == 1, "a report to a full stdout (> /dev/full) exits 1", "exit %s" % result.returncode)
result = subprocess.run(["bash", "-c", '"$0" run "$1" --paths 1000 --quiet --format json >&-', GOALPATH, SMALL],
                        capture_output=False, stderr=subprocess.PIPE, text=True, timeout=60)
check(result.returncode == 1, "a report to a closed stdout exits 1", "exit %s, %r" % (result.returncode, result.stderr))

# 9: compare reads only regular report files of bounded size, and says so at once.
fifo_in = hostile("report.fifo.json")
os.mkfifo(fifo_in)
big_report = hostile("big-report.json")
with open(big_report, "wb") as f:
    f.truncate(200 * 1000 * 1000)  # sparse: 200 MB that take no disk
for bad, what in ((fifo_in, "a FIFO"), ("/dev/zero", "/dev/zero"), (big_report, "a 200 MB JSON file")):
    try:
        result = run("compare", bad, SMALL, "--paths", "1000", "--quiet", timeout=10)
        check(result.returncode == 2 and result.seconds < 5, "compare given %s exits 2 at once" % what,
              "exit %s after %.1f s, stderr %r" % (result.returncode, result.seconds, result.stderr))
    except subprocess.TimeoutExpired:
        check(False, "compare given %s exits 2 at once (it blocked)" % what)

# 10: Ctrl-C stops the Sobol bootstrap, discover and a long YAML parse promptly.
boot_out = hostile("sobol.json")
interrupted_after(["sensitivity", SMALL, "--method", "sobol", "--samples", "4096", "--bootstrap", "10000000",
                   "--max-seconds", "0", "--quiet", "--out", boot_out], 1.5, "a 10^7-resample Sobol bootstrap", boot_out)
discover_out = hostile("discover.json")
interrupted_after(["discover", SMALL, "--samples", "10000000", "--max-seconds", "0", "--quiet", "--out", discover_out],
                  1.5, "discover with 10^7 samples", discover_out)
# A flat list just under the 1 MiB size limit: the slowest and largest parse
# the limits allow (yaml-cpp builds all of it before the node budget applies).
flat = hostile("flat.yaml")
with open(flat, "w") as f:
    f.write("scenario: flat\nyears: [2023, 2024]\ndescription: [" + "1," * (512 * 1024 - 40) + "1]\n")
parse_out = hostile("parse.json")
interrupted_after(["run", flat, "--quiet", "--out", parse_out], 0.2, "a 1 MiB YAML parse", parse_out)

# 11: sweep, sensitivity and discover refuse work beyond --max-seconds or memory, before starting.
TWO = hostile("two.yaml")
with open(TWO, "w") as f:
    f.write("scenario: two\nyears: [2023, 2027]\nparameters:\n  a: 0.05\n  b: 0.01\n"
            "indicators:\n  output: { base: 100, growth: \"a + b\" }\n"
            "targets:\n  - { id: up, indicator: output, year: 2027, at_least: 120 }\n")
grid = run("sweep", TWO, "--grid", "a=0:0.315:0.001", "--grid", "b=0:0.315:0.001", "--paths", "10000", "--max-seconds", "2",
           "--quiet", timeout=120)
check(grid.returncode == 2 and "[resource]" in grid.stderr and "--max-seconds" in grid.stderr and grid.seconds < 10,
      "a 316x316 sweep beyond --max-seconds 2 is refused up front", "%.1f s, %r" % (grid.seconds, grid.stderr))
# 48 GB of bootstrap indices and hours of resampling: refused for memory, or
# (on a machine with that much free) for time.
boot = run("sensitivity", SMALL, "--method", "sobol", "--bootstrap", "2000000000", "--max-seconds", "60", "--quiet",
           timeout=120)
check(boot.returncode == 2 and "[resource]" in boot.stderr and "--bootstrap" in boot.stderr and boot.seconds < 10,
      "a bootstrap too large for memory or time is refused up front", "%.1f s, %r" % (boot.seconds, boot.stderr))
samples = run("discover", SMALL, "--samples", "10000000", "--max-seconds", "1", "--quiet", timeout=120)
check(samples.returncode == 2 and "[resource]" in samples.stderr and "--samples" in samples.stderr and samples.seconds < 10,
      "discover beyond --max-seconds is refused up front", "%.1f s, %r" % (samples.seconds, samples.stderr))


# 12: inputs within the documented limits stay under 1 GB; the memory check respects ulimit -v.
def peak_of(args, limit_bytes=None):
    def limit():
        if limit_bytes:
            resource.setrlimit(resource.RLIMIT_AS, (limit_bytes, limit_bytes))
    process = subprocess.Popen([GOALPATH, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                               preexec_fn=limit)
    _, status, usage = os.wait4(process.pid, 0)
    stderr = process.stderr.read()
    return os.waitstatus_to_exitcode(status), usage.ru_maxrss, stderr


code, peak, stderr = peak_of(["check", flat])
check(code == 2 and peak < 1024 * 1024, "checking a 1 MiB flat YAML peaks under 1 GB (%d MiB, exit %d)" % (peak // 1024, code),
      stderr[-300:])
four = hostile("flat-4mib.yaml")
with open(four, "w") as f:
    f.write("scenario: flat\nyears: [2023, 2024]\ndescription: [" + "1," * (2 * 1024 * 1024 - 40) + "1]\n")
code, peak, stderr = peak_of(["check", four])
# Against the process's own floor (`--version`), not a fixed figure: under
# ASan the floor alone is about 95 MiB, and parsing the file would add hundreds.
_, floor, _ = peak_of(["--version"])
check(code == 2 and "too-large" in stderr and peak < floor + 20 * 1024,
      "a 4 MiB YAML is refused before parsing (%d MiB; %d MiB for --version)" % (peak // 1024, floor // 1024),
      stderr[-300:])
widest = hostile("indicators-5000.yaml")
with open(widest, "w") as f:
    f.write("scenario: widest\nyears: [2023, 2024]\nindicators:\n")
    for k in range(5000):
        f.write("  x%d: { base: 1, growth: 0 }\n" % k)
code, peak, stderr = peak_of(["check", widest])
check(code == 0 and peak < 1024 * 1024, "5000 indicators (the maximum) load under 1 GB (%d MiB)" % (peak // 1024), stderr[-300:])
with open(GOALPATH, "rb") as binary:
    sanitized = b"__asan_init" in binary.read()
if sanitized:
    # AddressSanitizer reserves terabytes of shadow address space at start-up,
    # which any ulimit -v refuses before goalpath runs a line.
    print("note: AddressSanitizer build; the ulimit -v check runs in the release build only")
else:
    code, peak, stderr = peak_of(["run", WIDE, "--threads", "2", "--paths", "1000", "--quiet", "--format", "json"],
                                 limit_bytes=600 * 1024 * 1024)
    check(code == 2 and "[resource]" in stderr and "memory" in stderr,
          "a run needing more memory than ulimit -v allows is refused with exit 2", "exit %d, %r" % (code, stderr[-400:]))

# 14: one seed rule for the command line and the file: 0 to 2^53.
for seed in ("-1", str(2 ** 53 + 1), "18446744073709551615"):
    result = run("run", SMALL, "--paths", "100", "--quiet", "--seed", seed)
    check(result.returncode == 2 and "2^53" in result.stderr, "--seed %s is refused, naming the rule" % seed, result.stderr)
result = run("run", SMALL, "--paths", "100", "--quiet", "--format", "json", "--seed", str(2 ** 53))
check(result.returncode == 0 and json.loads(result.stdout)["settings"]["seed"] == 2 ** 53,
      "--seed 2^53 is accepted and reported exactly", result.stderr)

# 16: CSV cells that a spreadsheet would run as formulas are neutralised; numbers stay numbers;
# escape sequences in a title never reach the terminal.
formula = hostile("formula.yaml")
with open(formula, "w") as f:
    f.write('scenario: formula\ntitle: "\\x1b]0;owned\\x07\\x1b[2J plan"\nyears: [2023, 2025]\n'
            'indicators:\n  output: { base: 100, growth: -0.05 }\n'
            'targets:\n  - { id: t1, label: "=HYPERLINK(\\"http://x\\")", indicator: output, year: 2025, at_least: -5 }\n'
            '  - { id: t2, label: "@SUM(A1)", indicator: output, year: 2025, at_most: 1000 }\n')
result = run("run", formula, "--paths", "1000", "--quiet", "--format", "csv")
check(result.returncode == 0, "the formula scenario runs", result.stderr)
rows = list(csv.DictReader(io.StringIO(result.stdout)))
labels = [r["value"] for r in rows if r["statistic"] == "label" and r["target"] in ("t1", "t2")]
check(labels and all(v.startswith("'") for v in labels), "CSV label cells starting with = or @ get a leading quote", repr(labels))
thresholds = [r["value"] for r in rows if r["statistic"] == "threshold"]
check("-5" in thresholds, "a negative number stays a number in the CSV", repr(thresholds))
result = run("run", formula, "--paths", "1000", "--quiet")
check(result.returncode == 0 and "\x1b" not in result.stdout and "\x07" not in result.stdout,
      "the table has no raw escape or bell character from the title", repr(result.stdout[:300]))
result = run("check", formula)
check(result.returncode == 0 and "\x1b" not in result.stdout, "check prints no raw escape from the title", repr(result.stdout[:300]))

if failures:
    print("%d check(s) failed" % len(failures))
    sys.exit(1)
print("all robustness checks passed")

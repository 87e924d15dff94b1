#!/usr/bin/python3
"""mpirun -n N goalpath VERB ... writes the report one process writes, byte
for byte, less the fields that say how it ran (settings.threads,
settings.processes, diagnostics.seconds): run, sweep, sensitivity (Sobol with
shocks, and Morris) and discover of the Shanghai baseline, on 2 and 3
processes (uneven shares) with 1 and 2 threads each. Also: only one process
writes (stdout once, one file), a scenario error is said once and exits 2,
and the reproducibility block of a table report names the processes.

usage: cli_mpi_test.py GOALPATH SOURCE_DIR WORK_DIR MPIEXEC
"""
import json
import re
import os
import pathlib
import shutil
import subprocess
import sys

goalpath, source, work, mpiexec = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3]), sys.argv[4]
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
shutil.copytree(source / "scenarios" / "shanghai-2027", work / "shanghai-2027")
baseline = str(work / "shanghai-2027" / "baseline.yaml")
failures = []
# Open MPI refuses root unless told twice; CI containers run as root. A
# machine with fewer cores than processes needs --oversubscribe.
env = dict(os.environ, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1", OMPI_MCA_btl_vader_single_copy_mechanism="none")


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def mpirun(n, args, **kw):
    return subprocess.run([mpiexec, "-n", str(n), "--oversubscribe", goalpath, *args], capture_output=True, text=True,
                          env=env, timeout=600, **kw)


def without_execution(document):
    """The report less how it ran: threads, processes and seconds, wherever they are."""
    if isinstance(document, dict):
        return {k: without_execution(v) for k, v in document.items() if k not in ("threads", "processes", "seconds")}
    if isinstance(document, list):
        return [without_execution(v) for v in document]
    return document


def blank_execution(text):
    """The JSON text with the values of "threads", "processes" and "seconds" blanked."""
    return re.sub(r'("(?:threads|processes|seconds)": )[-0-9.e+]+', r'\1_', text)


def execution(document, key):
    return document["settings"][key] if "settings" in document else None


studies = {
    "run": ["run", baseline, "--paths", "30000", "--seed", "11"],
    "sweep": ["sweep", baseline, "--grid", "output_growth=0.03:0.07:0.01", "--paths", "4000", "--seed", "5"],
    "sobol": ["sensitivity", baseline, "--method", "sobol", "--samples", "256", "--with-shocks", "--seed", "3",
              "--target", "gross-output-5t"],
    "morris": ["sensitivity", baseline, "--method", "morris", "--samples", "20", "--seed", "3"],
    "discover": ["discover", baseline, "--samples", "3000", "--with-shocks", "--seed", "9"],
}
# Each run writes report.json in a folder of its own, with the default
# threads (one process: every core; N processes: the cores divided among
# them), so that the command lines are the same word for word.
for name, args in studies.items():
    folder = work / name
    (folder / "one").mkdir(parents=True)
    one = subprocess.run([goalpath, *args, "--quiet", "--format", "json", "--out", "report.json"],
                         capture_output=True, text=True, timeout=600, cwd=folder / "one")
    check(one.returncode == 0, f"{name}: one process exit {one.returncode}: {one.stderr}")
    if one.returncode != 0:
        continue
    reference_text = (folder / "one" / "report.json").read_text()
    reference = json.loads(reference_text)
    check(execution(reference, "processes") == 1, f"{name}: one process records processes = {execution(reference, 'processes')}")
    for n in (2, 3):
        (folder / str(n)).mkdir()
        spread = mpirun(n, [*args, "--quiet", "--format", "json", "--out", "report.json"], cwd=folder / str(n))
        check(spread.returncode == 0, f"{name}: mpirun -n {n} exit {spread.returncode}: {spread.stderr[-2000:]}")
        if spread.returncode != 0:
            continue
        text = (folder / str(n) / "report.json").read_text()
        document = json.loads(text)
        check(execution(document, "processes") == n, f"{name}: -n {n} records processes = {execution(document, 'processes')}")
        same = without_execution(document) == without_execution(reference)
        check(same, f"{name}: mpirun -n {n} differs from one process")
        if not same:
            for key in reference:
                if without_execution(reference[key]) != without_execution(document.get(key)):
                    print(f"  {name}: '{key}' differs")
        # Byte for byte: the file itself, once the execution fields' values are blanked.
        check(blank_execution(text) == blank_execution(reference_text), f"{name}: -n {n}: the JSON text differs")
        leftovers = sorted(p.name for p in (folder / str(n)).iterdir() if p.name != "report.json")
        check(not leftovers, f"{name}: -n {n} left files beside the report: {leftovers}")

# The report reaches stdout once, from one process; the provenance names the processes.
table = mpirun(2, ["run", baseline, "--paths", "20000", "--lang", "en", "--quiet"])
check(table.returncode == 0, f"run to stdout: exit {table.returncode}: {table.stderr}")
check(table.stdout.count("Reproducibility") + table.stdout.count("reproducib") >= 1 or "threads" in table.stdout,
      "run to stdout: no provenance block")
check(table.stdout.count("goalpath run ") == 1, f"run to stdout: the report appears {table.stdout.count('goalpath run ')} times")
check("on each of 2 processes" in table.stdout, "run to stdout: the threads row does not name the 2 processes")

# A scenario error is every process's, said once, exit 2.
broken = work / "broken.yaml"
broken.write_text("scenario: broken\nyears: [2023, 2025]\nindicators:\n  x: { base: 1, growth: nope }\n")
bad = mpirun(2, ["run", str(broken), "--paths", "1000"])
check(bad.returncode == 2, f"broken scenario: exit {bad.returncode}, want 2")
check(bad.stderr.count("error:") == 1, f"broken scenario: the error is said {bad.stderr.count('error:')} times: {bad.stderr}")
check(f"{broken}:4:" in bad.stderr, f"broken scenario: no FILE:LINE: {bad.stderr}")

# serve is one process's.
serve = mpirun(2, ["serve", baseline, "--port", "0"])
check(serve.returncode == 2 and "without mpirun" in serve.stderr, f"serve under mpirun: exit {serve.returncode}: {serve.stderr}")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("mpirun: every report equals one process's")

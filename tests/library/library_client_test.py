#!/usr/bin/python3
"""The library, used by a program of its own, gives the command line's report.

usage: library_client_test.py LIBRARY_CLIENT GOALPATH SCENARIO...

For each scenario runs library_client (linked against GoalPath::goalpath
alone) and `goalpath run --format json` with the same paths, seed and
threads, removes the fields that legitimately differ (settings.command_line,
diagnostics.seconds) and compares the rest: every probability, band and
provenance field. Standard library only.
"""
import json
import subprocess
import sys

CLIENT, GOALPATH, SCENARIOS = sys.argv[1], sys.argv[2], sys.argv[3:]
PATHS, SEED, THREADS = "4000", "11", "2"


def report(command):
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        print("FAIL: %s exited %d\n  stderr: %s" % (" ".join(command), result.returncode, result.stderr.strip()))
        sys.exit(1)
    data = json.loads(result.stdout)
    data["settings"].pop("command_line", None)
    data["diagnostics"].pop("seconds", None)
    return data


failed = False
for scenario in SCENARIOS:
    library = report([CLIENT, scenario, PATHS, SEED, THREADS])
    cli = report([GOALPATH, "run", scenario, "--paths", PATHS, "--seed", SEED, "--threads", THREADS,
                  "--format", "json", "--quiet"])
    if library != cli:
        failed = True
        keys = sorted(k for k in set(library) | set(cli) if library.get(k) != cli.get(k))
        print("FAIL: %s: the library's report differs from the command line's in %s" % (scenario, keys))
    elif not library.get("targets"):
        failed = True
        print("FAIL: %s: no targets in the report" % scenario)
    else:
        print("ok: %s: %d targets, the same report from the library and the command line"
              % (scenario, len(library["targets"])))
sys.exit(1 if failed else 0)

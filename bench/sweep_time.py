#!/usr/bin/python3
"""Times a 1,000-point sweep of the Shanghai baseline at 10,000 paths a point
(issue 20's bar: under 2 s of wall time), the whole process, median of
several runs; with --compare BIN also another binary, alternating, and checks
that both wrote the same points.

    bench/sweep_time.py [--goalpath BIN] [--compare BIN] [--repeats N] [--paths N]

Command timed (every core, as a user would run it):
    goalpath sweep scenarios/shanghai-2027/baseline.yaml
        --grid output_growth=0.0:0.0999:0.0001 --paths 10000 --format json --out FILE
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--goalpath", default=os.path.join(root, "build", "engine", "goalpath"))
parser.add_argument("--compare", help="a second binary to time alternately (e.g. the one before a change)")
parser.add_argument("--repeats", type=int, default=5)
parser.add_argument("--paths", type=int, default=10000)
parser.add_argument("--scenario", default=os.path.join(root, "scenarios", "shanghai-2027", "baseline.yaml"))
parser.add_argument("--grid", default="output_growth=0.0:0.0999:0.0001")
args = parser.parse_args()

binaries = [args.goalpath] + ([args.compare] if args.compare else [])
for path in binaries + [args.scenario]:
    if not os.path.exists(path):
        sys.exit(f"sweep_time: {path} not found")


def points(path):
    with open(path) as f:
        report = json.load(f)
    return report["points"]


times = {b: [] for b in binaries}
results = {}
with tempfile.TemporaryDirectory() as work:
    for _ in range(args.repeats):
        for k, binary in enumerate(binaries):
            out = os.path.join(work, f"sweep{k}.json")
            start = time.perf_counter()
            subprocess.run([binary, "sweep", args.scenario, "--grid", args.grid, "--paths", str(args.paths),
                            "--format", "json", "--quiet", "--out", out], check=True)
            times[binary].append(time.perf_counter() - start)
            results[binary] = points(out)

n = len(results[args.goalpath])
print(f"sweep {os.path.relpath(args.scenario, root)} --grid {args.grid}: {n} points x {args.paths} paths; "
      f"median of {args.repeats}, wall time of the whole process")
for binary in binaries:
    t = times[binary]
    print(f"  {binary:40s} {statistics.median(t):7.3f} s   ({' '.join(f'{x:.3f}' for x in t)})")
if args.compare:
    same = results[args.goalpath] == results[args.compare]
    print(f"  points identical: {'yes' if same else 'NO'}")
    sys.exit(0 if same else 1)

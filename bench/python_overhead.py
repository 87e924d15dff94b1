#!/usr/bin/python3
"""What calling `run` through Python costs over the command line (issue 15:
at most 10% for a 2M-path perf6 run).

    bench/python_overhead.py [--goalpath BIN] [--python-dir DIR] [--repeats N] [--paths N]

Alternates, N times:
  cli      `goalpath run perf6.yaml --paths 2000000 --format json --quiet
           --out FILE`: wall time of the whole process (load, simulate,
           render, write), as a user runs it;
  python   `goalpath.load(perf6.yaml).run(paths=2_000_000)` in this process
           (the module imported once, as in a notebook): load, simulate,
           render the report JSON, parse it into a dict, build the arrays;
  python process (once per round, for information) the same call in a fresh
           `/usr/bin/python3 -c`, interpreter start and `import goalpath`
           (NumPy) included.
Prints the medians and the ratio python / cli, and checks that both give
the same probabilities and quantiles to the last digit. Both use every core
(threads 0). The module is the build's (build/python) unless --python-dir.
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
parser.add_argument("--python-dir", default=os.path.join(root, "build", "python"))
parser.add_argument("--repeats", type=int, default=7)
parser.add_argument("--paths", type=int, default=2_000_000)
parser.add_argument("--scenario", default=os.path.join(root, "bench", "peers", "perf6.yaml"))
args = parser.parse_args()

for path in (args.goalpath, args.scenario, os.path.join(args.python_dir, "goalpath")):
    if not os.path.exists(path):
        sys.exit(f"python_overhead: {path} not found (build first, or pass --goalpath / --python-dir)")
sys.path.insert(0, args.python_dir)
import goalpath  # noqa: E402

child_env = dict(os.environ, PYTHONPATH=args.python_dir)
child = ("import sys, goalpath\n"
         "goalpath.load(sys.argv[1]).run(paths=int(sys.argv[2]))\n")
times = {"cli": [], "python": [], "python process": []}
with tempfile.TemporaryDirectory() as work:
    out = os.path.join(work, "cli.json")
    for _ in range(args.repeats):
        start = time.perf_counter()
        subprocess.run([args.goalpath, "run", args.scenario, "--paths", str(args.paths), "--format", "json",
                        "--quiet", "--out", out], check=True)
        times["cli"].append(time.perf_counter() - start)
        start = time.perf_counter()
        result = goalpath.load(args.scenario).run(paths=args.paths)
        times["python"].append(time.perf_counter() - start)
        start = time.perf_counter()
        subprocess.run(["/usr/bin/python3", "-c", child, args.scenario, str(args.paths)], check=True, env=child_env)
        times["python process"].append(time.perf_counter() - start)
    cli = json.load(open(out, encoding="utf-8"))

median = {k: statistics.median(v) for k, v in times.items()}
print(f"perf6: {args.paths} paths, {cli['settings']['threads']} threads, seed {cli['settings']['seed']}; "
      f"median of {args.repeats} alternating rounds")
for k, v in times.items():
    print(f"  {k:15s} {median[k]:7.3f} s   ({' '.join(f'{t:.3f}' for t in v)})")
ratio = median["python"] / median["cli"]
print(f"  ratio python / cli           {ratio:6.3f}  ({(ratio - 1) * 100:+.1f}%; the goal: at most +10%)")
print(f"  ratio python process / cli   {median['python process'] / median['cli']:6.3f}")
same = all(t["probability"] == u["probability"] and t["quantiles"] == u["quantiles"]
           for t, u in zip(cli["targets"], result.report["targets"]))
print(f"  probabilities and quantiles identical: {'yes' if same else 'NO'}")
sys.exit(0 if same else 1)

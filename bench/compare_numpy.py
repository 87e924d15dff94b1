#!/usr/bin/python3
"""Times `goalpath run perf6.yaml` and the NumPy reference numpy_perf6.py side by
side in one run (alternating, median of several), prints the speed ratio and
checks that every target probability agrees within 0.003.

    bench/compare_numpy.py [--goalpath BIN] [--repeats N] [--peers DIR] [--out FILE]

NumPy runs under Debian's /usr/bin/python3 with OPENBLAS_CORETYPE and
OPENBLAS_L2_SIZE removed from its environment (they slow a current NumPy);
GoalPath runs with every core (--threads 0), as a user would run it, with
--no-signposts: the reference computes probabilities and bands only, so the
signposts (P(met | a year's value >= x), which goalpath adds) are left out of
the comparison; `--with-signposts` times them too. Both write their JSON to a
pipe (stdout) that this script reads, as the reference does; `--out FILE` has
goalpath write a file instead, which it renames into place and syncs to disk
(fsync of the file and its folder: 1-6 ms here, more on a busy disk).
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
parser = argparse.ArgumentParser()
parser.add_argument("--goalpath", default=os.path.join(root, "build", "engine", "goalpath"))
parser.add_argument("--repeats", type=int, default=5)
parser.add_argument("--peers", default=os.environ.get("GOALPATH_PEERS", os.path.join(root, "bench", "peers")))
parser.add_argument("--with-signposts", action="store_true", help="time the run with its signposts (the reference has none)")
parser.add_argument("--out", help="goalpath writes its report to this file (--out: written atomically and "
                    "synced to disk, a few ms more) instead of to the pipe the reference also writes to")
args = parser.parse_args()
args.out_file = ["--out", args.out] if args.out else []

scenario = os.path.join(args.peers, "perf6.yaml")
reference = os.path.join(args.peers, "numpy_perf6.py")
for path in (args.goalpath, scenario, reference):
    if not os.path.exists(path):
        sys.exit(f"compare_numpy: {path} not found (build first, or pass --goalpath / --peers)")

numpy_env = {k: v for k, v in os.environ.items() if k not in ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE")}
times = {"goalpath": [], "numpy": []}
for _ in range(args.repeats):
    start = time.perf_counter()
    goalpath_out = subprocess.run([args.goalpath, "run", scenario, "--format", "json", "--quiet"]
                                  + ([] if args.with_signposts else ["--no-signposts"]) + args.out_file,
                                  check=True, capture_output=True, text=True).stdout
    times["goalpath"].append(time.perf_counter() - start)
    start = time.perf_counter()
    numpy_out = subprocess.run(["/usr/bin/python3", reference], check=True, capture_output=True, text=True,
                               env=numpy_env).stdout
    times["numpy"].append(time.perf_counter() - start)
ours = json.load(open(args.out_file[1])) if args.out_file else json.loads(goalpath_out)
ref = json.loads(numpy_out)

g = statistics.median(times["goalpath"])
n = statistics.median(times["numpy"])
print(f"perf6: {ours['settings']['paths']} paths, goalpath on {ours['settings']['threads']} threads; "
      f"median of {args.repeats} alternating runs, wall time of the whole process")
print(f"  goalpath {g:8.3f} s   ({' '.join(f'{t:.3f}' for t in times['goalpath'])})")
print(f"  numpy    {n:8.3f} s   ({' '.join(f'{t:.3f}' for t in times['numpy'])})")
print(f"  ratio    {n / g:8.1f}x (numpy time / goalpath time)")
worst = 0.0
for t in ours["targets"]:
    theirs = ref["targets"][t["id"]]["probability"]
    worst = max(worst, abs(t["probability"] - theirs))
    print(f"  {t['id']:10s} P goalpath {t['probability']:.4f}   numpy {theirs:.4f}   |diff| {abs(t['probability'] - theirs):.4f}")
joint = abs(ours["joint"]["probability"] - ref["joint"])
worst = max(worst, joint)
print(f"  {'joint':10s} P goalpath {ours['joint']['probability']:.4f}   numpy {ref['joint']:.4f}   |diff| {joint:.4f}")
print("  every probability within 0.003 of the reference" if worst <= 0.003 else
      f"  PROBABILITIES DIFFER: worst {worst:.4f} > 0.003")
sys.exit(0 if worst <= 0.003 else 1)

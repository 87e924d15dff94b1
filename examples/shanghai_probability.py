#!/usr/bin/python3
# %% [markdown]
# # Will Shanghai's industry reach 5 trillion yuan of gross output in 2027?
#
# A notebook-style script (cells marked `# %%`, as Jupyter, VS Code and
# jupytext read them): it loads the bundled Shanghai baseline, runs it,
# draws the gross output of 2027 on every Monte Carlo path and plots their
# histogram against the plan's threshold of 5 trillion yuan (50,000 亿元).
#
#     /usr/bin/python3 examples/shanghai_probability.py [OUT.png] [--paths N]
#
# It writes the plot to OUT.png (default: shanghai_probability.png in the
# current directory) and prints the numbers it shows. Needs the goalpath
# module (scripts/quickstart.sh installs it) and matplotlib
# (Debian: python3-matplotlib).

# %%
import argparse
import os
import sys

import matplotlib

matplotlib.use("Agg")  # no display needed: write a file
import matplotlib.pyplot as plt
import numpy as np

import goalpath

here = os.path.dirname(os.path.abspath(__file__))
parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("out", nargs="?", default="shanghai_probability.png")
parser.add_argument("--paths", type=int, default=100_000)
parser.add_argument("--scenario", default=os.path.join(here, "..", "scenarios", "shanghai-2027", "baseline.yaml"))
args = parser.parse_args()

# %% [markdown]
# ## Load and run
#
# `load` reads and checks the scenario once; `run` is `goalpath run`: the
# same seed and paths give the command line's numbers to the last digit.
# `r.report` is the `goalpath.report/1` dictionary; the arrays beside it
# hold the same numbers for NumPy.

# %%
scenario = goalpath.load(args.scenario)
result = scenario.run(paths=args.paths)
seed = result.report["settings"]["seed"]
k = result.targets.index("gross-output-5t")
target = result.report["targets"][k]
threshold = target["threshold"]
print(f"{scenario.title}")
print(f"{args.paths} paths, seed {seed}")
for t, p, se in zip(result.targets, result.probability, result.probability_se):
    print(f"  {t:18s} P(met) = {p:.3f} ± {se:.3f}")

# %% [markdown]
# ## Every path's gross output in 2027
#
# `sample` returns the value of one indicator in one year on each path of
# the run with the same seed and paths, so the share of them at or above the
# threshold is the target's probability, and their quantiles are the
# report's band.

# %%
x = scenario.sample("industrial_output", 2027, paths=args.paths, seed=seed)
share = np.mean(x >= threshold)
print(f"  share of sampled paths >= {threshold:,.0f}: {share:.3f} (the run's P: {result.probability[k]:.3f})")
if share != result.probability[k]:
    sys.exit("the sample does not agree with the run")  # they are the same paths

# %% [markdown]
# ## The histogram
#
# Paths to the right of the red line meet the target. The dashed lines are
# the 5th, 50th and 95th percentiles the report gives for 2027.

# %%
band = result.bands["industrial_output"][scenario.years.index(2027)]
fig, ax = plt.subplots(figsize=(8, 4.5))
ax.hist(x / 1e4, bins=120, color="#4a7db3", alpha=0.85)
ax.axvline(threshold / 1e4, color="#c0392b", linewidth=2, label=f"target: {threshold / 1e4:.0f} trillion yuan")
for name, column in (("p05", 0), ("p50", 3), ("p95", 6)):
    ax.axvline(band[column] / 1e4, color="black", linestyle="--", linewidth=1)
    ax.text(band[column] / 1e4, ax.get_ylim()[1] * 0.95, f" {name}", fontsize=8, va="top")
ax.set_xlabel("gross industrial output in 2027 (trillion yuan, current prices)")
ax.set_ylabel("paths")
ax.set_title(f"Shanghai baseline: P(gross output ≥ 5 trillion in 2027) = {result.probability[k]:.2f}")
ax.legend(loc="upper right")
fig.tight_layout()
fig.savefig(args.out, dpi=120)
print(f"wrote {args.out}")

#!/usr/bin/python3
"""End-to-end test of `goalpath track` and of signposts, against closed forms.

usage: cli_track_test.py GOALPATH WORK_DIR

Every scenario here is linear and Gaussian in its uncertain inputs (a level
that changes by a normal trend g, with or without normal yearly shocks, and a
share of it over a planned path), and every observation is
value ~ Normal(path's value, sd^2), sd = 1% of the value (the default). So the
posterior of every later level given one or two observations is normal
(conjugate updating), and P(met) after the observations is known exactly.
The weighted probability must agree within 4 of its own standard errors;
the prior must equal `run`'s probability to the last digit (same paths);
where each observation fell (its percentile) is Φ of its z-score under the
prior; the parameter's posterior mean and 90% interval are the conjugate
ones. Signposts (run and track) are checked against the closed form of a
Gaussian random walk, P(met | X_s >= x), within 4 of their standard errors.
Also: same report for any thread count and block size, every format, the
observed points on the HTML fan charts, and the refusal (exit 2) when the
observations leave too few effective paths. Needs NumPy.
"""
import csv
import io
import json
import math
import os
import re
import shutil
import subprocess
import sys
from statistics import NormalDist

import numpy as np

GOALPATH, WORK = sys.argv[1], sys.argv[2]
STD = NormalDist()
failures = []


def check(condition, what):
    if not condition:
        print("FAIL: " + what)
        failures.append(what)


def goalpath(*args, expect=0):
    result = subprocess.run([GOALPATH, *args, "--quiet"], capture_output=True, encoding="utf-8-sig", timeout=600)
    if result.returncode != expect:
        check(False, "goalpath %s exited %d (expected %d): %s"
              % (" ".join(args), result.returncode, expect, result.stderr.strip()))
    return result


def write(name, text):
    path = os.path.join(WORK, name)
    with open(path, "w", encoding="utf-8") as f:
        f.write(text)
    return path


def track(path, *extra):
    return json.loads(goalpath("track", path, "--format", "json", *extra).stdout)


def near(estimate, exact, se, what, k=4.0):
    check(abs(estimate - exact) <= k * se + 1e-12,
          "%s: %.6g vs closed form %.6g (se %.3g, %.1f se)" % (what, estimate, exact, se,
                                                              abs(estimate - exact) / se if se > 0 else float("inf")))


shutil.rmtree(WORK, ignore_errors=True)
os.makedirs(WORK)

# ---- 1. a level with a normal trend, one observation --------------------------------
# x_t = 48 + t g, g ~ N(1, 1). Observed x_2021 = 49.6 (sd 0.496): g | y ~ N(m, v).
MU, SIGMA, BASE, Y1 = 1.0, 1.0, 48.0, 49.6
level = write("level.yaml", f"""
scenario: track-level
years: [2020, 2024]
simulation: {{paths: 200000, seed: 11}}
parameters:
  g: {{value: {MU}, uncertainty: {{dist: normal, sd: {SIGMA}}}}}
indicators:
  x:
    base: {BASE}
    change: "g"
    history: {{2021: {Y1}}}
targets:
  - {{id: x-53, indicator: x, year: 2024, at_least: 53}}
  - {{id: x-every-49, indicator: x, every_year: [2021, 2024], at_least: 49}}
""")
report = track(level)
sd1 = 0.01 * Y1
v = 1.0 / (1.0 / SIGMA**2 + 1.0 / sd1**2)
m = v * (MU / SIGMA**2 + (Y1 - BASE) / sd1**2)
check(report["schema"] == "goalpath.track/1", "schema is goalpath.track/1")
check(report["last_observed_year"] == 2021, "observed through 2021")
t53, tevery = report["targets"]
# x_2024 >= 53 <=> g >= 1.25; every year 2021-2024 >= 49 <=> g >= 1 (t = 1 binds).
near(t53["posterior"]["probability"], 1 - NormalDist(m, math.sqrt(v)).cdf(1.25),
     t53["posterior"]["probability_se"], "level: posterior P(x_2024 >= 53)")
near(tevery["posterior"]["probability"], 1 - NormalDist(m, math.sqrt(v)).cdf(1.0),
     tevery["posterior"]["probability_se"], "level: posterior P(every year >= 49)")
near(t53["prior"]["probability"], 1 - NormalDist(MU, SIGMA).cdf(1.25), t53["prior"]["probability_se"],
     "level: prior P(x_2024 >= 53)")
run = json.loads(goalpath("run", level, "--format", "json").stdout)
check(run["targets"][0]["probability"] == t53["prior"]["probability"],
      "the prior is run's probability to the last digit (%r vs %r)"
      % (run["targets"][0]["probability"], t53["prior"]["probability"]))
obs = report["observations"][0]
check((obs["indicator"], obs["year"], obs["value"]) == ("x", 2021, Y1), "the observation is listed")
check(abs(obs["sd"] - sd1) < 1e-12, "the default observation error is 1%% of the value (%r)" % obs["sd"])
near(obs["percentile"], NormalDist(BASE + MU, SIGMA).cdf(Y1), math.sqrt(0.25 / 200000),
     "level: percentile of the observation in the prior")
g = report["parameters"][0]
ess = report["ess"]
check(g["name"] == "g", "the uncertain parameter g is summarised")
near(g["posterior"]["mean"], m, math.sqrt(v / ess), "level: posterior mean of g")
near(g["posterior"]["p95"] - g["posterior"]["p05"], 2 * 1.6449 * math.sqrt(v),
     2 * 1.6449 * math.sqrt(v) * 2 / math.sqrt(ess), "level: posterior 90% interval of g")
near(g["prior"]["mean"], MU, SIGMA / math.sqrt(200000), "level: prior mean of g")
# Kish's ESS of Gaussian weights w = exp(-(x - y)^2 / 2 sd^2) on x ~ N(mu_x, sigma^2), d = y - mu_x:
# n E[w]^2 / E[w^2], E[w] = sd / sqrt(sd^2 + s^2) exp(-d^2 / 2(sd^2 + s^2)),
# E[w^2] = sd / sqrt(sd^2 + 2 s^2) exp(-d^2 / (sd^2 + 2 s^2)).
d = Y1 - BASE - MU
mean_w = sd1 / math.sqrt(sd1**2 + SIGMA**2) * math.exp(-d**2 / (2 * (sd1**2 + SIGMA**2)))
mean_w2 = sd1 / math.sqrt(sd1**2 + 2 * SIGMA**2) * math.exp(-d**2 / (sd1**2 + 2 * SIGMA**2))
expected_ess = 200000 * mean_w**2 / mean_w2
check(0.9 * expected_ess < ess < 1.1 * expected_ess, "level: ESS %.0f near %.0f" % (ess, expected_ess))
moved = t53["moved_by"]
check(len(moved) == 1 and moved[0]["indicator"] == "x" and moved[0]["year"] == 2021,
      "level: moved_by names the observation")
check(abs(moved[0]["change"] - t53["change"]) < 1e-12,
      "level: with one observation, its effect is the whole change (%r vs %r)" % (moved[0]["change"], t53["change"]))

# The posterior's standard error is its spread over independent seeds.
estimates, errors = [], []
for seed in range(1, 21):
    r = track(level, "--paths", "20000", "--seed", str(seed))["targets"][0]["posterior"]
    estimates.append(r["probability"])
    errors.append(r["probability_se"])
ratio = float(np.std(estimates, ddof=1)) / float(np.mean(errors))
check(0.55 < ratio < 1.5, "level: the posterior's SE is its spread over 20 seeds (spread / SE = %.2f)" % ratio)

# Same seed, same report, any thread count and block size.
def stable(r):
    r = dict(r)
    r["settings"] = {k: v for k, v in r["settings"].items() if k not in ("threads", "command_line")}
    r.pop("diagnostics")
    return json.dumps(r, sort_keys=True)


base = stable(report)
for extra in (["--threads", "1"], ["--threads", "3", "--block-size", "7"], ["--threads", "2", "--block-size", "4099"]):
    check(stable(track(level, *extra)) == base, "track report identical with " + " ".join(extra))

# ---- 2. a random walk with yearly shocks, two observations ------------------------------
# x_t = 48 + t g + e_1 + ... + e_t, g ~ N(1, 1), e ~ N(0, 0.5^2); observed x_2021, x_2022.
E = 0.5
Y = {2021: 49.3, 2022: 51.2}
walk = write("walk.yaml", f"""
scenario: track-walk
years: [2020, 2024]
simulation: {{paths: 200000, seed: 5}}
parameters:
  g: {{value: {MU}, uncertainty: {{dist: normal, sd: {SIGMA}}}}}
shocks:
  e: {{sd: {E}}}
indicators:
  x:
    base: {BASE}
    change: "g + e"
    history: {{2021: {Y[2021]}, 2022: {Y[2022]}}}
targets:
  - {{id: x-53, indicator: x, year: 2024, at_least: 53}}
""")
report = track(walk)
# Latent z = (g, e1..e4); x_t = 48 + a_t . z; observations y = x_1, x_2 plus noise.
A = np.array([[t] + [1.0 if k < t else 0.0 for k in range(4)] for t in (1, 2, 3, 4)])
prior_cov = np.diag([SIGMA**2] + [E**2] * 4)
prior_mean = np.array([MU, 0, 0, 0, 0])
H = A[:2]
R = np.diag([(0.01 * Y[2021])**2, (0.01 * Y[2022])**2])
S = H @ prior_cov @ H.T + R
K = prior_cov @ H.T @ np.linalg.inv(S)
y = np.array([Y[2021], Y[2022]]) - BASE
post_mean = prior_mean + K @ (y - H @ prior_mean)
post_cov = prior_cov - K @ H @ prior_cov
x4_mean, x4_var = BASE + A[3] @ post_mean, A[3] @ post_cov @ A[3]
t = report["targets"][0]
near(t["posterior"]["probability"], 1 - NormalDist(x4_mean, math.sqrt(x4_var)).cdf(53),
     t["posterior"]["probability_se"], "walk: posterior P(x_2024 >= 53) after two observations")
# The second observation's percentile is in the projection updated by the first.
first = H[:1]
S1 = first @ prior_cov @ first.T + R[:1, :1]
K1 = prior_cov @ first.T @ np.linalg.inv(S1)
m1 = prior_mean + K1 @ (y[:1] - first @ prior_mean)
c1 = prior_cov - K1 @ first @ prior_cov
x2_mean, x2_var = BASE + A[1] @ m1, A[1] @ c1 @ A[1]
obs2 = report["observations"][1]
check(obs2["year"] == 2022, "observations in year order")
near(obs2["percentile"], NormalDist(x2_mean, math.sqrt(x2_var)).cdf(Y[2022]), 0.01,
     "walk: 2022's percentile in the projection updated by 2021")
check(len(t["moved_by"]) == 2, "walk: both observations in moved_by")

# ---- 3. a share observed while its numerator is not -----------------------------------
# a_t = 48 + t g; b is planned; s = a / b observed in 2021 (sd 1% of s). Target on a.
B = {2020: 100.0, 2021: 104.0, 2022: 108.0, 2023: 112.0, 2024: 116.0}
S1_OBS = 0.4775
share = write("share.yaml", f"""
scenario: track-share
years: [2020, 2024]
simulation: {{paths: 200000, seed: 9}}
parameters:
  g: {{value: {MU}, uncertainty: {{dist: normal, sd: {SIGMA}}}}}
indicators:
  a: {{base: {BASE}, change: "g"}}
  b: {{base: 100, path: {{2021: 104, 2022: 108, 2023: 112, 2024: 116}}}}
  s:
    value: "a / b"
    history: {{2021: {S1_OBS}}}
targets:
  - {{id: a-53, indicator: a, year: 2024, at_least: 53}}
  - {{id: s-045, indicator: s, year: 2024, at_least: 0.45}}
""")
report = track(share)
# s_2021 = (48 + g) / 104: observing s with sd 0.01 s is observing g with sd 104 * 0.01 s.
sd_g = B[2021] * 0.01 * S1_OBS
v = 1.0 / (1.0 / SIGMA**2 + 1.0 / sd_g**2)
m = v * (MU / SIGMA**2 + (S1_OBS * B[2021] - BASE) / sd_g**2)
ta, ts = report["targets"]
near(ta["posterior"]["probability"], 1 - NormalDist(m, math.sqrt(v)).cdf(1.25), ta["posterior"]["probability_se"],
     "share: posterior P(a_2024 >= 53) from an observed share")
near(ts["posterior"]["probability"], 1 - NormalDist(m, math.sqrt(v)).cdf((0.45 * B[2024] - BASE) / 4),
     ts["posterior"]["probability_se"], "share: posterior P(s_2024 >= 0.45)")

# Two observed shares: each is an observation of g, s_t b_t = 48 + t g, with
# sd b_t * 0.01 s_t / t; the posterior precision is the sum of the three.
S2_OBS = 0.4700
share2 = write("share2.yaml", open(share, encoding="utf-8").read()
               .replace("history: {2021: %s}" % S1_OBS, "history: {2021: %s, 2022: %s}" % (S1_OBS, S2_OBS)))
report = track(share2)
precision, weighted = 1.0 / SIGMA**2, MU / SIGMA**2
for year, obs in ((2021, S1_OBS), (2022, S2_OBS)):
    t_years = year - 2020
    sd = B[year] * 0.01 * obs / t_years
    precision += 1.0 / sd**2
    weighted += ((obs * B[year] - BASE) / t_years) / sd**2
v, m = 1.0 / precision, weighted / precision
ta = report["targets"][0]
check(len(report["observations"]) == 2, "share: two observations")
near(ta["posterior"]["probability"], 1 - NormalDist(m, math.sqrt(v)).cdf(1.25), ta["posterior"]["probability_se"],
     "share: posterior P(a_2024 >= 53) from two observed shares")

# ---- 4. signposts: a Gaussian random walk --------------------------------------------
# X_0 = 0, steps N(1, 1) (one normal trend is not a walk: the steps are shocks).
rw = write("signposts.yaml", """
scenario: signposts-walk
years: [2020, 2024]
simulation: {paths: 100000, seed: 3}
parameters:
  mu: {value: 1}
shocks:
  e: {sd: 1}
indicators:
  x: {base: 0, change: "mu + e"}
targets:
  - {id: x-55, indicator: x, year: 2024, at_least: 5.5}
""")


def closed_form_signpost(s, T, c, p):
    """x with P(X_T >= c | X_s >= x) = p for a walk of N(1, 1) steps."""
    grid = np.linspace(s - 8 * math.sqrt(s), s + 8 * math.sqrt(s), 40001)
    density = np.exp(-0.5 * (grid - s) ** 2 / s) / math.sqrt(2 * math.pi * s)
    rest = np.array([1 - STD.cdf((c - v - (T - s)) / math.sqrt(T - s)) for v in grid[::40]])
    rest = np.interp(grid, grid[::40], rest)
    joint = np.cumsum((density * rest)[::-1])[::-1] * (grid[1] - grid[0])
    tail = np.cumsum(density[::-1])[::-1] * (grid[1] - grid[0])
    ratio = joint / tail
    # ratio rises with x: the first grid point where it reaches p.
    k = int(np.argmax(ratio >= p))
    return grid[k]


run = json.loads(goalpath("run", rw, "--format", "json").stdout)
signposts = {s["year"]: s for s in run["targets"][0]["signposts"]}
check(sorted(signposts) == [2021, 2022, 2023], "run: signposts for the years before the target's (%r)" % sorted(signposts))
for year in (2021, 2022, 2023):
    for level_name, p in (("at_50", 0.5), ("at_80", 0.8)):
        s = signposts[year]
        exact = closed_form_signpost(year - 2020, 4, 5.5, p)
        if s[level_name] is None:
            check(False, "run: signpost %s in year %d is absent" % (level_name, year))
            continue
        near(s[level_name], exact, s[level_name + "_se"], "run: signpost %s in year %d" % (level_name, year))
check(all(s["paths"] == 50000 for s in signposts.values()), "run: signposts read the first 50000 paths")

# track with nothing observed: signposts as run's, a stated warning.
tr = track(rw)
check(any("no observed values after its base year" in w for w in tr["warnings"]), "track: no observations is stated")
check(tr["targets"][0]["posterior"]["probability"] == tr["targets"][0]["prior"]["probability"],
      "track: no observations leave the probability as it was")

# ---- 5. every format, observed points on the HTML fan charts -------------------------
table = goalpath("track", level).stdout
check("What happened since 2020" in table and "percentile" in table and "Signposts" in table and "x-53" in table,
      "table: observations, targets, signposts")
md = goalpath("track", level, "--format", "md").stdout
check(md.startswith("# ") and "| target |" in md, "markdown: title and tables")
raw = subprocess.run([GOALPATH, "track", level, "--format", "csv", "--quiet"], capture_output=True, timeout=600).stdout
check(raw.startswith(b"\xef\xbb\xbfscenario,"), "track csv starts with the UTF-8 byte-order mark: %r" % raw[:12])
rows = list(csv.DictReader(io.StringIO(goalpath("track", level, "--format", "csv").stdout)))
posterior = [r for r in rows if r["section"] == "target" and r["target"] == "x-53"
             and r["statistic"] == "posterior_probability"]
check(len(posterior) == 1 and float(posterior[0]["value"]) == t53["posterior"]["probability"],
      "csv: the posterior probability restates the JSON")
html_path = os.path.join(WORK, "level.html")
goalpath("track", level, "--out", html_path)
html = open(html_path, encoding="utf-8").read()
check('class="fan-chart" data-indicator="x"' in html, "html: a fan chart for x")
check(re.search(r'<table class="observations">.*?<td data-value="2021">2021</td>.*?<td class="num" data-value="0\.\d+">',
                html, re.S) is not None, "html: the observation listed with its percentile")
chart = html[html.index('class="fan-chart" data-indicator="x"'):]
chart = chart[:chart.index("</svg>")]
check(re.search(r'<circle class="observed"[^>]*><title>2021 observed: 49\.6</title>', chart) is not None,
      "html: the 2021 observation drawn on x's fan chart")
check("<title>before: p05–p95</title>" in chart and "<title>after: p05–p95</title>" in chart,
      "html: bands before and after on x's fan chart")

# ---- 6. refused: too few effective paths -------------------------------------------
narrow = write("narrow.yaml", open(level, encoding="utf-8").read().replace("{2021: 49.6}", "{2021: 58}")
               .replace("paths: 200000", "paths: 2000"))
bad = goalpath("track", narrow, "--format", "json", expect=2)
check("degenerate-weights" in bad.stderr and "effective paths" in bad.stderr, "too few effective paths: refused, says why")
check(bad.stdout == "", "nothing written when refused")

if failures:
    print("%d failure(s)" % len(failures))
    sys.exit(1)
print("track: all checks passed")

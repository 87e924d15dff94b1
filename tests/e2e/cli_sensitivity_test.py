#!/usr/bin/python3
"""End-to-end test of `goalpath sensitivity` with Morris, Sobol and Shapley (CLI.md).

usage: cli_sensitivity_test.py GOALPATH SOURCE_DIR WORK_DIR

Every index is checked against a closed form the test computes itself:

- tests/data/sensitivity-linear.yaml, y = 2a + 3b - c of independent
  uniforms: Morris mu* = |coefficient| (high - low) and sigma = 0 (exact up to
  rounding); Sobol S1 = ST = a_i^2 var_i / sum_j a_j^2 var_j within 4
  standard errors (the 95% bootstrap half-width is 1.96 of them); Shapley
  equals S1 there (independent inputs, additive model), within 4 stated SE.
- tests/data/sensitivity-correlated.yaml, correlated normals: the Shapley
  shares of y = 2a + 3b - c from the Gaussian conditional variances
  Var(E[y | X_u]) over all subsets (Owen & Prieur 2017), and of the 0/1
  outcome z = 2a + b >= 4 from Var(Phi(kZ)) = asin(k^2 / (1 + k^2)) / (2 pi).

- tests/data/sensitivity-shocks.yaml with --with-shocks: the yearly shocks
  are one more input, independent and additive, so their share is
  Var(shock)/Var; the correlated parameters split the rest as above.

Also: shares sum to 1; Sobol on a correlated scenario warns and points to
--method shapley; too few permutations are an input error (exit 2,
nothing written); every format of the Shapley report carries the shares;
the same seed gives the same JSON for 1 and 2 threads. Standard library only.
"""
import csv
import io
import itertools
import json
import math
import os
import shutil
import subprocess
import sys

GOALPATH, SOURCE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
LINEAR = os.path.join(SOURCE, "tests", "data", "sensitivity-linear.yaml")
CORRELATED = os.path.join(SOURCE, "tests", "data", "sensitivity-correlated.yaml")
SHOCKS = os.path.join(SOURCE, "tests", "data", "sensitivity-shocks.yaml")
failures = []


def check(condition, what):
    if not condition:
        print("FAIL: " + what)
        failures.append(what)


def run(*args, expect=0):
    result = subprocess.run([GOALPATH, *args, "--quiet"], capture_output=True, text=True, timeout=600)
    if result.returncode != expect:
        check(False, "goalpath %s exited %d (expected %d): %s"
              % (" ".join(args), result.returncode, expect, result.stderr.strip()))
    return result


def by_name(report):
    return {p["name"]: p for p in report["parameters"]}


# ---- closed forms ------------------------------------------------------------------

def solve(matrix, vector):
    """Gaussian elimination with partial pivoting (small dense systems)."""
    n = len(vector)
    a = [list(row) + [vector[i]] for i, row in enumerate(matrix)]
    for col in range(n):
        pivot = max(range(col, n), key=lambda r: abs(a[r][col]))
        a[col], a[pivot] = a[pivot], a[col]
        for r in range(n):
            if r != col:
                f = a[r][col] / a[col][col]
                a[r] = [x - f * y for x, y in zip(a[r], a[col])]
    return [a[i][n] / a[i][i] for i in range(n)]


def explained(beta, sigma, u):
    """Var(E[beta' X | X_u]) for X ~ N(0, sigma)."""
    if not u:
        return 0.0
    rest = [i for i in range(len(beta)) if i not in u]
    s_uu = [[sigma[i][j] for j in u] for i in u]
    w = [beta[i] for i in u]
    if rest:
        rhs = [sum(sigma[i][j] * beta[j] for j in rest) for i in u]
        w = [x + y for x, y in zip(w, solve(s_uu, rhs))]
    return sum(w[p] * s_uu[p][q] * w[q] for p in range(len(u)) for q in range(len(u)))


def shapley_shares(value, d):
    """Exact Shapley shares of the game value(u) (u a tuple of inputs)."""
    total = value(tuple(range(d)))
    out = []
    for i in range(d):
        others = [j for j in range(d) if j != i]
        s = 0.0
        for size in range(d):
            weight = math.factorial(size) * math.factorial(d - size - 1) / math.factorial(d)
            for u in itertools.combinations(others, size):
                s += weight * (value(tuple(sorted(u + (i,)))) - value(u))
        out.append(s / total)
    return out


def within(estimate, exact, se, what, sigmas=4.0):
    check(abs(estimate - exact) <= sigmas * se,
          "%s: %.6f, exact %.6f, |diff| %.2g > %g x SE %.3g" % (what, estimate, exact, abs(estimate - exact), sigmas, se))


# ---- tests -----------------------------------------------------------------------------

def test_morris():
    r = json.loads(run("sensitivity", LINEAR, "--method", "morris", "--samples", "40", "--format", "json").stdout)
    check(r["schema"] == "goalpath.sensitivity/1" and r["method"] == "morris", "morris schema")
    p = by_name(r)
    for name, expected in (("a", 2 * 2), ("b", 3 * 4), ("c", 1 * 6)):
        check(abs(p[name]["mu_star"] - expected) <= 1e-9 * expected,
              "morris mu* of %s is %r, expected %r" % (name, p[name]["mu_star"], expected))
        check(abs(p[name]["sigma"]) <= 1e-9 * expected, "morris sigma of %s is %r, expected 0" % (name, p[name]["sigma"]))
    check(abs(p["c"]["mu"] + 6) <= 1e-9 * 6, "morris mu of c is %r, expected -6" % p["c"]["mu"])
    check([q["name"] for q in r["parameters"]] == ["b", "c", "a"], "morris order by mu*")


def test_sobol():
    r = json.loads(run("sensitivity", LINEAR, "--method", "sobol", "--samples", "65536", "--format", "json").stdout)
    p = by_name(r)
    weights = {"a": 4 * 4 / 12, "b": 9 * 16 / 12, "c": 36 / 12}
    total = sum(weights.values())
    check(abs(r["output_variance"] - total) <= 0.01 * total, "sobol output variance %r, expected %r" % (r["output_variance"], total))
    for name, w in weights.items():
        for index in ("S1", "ST"):
            se = p[name][index + "_conf"] / 1.959964
            check(se > 0, "sobol %s %s has a half-width" % (name, index))
            within(p[name][index], w / total, se, "sobol %s of %s" % (index, name))
    # On a correlated scenario Sobol treats inputs as independent, and says so.
    c = run("sensitivity", CORRELATED, "--method", "sobol", "--samples", "256", "--target", "y-high", "--format", "json")
    warning = json.loads(c.stdout)["warning"] or ""
    check("not imposed" in warning and "--method shapley" in warning, "sobol's correlation warning: %r" % warning)
    check("--method shapley" in c.stderr, "the warning is on stderr too")


def test_shapley_independent():
    r = json.loads(run("sensitivity", LINEAR, "--method", "shapley", "--samples", "20000", "--format", "json").stdout)
    check(r["method"] == "shapley" and r["samples"] == 20000, "shapley method and samples")
    check(r["diagnostics"]["evaluations"] == 20000 * 3 * 3, "shapley evaluations %r" % r["diagnostics"]["evaluations"])
    p = by_name(r)
    weights = {"a": 4 * 4 / 12, "b": 9 * 16 / 12, "c": 36 / 12}
    total = sum(weights.values())
    for name, w in weights.items():
        within(p[name]["shapley"], w / total, p[name]["shapley_se"], "shapley of %s (independent: = S1)" % name)
    check(abs(sum(q["shapley"] for q in r["parameters"]) - 1) < 1e-12, "shapley shares sum to 1")
    check("k" not in p, "a fixed parameter is not an input")


def test_shapley_correlated():
    sd = [1.0, 0.5, 2.0]
    corr = [[1, 0.6, 0], [0.6, 1, 0], [0, 0, 1]]
    sigma = [[corr[i][j] * sd[i] * sd[j] for j in range(3)] for i in range(3)]
    beta = [2.0, 3.0, -1.0]
    exact = shapley_shares(lambda u: explained(beta, sigma, list(u)), 3)
    out = os.path.join(WORK, "shapley.json")
    run("sensitivity", CORRELATED, "--method", "shapley", "--target", "y-high", "--samples", "120000",
        "--format", "json", "--out", out)
    with open(out, encoding="utf-8") as f:
        r = json.load(f)
    check(r["warning"] is None, "shapley keeps the correlations: no warning (%r)" % r["warning"])
    p = by_name(r)
    for k, name in enumerate("abc"):
        check(abs(p[name]["shapley_conf"] - 1.959964 * p[name]["shapley_se"]) <= 1e-6 * p[name]["shapley_conf"],
              "shapley_conf of %s is the 95%% half-width" % name)
        check(p[name]["shapley_se"] < 0.003, "shapley SE of %s is %r: too wide to catch a wrong share" % (name, p[name]["shapley_se"]))
        within(p[name]["shapley"], exact[k], p[name]["shapley_se"], "shapley of %s (correlated)" % name)
    check(abs(sum(q["shapley"] for q in r["parameters"]) - 1) < 1e-12, "shares sum to 1")
    variance = sum(beta[i] * sigma[i][j] * beta[j] for i in range(3) for j in range(3))
    check(abs(r["output_variance"] - variance) <= 0.03 * variance, "output variance %r, expected %r" % (r["output_variance"], variance))

    # The same seed gives the same report for any thread count.
    again = json.loads(run("sensitivity", CORRELATED, "--method", "shapley", "--target", "y-high", "--samples", "120000",
                           "--format", "json", "--threads", "1").stdout)
    check(again["parameters"] == r["parameters"], "shapley with 1 thread differs from 2 threads")

    # Metric met: the 0/1 outcome of z = 2a + b >= 4, P = 1/2, Var = 1/4.
    rho = 0.6
    k_a = (2 + 0.5 * rho) / (0.5 * math.sqrt(1 - rho * rho))
    k_b = (2 * rho + 0.5) / (2 * math.sqrt(1 - rho * rho))
    v = lambda k: math.asin(k * k / (1 + k * k)) / (2 * math.pi)
    exact_met = {"a": 0.5 * (v(k_a) + 0.25 - v(k_b)) / 0.25, "b": 0.5 * (v(k_b) + 0.25 - v(k_a)) / 0.25, "c": 0.0}
    m = json.loads(run("sensitivity", CORRELATED, "--method", "shapley", "--target", "z-high", "--metric", "met",
                       "--samples", "20000", "--format", "json").stdout)
    check(m["metric"] == "met", "metric met")
    check(abs(m["output_variance"] - 0.25) <= 0.02, "variance of the 0/1 outcome %r, expected 0.25" % m["output_variance"])
    q = by_name(m)
    for name, expected in exact_met.items():
        within(q[name]["shapley"], expected, q[name]["shapley_se"], "shapley of %s (metric met)" % name)


def test_shapley_shocks():
    r = json.loads(run("sensitivity", SHOCKS, "--method", "shapley", "--with-shocks", "--samples", "100000",
                       "--format", "json").stdout)
    check(r["settings"]["with_shocks"] is True, "with_shocks in settings")
    p = by_name(r)
    check(sorted(p) == ["g", "h", "yearly shocks"], "inputs: %r" % sorted(p))
    for name, expected in (("g", 2.375 / 11), ("h", 4.625 / 11), ("yearly shocks", 4 / 11)):
        check(p[name]["shapley_se"] < 0.003, "shapley SE of %s is %r" % (name, p[name]["shapley_se"]))
        within(p[name]["shapley"], expected, p[name]["shapley_se"], "shapley of %s (with shocks)" % name)
    check(abs(sum(q["shapley"] for q in r["parameters"]) - 1) < 1e-12, "shares with shocks sum to 1")
    check(abs(r["output_variance"] - 11) <= 0.05 * 11, "variance with shocks %r, expected 11" % r["output_variance"])


def test_shapley_formats_and_errors():
    base = ["sensitivity", CORRELATED, "--method", "shapley", "--target", "y-high", "--samples", "500"]
    j = json.loads(run(*base, "--format", "json").stdout)
    shares = {p["name"]: p["shapley"] for p in j["parameters"]}
    table = run(*base).stdout
    check("Shapley, 500 permutations" in table and "Shapley share" in table, "table heading and column")
    check("%.3f ± " % shares["b"] in table, "table shows b's share")
    md = run(*base, "--format", "md").stdout
    check("| parameter | Shapley share |" in md.replace("  ", " "), "markdown table header: %r" % md[:300])
    html = run(*base, "--format", "html").stdout
    check('class="shapley-bars"' in html and html.count('class="shapley-bar"') == 3, "html bars")
    rows = list(csv.DictReader(io.StringIO(run(*base, "--format", "csv").stdout)))
    check(len(rows) == 3 and all(float(r["shapley"]) == shares[r["parameter"]] for r in rows), "csv shares equal json")

    out = os.path.join(WORK, "refused.json")
    bad = run("sensitivity", CORRELATED, "--method", "shapley", "--samples", "1", "--out", out, expect=2)
    check("error:" in bad.stderr and "[bad-option]" in bad.stderr and "permutations" in bad.stderr,
          "shapley --samples 1 message: %r" % bad.stderr)
    check(not os.path.exists(out), "nothing written on error")
    wrong = run("sensitivity", CORRELATED, "--method", "shapely", expect=2)
    check("shapley" in wrong.stderr, "did-you-mean for a misspelt method: %r" % wrong.stderr)


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    test_morris()
    test_sobol()
    test_shapley_independent()
    test_shapley_correlated()
    test_shapley_shocks()
    test_shapley_formats_and_errors()
    if failures:
        print("%d failure(s)" % len(failures))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main()

"""evaluate(X): row r of an N x D array is the deterministic projection with
those parameter values, exactly what `goalpath run --deterministic --set
NAME=VALUE ...` measures (issue 15's acceptance test)."""
import math
import os

import numpy as np
import pytest

import goalpath
from conftest import ROOT, data

BASELINE = os.path.join(ROOT, "scenarios/shanghai-2027/baseline.yaml")


def design(scenario, rows):
    """rows x D values around each uncertain parameter's value, spread
    between its 10th and 90th percentiles, a different mix in every row."""
    report = scenario.run(deterministic=True).report
    summary = {p["name"]: p for p in report["parameters"]}
    names = scenario.uncertain_parameters
    X = np.empty((rows, len(names)))
    for d, name in enumerate(names):
        p = summary[name]
        for r in range(rows):
            step = ((r * 3 + d * 5) % 7 - 3) / 3.0  # -1 .. 1, varied by row and column
            X[r, d] = p["value"] + step * (p["p90"] - p["p10"]) / 2 + 1e-7 * (r + 1)
    return names, X


def cli_deterministic(cli_json, path, names, row):
    args = ["run", path, "--deterministic"]
    for name, value in zip(names, row):
        args += ["--set", f"{name}={float(value)!r}"]
    return cli_json(*args)


@pytest.mark.parametrize("path", [BASELINE, data("e2e-small.yaml")])
def test_evaluate_equals_separate_cli_runs(cli_json, path):
    s = goalpath.load(path)
    names, X = design(s, 5)
    assert len(names) >= 2
    e = s.evaluate(X)
    assert e.columns == names
    assert e.targets == s.targets
    assert e.value.shape == (5, len(s.targets)) and e.value.dtype == np.float64
    assert e.met.shape == (5, len(s.targets)) and e.met.dtype == np.bool_
    verdicts = set()
    for r in range(5):
        theirs = cli_deterministic(cli_json, path, names, X[r])
        for t, target in enumerate(theirs["targets"]):
            assert target["id"] == e.targets[t]
            expected = target["deterministic"]["value"]
            got = e.value[r, t]
            if expected is None:
                assert math.isnan(got)
            else:
                assert got == expected, (r, target["id"], got, expected)
            assert bool(e.met[r, t]) == target["deterministic"]["met"], (r, target["id"])
            verdicts.add(target["deterministic"]["met"])
    # The rows differ from one another (the values were used), and the
    # design reaches both verdicts somewhere (met is not constant).
    assert len({tuple(row) for row in e.value}) == 5
    assert verdicts == {True, False}


def test_named_columns_leave_the_rest_at_their_values(cli_json):
    path = data("e2e-small.yaml")
    s = goalpath.load(path)
    X = np.array([[0.0], [0.05], [0.2]])
    e = s.evaluate(X, columns=["invest_growth"])
    assert e.columns == ["invest_growth"]
    for r in range(3):
        theirs = cli_json("run", path, "--deterministic", "--set", f"invest_growth={X[r, 0]!r}")
        assert list(e.value[r]) == [t["deterministic"]["value"] for t in theirs["targets"]]
    # output does not depend on invest_growth; investment's cagr does.
    assert e.value[0, 0] == e.value[2, 0]
    assert e.value[0, 2] != e.value[2, 2]


def test_one_row_as_a_vector_and_no_rows():
    s = goalpath.load(data("e2e-small.yaml"))
    one = s.evaluate([0.05, 0.1])
    centre = s.run(deterministic=True).report
    assert list(one.value[0]) == [t["deterministic"]["value"] for t in centre["targets"]]
    none = s.evaluate(np.empty((0, 2)))
    assert none.value.shape == (0, 4) and none.met.shape == (0, 4)


def test_with_shocks_gives_each_row_a_paths_shocks():
    s = goalpath.load(data("e2e-small.yaml"))
    X = np.tile([0.05, 0.1], (6, 1))
    calm = s.evaluate(X)
    shaken = s.evaluate(X, with_shocks=True, seed=11)
    assert (calm.value == calm.value[0]).all()                # same row, same value
    assert len({tuple(v) for v in shaken.value}) == 6         # each row its own path's shocks
    assert np.array_equal(shaken.value, s.evaluate(X, with_shocks=True, seed=11).value)
    assert not np.array_equal(shaken.value, s.evaluate(X, with_shocks=True, seed=12).value)


def test_salib_style_model_function():
    """SALib passes an N x D array and wants one output per row."""
    s = goalpath.load(data("e2e-small.yaml"))
    rng = np.random.default_rng(0)
    X = np.column_stack([rng.normal(0.05, 0.02, 64), rng.uniform(0.0, 0.2, 64)])
    Y = s.evaluate(X).value[:, s.targets.index("output-1100")]
    assert Y.shape == (64,)
    np.testing.assert_allclose(Y, 1000 * (1 + X[:, 0]) ** 3, rtol=1e-12)


def test_evaluate_errors():
    s = goalpath.load(data("e2e-small.yaml"))
    with pytest.raises(goalpath.OptionError) as e:
        s.evaluate(np.zeros((3, 3)))
    assert e.value.field == "X"
    with pytest.raises(goalpath.InputError) as e:
        s.evaluate(np.zeros((1, 1)), columns=["grwth"])
    assert e.value.code == "unknown-name" and "growth" in e.value.hint
    with pytest.raises(goalpath.InputError) as e:
        s.evaluate([[0.05, float("nan")]])
    assert e.value.code == "bad-value"

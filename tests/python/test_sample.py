"""sample(indicator, year, paths, seed): the per-path values of run()'s paths.

Two checks that fail if sample() reads the wrong paths, year, indicator or
seed: its type-1 quantiles (the smallest value with at least q of the paths
at or below it, the engine's definition) equal the bands run() reports for
that year with the same seed and paths; and on tests/data/python-closed-form.yaml
its mean agrees with the closed form within 4 standard errors.
"""
import math

import numpy as np
import pytest

import goalpath
from conftest import data

PERCENTS = (5, 10, 25, 50, 75, 90, 95)


def type1_quantiles(values):
    """Hyndman & Fan type 1 over the non-NaN values: the k-th smallest, k = ceil(q n)."""
    v = np.sort(values[~np.isnan(values)])
    n = len(v)
    return [v[max(1, (pct * n + 99) // 100) - 1] for pct in PERCENTS]


@pytest.mark.parametrize("scenario,paths,seed", [
    ("e2e-small.yaml", 7777, 3),       # not a multiple of the block size
    ("python-closed-form.yaml", 20000, 123),
])
def test_sample_quantiles_are_the_runs_bands(scenario, paths, seed):
    s = goalpath.load(data(scenario))
    r = s.run(paths=paths, seed=seed)
    checked = 0
    for name in s.indicators:
        for y, year in enumerate(s.years[1:], start=1):
            x = s.sample(name, year, paths=paths, seed=seed)
            assert x.shape == (paths,) and x.dtype == np.float64
            ours = type1_quantiles(x)
            theirs = list(r.bands[name][y])
            assert ours == theirs, (name, year, ours, theirs)
            checked += 1
    assert checked >= 6
    # Another seed gives other values (the seed is used).
    assert not np.array_equal(s.sample(s.indicators[0], s.years[-1], paths=paths, seed=seed),
                              s.sample(s.indicators[0], s.years[-1], paths=paths, seed=seed + 1))


def test_path_p_does_not_depend_on_how_many_paths():
    s = goalpath.load(data("e2e-small.yaml"))
    long = s.sample("output", 2026, paths=5000, seed=8)
    short = s.sample("output", 2026, paths=1500, seed=8)
    assert np.array_equal(long[:1500], short)


def test_defaults_are_the_scenarios():
    s = goalpath.load(data("python-closed-form.yaml"))  # simulation: paths 20000, seed 7
    assert np.array_equal(s.sample("level", 2025), s.sample("level", 2025, paths=20000, seed=7))


@pytest.mark.parametrize("indicator,year,expected", [
    ("level", 2024, 100 * 1.05),
    ("level", 2026, 100 * (1.05 ** 3 + 3 * 1.05 * 0.02 ** 2)),
    ("ratio", 2026, 1.05 ** 3 + 3 * 1.05 * 0.02 ** 2 + 0.5),
])
def test_mean_agrees_with_the_closed_form(indicator, year, expected):
    x = goalpath.load(data("python-closed-form.yaml")).sample(indicator, year, paths=200_000, seed=2024)
    assert not np.isnan(x).any()
    se = x.std(ddof=1) / math.sqrt(len(x))
    assert abs(x.mean() - expected) < 4 * se, (x.mean(), expected, se)
    assert se < 0.01 * abs(expected)  # a test with a wide error bar would prove nothing


def test_sample_errors():
    s = goalpath.load(data("e2e-small.yaml"))
    with pytest.raises(goalpath.InputError) as e:
        s.sample("outptu", 2026, paths=10)
    assert e.value.code == "unknown-name" and "output" in e.value.hint
    with pytest.raises(goalpath.InputError) as e:
        s.sample("output", 2030, paths=10)
    assert e.value.code == "bad-years"
    with pytest.raises(goalpath.OptionError) as e:
        s.sample("output", 2026, paths=0)
    assert e.value.field == "paths" and e.value.value == "0"

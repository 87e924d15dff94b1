"""run(): the same report as `goalpath run --format json`, to the last digit.

The only field allowed to differ is settings.command_line (provenance: the
CLI records its command line, a program records ""). Every other field of
goalpath.report/1, every probability, standard error, quantile and band
included, must be equal as parsed JSON (doubles compared exactly), and the
NumPy arrays must hold the same doubles.
"""
import math
import os

import numpy as np
import pytest

import goalpath
from conftest import ROOT, data

ALLOWED = {("settings", "command_line"), ("diagnostics", "seconds")}


def differences(a, b, path=()):
    """Paths (tuples of keys) where two parsed JSON documents differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        out = []
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                out.append(path + (key,))
            else:
                out += differences(a[key], b[key], path + (key,))
        return out
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [path]
        out = []
        for k, (x, y) in enumerate(zip(a, b)):
            out += differences(x, y, path + (k,))
        return out
    if type(a) is not type(b) or a != b:
        return [path]
    return []


def same_report(ours, theirs):
    diff = [d for d in differences(ours, theirs) if d not in ALLOWED]
    assert diff == [], f"Python and CLI reports differ at {diff[:10]}"


def exact(array_value, json_value):
    """An array element equals the report's number; null in JSON is NaN here."""
    if json_value is None:
        return math.isnan(array_value)
    return float(array_value) == json_value


@pytest.mark.parametrize("scenario,paths,seed", [
    ("tests/data/e2e-small.yaml", 20000, 3),
    ("tests/data/python-closed-form.yaml", 7777, 123456789),
    ("scenarios/shanghai-2027/baseline.yaml", 50000, 1),
])
def test_run_equals_cli(cli_json, scenario, paths, seed):
    path = os.path.join(ROOT, scenario)
    theirs = cli_json("run", path, "--paths", paths, "--seed", seed)
    r = goalpath.load(path).run(paths=paths, seed=seed)
    same_report(r.report, theirs)
    assert theirs["settings"]["paths"] == paths and theirs["settings"]["seed"] == seed
    # A check that would catch a comparison that compares nothing.
    assert len(theirs["targets"]) >= 2 and all(t["probability"] is not None for t in theirs["targets"])

    # The arrays hold the report's numbers, bit for bit.
    assert r.targets == [t["id"] for t in theirs["targets"]]
    assert list(r.years) == theirs["years"]
    for k, t in enumerate(theirs["targets"]):
        assert exact(r.probability[k], t["probability"]), t["id"]
        assert exact(r.probability_se[k], t["probability_se"]), t["id"]
        for c, q in enumerate(goalpath.QUANTILE_NAMES):
            assert exact(r.quantiles[k, c], t["quantiles"][q]), (t["id"], q)
    assert set(r.bands) == set(theirs["indicators"])
    for name, ind in theirs["indicators"].items():
        assert r.bands[name].shape == (len(theirs["years"]), 7)
        for c, q in enumerate(goalpath.QUANTILE_NAMES):
            for y in range(len(theirs["years"])):
                assert exact(r.bands[name][y, c], ind[q][y]), (name, q, y)
        for y in range(len(theirs["years"])):
            assert exact(r.deterministic[name][y], ind["deterministic"][y])


def test_a_different_seed_gives_different_numbers():
    """Guards the test above: it would pass vacuously if seed were ignored."""
    s = goalpath.load(data("e2e-small.yaml"))
    a, b = s.run(paths=5000, seed=1), s.run(paths=5000, seed=2)
    assert not np.array_equal(a.quantiles, b.quantiles)
    assert np.array_equal(a.quantiles, s.run(paths=5000, seed=1).quantiles)


def test_set_equals_cli_set(cli_json):
    path = os.path.join(ROOT, "scenarios/shanghai-2027/baseline.yaml")
    # Values with all their digits: set= must pass the double exactly.
    growth, sd = 0.04123456789012345, 0.012345678901234567
    theirs = cli_json("run", path, "--paths", 20000, "--seed", 9, "--set", f"output_growth={growth!r}",
                      "--set", f"output_growth.sd={sd!r}")
    s = goalpath.load(path, set={"output_growth": growth, "output_growth.sd": sd})
    same_report(s.run(paths=20000, seed=9).report, theirs)
    baseline = goalpath.load(path).run(paths=20000, seed=9)
    assert differences(baseline.report, theirs) != []  # the override changed something


def test_defaults_are_the_scenarios(cli_json):
    """No paths/seed: the scenario's simulation: block, as the CLI."""
    path = data("e2e-small.yaml")
    theirs = cli_json("run", path)
    r = goalpath.load(path).run()
    same_report(r.report, theirs)
    assert r.report["settings"]["paths"] == 5000 and r.report["settings"]["seed"] == 42


def test_thread_count_does_not_change_the_result():
    s = goalpath.load(data("e2e-small.yaml"))
    one = s.run(paths=10000, seed=5, threads=1)
    two = s.run(paths=10000, seed=5, threads=2)
    assert np.array_equal(one.quantiles, two.quantiles)
    assert np.array_equal(one.probability, two.probability)


def test_deterministic_equals_cli(cli_json):
    path = data("e2e-small.yaml")
    theirs = cli_json("run", path, "--deterministic")
    r = goalpath.load(path).run(deterministic=True)
    same_report(r.report, theirs)
    assert np.isnan(r.probability).all()


def test_parse_equals_load(cli_json):
    path = data("e2e-small.yaml")
    text = open(path, encoding="utf-8").read()
    a = goalpath.parse(text).run(paths=3000, seed=4)
    b = goalpath.load(path).run(paths=3000, seed=4)
    assert np.array_equal(a.quantiles, b.quantiles)
    assert a.report["targets"] == b.report["targets"]
    # The calibration statement reaches Python as every report states it
    # (docs/CLI.md, "Calibration statement").
    assert a.report["calibration"] == {
        "calibrated": False,
        "statement": "bands not calibrated against history: the shock sizes are the scenario's assumptions "
                     "(goalpath calibrate --bands checks them)"}
    calibrated = goalpath.parse(text.rstrip("\n") + "\ncalibration: { method: by hand, errors: 17, points: 59, "
                                "coverage_50: 0.49, coverage_90: 0.88 }\n").run(paths=3000, seed=4)
    assert calibrated["calibration"] == {
        "calibrated": True, "method": "by hand", "errors": 17, "points": 59, "coverage_50": 0.49,
        "coverage_90": 0.88,
        "statement": "bands calibrated on 17 forecast errors; 90% band coverage in backtest 88% (52 of 59 points)"}


def test_scenario_properties():
    s = goalpath.load(data("e2e-small.yaml"))
    assert s.parameters == ["growth", "invest_growth"]
    assert s.uncertain_parameters == ["growth", "invest_growth"]
    assert s.targets == ["output-1100", "share-cap", "invest-growth", "cumulative-900"]
    assert s.indicators == ["output", "investment", "share", "cumulative"]
    assert s.years == [2023, 2024, 2025, 2026]
    assert s.id == "e2e-small"


def test_pandas_frames():
    pd = pytest.importorskip("pandas")
    r = goalpath.load(data("e2e-small.yaml")).run(paths=4000, seed=2)
    frame = r.to_pandas()
    assert isinstance(frame, pd.DataFrame)
    assert list(frame.index) == r.targets
    assert frame.loc["output-1100", "probability"] == r.probability[0]
    assert frame.loc["share-cap", "p50"] == r.quantiles[1, 3]
    bands = r.bands_frame()
    assert bands.loc[("output", 2026), "p95"] == r.bands["output"][3, 6]
    assert bands.loc[("output", 2023), "deterministic"] == 1000


def test_precision_equals_cli(cli_json):
    path = os.path.join(ROOT, "tests/data/e2e-small.yaml")
    theirs = cli_json("run", path, "--precision", 0.004, "--seed", 5)
    r = goalpath.load(path).run(precision=0.004, seed=5)
    same_report(r.report, theirs)
    stages = theirs["settings"]["precision"]["stages"]
    assert stages[-1] == theirs["settings"]["paths"] and len(stages) >= 2
    assert max(t["probability_se"] for t in theirs["targets"]) <= 0.004
    with pytest.raises(goalpath.OptionError):
        goalpath.load(path).run(precision=0.004, paths=10000)


def test_scenario_pickles_and_runs_the_same():
    """multiprocessing and the EMA Workbench send the model to workers by pickle."""
    import pickle
    for s in (goalpath.load(data("e2e-small.yaml"), set={"growth": 0.061}),
              goalpath.parse(open(data("e2e-small.yaml")).read(), name="x.yaml", set={"growth": 0.061})):
        back = pickle.loads(pickle.dumps(s))
        assert np.array_equal(back.run(paths=2000, seed=3).quantiles, s.run(paths=2000, seed=3).quantiles)
        assert back.run(deterministic=True).report["targets"][0]["deterministic"]["value"] == pytest.approx(1000 * 1.061 ** 3, rel=1e-12)


def test_one_scenario_in_several_threads_at_once():
    from concurrent.futures import ThreadPoolExecutor
    s = goalpath.load(data("e2e-small.yaml"))
    alone = s.run(paths=20000, seed=4, threads=1).quantiles
    with ThreadPoolExecutor(3) as pool:
        results = list(pool.map(lambda _: s.run(paths=20000, seed=4, threads=1).quantiles, range(3)))
    assert all(np.array_equal(r, alone) for r in results)

"""sweep() and sensitivity(): the report `goalpath sweep|sensitivity --format
json` writes, as a dict, for the same options (only the command line and the
time taken may differ)."""
import pytest

import goalpath
from conftest import data
from test_run import differences

ALLOWED_KEYS = {"command_line", "seconds"}


def same(ours, theirs):
    diff = [d for d in differences(ours, theirs) if not (d and d[-1] in ALLOWED_KEYS)]
    assert diff == [], f"Python and CLI reports differ at {diff[:10]}"


def test_sweep_equals_cli(cli_json):
    path = data("e2e-small.yaml")
    theirs = cli_json("sweep", path, "--grid", "growth=0.03:0.07:0.01", "--paths", 3000, "--seed", 5)
    ours = goalpath.load(path).sweep(grid=["growth=0.03:0.07:0.01"], paths=3000, seed=5)
    same(ours, theirs)
    assert ours != goalpath.load(path).sweep(grid=["growth=0.03:0.07:0.01"], paths=3000, seed=6)


@pytest.mark.parametrize("method,extra", [("tornado", []), ("morris", ["--samples", "20"])])
def test_sensitivity_equals_cli(cli_json, method, extra):
    path = data("sensitivity-linear.yaml")
    theirs = cli_json("sensitivity", path, "--method", method, *extra, "--seed", 3)
    samples = int(extra[1]) if extra else 0
    ours = goalpath.load(path).sensitivity(method=method, samples=samples, seed=3)
    same(ours, theirs)


def test_sensitivity_option_errors():
    s = goalpath.load(data("sensitivity-linear.yaml"))
    with pytest.raises(goalpath.OptionError) as caught:
        s.sensitivity(method="sobl")
    assert caught.value.field == "method" and caught.value.value == "sobl"


def test_track_equals_cli(cli_json):
    path = data("track-level.yaml")
    theirs = cli_json("track", path, "--paths", 5000, "--seed", 4)
    ours = goalpath.load(path).track(paths=5000, seed=4)
    same(ours, theirs)
    assert ours["schema"] == "goalpath.track/1"
    target = ours["targets"][0]
    assert target["posterior"]["probability"] != target["prior"]["probability"]
    assert ours != goalpath.load(path).track(paths=5000, seed=5)


def test_solve_equals_cli(cli_json):
    path = data("e2e-small.yaml")
    theirs = cli_json("solve", path, "--target", "output-1100", "--param", "growth")
    same(goalpath.load(path).solve("output-1100", "growth"), theirs)
    theirs = cli_json("solve", path, "--target", "output-1100", "--param", "growth", "--probability", 0.6,
                      "--paths", 2000, "--seed", 3)
    ours = goalpath.load(path).solve("output-1100", "growth", probability=0.6, paths=2000, seed=3)
    same(ours, theirs)
    assert ours["value"] is not None


def test_discover_equals_cli(cli_json):
    path = data("discover-pair.yaml")
    theirs = cli_json("discover", path, "--target", "both-positive", "--samples", 2000, "--seed", 7)
    same(goalpath.load(path).discover(target="both-positive", samples=2000, seed=7), theirs)
    failure = goalpath.load(path).discover(target="both-positive", samples=2000, seed=7, failure=True)
    assert failure["outcome"] == "failure"


def test_backtest_and_calibrate_equal_cli(cli, cli_json):
    path = data("backtest-normal.yaml")
    theirs = cli_json("backtest", path, "--from", 2012, "--paths", 3000, "--seed", 2)
    same(goalpath.load(path).backtest(2012, paths=3000, seed=2), theirs)
    calibrate = data("calibrate-growth.yaml")
    theirs = cli_json("calibrate", calibrate, "--indicator", "output")
    numbers, snippet = goalpath.load(calibrate).calibrate("output")
    same(numbers, theirs)
    import subprocess
    text = subprocess.run([cli, "calibrate", calibrate, "--indicator", "output", "--quiet"], check=True,
                          capture_output=True, text=True).stdout
    assert snippet == text


def test_compare_equals_cli(cli_json):
    a, b = data("compare-a.yaml"), data("compare-b.yaml")
    theirs = cli_json("compare", a, b, "--paths", 3000, "--seed", 4)
    same(goalpath.load(a).compare(goalpath.load(b), paths=3000, seed=4), theirs)


def test_rolling_and_calibrate_bands_equal_cli(cli, cli_json):
    path = data("backtest-normal.yaml")
    theirs = cli_json("backtest", path, "--rolling", "--max-horizon", 3, "--paths", 3000, "--seed", 2)
    ours = goalpath.load(path).rolling_backtest(max_horizon=3, paths=3000, seed=2)
    same(ours, theirs)
    assert ours["schema"] == "goalpath.backtest/2" and ours["points"] > 0
    theirs = cli_json("calibrate", path, "--bands", "--paths", 3000, "--seed", 2)
    numbers, variant = goalpath.load(path).calibrate_bands(paths=3000, seed=2, extends="backtest-normal.yaml")
    same(numbers, theirs)
    assert numbers["schema"] == "goalpath.bands/1"
    assert 'extends: "backtest-normal.yaml"' in variant
    assert numbers != goalpath.load(path).calibrate_bands(paths=3000, seed=3)[0]

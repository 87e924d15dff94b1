"""GoalPath from Python: load a scenario once, run it, sample it, evaluate it.

    import goalpath
    s = goalpath.load("scenarios/shanghai-2027/baseline.yaml", set={"output_growth": 0.05})
    r = s.run(paths=100_000, seed=1)
    r.report["targets"][0]["probability"]   # the CLI's goalpath.report/1, as a dict
    r.probability                           # NumPy: one per target, in r.targets order
    x = s.sample("gross_output", 2027, paths=100_000, seed=1)   # per-path values
    e = s.evaluate(X)                       # N x D parameter values -> N x T values, met

The numbers are the command line's to the last digit: the same engine
(goalpath/goalpath.hpp), the same seed, the same paths. Long calls release
the GIL and stop on Ctrl-C (KeyboardInterrupt). docs/PYTHON.md is the
reference.
"""
import json as _json
import numbers as _numbers
import os as _os

import numpy as _np

from . import _goalpath
from ._errors import Cancelled, InputError, OptionError, ResourceLimit

__all__ = ["load", "parse", "version", "Scenario", "Result", "Evaluation",
           "InputError", "OptionError", "ResourceLimit", "Cancelled", "QUANTILE_LEVELS", "QUANTILE_NAMES"]

#: The columns of Result.quantiles and of each Result.bands array.
QUANTILE_NAMES = ("p05", "p10", "p25", "p50", "p75", "p90", "p95")
QUANTILE_LEVELS = _np.array([0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95])
__version__ = _goalpath.version()


def version():
    """The engine's version, as every report records it."""
    return _goalpath.version()


def _assignments(set):
    """set= as the engine's "NAME=VALUE" strings: a dict (name or "name.sd"
    -> number), or an iterable of "NAME=VALUE" strings. Floats are written
    with repr(), which reads back as the same double."""
    if set is None:
        return []
    if isinstance(set, str):
        raise OptionError(f"set = {set!r}: must be a dict of name -> number or a list of 'NAME=VALUE' strings",
                          "set", set, "must be a dict of name -> number or a list of 'NAME=VALUE' strings")
    if hasattr(set, "items"):
        out = []
        for name, value in set.items():
            if isinstance(value, bool) or not isinstance(value, (_numbers.Real, str)):
                raise OptionError(f"set[{name!r}] = {value!r}: must be a number", f"set[{name}]", repr(value),
                                  "must be a number")
            if isinstance(value, _numbers.Integral):
                text = str(int(value))
            elif isinstance(value, _numbers.Real):
                text = repr(float(value))
            else:
                text = value
            out.append(f"{name}={text}")
        return out
    return [str(a) for a in set]


def load(path, set=None):
    """Reads a scenario file, follows `extends`, applies `set` and compiles.

    set: {"output_growth": 0.05, "output_growth.sd": 0.01} moves a
    parameter's (or shock's) value or standard deviation, as the command
    line's --set NAME=VALUE does; a list of "NAME=VALUE" strings works too.
    Raises InputError (file, line, column, code, hint) for anything wrong.
    """
    path = _os.fspath(path)
    assignments = _assignments(set)
    return Scenario(_goalpath.load(path, assignments), ("load", path, assignments))


def parse(yaml, name="<text>", set=None):
    """The same as load() from YAML text; `name` stands for the file in
    error positions, and `extends` is resolved from the current directory."""
    assignments = _assignments(set)
    return Scenario(_goalpath.parse(yaml, name, assignments), ("parse", yaml, name, assignments))


def _rebuild(how):
    """Unpickles a Scenario: loads or parses it again as it was made."""
    if how[0] == "load":
        return load(how[1], set=how[2])
    return parse(how[1], name=how[2], set=how[3])


def _pandas():
    try:
        import pandas
    except ImportError as e:  # pragma: no cover - depends on the machine
        raise ImportError("this needs pandas (Debian: apt-get install python3-pandas)") from e
    return pandas


class Scenario:
    """A scenario loaded, checked, overridden and compiled: ready to run.
    Immutable; share it between threads freely."""

    def __init__(self, native, how=None):
        self._native = native
        self._how = how  # how it was made: ("load", path, set) or ("parse", yaml, name, set)

    def __reduce__(self):
        """Pickled as how it was made (multiprocessing, the EMA Workbench):
        unpickling loads the file again, so it must still be there."""
        if self._how is None:
            raise TypeError("this Scenario was not made by goalpath.load or goalpath.parse")
        return (_rebuild, (self._how,))

    parameters = property(lambda self: list(self._native.parameters), doc="parameter names, in file order")
    uncertain_parameters = property(lambda self: list(self._native.uncertain_parameters),
                                    doc="names of the parameters with an uncertainty:, in file order")
    targets = property(lambda self: list(self._native.targets), doc="target ids, in file order")
    indicators = property(lambda self: list(self._native.indicators), doc="indicator names, in file order")
    years = property(lambda self: list(self._native.years), doc="base year to last year")
    id = property(lambda self: self._native.id, doc="the scenario's id (scenario:)")
    title = property(lambda self: self._native.title)
    file = property(lambda self: self._native.file, doc='the file loaded ("" for parse())')
    sha256 = property(lambda self: self._native.sha256, doc="SHA-256 of the file's (or text's) bytes")

    def __repr__(self):
        return f"<goalpath.Scenario {self.id!r} {self.years[0]}-{self.years[-1]}, {len(self.targets)} targets>"

    def run(self, paths=None, seed=None, threads=0, deterministic=False, max_seconds=0.0, max_memory_bytes=0,
            progress=None, precision=None):
        """`goalpath run`: every target's verdict and probability, every
        indicator's bands. paths and seed: None takes the scenario's
        simulation: block, else 100000 paths and seed 1. threads=0: every
        core (the result does not depend on it). precision: a standard
        error (e.g. 0.005) every target's probability must reach; the
        paths are then chosen (`goalpath run --precision`, not with paths),
        and report["settings"]["precision"] lists the counts tried. progress: None or a
        callable given the fraction done now and then (and 1.0 at the end),
        on this thread; an exception it raises stops the run. Returns a
        Result."""
        raw = _goalpath.run(self._native, paths=paths, seed=seed, threads=threads, deterministic=deterministic,
                            max_seconds=max_seconds, max_memory_bytes=max_memory_bytes, precision=precision,
                            progress=progress)
        return Result(raw)

    def sample(self, indicator, year, paths=None, seed=None, max_seconds=0.0, progress=None):
        """The per-path values of one indicator in one year: a float64 array
        of `paths` values, element p the value of Monte Carlo path p of a
        run() with the same seed (NaN where it is not a number)."""
        return _goalpath.sample(self._native, indicator, int(year), paths=paths, seed=seed, max_seconds=max_seconds,
                                progress=progress)

    def evaluate(self, X, columns=None, with_shocks=False, seed=None, threads=0, progress=None):
        """The model as a function of its parameters (for SALib or the EMA
        Workbench). X: N x D (row r, column d: the value of parameter
        columns[d]; columns=None: the uncertain parameters, in file order;
        a 1-D X is one row). Every other parameter keeps its value. Without
        shocks each row is the deterministic projection there, exactly
        `goalpath run --deterministic --set NAME=VALUE ...`; with_shocks
        gives row r the yearly shocks of Monte Carlo path r of `seed`.
        Returns an Evaluation: value (N x T float64), met (N x T bool)."""
        X = _np.asarray(X, dtype=_np.float64)
        if X.ndim == 1:
            X = X.reshape(1, -1)
        raw = _goalpath.evaluate(self._native, X, columns=list(columns or []), with_shocks=with_shocks, seed=seed,
                                 threads=threads, progress=progress)
        return Evaluation(raw)

    def track(self, via=None, paths=None, seed=None, threads=0, max_seconds=0.0, max_memory_bytes=0, progress=None):
        """`goalpath track`: the paths weighed by the values observed after
        the base year (history: or history_files:). Returns the report as a
        dict (goalpath.track/1: targets[] with prior and posterior
        probabilities, moved_by and signposts; observations[] with their
        percentiles; parameters[] before and after; ess; indicators)."""
        text = _goalpath.track(self._native, via=via or "", paths=paths, seed=seed, threads=threads,
                               max_seconds=max_seconds, max_memory_bytes=max_memory_bytes, progress=progress)
        return _json.loads(text)

    def sweep(self, sweeps=None, grid=None, fix=False, deterministic=False, paths=None, seed=None, threads=0,
              max_seconds=0.0):
        """`goalpath sweep`: the scenario's sweeps (ids) and/or grid axes
        ("NAME=FROM:TO:STEP" or "NAME=v1,v2,..."). Returns the report as a
        dict (goalpath sweep --format json)."""
        text = _goalpath.sweep(self._native, sweeps=list(sweeps or []), grid=list(grid or []), fix=fix,
                               deterministic=deterministic, paths=paths, seed=seed, threads=threads,
                               max_seconds=max_seconds)
        return _json.loads(text)

    def solve(self, target, param, probability=None, within=None, paths=None, seed=None, threads=0,
              max_seconds=0.0):
        """`goalpath solve`: the break-even value of `param` for `target`
        (deterministic), or with `probability` the centre of `param` at which
        P(met) is that probability (`within`: the (low, high) to search).
        Returns the goalpath.solve/1 report as a dict."""
        text = _goalpath.solve(self._native, target, param, probability=probability,
                               within=tuple(within) if within is not None else None, paths=paths, seed=seed,
                               threads=threads, max_seconds=max_seconds)
        return _json.loads(text)

    def discover(self, target="all", samples=0, with_shocks=False, failure=False, seed=None, threads=0,
                 max_seconds=0.0):
        """`goalpath discover`: which ranges of the uncertain parameters lead
        to success (or, with failure=True, to failure), by PRIM on a sample
        drawn through the scenario's copula. samples=0: the default size.
        Returns the goalpath.discover/1 report as a dict."""
        text = _goalpath.discover(self._native, target=target, samples=samples, with_shocks=with_shocks,
                                  failure=failure, seed=seed, threads=threads, max_seconds=max_seconds)
        return _json.loads(text)

    def backtest(self, from_year, deterministic=False, paths=None, seed=None, threads=0, max_seconds=0.0):
        """`goalpath backtest --from YEAR`: the scenario's rules restarted in
        from_year from the history, against every later observed year.
        Returns the goalpath.backtest/1 report as a dict."""
        text = _goalpath.backtest(self._native, int(from_year), deterministic=deterministic, paths=paths, seed=seed,
                                  threads=threads, max_seconds=max_seconds)
        return _json.loads(text)

    def rolling_backtest(self, max_horizon=0, first_origin=0, last_origin=0, paths=None, seed=None, threads=0,
                         max_seconds=0.0):
        """`goalpath backtest --rolling`: the scenario's rules restarted in
        every year the history allows, errors pooled by horizon (0: as the
        history allows). Returns the goalpath.backtest/2 report as a dict."""
        text = _goalpath.rolling_backtest(self._native, first_origin=first_origin, last_origin=last_origin,
                                          max_horizon=max_horizon, paths=paths, seed=seed, threads=threads,
                                          max_seconds=max_seconds)
        return _json.loads(text)

    def calibrate_bands(self, max_horizon=0, first_origin=0, last_origin=0, extends="", paths=None, seed=None,
                        threads=0, max_seconds=0.0):
        """`goalpath calibrate --bands`: every shock's sd estimated from the
        errors of the scenario's own method in the rolling backtest
        (max_horizon 0: the scenario's own horizon). Returns (the
        goalpath.bands/1 dict, the variant's YAML text); its `extends:` names
        `extends` (default: this scenario's file as loaded)."""
        text, variant = _goalpath.calibrate_bands(self._native, first_origin=first_origin, last_origin=last_origin,
                                                  max_horizon=max_horizon, extends=extends, paths=paths, seed=seed,
                                                  threads=threads, max_seconds=max_seconds)
        return _json.loads(text), variant

    def calibrate(self, indicator, from_year=None, to_year=None):
        """`goalpath calibrate`: growth and spread of an indicator from its
        history. Returns (the goalpath.calibrate/1 dict, the scenario text
        to paste)."""
        text, snippet = _goalpath.calibrate(self._native, indicator, from_year=from_year, to_year=to_year)
        return _json.loads(text), snippet

    def compare(self, other, paths=None, seed=None, threads=0, max_seconds=0.0):
        """`goalpath compare A B` with this scenario as A and `other` as B,
        one seed and path count for both (common random numbers). Returns
        the goalpath.compare/1 report as a dict."""
        text = _goalpath.compare(self._native, other._native, paths=paths, seed=seed, threads=threads,
                                 max_seconds=max_seconds)
        return _json.loads(text)

    def sensitivity(self, method="tornado", metric="value", targets=None, samples=0, levels=4, bootstrap=200,
                    with_shocks=False, include_fixed=False, paths=None, seed=None, threads=0, max_seconds=0.0):
        """`goalpath sensitivity`: method tornado | morris | sobol | shapley,
        metric value | met. Returns the report as a dict (--format json)."""
        text = _goalpath.sensitivity(self._native, method=method, metric=metric, targets=list(targets or []),
                                     samples=samples, levels=levels, bootstrap=bootstrap, with_shocks=with_shocks,
                                     include_fixed=include_fixed, paths=paths, seed=seed, threads=threads,
                                     max_seconds=max_seconds)
        return _json.loads(text)


class Result:
    """What run() returns.

    report          the goalpath.report/1 dict (`goalpath run --format json`)
    targets         target ids; the rows of the arrays below
    years           int array, base year to last year
    probability     (T,) P(target met); NaN in a deterministic run
    probability_se  (T,) its Monte Carlo standard error
    quantiles       (T, 7) what each target measures at QUANTILE_LEVELS
    bands           {indicator: (Y, 7) array}, the indicator's quantiles each year
    deterministic   {indicator: (Y,) array}, the projection without uncertainty
    """

    def __init__(self, raw):
        self.report = _json.loads(raw["report_json"])
        self.targets = list(raw["targets"])
        self.years = raw["years"]
        self.probability = raw["probability"]
        self.probability_se = raw["probability_se"]
        self.quantiles = raw["quantiles"]
        self.bands = dict(raw["bands"])
        self.deterministic = dict(raw["deterministic"])

    def __getitem__(self, key):
        """r["targets"] is r.report["targets"]: a Result reads like the report dict."""
        return self.report[key]

    def __repr__(self):
        p = ", ".join(f"{t}: {v:.3f}" for t, v in zip(self.targets, self.probability))
        return f"<goalpath.Result {self.report['scenario']['id']!r} {p}>"

    def targets_frame(self):
        """A pandas DataFrame, one row per target (index: id): label,
        deterministic value and verdict, probability, its SE, the
        quantiles, status."""
        pd = _pandas()
        rows = []
        for k, t in enumerate(self.report["targets"]):
            row = {"id": t["id"], "label": t.get("label", ""), "deterministic_value": t.get("deterministic_value"),
                   "deterministic_met": t.get("deterministic_met"), "probability": self.probability[k],
                   "probability_se": self.probability_se[k]}
            for c, name in enumerate(QUANTILE_NAMES):
                row[name] = self.quantiles[k, c]
            row["status"] = t.get("status")
            rows.append(row)
        return pd.DataFrame(rows).set_index("id")

    to_pandas = targets_frame

    def bands_frame(self):
        """A pandas DataFrame of every indicator's bands, long form: one row
        per (indicator, year) with deterministic and p05 .. p95."""
        pd = _pandas()
        rows = []
        for name, band in self.bands.items():
            for y, year in enumerate(self.years):
                row = {"indicator": name, "year": int(year), "deterministic": self.deterministic[name][y]}
                for c, q in enumerate(QUANTILE_NAMES):
                    row[q] = band[y, c]
                rows.append(row)
        return pd.DataFrame(rows).set_index(["indicator", "year"])


class Evaluation:
    """What evaluate() returns: value (N x T float64, what each target
    measures at each row), met (N x T bool), targets (the T ids), columns
    (the D parameters of X). e["value"] works as e.value does."""

    def __init__(self, raw):
        self.columns = list(raw["columns"])
        self.targets = list(raw["targets"])
        self.value = raw["value"]
        self.met = raw["met"]

    def __getitem__(self, key):
        return getattr(self, key)

    def __len__(self):
        return self.value.shape[0]

    def __repr__(self):
        return f"<goalpath.Evaluation {self.value.shape[0]} rows x {len(self.targets)} targets>"

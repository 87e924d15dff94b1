"""Errors reach Python as exceptions that carry what the CLI prints:
InputError (file, line, column, code, hint; str() is the CLI's message),
OptionError (field, value, rule), ResourceLimit."""
import os
import pickle
import subprocess

import pytest

import goalpath
from conftest import data


def test_input_error_carries_file_line_column_code(cli):
    path = data("e2e-broken.yaml")
    with pytest.raises(goalpath.InputError) as caught:
        goalpath.load(path)
    e = caught.value
    assert isinstance(e, ValueError)
    assert (e.file, e.line, e.column, e.code) == (path, 8, 14, "unknown-name")
    assert e.hint == "did you mean 'growth_rate'?"
    assert e.message == "'growth_rat' is not defined"
    # str(e) is what the command line prints for the same file.
    stderr = subprocess.run([cli, "run", path], capture_output=True, text=True).stderr
    assert str(e) in stderr
    assert str(e).startswith(f"{path}:8:14: error: ")


def test_parse_names_the_text_in_positions():
    text = "scenario: x\nyears: [2023, 2025]\nparameters:\n  g: 0.1\nindicators:\n  out:\n    base: 1\n    growth: \"g +\"\n"
    with pytest.raises(goalpath.InputError) as caught:
        goalpath.parse(text, name="inline.yaml")
    e = caught.value
    assert e.file == "inline.yaml" and e.line == 8 and e.column > 0 and e.code


def test_bad_override():
    with pytest.raises(goalpath.InputError) as caught:
        goalpath.load(data("e2e-small.yaml"), set={"grwth": 0.1})
    assert caught.value.code == "unknown-name" and caught.value.hint == "did you mean 'growth'?"
    with pytest.raises(goalpath.InputError) as caught:  # a string goes to the engine as written
        goalpath.load(data("e2e-small.yaml"), set={"growth": "fast"})
    assert caught.value.code == "bad-option" and "'fast' is not a number" in str(caught.value)
    with pytest.raises(goalpath.OptionError) as caught:
        goalpath.load(data("e2e-small.yaml"), set={"growth": None})
    assert caught.value.field == "set[growth]"


def test_missing_file():
    with pytest.raises(goalpath.InputError) as caught:
        goalpath.load(data("no-such-file.yaml"))
    assert caught.value.file.endswith("no-such-file.yaml") and caught.value.code


@pytest.mark.parametrize("kwargs,field,value", [
    ({"paths": 0}, "paths", "0"),
    ({"seed": -1}, "seed", "-1"),
    ({"seed": 2 ** 53 + 1}, "seed", str(2 ** 53 + 1)),
    ({"threads": -1}, "threads", "-1"),
    ({"max_seconds": -1.0}, "max_seconds", "-1"),
])
def test_option_errors(kwargs, field, value):
    with pytest.raises(goalpath.OptionError) as caught:
        goalpath.load(data("e2e-small.yaml")).run(**kwargs)
    e = caught.value
    assert isinstance(e, ValueError)
    assert (e.field, e.value) == (field, value) and e.rule
    assert str(e) == f"{field} = {value}: {e.rule}"


def test_resource_limit():
    s = goalpath.load(data("e2e-small.yaml"))
    with pytest.raises(goalpath.ResourceLimit) as caught:
        s.run(paths=1_000_000_000, max_seconds=0.01)
    assert isinstance(caught.value, RuntimeError)
    assert "would take" in str(caught.value)
    with pytest.raises(goalpath.ResourceLimit):
        s.run(paths=1000, max_memory_bytes=1)


def test_errors_pickle():
    """Exceptions cross process boundaries (multiprocessing, EMA Workbench)."""
    with pytest.raises(goalpath.InputError) as caught:
        goalpath.load(data("e2e-broken.yaml"))
    back = pickle.loads(pickle.dumps(caught.value))
    assert (back.file, back.line, back.column, back.code, back.hint, str(back)) == \
        (caught.value.file, 8, 14, "unknown-name", caught.value.hint, str(caught.value))

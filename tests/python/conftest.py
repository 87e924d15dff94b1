"""Shared fixtures of the Python module's tests (label `python`).

CTest runs pytest with PYTHONPATH at the build's python/ folder and
GOALPATH_CLI at the built command line, so these test the build, not a
copy installed in site-packages: test_import_is_the_build checks it.
"""
import json
import os
import subprocess

import pytest

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.path.join(ROOT, "tests", "data")


@pytest.fixture(scope="session")
def cli():
    path = os.environ.get("GOALPATH_CLI", os.path.join(ROOT, "build", "engine", "goalpath"))
    if not os.path.exists(path):
        pytest.fail(f"the built command line {path} is missing (set GOALPATH_CLI)")
    return path


@pytest.fixture(scope="session")
def cli_json(cli):
    """`goalpath ARGS... --format json --quiet` parsed."""
    def run(*args):
        out = subprocess.run([cli, *map(str, args), "--format", "json", "--quiet"], check=True,
                             capture_output=True, text=True).stdout
        return json.loads(out)
    return run


def data(name):
    return os.path.join(DATA, name)

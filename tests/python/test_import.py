"""The module under test is the build's, and its surface is what docs/PYTHON.md says."""
import os

import goalpath


def test_import_is_the_build():
    expected = os.environ.get("GOALPATH_PYTHON_DIR")
    if expected is None:  # run by hand: at least not an installed copy by accident
        return
    assert os.path.realpath(goalpath.__file__).startswith(os.path.realpath(expected) + os.sep)
    assert os.path.realpath(goalpath._goalpath.__file__).startswith(os.path.realpath(expected) + os.sep)


def test_version_is_the_engines(cli):
    import subprocess
    out = subprocess.run([cli, "--version"], capture_output=True, text=True).stdout
    assert goalpath.version() in out
    assert goalpath.__version__ == goalpath.version()


def test_exceptions_are_python_classes():
    assert issubclass(goalpath.InputError, ValueError)
    assert issubclass(goalpath.OptionError, ValueError)
    assert issubclass(goalpath.ResourceLimit, RuntimeError)

"""Long calls release the GIL and stop on Ctrl-C with KeyboardInterrupt."""
import os
import signal
import subprocess
import sys
import threading
import time

import numpy as np
import pytest

import goalpath
from conftest import data

CHILD = r"""
import sys, time
import numpy as np
import goalpath
s = goalpath.load(sys.argv[1])
call = sys.argv[2]
# Two centuries of years: each path costs fifty times more, so that
# sample and evaluate take many seconds without much memory.
long = goalpath.parse(open(sys.argv[1]).read().replace("years: [2023, 2026]", "years: [2023, 2222]"))
print("started", flush=True)
start = time.monotonic()
try:
    if call == "run":
        s.run(paths=1_000_000_000, seed=1)
    elif call == "sample":
        long.sample("output", 2222, paths=5_000_000)
    else:
        long.evaluate(np.tile([0.05, 0.1], (2_000_000, 1)), with_shocks=True)
except KeyboardInterrupt:
    print(f"KeyboardInterrupt after {time.monotonic() - start:.2f} s", flush=True)
    # The module is still usable: the cancel flag was this call's alone.
    r = s.run(paths=1000, seed=1)
    print(f"then ran {r.report['settings']['paths']} paths", flush=True)
    sys.exit(3)
print("finished", flush=True)
"""


def interrupt(call):
    child = subprocess.Popen([sys.executable, "-c", CHILD, data("e2e-small.yaml"), call],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=os.environ.copy())
    line = child.stdout.readline().strip()
    if line != "started":
        child.kill()
        raise AssertionError(f"the child did not start: {line!r} {child.stderr.read()}")
    time.sleep(1.0)  # well inside the call, which would take minutes
    assert child.poll() is None, "the call ended before Ctrl-C"
    signalled = time.monotonic()
    child.send_signal(signal.SIGINT)
    try:
        out, err = child.communicate(timeout=20)
    finally:
        child.kill()
    return child.returncode, time.monotonic() - signalled, out, err


def test_ctrl_c_stops_a_run_with_keyboard_interrupt():
    code, seconds, out, err = interrupt("run")
    assert code == 3, (out, err)
    assert "KeyboardInterrupt after" in out and "then ran 1000 paths" in out
    assert seconds < 2.5, f"took {seconds:.2f} s to stop"


@pytest.mark.parametrize("call", ["sample", "evaluate"])
def test_ctrl_c_stops_sample_and_evaluate(call):
    code, seconds, out, err = interrupt(call)
    assert code == 3, (out, err)
    assert seconds < 2.5, f"took {seconds:.2f} s to stop"


def test_gil_is_released_during_a_run():
    """Another Python thread keeps running while run() works."""
    s = goalpath.load(data("e2e-small.yaml"))
    ticks = 0
    stop = threading.Event()

    def count():
        nonlocal ticks
        while not stop.is_set():
            ticks += 1
            time.sleep(0.001)

    counter = threading.Thread(target=count)
    counter.start()
    start = time.monotonic()
    s.run(paths=3_000_000, seed=1, threads=1)
    seconds = time.monotonic() - start
    stop.set()
    counter.join()
    # With the GIL held for the whole run the counter would not tick at all.
    assert seconds > 0.2, "the run was too short to tell"
    assert ticks >= 50, (ticks, seconds)


def test_progress_is_reported_and_can_stop_a_call():
    s = goalpath.load(data("e2e-small.yaml"))
    seen = []
    r = s.run(paths=2_000_000, seed=1, progress=seen.append)
    assert len(seen) >= 2 and seen[-1] == 1.0, seen
    assert all(0 <= f <= 1 for f in seen)
    # Reporting progress changes nothing in the result.
    assert np.array_equal(r.quantiles, s.run(paths=2_000_000, seed=1).quantiles)
    fractions = []
    s.sample("output", 2026, paths=300_000, seed=1, progress=fractions.append)
    assert fractions[-1] == 1.0

    class Stop(Exception):
        pass

    def stop(fraction):
        raise Stop(fraction)

    start = time.monotonic()
    with pytest.raises(Stop):
        s.run(paths=1_000_000_000, seed=1, progress=stop)
    assert time.monotonic() - start < 5

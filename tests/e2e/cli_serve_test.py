#!/usr/bin/python3
"""goalpath serve from the command line: the ways it must refuse to start
(a broken scenario, a taken port, a bad --lang) exit 2 with a message and
listen on nothing; started, it prints its address, answers, and SIGTERM or
SIGINT stop it with exit 0 promptly, even in the middle of a long run.

usage: cli_serve_test.py GOALPATH SOURCE_DIR WORK_DIR
"""
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time

import serve_support as ss

goalpath, source, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
shutil.copytree(source / "scenarios" / "shanghai-2027", work / "shanghai-2027")
baseline = str(work / "shanghai-2027" / "baseline.yaml")
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def refused(args, expect):
    process = subprocess.run([goalpath, "serve", *args], capture_output=True, text=True, timeout=30)
    check(process.returncode == 2, f"serve {args}: exit {process.returncode}, want 2 ({process.stderr.strip()})")
    check(expect in process.stderr, f"serve {args}: stderr lacks {expect!r}: {process.stderr.strip()}")
    check("listening" not in process.stdout, f"serve {args}: printed an address: {process.stdout}")


broken = work / "broken.yaml"
broken.write_text((work / "shanghai-2027" / "baseline.yaml").read_text().replace("output_growth:", "output_growth:\n    valeu: 1\n", 1))
refused([str(broken)], "broken.yaml:")
refused([baseline, "--lang", "fr"], "--lang")
refused([baseline, "--port", "70000"], "--port = 70000")

# goalpath hands serve to goalpath-full (engine/CMakeLists.txt); alone in a
# folder, it says what is missing (exit 1) instead of serving.
lone = work / "lone"
lone.mkdir()
shutil.copy2(goalpath, lone / "goalpath")
process = subprocess.run([str(lone / "goalpath"), "serve", baseline], capture_output=True, text=True, timeout=30)
check(process.returncode == 1, f"serve without goalpath-full: exit {process.returncode}, want 1 ({process.stderr.strip()})")
check("needs goalpath-full" in process.stderr, f"serve without goalpath-full: {process.stderr.strip()}")
process = subprocess.run([str(lone / "goalpath"), "check", baseline], capture_output=True, text=True, timeout=30)
check(process.returncode == 0, f"check without goalpath-full: exit {process.returncode} ({process.stderr.strip()})")

with socket.socket() as taken:
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    refused([baseline, "--port", str(taken.getsockname()[1])], "--port")

# Started: the address line, the API, then signals stop it cleanly.
for stop_signal in (signal.SIGINT, signal.SIGTERM):
    with ss.Server(goalpath, baseline, ["--paths", "2000"]) as server:
        check(server.url.startswith("http://127.0.0.1:"), f"address: {server.url}")
        model = ss.get(server.url, "/api/model").json()
        check(model["scenario"]["paths"] == 2000, f"--paths not used: {model['scenario']}")
        # A long run in flight when the signal comes: the stop cancels it.
        answers = []
        runner = threading.Thread(target=lambda: answers.append(
            ss.post_json(server.url, "/api/run", {"paths": 2000000}, timeout=60).status))
        runner.start()
        time.sleep(0.3)
        began = time.monotonic()
        server.proc.send_signal(stop_signal)
        try:
            status = server.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            status = "hung"
        took = time.monotonic() - began
        runner.join(timeout=10)
        check(status == 0, f"{stop_signal.name}: exit {status}, want 0 ({''.join(server.stderr_lines).strip()})")
        check(took < 5, f"{stop_signal.name}: took {took:.1f} s to stop")
        # Cancelled (409), or the connection closed with the server (0): never a hang.
        check(answers and answers[0] in (409, 0, 200), f"the run in flight got {answers}")

# Another host than loopback is warned about.
with ss.Server(goalpath, baseline, ["--host", "0.0.0.0"]) as server:
    server.stop()
    time.sleep(0.2)
    check(any("anyone who can reach this machine" in line for line in server.stderr_lines),
          f"no warning for --host 0.0.0.0: {server.stderr_lines}")

if failures:
    sys.exit(f"{len(failures)} failure(s)")
print("cli_serve_test: all passed")

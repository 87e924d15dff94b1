#!/usr/bin/python3
"""goalpath serve from the command line: the ways it must refuse to start
(a broken scenario, a taken port, a bad --lang) exit 2 with a message and
listen on nothing; started, it prints its address, answers, and SIGTERM or
SIGINT stop it with exit 0 promptly, even in the middle of a long run.

usage: cli_serve_test.py GOALPATH SOURCE_DIR WORK_DIR
"""
import json
import pathlib
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

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


def start(*args):
    process = subprocess.Popen([goalpath, "serve", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    line = process.stdout.readline()
    return process, line


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

with socket.socket() as taken:
    taken.bind(("127.0.0.1", 0))
    taken.listen()
    refused([baseline, "--port", str(taken.getsockname()[1])], "--port")

# Started: the address line, the API, then signals stop it cleanly.
for stop_signal in (signal.SIGINT, signal.SIGTERM):
    process, line = start(baseline, "--port", "0", "--paths", "2000")
    check(line.startswith("goalpath serve: listening on http://127.0.0.1:"), f"address line: {line!r}")
    url = line.split()[-1]
    model = json.load(urllib.request.urlopen(url + "api/model", timeout=30))
    check(model["scenario"]["paths"] == 2000, f"--paths not used: {model['scenario']}")
    # A long run in flight when the signal comes: the stop cancels it.
    answers = []

    def long_run():
        request = urllib.request.Request(url + "api/run", data=json.dumps({"paths": 2000000}).encode(),
                                         headers={"Content-Type": "application/json"})
        try:
            answers.append(urllib.request.urlopen(request, timeout=60).status)
        except urllib.error.HTTPError as e:
            answers.append(e.code)
        except OSError as e:
            answers.append(str(e))

    runner = threading.Thread(target=long_run)
    runner.start()
    time.sleep(0.3)
    began = time.monotonic()
    process.send_signal(stop_signal)
    try:
        status = process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        status = "hung"
    runner.join(timeout=10)
    check(status == 0, f"{stop_signal.name}: exit {status}, want 0 ({process.stderr.read().strip()})")
    check(time.monotonic() - began < 5, f"{stop_signal.name}: took {time.monotonic() - began:.1f} s to stop")
    check(answers and answers[0] in (409, 200) or (answers and isinstance(answers[0], str)),
          f"the run in flight got {answers}")

# Another host than loopback is warned about.
process, line = start(baseline, "--port", "0", "--host", "0.0.0.0")
process.send_signal(signal.SIGINT)
process.wait(timeout=10)
check("anyone who can reach this machine" in process.stderr.read(), "no warning for --host 0.0.0.0")

if failures:
    sys.exit(f"{len(failures)} failure(s)")
print("cli_serve_test: all passed")

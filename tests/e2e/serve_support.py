#!/usr/bin/python3
"""Shared helpers for the tests and the bench of `goalpath serve`.

serve_browser_test.py, serve_load_test.py and bench/serve_latency.py start the
server with Server(...) on a free port (--port 0), read the address from the
line it prints when listening, talk to it with post_json()/get() (urllib,
standard library only), and stop it with Server.stop(): SIGINT, which must end
it with exit status 0 within a few seconds. cli_probabilities() runs
`goalpath run ... --format json` for the numbers the server must match.
"""
import json
import os
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request

LISTENING = re.compile(r"^goalpath serve: listening on (http://[^\s]+/)\s*$")


class ServerError(Exception):
    pass


class Server:
    """`goalpath serve SCENARIO --port 0 ARGS...`, started and waited for."""

    def __init__(self, goalpath, scenario, args=(), timeout=60.0, cwd=None):
        self.cmd = [goalpath, "serve", scenario, "--port", "0", *args]
        self.proc = subprocess.Popen(self.cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     text=True, encoding="utf-8", cwd=cwd)
        self.stderr_lines = []
        self.stdout_lines = []
        threading.Thread(target=self._drain, args=(self.proc.stderr, self.stderr_lines), daemon=True).start()
        self.url = None
        found = threading.Event()

        def read_stdout():
            for line in self.proc.stdout:
                self.stdout_lines.append(line)
                m = LISTENING.match(line)
                if m and self.url is None:
                    self.url = m.group(1)
                    found.set()
            found.set()

        threading.Thread(target=read_stdout, daemon=True).start()
        found.wait(timeout)
        if self.url is None:
            self.proc.kill()
            self.proc.wait()
            raise ServerError("goalpath serve did not print its address within %.0f s (exit %s)\n"
                              "command: %s\nstdout: %s\nstderr: %s"
                              % (timeout, self.proc.returncode, " ".join(self.cmd),
                                 "".join(self.stdout_lines), "".join(self.stderr_lines)))

    @staticmethod
    def _drain(stream, lines):
        for line in stream:
            lines.append(line)

    def alive(self):
        return self.proc.poll() is None

    def stop(self, within=5.0):
        """SIGINT; returns (exit status, seconds it took). Kills it if it outlives `within`."""
        if self.proc.poll() is not None:
            return self.proc.returncode, 0.0
        start = time.monotonic()
        self.proc.send_signal(signal.SIGINT)
        try:
            rc = self.proc.wait(within)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None, time.monotonic() - start
        return rc, time.monotonic() - start

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    def json(self):
        return json.loads(self.body.decode("utf-8"))


def request(url, data=None, method=None, headers=None, timeout=120.0):
    """One HTTP request; any status (4xx/5xx too) comes back as a Response
    (status 0 when the connection failed)."""
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return Response(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, e.headers, e.read())
    except (urllib.error.URLError, ConnectionError, OSError) as e:
        # No answer at all (connection refused or dropped): status 0, so a
        # test's check fails with the reason instead of stopping.
        return Response(0, {}, json.dumps({"error": "no HTTP answer: %s" % e}).encode())


def get(base, path, timeout=60.0):
    return request(base.rstrip("/") + path, timeout=timeout)


def post_json(base, path, obj, timeout=300.0):
    body = obj if isinstance(obj, (bytes, bytearray)) else json.dumps(obj).encode("utf-8")
    return request(base.rstrip("/") + path, data=body, method="POST",
                   headers={"Content-Type": "application/json"}, timeout=timeout)


def server_timing_ms(headers):
    """The `run;dur=MS` of a Server-Timing header, or None."""
    value = headers.get("Server-Timing") if headers is not None else None
    if not value:
        return None
    m = re.search(r"(?:^|,)\s*run\s*;[^,]*?dur=([0-9.eE+-]+)", value)
    return float(m.group(1)) if m else None


def cli_report(goalpath, scenario, sets=(), paths=None, extra=()):
    """`goalpath run SCENARIO --set N=V... --paths P --no-signposts --format json`, parsed.

    `sets` is a list of (name, text) pairs; the text is passed as given, so the
    caller decides the exact decimal the CLI parses."""
    cmd = [goalpath, "run", scenario, "--no-signposts", "--format", "json", "--quiet"]
    if paths is not None:
        cmd += ["--paths", str(paths)]
    for name, text in sets:
        cmd += ["--set", "%s=%s" % (name, text)]
    cmd += list(extra)
    r = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8")
    if r.returncode != 0:
        raise ServerError("%s: exit %d\n%s" % (" ".join(cmd), r.returncode, r.stderr))
    return json.loads(r.stdout)


def probabilities(report):
    """{target id: probability} of a goalpath.report/1 document."""
    return {t["id"]: t["probability"] for t in report["targets"]}


def js_number(x):
    """A number as JavaScript's String(x) prints it (shortest round trip), for
    the common cases the page produces (finite, |x| in [1e-6, 1e21))."""
    if x == int(x) and abs(x) < 1e21:
        return str(int(x))
    return repr(float(x))


def summary(values):
    """(median, p90, max) of a list of numbers (nearest rank)."""
    if not values:
        return (float("nan"),) * 3
    s = sorted(values)
    med = s[len(s) // 2] if len(s) % 2 else (s[len(s) // 2 - 1] + s[len(s) // 2]) / 2
    p90 = s[min(len(s) - 1, max(0, int(round(0.9 * len(s) + 0.5)) - 1))]
    return med, p90, s[-1]


def fail(msg):
    print("FAIL: " + msg, file=sys.stderr)
    sys.exit(1)

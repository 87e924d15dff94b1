#!/usr/bin/python3
"""`goalpath serve` under a bounded burst of concurrent requests (CTest label `e2e`).

usage: serve_load_test.py GOALPATH SOURCE_DIR WORK_DIR

Starts `goalpath serve scenarios/shanghai-2027/baseline.yaml --port 0` (a copy
in WORK_DIR) and sends 8 threads x 6 POST /api/run at 5,000 paths, each
with one of several output_growth values or a refused request (a value out of
bounds, an unknown parameter, paths out of range, too many overrides). Every
200 answer must be `goalpath run --set output_growth=V --paths 5000
--no-signposts --format json` (computed once per value): the same
probabilities, and the same document apart from settings.command_line,
settings.threads and diagnostics.seconds; every refused one a 400 with an
`error` message naming what is wrong. Then: a body over the limit gets 413
(or 400) and the server still answers; malformed JSON gets 400; an unknown
path 404; a newer /api/run with the same `client` cancels one still running
(409 with "cancelled": true); SIGINT ends the server with exit status 0
within 5 s. Standard library only.
"""
import concurrent.futures
import json
import os
import random
import shutil
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_support as ss  # noqa: E402

PATHS = 5000
THREADS = 8
PER_THREAD = 6
PARAM = "output_growth"
VALUES = ["0.02", "0.035", "0.04", "0.0455", "0.06", "0.08"]

failures = []
lock = threading.Lock()


def check(cond, msg):
    with lock:
        if cond:
            print("ok: " + msg)
        else:
            print("FAIL: " + msg)
            failures.append(msg)
    return cond


def comparable(report):
    """The report without what legitimately differs between the server and the CLI."""
    r = json.loads(json.dumps(report))
    r.get("settings", {}).pop("command_line", None)
    r.get("settings", {}).pop("threads", None)
    r.get("diagnostics", {}).pop("seconds", None)
    return r


def first_difference(a, b, where=""):
    if type(a) is not type(b):
        return "%s: %r vs %r" % (where or "/", a, b)
    if isinstance(a, dict):
        for k in sorted(set(a) | set(b)):
            if k not in a or k not in b:
                return "%s/%s: only in %s" % (where, k, "server" if k in a else "CLI")
            d = first_difference(a[k], b[k], where + "/" + k)
            if d:
                return d
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return "%s: length %d vs %d" % (where, len(a), len(b))
        for i, (x, y) in enumerate(zip(a, b)):
            d = first_difference(x, y, "%s[%d]" % (where, i))
            if d:
                return d
        return None
    return None if a == b else "%s: %r vs %r" % (where, a, b)


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    goalpath, source, work = sys.argv[1:4]
    goalpath = os.path.abspath(goalpath)
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    scen_dir = os.path.join(work, "shanghai-2027")
    shutil.copytree(os.path.join(source, "scenarios", "shanghai-2027"), scen_dir)
    baseline = os.path.join(scen_dir, "baseline.yaml")

    expected = {}
    for v in VALUES:
        expected[v] = ss.cli_report(goalpath, baseline, [(PARAM, v)], paths=PATHS)

    server = ss.Server(goalpath, baseline, ["--paths", str(PATHS)])
    print("server at " + server.url)
    try:
        model = ss.get(server.url, "/api/model").json()
        limits = model["limits"]
        names = [p["name"] for p in model["parameters"]]

        # One entry more than the limit (the count is refused before the names are read).
        too_many = {"%s_%d" % (names[i % len(names)], i): 0.0 for i in range(limits["max_overrides"] + 1)}
        invalid = [
            ("out of bounds", {"set": {PARAM: 5.0}, "paths": PATHS, "signposts": False}, PARAM),
            ("unknown parameter", {"set": {"no_such_parameter": 1.0}, "paths": PATHS, "signposts": False}, "no_such_parameter"),
            ("paths 0", {"set": {}, "paths": 0, "signposts": False}, "paths"),
            ("paths over the limit", {"set": {}, "paths": limits["max_paths"] + 1, "signposts": False}, "paths"),
        ]
        invalid.append(("too many overrides", {"set": too_many, "paths": PATHS, "signposts": False},
                        str(limits["max_overrides"])))

        jobs = []
        for v in VALUES:
            jobs.append(("valid", v, {"set": {PARAM: float(v)}, "paths": PATHS, "signposts": False}))
        for name, body, word in invalid:
            jobs.append(("invalid", (name, word), body))
        rng = random.Random(20261206)
        plan = [[jobs[rng.randrange(len(jobs))] for _ in range(PER_THREAD)] for _ in range(THREADS)]
        # Make sure every job appears at least once.
        flat = [j for row in plan for j in row]
        for k, job in enumerate(jobs):
            if job not in flat:
                plan[k % THREADS][k // THREADS % PER_THREAD] = job

        def worker(row):
            out = []
            for kind, key, body in row:
                t = time.monotonic()
                r = ss.post_json(server.url, "/api/run", body)
                out.append((kind, key, r, time.monotonic() - t))
            return out

        t0 = time.monotonic()
        with concurrent.futures.ThreadPoolExecutor(THREADS) as pool:
            results = [x for part in pool.map(worker, plan) for x in part]
        wall = time.monotonic() - t0
        print("burst: %d requests from %d threads in %.2f s" % (len(results), THREADS, wall))
        check(len(results) == THREADS * PER_THREAD, "every request answered")
        valid_ok = invalid_ok = 0
        for kind, key, r, secs in results:
            if kind == "valid":
                good = check(r.status == 200, "%s=%s: status %d" % (PARAM, key, r.status))
                if not good:
                    print("   body: " + r.body[:300].decode("utf-8", "replace"))
                    continue
                rep = r.json()
                good &= check(ss.probabilities(rep) == ss.probabilities(expected[key]),
                              "%s=%s: probabilities equal goalpath run's" % (PARAM, key))
                diff = first_difference(comparable(rep), comparable(expected[key]))
                good &= check(diff is None, "%s=%s: the report is goalpath run's%s" % (PARAM, key, "" if diff is None else " (first difference " + diff + ")"))
                good &= check(ss.server_timing_ms(r.headers) is not None,
                              "%s=%s: Server-Timing run;dur= present (%s)" % (PARAM, key, r.headers.get("Server-Timing")))
                valid_ok += good
            else:
                name, word = key
                try:
                    err = r.json().get("error", "")
                except ValueError:
                    err = ""
                good = check(r.status == 400 and isinstance(err, str) and err.strip() != "" and (word is None or word in err),
                             "%s: 400 with a message%s: %d %r" % (name, " naming " + word if word else "", r.status, err[:160]))
                invalid_ok += good
        print("valid answers right: %d, refusals right: %d" % (valid_ok, invalid_ok))

        # -- body over the limit ----------------------------------------------
        big = json.dumps({"set": {}, "paths": PATHS, "signposts": False,
                          "client": "x" * (limits["max_body_bytes"] + 1000)}).encode()
        r = ss.post_json(server.url, "/api/run", big)
        check(r.status in (413, 400), "a body of %d bytes (limit %d): %d" % (len(big), limits["max_body_bytes"], r.status))
        r = ss.get(server.url, "/api/model")
        check(r.status == 200 and server.alive(), "the server still answers after it")

        # -- malformed JSON, unknown path ------------------------------------------
        r = ss.post_json(server.url, "/api/run", b'{"set": {"output_growth": 0.05,')
        err = r.json().get("error", "") if r.status == 400 else ""
        check(r.status == 400 and err, "malformed JSON: %d %r" % (r.status, err[:160]))
        r = ss.post_json(server.url, "/api/run", b'[1, 2, 3]')
        check(r.status == 400, "JSON that is not an object: %d" % r.status)
        r = ss.get(server.url, "/no/such/page")
        check(r.status == 404, "GET unknown path: %d" % r.status)
        r = ss.post_json(server.url, "/api/nothing", {"set": {}})
        check(r.status == 404, "POST unknown path: %d" % r.status)
        r = ss.get(server.url, "/")
        check(r.status == 200 and r.headers.get("Content-Type", "").startswith("text/html"),
              "GET / is the page: %d %s" % (r.status, r.headers.get("Content-Type")))

        # -- a newer request from the same client cancels the running one ------
        slow_body = {"set": {PARAM: 0.05}, "paths": limits["max_paths"], "signposts": True, "client": "load-test-client"}
        box = {}

        def slow():
            t = time.monotonic()
            box["r"] = ss.post_json(server.url, "/api/run", slow_body)
            box["t"] = time.monotonic() - t

        th = threading.Thread(target=slow)
        th.start()
        time.sleep(0.3)
        if "r" in box:
            print("skip: the slow run (%d paths) finished in %.2f s, before a newer one could cancel it"
                  % (limits["max_paths"], box["t"]))
        else:
            r2 = ss.post_json(server.url, "/api/run", {"set": {PARAM: 0.04}, "paths": 1000, "signposts": False,
                                                     "client": "load-test-client"})
            th.join(300)
            r1 = box.get("r")
            check(r2.status == 200, "the newer request of the client answers 200: %d" % r2.status)
            if r1 is not None and r1.status == 200:
                print("note: the slow run finished (%.2f s) before the cancel reached it" % box["t"])
            else:
                j = r1.json() if r1 is not None else {}
                check(r1 is not None and r1.status == 409 and j.get("cancelled") is True,
                      "the older request is cancelled: %s %s" % (r1 and r1.status, j))
        th.join(300)
        check(server.alive(), "the server is still up")
    finally:
        rc, secs = server.stop(5.0)
        check(rc == 0, "SIGINT: exit status %s in %.2f s (want 0 within 5 s)" % (rc, secs))
        if failures:
            print("server stderr (last lines):\n" + "".join(server.stderr_lines[-20:]))
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""Latency of a slider move on the what-if page of `goalpath serve`.

usage: bench/serve_latency.py [--goalpath build/engine/goalpath] [--moves 30]
                              [--paths 100000] [--scenario scenarios/shanghai-2027/baseline.yaml]
                              [--param output_growth] [--no-browser]

Starts `goalpath serve SCENARIO --port 0 --paths PATHS` and measures
  (a) over HTTP (urllib): MOVES runs of POST /api/run with PARAM stepped
      across its slider's range, signposts off as the page sends them:
      the server's compute time (Server-Timing run;dur) and the round trip;
  (b) in headless Chromium (Selenium): MOVES keyboard moves of the slider
      (ARROW_RIGHT, each waited for until the page is idle again): the page's
      own record, window.goalpathTimings, of the time from the input event to
      the DOM showing that answer.
Prints median, p90 and max of each. Exits non-zero only on errors (a server
that does not start, a refused run, a page that never settles), never on
slowness: speed is recorded (bench/RESULTS.md), not asserted.
"""
import argparse
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
sys.path.insert(0, os.path.join(ROOT, "tests", "e2e"))
import serve_support as ss  # noqa: E402


def resolve(path):
    if os.path.exists(path):
        return os.path.abspath(path)
    alt = os.path.join(ROOT, path)
    return alt if os.path.exists(alt) else path


def http_moves(server, param, moves):
    model = ss.get(server.url, "/api/model").json()
    p = next((x for x in model["parameters"] if x["name"] == param), None)
    if p is None:
        raise ss.ServerError("no parameter %s in /api/model" % param)
    s = p["slider"]
    n_steps = int(round((s["max"] - s["min"]) / s["step"]))
    values = []
    for i in range(moves):
        k = int(round(i * n_steps / max(1, moves - 1)))
        values.append(round(s["min"] + k * s["step"], 12))
    # One run first so the first measured move does not pay for warming up.
    r = ss.post_json(server.url, "/api/run", {"set": {}, "signposts": False})
    if r.status != 200:
        raise ss.ServerError("warm-up run: %d %s" % (r.status, r.body[:300]))
    server_ms, round_ms = [], []
    for v in values:
        t = time.perf_counter()
        r = ss.post_json(server.url, "/api/run", {"set": {param: v}, "signposts": False, "client": "bench"})
        dt = (time.perf_counter() - t) * 1000
        if r.status != 200:
            raise ss.ServerError("%s=%r: %d %s" % (param, v, r.status, r.body[:300]))
        st = ss.server_timing_ms(r.headers)
        if st is None:
            raise ss.ServerError("no Server-Timing run;dur in the answer (%s)" % r.headers.get("Server-Timing"))
        server_ms.append(st)
        round_ms.append(dt)
    return model, values, server_ms, round_ms


def browser_moves(server, param, moves):
    from selenium import webdriver
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1200,900"):
        opts.add_argument(a)
    if os.path.exists(os.environ.get("CHROMIUM", "/usr/bin/chromium")):
        opts.binary_location = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    d = webdriver.Chrome(service=Service(os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")), options=opts)
    try:
        d.get(server.url)

        def idle(drv):
            return drv.execute_script(
                "return window.goalpathSeq > 0 && document.body.dataset.state === 'idle' &&"
                " document.body.dataset.seq === String(window.goalpathSeq);")

        WebDriverWait(d, 300, poll_frequency=0.01).until(idle)
        slider = d.find_element(By.ID, "value-" + param)
        d.execute_script("arguments[0].focus();", slider)
        key = Keys.ARROW_RIGHT
        ms, answer_ms, server_ms = [], [], []
        for _ in range(moves):
            before = d.execute_script("return [window.goalpathSeq, arguments[0].value, arguments[0].max];", slider)
            if float(before[1]) >= float(before[2]):
                key = Keys.ARROW_LEFT
            slider.send_keys(key)
            WebDriverWait(d, 300, poll_frequency=0.05).until(
                lambda drv: drv.execute_script("return window.goalpathSeq;") > before[0] and idle(drv))
            last = d.execute_script("return window.goalpathTimings[window.goalpathTimings.length - 1];")
            if last["seq"] != d.execute_script("return window.goalpathSeq;"):
                raise ss.ServerError("the page's last timing is not for its last move: %s" % last)
            err = d.execute_script("var e = document.getElementById('error'); return e.hidden ? '' : e.textContent;")
            if err:
                raise ss.ServerError("the page shows an error: " + err)
            ms.append(last["ms"])
            if last.get("answer_ms") is not None:
                answer_ms.append(last["answer_ms"])
            if last.get("server_ms") is not None:
                server_ms.append(last["server_ms"])
        return ms, answer_ms, server_ms
    finally:
        d.quit()


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--goalpath", default="build/engine/goalpath")
    ap.add_argument("--moves", type=int, default=30)
    ap.add_argument("--paths", type=int, default=100000)
    ap.add_argument("--scenario", default="scenarios/shanghai-2027/baseline.yaml")
    ap.add_argument("--param", default="output_growth")
    ap.add_argument("--no-browser", action="store_true", help="only the HTTP measurement")
    a = ap.parse_args()
    goalpath, scenario = resolve(a.goalpath), resolve(a.scenario)
    server = ss.Server(goalpath, scenario, ["--paths", str(a.paths)])
    rows = []
    try:
        model, values, server_ms, round_ms = http_moves(server, a.param, a.moves)
        rows.append(("server compute (Server-Timing)", server_ms))
        rows.append(("HTTP round trip (urllib)", round_ms))
        if not a.no_browser:
            dom, answer, compute = browser_moves(server, a.param, a.moves)
            rows.append(("browser: server compute", compute))
            rows.append(("browser: input -> answer headers", answer))
            rows.append(("browser: input event -> DOM", dom))
    finally:
        rc, secs = server.stop(5.0)
    if rc != 0:
        print("error: the server exited %s on SIGINT (after %.2f s)" % (rc, secs), file=sys.stderr)
        return 1
    print("goalpath serve %s --paths %d, %d moves of %s (%s .. %s), signposts off, %d cores"
          % (os.path.relpath(scenario, ROOT) if scenario.startswith(ROOT) else scenario, a.paths, a.moves,
             a.param, values[0], values[-1], os.cpu_count() or 0))
    print("%-32s %10s %10s %10s" % ("ms", "median", "p90", "max"))
    for name, vals in rows:
        med, p90, mx = ss.summary(vals)
        print("%-32s %10.1f %10.1f %10.1f" % (name, med, p90, mx))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except ss.ServerError as e:
        print("error: %s" % e, file=sys.stderr)
        sys.exit(1)

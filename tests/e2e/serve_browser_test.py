#!/usr/bin/python3
"""The live what-if page of `goalpath serve` in a real browser (CTest label `browser`).

usage: serve_browser_test.py GOALPATH SOURCE_DIR WORK_DIR

Copies scenarios/shanghai-2027 into WORK_DIR (variants are saved there),
starts `goalpath serve baseline.yaml --port 0 --paths 20000` and drives the
page in headless Chromium through Selenium (chromedriver):

  - the first answer's probabilities equal `goalpath run` without --set;
  - no text overflows its box, no SVG text leaves its chart, at 1200 and 390
    px wide (the probe of brief_check.py, run in the live page);
  - output_growth moved with the keyboard (ARROW_RIGHT, several presses in a
    row, so earlier answers are still in flight): the probabilities shown
    (data-value, and the text as that value's percentage with one decimal)
    equal `goalpath run --set output_growth=V --paths 20000 --no-signposts`
    to the last digit, V the value the page sent (window.goalpathLastRequest);
    the changed-assumptions list names output_growth; Reset gives back the
    file's probabilities and an empty list;
  - Save as variant writes a file that extends the baseline and whose
    `goalpath run` gives the probabilities the page showed; saving again
    under the same name asks (confirm()): dismissed, the file is kept;
    accepted, it is overwritten with the new values;
  - a value outside the parameter's bounds: 400 over HTTP naming the
    parameter, and shown in the page's #error element (not an alert);
  - the page in Chinese (--lang zh): <html lang>, status words, no overflow;
  - SIGINT stops the server with exit status 0 within 5 s.
Standard library, python3-selenium and chromium-driver.
"""
import decimal
import json
import os
import shutil
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import serve_support as ss  # noqa: E402

try:
    from selenium import webdriver
    from selenium.common.exceptions import NoAlertPresentException, TimeoutException
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:
    sys.exit("FAIL: python3-selenium is not installed (scripts/install-deps.sh --test)")

PATHS = 20000
PARAM = "output_growth"
ZH_STATUS = {"有望实现", "存在风险", "难以实现"}
EN_STATUS = {"on track", "at risk", "off track"}

failures = []


def check(cond, msg):
    if cond:
        print("ok: " + msg)
    else:
        print("FAIL: " + msg)
        failures.append(msg)
    return cond


def browser(width, height):
    opts = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
              "--no-first-run", "--disable-background-networking", "--disable-component-update",
              "--window-size=%d,%d" % (width, height)):
        opts.add_argument(a)
    chromium = os.environ.get("CHROMIUM", "/usr/bin/chromium")
    if os.path.exists(chromium):
        opts.binary_location = chromium
    opts.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver_path = os.environ.get("CHROMEDRIVER", "/usr/bin/chromedriver")
    try:
        from selenium.webdriver.chrome.service import Service
        return webdriver.Chrome(service=Service(driver_path), options=opts)
    except TypeError:
        return webdriver.Chrome(executable_path=driver_path, options=opts)


def wait_idle(d, timeout=120):
    """Until the answer to the last request sent is on the page."""
    def done(drv):
        return drv.execute_script(
            "return window.goalpathSeq > 0 && document.body.dataset.state === 'idle' &&"
            " document.body.dataset.seq === String(window.goalpathSeq);")
    WebDriverWait(d, timeout, poll_frequency=0.05).until(done)


def shown_probabilities(d):
    """{target id: (data-value, text)} of every prob-* element."""
    rows = d.execute_script(
        "return Array.from(document.querySelectorAll('[id^=prob-]')).map(function (e) {"
        " return [e.id.slice(5), e.getAttribute('data-value'), e.textContent]; });")
    return {r[0]: (r[1], r[2]) for r in rows}


def pct_text(p):
    """(p * 100).toFixed(1) + '%', as JavaScript rounds (ties away from zero on the double's exact value)."""
    v = decimal.Decimal(p * 100)
    return str(v.quantize(decimal.Decimal("0.1"), rounding=decimal.ROUND_HALF_UP)) + "%"


def compare(d, expected, what, report=None):
    """The page's probabilities equal `expected` ({id: p}); with the CLI's
    report, each status too (data-status, and the word in the page's language)."""
    shown = shown_probabilities(d)
    if report is not None:
        statuses = d.execute_script(
            "return Array.from(document.querySelectorAll('[id^=status-]')).map(function (e) {"
            " return [e.id.slice(7), e.getAttribute('data-status')]; });")
        statuses = dict(statuses)
        for t in report["targets"]:
            check(statuses.get(t["id"]) == t["status"], "%s: %s status %s == goalpath run's %s"
                  % (what, t["id"], statuses.get(t["id"]), t["status"]))
    ok = check(set(shown) == set(expected), "%s: the page shows every target (%s)" % (what, sorted(shown)))
    for tid, p in sorted(expected.items()):
        if tid not in shown:
            continue
        value, text = shown[tid]
        ok &= check(value is not None and float(value) == p,
                    "%s: %s data-value %s == goalpath run's %r" % (what, tid, value, p))
        ok &= check(text.strip() == pct_text(p), "%s: %s reads %r (want %r)" % (what, tid, text, pct_text(p)))
    return ok


def page_probabilities(d):
    return {k: float(v[0]) for k, v in shown_probabilities(d).items()}


def last_set(d):
    """The last /api/run body's set, each number as JavaScript's String(x)."""
    return d.execute_script(
        "var s = (window.goalpathLastRequest || {}).set || {}; var o = {};"
        " Object.keys(s).forEach(function (k) { o[k] = String(s[k]); }); return o;")


def overflow(d, brief_check, width, work, tag):
    """The brief's overflow probe, run in the live page at `width` px."""
    d.set_window_size(width, 1000)
    time.sleep(0.3)
    cw = d.execute_script("return document.documentElement.clientWidth;")
    if cw > width:
        # Headless Chromium keeps windows at least ~500 px wide: give the
        # root the phone's width and let the page lay its charts out again.
        d.execute_script("document.documentElement.style.width = arguments[0] + 'px';"
                         " window.dispatchEvent(new Event('resize'));", width)
    else:
        d.execute_script("document.documentElement.style.width = ''; window.dispatchEvent(new Event('resize'));")
    time.sleep(0.5)
    script = brief_check.OVERFLOW_SCRIPT.replace("WIDTH", str(width))
    script = script.strip()
    script = script[len("<script>"):-len("</script>")]
    d.execute_script(script)
    report = d.execute_script(
        "var p = document.getElementById('overflow-report'); var t = p.textContent;"
        " var n = p.getAttribute('data-checked'); p.remove(); return [t, n];")
    d.save_screenshot(os.path.join(work, "page-%s-%d.png" % (tag, width)))
    check(int(report[1]) > 50, "%s %d px: the probe walked %s elements" % (tag, width, report[1]))
    check(report[0].strip() == "", "%s %d px: nothing overflows%s" % (tag, width,
                                                                     "" if not report[0].strip() else ":\n  " + report[0].replace("\n", "\n  ")))
    d.execute_script("document.documentElement.style.width = '';")
    d.set_window_size(1200, 900)
    d.execute_script("window.dispatchEvent(new Event('resize'));")


def press(d, element_id, key, times):
    el = d.find_element(By.ID, element_id)
    d.execute_script("arguments[0].focus();", el)
    # One WebDriver command for every press: the key events follow each other
    # within milliseconds, so earlier answers are still on their way.
    el.send_keys(key * times)


def severe_console(d):
    try:
        return [e["message"] for e in d.get_log("browser") if e.get("level") == "SEVERE"]
    except Exception:
        return []


def main():
    if len(sys.argv) != 4:
        sys.exit(__doc__)
    goalpath, source, work = sys.argv[1:4]
    goalpath = os.path.abspath(goalpath)
    sys.path.insert(0, os.path.join(source, "tests", "e2e"))
    import brief_check
    shutil.rmtree(work, ignore_errors=True)
    os.makedirs(work)
    scen_dir = os.path.join(work, "shanghai-2027")
    shutil.copytree(os.path.join(source, "scenarios", "shanghai-2027"), scen_dir)
    baseline = os.path.join(scen_dir, "baseline.yaml")
    # Relative `extends:` and history files resolve inside the copy; docs/sources
    # is cited by path only.

    file_report = ss.cli_report(goalpath, baseline, paths=PATHS)
    file_probs = ss.probabilities(file_report)
    server = ss.Server(goalpath, baseline, ["--paths", str(PATHS)])
    print("server at " + server.url)
    d = None
    try:
        d = browser(1200, 900)
        d.get(server.url)
        wait_idle(d)
        check(d.execute_script("return document.getElementById('error').hidden;"), "no error on load")
        check(d.execute_script("return document.documentElement.lang;") == "en", "<html lang> is en (the scenario's --lang default)")
        compare(d, file_probs, "first answer", file_report)
        statuses = d.execute_script("return Array.from(document.querySelectorAll('[id^=status-]')).map(function (e) { return e.textContent; });")
        check(statuses and set(statuses) <= EN_STATUS, "statuses in English: %s" % statuses)
        overflow(d, brief_check, 1200, work, "en")
        overflow(d, brief_check, 390, work, "en")
        wait_idle(d)

        # -- a real keyboard move, several presses in flight --------------------
        file_value = d.execute_script("return Number(document.getElementById('value-%s').value);" % PARAM)
        press(d, "value-" + PARAM, Keys.ARROW_RIGHT, 4)
        wait_idle(d)
        sent = last_set(d)
        check(set(sent) == {PARAM}, "the last request sets only %s: %s" % (PARAM, sent))
        value = sent.get(PARAM)
        slider = d.execute_script("return document.getElementById('value-%s').value;" % PARAM)
        check(value is not None and float(slider) == float(value), "slider at %s, request sent %s" % (slider, value))
        check(value is not None and float(value) > file_value, "the slider moved right (%s > %s)" % (value, file_value))
        seqs = [t["seq"] for t in d.execute_script("return window.goalpathTimings;")]
        check(seqs == sorted(seqs) and seqs[-1] == d.execute_script("return window.goalpathSeq;"),
              "answers shown in order, the last for the last move: %s" % seqs)
        moved_report = ss.cli_report(goalpath, baseline, [(PARAM, value)], paths=PATHS)
        moved = ss.probabilities(moved_report)
        check(moved != file_probs, "the move changes some probability")
        compare(d, moved, "after the keyboard move", moved_report)
        changes = d.execute_script("return Array.from(document.querySelectorAll('#changes li')).map(function (e) { return e.textContent; });")
        check(len(changes) == 1 and changes[0].startswith(PARAM + ":"), "changed list names %s: %s" % (PARAM, changes))

        # -- reset ------------------------------------------------------------------
        d.find_element(By.ID, "reset").click()
        wait_idle(d)
        check(last_set(d) == {}, "after Reset the request sets nothing")
        compare(d, file_probs, "after Reset")
        check(d.execute_script("return document.querySelectorAll('#changes li').length;") == 0, "changed list empty after Reset")

        # -- save as variant ---------------------------------------------------
        press(d, "value-" + PARAM, Keys.ARROW_LEFT, 3)
        wait_idle(d)
        v_value = last_set(d).get(PARAM)
        v_probs = page_probabilities(d)
        title = d.find_element(By.ID, "variant-title")
        title.clear()
        title.send_keys("Browser test: slower output")
        fname = d.find_element(By.ID, "variant-file")
        fname.clear()
        fname.send_keys("browser-variant.yaml")
        d.find_element(By.ID, "save-variant").click()
        WebDriverWait(d, 30).until(lambda drv: drv.find_element(By.ID, "variant-result").get_attribute("data-file"))
        written = d.find_element(By.ID, "variant-result").get_attribute("data-file")
        expected_path = os.path.join(scen_dir, "browser-variant.yaml")
        check(os.path.exists(expected_path), "variant written at %s (page says %s)" % (expected_path, written))
        check(os.path.realpath(written) == os.path.realpath(expected_path), "the page shows where it was written")
        check(expected_path in d.find_element(By.ID, "variant-result").text or written in d.find_element(By.ID, "variant-result").text,
              "the path is visible on the page")
        text = open(expected_path, encoding="utf-8").read()
        check("extends:" in text, "the variant extends the baseline")
        check("Browser test: slower output" in text, "the variant carries its title")
        v_cli = ss.probabilities(ss.cli_report(goalpath, expected_path, paths=PATHS))
        check(v_cli == v_probs, "goalpath run VARIANT gives the page's probabilities (%s=%s)" % (PARAM, v_value))

        # -- saving again: confirm() dismissed, then accepted --------------------
        press(d, "value-" + PARAM, Keys.ARROW_LEFT, 2)
        wait_idle(d)
        new_probs = page_probabilities(d)
        before = open(expected_path, "rb").read()
        d.find_element(By.ID, "save-variant").click()
        alert = WebDriverWait(d, 30, ignored_exceptions=(NoAlertPresentException,)).until(lambda drv: drv.switch_to.alert)
        check("browser-variant.yaml" in alert.text, "confirm() names the file: %r" % alert.text)
        alert.dismiss()
        WebDriverWait(d, 10).until(lambda drv: drv.find_element(By.ID, "variant-result").text)
        check(open(expected_path, "rb").read() == before, "dismissed: the file is not overwritten")
        d.find_element(By.ID, "save-variant").click()
        alert = WebDriverWait(d, 30, ignored_exceptions=(NoAlertPresentException,)).until(lambda drv: drv.switch_to.alert)
        alert.accept()
        WebDriverWait(d, 30).until(lambda drv: drv.find_element(By.ID, "variant-result").get_attribute("data-file"))
        check(open(expected_path, "rb").read() != before, "accepted: the file is overwritten")
        check(ss.probabilities(ss.cli_report(goalpath, expected_path, paths=PATHS)) == new_probs,
              "the overwritten variant gives the page's new probabilities")
        try:
            d.switch_to.alert
            check(False, "no alert left open")
        except NoAlertPresentException:
            pass

        # -- out of bounds: HTTP 400 naming the parameter, shown in #error --------
        r = ss.post_json(server.url, "/api/run", {"set": {PARAM: 5.0}, "paths": 1000, "signposts": False})
        err = r.json().get("error", "") if r.status == 400 else ""
        check(r.status == 400 and PARAM in err, "out of bounds over HTTP: %d %r" % (r.status, err[:200]))
        d.execute_script("var e = document.getElementById('value-%s'); e.max = '10'; e.value = '5';"
                         " e.dispatchEvent(new Event('input', {bubbles: true}));" % PARAM)
        wait_idle(d)
        shown = d.execute_script("var e = document.getElementById('error'); return [e.hidden, e.textContent, getComputedStyle(e).display];")
        check(not shown[0] and shown[2] != "none" and PARAM in shown[1], "the page shows the 400 naming %s: %r" % (PARAM, shown[1][:200]))
        d.find_element(By.ID, "reset").click()
        wait_idle(d)
        check(d.execute_script("return document.getElementById('error').hidden;"), "the error goes away with the next good answer")
        compare(d, file_probs, "after the error and Reset")
        console = severe_console(d)
        unexpected = [m for m in console if not ("/api/" in m and "Failed to load resource" in m)]
        check(not unexpected, "no console errors beyond the answers expected (400, 409): %s" % unexpected)
        d.quit()
        d = None

        rc, secs = server.stop(5.0)
        check(rc == 0, "SIGINT: exit status %s in %.2f s (want 0 within 5 s)" % (rc, secs))

        # -- Chinese ----------------------------------------------------------------
        zh = ss.Server(goalpath, baseline, ["--paths", "2000", "--lang", "zh"])
        try:
            d = browser(1200, 900)
            d.get(zh.url)
            wait_idle(d)
            check(d.execute_script("return document.documentElement.lang;").startswith("zh"), "<html lang> is zh")
            statuses = d.execute_script("return Array.from(document.querySelectorAll('[id^=status-]')).map(function (e) { return e.textContent; });")
            check(statuses and set(statuses) <= ZH_STATUS, "statuses in Chinese: %s" % statuses)
            check(d.find_element(By.ID, "reset").text == "重置", "Reset reads 重置")
            compare(d, ss.probabilities(ss.cli_report(goalpath, baseline, paths=2000)), "zh first answer")
            overflow(d, brief_check, 1200, work, "zh")
            overflow(d, brief_check, 390, work, "zh")
            d.quit()
            d = None
        finally:
            rc, secs = zh.stop(5.0)
            check(rc == 0, "zh server: SIGINT exit status %s in %.2f s" % (rc, secs))
    except TimeoutException as e:
        check(False, "timed out waiting for the page: %s" % e)
        if d is not None:
            try:
                d.save_screenshot(os.path.join(work, "timeout.png"))
                print(d.execute_script("return [document.body.dataset.state, document.body.dataset.seq, window.goalpathSeq,"
                                       " document.getElementById('error').textContent];"))
            except Exception:
                pass
    finally:
        if d is not None:
            d.quit()
        if server.alive():
            rc, secs = server.stop(5.0)
            check(rc == 0, "SIGINT: exit status %s in %.2f s" % (rc, secs))
        if failures:
            print("server stderr:\n" + "".join(server.stderr_lines[-20:]))
    print("screenshots: " + work)
    if failures:
        print("%d check(s) failed" % len(failures))
        sys.exit(1)
    print("all checks passed")


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""The corpus of broken scenarios, tests/broken/*.yaml, through the built CLI.

usage: broken_scenarios_test.py GOALPATH SOURCE_DIR WORK_DIR

Each file in tests/broken/ holds one mistake and starts with a header that
states the error it must produce:

    # expect: 7:5: error: indicator 'output' has two rules [two-rules]
    # hint: keep exactly one of growth:
    # (free text: what the mistake is)

`expect:` gives where the error is, its code and a fragment of its message.
The position is LINE:COL in this file, OTHER.yaml:LINE:COL for an error in
another file of the corpus (a parent named by `extends`, or a history file
in tests/broken/data/ as data/NAME.csv:LINE:COL; the path is relative to
tests/broken/), or `-` for an error about the whole file (no line).
`hint:` gives a fragment of the hint line. Lines and columns count from 1 and
include the header itself.

Three cases are generated here rather than committed, because they are
large or long: a file over the 1 MiB size limit, an extends chain longer
than 16 files and a scenario with more than 5000 indicators.

For every case the test runs
    goalpath check FILE
    goalpath run FILE --out NEW.json                (NEW.json does not exist)
    goalpath run FILE --format html --out OLD.html  (OLD.html exists)
and asserts: exit status 2 within 5 seconds (GOALPATH_BROKEN_TIME_LIMIT
overrides); stderr is exactly two lines, the first
`FILE:LINE:COL: error: MESSAGE [CODE]` with the expected position, code and
message fragment, the second `  hint: …` with the expected fragment; nothing
on stdout; NEW.json not created, OLD.html byte-identical, and no
other file (such as a temporary one) left in the output folder.

It also checks that the corpus covers every error code the loader, the model
compiler and the expression parser can report for a file.
Standard library only.
"""
import glob
import os
import re
import shutil
import subprocess
import sys
import time

GOALPATH, SOURCE, WORK = sys.argv[1], sys.argv[2], sys.argv[3]
CORPUS = os.path.join(SOURCE, "tests", "broken")
# Seconds a run may take; GOALPATH_BROKEN_TIME_LIMIT raises it for slow
# builds (sanitizers) or loaded machines.
TIME_LIMIT = float(os.environ.get("GOALPATH_BROKEN_TIME_LIMIT", "5"))
failures = []

# Every code the loader (engine/scenario), the model compiler (engine/model)
# and the expression parser (engine/expr) report for a scenario file.
# bad-option is reported only for command-line options (--set).
KNOWN_CODES = {
    "yaml-syntax", "wrong-type", "duplicate-key", "too-large", "unknown-key", "missing-key", "bad-years",
    "bad-name", "bad-value", "duplicate-id", "two-rules", "no-rule", "missing-base", "path-gap",
    "file-not-found", "extends-cycle", "extends-depth", "unknown-name", "cycle", "bad-correlation",
    "prev-argument", "syntax", "unknown-function", "arity", "too-deep", "too-long", "encoding", "unused-name",
    "csv-syntax", "history-conflict",
}
COMMAND_LINE_ONLY = {"bad-option"}

HEADER = re.compile(r"# expect: (?P<pos>-|(?:(?P<file>[^:\s]+\.(?:yaml|csv)):)?(?P<line>\d+):(?P<col>\d+)): "
                    r"error: (?P<message>.+) \[(?P<code>[a-z-]+)\]")
HINT = re.compile(r"# hint: (?P<hint>.+)")
FIRST_LINE = re.compile(r"(?P<file>.+?)(?::(?P<line>\d+):(?P<col>\d+))?: error: (?P<message>.*) \[(?P<code>[a-z-]+)\]")


def check(condition, what, result=None):
    if condition:
        return
    text = "FAIL: " + what
    if result is not None:
        text += "\n  command: %s\n  exit: %s\n  stderr: %s\n  stdout (first 500 chars): %s" % (
            result.command, result.returncode, result.stderr.rstrip(), result.stdout[:500])
    print(text)
    failures.append(what)


class Case:
    def __init__(self, file, expect_file, line, col, code, message, hint):
        self.file = file
        self.expect_file = expect_file  # the file the error must name
        self.line, self.col = line, col  # None: no position
        self.code, self.message, self.hint = code, message, hint

    @property
    def name(self):
        return os.path.basename(self.file)


def read_case(file):
    with open(file, encoding="utf-8", errors="replace") as f:
        first, second = f.readline().rstrip("\n"), f.readline().rstrip("\n")
    m, h = HEADER.fullmatch(first), HINT.fullmatch(second)
    if not m or not h:
        check(False, "%s: the first two lines are not '# expect: POS: error: MESSAGE [CODE]' and '# hint: HINT'"
              % os.path.relpath(file, SOURCE))
        return None
    expect_file = os.path.join(os.path.dirname(file), m.group("file")) if m.group("file") else file
    line = int(m.group("line")) if m.group("line") else None
    col = int(m.group("col")) if m.group("col") else None
    return Case(file, expect_file, line, col, m.group("code"), m.group("message"), h.group("hint"))


def run(args, cwd):
    command = [GOALPATH, *args]
    start = time.monotonic()
    try:
        result = subprocess.run(command, capture_output=True, text=True, timeout=TIME_LIMIT * 4, cwd=cwd,
                                env=dict(os.environ, NO_COLOR="1"))
    except subprocess.TimeoutExpired:
        result = subprocess.CompletedProcess(command, None, "", "(killed after %.0f s)" % (TIME_LIMIT * 4))
    result.seconds = time.monotonic() - start
    result.command = " ".join(command)
    return result


def same_file(a, b):
    return os.path.normpath(os.path.realpath(a)) == os.path.normpath(os.path.realpath(b))


def check_error_output(case, result, what):
    label = "%s (%s)" % (case.name, what)
    check(result.returncode == 2, "%s: exit status %s, expected 2" % (label, result.returncode), result)
    check(result.seconds <= TIME_LIMIT, "%s: took %.1f s, more than %.0f s" % (label, result.seconds, TIME_LIMIT), result)
    check(result.stdout == "", "%s: printed on stdout" % label, result)
    lines = result.stderr.rstrip("\n").split("\n")
    check(len(lines) == 2, "%s: stderr has %d lines, expected the error and its hint" % (label, len(lines)), result)
    m = FIRST_LINE.fullmatch(lines[0])
    if not m:
        check(False, "%s: stderr does not start with FILE:LINE:COL: error: MESSAGE [CODE]" % label, result)
        return
    check(same_file(m.group("file"), case.expect_file),
          "%s: the error names %s, expected %s" % (label, m.group("file"), case.expect_file), result)
    position = (int(m.group("line")), int(m.group("col"))) if m.group("line") else (None, None)
    check(position == (case.line, case.col),
          "%s: the error is at %s, expected %s" % (label, position, (case.line, case.col)), result)
    check(m.group("code") == case.code, "%s: code %s, expected %s" % (label, m.group("code"), case.code), result)
    check(case.message in m.group("message"),
          "%s: the message does not contain %r" % (label, case.message), result)
    hint = lines[1] if len(lines) > 1 else ""
    check(hint.startswith("  hint: ") and len(hint) > len("  hint: "), "%s: no hint line" % label, result)
    check(case.hint in hint, "%s: the hint does not contain %r" % (label, case.hint), result)


def run_case(case, work):
    out_dir = os.path.join(work, "out", case.name)
    os.makedirs(out_dir)
    new_json = os.path.join(out_dir, "new.json")
    old_html = os.path.join(out_dir, "old.html")
    previous = b"<!doctype html><p>an earlier report, which a failed run must not touch</p>\n"
    with open(old_html, "wb") as f:
        f.write(previous)

    check_error_output(case, run(["check", case.file], work), "check")
    check_error_output(case, run(["run", case.file, "--out", new_json, "--quiet"], work), "run --out json")
    check_error_output(case, run(["run", case.file, "--format", "html", "--out", old_html, "--quiet"], work),
                       "run --format html --out")
    check(not os.path.exists(new_json), "%s: a failed run created %s" % (case.name, new_json))
    with open(old_html, "rb") as f:
        check(f.read() == previous, "%s: a failed run changed the existing %s" % (case.name, old_html))
    check(sorted(os.listdir(out_dir)) == ["old.html"],
          "%s: the output folder holds %s after failed runs" % (case.name, sorted(os.listdir(out_dir))))


# ---- cases generated here ---------------------------------------------------------------------
SMALL = """scenario: generated
years: [2023, 2027]
indicators:
  output: { base: 41500, growth: 0.04 }
"""


def generated_cases(work):
    folder = os.path.join(work, "generated")
    os.makedirs(folder)
    cases = []

    # A file over the size limit (1 MiB): a valid scenario padded with comments.
    big = os.path.join(folder, "too-large--file-size.yaml")
    with open(big, "w", encoding="utf-8") as f:
        f.write(SMALL)
        line = "# " + "padding " * 12 + "\n"
        f.write(line * ((4 * 1024 * 1024) // len(line) + 10))
    cases.append(Case(big, big, None, None, "too-large", "more than the limit of 1048576", "right file"))

    # An extends chain of 18 files: v17 -> v16 -> ... -> v0. The loader stops
    # when 16 files are already open, at the `extends:` of v2 (line 2, col 10).
    for k in range(18):
        with open(os.path.join(folder, "chain-v%d.yaml" % k), "w", encoding="utf-8") as f:
            if k == 0:
                f.write(SMALL)
            else:
                f.write("scenario: chain-v%d\nextends: chain-v%d.yaml\n" % (k, k - 1))
    cases.append(Case(os.path.join(folder, "chain-v17.yaml"), os.path.join(folder, "chain-v2.yaml"), 2, 10,
                      "extends-depth", "extends chains more than 16 files", "extend the baseline directly"))

    # 5001 indicators, one more than the limit: the error points at the 5001st.
    many = os.path.join(folder, "too-large--indicators.yaml")
    with open(many, "w", encoding="utf-8") as f:
        f.write("scenario: generated\nyears: [2023, 2024]\nindicators:\n")
        for k in range(5001):
            f.write("  x%d: { base: 1, growth: 0 }\n" % k)
    cases.append(Case(many, many, 4 + 5000, 3, "too-large", "more than the limit of 5000 indicators", "split"))

    # UTF-16 without a byte-order mark: recognised by its NUL bytes, with the UTF-16 hint.
    utf16 = os.path.join(folder, "encoding--utf16-no-bom.yaml")
    with open(utf16, "wb") as f:
        f.write(SMALL.encode("utf-16-le"))
    cases.append(Case(utf16, utf16, 1, 1, "encoding", "saved as UTF-16", "save it as UTF-8"))

    # 100,000 levels of flow nesting: the nesting limit, not a generic syntax
    # error (yaml-cpp's own recursion guard stops first, at its 2000th level).
    deep = os.path.join(folder, "too-large--nesting-100000.yaml")
    prefix = "scenario: generated\nyears: [2023, 2027]\nindicators:\n  output: { base: 1, growth: 0.04, label: "
    with open(deep, "w", encoding="utf-8") as f:
        f.write(prefix + "[" * 100000 + "1" + "]" * 100000 + " }\n")
    # The 32nd '[' is the 33rd flow level (after the '{'): the first past the limit.
    column = len(prefix.split("\n")[3]) + 32
    cases.append(Case(deep, deep, 4, column, "too-large", "YAML nesting deeper than 32 levels",
                      "only a few levels of nesting"))
    return cases


# ---- the codes the engine reports, against the corpus -----------------------------------------
def codes_in_engine():
    codes = set()
    for module in ("scenario", "model", "expr"):
        for file in glob.glob(os.path.join(SOURCE, "engine", module, "*.cpp")):
            with open(file, encoding="utf-8") as f:
                text = f.read()
            # The code is the first string literal after the position argument.
            codes |= set(re.findall(r'\bInputError\(\s*[^";]*?,\s*"([a-z]+(?:-[a-z]+)*)"', text))
            codes |= set(re.findall(r'\bfail\(\s*[^";]*?,\s*"([a-z]+(?:-[a-z]+)*)"', text))
    return codes


def main():
    shutil.rmtree(WORK, ignore_errors=True)
    os.makedirs(WORK)
    files = sorted(glob.glob(os.path.join(CORPUS, "*.yaml")))
    check(len(files) >= 60, "tests/broken/ holds only %d files" % len(files))
    cases = [c for c in (read_case(f) for f in files) if c is not None]
    cases += generated_cases(WORK)

    slowest = (0.0, "")
    for case in cases:
        start = time.monotonic()
        run_case(case, WORK)
        elapsed = (time.monotonic() - start) / 3
        slowest = max(slowest, (elapsed, case.name))

    covered = {c.code for c in cases}
    check(KNOWN_CODES <= covered, "no broken scenario produces the codes %s" % sorted(KNOWN_CODES - covered))
    in_engine = codes_in_engine()
    check(len(in_engine) >= 15, "found only %d error codes in engine/ (update this test's pattern)" % len(in_engine))
    unknown = in_engine - KNOWN_CODES - COMMAND_LINE_ONLY
    check(not unknown, "engine/ reports codes this test does not know (add a broken scenario and the code): %s"
          % sorted(unknown))

    if failures:
        print("%d failure(s) in %d cases" % (len(failures), len(cases)))
        sys.exit(1)
    print("broken_scenarios_test: ok (%d cases, %d codes; slowest %s at %.2f s a run)"
          % (len(cases), len(covered), slowest[1], slowest[0]))


main()

#!/usr/bin/python3
"""goalpath run --shard I/N --out PART, then goalpath merge PART...: the
report of one process, to the last digit (less settings.threads,
settings.processes, diagnostics.seconds and the command line, which for a
merge is the run's without --shard and --out), whatever the order of the
parts and the threads of each shard. And every way a merge can be handed
the wrong parts is an error that names the part, exit 2, nothing written.

usage: cli_shards_test.py GOALPATH SOURCE_DIR WORK_DIR
"""
import json
import pathlib
import re
import shutil
import subprocess
import sys

goalpath, source, work = sys.argv[1], pathlib.Path(sys.argv[2]), pathlib.Path(sys.argv[3])
shutil.rmtree(work, ignore_errors=True)
work.mkdir(parents=True)
shutil.copytree(source / "scenarios" / "shanghai-2027", work / "shanghai-2027")
baseline = "shanghai-2027/baseline.yaml"
failures = []


def check(condition, message):
    if not condition:
        failures.append(message)
        print("FAIL:", message)


def goalpath_run(*args):
    return subprocess.run([goalpath, *args], capture_output=True, text=True, timeout=600, cwd=work)


def without_execution(document):
    if isinstance(document, dict):
        return {k: without_execution(v) for k, v in document.items()
                if k not in ("threads", "processes", "seconds", "command_line")}
    if isinstance(document, list):
        return [without_execution(v) for v in document]
    return document


run_args = [baseline, "--paths", "30000", "--seed", "11"]
one = goalpath_run("run", *run_args, "--format", "json", "--out", "one.json", "--quiet")
check(one.returncode == 0, f"one process: exit {one.returncode}: {one.stderr}")
reference = json.loads((work / "one.json").read_text())


def shards(count, prefix, extra=(), order=None):
    names = []
    for index in (order or reversed(range(count))):  # any order
        name = f"{prefix}-{index}.part"
        made = goalpath_run("run", *run_args, *extra, "--shard", f"{index}/{count}", "--out", name,
                            "--threads", str(1 + index % 2), "--quiet")
        check(made.returncode == 0, f"shard {index}/{count}: exit {made.returncode}: {made.stderr}")
        names.append(name)
    return names


for count in (1, 3, 4):
    parts = shards(count, f"s{count}")
    merged = goalpath_run("merge", *parts, "--format", "json", "--out", f"merged-{count}.json")
    check(merged.returncode == 0, f"merge of {count}: exit {merged.returncode}: {merged.stderr}")
    if merged.returncode != 0:
        continue
    document = json.loads((work / f"merged-{count}.json").read_text())
    check(without_execution(document) == without_execution(reference), f"merge of {count} shards differs from one process")
    if without_execution(document) != without_execution(reference):
        for key in reference:
            if without_execution(reference[key]) != without_execution(document.get(key)):
                print(f"  '{key}' differs")
    check(document["settings"]["processes"] == count, f"merge of {count}: processes = {document['settings']['processes']}")
    # Shard 0's command without --shard and --out, whatever the order of the parts.
    check(document["settings"]["command_line"] == "goalpath run " + " ".join(run_args) + " --threads 1 --quiet",
          f"merge of {count}: command line {document['settings']['command_line']!r}")

# The table names the shards as processes; the parts in another order give the same bytes.
parts = [f"s4-{i}.part" for i in range(4)]
table = goalpath_run("merge", *parts, "--lang", "en")
check(table.returncode == 0 and "on each of 4 processes" in table.stdout, f"merge table: {table.returncode} {table.stderr}")
again = goalpath_run("merge", *reversed(parts), "--format", "json")
forward = goalpath_run("merge", *parts, "--format", "json")
check(again.returncode == 0 and forward.returncode == 0, "merge to stdout failed")
blank = lambda text: re.sub(r'"seconds": [-0-9.e+]+', '"seconds": _', text)
check(blank(again.stdout) == blank(forward.stdout), "merge of the parts in another order differs")


def refused(args, expect, what):
    before = sorted(p.name for p in work.iterdir())
    process = goalpath_run(*args)
    check(process.returncode == 2, f"{what}: exit {process.returncode}, want 2 ({process.stderr.strip()})")
    check(expect in process.stderr, f"{what}: stderr lacks {expect!r}: {process.stderr.strip()}")
    check(sorted(p.name for p in work.iterdir()) == before, f"{what}: wrote a file")


refused(["merge", *parts[:3], "--out", "x.json"], "merge every shard", "a missing shard")
refused(["merge", parts[0], parts[0], parts[2], parts[3], "--out", "x.json"], "given twice", "a repeated shard")
refused(["merge", "one.json", "--out", "x.json"], "not a shard file", "a report given as a part")
refused(["run", *run_args, "--shard", "4/4", "--out", "x.part"], "--shard", "--shard 4/4")
refused(["run", *run_args, "--shard", "0/2"], "--out", "--shard without --out")
refused(["run", *run_args, "--shard", "0/2", "--out", "x.part", "--format", "json"], "merge", "--shard with --format")
refused(["run", baseline, "--precision", "0.01", "--shard", "0/2", "--out", "x.part"], "--precision", "--shard with --precision")
other_seed = goalpath_run("run", baseline, "--paths", "30000", "--seed", "12", "--shard", "1/4", "--out", "seed12.part")
check(other_seed.returncode == 0, f"seed 12 shard: {other_seed.stderr}")
refused(["merge", parts[0], "seed12.part", parts[2], parts[3], "--out", "x.json"], "other options", "a shard of another seed")
overridden = shards(2, "set", extra=("--set", "output_growth=0.06"))
refused(["merge", overridden[0], "s4-1.part", "--out", "x.json"], "", "a shard of other overrides")
plain2 = shards(2, "plain")
refused(["merge", overridden[0], plain2[0], "--out", "x.json"], "overrides", "a shard with --set beside one without")
# Edited scenario: the shards no longer match the file they name.
scenario_file = work / baseline
text = scenario_file.read_text()
check('title: "' in text, "the baseline has no title line to edit")
scenario_file.write_text(text.replace('title: "', 'title: "(edited after the shards ran) ', 1))
refused(["merge", *parts, "--out", "x.json"], "another scenario", "a scenario edited since the shards ran")

if failures:
    print(f"{len(failures)} failure(s)")
    sys.exit(1)
print("shards: every merge equals one process's run")

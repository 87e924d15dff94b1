#!/usr/bin/python3
"""End-to-end reproducibility of `goalpath run` (CLI.md: "the same seed gives the
same report to the last digit, whatever --threads is").

usage: cli_reproducibility_test.py GOALPATH SCENARIO...

Runs each scenario (uncertain parameters, AR(1) and iid shocks, correlations)
with --threads 1, 2, 4 and --block-size 256 and 1024, removes the fields that
legitimately differ (settings.threads, settings.command_line,
diagnostics.seconds) and compares the re-serialised JSON byte for byte.
Standard library only.
"""
import json
import subprocess
import sys

GOALPATH, SCENARIOS = sys.argv[1], sys.argv[2:]
PATHS = "20000"
SEED = "7"


def report(scenario, threads, block_size):
    command = [GOALPATH, "run", scenario, "--paths", PATHS, "--seed", SEED, "--threads", str(threads),
               "--block-size", str(block_size), "--format", "json", "--quiet"]
    result = subprocess.run(command, capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        print("FAIL: %s exited %d\n  stderr: %s" % (" ".join(command), result.returncode, result.stderr.strip()))
        sys.exit(1)
    data = json.loads(result.stdout)
    if data["settings"].get("threads") != threads:
        print("FAIL: settings.threads is %r for --threads %d" % (data["settings"].get("threads"), threads))
        sys.exit(1)
    for section, field in (("settings", "threads"), ("settings", "command_line"), ("diagnostics", "seconds")):
        data[section].pop(field, None)
    return " ".join(command), json.dumps(data, sort_keys=True, ensure_ascii=False, indent=1)


failed = False
for scenario in SCENARIOS:
    runs = [report(scenario, threads, block) for threads in (1, 2, 4) for block in (256, 1024)]
    reference_command, reference = runs[0]
    parsed = json.loads(reference)
    if not all(t["probability"] is not None for t in parsed["targets"]):
        print("FAIL: %s: the reference run has no Monte Carlo probabilities" % scenario)
        failed = True
    for command, text in runs[1:]:
        if text != reference:
            failed = True
            ref_lines, lines = reference.splitlines(), text.splitlines()
            first = next((k for k, (a, b) in enumerate(zip(ref_lines, lines)) if a != b), min(len(ref_lines), len(lines)))
            print("FAIL: reports differ\n  reference: %s\n  this run:  %s\n  first difference at line %d:\n    %s\n    %s" % (
                reference_command, command, first + 1,
                ref_lines[first] if first < len(ref_lines) else "<end>", lines[first] if first < len(lines) else "<end>"))
    print("%s: %d reports compared (%d bytes each)" % (scenario, len(runs), len(reference)))
if failed:
    sys.exit(1)
print("all reports identical")

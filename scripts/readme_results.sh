#!/usr/bin/env bash
# Prints the README section "## Is Shanghai on track?" (Markdown, stdout):
#   (a) the baseline's verdict per target,
#   (b) the baseline and its variants side by side,
#   (c) what the 2024 figures did to the odds (track of tracking-2024.yaml),
#       and the signposts of the 2025 and 2026 reviews,
#   (d) the rolling-origin coverage of the baseline's bands before and after
#       their calibration (calibrate --bands), and the backtests from 2015
#       and 2019.
# Every run uses the same seed and number of paths, so the section is
# reproducible to the last digit and the variants share their random numbers.
#
# usage: scripts/readme_results.sh [--update FILE] [path/to/goalpath]
#          (default binary: build/engine/goalpath)
#        --update FILE: replace the lines between the markers
#          <!-- BEGIN scripts/readme_results.sh --> and <!-- END scripts/readme_results.sh -->
#          in FILE (README.md) with the tables, leaving the rest as it is.
#        PATHS=N to change the Monte Carlo paths (default 100000; backtests 20000)
set -euo pipefail

update=""
if [[ "${1:-}" == "--update" ]]; then
  update="${2:?--update needs a file}"
  shift 2
  "$0" "$@" > "$update.generated.tmp" || { rm -f "$update.generated.tmp"; exit 1; }
  /usr/bin/python3 - "$update" "$update.generated.tmp" <<'PY'
import sys
path, generated = sys.argv[1], sys.argv[2]
begin, end = "<!-- BEGIN scripts/readme_results.sh -->", "<!-- END scripts/readme_results.sh -->"
text = open(path, encoding="utf-8").read()
if begin not in text or end not in text:
    sys.exit(f"readme_results.sh: {path} has no {begin} ... {end} markers")
body = open(generated, encoding="utf-8").read()
# The section heading lives in the file itself; the generated part starts below it.
body = body.split("\n", 1)[1].lstrip("\n") if body.startswith("## ") else body
head, rest = text.split(begin, 1)
_, tail = rest.split(end, 1)
open(path + ".tmp", "w", encoding="utf-8").write(head + begin + "\n" + body.rstrip() + "\n" + end + tail)
PY
  mv "$update.tmp" "$update"
  rm -f "$update.generated.tmp"
  exit 0
fi

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
goalpath="${1:-$root/build/engine/goalpath}"
paths="${PATHS:-100000}"
backtest_paths=20000
seed=20240220
dir="$root/scenarios/shanghai-2027"
# programs.yaml has other targets (the plan's programmes), so it is not a column here.
variants=(baseline optimistic pessimistic investment-led structural)

if [[ ! -x "$goalpath" ]]; then
  echo "readme_results.sh: no goalpath binary at '$goalpath'; build it or pass its path" >&2
  exit 2
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

for name in "${variants[@]}"; do
  "$goalpath" run "$dir/$name.yaml" --paths "$paths" --seed "$seed" --format json --quiet --out "$work/$name.json"
done
for from in 2015 2019; do
  "$goalpath" backtest "$dir/backtest-$from.yaml" --from "$from" --paths "$backtest_paths" --seed "$seed" \
    --format json --quiet --out "$work/backtest-$from.json"
done
# Tracking keeps the file's own paths (a million: the observations leave few
# paths with weight, tracking-2024.yaml says why).
"$goalpath" track "$dir/tracking-2024.yaml" --seed "$seed" --format json --quiet \
  --out "$work/tracking-2024.json"
# The rolling-origin backtest with the shocks as first assumed and as
# calibrated (baseline.yaml), and the calibration itself from the assumed ones.
for name in rolling-2024-assumed rolling-2024; do
  "$goalpath" backtest "$dir/$name.yaml" --rolling --max-horizon 4 --seed "$seed" --format json --quiet \
    --out "$work/$name.json"
done
"$goalpath" calibrate "$dir/rolling-2024-assumed.yaml" --bands --seed "$seed" --format json --quiet \
  --out "$work/bands.json"
version="$("$goalpath" --version)"

/usr/bin/python3 - "$work" "$version" "${variants[@]}" <<'PY'
import json
import math
import sys

work, version, names = sys.argv[1], sys.argv[2], sys.argv[3:]
runs = {n: json.load(open(f"{work}/{n}.json", encoding="utf-8")) for n in names}
backtests = [json.load(open(f"{work}/backtest-{y}.json", encoding="utf-8")) for y in (2015, 2019)]
tracked = json.load(open(f"{work}/tracking-2024.json", encoding="utf-8"))
rolling = {n: json.load(open(f"{work}/rolling-2024{s}.json", encoding="utf-8")) for n, s in
           (("before", "-assumed"), ("after", ""))}
bands = json.load(open(f"{work}/bands.json", encoding="utf-8"))
base = runs["baseline"]


def num(v):
    """Levels with thousands separators, shares and small numbers with 3 decimals."""
    if v is None or (isinstance(v, float) and not math.isfinite(v)):
        return "—"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.3f}"


def value(t, v):
    return "—" if v is None else f"{100 * v:.1f}%" if t["kind"] == "cagr" else num(v)


def pct(p, decimals=1):
    return "—" if p is None else f"{100 * p:.{decimals}f}%"


def measure(t):
    years = "–".join(str(y) for y in t["years"])
    op = {">=": "≥", "<=": "≤"}[t["op"]]
    what = {"level": f"in {years}", "every_year": f"every year {years}", "cagr": f"a year {years}"}[t["kind"]]
    threshold = f"{100 * t['threshold']:.0f}%" if t["kind"] == "cagr" else num(t["threshold"])
    return f"`{t['measure']}` {what} {op} {threshold}"


def table(header, rows, right):
    out = ["| " + " | ".join(header) + " |", "|" + "|".join("---:" if r else "---" for r in right) + "|"]
    out += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(out)


s = base["settings"]
print("## Is Shanghai on track?\n")
print(f"{s['paths']:,} Monte Carlo paths per scenario, seed {s['seed']}, {version}; "
      "produced by `scripts/readme_results.sh`. Money in 亿元 at current prices.\n")

def mark(run):
    """† beside a probability from calibrated bands, as the reports mark it (docs/CLI.md, "Calibration statement")."""
    return "†" if run["calibration"]["calibrated"] else ""


print("### The baseline's verdicts\n")
rows = []
for t in base["targets"]:
    q = t["quantiles"]
    rows.append([f"`{t['id']}` {t['label']}", measure(t), value(t, t["deterministic"]["value"]),
                 f"{value(t, q['p05'])} – {value(t, q['p95'])}", pct(t["probability"]) + mark(base),
                 t["status"].replace("_", " ")])
print(table(["target", "measure", "deterministic", "p05 – p95", "P(met)", "status"], rows,
            [False, False, True, True, True, False]))
print(f"\n{mark(base) + ' ' if mark(base) else ''}{base['calibration']['statement']}")
joint = base["joint"]["probability"]
print(f"\nAll five met on the same path: {pct(joint)}.\n")

print("### Baseline and variants side by side\n")
print("P(met) and status per scenario (same seed, so the differences come from the assumptions, not from noise).\n")
header = ["target"] + [f"`{n}`" for n in names]
rows = []
for k, t in enumerate(base["targets"]):
    row = [f"`{t['id']}`"]
    for n in names:
        v = next(x for x in runs[n]["targets"] if x["id"] == t["id"])
        row.append(f"{pct(v['probability'])}{mark(runs[n])} {v['status'].replace('_', ' ')}")
    rows.append(row)
rows.append(["all five"] + [pct(runs[n]["joint"]["probability"]) for n in names])
print(table(header, rows, [False] + [True] * len(names)))
print()
# Each scenario's calibration statement, the scenarios that share one together.
statements = {}
for n in names:
    statements.setdefault(runs[n]["calibration"]["statement"], []).append(n)
for statement, which in statements.items():
    calibrated = runs[which[0]]["calibration"]["calibrated"]
    print(f"{'† ' if calibrated else ''}{', '.join(f'`{n}`' for n in which)} — {statement}\n")

def ordinal(fraction):
    p = 100 * fraction
    if p < 1 or p > 99:
        return f"{p:.1f}th"
    n = round(p)
    return f"{n}{'th' if 11 <= n % 100 <= 13 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"


print("### What 2024 changed\n")
print(f"`goalpath track scenarios/shanghai-2027/tracking-2024.yaml`: the baseline's paths weighed by the figures "
      f"published for 2024 ({tracked['ess']:,.0f} effective paths of {tracked['paths']:,}). Each figure's "
      "percentile is where it fell among the paths projected from 2023.\n")
rows = [[f"`{o['indicator']}`", str(o["year"]), num(o["value"]), num(o["projected_p50"]),
         ordinal(o["percentile"]),
         o["source"].split("/")[-1]]
        for o in tracked["observations"]]
print(table(["indicator", "year", "observed", "2023-based median", "percentile", "source"], rows,
            [False, True, True, True, True, False]))
print()
rows = []
for t in tracked["targets"]:
    moved = t["moved_by"][0] if t["moved_by"] else None
    rows.append([f"`{t['id']}`", f"{pct(t['prior']['probability'])} {t['prior']['status'].replace('_', ' ')}",
                 f"{pct(t['posterior']['probability'])} ± {pct(t['posterior']['probability_se'])} "
                 f"{t['posterior']['status'].replace('_', ' ')}",
                 f"{100 * t['change']:+.1f} pts",
                 f"`{moved['indicator']}` {moved['year']} ({100 * moved['change']:+.1f} pts)" if moved else "—"])
print(table(["target", "P(met) from 2023", "P(met) after 2024", "change", "moved most by"], rows,
            [False, True, True, True, False]))
print()
print("**Signposts for the 2025 and 2026 reviews**: the value each target's indicator must reach that year "
      "to keep P(met) at 50% and at 80% (P(met | value ≥ x), from the same weighted paths, ± its Monte Carlo "
      "error).\n")


def signpost(s, level):
    """A level's signpost: the value and its error to the value's precision."""
    if s[level] is None:
        return "no value keeps it"
    if s[level + "_unconditional"]:
        return "kept whatever it shows"
    v, se = s[level], s[level + "_se"]
    error = "" if se is None else f" ± {se:,.0f}" if abs(v) >= 100 else f" ± {se:.3f}"
    return f"≥ {num(v)}{error}"



rows = []
for t in tracked["targets"]:
    for s in t["signposts"]:
        rows.append([f"`{t['id']}`", str(s["year"]), f"`{s['indicator']}`", signpost(s, "at_50"),
                     signpost(s, "at_80")])
print(table(["target", "review of", "indicator", "to keep 50%", "to keep 80%"], rows,
            [False, True, False, True, True]))
print()

print("### How well did the baseline's method do? Backtests\n")
b, a = rolling["before"], rolling["after"]
print("#### Rolling origins: the bands before and after calibration\n")
print(f"`goalpath backtest rolling-2024.yaml --rolling --max-horizon 4`: the baseline's method restarted in "
      f"every year {b['origins'][0]}–{b['origins'][-1]} the history allows and projected up to four years "
      f"ahead, against one vintage of published figures up to 2024 ({a['points']} forecast points; "
      f"{b['settings']['paths']:,} paths, seed {b['settings']['seed']}). *Before*: the shocks as first assumed "
      "(`rolling-2024-assumed.yaml`); *after*: as calibrated by `goalpath calibrate --bands` (`baseline.yaml`). "
      "Points from neighbouring origins share observations, so beyond horizon 1 they are not independent.\n")
rows = []
for hb, ha in zip(b["horizons"] + [b], a["horizons"] + [a]):
    rows.append([str(hb.get("horizon", "all")), str(hb["points"]),
                 f"{pct(hb['coverage_50'], 0)} → {pct(ha['coverage_50'], 0)}",
                 f"{pct(hb['coverage_90'], 0)} → {pct(ha['coverage_90'], 0)}"])
print(table(["horizon (years)", "points", "in 50% band (before → after)", "in 90% band (before → after)"], rows,
            [False, True, True, True]))
print("\nThe calibrated shocks (maximum likelihood on the errors of successive observed years; `ar` kept):\n")
rows = []
for c in bands["shocks"]:
    if c["calibrated"]:
        rows.append([f"`{c['name']}`", f"{c['sd_given']:.3g}", f"{c['sd']:.3g} ± {c['sd_se']:.2g}",
                     str(len(c["errors"])), ", ".join(f"`{n}`" for n in c["indicators"])])
    else:
        rows.append([f"`{c['name']}`", f"{c['sd_given']:.3g}", "kept", "—", c["note"].replace("kept as given: ", "")])
print(table(["shock", "assumed sd", "calibrated sd ± se", "errors", "from"], rows, [False, True, True, True, False]))
print()
print("The baseline's rules and assumptions restarted in an earlier year from the observed levels "
      "(`goalpath backtest`), against what was published later. "
      "error = (projected − observed) / observed. The baseline's growth assumptions were themselves "
      "read from these years (`output_growth` is the 2015–2021 compound rate of gross output), so the "
      "backtests are partly in-sample: they test the method's year-to-year behaviour and the width of "
      "its bands more than its foresight.\n")
for b in backtests:
    print(f"#### From {b['from']} (`{b['scenario']['file'].split('/')[-1]}`), projected to {b['to']}, "
          f"{b['settings']['paths']:,} paths\n")
    rows = []
    for name, ind in b["indicators"].items():
        for k, year in enumerate(ind["years"]):
            inside = ind["p05"][k] <= ind["observed"][k] <= ind["p95"][k]
            rows.append([f"`{name}`", str(year), num(ind["observed"][k]), num(ind["deterministic"][k]),
                         f"{100 * ind['error'][k]:+.1f}%", f"{num(ind['p05'][k])} – {num(ind['p95'][k])}",
                         "yes" if inside else "**no**"])
    print(table(["indicator", "year", "observed", "projected", "error", "p05 – p95", "inside"], rows,
                [False, True, True, True, True, True, False]))
    print(f"\nMAPE {pct(b['mape'])} over {b['mape_points']} points; "
          f"{b['inside_90']} of {b['points']} observations inside the 90% band "
          f"(coverage {pct(b['coverage_90'], 0)}).", end="")
    for name, expression in b["expression_starts"].items():
        print(f" `{name}` has no level for {b['from']} and started from `{expression}`, "
              f"whose parameters were set for {b['original_base_year']}.", end="")
    print("\n")
PY

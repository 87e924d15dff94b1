#!/usr/bin/env bash
# The HTML report in a real browser (CTest label `browser`).
#
# usage: browser_test.sh GOALPATH SOURCE_DIR WORK_DIR
#
# For the tutorial scenario and a scenario with Chinese labels
# (tests/data/report-cjk.yaml): writes `goalpath run --format html`, has
# headless Chromium take a screenshot (desktop, and phone width for the
# Chinese one) and dump the DOM, and checks both with browser_check.py.
# WORK_DIR keeps the pages and screenshots for a person to look at.
# Chromium missing is a failure, not a skip: a browser test that silently
# passes without a browser proves nothing.
set -euo pipefail

goalpath=$1
source_dir=$2
work=$3
chromium=${CHROMIUM:-/usr/bin/chromium}
here=$(cd "$(dirname "$0")" && pwd)

if [[ ! -x "$chromium" ]]; then
  echo "FAIL: Chromium not found at $chromium (set CHROMIUM to use another)." >&2
  echo "      Install it with: scripts/install-deps.sh --test" >&2
  exit 1
fi

rm -rf "$work"
mkdir -p "$work"

# Flags: no sandbox (CI runs as root), nothing fetched or updated in the
# background, a fresh profile per launch so runs never share state.
browser() {
  local profile
  profile=$(mktemp -d -p "$work" profile.XXXXXX)
  timeout 180 "$chromium" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync --hide-scrollbars \
    --user-data-dir="$profile" "$@"
}

status=0
for scenario in scenarios/examples/tutorial.yaml tests/data/report-cjk.yaml; do
  name=$(basename "$scenario" .yaml)
  page="$work/$name.html"
  "$goalpath" run "$source_dir/$scenario" --format html --paths 2000 --quiet --out "$page"
  "$goalpath" check "$source_dir/$scenario" > "$work/$name.check.txt"
  browser --window-size=1200,2000 --screenshot="$work/$name.png" "file://$page" 2> "$work/$name.chromium.log"
  browser --dump-dom "file://$page" > "$work/$name.dom.html" 2>> "$work/$name.chromium.log"
  echo "== $name"
  /usr/bin/python3 "$here/browser_check.py" "$work/$name.png" "$work/$name.dom.html" "$work/$name.check.txt" \
    --min-width 1200 || status=1
done

# A phone-sized viewport: the same checks at 390 px wide.
browser --window-size=390,1800 --screenshot="$work/report-cjk.phone.png" "file://$work/report-cjk.html" \
  2>> "$work/report-cjk.chromium.log"
echo "== report-cjk (phone width)"
/usr/bin/python3 "$here/browser_check.py" "$work/report-cjk.phone.png" "$work/report-cjk.dom.html" \
  "$work/report-cjk.check.txt" --min-width 390 || status=1

# The tracking page of the Shanghai baseline with its 2024 figures: every
# indicator's fan chart, the observed 2024 points drawn on the charts of the
# observed indicators, and a screenshot that is not blank.
page="$work/tracking-2024.html"
"$goalpath" track "$source_dir/scenarios/shanghai-2027/tracking-2024.yaml" --format html --paths 200000 --quiet \
  --out "$page"
browser --window-size=1200,2400 --screenshot="$work/tracking-2024.png" "file://$page" 2> "$work/tracking-2024.chromium.log"
browser --dump-dom "file://$page" > "$work/tracking-2024.dom.html" 2>> "$work/tracking-2024.chromium.log"
echo "== tracking-2024"
/usr/bin/python3 - "$work/tracking-2024.dom.html" "$work/tracking-2024.png" <<'PY' || status=1
import os, re, sys
dom = open(sys.argv[1], encoding="utf-8").read()
failures = []
charts = re.findall(r'<svg[^>]*class="fan-chart" data-indicator="([a-z_]+)".*?</svg>', dom, re.S)
bodies = dict(re.findall(r'<svg[^>]*class="fan-chart" data-indicator="([a-z_]+)"(.*?)</svg>', dom, re.S))
if len(charts) != 10:
    failures.append("%d fan charts, expected one per indicator (10)" % len(charts))
for name in ("sei_share", "leading_industries", "va", "gdp"):
    if not re.search(r'<circle class="observed"[^>]*><title>2024 observed', bodies.get(name, "")):
        failures.append("the 2024 observation is not drawn on the %s chart" % name)
    if "after: p05–p95" not in bodies.get(name, ""):
        failures.append("no band after the observations on the %s chart" % name)
if not re.search(r'<table class="observations">.*?data-value="2024">2024<', dom, re.S):
    failures.append("the observations are not listed")
if os.path.getsize(sys.argv[2]) < 20000:
    failures.append("the screenshot looks blank")
for f in failures:
    print("FAIL: " + f)
print("tracking page: %d fan charts, observed points on sei_share, leading_industries, va and gdp" % len(charts))
sys.exit(1 if failures else 0)
PY

echo "pages and screenshots: $work"
exit $status

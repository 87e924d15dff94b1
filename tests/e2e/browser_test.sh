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

echo "pages and screenshots: $work"
exit $status

#!/usr/bin/env bash
# The director's brief in a real browser (CTest label `browser`).
#
# usage: brief_browser_test.sh GOALPATH SOURCE_DIR WORK_DIR
#
# The Shanghai baseline with its four variants, at 4000 paths and one seed,
# in Chinese and in English: the page renders (a screenshot that is not
# blank); no text overflows its box at desktop (1200 px) and phone (390 px)
# width, measured in Chromium from element geometry (brief_check.py, whose
# check is first shown to catch a page built to overflow); every
# probability on the page equals the brief's JSON and `goalpath run`'s with
# the same seed and paths, and reads as that value's percentage; the
# sections come in the director's order and in the page's language. Then
# the PDF: a file that starts with %PDF and is not trivially small.
# Chromium missing is a failure, not a skip. WORK_DIR keeps every page,
# probe and screenshot for a person to look at.
set -euo pipefail

goalpath=$1
source_dir=$2
work=$3
export CHROMIUM=${CHROMIUM:-/usr/bin/chromium}
here=$(cd "$(dirname "$0")" && pwd)
check() { /usr/bin/python3 "$here/brief_check.py" "$@"; }

if [[ ! -x "$CHROMIUM" ]]; then
  echo "FAIL: Chromium not found at $CHROMIUM (set CHROMIUM to use another)." >&2
  echo "      Install it with: scripts/install-deps.sh --test" >&2
  exit 1
fi

rm -rf "$work"
mkdir -p "$work"
shanghai=$source_dir/scenarios/shanghai-2027
variants=(optimistic pessimistic structural investment-led)
settings=(--paths 4000 --seed 11 --quiet)
compare=()
for v in "${variants[@]}"; do compare+=(--compare "$shanghai/$v.yaml"); done

status=0
echo "== the overflow check catches a page built to overflow"
check selftest "$work" || status=1

"$goalpath" brief "$shanghai/baseline.yaml" "${compare[@]}" "${settings[@]}" --format json --out "$work/brief.json" 2> /dev/null
"$goalpath" run "$shanghai/baseline.yaml" "${settings[@]}" --format json --out "$work/run-baseline.json" 2> /dev/null
variant_runs=()
for v in "${variants[@]}"; do
  "$goalpath" run "$shanghai/$v.yaml" "${settings[@]}" --format json --out "$work/run-$v.json" 2> /dev/null
  variant_runs+=(--variant-run "$work/run-$v.json")
done

for lang in zh en; do
  page="$work/brief-$lang.html"
  "$goalpath" brief "$shanghai/baseline.yaml" "${compare[@]}" "${settings[@]}" --lang "$lang" --out "$page" 2> /dev/null
  echo "== brief, $lang"
  check screenshot "$page" "$work" 1200 || status=1
  check screenshot "$page" "$work" 390 || status=1
  check overflow "$page" "$work" 1200 390 || status=1
  check numbers "$page" "$work/brief.json" "$work/run-baseline.json" "${variant_runs[@]}" || status=1
  check headings "$page" "$lang" --variants || status=1
done

echo "== brief, pdf"
pdf="$work/brief-zh.pdf"
"$goalpath" brief "$shanghai/baseline.yaml" "${compare[@]}" "${settings[@]}" --lang zh --format pdf --out "$pdf" 2> /dev/null \
  || { echo "FAIL: brief --format pdf failed"; status=1; }
if [[ "$(head -c 4 "$pdf" 2> /dev/null)" != "%PDF" ]]; then
  echo "FAIL: $pdf does not start with %PDF"
  status=1
elif (( $(stat -c %s "$pdf") < 20000 )); then
  echo "FAIL: $pdf is only $(stat -c %s "$pdf") bytes"
  status=1
else
  echo "$pdf: $(stat -c %s "$pdf") bytes"
fi

echo "pages, probes and screenshots: $work"
exit $status

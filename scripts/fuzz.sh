#!/usr/bin/env bash
# Builds the libFuzzer targets (tests/fuzz) with clang, ASan and UBSan into
# build-fuzz and runs each one for SECONDS_PER_TARGET seconds (default 30)
# on its seed corpus, one after the other. Exits non-zero on any finding
# (crash, sanitizer report, uncaught exception, hang, huge allocation, leak)
# and prints where the input that caused it was saved.
#
#   scripts/fuzz.sh            # CI smoke run: 30 s per target
#   scripts/fuzz.sh 600        # a real campaign
#
# The seed corpora (tests/fuzz/corpus/<target>) are copied into
# build-fuzz/fuzz-work/<target>/corpus, which keeps what the fuzzer adds
# between runs; the repository's corpus is never written. Environment:
# GOALPATH_FUZZ_CXX (default clang++-14, else clang++), GOALPATH_FUZZ_JOBS
# (build parallelism, default 2), GOALPATH_FUZZ_TARGETS (default
# "scenario_fuzz expr_fuzz sim_fuzz").
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-30}"
if ! [[ "$seconds" =~ ^[0-9]+$ ]] || [ "$seconds" -lt 1 ]; then
  echo "usage: scripts/fuzz.sh [SECONDS_PER_TARGET]   (a whole number >= 1, default 30)" >&2
  exit 2
fi

cxx="${GOALPATH_FUZZ_CXX:-}"
if [ -z "$cxx" ]; then
  if command -v clang++-14 >/dev/null; then cxx=clang++-14; else cxx=clang++; fi
fi
if ! command -v "$cxx" >/dev/null; then
  echo "fuzz.sh: needs clang with libFuzzer: install the Debian packages clang-14 and libclang-rt-14-dev" \
       "(scripts/install-deps.sh --test), or set GOALPATH_FUZZ_CXX" >&2
  exit 2
fi

build="build-fuzz"
cmake -S . -B "$build" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DGOALPATH_FUZZ=ON \
      -DGOALPATH_BUILD_TESTS=OFF -DGOALPATH_BUILD_BENCH=OFF >/dev/null
targets="${GOALPATH_FUZZ_TARGETS:-scenario_fuzz expr_fuzz sim_fuzz}"
# shellcheck disable=SC2086
cmake --build "$build" -j"${GOALPATH_FUZZ_JOBS:-2}" --target $targets

# Inputs are capped a little above the largest seed (the Shanghai programs
# scenario, 23 KB) and above the expression length limit (10000 characters).
max_len_of() {
  case "$1" in
    scenario_fuzz | sim_fuzz) echo 32768 ;;
    expr_fuzz) echo 12288 ;;
    *) echo 4096 ;;
  esac
}

count() { find "$1" -type f | wc -l; }

failed=()
for target in $targets; do
  name="${target%_fuzz}"
  work="$build/fuzz-work/$target"
  mkdir -p "$work/corpus" "$work/artifacts"
  for seed in tests/fuzz/corpus/"$name"/*; do  # new seeds only; what the fuzzer found stays
    [ -e "$work/corpus/$(basename "$seed")" ] || cp "$seed" "$work/corpus/"
  done
  # One allocation over 2 GB is a finding; the process as a whole may grow to
  # 4 GB: ASan's allocator keeps freed memory (for reuse and in quarantine)
  # rather than giving it back, so the resident set only grows.
  options=(-max_total_time="$seconds" -max_len="$(max_len_of "$target")" -timeout=10 -rss_limit_mb=4096
           -malloc_limit_mb=2048
           -artifact_prefix="$work/artifacts/" -print_final_stats=1)
  dict="tests/fuzz/$name.dict"
  [ "$name" = sim ] && dict="tests/fuzz/scenario.dict"  # sim_fuzz reads scenarios too
  [ -f "$dict" ] && options+=(-dict="$dict")
  log="$work/last-run.log"
  echo "== $target: ${seconds} s, corpus $work/corpus ($(count "$work/corpus") inputs), log $log"
  status=0
  # The engine is built with -fno-sanitize-recover: a UBSan report ends the run like an ASan one.
  UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1}" \
    "$build/tests/fuzz/$target" "${options[@]}" "$work/corpus" >"$log" 2>&1 || status=$?
  grep -E '^stat::(number_of_executed_units|average_exec_per_sec|new_units_added|peak_rss_mb)' "$log" |
    sed 's/^/   /' || true
  echo "   corpus now $(count "$work/corpus") inputs"
  if [ "$status" -ne 0 ]; then
    failed+=("$target")
    echo "!! $target: finding (exit status $status); the end of its log:" >&2
    grep -n -E 'ERROR: |SUMMARY: |runtime error|scenario_fuzz: |expr_fuzz: |sim_fuzz: |Test unit written to|^artifact_prefix' "$log" |
      head -20 >&2 || true
    tail -n 40 "$log" >&2
    sed -n 's/.*Test unit written to \(.*\)$/\1/p' "$log" | while read -r input; do
      echo "!! input that caused it: $input (reproduce: $build/tests/fuzz/$target $input)" >&2
    done
  fi
done

if [ "${#failed[@]}" -ne 0 ]; then
  echo "fuzz.sh: findings in: ${failed[*]} (inputs in $build/fuzz-work/<target>/artifacts/)" >&2
  exit 1
fi
echo "fuzz.sh: no findings ($targets, ${seconds} s each)"

#!/usr/bin/env bash
# Installs what is missing (Chromium, clang for fuzzing), builds GoalPath with
# its tests and benchmarks, runs the Shanghai baseline and every test; then
# builds and runs the whole suite again under AddressSanitizer and
# UndefinedBehaviorSanitizer, and fuzzes the scenario loader and the
# expression parser for a short while. The README's second command; .ci/run
# runs exactly this.
#   FUZZ_SECONDS=N  seconds per fuzz target (default 30; 0 skips fuzzing)
set -euo pipefail
cd "$(dirname "$0")/.."
jobs="$(nproc)"
started=$SECONDS
stage() { echo "==== test.sh: $* ($((SECONDS - started)) s in)"; }

scripts/install-deps.sh --test

stage "release build"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGOALPATH_MPI=ON >/dev/null
cmake --build build -j"$jobs"
cmake --install build --prefix "${GOALPATH_PREFIX:-/usr/local}" >/dev/null
PATH="${GOALPATH_PREFIX:-/usr/local}/bin:$PATH" goalpath run scenarios/shanghai-2027/baseline.yaml --quiet
if [[ -z "${GOALPATH_PREFIX:-}" ]]; then (cd / && /usr/bin/python3 -c "import goalpath"); fi
stage "release tests"
ctest --test-dir build --output-on-failure -j"$jobs"

# The sanitizer build is also the build without MPI (optional): it must
# build and pass on its own; the release build above has MPI (mpirun tests).
stage "sanitizer build (ASan + UBSan, assertions on; without MPI)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Sanitize -DGOALPATH_SANITIZE=ON -DGOALPATH_BUILD_BENCH=OFF -DGOALPATH_MPI=OFF >/dev/null
cmake --build build-asan -j"$jobs"
stage "sanitizer tests"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs"

if [[ "${FUZZ_SECONDS:-30}" != 0 ]]; then
  stage "fuzz smoke run"
  scripts/fuzz.sh "${FUZZ_SECONDS:-30}"
fi
stage "all passed"

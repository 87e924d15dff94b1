#!/usr/bin/env bash
# Installs what is missing (Chromium too, for the browser test), builds
# GoalPath with its tests and benchmarks, runs the Shanghai baseline and then
# every test. The README's second command; .ci/run runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh --test
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)"
build/engine/goalpath run scenarios/shanghai-2027/baseline.yaml --quiet
ctest --test-dir build --output-on-failure -j"$(nproc)"

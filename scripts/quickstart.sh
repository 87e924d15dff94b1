#!/usr/bin/env bash
# Installs what is missing, builds GoalPath (Release) and runs the bundled
# Shanghai baseline. The README's first command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGOALPATH_BUILD_TESTS=OFF -DGOALPATH_BUILD_BENCH=OFF >/dev/null
cmake --build build -j"$(nproc)" --target goalpath
build/engine/goalpath run scenarios/shanghai-2027/baseline.yaml

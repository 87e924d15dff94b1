#!/usr/bin/env bash
# Installs what is missing, builds GoalPath (Release), installs `goalpath`
# on the PATH (/usr/local/bin; GOALPATH_PREFIX=DIR for elsewhere) and runs
# the bundled Shanghai baseline. The README's first command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGOALPATH_BUILD_TESTS=OFF -DGOALPATH_BUILD_BENCH=OFF >/dev/null
cmake --build build -j"$(nproc)" --target goalpath
cmake --install build --prefix "${GOALPATH_PREFIX:-/usr/local}" >/dev/null
# Through the PATH, as a user will run it from now on.
PATH="${GOALPATH_PREFIX:-/usr/local}/bin:$PATH" goalpath run scenarios/shanghai-2027/baseline.yaml

#!/usr/bin/env bash
# Installs what is missing, builds GoalPath (Release), installs `goalpath`
# on the PATH (/usr/local/bin; GOALPATH_PREFIX=DIR for elsewhere) and the
# Python module `goalpath` where Debian's python3 finds it
# (/usr/local/lib/python3.11/dist-packages; DIR/lib/python3.11/dist-packages),
# and runs the bundled Shanghai baseline. The README's first command.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DGOALPATH_BUILD_TESTS=OFF -DGOALPATH_BUILD_BENCH=OFF >/dev/null
cmake --build build -j"$(nproc)" --target goalpath goalpath_python
cmake --install build --prefix "${GOALPATH_PREFIX:-/usr/local}" >/dev/null
# Debian's python3 imports the installed module from any folder.
if [[ -z "${GOALPATH_PREFIX:-}" ]]; then (cd / && /usr/bin/python3 -c "import goalpath"); fi
# Through the PATH, as a user will run it from now on.
PATH="${GOALPATH_PREFIX:-/usr/local}/bin:$PATH" goalpath run scenarios/shanghai-2027/baseline.yaml

#!/usr/bin/env bash
# Installs the Debian 12 packages GoalPath needs (Open MPI included: the
# build uses it when present, for `mpirun -n N goalpath ...`). Idempotent: when every
# package is already present it does nothing (no apt-get update, no network).
#   scripts/install-deps.sh            build + test dependencies
#   scripts/install-deps.sh --test     also what the full test suite needs:
#                                      Chromium and a CJK font (HTML browser
#                                      tests), chromium-driver and Selenium
#                                      (the what-if page's browser test),
#                                      clang with libFuzzer (fuzz smoke
#                                      runs), python3-jsonschema
#                                      (scenario schema test), matplotlib and
#                                      pandas (Python module's example and
#                                      DataFrame test)
#   --browser is the old name of --test and means the same.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git
  libeigen3-dev libyaml-cpp-dev
  libboost-program-options-dev libboost-dev libboost-math-dev
  librandom123-dev nlohmann-json3-dev libfmt-dev doctest-dev libssl-dev nettle-dev
  libbenchmark-dev python3-numpy python3-yaml libcpp-httplib-dev
  pybind11-dev python3-dev python3-pytest
  libopenmpi-dev openmpi-bin
)
case "${1:-}" in
  "") ;;
  --test|--browser) packages+=(chromium chromium-driver python3-selenium fonts-noto-cjk clang-14 libclang-rt-14-dev
                     python3-jsonschema python3-matplotlib python3-pandas) ;;
  *) echo "install-deps: unknown option '$1' (use --test or nothing)" >&2; exit 2 ;;
esac

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [[ ${#missing[@]} -eq 0 ]]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"

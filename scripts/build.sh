#!/usr/bin/env bash
# Configures and builds one flavour: release (default), debug (ASan + UBSan) or fuzz
# (clang + libFuzzer), optionally only the given targets. Incremental; ccache is set
# to hash paths relative to the clone, so clones in other folders share its cache.
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
shift || true
export CCACHE_BASEDIR=$PWD CCACHE_NOHASHDIR=1
jobs=$(nproc)
case "$flavour" in
  release) args=(-DCMAKE_BUILD_TYPE=Release) ;;
  debug) args=(-DCMAKE_BUILD_TYPE=Debug) ;;
  fuzz) args=(-DCMAKE_BUILD_TYPE=RelWithDebInfo -DAFTERCARE_FUZZ=ON
              -DCMAKE_CXX_COMPILER=clang++) ;;
  *) echo "usage: $0 [release|debug|fuzz]" >&2; exit 2 ;;
esac
if [[ ! -f build/$flavour/build.ninja ]]; then
  cmake -S . -B "build/$flavour" -G Ninja "${args[@]}" >/dev/null
fi
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build "build/$flavour" -j "$jobs" "${targets[@]}"

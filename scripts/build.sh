#!/usr/bin/env bash
# Configures and builds one flavour: release (default), debug (ASan + UBSan) or fuzz
# (clang + libFuzzer). Incremental: reruns only what changed (ccache across clones).
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-release}
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
cmake --build "build/$flavour" -j "$jobs"

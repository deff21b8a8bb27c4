#!/bin/sh
# Builds libmkl_intel_cpu.so (mkl_intel_cpu.c) into the folder $1 with the system's C compiler; without one it says
# so and builds nothing (bin/setenv then preloads nothing, and MKL keeps its slower path on AMD CPUs).
set -eu
out="$1"
source="$(dirname "$0")/mkl_intel_cpu.c"
compiler="$(command -v cc || command -v gcc || true)"
if [ -z "$compiler" ]; then
  echo "no C compiler: libmkl_intel_cpu.so not built (MKL keeps its slow path on AMD CPUs)" >&2
  exit 0
fi
mkdir -p "$out"
"$compiler" -shared -fPIC -O2 -o "$out/libmkl_intel_cpu.so" "$source"

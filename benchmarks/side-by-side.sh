# Sourced by train-iteration.sh and predict.sh: what both sides need. Installs Debian's python3-torch, python3-pil and
# the OpenMP build of OpenBLAS when missing (PythonSide loads the latter for PyTorch: the system's default BLAS may be
# the reference one, at a few GFLOP/s, or the pthread build, whose threads fight PyTorch's), builds the harnesses and
# sets $classpath. The jnnunet side runs with the distribution's engine settings (bin/setenv). With BUSY=1 it starts
# a process that keeps one core busy until the script exits (bounded to two hours) and sets $condition to
# one-core-busy, else idle. $JAVA_OPTS reaches the Java side (e.g. -Dbenchmark.seconds=60: timed seconds per side).
set -euo pipefail
. scripts/java17.sh
missing=()
/usr/bin/python3 -c "import torch, PIL" 2>/dev/null || missing+=(python3-torch python3-pil)
[ -d /usr/lib/x86_64-linux-gnu/openblas-openmp ] || missing+=(libopenblas0-openmp)
if [ ${#missing[@]} -gt 0 ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
mvn -B -q -Dstyle.color=never install -DskipTests -pl benchmarks -am
cp_file="$root/benchmarks/target/classpath.txt"
mvn -B -q -Dstyle.color=never dependency:build-classpath -pl benchmarks -Dmdep.outputFile="$cp_file" >/dev/null
classpath="$root/benchmarks/target/classes:$(cat "$cp_file")"
export JNNUNET_NATIVE="$root/benchmarks/target/native" # where bin/setenv finds the MKL shim built here
sh karaf-assembly/src/main/c/build.sh "$JNNUNET_NATIVE"
condition=idle
if [ "${BUSY:-0}" = 1 ]; then
  timeout 7200 sh -c 'while :; do :; done' &
  busy_pid=$!
  trap 'kill "$busy_pid" 2>/dev/null || true' EXIT
  condition=one-core-busy
fi
java_side() {
  . karaf-assembly/src/main/resources/bin/setenv
  java -cp "$classpath" -Dai.djl.offline=true -DPYTORCH_FLAVOR=cpu -DENGINE_CACHE_DIR="$root/target/djl-cache" \
    -DDJL_CACHE_DIR="$root/target/djl-cache" -DOPT_OUT_TRACKING=true ${JAVA_OPTS:-} "$@"
}

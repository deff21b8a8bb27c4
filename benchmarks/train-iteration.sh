#!/usr/bin/env bash
# One training iteration of a plans file's network, jnnunet vs plain PyTorch from Python, side by side; writes the
# numbers to docs/benchmarks.md. Installs Debian's python3-torch when it is missing.
#   bash benchmarks/train-iteration.sh PLANS.json [configuration=2d] [threads=2] [batch=the plans']
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/java17.sh
plans="$(readlink -f "$1")"
configuration="${2:-2d}"
threads="${3:-2}"
if ! /usr/bin/python3 -c "import torch" 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch >/dev/null
fi
mvn -B -q -Dstyle.color=never install -DskipTests -pl benchmarks -am
cp_file="$root/benchmarks/target/classpath.txt"
mvn -B -q -Dstyle.color=never dependency:build-classpath -pl benchmarks -Dmdep.outputFile="$cp_file" >/dev/null
java -cp "$root/benchmarks/target/classes:$(cat "$cp_file")" -Dai.djl.offline=true -DPYTORCH_FLAVOR=cpu \
  -DENGINE_CACHE_DIR="$root/target/djl-cache" -DDJL_CACHE_DIR="$root/target/djl-cache" -DOPT_OUT_TRACKING=true \
  io.jnnunet.training.internal.TrainIterationBenchmark "$plans" "$configuration" "$threads" \
  "$root/docs/benchmarks.md" "$root/benchmarks/python/train_iteration_torch.py" ${4:-}

#!/usr/bin/env bash
# Sliding-window prediction of one real 520x696 image with and without mirroring, jnnunet vs plain PyTorch from
# Python, side by side; writes the numbers to docs/benchmarks.md. Installs Debian's python3-torch (and python3-pil,
# which reads the image there) when missing.
#   bash benchmarks/predict.sh PLANS.json [configuration=2d] [threads=2] [runs=5]
# e.g. bash benchmarks/predict.sh benchmarks/plans/Dataset002_CellsCoreBorder/nnUNetPlans.json
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
plans="$(readlink -f "$1")"
cd "$root"
. scripts/java17.sh
configuration="${2:-2d}"
threads="${3:-2}"
runs="${4:-5}"
image="$root/sample-data/Dataset001_Cells/imagesTs/BBBC039_100_0000.png"
if ! /usr/bin/python3 -c "import torch, PIL" 2>/dev/null; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-pil >/dev/null
fi
mvn -B -q -Dstyle.color=never install -DskipTests -pl benchmarks -am
cp_file="$root/benchmarks/target/classpath.txt"
mvn -B -q -Dstyle.color=never dependency:build-classpath -pl benchmarks -Dmdep.outputFile="$cp_file" >/dev/null
java -cp "$root/benchmarks/target/classes:$(cat "$cp_file")" -Dai.djl.offline=true -DPYTORCH_FLAVOR=cpu \
  -DENGINE_CACHE_DIR="$root/target/djl-cache" -DDJL_CACHE_DIR="$root/target/djl-cache" -DOPT_OUT_TRACKING=true \
  io.jnnunet.inference.internal.PredictBenchmark "$plans" "$configuration" "$threads" \
  "$root/docs/benchmarks.md" "$root/benchmarks/python/predict_torch.py" "$image" "$runs"

#!/usr/bin/env bash
# Sliding-window prediction of one real 520x696 image with and without mirroring, jnnunet vs plain PyTorch from
# Python, taking turns; writes the numbers to docs/benchmarks.md (side-by-side.sh says what it installs). BUSY=1: with
# another process keeping one core busy (a section of its own). PRECISION=bf16: both sides in bfloat16 (as for
# train-iteration.sh), a section of its own.
#   [BUSY=1] [PRECISION=bf16] bash benchmarks/predict.sh PLANS.json [configuration=2d] [threads=2, 0: the free cores]
# e.g. bash benchmarks/predict.sh benchmarks/plans/Dataset002_CellsCoreBorder/nnUNetPlans.json
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
plans="$(readlink -f "$1")"
cd "$root"
. benchmarks/side-by-side.sh
java_side io.jnnunet.inference.internal.PredictBenchmark "$plans" "${2:-2d}" "${3:-2}" "$root/docs/benchmarks.md" \
  "$root/benchmarks/python/predict_torch.py" "$root/sample-data/Dataset001_Cells/imagesTs/BBBC039_100_0000.png" \
  "$condition"

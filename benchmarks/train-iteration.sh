#!/usr/bin/env bash
# One training iteration of a plans file's network, jnnunet vs plain PyTorch from Python, taking turns; writes the
# numbers to docs/benchmarks.md (side-by-side.sh says what it installs). BUSY=1: with another process keeping one core
# busy (a section of its own). PRECISION=bf16: both sides' forward passes in bfloat16 (jnnunet as its trainer would
# run them, refused where its engine would not; PyTorch under torch.autocast), a section of its own.
#   [BUSY=1] [PRECISION=bf16] bash benchmarks/train-iteration.sh PLANS.json [configuration=2d] [threads=2, 0: the free cores] [batch]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
plans="$(readlink -f "$1")"
. benchmarks/side-by-side.sh
java_side io.jnnunet.training.internal.TrainIterationBenchmark "$plans" "${2:-2d}" "${3:-2}" \
  "$root/docs/benchmarks.md" "$root/benchmarks/python/train_iteration_torch.py" "$condition" ${4:-}

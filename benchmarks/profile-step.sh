#!/usr/bin/env bash
# Where a training iteration's time goes: PyTorch's profiler over the trainer's own iteration in jnnunet and over the
# same iteration in plain PyTorch, summed by operator side by side (self time per step; docs/performance.md).
# The sides run one after the other, each with its own engine's settings (side-by-side.sh, PythonSide).
#   bash benchmarks/profile-step.sh PLANS.json [configuration=2d] [threads=2] [steps=5]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
plans="$(readlink -f "$1")"
. benchmarks/side-by-side.sh
steps="${4:-5}"
out="$root/benchmarks/target/profile"
mkdir -p "$out"
java_side io.jnnunet.training.internal.StepProfile "$plans" "${2:-2d}" "${3:-2}" 5 "$steps" "$out/jnnunet.json" \
  "$root/benchmarks/python/profile_step_torch.py" "$out/torch.json"
python3 benchmarks/python/profile_table.py "$steps" "$out/jnnunet.json" "$out/torch.json" 30

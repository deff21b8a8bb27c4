#!/usr/bin/env bash
# Issue 13's measurement: `nnunet:auto -d 1 --budget-minutes N` on the full cells set (../shared/data/cells, BBBC039),
# fold 0, in a fresh distribution, then the 50 test images predicted as instances and evaluated. Prints the auto
# run's summary, its wall-clock time and the test scores (Dice, AP@0.5 pooled and per image, F1(0.5:0.9)).
#   bash benchmarks/auto-cells.sh                 (BUDGET=minutes, default 30; RUN_DIR, default /tmp/auto-cells)
#   BUSY_CORES=1 bash benchmarks/auto-cells.sh    (another process keeps one core busy for the whole run)
#   PRECISION=bf16 bash benchmarks/auto-cells.sh  (nnunet:auto --precision bf16: planned, trained and predicted in
#                                                  bfloat16 where the engine runs it; the test images are then also
#                                                  predicted in float32 with the same model)
#   MAGNIFICATIONS="0.5 1.5" bash benchmarks/auto-cells.sh   (also the test images zoomed by these factors, predicted
#                                                  at native scale and with --object-diameter auto)
# Needs the distribution built (mvn -B install -DskipTests), nothing else listening on 8101/8181, and for
# MAGNIFICATIONS a python3 with numpy and PIL (PYTHON=/usr/bin/python3 with Debian's python3-pil).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/java17.sh

data="${CELLS:-$root/../shared/data/cells}"
budget="${BUDGET:-30}"
run_dir="${RUN_DIR:-/tmp/auto-cells}"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"
[ -f "$data/dataset.json" ] || { echo "no cells dataset at $data (set CELLS=...)" >&2; exit 1; }

rm -rf "$run_dir"
mkdir -p "$run_dir/nnUNet_raw"
tar xzf "karaf-assembly/target/jnnunet-karaf-$version.tar.gz" -C "$run_dir"
karaf="$run_dir/jnnunet-karaf-$version"
cp -r "$data" "$run_dir/nnUNet_raw/Dataset001_Cells"
export nnUNet_raw="$run_dir/nnUNet_raw"
export nnUNet_preprocessed="$run_dir/nnUNet_preprocessed"
export nnUNet_results="$run_dir/nnUNet_results"

busy=()
stop_all() {
  "$karaf/bin/stop" >/dev/null 2>&1 || true
  for pid in "${busy[@]}"; do kill "$pid" 2>/dev/null || true; done
}
trap stop_all EXIT
for _ in $(seq 1 "${BUSY_CORES:-0}"); do
  sh -c 'while :; do :; done' &
  busy+=($!)
done

client() { "$karaf/bin/client" -u karaf -p karaf -r 60 -d 1 -b 2>/dev/null; }
run() {
  echo "karaf@jnnunet()> $1"
  echo "$1" | client || { echo "failed; see $karaf/data/log/karaf.log" >&2; exit 1; }
}
"$karaf/bin/start"
until echo "nnunet:engine" | client | grep -q PyTorch; do sleep 1; done

raw="$nnUNet_raw/Dataset001_Cells"
plans="nnUNetPlans_auto${budget}min"
start=$(date +%s)
run "nnunet:auto -d 1 --budget-minutes $budget${PRECISION:+ --precision $PRECISION}"
auto_seconds=$(( $(date +%s) - start ))
echo "== nnunet:auto took $auto_seconds s of $(( budget * 60 )) s"

start=$(date +%s)
run "nnunet:predict -i $raw/imagesTs -o $run_dir/test -d 2 -c 2d -p $plans -f 0 --instances auto"
echo "== prediction of the test images took $(( $(date +%s) - start )) s"
run "nnunet:evaluate -ref $raw/labelsTs -pred $run_dir/test -djfile $raw/dataset.json --ref-instances $raw/labelsTs_instances --instances" > "$run_dir/evaluate.txt"
score() { # summary.json, what
  "${PYTHON:-python3}" - "$1" "$2" <<'EOF'
import json, sys
s = json.load(open(sys.argv[1]))
pooled, mean = s["instances_pooled"], s["instances_mean"]
print(f"RESULT {sys.argv[2]}: Dice {s['foreground_mean']['Dice']:.4f}, AP@0.5 pooled {pooled['AP@0.5']:.4f}"
      f" (mean {mean['AP@0.5']:.4f}), F1(0.5:0.9) pooled {pooled['F1@0.5:0.9']:.4f},"
      f" precision {pooled['precision@0.5']:.4f}, recall {pooled['recall@0.5']:.4f}")
EOF
}
score "$run_dir/test/summary.json" "budget $budget min, busy cores ${BUSY_CORES:-0}, precision ${PRECISION:-fp32}, auto $auto_seconds s, test images"
if [ "${PRECISION:-fp32}" != fp32 ]; then
  run "nnunet:predict -i $raw/imagesTs -o $run_dir/test-fp32 -d 2 -c 2d -p $plans -f 0 --instances auto --precision fp32"
  run "nnunet:evaluate -ref $raw/labelsTs -pred $run_dir/test-fp32 -djfile $raw/dataset.json --ref-instances $raw/labelsTs_instances --instances" > /dev/null
  score "$run_dir/test-fp32/summary.json" "the same model's test images predicted in fp32"
fi
for factor in ${MAGNIFICATIONS:-}; do
  zoomed="$run_dir/zoom$factor"
  "${PYTHON:-python3}" benchmarks/python/rescale_cases.py "$factor" "$raw/imagesTs" "$raw/labelsTs" "$raw/labelsTs_instances" "$zoomed"
  for diameter in native auto; do
    option=""
    [ "$diameter" = auto ] && option="--object-diameter auto"
    run "nnunet:predict -i $zoomed/imagesTs -o $zoomed/$diameter -d 2 -c 2d -p $plans -f 0 --instances auto $option" > /dev/null
    run "nnunet:evaluate -ref $zoomed/labelsTs -pred $zoomed/$diameter -djfile $raw/dataset.json --ref-instances $zoomed/labelsTs_instances --instances" > /dev/null
    score "$zoomed/$diameter/summary.json" "test images zoomed $factor, predicted at $diameter scale"
  done
done

#!/usr/bin/env bash
# The main job: builds the jnnunet Karaf distribution, starts it, and runs the whole workflow on the sample dataset
# that ships in sample-data/ through the Karaf shell (bin/client), then stops Karaf: verify, convert the nuclei's
# instance labels to core/border classes, plan and preprocess, plan a U-Net that trains in BUDGET minutes on this
# machine, train fold 0 (with nnU-Net's final validation), predict the test images as instances, evaluate (Dice, IoU,
# matched AP, PQ) and draw overlays.
#   bash scripts/demo.sh            (RUN_DIR=... to unpack elsewhere than demo-run/; BUDGET=minutes, default 5)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/java17.sh

run_dir="${RUN_DIR:-$root/demo-run}"
version="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' pom.xml | head -n 1)"

rm -rf "$run_dir"
mkdir -p "$run_dir"
echo "== building the distribution (mvn -B install -DskipTests, log in $run_dir/build.log)"
start=$(date +%s)
if ! mvn -B install -DskipTests > "$run_dir/build.log" 2>&1; then
  tail -n 40 "$run_dir/build.log" >&2
  echo "the build failed; the whole log is in $run_dir/build.log" >&2
  exit 1
fi
echo "   built in $(( $(date +%s) - start )) s"

echo "== unpacking into $run_dir"
tar xzf "karaf-assembly/target/jnnunet-karaf-$version.tar.gz" -C "$run_dir"
karaf="$run_dir/jnnunet-karaf-$version"

# nnU-Net's own environment variables; the raw folder is a copy of the sample data, which the conversion adds to.
mkdir -p "$run_dir/nnUNet_raw"
cp -r "$root/sample-data/Dataset001_Cells" "$run_dir/nnUNet_raw/"
export nnUNet_raw="$run_dir/nnUNet_raw"
export nnUNet_preprocessed="$run_dir/nnUNet_preprocessed"
export nnUNet_results="$run_dir/nnUNet_results"

client() { "$karaf/bin/client" -u karaf -p karaf -r 60 -d 1 -b 2>/dev/null; }
stop_karaf() { "$karaf/bin/stop" >/dev/null 2>&1 || true; }
trap stop_karaf EXIT

if (exec 3<>/dev/tcp/127.0.0.1/8101) 2>/dev/null; then
  echo "port 8101 is taken (another Karaf running?): stop it first, or the demo would talk to it" >&2
  exit 1
fi

echo "== starting Karaf"
start=$(date +%s)
"$karaf/bin/start"
until echo "nnunet:engine" | client | grep -q PyTorch; do
  if [ $(( $(date +%s) - start )) -gt 120 ]; then
    echo "Karaf did not offer nnunet:engine within 120 s; see $karaf/data/log/karaf.log" >&2
    exit 1
  fi
  sleep 1
done
echo "   ready in $(( $(date +%s) - start )) s"

run() {
  echo
  echo "karaf@jnnunet()> $1"
  if ! echo "$1" | client; then
    echo "the command failed; Karaf's log: $karaf/data/log/karaf.log" >&2
    exit 1
  fi
}
budget="${BUDGET:-5}"
plans="nnUNetPlans_budget${budget}min"
raw="$nnUNet_raw/Dataset001_Cells"
out="$run_dir/predictions"
workflow_start=$(date +%s)
run "nnunet:engine"
run "nnunet:verify-dataset Dataset001_Cells"
run "nnunet:convert-instances -d 1 -o Dataset002_CellsCoreBorder --recipe core-border"
run "nnunet:plan-and-preprocess -d 2 -c 2d --verify-dataset-integrity"
run "nnunet:plan -d 2 -pl BudgetPlanner --budget-minutes $budget"
run "nnunet:train 2 2d 0 -p $plans"
run "nnunet:tune-instances -d 2 -c 2d -p $plans"
run "nnunet:predict -i $raw/imagesTs -o $out -d 2 -c 2d -p $plans -f 0 --instances auto"
run "nnunet:evaluate -ref $raw/labelsTs -pred $out -djfile $raw/dataset.json --ref-instances $raw/labelsTs_instances --instances"
run "nnunet:overlay -i $raw/imagesTs -ref $raw/labelsTs_instances -pred $out -o $run_dir/overlays --montage $run_dir/overlays/montage.png"
model="Dataset002_CellsCoreBorder__nnUNetTrainer__${plans}__2d"
image="$raw/imagesTs/BBBC039_100_0000.png"
echo
echo "== the lab server: one image through the REST API with the model kept loaded (karaf/karaf on loopback)"
echo "\$ curl -u karaf:karaf -H 'Content-Type: image/png' --data-binary @$(basename "$image") \\"
echo "    \"http://127.0.0.1:8181/api/models/$model/predict?instances=auto&folds=0\" -o $run_dir/server-mask.png"
headers=$(curl -sf -u karaf:karaf -H 'Content-Type: image/png' --data-binary @"$image" -D - \
  -o "$run_dir/server-mask.png" "http://127.0.0.1:8181/api/models/$model/predict?instances=auto&folds=0")
echo "$headers" | grep -iE '^(HTTP|X-Cell-Count|X-Prediction-Seconds)'
if cmp -s "$run_dir/server-mask.png" "$out/BBBC039_100.png"; then
  echo "   the server's 16-bit instance mask is byte for byte nnunet:predict's"
else
  echo "   note: the server's mask differs from nnunet:predict's file (compare the two)" >&2
fi
echo
echo "== done: the workflow took $(( $(date +%s) - workflow_start )) s after the build"
echo "   predictions (16-bit instance ids): $out; scores: $out/summary.json"
echo "   overlays (reference green, prediction magenta): $run_dir/overlays/montage.png"
echo "   training: $nnUNet_results/Dataset002_CellsCoreBorder/nnUNetTrainer__${plans}__2d/fold_0 (progress.png)"
echo "   Karaf's log: $karaf/data/log/karaf.log"

#!/usr/bin/env bash
# The main job: builds the jnnunet Karaf distribution, starts it, and runs the workflow on the sample dataset
# that ships in sample-data/ through the Karaf shell (bin/client), then stops Karaf.
#   bash scripts/demo.sh            (RUN_DIR=... to unpack elsewhere than demo-run/)
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

# nnU-Net's own environment variable: the sample data is the raw folder, so datasets resolve by name or id.
export nnUNet_raw="$root/sample-data"
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
  echo "$1" | client
}
run "nnunet:engine"
run "nnunet:readers"
run "nnunet:verify-dataset Dataset001_Cells"
run "nnunet:plan-and-preprocess -d 1 -c 2d"
run "nnunet:plan -d 1 -pl BudgetPlanner --budget-minutes 10"
echo
echo "== done; Karaf's log: $karaf/data/log/karaf.log"

#!/usr/bin/env bash
# The lab server on loopback, in a fresh copy of the distribution: one 520x696 image predicted through the server
# (warm) vs nnunet:predict of the same image in the same Karaf, then CLIENTS clients posting predictions for SECONDS
# (every answer must be 200 or 429), GET /api/info's latency meanwhile and Karaf's peak resident memory. The model is
# the 30-minute budget plan of the cells with a border class (benchmarks/plans/), trained for 2 iterations: its
# weights do not matter for timing. Writes docs/benchmarks.md's section "server".
#   bash benchmarks/server.sh [clients=20] [seconds=60]
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/java17.sh
clients="${1:-20}"
seconds="${2:-60}"
plans=nnUNetPlans_budget30min
model="Dataset002_CellsCoreBorder__nnUNetTrainer__${plans}__2d"
image="$root/sample-data/Dataset001_Cells/imagesTs/BBBC039_100_0000.png"
work="$root/benchmarks/target/server"

mvn -B -q -Dstyle.color=never install -DskipTests -pl karaf-assembly -am
rm -rf "$work" && mkdir -p "$work/karaf" "$work/one"
tar xzf karaf-assembly/target/jnnunet-karaf-*.tar.gz -C "$work/karaf" --strip-components=1
cp "$image" "$work/one/"
karaf="$work/karaf"
client() { "$karaf/bin/client" -u karaf -p karaf -r 60 -d 1 -b 2>/dev/null; }
trap '"$karaf/bin/stop" 2>/dev/null || true' EXIT
"$karaf/bin/start"
until curl -sf -u karaf:karaf -o /dev/null http://127.0.0.1:8181/api/info; do sleep 1; done

echo "nnunet:convert-instances -d $root/sample-data/Dataset001_Cells -o Dataset002_CellsCoreBorder" | client >/dev/null
echo "nnunet:plan-and-preprocess -d 2 -c 2d" | client >/dev/null
cp "benchmarks/plans/Dataset002_CellsCoreBorder/$plans.json" "$karaf/data/nnUNet_preprocessed/Dataset002_CellsCoreBorder/"
echo "nnunet:train 2 2d 0 -p $plans --epochs 1 --iterations 2" | client >/dev/null

# nnunet:predict of the one image, three times: the last two are warm (JIT, PyTorch's threads); its own "in X s"
shell=()
for run in 1 2 3; do
  line=$(echo "nnunet:predict -i $work/one -o $work/out-$run -d 2 -c 2d -p $plans -f 0" | client | grep "Wrote 1 file")
  shell+=("$(echo "$line" | grep -oE 'in [0-9.]+ s' | grep -oE '[0-9.]+')")
done
python3 benchmarks/python/server_load.py http://127.0.0.1:8181/api/ "$model" "$image" "$(cat "$karaf/karaf.pid")" \
  "$clients" "$seconds" "$work/load.json"

python3 - "$work/load.json" "$root/docs/benchmarks.md" "$clients" "$seconds" "${shell[@]}" <<'PY'
import json, statistics, subprocess, sys, datetime, re
load = json.load(open(sys.argv[1])); doc = sys.argv[2]; clients, seconds = sys.argv[3], sys.argv[4]
shell = [float(s) for s in sys.argv[5:]]
warm_server = statistics.median(load["warm_seconds"][1:])
warm_shell = statistics.median(shell[1:])
cpu = subprocess.run(["sh", "-c", "grep -m1 'model name' /proc/cpuinfo | cut -d: -f2"], capture_output=True,
                     text=True).stdout.strip()
java = subprocess.run(["java", "-version"], capture_output=True, text=True).stderr.splitlines()[0]
statuses = load["statuses"]
bad = sum(v for k, v in statuses.items() if not k in ("200", "429"))
section = f"""## Lab server on loopback

`bash benchmarks/server.sh {clients} {seconds}`: a fresh copy of the distribution, model `nnUNetPlans_budget30min` of
the cells with a border class (patch 320 x 384, 9 tiles per 520 x 696 image), fold 0, mirroring on, 1 prediction
thread (`predict.concurrency`). Machine: {subprocess.run(['nproc'], capture_output=True, text=True).stdout.strip()} cores ({cpu}), {java}, {datetime.date.today()}.

| measure | value |
| --- | --- |
| `nnunet:predict` of the image, its own time, runs 1..3 (s) | {' / '.join(f'{s:.2f}' for s in shell)} |
| `POST /api/models/{{id}}/predict`, client's time, runs 1..6 (s) | {' / '.join(f'{s:.2f}' for s in load['warm_seconds'])} |
| warm ratio server / `nnunet:predict` (medians of runs 2..) | {warm_server / warm_shell:.2f} (target <= 1.1) |
| {clients} clients for {seconds} s: answers by status | {', '.join(f'{k}: {v}' for k, v in statuses.items())} ({bad} neither 200 nor 429) |
| `GET /api/info` meanwhile, {load['info_calls']} calls: p50 / p99 / max (ms) | {load['info_p50_ms']:.1f} / {load['info_p99_ms']:.1f} / {load['info_max_ms']:.1f} (target p99 < 200) |
| Karaf's resident memory: before the load / peak in its first half / peak / at its end (MiB) | {load['rss_start_mib']:.0f} / {load['rss_half_mib']:.0f} / {load['peak_rss_mib']:.0f} / {load['rss_end_mib']:.0f} |
"""
text = open(doc).read()
begin, end = "<!-- BEGIN server -->", "<!-- END server -->"
block = begin + "\n" + section + end
text = re.sub(re.escape(begin) + ".*?" + re.escape(end), lambda m: block, text, flags=re.S) if begin in text \
    else text.rstrip() + "\n\n" + block + "\n"
open(doc, "w").write(text)
print(section)
PY

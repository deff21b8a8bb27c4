#!/usr/bin/env bash
# Times fingerprint + planning + preprocessing (2d) on a raw dataset and writes the numbers to docs/benchmarks.md.
#   bash benchmarks/plan-and-preprocess.sh [raw dataset folder] [workers] [rounds]
# Default dataset: ../shared/data/cells (100 cases) when present, else the sample data in the repository.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/java17.sh
default="$root/../shared/data/cells"
[ -d "$default" ] || default="$root/sample-data/Dataset001_Cells"
raw="${1:-$default}"
workers="${2:-2}"
rounds="${3:-3}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
mvn -B -q -Dstyle.color=never install -DskipTests -pl benchmarks -am
cp_file="$root/benchmarks/target/classpath.txt"
mvn -B -q -Dstyle.color=never dependency:build-classpath -pl benchmarks -Dmdep.outputFile="$cp_file" >/dev/null
java -Xmx2g -cp "$root/benchmarks/target/classes:$(cat "$cp_file")" \
  io.jnnunet.benchmarks.PlanAndPreprocessBenchmark "$raw" "$out" "$workers" "$rounds" "$root/docs/benchmarks.md"

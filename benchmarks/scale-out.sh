#!/usr/bin/env bash
# How many units per second a cluster's head dispatches through its embedded ActiveMQ Artemis broker, and what a unit
# costs on the wire; writes docs/benchmarks.md, section "Cluster dispatch" (docs/scale-out.md uses it).
#   bash benchmarks/scale-out.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/java17.sh
mvn -B -q -Dstyle.color=never install -DskipTests -pl benchmarks -am
cp_file="$root/benchmarks/target/classpath.txt"
mvn -B -q -Dstyle.color=never dependency:build-classpath -pl benchmarks -Dmdep.outputFile="$cp_file" >/dev/null
java -Xmx2g -cp "$root/benchmarks/target/classes:$(cat "$cp_file")" \
  io.jnnunet.cluster.internal.DispatchThroughputBenchmark "$root/docs/benchmarks.md"

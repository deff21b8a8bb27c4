#!/usr/bin/env bash
# Three Karaf nodes on loopback (a head with the embedded ActiveMQ Artemis broker, two workers) share the lab's work:
# five folds of the sample data, a worker killed with kill -9 mid-unit, 20 images predicted in batches and compared
# with one node's masks. Builds what it needs, runs ScaleOutIT alone (at most 30 minutes), and prints the result as
# its last line. .ci/run runs the same test within mvn verify.
set -uo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
. scripts/java17.sh
log="$root/itests/target/scale-out-test.log"
mkdir -p "$root/itests/target"
timeout 1800 bash -c 'mvn -B -q install -DskipTests && mvn -B verify -pl itests -Dit.test=ScaleOutIT \
    -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false' >"$log" 2>&1
status=$?
if [ "$status" != 0 ]; then
  grep -E "Tests run:|FAIL|AssertionError|expected" "$log" | head -n 20
  reason="$(grep -m1 -E "AssertionError|ERROR\]" "$log" | cut -c1-300)"
  [ "$status" = 124 ] && reason="it ran past 30 minutes"
  echo "scale-out test FAILED (exit $status; $log): ${reason:-see the log}"
  exit 1
fi
result="$(grep -h "^scale-out:" "$root/itests/target/failsafe-reports/"*ScaleOutIT-output.txt 2>/dev/null | tail -n 1)"
echo "scale-out test PASSED: ${result#scale-out: }"

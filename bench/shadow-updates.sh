#!/usr/bin/env bash
# Shadow updates per second the embedded hub answers on this machine: Paho devices on loopback keep a window of
# QoS 0 shadow updates in flight for a fixed time (hub and load generator share the CPUs, so this is a floor).
# Usage: bench/shadow-updates.sh [DEVICES=50] [WINDOW=8] [SECONDS=10]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat target/bench.cp)" io.fleetstorm.hub.ShadowUpdateBench "$@"

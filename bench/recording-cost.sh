#!/usr/bin/env bash
# The recording cost per operation on the hot path (LoopRecorder.recordLatency + LoopRecorder.count), with the
# interval collector flipping concurrently. Usage: bench/recording-cost.sh [OPERATIONS_PER_ROUND]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
exec java -Xms512m -Xmx512m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.fleetstorm.metrics.RecordingBench "${1:-50000000}"

#!/usr/bin/env bash
# Cost of one intended time per rate shape (src/test/java/io/fleetstorm/scenario/ArrivalsBench.java).
#   bench/arrivals.sh [OPERATIONS]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
java -cp "target/classes:target/test-classes:$(cat target/bench-classpath.txt)" \
    io.fleetstorm.scenario.ArrivalsBench "${1:-20000000}"

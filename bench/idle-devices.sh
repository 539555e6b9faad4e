#!/usr/bin/env bash
# Memory and CPU per idle connected device: fleetstorm devices against `fleetstorm hub` in another process.
# Usage: bench/idle-devices.sh [DEVICES...]   (default: 5000 15000). Loopback only; each run ends by itself.
set -euo pipefail
cd "$(dirname "$0")/.."
counts=("${@:-5000}")
[ $# -eq 0 ] && counts=(5000 15000)
mvn -B -q -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
cp="target/classes:target/test-classes:$(cat target/bench.cp)"
port=18831
java -jar target/fleetstorm.jar hub --host 127.0.0.1 --mqtt-port $port --tls-port -1 --api-port -1 \
  --product BENCHIDLE1 --product-secret bench-secret --connect-interval 0s > target/bench-hub.log 2>&1 &
hub=$!
trap 'kill $hub 2>/dev/null || true' EXIT
sleep 3
for n in "${counts[@]}"; do
  java -Xmx2g -XX:+UseSerialGC -cp "$cp" io.fleetstorm.bench.IdleDevicesBench $port "$n" BENCHIDLE1 bench-secret 5
done

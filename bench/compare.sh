#!/usr/bin/env bash
# fleetstorm against Tsung, MQTT.js and a vertx-mqtt MqttClient baseline, side by side on one mosquitto on loopback.
# Usage: bench/compare.sh [--repeats N] [--workloads idle-5k,...] [--tools fleetstorm,...]
# Installs the peers (Debian: mosquitto, tsung; npm: mqtt, pinned in bench/peers/mqttjs), builds fleetstorm, then
# runs bench/compare.py: every run is bounded in time and stops its broker, then its tool. About 70 minutes for
# the default 3 repeats of 10 workloads x 4 tools (80 with --base-jar). Results: bench/results/<date>.json and .md.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v mosquitto >/dev/null || need+=(mosquitto)
command -v mosquitto_sub >/dev/null || need+=(mosquitto-clients)
command -v tsung >/dev/null || need+=(tsung)
command -v ss >/dev/null || need+=(iproute2)
command -v node >/dev/null || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
(cd bench/peers/mqttjs && npm ci --no-audit --no-fund --silent)
mvn -B -q -DskipTests package test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (prefer < 1.5: the figures are CPU times on 2 cores)"
trap 'kill -- -$$ 2>/dev/null || true' INT TERM
python3 bench/compare.py "$@"

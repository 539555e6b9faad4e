#!/usr/bin/env bash
# Start-up of a 10-device run: launch to the first CONNECT the broker logs, and CPU from /proc (bench/startup.py,
# bench/README.md "Start-up"). Usage: bench/startup.sh [--repeats N] [--tools fleetstorm,container,mqttjs,...]
#   [--base-dir CHECKOUT] [--image IMAGE] [--java-opts=OPTS]
# Installs mosquitto and the MQTT.js peer when missing, builds fleetstorm (with its class-data archive) when the jar
# is missing, then runs bench/startup.py. The container tool needs an image (deploy/container/build-and-run.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
command -v mosquitto >/dev/null || need+=(mosquitto)
command -v node >/dev/null || need+=(nodejs npm)
if [ ${#need[@]} -gt 0 ]; then
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -d bench/peers/mqttjs/node_modules ] || (cd bench/peers/mqttjs && npm ci --no-audit --no-fund --silent)
[ -f target/fleetstorm.jar ] || mvn -B -q -DskipTests package >/dev/null
echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg) (wall-clock figures need < 1.5)" >&2
exec python3 bench/startup.py "$@"

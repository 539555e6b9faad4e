#!/usr/bin/env bash
# CPU per connect of fleetstorm's devices over TLS: the c-sdk profile's TLS-PSK (BouncyCastle, PSK-AES128-CBC-SHA,
# no password) against the java-sdk profile's certificate TLS (server certificate verified by the CA, HMAC password),
# with plain MQTT as the floor. The hub runs as its own process (fleetstorm hub), so the generator's CPU and the
# hub's are measured apart: the generator with /usr/bin/time, the hub from /proc/PID/stat around each run. Each run
# connects DEVICES new devices (fresh names) at RATE/s and holds them 2 s; the JVM's start-up is in every run alike,
# so the figure to read is the difference to the plain run, divided by the devices.
# Usage: bench/psk-connect.sh [DEVICES] [REPEATS] [RATE]       (defaults: 2000 3 100)
set -euo pipefail
cd "$(dirname "$0")/.."
DEVICES=${1:-2000}
REPEATS=${2:-3}
RATE=${3:-100}
./fleetstorm --version >/dev/null
JAR=target/fleetstorm.jar
WORK=$(mktemp -d /tmp/fleetstorm-psk-bench.XXXXXX)
trap 'kill "$HUB_PID" 2>/dev/null || true; rm -rf "$WORK"' EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
MQTT=$(free_port); TLS=$(free_port)
java -XX:+UseSerialGC -jar "$JAR" hub --host 127.0.0.1 --mqtt-port "$MQTT" --tls-port "$TLS" --api-port -1 \
  --metrics-port -1 --cert-dir "$WORK/certs" --product BENCHPSK01 --product-secret bench-secret \
  > "$WORK/hub.log" 2>&1 &
HUB_PID=$!
for _ in $(seq 1 200); do [ -f "$WORK/certs/ca.pem" ] && grep -q . "$WORK/hub.log" && break; sleep 0.1; done
sleep 1
hub_cpu() { awk '{print $14 + $15}' "/proc/$HUB_PID/stat"; }   # clock ticks
TICK=$(getconf CLK_TCK)

run() { # mode repeat [devices] -> "generator_cpu_s hub_cpu_s connected"
  local mode=$1 rep=$2 n=${3:-$DEVICES} sdk=c-sdk tls=false port=$MQTT
  case $mode in
    psk) tls=true; port=$TLS ;;
    certificate) tls=true; port=$TLS; sdk=java-sdk ;;
  esac
  local file="$WORK/$mode-$rep.yaml"
  cat > "$file" <<YAML
name: psk-bench-$mode
target: {host: 127.0.0.1, port: $port, tls: $tls$( [ "$tls" = true ] && echo ", ca: $WORK/certs/ca.pem" )}
groups:
  - {name: d, productId: BENCHPSK01, count: $n, namePattern: "$mode$rep-{index:05}", sdk: $sdk,
     keepAlive: 240, credentials: {productSecret: bench-secret}}
phases:
  - {name: connect, duration: $(( n / RATE + 1 ))s, d: {connect: $RATE/s}}
  - {name: hold, duration: 2s, d: {idle: {}}}
YAML
  local before; before=$(hub_cpu)
  /usr/bin/time -f "%U %S" -o "$WORK/time" java -XX:+UseSerialGC -Xmn32m -jar "$JAR" run "$file" \
    --metrics-port -1 --output "$WORK/out-$mode-$rep" > "$WORK/run-$mode-$rep.log" 2>&1 || true
  local after; after=$(hub_cpu)
  local connected; connected=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['devices']['connectedAtLeastOnce'])" \
    "$WORK/out-$mode-$rep/summary.json")
  awk -v t="$(tail -1 "$WORK/time")" -v h=$(( after - before )) -v tick="$TICK" -v c="$connected" \
    'BEGIN { split(t, a, " "); printf "%.3f %.3f %d\n", a[1] + a[2], h / tick, c }'
}

echo "devices $DEVICES at $RATE/s, $REPEATS repeats; load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
# the hub's first handshakes of each kind run in its interpreter: one unreported round warms it up
for mode in plain psk certificate; do run "$mode" 0 $(( DEVICES / 4 )) > /dev/null; done
printf '%-12s %6s %14s %10s %10s\n' mode repeat generator_cpu_s hub_cpu_s connected
declare -A GEN HUB
for rep in $(seq 1 "$REPEATS"); do
  for mode in plain psk certificate; do
    read -r g h c < <(run "$mode" "$rep")
    note=""
    if [ "$c" -eq "$DEVICES" ]; then
      GEN[$mode]="${GEN[$mode]:-} $g"; HUB[$mode]="${HUB[$mode]:-} $h"
    else
      note="  (not all connected: left out of the medians)"
    fi
    printf '%-12s %6d %14.3f %10.3f %10d%s\n' "$mode" "$rep" "$g" "$h" "$c" "$note"
  done
done
median() { tr ' ' '\n' | grep . | sort -g | awk '{a[NR]=$1} END {print NR % 2 ? a[(NR+1)/2] : (a[NR/2] + a[NR/2+1]) / 2}'; }
echo "medians; extra CPU per connect over plain MQTT (ms):"
gp=$(echo "${GEN[plain]}" | median); hp=$(echo "${HUB[plain]}" | median)
for mode in psk certificate; do
  g=$(echo "${GEN[$mode]}" | median); h=$(echo "${HUB[$mode]}" | median)
  awk -v m="$mode" -v g="$g" -v gp="$gp" -v h="$h" -v hp="$hp" -v n="$DEVICES" \
    'BEGIN { printf "  %-12s generator %.3f ms, hub %.3f ms\n", m, (g - gp) * 1000 / n, (h - hp) * 1000 / n }'
done
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"

#!/usr/bin/env bash
# The measured scale-out run of docs/cluster.md: 51,000 devices from three agent processes against three hub processes
# (17,000 each; one process may open 20,000 files here), plus the agents' RSS and CPU every 5 s in target/cluster-51k/.
# Usage: bench/cluster-51k.sh   Loopback only; every process it starts is stopped at the end (by its pid).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f target/fleetstorm.jar ] || mvn -B -q -DskipTests package
jar=target/fleetstorm.jar
out=target/cluster-51k
rm -rf "$out" && mkdir -p "$out"
pids=()
trap 'for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done' EXIT
for p in 28831 28832 28833; do
  nice java -Xmx1500m -jar $jar hub --host 127.0.0.1 --mqtt-port $p --tls-port -1 --api-port -1 \
    --product CLUSTER51K --product-secret cluster-secret > "$out/hub-$p.log" 2>&1 &
  pids+=($!)
done
timeout 900 nice java -Xmx1g -jar $jar run scenarios/cluster-51k.yaml --agents 3 --cluster-port 15701 \
  --agents-timeout 180s --start-lead 20s --metrics-host 127.0.0.1 --output "$out/results" \
  > "$out/controller.out" 2> "$out/controller.err" &
controller=$!
pids+=($controller)
agents=()
for i in 1 2 3; do
  nice java -Xmx1500m -jar $jar agent --name agent-$i --join 127.0.0.1:15701 --target 127.0.0.1:2883$i --once \
    --metrics-host 127.0.0.1 > "$out/agent-$i.out" 2> "$out/agent-$i.err" &
  agents+=($!)
  pids+=($!)
done
while kill -0 $controller 2>/dev/null; do
  { date +%T; ps -o pid=,rss=,cputime= -p "$(IFS=,; echo "${agents[*]}")" || true; } >> "$out/agents-ps.log"
  sleep 5
done
wait $controller && code=0 || code=$?
cat "$out/controller.out"
grep -h "interval report" "$out"/agent-*.out || true
echo "controller exit code $code; files in $out"

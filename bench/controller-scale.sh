#!/usr/bin/env bash
# One controller merging the interval reports of 10, 100 and 500 simulated agents (issue 19 item 6): controller CPU
# per second and merge latency, from src/test/java/io/fleetstorm/cluster/ControllerScaleBench.java (bench/README.md).
# Usage: bench/controller-scale.sh [--repeats N] [--agents 10,100,500] [--seconds S] [--devices-per-agent D]
# Each run is one JVM with the launcher's options (JVM_DEFAULTS of ./fleetstorm), bounded in time. Results:
# bench/results/<date>-controller-scale.json and .md (medians of the repeats, load average of every run).
set -euo pipefail
cd "$(dirname "$0")/.."
repeats=3 agents=10,100,500 seconds=20 devices=20000
while [ $# -gt 0 ]; do
  case "$1" in
    --repeats) repeats=$2; shift 2 ;;
    --agents) agents=$2; shift 2 ;;
    --seconds) seconds=$2; shift 2 ;;
    --devices-per-agent) devices=$2; shift 2 ;;
    *) echo "unknown option $1" >&2; exit 2 ;;
  esac
done
[ -f target/bench.cp ] && [ -d target/test-classes/io/fleetstorm/cluster ] \
  || mvn -B -q -Dcds.skip=true test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.cp >/dev/null
cp="target/test-classes:target/classes:$(cat target/bench.cp)"
defaults="$(sed -n 's/^JVM_DEFAULTS="\(.*\)"$/\1/p' fleetstorm)"
stamp="$(date -u +%Y-%m-%dT%H%MZ)"
out="bench/results/$stamp-controller-scale"
mkdir -p bench/results
: > "$out.jsonl"
exec 9>/tmp/fleetstorm-bench.lock # one benchmark at a time (compare.py, startup.py take the same lock)
flock -n 9 || { echo "waiting for another fleetstorm benchmark to finish" >&2; flock 9; }
for r in $(seq 1 "$repeats"); do
  for n in ${agents//,/ }; do
    load="$(cut -d' ' -f1 /proc/loadavg)"
    echo "repeat $r/$repeats, $n agents (load $load)" >&2
    # shellcheck disable=SC2086
    line="$(timeout $(( seconds + 240 )) java $defaults -Xmx1g -cp "$cp" io.fleetstorm.cluster.ControllerScaleBench \
      "$n" "$seconds" "$devices" | tail -1)"
    echo "${line%\}}, \"repeat\": $r, \"loadavg\": $load}" | tee -a "$out.jsonl" >&2
  done
done
python3 - "$out" "$(java -version 2>&1 | head -1)" <<'PY'
import json, statistics, sys
out, java = sys.argv[1], sys.argv[2]
runs = [json.loads(l) for l in open(out + ".jsonl") if l.strip()]
rows = {}
for r in runs:
    rows.setdefault(r["agents"], []).append(r)
def m(rs, k, d=2):
    v = [r[k] for r in rs]
    return f"{statistics.median(v):.{d}f} ({min(v):.{d}f}-{max(v):.{d}f})"
lines = [f"{java}; {runs[0]['devicesPerAgent']} devices per agent, {runs[0]['reportBytes']} bytes per report; "
         f"median (min-max) of {len(runs) // len(rows)} runs of {runs[0]['seconds']:.0f} s each.", "",
         "| agents | controller cores | consumer thread cores | tick cores | per report ms p50 / p99 |"
         " merge latency ms p50 / p99 / max | tick ms p50 / max | load average |",
         "|---|---|---|---|---|---|---|---|"]
for n, rs in sorted(rows.items()):
    lines.append(f"| {n} | {m(rs, 'controllerCores', 3)} | {m(rs, 'consumerCores', 3)} | {m(rs, 'tickCores', 3)} |"
                 f" {m(rs, 'perReportMsP50')} / {m(rs, 'perReportMsP99')} | {m(rs, 'mergeLatencyMsP50', 0)} /"
                 f" {m(rs, 'mergeLatencyMsP99', 0)} / {m(rs, 'mergeLatencyMsMax', 0)} | {m(rs, 'tickMsP50', 0)} /"
                 f" {m(rs, 'tickMsMax', 0)} | {m(rs, 'loadavg')} |")
json.dump({"java": java, "runs": runs}, open(out + ".json", "w"), indent=1)
open(out + ".md", "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
PY
rm -f "$out.jsonl"

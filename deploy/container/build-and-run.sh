#!/usr/bin/env bash
# Builds the fleetstorm image from the unchanged Dockerfile with podman (no Docker engine, no Docker Hub here) and runs
# it for real, checking what a pipeline relies on:
#   (a) a short run against the embedded hub passes: exit 0, every result file in the mounted directory, owned by
#       uid 10001 and readable by others;
#   (b) an invalid scenario: exit 2 and the file:line error;
#   (c) an impossible threshold (--set): exit 3 and a <failure> in junit.xml;
#   (d) SIGTERM in the middle of a run (what `docker stop` and Kubernetes send): PID 1 is the entrypoint, which
#       forwards it to its JVM (started with the image's class-data archive), the run ends with exit 4, and
#       summary.json is still written;
#   (e) /metrics scraped from the host during a run shows fleetstorm_ series labelled with the run;
#   (f) options from FLEETSTORM_* environment variables (metrics host and port, run id, duration) take effect.
# Runs (a), (c) and (d) use the hardening of deploy/k8s/job.yaml: read-only root filesystem (tmpfs /tmp), every
# capability dropped, no-new-privileges, uid 10001.
#
# The Dockerfile's base images are made locally: a minimal Debian (debootstrap) with a JRE, and one with a JDK and
# Maven, tagged with the names the Dockerfile's defaults use. The debootstrapped rootfs is cached in
# $FLEETSTORM_IMAGE_CACHE (default /var/cache/fleetstorm) and the base images stay in podman's storage (rebuilt only
# when their recipe changes), so later runs skip that part. FLEETSTORM_REBUILD=1 rebuilds everything but the rootfs
# (to time a cold build).
# Containers use --network host only (the default bridge is a private range that must not be used here) and talk to
# loopback only. Every podman call is bounded in time; the containers are removed on exit. Any failure exits 1:
# nothing is skipped.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache="${FLEETSTORM_IMAGE_CACHE:-/var/cache/fleetstorm}"
image="${FLEETSTORM_IMAGE:-localhost/fleetstorm:dev}"
rebuild="${FLEETSTORM_REBUILD:-0}"
work="$(mktemp -d)"
prefix="fleetstorm-check-$$"
containers=()

log() { printf 'container: %s\n' "$*" >&2; }
fail() { log "FAILED: $*"; exit 1; }
passed=0
ok() { passed=$(( passed + 1 )); log "ok $*"; }
cleanup() {
  local c
  for c in "${containers[@]+"${containers[@]}"}"; do
    timeout 60 podman rm -f -v -t 5 "$c" >/dev/null 2>&1 || true
  done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT; trap 'exit 143' TERM   # so that the EXIT trap cleans up after Ctrl-C or a cancelled job

[ "$(id -u)" -eq 0 ] || fail "run as root (rootful podman and debootstrap)"

need=()
for tool in podman buildah debootstrap runc curl; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  log "installing podman, buildah, debootstrap, runc (missing: ${need[*]})"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman buildah skopeo debootstrap \
    runc fuse-overlayfs slirp4netns uidmap containernetworking-plugins golang-github-containers-common curl \
    >/dev/null
fi

# This machine cannot raise limits (nofile is capped at 20000) and crun cannot run in its cgroup mode.
cat > "$work/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF="$work/containers.conf"
timeout 120 podman info >"$work/podman-info.log" 2>&1 \
  || { cat "$work/podman-info.log" >&2; fail "podman does not work"; }

timed() { # label command... : runs it, logs the seconds it took
  local label=$1 start=$SECONDS; shift
  "$@"
  log "$label: $(( SECONDS - start )) s"
}

# --- base images -------------------------------------------------------------------------------------------------
base=localhost/fleetstorm-base:bookworm
base_recipe="bookworm minbase, apt lists and .deb files dropped, v2"
label_of() { podman image inspect "$1" --format "{{index .Labels \"io.fleetstorm.recipe\"}}" 2>/dev/null || true; }

make_rootfs() {
  mkdir -p "$cache"
  if [ ! -s "$cache/bookworm-minbase.tar" ]; then
    log "debootstrap a minimal Debian bookworm (about 90 s, once; cached in $cache)"
    timeout 900 debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian \
      >"$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap"; }
    tar -C "$work/rootfs" -cf "$cache/bookworm-minbase.tar.part" . && mv "$cache/bookworm-minbase.tar.part" \
      "$cache/bookworm-minbase.tar"
    rm -rf "$work/rootfs"
  fi
  # the package lists and downloaded .debs are 80 MB that no image needs
  cp "$cache/bookworm-minbase.tar" "$work/rootfs.tar"
  tar --delete -f "$work/rootfs.tar" --wildcards './var/lib/apt/lists/*_Packages' './var/cache/apt/archives/*.deb'
  timeout 300 podman import -q --change 'CMD ["/bin/bash"]' --change "LABEL io.fleetstorm.recipe=\"$base_recipe\"" \
    "$work/rootfs.tar" "$base" >/dev/null
  rm -f "$work/rootfs.tar"
}
if [ "$rebuild" = 1 ] || [ "$(label_of "$base")" != "$base_recipe" ]; then
  timed "base $base" make_rootfs
fi

make_base() { # name packages...: a base image with these Debian packages, rebuilt when the recipe changes
  local name=$1; shift
  local recipe key
  recipe=$(printf '%s\n' "FROM $base" "# on $(podman image inspect "$base" --format '{{.Id}}')" \
    "RUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $* \\" \
    "      >/dev/null && apt-get clean && rm -rf /var/lib/apt/lists/*")
  key=$(printf '%s' "$recipe" | sha256sum | cut -c1-16)
  if [ "$rebuild" = 1 ] || [ "$(label_of "$name")" != "$key" ]; then
    printf '%s\nLABEL io.fleetstorm.recipe="%s"\n' "$recipe" "$key" > "$work/Dockerfile.base"
    local start=$SECONDS
    timeout 900 podman build --network host --pull=never --no-cache -f "$work/Dockerfile.base" -t "$name" "$work" \
      >"$work/base.log" 2>&1 || { tail -30 "$work/base.log" >&2; fail "building $name"; }
    log "base $name: $(( SECONDS - start )) s"
  fi
}
make_base localhost/fleetstorm-jre:17 openjdk-17-jre-headless ca-certificates passwd
make_base localhost/fleetstorm-maven:17 openjdk-17-jdk-headless maven ca-certificates
# the names the Dockerfile's defaults use, so it builds unchanged
podman tag localhost/fleetstorm-jre:17 docker.io/library/eclipse-temurin:17-jre
podman tag localhost/fleetstorm-maven:17 docker.io/library/maven:3.9-eclipse-temurin-17

# --- the image ---------------------------------------------------------------------------------------------------
old=$(podman image inspect "$image" --format '{{.Id}}' 2>/dev/null || true)
build_args=(--network host --pull=never)
[ "$rebuild" = 1 ] && build_args+=(--no-cache)
# The build stage uses the host's Maven repository: from inside a container here, Maven Central's TLS certificate
# does not verify (PKIX path building failed: the machine trusts extra CAs that the image does not have). CI fills
# the repository with `mvn -B verify` before; standalone, the first package on the host does.
if [ ! -d "$HOME/.m2/repository" ]; then
  log "filling the host's Maven repository (mvn package)"
  timeout 900 mvn -B -q -DskipTests package >"$work/mvn.log" 2>&1 \
    || { tail -30 "$work/mvn.log" >&2; fail "mvn package"; }
fi
build_args+=(-v "$HOME/.m2:/root/.m2")
start=$SECONDS
timeout 1200 podman build "${build_args[@]}" -t "$image" . >"$work/build.log" 2>&1 \
  || { tail -40 "$work/build.log" >&2; fail "building $image"; }
build_s=$(( SECONDS - start ))
new=$(podman image inspect "$image" --format '{{.Id}}')
# the previous build of this tag, unless something else still uses it
[ -n "$old" ] && [ "$old" != "$new" ] && { podman rmi "$old" >/dev/null 2>&1 || true; }
size=$(podman image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')
log "image $image built in $build_s s; size $size"

# --- checks ------------------------------------------------------------------------------------------------------
hardened=(--read-only --cap-drop ALL --security-opt no-new-privileges --user 10001:10001)
mkdir -p "$work/scenarios"
cat > "$work/scenarios/smoke.yaml" <<'YAML'
name: container-smoke
groups:
  - {name: sensors, productId: CONTAINER1, count: 50, credentials: {productSecret: s}}
phases:
  - {name: connect, duration: 2s, sensors: {connect: {rate: 25/s}}}
  - {name: settle, duration: 6s, sensors: {idle: {}}}
  - {name: steady, duration: 4s, sensors: {telemetry: {rate: 1/s per device, qos: 1}}}
thresholds: ["errors.rate < 5%"]
# a check of the image, not of the generator: a cold JVM on a busy shared machine connects and starts late (hence
# the settle phase, so that late connects do not count as skipped sends)
acceptSaturation: true
YAML
cat > "$work/scenarios/invalid.yaml" <<'YAML'
name: container-invalid
groups:
  - {name: sensors, productId: CONTAINER1, count: -5, credentials: {productSecret: s}}
phases:
  - {name: connect, duration: 3s, sensors: {connect: {rate: 50/s}}}
YAML
cat > "$work/scenarios/long.yaml" <<'YAML'
name: container-long
groups:
  - {name: sensors, productId: CONTAINER1, count: 50, credentials: {productSecret: s}}
phases:
  - {name: connect, duration: 2s, sensors: {connect: {rate: 50/s}}}
  - {name: steady, duration: 5m, sensors: {telemetry: {rate: 1/s per device, qos: 1}}}
acceptSaturation: true
YAML

results_dir() { # a fresh mounted output directory, writable by the image's user (as fsGroup does in Kubernetes)
  local dir="$work/results-$1"
  mkdir -p "$dir" && chown 10001:10001 "$dir"
  printf '%s' "$dir"
}

run_fg() { # name args...: podman run in the foreground, bounded; exit code in $rc, output in $work/NAME.log
  local short=$1 name="$prefix-$1"; shift
  containers+=("$name")
  rc=0
  timeout 180 podman run --name "$name" --network host "$@" >"$work/$short.log" 2>&1 || rc=$?
}

start_bg() { # name args...: podman run detached
  local name="$prefix-$1"; shift
  containers+=("$name")
  timeout 60 podman run -d --name "$name" --network host "$@" >/dev/null
}

wait_exit() { # name: the container's exit code in $rc, waiting at most 90 s; its output in $work/NAME.log
  rc=$(timeout 90 podman wait "$prefix-$1") || fail "$1 did not end within 90 s"
  podman logs "$prefix-$1" >"$work/$1.log" 2>&1
}

metrics_url() { # name: the /metrics URL the run printed (the port is ephemeral), waiting up to 60 s for it
  local i url
  for i in $(seq 1 120); do
    url=$(podman logs "$prefix-$1" 2>/dev/null | sed -n 's|^metrics: \(http://[^ ]*/metrics\)$|\1|p' | head -1)
    [ -n "$url" ] && { printf '%s' "$url"; return 0; }
    sleep 0.5
  done
  podman logs "$prefix-$1" >&2 || true
  fail "$1 printed no metrics: line within 60 s"
}

scrape_until() { # url pattern: scrapes from the host until the text matches (up to 30 s), keeps it in $work/scrape
  local i
  for i in $(seq 1 60); do
    if curl -sf --max-time 2 "$1" >"$work/scrape" 2>/dev/null && grep -Eq "$2" "$work/scrape"; then
      return 0
    fi
    sleep 0.5
  done
  fail "no series matching /$2/ at $1 within 30 s"
}

check_files() { # dir names...: non-empty, owned by uid 10001, readable by others (the pipeline's user)
  local dir=$1 f; shift
  for f in "$@"; do
    [ -s "$dir/$f" ] || fail "no $f in the mounted output directory"
    [ "$(stat -c %u "$dir/$f")" = 10001 ] || fail "$f is owned by uid $(stat -c %u "$dir/$f"), not 10001"
    [ -n "$(find "$dir/$f" -perm -o+r)" ] || fail "$f is not readable by others ($(stat -c %A "$dir/$f"))"
  done
}

log "checks"
checks_at=$SECONDS
[ "$(timeout 60 podman run --rm --network host --entrypoint id "$image" -u)" = 10001 ] \
  || fail "the image does not run as uid 10001"
version=$(timeout 60 podman run --rm --network host "$image" --version)
version=${version%%$'\n'*}
case "$version" in fleetstorm\ *) ;; *) fail "--version printed: $version" ;; esac
timeout 60 podman run --rm --network host "$image" validate /scenarios/quickstart.yaml >"$work/validate.log" 2>&1 \
  || { cat "$work/validate.log" >&2; fail "the bundled quickstart scenario does not validate in the image"; }
ok "(image): runs as uid 10001, $version, bundled scenarios validate"

# (a) + (e) + (f): a passing run, options from the environment, /metrics scraped from the host during the run
res=$(results_dir pass)
run_id="container-pass-$$"
start_bg pass "${hardened[@]}" -v "$work/scenarios:/scenarios:ro" -v "$res:/results" \
  -e FLEETSTORM_METRICS_HOST=127.0.0.1 -e FLEETSTORM_METRICS_PORT=0 -e FLEETSTORM_RUN_ID="$run_id" \
  "$image" run /scenarios/smoke.yaml
url=$(metrics_url pass)
case "$url" in http://127.0.0.1:*) ;; *) fail "FLEETSTORM_METRICS_HOST was not applied: $url" ;; esac
scrape_until "$url" "^fleetstorm_devices_connected\{[^}]*run=\"$run_id\"[^}]*\} [1-9]"
ok "(e): scraped $url from the host during the run: $(grep -c '^fleetstorm_' "$work/scrape") fleetstorm_ samples"
wait_exit pass
[ "$rc" = 0 ] || { cat "$work/pass.log" >&2; fail "the passing run exited $rc"; }
check_files "$res" summary.json junit.xml report.html latency.hlog summary.txt
grep -Eq '"exitCode" *: *0' "$res/summary.json" || fail "summary.json does not say exit code 0"
grep -q "\"$run_id\"" "$res/summary.json" || fail "FLEETSTORM_RUN_ID is not the run id in summary.json"
ok "(a, f): exit 0, summary.json junit.xml report.html latency.hlog summary.txt owned by 10001 and readable"

# (b) an invalid scenario: exit 2 and file:line
run_fg invalid -v "$work/scenarios:/scenarios:ro" "$image" run /scenarios/invalid.yaml
[ "$rc" = 2 ] || { cat "$work/invalid.log" >&2; fail "the invalid scenario exited $rc, not 2"; }
grep -Eq '^ */scenarios/invalid.yaml:3: groups\[0\]\.count ' "$work/invalid.log" \
  || { cat "$work/invalid.log" >&2; fail "no /scenarios/invalid.yaml:3: error about count"; }
ok "(b): exit 2, $(grep -m1 -o '/scenarios/invalid.yaml:3:.*' "$work/invalid.log")"

# (c) + (f): an impossible threshold set with --set, the run capped by FLEETSTORM_DURATION: exit 3, junit failure
res=$(results_dir breach)
run_fg breach "${hardened[@]}" -v "$work/scenarios:/scenarios:ro" -v "$res:/results" \
  -e FLEETSTORM_METRICS_PORT=-1 -e FLEETSTORM_DURATION=4s \
  "$image" run /scenarios/smoke.yaml --set 'thresholds[0]=connect.count > 1000000'
[ "$rc" = 3 ] || { cat "$work/breach.log" >&2; fail "the breached run exited $rc, not 3"; }
grep -q '^fleetstorm run: container-smoke, 50 device(s) in 1 group(s), 4 s,' "$work/breach.log" \
  || { head -5 "$work/breach.log" >&2; fail "FLEETSTORM_DURATION=4s did not cap the run"; }
grep -q 'metrics: http' "$work/breach.log" && fail "FLEETSTORM_METRICS_PORT=-1 did not turn /metrics off"
check_files "$res" summary.json junit.xml
grep -q '<failure' "$res/junit.xml" || fail "junit.xml has no <failure> for the breached threshold"
grep -q 'connect.count' "$res/junit.xml" || fail "junit.xml does not name the breached threshold"
ok "(c, f): exit 3, junit.xml has the failure; FLEETSTORM_DURATION and FLEETSTORM_METRICS_PORT=-1 applied"

# (d) SIGTERM mid-run: the entrypoint (PID 1) forwards it to the JVM; exit 4, results still written
res=$(results_dir term)
start_bg term "${hardened[@]}" -v "$work/scenarios:/scenarios:ro" -v "$res:/results" \
  -e FLEETSTORM_METRICS_HOST=127.0.0.1 -e FLEETSTORM_METRICS_PORT=0 "$image" run /scenarios/long.yaml
url=$(metrics_url term)
scrape_until "$url" '^fleetstorm_devices_connected\{[^}]*\} [1-9]'
# the entrypoint stays PID 1 (it turns a JVM crash into exit 5) and forwards the signal to its child, the JVM
jvm=$(timeout 30 podman exec "$prefix-term" sh -c 'for p in /proc/[0-9]*; do
  [ "$(cat "$p/comm" 2>/dev/null)" = java ] && [ "$(cut -d" " -f4 "$p/stat")" = 1 ] && echo "${p#/proc/}"; done
  true') || true
[ -n "$jvm" ] || fail "no java process whose parent is PID 1 (the entrypoint): signals would not reach the JVM"
cmdline=$(timeout 30 podman exec "$prefix-term" sh -c "tr '\\0' ' ' < /proc/$jvm/cmdline") || true
case "$cmdline" in *-XX:SharedArchiveFile=/opt/fleetstorm/fleetstorm.jsa*) ;;
  *) fail "the JVM runs without the image's class-data archive: $cmdline" ;; esac
term_at=$SECONDS
timeout 30 podman kill --signal TERM "$prefix-term" >/dev/null
wait_exit term
[ "$rc" = 4 ] || { tail -20 "$work/term.log" >&2; fail "the run stopped by SIGTERM exited $rc, not 4"; }
grep -q 'SIGTERM received' "$work/term.log" || fail "the run did not say it received SIGTERM"
check_files "$res" summary.json junit.xml summary.txt
grep -Eq '"exitCode" *: *4' "$res/summary.json" || fail "summary.json after SIGTERM does not say exit code 4"
ok "(d): the entrypoint forwarded SIGTERM to java (with the class-data archive); it ended the run in $(( SECONDS - term_at )) s with exit 4 and summary.json written"

log "all checks passed in $(( SECONDS - checks_at )) s: $image ($size, built in $build_s s)"
echo "container: $passed passed, 0 failed"

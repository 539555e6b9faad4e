#!/usr/bin/env bash
# Builds the fleetstorm image from the unchanged Dockerfile with podman (no Docker engine, no Docker Hub here) and runs
# it for real: a short scenario against the embedded hub, checking the exit code and the files it writes.
#
# The Dockerfile's base images are made locally: a minimal Debian (debootstrap) with a JRE, and one with a JDK and
# Maven, tagged with the names the Dockerfile uses. The rootfs is cached in $FLEETSTORM_IMAGE_CACHE (default
# /var/cache/fleetstorm) and the images stay in podman's storage, so later runs skip that part.
# Containers use --network host only: the default bridge is a private range that must not be targeted here.
set -euo pipefail
cd "$(dirname "$0")/../.."
cache="${FLEETSTORM_IMAGE_CACHE:-/var/cache/fleetstorm}"
image="${FLEETSTORM_IMAGE:-localhost/fleetstorm:dev}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

log() { printf 'container: %s\n' "$*" >&2; }

need=()
for tool in podman buildah debootstrap runc; do command -v "$tool" >/dev/null || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
  log "installing podman, buildah, debootstrap, runc"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends podman buildah skopeo debootstrap \
    runc fuse-overlayfs slirp4netns uidmap containernetworking-plugins golang-github-containers-common >/dev/null
fi

# This machine cannot raise limits (nofile is capped at 20000) and crun cannot run in its cgroup mode.
cat > "$work/containers.conf" <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
CONF
export CONTAINERS_CONF="$work/containers.conf"

base=localhost/fleetstorm-base:bookworm
if ! podman image exists "$base"; then
  mkdir -p "$cache"
  if [ ! -s "$cache/bookworm-minbase.tar" ]; then
    log "debootstrap a minimal Debian bookworm (about 90 s, once)"
    debootstrap --variant=minbase bookworm "$work/rootfs" http://deb.debian.org/debian >"$work/debootstrap.log" 2>&1 \
      || { tail -20 "$work/debootstrap.log" >&2; exit 1; }
    tar -C "$work/rootfs" -cf "$cache/bookworm-minbase.tar" .
  fi
  podman import --change 'CMD ["/bin/bash"]' "$cache/bookworm-minbase.tar" "$base" >/dev/null
fi

make_base() { # name packages...
  local name=$1; shift
  if ! podman image exists "$name"; then
    log "building $name"
    printf 'FROM %s\nRUN apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends %s >/dev/null && rm -rf /var/lib/apt/lists/*\n' \
      "$base" "$*" > "$work/Dockerfile.base"
    podman build --network host --pull=never -q -f "$work/Dockerfile.base" -t "$name" "$work" >/dev/null
  fi
}
make_base localhost/fleetstorm-jre:17 openjdk-17-jre-headless ca-certificates passwd
make_base localhost/fleetstorm-maven:17 openjdk-17-jdk-headless maven ca-certificates
# the names the Dockerfile's defaults use, so it builds unchanged
podman tag localhost/fleetstorm-jre:17 docker.io/library/eclipse-temurin:17-jre
podman tag localhost/fleetstorm-maven:17 docker.io/library/maven:3.9-eclipse-temurin-17

log "building $image"
start=$(date +%s)
m2=()
[ -d "$HOME/.m2/repository" ] && m2=(-v "$HOME/.m2:/root/.m2")
podman build --network host --pull=never "${m2[@]}" -q -t "$image" . >/dev/null
log "built in $(( $(date +%s) - start )) s; size $(podman image inspect "$image" --format '{{.Size}}' | awk '{printf "%.0f MB", $1/1e6}')"

log "checks"
[ "$(podman run --rm --network host --entrypoint id "$image" -u)" = "10001" ] || { log "image does not run as non-root"; exit 1; }
version=$(podman run --rm --network host "$image" --version)
case "$version" in fleetstorm\ *) ;; *) log "--version printed: $version"; exit 1 ;; esac

podman run --rm --network host -v "$PWD/scenarios:/scenarios:ro" "$image" validate /scenarios/quickstart.yaml \
  >/dev/null || { log "validate in the container failed"; exit 1; }

# a short real run against the embedded hub, results to a mounted directory, exit code passed through
results="$work/results"
mkdir -p "$results" "$work/scenarios" && chmod 777 "$results"
cat > "$work/scenarios/smoke.yaml" <<'YAML'
name: container-smoke
groups:
  - {name: sensors, productId: CONTAINER1, count: 50, credentials: {productSecret: s}}
phases:
  - {name: connect, duration: 3s, sensors: {connect: {rate: 50/s}}}
  - {name: steady, duration: 4s, sensors: {telemetry: {rate: 1/s per device, qos: 1}}}
thresholds: ["errors.rate < 1%"]
YAML
set +e
podman run --rm --network host -v "$work/scenarios:/scenarios:ro" -v "$results:/results" \
  "$image" run /scenarios/smoke.yaml > "$work/run.log" 2>&1
code=$?
set -e
[ "$code" -eq 0 ] || { cat "$work/run.log" >&2; log "the run in the container exited $code"; exit 1; }
for f in summary.json junit.xml summary.txt; do
  [ -s "$results/$f" ] || { log "the run wrote no $f"; exit 1; }
done
grep -q '"exitCode" : 0' "$results/summary.json" || { log "summary.json does not say exit code 0"; exit 1; }
log "ok: image $image builds, runs as uid 10001, validates, runs a scenario and writes its results"

#!/usr/bin/env bash
# Builds fleetstorm's class-data-sharing archive (AppCDS, JDK 17 static archive) for one jar and the JVM that runs
# this script, and its stamp. Called at package time by Maven (pom.xml) and in the container image (Dockerfile), so
# each archive is made by the JVM that will use it. bench/README.md (start-up) has the measurements behind it.
#   deploy/cds/build-archive.sh JAR ARCHIVE
# 1. A training run (deploy/cds/training.yaml, against the embedded hub on ephemeral loopback ports) lists every class
#    a typical run loads (-XX:DumpLoadedClassList).
# 2. -Xshare:dump parses, verifies and lays out those classes (the JDK's and fleetstorm's), with the method handles
#    they use, into ARCHIVE, which the JVM maps at start instead of reading the 40 MB jar.
# 3. ARCHIVE.stamp records the jar's and the JVM's size and time: the launchers pass -XX:SharedArchiveFile only when
#    both still match, because a JVM handed an archive made for another jar or JVM drops it silently and with it the
#    JDK's own archive (a slower start than no option at all).
# A failed training run fails the build: it means `fleetstorm run` itself is broken.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 JAR ARCHIVE" >&2; exit 2; }
jar="$(readlink -f "$1")"
archive="$2"
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)"
java_bin="$(readlink -f "$(command -v java)")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# The launchers' collector: an archive is usable under any collector, but its heap part only under the one it was
# made with.
opts=(-XX:+UseSerialGC -Xshare:auto)

rc=0
(cd "$work" && timeout 300 "$java_bin" "${opts[@]}" -XX:DumpLoadedClassList="$work/classes.lst" -jar "$jar" \
  run "$here/training.yaml" --metrics-host 127.0.0.1 --metrics-port 0 --output "$work/out" \
  >"$work/training.log" 2>&1) || rc=$?
if [ "$rc" -ne 0 ] && [ "$rc" -ne 3 ]; then # 3: a threshold of the training run; its classes are listed all the same
  tail -30 "$work/training.log" >&2
  echo "build-archive: the training run failed (exit $rc): see above" >&2
  exit 1
fi
if ! timeout 300 "$java_bin" "${opts[@]}" -Xshare:dump -XX:SharedClassListFile="$work/classes.lst" \
    -XX:SharedArchiveFile="$work/archive.jsa" -cp "$jar" >"$work/dump.log" 2>&1; then
  tail -30 "$work/dump.log" >&2
  echo "build-archive: -Xshare:dump failed: see above" >&2
  exit 1
fi
mv -f "$work/archive.jsa" "$archive"
# The same line the launchers compute (fleetstorm, deploy/container/fleetstorm): the jar, then the JVM's library.
libjvm="${java_bin%/bin/java}/lib/server/libjvm.so"
stat -L -c '%n %s %Y' "$jar" "$libjvm" | tr '\n' ' ' >"$archive.stamp"
echo "build-archive: $archive ($(du -m "$archive" | cut -f1) MB, $(grep -cv '^@' "$work/classes.lst") classes) for $jar"

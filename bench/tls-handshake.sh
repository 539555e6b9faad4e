#!/usr/bin/env bash
# CPU per TLS handshake on the hub's TLS port: TLS-PSK (BouncyCastle) against certificate TLS and mutual TLS (JDK),
# client and server side apart, in one thread without sockets. Usage: bench/tls-handshake.sh [HANDSHAKES]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath >/dev/null
exec java -Xms256m -Xmx256m -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" \
  io.fleetstorm.bench.TlsHandshakeBench "${1:-2000}"

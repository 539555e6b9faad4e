# fleetstorm as a pipeline job: a Maven build stage, then a JRE runtime stage that runs as a non-root user (10001).
#   docker build -t fleetstorm .
#   docker run --rm --network host -v "$PWD/scenarios:/scenarios:ro" -v "$PWD/results:/results" fleetstorm \
#     run /scenarios/quickstart.yaml
# The exit code is fleetstorm's (0 passed, 2 invalid input, 3 thresholds breached, 4 aborted or unreachable, 5 the
# JVM crashed): the entrypoint forwards `docker stop`'s SIGTERM to the JVM, which ends the run with its results written.
# /results must be writable by uid 10001 (chown it, or run with --user "$(id -u)").
# Base images are build arguments, so a registry mirror or a locally made image can stand in for Docker Hub
# (deploy/container/build-and-run.sh does that with podman where Docker Hub cannot be reached).
ARG BUILD_IMAGE=maven:3.9-eclipse-temurin-17
ARG RUNTIME_IMAGE=eclipse-temurin:17-jre

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY pom.xml ./
# dependencies first: this layer is reused until the pom changes
RUN mvn -B -q -DskipTests dependency:go-offline || true
# main sources only, tests neither compiled nor copied: a change to the tests reuses this layer
COPY src/main ./src/main
# no class-data archive here: the runtime stage makes one for its own JVM
RUN mvn -B -q -Dmaven.test.skip=true -Dcds.skip=true package && cp target/fleetstorm.jar /fleetstorm.jar

FROM ${RUNTIME_IMAGE}
RUN (getent group fleetstorm || groupadd --system --gid 10001 fleetstorm) \
 && (id fleetstorm || useradd --system --uid 10001 --gid 10001 --home-dir /results --shell /usr/sbin/nologin fleetstorm) \
 && mkdir -p /opt/fleetstorm /scenarios /results && chown fleetstorm:fleetstorm /results
COPY --from=build /fleetstorm.jar /opt/fleetstorm/fleetstorm.jar
# The class-data-sharing archive, made by this image's JVM from a training run against the embedded hub (loopback,
# ephemeral ports; about 10 s): the entrypoint maps it and a run starts in half the time (bench/README.md, start-up).
COPY deploy/cds/ /opt/fleetstorm/cds/
RUN bash /opt/fleetstorm/cds/build-archive.sh /opt/fleetstorm/fleetstorm.jar /opt/fleetstorm/fleetstorm.jsa
COPY deploy/container/fleetstorm /usr/local/bin/fleetstorm
COPY scenarios/ /scenarios/
# the scenario schema beside them: each scenario's '# yaml-language-server: $schema=../schema/...' resolves to it
COPY schema/ /schema/
# Every option can also be set through the environment (FLEETSTORM_<OPTION>, e.g. FLEETSTORM_METRICS_PORT);
# results go to the mounted /results unless told otherwise.
ENV FLEETSTORM_OUTPUT=/results
# /metrics binds 127.0.0.1 by default (a laptop's run is not exposed); in a container it must be reachable from the
# host or the Prometheus pod, so the image opts into every interface (override with FLEETSTORM_METRICS_HOST)
ENV FLEETSTORM_METRICS_HOST=0.0.0.0
VOLUME ["/results"]
# 9464: Prometheus /metrics of a run; 1883/8883/8880: the embedded hub when run as `fleetstorm hub`
EXPOSE 9464 1883 8883 8880
USER fleetstorm
WORKDIR /results
ENTRYPOINT ["/usr/local/bin/fleetstorm"]
CMD ["run", "/scenarios/quickstart.yaml"]

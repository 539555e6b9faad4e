package io.fleetstorm.scenario;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A validated scenario: immutable, every value checked, ready for the engine.
 *
 * @param name        scenario name (metrics label)
 * @param file        where it was read from
 * @param target      the hub to load
 * @param groups      device groups
 * @param phases      the timeline, back to back
 * @param thresholds  thresholds (their expressions are parsed and evaluated by the report)
 * @param outputDir   where results are written
 * @param metricsPort Prometheus endpoint port (0 = ephemeral, -1 = off)
 * @param acceptSaturation when true, a generator that fell behind does not make the run invalid (the verdict still
 *                    says so)
 */
public record Scenario(String name, Path file, Target target, List<Group> groups, List<Phase> phases,
        List<Threshold> thresholds, Path outputDir, int metricsPort, boolean acceptSaturation) {

    public Duration totalDuration() {
        return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /**
     * A threshold as written: {@code publish-ack.p99 < 200ms}, optionally for one phase and aborting the run at its
     * first breach.
     *
     * @param expression  the expression (its grammar is the report's; checked before the run starts)
     * @param phase       the phase it applies to, or null for the whole run
     * @param abortOnFail stop the run as soon as it fails while running
     * @param where       {@code file:line: thresholds[i]}, for error messages
     */
    public record Threshold(String expression, String phase, boolean abortOnFail, String where) {
    }

    /** The hub: embedded (no target in the file) or external. */
    public record Target(boolean embedded, String host, int port, boolean tls, Path caFile, boolean insecure,
            String apiUrl, List<String> sourceAddresses) {
    }

    /**
     * A device group.
     *
     * @param credentials productSecret (derived PSKs), csv (deviceName,devicePsk file) or certDir (PEM per device)
     */
    public record Group(String name, String productId, int count, String namePattern, int indexOffset,
            boolean certificate, String signMethod, Map<String, String> credentials, String sdk, int keepAlive,
            boolean cleanSession) {

        /** The name of device i in [0, count): the pattern's {index} or {index:05} with the offset applied. */
        public String deviceName(int i) {
            return NamePattern.format(namePattern, i + indexOffset);
        }
    }

    /** A phase: its length and what each group does. */
    public record Phase(String name, Duration duration, Map<String, List<Behaviour>> behaviours) {
    }
}

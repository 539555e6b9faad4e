package io.fleetstorm.scenario;

import io.fleetstorm.hub.HubFaults;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.scenario.behaviour.Behaviour;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A validated scenario: immutable, every value checked and every file it names loaded, ready for the engine. Flags
 * and shards change it through withers, never by rebuilding it field by field.
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
 * @param agents      the generator processes the scenario is meant for (1 = one process; see {@code run --agents})
 * @param hubFaults   what the embedded hub injects (its {@code hub:} section; {@link HubFaults#NONE} without one)
 * @param regressions the rules {@code fleetstorm compare --scenario} judges two runs of it by (their grammar is the
 *                    comparison's, checked by {@code validate})
 */
public record Scenario(String name, Path file, Target target, List<Group> groups, List<Phase> phases,
        List<Threshold> thresholds, Path outputDir, int metricsPort, boolean acceptSaturation, int agents,
        HubFaults hubFaults, List<Regression> regressions) {

    public Duration totalDuration() {
        return phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
    }

    /** Devices over every group (gateways and sub-devices included). */
    public int devices() {
        return groups.stream().mapToInt(Group::count).sum();
    }

    /** Devices with a connection of their own: every group but the sub-devices behind gateways. */
    public int sockets() {
        return groups.stream().filter(g -> g.gateway() == null).mapToInt(Group::count).sum();
    }

    /** Logical devices: sub-devices and the devices that are not gateways (a gateway is counted as a socket). */
    public int logicalDevices() {
        return groups.stream().filter(g -> !isGateway(g)).mapToInt(Group::count).sum();
    }

    /** Whether some group's sub-devices are behind this group's devices. */
    public boolean isGateway(Group g) {
        return groups.stream().anyMatch(sub -> g.name().equals(sub.gateway()));
    }

    /** Whether any group is a gateway group (the run's logical devices and sockets then differ). */
    public boolean hasGateways() {
        return groups.stream().anyMatch(g -> g.gateway() != null);
    }

    /** The group of the gateways that carry {@code sub}'s devices, or null for a group with connections. */
    public Group gatewayOf(Group sub) {
        return sub.gateway() == null ? null
                : groups.stream().filter(g -> g.name().equals(sub.gateway())).findFirst().orElse(null);
    }

    /** The same scenario against another target. */
    public Scenario withTarget(Target t) {
        return new Scenario(name, file, t, groups, phases, thresholds, outputDir, metricsPort, acceptSaturation,
                agents, hubFaults, regressions);
    }

    /** The same scenario against an external hub at {@code host:port}, keeping TLS, CA and API settings. */
    public Scenario withTargetAddress(String host, int port) {
        Target t = target;
        return withTarget(new Target(false, host, port, t.tls(), t.caFile(), t.insecure(), t.apiUrl(),
                t.sourceAddresses(), t.apiCredentials()));
    }

    /** The same scenario with another application API URL. */
    public Scenario withApiUrl(String apiUrl) {
        Target t = target;
        return withTarget(new Target(t.embedded(), t.host(), t.port(), t.tls(), t.caFile(), t.insecure(), apiUrl,
                t.sourceAddresses(), t.apiCredentials()));
    }

    /** The timeline cut after {@code cap}: later phases dropped, the one running at {@code cap} shortened. */
    public Scenario cappedAt(Duration cap) {
        if (cap.isZero() || cap.isNegative()) {
            throw new IllegalArgumentException("a run must last > 0, but was " + Units.format(cap));
        }
        List<Phase> out = new ArrayList<>();
        Duration left = cap;
        for (Phase p : phases) {
            if (left.isZero()) {
                break;
            }
            Duration d = p.duration().compareTo(left) <= 0 ? p.duration() : left;
            out.add(new Phase(p.name(), d, p.behaviours()));
            left = left.minus(d);
        }
        return new Scenario(name, file, target, groups, List.copyOf(out), thresholds, outputDir, metricsPort,
                acceptSaturation, agents, hubFaults, regressions);
    }

    /**
     * The slice of the fleet one shard runs: each group keeps {@code slicing}'s range of device indexes, and every
     * whole-group rate is scaled by the range's share of the group, so the shards together keep the fleet's rates.
     */
    public Scenario sliced(Slicing slicing) {
        List<Group> sliced = new ArrayList<>();
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Group g : groups) {
            Group gw = gatewayOf(g);
            if (gw != null) { // the sub-devices of the shard's gateways, so each stays behind its own gateway
                int per = g.count() / gw.count();
                int size = slicing.size(gw.count()) * per;
                shares.put(g.name(), (double) size / g.count());
                sliced.add(g.sliced(slicing.start(gw.count()) * per, size));
                continue;
            }
            int size = slicing.size(g.count());
            shares.put(g.name(), (double) size / g.count());
            sliced.add(g.sliced(slicing.start(g.count()), size));
        }
        List<Phase> out = new ArrayList<>();
        for (Phase p : phases) {
            Map<String, List<Behaviour>> behaviours = new LinkedHashMap<>();
            p.behaviours().forEach((group, list) -> behaviours.put(group,
                    list.stream().map(b -> b.scaled(shares.get(group))).toList()));
            out.add(new Phase(p.name(), p.duration(), behaviours));
        }
        return new Scenario(name, file, target, List.copyOf(sliced), List.copyOf(out), thresholds, outputDir,
                metricsPort, acceptSaturation, agents, hubFaults, regressions);
    }

    /** How a shard cuts a group of {@code groupCount} devices: the first index it keeps and how many. */
    public interface Slicing {
        int start(int groupCount);

        int size(int groupCount);
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

    /**
     * A regression rule as written ({@code publish-ack.p99 +10%}), for {@code fleetstorm compare}.
     *
     * @param where {@code file:line: regressions[i]}, for error messages
     */
    public record Regression(String expression, String where) {
    }

    /**
     * The hub: embedded (no target in the file) or external.
     *
     * @param host           a host name or address; {@value #PRODUCT_ID} in it stands for each group's product id,
     *                       as the cloud's per-product hosts {@code {productId}.iotcloud.tencentdevices.com}
     * @param apiCredentials the API key pair's credentials file (the SDKs' or the CLI's format), or null for the
     *                       environment's
     */
    public record Target(boolean embedded, String host, int port, boolean tls, Path caFile, boolean insecure,
            String apiUrl, List<String> sourceAddresses, Path apiCredentials) {

        /** The placeholder of a per-product host name. */
        public static final String PRODUCT_ID = "{productId}";

        /** A target without a credentials file: the API signs with the environment's pair. */
        public Target(boolean embedded, String host, int port, boolean tls, Path caFile, boolean insecure,
                String apiUrl, List<String> sourceAddresses) {
            this(embedded, host, port, tls, caFile, insecure, apiUrl, sourceAddresses, null);
        }

        /** The host the devices of a product connect to. */
        public String hostFor(String productId) {
            return host.replace(PRODUCT_ID, productId);
        }

        /** Whether the host differs per product. */
        public boolean perProduct() {
            return host.contains(PRODUCT_ID);
        }
    }

    /**
     * A device group.
     *
     * @param signMethod  the HMAC key devices sign with (null for certificate devices)
     * @param credentials the PSKs or certificates, loaded and checked
     * @param sdk         the SDK whose habits the devices copy
     * @param timeouts    how long devices wait for each kind of answer
     * @param gateway     the group whose gateways carry these devices as sub-devices (each gateway
     *                    {@code count / gateways} of them, device i behind gateway i / that), or null: devices with a
     *                    connection of their own
     */
    public record Group(String name, String productId, int count, String namePattern, int indexOffset,
            SignMethod signMethod, Credentials credentials, Sdk sdk, int keepAlive, boolean cleanSession,
            Timeouts timeouts, String gateway) {

        /** A group of devices with a connection of their own. */
        public Group(String name, String productId, int count, String namePattern, int indexOffset,
                SignMethod signMethod, Credentials credentials, Sdk sdk, int keepAlive, boolean cleanSession,
                Timeouts timeouts) {
            this(name, productId, count, namePattern, indexOffset, signMethod, credentials, sdk, keepAlive,
                    cleanSession, timeouts, null);
        }

        /** The name of device i in [0, count): the pattern's {index} or {index:05} with the offset applied. */
        public String deviceName(int i) {
            return NamePattern.format(namePattern, i + indexOffset);
        }

        /** Whether the devices authenticate with certificates (mutual TLS). */
        public boolean certificate() {
            return credentials.certificate();
        }

        /** Devices [start, start + size) of this group as a group of its own. */
        public Group sliced(int start, int size) {
            return new Group(name, productId, size, namePattern, indexOffset + start, signMethod, credentials, sdk,
                    keepAlive, cleanSession, timeouts, gateway);
        }
    }

    /** A phase: its length and what each group does. */
    public record Phase(String name, Duration duration, Map<String, List<Behaviour>> behaviours) {

        /** Keeps the groups' order, read-only. */
        public Phase {
            behaviours = Collections.unmodifiableMap(new LinkedHashMap<>(behaviours));
        }

        /** What {@code group} does in this phase (empty: it stays as it is). */
        public List<Behaviour> of(String group) {
            return behaviours.getOrDefault(group, List.of());
        }
    }
}

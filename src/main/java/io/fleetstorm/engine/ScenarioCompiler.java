package io.fleetstorm.engine;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.device.OtaBehaviour;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.scenario.Behaviour;
import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.tls.CertifiedKey;
import io.fleetstorm.tls.PemException;
import io.fleetstorm.tls.PemFiles;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/** Turns a validated {@link Scenario} into the engine's {@link LoadPlan}: SDK profiles, credentials, schedules. */
public final class ScenarioCompiler {

    /**
     * Connections from one source address to one loopback port before fleetstorm spreads over more 127.0.0.x
     * addresses. Why: Linux picks a connect()'s ephemeral port trying even ports first, about 14,000 of the default
     * 32768-60999 range; past them every connect scans the used ones (measured: +0.1 ms CPU per connect at 15,000
     * devices, growing with the fleet). A second source address gives the search a fresh set of free 4-tuples.
     */
    public static final int CONNECTIONS_PER_LOOPBACK_SOURCE = 10_000;

    /** Time in-flight operations may finish after the last phase. */
    public static final long DRAIN_NANOS = 5_000_000_000L;

    private ScenarioCompiler() {
    }

    /**
     * @param target the hub's MQTT address (the embedded hub's actual port when embedded)
     * @param tls    TLS towards it, or null
     * @param apiUrl the hub's API, or null
     */
    public static LoadPlan compile(Scenario scenario, InetSocketAddress target, LoadPlan.TargetTls tls, URI apiUrl)
            throws IOException, PemException {
        List<GroupPlan> groups = new ArrayList<>();
        for (int g = 0; g < scenario.groups().size(); g++) {
            groups.add(group(scenario, g));
        }
        List<PhasePlan> phases = new ArrayList<>();
        long start = 0;
        for (Scenario.Phase phase : scenario.phases()) {
            long nanos = phase.duration().toNanos();
            List<Activity> activities = new ArrayList<>();
            for (Map.Entry<String, List<Behaviour>> e : phase.behaviours().entrySet()) {
                int g = indexOf(scenario, e.getKey());
                Scenario.Group group = scenario.groups().get(g);
                for (Behaviour b : e.getValue()) {
                    activities.addAll(activities(b, g, group, nanos, phases.size()));
                }
            }
            phases.add(new PhasePlan(phase.name(), start, nanos, List.copyOf(activities)));
            start += nanos;
        }
        List<InetSocketAddress> locals = sourceAddresses(scenario, target);
        return new LoadPlan(scenario.name(), List.copyOf(groups), List.copyOf(phases), target, locals, DRAIN_NANOS,
                tls, apiUrl);
    }

    /**
     * The scenario's source addresses; for a loopback target without any, enough 127.0.0.x addresses that none
     * carries more than {@link #CONNECTIONS_PER_LOOPBACK_SOURCE} devices.
     */
    static List<InetSocketAddress> sourceAddresses(Scenario scenario, InetSocketAddress target) {
        if (!scenario.target().sourceAddresses().isEmpty()) {
            return scenario.target().sourceAddresses().stream().map(a -> new InetSocketAddress(a, 0)).toList();
        }
        int devices = scenario.groups().stream().mapToInt(Scenario.Group::count).sum();
        if (!(target.getAddress() instanceof Inet4Address a) || !a.isLoopbackAddress()
                || devices <= CONNECTIONS_PER_LOOPBACK_SOURCE) {
            return List.of();
        }
        int n = Math.min(254, (devices + CONNECTIONS_PER_LOOPBACK_SOURCE - 1) / CONNECTIONS_PER_LOOPBACK_SOURCE);
        List<InetSocketAddress> out = new ArrayList<>(n);
        for (int i = 1; i <= n; i++) {
            out.add(new InetSocketAddress("127.0.0." + i, 0));
        }
        return List.copyOf(out);
    }

    private static List<Activity> activities(Behaviour b, int g, Scenario.Group group, long phaseNanos, int phase) {
        int count = group.count();
        long seed = 31L * phase + g;
        if (b instanceof Behaviour.Connect c) {
            return List.of(new Activity.ConnectRamp(g, times(c.rate(), count, phaseNanos, seed)));
        }
        if (b instanceof Behaviour.Telemetry t) {
            String suffix = t.topic().startsWith("custom:") ? t.topic().substring(7) : t.topic();
            return List.of(new Activity.Publish(g, "telemetry", suffix, t.qos(), payload(t.payload()),
                    times(t.rate(), count, phaseNanos, seed)));
        }
        if (b instanceof Behaviour.Echo e) {
            return List.of(new Activity.Publish(g, "echo", "data", e.qos(), payload(e.payload()),
                    times(e.rate(), count, phaseNanos, seed + 1)));
        }
        if (b instanceof Behaviour.Downlink d) {
            return List.of(new Activity.Downlink(g, d.qos(), payload(d.payload()),
                    times(d.rate(), count, phaseNanos, seed + 2)));
        }
        if (b instanceof Behaviour.Shadow s) {
            List<Activity> out = new ArrayList<>();
            if (s.report() != null) {
                out.add(new Activity.ShadowReport(g, times(s.report(), count, phaseNanos, seed + 3)));
            }
            if (s.get() != null) {
                out.add(new Activity.ShadowGet(g, times(s.get(), count, phaseNanos, seed + 4)));
            }
            if (s.desired() != null) {
                out.add(new Activity.ShadowDesired(g, times(s.desired(), count, phaseNanos, seed + 5)));
            }
            return out;
        }
        if (b instanceof Behaviour.Ota o) {
            long progressMs = "java-sdk".equals(group.sdk()) ? 100 : 1_000;
            return List.of(new Activity.OtaWave(g, o.fraction(), o.version(), o.sizeBytes(), o.createTask(),
                    new OtaBehaviour("1.0.0", o.downloadBytesPerSecond(), progressMs, o.burn().toMillis(),
                            o.failRatio())));
        }
        if (b instanceof Behaviour.Reconnect r) {
            return List.of(new Activity.ReconnectStorm(g, r.fraction(), r.abrupt(), r.recoveryShare(),
                    r.rate() == null ? null : times(r.rate(), count, phaseNanos, seed + 6)));
        }
        return List.of(); // idle: devices only keep alive
    }

    static IntendedTimes times(Rate rate, int devices, long phaseNanos, long seed) {
        if (rate.poisson() && rate.from() == rate.to()) {
            return new PoissonTimes(rate.totalFrom(devices), seed);
        }
        return n -> rate.offsetNanos(n, devices, phaseNanos);
    }

    private static PayloadSource payload(io.fleetstorm.scenario.Payload p) {
        return (device, seq, ms) -> p.render(device.deviceName(), seq, ms);
    }

    private static GroupPlan group(Scenario scenario, int g) throws IOException, PemException {
        Scenario.Group group = scenario.groups().get(g);
        DeviceProfile profile = profile(scenario, g);
        IntFunction<DeviceId> ids = i -> new DeviceId(group.productId(), group.deviceName(i));
        Map<String, String> creds = group.credentials();
        if (creds.containsKey("certDir")) {
            Path dir = Path.of(creds.get("certDir"));
            List<CertifiedKey> keys = new ArrayList<>(group.count());
            for (int i = 0; i < group.count(); i++) {
                String name = group.deviceName(i);
                keys.add(PemFiles.readCertifiedKey(dir.resolve(name + ".pem"), dir.resolve(name + ".key")));
            }
            return new GroupPlan(group.name(), profile, group.count(), ids, i -> null, keys::get);
        }
        if (creds.containsKey("csv")) {
            Map<String, byte[]> psks = readCsv(Path.of(creds.get("csv")));
            for (int i = 0; i < group.count(); i++) {
                if (!psks.containsKey(group.deviceName(i))) {
                    throw new IOException(creds.get("csv") + " has no PSK for device " + group.deviceName(i)
                            + " of group " + group.name());
                }
            }
            return GroupPlan.keyDevices(group.name(), profile, group.count(), ids,
                    i -> psks.get(group.deviceName(i)));
        }
        String secret = creds.get("productSecret");
        return GroupPlan.keyDevices(group.name(), profile, group.count(), ids,
                i -> Signer.decodePsk(DerivedPsk.derive(secret, group.productId(), group.deviceName(i))));
    }

    static Map<String, byte[]> readCsv(Path csv) throws IOException {
        Map<String, byte[]> out = new HashMap<>();
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || (i == 0 && line.toLowerCase().startsWith("devicename"))) {
                continue;
            }
            String[] cols = line.split(",", -1);
            try {
                out.put(cols[0].strip(), Signer.decodePsk(cols[1].strip()));
            } catch (RuntimeException e) {
                throw new IOException(csv + ":" + (i + 1) + ": expected deviceName,devicePsk with a base64 PSK");
            }
        }
        return out;
    }

    /** The wire habits of the group's SDK (protocol doc section 8). */
    static DeviceProfile profile(Scenario scenario, int g) {
        Scenario.Group group = scenario.groups().get(g);
        Set<DeviceProfile.Subscription> subs = EnumSet.noneOf(DeviceProfile.Subscription.class);
        for (Scenario.Phase phase : scenario.phases()) {
            for (Behaviour b : phase.behaviours().getOrDefault(group.name(), List.of())) {
                if (b instanceof Behaviour.Shadow) {
                    subs.add(DeviceProfile.Subscription.SHADOW_RESULT);
                } else if (b instanceof Behaviour.Ota) {
                    subs.add(DeviceProfile.Subscription.OTA_UPDATE);
                } else if (b instanceof Behaviour.Echo) {
                    subs.add(DeviceProfile.Subscription.DATA);
                } else if (b instanceof Behaviour.Downlink) {
                    subs.add(DeviceProfile.Subscription.CONTROL);
                }
            }
        }
        boolean java = "java-sdk".equals(group.sdk());
        SignMethod method = group.certificate() ? null : SignMethod.fromWireName(group.signMethod()).orElseThrow();
        return new DeviceProfile(g, group.productId(), method, java ? SdkAppId.JAVA_SDK : SdkAppId.C_SDK,
                java ? DeviceProfile.ExpiryStyle.INT_MAX : DeviceProfile.ExpiryStyle.C_SDK_NEVER, 3_600,
                group.keepAlive(), group.cleanSession(), List.copyOf(subs), !java, java,
                java ? DeviceProfile.ShadowVersion.ZERO : DeviceProfile.ShadowVersion.NONE, 5_000, 10,
                java ? new DeviceProfile.Backoff(1_000, 1_000, 120_000, 0)
                        : new DeviceProfile.Backoff(1_000, 2_000, 60_000, 60_000));
    }

    private static int indexOf(Scenario scenario, String group) {
        for (int i = 0; i < scenario.groups().size(); i++) {
            if (scenario.groups().get(i).name().equals(group)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no group " + group);
    }
}

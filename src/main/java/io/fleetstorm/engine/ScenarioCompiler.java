package io.fleetstorm.engine;

import io.fleetstorm.device.DeviceProfile;
import io.fleetstorm.device.OtaBehaviour;
import io.fleetstorm.device.Registration;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.scenario.Credentials;
import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.Sdk;
import io.fleetstorm.scenario.Subscription;
import io.fleetstorm.scenario.Timeouts;
import io.fleetstorm.scenario.behaviour.Behaviour;
import io.fleetstorm.scenario.behaviour.Bind;
import io.fleetstorm.scenario.behaviour.Config;
import io.fleetstorm.scenario.behaviour.Connect;
import io.fleetstorm.scenario.behaviour.Downlink;
import io.fleetstorm.scenario.behaviour.Echo;
import io.fleetstorm.scenario.behaviour.Idle;
import io.fleetstorm.scenario.behaviour.Offline;
import io.fleetstorm.scenario.behaviour.Online;
import io.fleetstorm.scenario.behaviour.Ota;
import io.fleetstorm.scenario.behaviour.Reconnect;
import io.fleetstorm.scenario.behaviour.Register;
import io.fleetstorm.scenario.behaviour.Resource;
import io.fleetstorm.scenario.behaviour.Shadow;
import io.fleetstorm.scenario.behaviour.Telemetry;
import java.net.Inet4Address;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Turns a validated {@link Scenario} into the engine's {@link LoadPlan}: SDK profiles, credentials, schedules. Each
 * behaviour becomes its activities through {@link Activities}, the engine's {@link Behaviour.Visitor}.
 */
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

    /** Lifetime of a {@code NOW_PLUS} UserName expiry. */
    static final long EXPIRY_SECONDS = 3_600;
    /** QoS 1 publishes awaiting PUBACK before further ones wait in the device (Paho: 10). */
    static final int MAX_IN_FLIGHT = 10;
    /** The version every device reports before an OTA wave. */
    static final String CURRENT_FIRMWARE = "1.0.0";
    /** Where the C SDK registers (China) when the scenario names no URL and the target has no API. */
    static final URI CLOUD_REGISTRATION = URI.create("https://ap-guangzhou.gateway.tencentdevices.com/device/register");
    /** The product file devices download in a resource phase. */
    static final String DOWNLOAD_FILE = "fleetstorm-download";

    private ScenarioCompiler() {
    }

    /**
     * @param target the hub's MQTT address (the embedded hub's actual port when embedded)
     * @param tls    TLS towards it, or null
     * @param apiUrl the hub's API, or null
     */
    public static LoadPlan compile(Scenario scenario, InetSocketAddress target, LoadPlan.TargetTls tls, URI apiUrl) {
        List<GroupPlan> groups = new ArrayList<>();
        for (int g = 0; g < scenario.groups().size(); g++) {
            groups.add(group(scenario, g));
        }
        List<PhasePlan> phases = new ArrayList<>();
        long start = 0;
        Map<Integer, RegisteredCsv> registered = new HashMap<>();
        for (Scenario.Phase phase : scenario.phases()) {
            long nanos = phase.duration().toNanos();
            List<Activity> activities = new ArrayList<>();
            for (int g = 0; g < scenario.groups().size(); g++) {
                Scenario.Group group = scenario.groups().get(g);
                Activities visitor = new Activities(g, group, nanos, 31L * phases.size() + g, apiUrl, registered);
                for (Behaviour b : phase.of(group.name())) {
                    activities.addAll(b.accept(visitor));
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
        int devices = scenario.sockets(); // sub-devices share their gateway's connection
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

    /** The engine's answer to every behaviour kind: the activities it runs in one phase for one group. */
    static final class Activities implements Behaviour.Visitor<List<Activity>> {
        private final int g;
        private final Scenario.Group group;
        private final long phaseNanos;
        private final long seed;
        private final URI apiUrl;
        /** The registered credentials of each group, shared by its register phases. */
        private final Map<Integer, RegisteredCsv> registered;

        Activities(int g, Scenario.Group group, long phaseNanos, long seed, URI apiUrl,
                Map<Integer, RegisteredCsv> registered) {
            this.g = g;
            this.group = group;
            this.phaseNanos = phaseNanos;
            this.seed = seed;
            this.apiUrl = apiUrl;
            this.registered = registered;
        }

        Activities(int g, Scenario.Group group, long phaseNanos, long seed) {
            this(g, group, phaseNanos, seed, null, new HashMap<>());
        }

        private IntendedTimes times(Rate rate, long offset) {
            return ScenarioCompiler.times(rate, group.count(), phaseNanos, seed + offset);
        }

        /** The rate's times, or null for all at the phase start. */
        private IntendedTimes onceEach(Rate rate, long offset) {
            return rate == null ? null : times(rate, offset);
        }

        @Override
        public List<Activity> connect(Connect b) {
            return List.of(new Activity.ConnectRamp(g, times(b.rate(), 0)));
        }

        @Override
        public List<Activity> idle(Idle b) {
            return List.of(); // devices only keep alive
        }

        @Override
        public List<Activity> telemetry(Telemetry b) {
            return List.of(new Activity.Publish(g, "telemetry", b.topic().suffix(), b.qos(), payload(b.payload()),
                    times(b.rate(), 0)));
        }

        @Override
        public List<Activity> echo(Echo b) {
            return List.of(new Activity.Publish(g, "echo", "data", b.qos(), payload(b.payload()),
                    times(b.rate(), 1)));
        }

        @Override
        public List<Activity> downlink(Downlink b) {
            return List.of(new Activity.Downlink(g, b.qos(), payload(b.payload()), times(b.rate(), 2)));
        }

        @Override
        public List<Activity> shadow(Shadow b) {
            List<Activity> out = new ArrayList<>(3);
            if (b.report() != null) {
                out.add(new Activity.ShadowReport(g, times(b.report(), 3)));
            }
            if (b.get() != null) {
                out.add(new Activity.ShadowGet(g, times(b.get(), 4)));
            }
            if (b.desired() != null) {
                out.add(new Activity.ShadowDesired(g, times(b.desired(), 5)));
            }
            return out;
        }

        @Override
        public List<Activity> ota(Ota b) {
            return List.of(new Activity.OtaWave(g, b.fraction(), b.version(), b.sizeBytes(), b.createTask(),
                    new OtaBehaviour(CURRENT_FIRMWARE, b.downloadBytesPerSecond(),
                            group.sdk().otaProgressIntervalMs(), b.burn().toMillis(), b.failRatio())));
        }

        @Override
        public List<Activity> reconnect(Reconnect b) {
            return List.of(new Activity.ReconnectStorm(g, b.fraction(), b.abrupt(), b.recoveryShare(),
                    b.rate() == null ? null : times(b.rate(), 6)));
        }

        @Override
        public List<Activity> bind(Bind b) {
            return List.of(new SdkActivities.SubDeviceRamp(g, SdkActivities.SubDeviceOp.BIND, onceEach(b.rate(), 7)));
        }

        @Override
        public List<Activity> online(Online b) {
            return List.of(new SdkActivities.SubDeviceRamp(g, SdkActivities.SubDeviceOp.ONLINE,
                    onceEach(b.rate(), 8)));
        }

        @Override
        public List<Activity> offline(Offline b) {
            return List.of(new SdkActivities.SubDeviceRamp(g, SdkActivities.SubDeviceOp.OFFLINE,
                    onceEach(b.rate(), 9)));
        }

        @Override
        public List<Activity> register(Register b) {
            Credentials.Registered creds = (Credentials.Registered) group.credentials(); // checked by the loader
            URI url = creds.url() != null ? creds.url()
                    : apiUrl != null ? URI.create(apiUrl.toString().replaceAll("/+$", "") + "/device/register")
                    : CLOUD_REGISTRATION;
            RegisteredCsv csv = registered.computeIfAbsent(g, k -> new RegisteredCsv(creds.csv()));
            return List.of(new SdkActivities.Register(g, new Registration.Target(url, creds.productSecret()), csv,
                    onceEach(b.rate(), 10)));
        }

        @Override
        public List<Activity> config(Config b) {
            List<Activity> out = new ArrayList<>(2);
            if (b.get() != null) {
                out.add(new SdkActivities.ConfigGet(g, group.productId(), times(b.get(), 11)));
            }
            if (b.push() != null) {
                // whole-product pushes: their rate is not spread over devices
                out.add(new SdkActivities.ConfigPush(g, group.productId(), times(b.push(), 12)));
            }
            return out;
        }

        @Override
        public List<Activity> resource(Resource b) {
            List<Activity> out = new ArrayList<>(2);
            if (b.upload() != null) {
                out.add(new SdkActivities.ResourceUpload(g, b.sizeBytes(), times(b.upload(), 13)));
            }
            if (b.download() != null) {
                out.add(new SdkActivities.ResourceDownload(g, group.productId(), DOWNLOAD_FILE, b.sizeBytes(),
                        times(b.download(), 14)));
            }
            return out;
        }
    }

    /** A rate's arrivals as the engine asks for them: shared when computed from n, one walk per stream if Poisson. */
    static IntendedTimes times(Rate rate, int devices, long phaseNanos, long seed) {
        if (rate.poisson()) {
            return new PoissonTimes(() -> rate.arrivals(devices, phaseNanos, seed));
        }
        return rate.arrivals(devices, phaseNanos, seed)::offsetNanos;
    }

    private static PayloadSource payload(io.fleetstorm.scenario.Payload p) {
        return (device, seq, ms) -> p.render(device.deviceName(), seq, ms);
    }

    private static GroupPlan group(Scenario scenario, int g) {
        Scenario.Group group = scenario.groups().get(g);
        DeviceProfile profile = profile(scenario, g);
        IntFunction<DeviceId> ids = i -> new DeviceId(group.productId(), group.deviceName(i));
        Credentials creds = group.credentials();
        if (creds.certificate()) {
            return new GroupPlan(group.name(), profile, group.count(), ids, i -> null,
                    i -> creds.certifiedKey(group.deviceName(i)));
        }
        Scenario.Group gateways = scenario.gatewayOf(group);
        if (gateways != null) {
            return new GroupPlan(group.name(), profile, group.count(), ids,
                    i -> creds.psk(group.productId(), group.deviceName(i)), i -> null,
                    scenario.groups().indexOf(gateways), group.count() / gateways.count());
        }
        return GroupPlan.keyDevices(group.name(), profile, group.count(), ids,
                i -> creds.psk(group.productId(), group.deviceName(i)));
    }

    /** The wire habits of the group's SDK (protocol doc section 8) and the scenario's options for it. */
    static DeviceProfile profile(Scenario scenario, int g) {
        Scenario.Group group = scenario.groups().get(g);
        Set<DeviceProfile.Subscription> subs = EnumSet.noneOf(DeviceProfile.Subscription.class);
        for (Scenario.Phase phase : scenario.phases()) {
            for (Behaviour b : phase.of(group.name())) {
                for (Subscription s : b.subscriptions()) {
                    subs.add(DeviceProfile.Subscription.valueOf(s.name()));
                }
            }
        }
        Sdk sdk = group.sdk();
        Sdk.Backoff b = sdk.backoff();
        Timeouts t = group.timeouts();
        boolean gateway = scenario.isGateway(group);
        List<DeviceProfile.Subscription> ordered = new ArrayList<>();
        if (gateway) {
            ordered.add(DeviceProfile.Subscription.GATEWAY_RESULT); // the C SDK: right after CONNACK, first
        }
        ordered.addAll(subs);
        return new DeviceProfile(g, group.productId(), group.signMethod(), sdk.sdkAppId(),
                DeviceProfile.ExpiryStyle.valueOf(sdk.expiry().name()), EXPIRY_SECONDS, group.keepAlive(),
                group.cleanSession(), List.copyOf(ordered), sdk.timeSyncOnConnect(),
                sdk.clientToken() == Sdk.ClientToken.PRODUCT_AND_DEVICE,
                DeviceProfile.ShadowVersion.valueOf(sdk.shadowVersion().name()),
                new DeviceProfile.Timeouts(t.connack().toMillis(), t.suback().toMillis(), t.puback().toMillis(),
                        t.shadow().toMillis(), t.echo().toMillis(), t.downlink().toMillis(), t.ota().toMillis()),
                MAX_IN_FLIGHT, new DeviceProfile.Backoff(b.firstMinMs(), b.firstMaxMs(), b.maxMs(), b.giveUpAfterMs()),
                sdk == Sdk.JAVA_SDK ? DeviceProfile.Dialect.JAVA_SDK : DeviceProfile.Dialect.C_SDK, gateway);
    }
}

package io.fleetstorm.engine;

import io.fleetstorm.device.DeviceHost;
import io.fleetstorm.device.DeviceTls;
import io.fleetstorm.device.DeviceTransport;
import io.fleetstorm.device.VertxTransport;
import io.fleetstorm.device.VirtualDevice;
import io.fleetstorm.metrics.ErrorKey;
import io.fleetstorm.metrics.ErrorKind;
import io.fleetstorm.metrics.IntervalCollector;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.RunInfo;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One device of each group of a plan connecting and subscribing as it would in the run (the same
 * {@link VirtualDevice}: its SDK's UserName and signature, TLS with the group's host, SNI and CA, its certificate, its
 * start-up subscriptions), once, without retries: what {@code fleetstorm preflight} asks of the target before a storm.
 */
public final class DeviceProbe {

    /**
     * What one group's device met.
     *
     * @param connectMillis from the connect to the last SUBACK, or -1 when it did not get there
     * @param failure       why it did not (the error as a run would count it, with its explanation), or null
     */
    public record Result(String group, String deviceName, String target, long connectMillis, String failure) {
        public boolean ok() {
            return failure == null;
        }
    }

    private DeviceProbe() {
    }

    /** Probes every group at once; completes within {@code timeoutMs} (a device still waiting then fails). */
    public static Future<List<Result>> probe(Vertx vertx, LoadPlan plan, long timeoutMs) {
        Context context = vertx.getOrCreateContext();
        Promise<List<Result>> done = Promise.promise();
        context.runOnContext(v -> new Host(vertx, context, plan, timeoutMs, done).start());
        return done.future();
    }

    /** The devices' host on one event loop: connects once, never reconnects, reports each group's outcome. */
    private static final class Host implements DeviceHost {
        private final Vertx vertx;
        private final Context context;
        private final LoadPlan plan;
        private final long timeoutMs;
        private final Promise<List<Result>> done;
        private final MetricsRegistry registry;
        private final LoopRecorder recorder;
        private final IntervalCollector errors;
        private final DeviceTransport transport;
        private final DeviceTls tls;
        private final VirtualDevice[] devices;
        private final Result[] results;
        private final long[] startNanos;
        private HttpClient http;
        private int pending;

        Host(Vertx vertx, Context context, LoadPlan plan, long timeoutMs, Promise<List<Result>> done) {
            this.vertx = vertx;
            this.context = context;
            this.plan = plan;
            this.timeoutMs = timeoutMs;
            this.done = done;
            List<String> names = plan.groups().stream().map(GroupPlan::name).toList();
            this.registry = new MetricsRegistry(new RunInfo(plan.scenario(), "preflight", names, List.of()));
            this.recorder = registry.newLoopRecorder();
            this.errors = new IntervalCollector(registry, NanoClock.SYSTEM, TimeUnit.SECONDS.toNanos(1));
            this.transport = new VertxTransport(context, (int) Math.min(Integer.MAX_VALUE, timeoutMs));
            this.tls = plan.tls() == null ? null : new DeviceTls(plan.tls().trusted(), plan.tls().insecure());
            this.devices = new VirtualDevice[plan.groups().size()];
            this.results = new Result[devices.length];
            this.startNanos = new long[devices.length];
        }

        void start() {
            pending = devices.length;
            for (int g = 0; g < devices.length; g++) {
                GroupPlan group = plan.groups().get(g);
                devices[g] = new VirtualDevice(this, group.profile(), group.ids().apply(0), group.psks().apply(0),
                        group.certificates().apply(0));
                startNanos[g] = System.nanoTime();
                devices[g].connect(startNanos[g]);
            }
            if (pending > 0) {
                vertx.setTimer(Math.max(1, timeoutMs), t -> {
                    for (int g = 0; g < devices.length; g++) {
                        finish(g, "no CONNACK and SUBACKs within " + timeoutMs + " ms (the target accepted the "
                                + "connection but did not answer; or the TLS handshake stalled)");
                    }
                });
            } else {
                done.complete(List.of());
            }
        }

        private int groupOf(VirtualDevice device) {
            return device.profile().groupIndex();
        }

        private String address(int g) {
            SocketAddress a = plan.targetOf(g);
            return a instanceof java.net.InetSocketAddress i ? i.getHostString() + ":" + i.getPort() : a.toString();
        }

        private void finish(int g, String failure) {
            if (results[g] != null) {
                return;
            }
            long ms = failure == null ? TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos[g]) : -1;
            results[g] = new Result(plan.groups().get(g).name(), devices[g].id().deviceName(), address(g), ms,
                    failure);
            devices[g].disconnect();
            if (--pending == 0) {
                List<Result> out = List.of(results);
                (http == null ? Future.succeededFuture() : http.close()).onComplete(x -> done.tryComplete(out));
            }
        }

        /** The errors the device counted, as a run's summary would name them. */
        private String failureOf(int g) {
            Map<ErrorKey, Long> counted = errors.flipNow().errorTotals();
            List<String> out = new ArrayList<>();
            String group = plan.groups().get(g).name();
            counted.forEach((k, n) -> {
                if (k.group().equals(group)) {
                    out.add(k.kind() + " " + k.reason() + ErrorKind.explain(k.kind(), k.reason()).map(e -> " (" + e
                            + ")").orElse(""));
                }
            });
            return out.isEmpty() ? "the connection closed before the device was ready" : String.join("; ", out);
        }

        @Override
        public DeviceTransport transport() {
            return transport;
        }

        @Override
        public LoopRecorder recorder() {
            return recorder;
        }

        @Override
        public SocketAddress target() {
            return plan.target();
        }

        @Override
        public SocketAddress target(int group) {
            return plan.targetOf(group);
        }

        @Override
        public DeviceTls tls() {
            return tls;
        }

        @Override
        public SocketAddress nextLocalAddress() {
            return null;
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public HttpClient http() {
            if (http == null) {
                http = vertx.createHttpClient();
            }
            return http;
        }

        @Override
        public void setTimer(long delayMs, Runnable task) {
            vertx.setTimer(Math.max(1, delayMs), id -> task.run());
        }

        @Override
        public void flushLater(VirtualDevice device) {
            if (!device.markDirty()) {
                context.runOnContext(v -> device.flush());
            }
        }

        @Override
        public void scheduleReconnect(VirtualDevice device, long atNanos) {
            int g = groupOf(device);
            finish(g, failureOf(g)); // a preflight tries once: the failure that would make the SDK back off
        }

        @Override
        public void ready(VirtualDevice device) {
            finish(groupOf(device), null);
        }

        @Override
        public void disconnected(VirtualDevice device, boolean wanted, boolean wasReady, int unacknowledged) {
            int g = groupOf(device);
            if (!wanted && results[g] == null) {
                finish(g, failureOf(g));
            }
        }

        @Override
        public void received(VirtualDevice device, String topic, byte[] payload) {
        }
    }
}

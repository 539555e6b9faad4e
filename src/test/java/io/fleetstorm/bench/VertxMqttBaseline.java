package io.fleetstorm.bench;

import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttClient;
import io.vertx.mqtt.MqttClientOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The naive way to build a device fleet on Vert.x: one vertx-mqtt {@link MqttClient} per device, one verticle per
 * event loop. A peer for bench/compare.py (not a test): connects N devices at a fixed rate, publishes at a fixed
 * total rate for a fixed time (or stays idle), prints one JSON line. Same configuration JSON as the MQTT.js peer.
 */
public final class VertxMqttBaseline {
    private static final String PRODUCT = "BENCH00001";
    private static final AtomicInteger CONNECTED = new AtomicInteger();
    private static final AtomicInteger FAILED = new AtomicInteger();
    private static final AtomicLong SENT = new AtomicLong();
    private static final AtomicLong ACKED = new AtomicLong();

    public static void main(String[] args) throws Exception {
        JsonObject cfg = new JsonObject(args[0]);
        int loops = 2;
        Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(loops));
        Thread.sleep((long) (cfg.getDouble("startDelayS") * 1000));
        List<Loop> verticles = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(loops);
        for (int l = 0; l < loops; l++) {
            Loop v = new Loop(cfg, l, loops, done);
            verticles.add(v);
            vertx.deployVerticle(v, new DeploymentOptions());
        }
        long limitS = (long) (cfg.getInteger("devices") / cfg.getDouble("connectRate") + cfg.getDouble("publishS")
                + cfg.getDouble("holdS") + 60);
        // The harness ends a run with SIGTERM once it has its figures: report what was sent and acknowledged.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> report(verticles)));
        done.await(limitS, TimeUnit.SECONDS);
        System.exit(0);
    }

    private static synchronized void report(List<Loop> verticles) {
        long[] lat = verticles.stream().flatMapToLong(v -> Arrays.stream(v.latencies, 0, v.latencyCount)).sorted()
                .toArray();
        System.out.println(new JsonObject().put("tool", "vertx-mqtt").put("connected", CONNECTED.get())
                .put("failed", FAILED.get()).put("sent", SENT.get()).put("acked", ACKED.get())
                .put("latencyP50Ms", lat.length == 0 ? null : lat[lat.length / 2] / 1e6)
                .put("latencyP99Ms", lat.length == 0 ? null : lat[(int) (lat.length * 0.99)] / 1e6).encode());
    }

    /** One event loop's share of the fleet: its clients, its connect ramp and its publish ticker. */
    private static final class Loop extends AbstractVerticle {
        private final JsonObject cfg;
        private final int index;
        private final int loops;
        private final CountDownLatch done;
        private final List<MqttClient> clients = new ArrayList<>();
        private final List<ArrayDeque<Long>> inflight = new ArrayList<>();
        private final Buffer payload;
        private final MqttQoS qos;
        long[] latencies = new long[0];
        int latencyCount;
        private int ready;

        Loop(JsonObject cfg, int index, int loops, CountDownLatch done) {
            this.cfg = cfg;
            this.index = index;
            this.loops = loops;
            this.done = done;
            byte[] p = new byte[cfg.getInteger("payloadBytes")];
            Arrays.fill(p, (byte) 'a');
            this.payload = Buffer.buffer(p);
            this.qos = MqttQoS.valueOf(cfg.getInteger("qos"));
        }

        @Override
        public void start(Promise<Void> started) {
            int devices = cfg.getInteger("devices");
            List<Integer> mine = new ArrayList<>();
            for (int i = index; i < devices; i += loops) {
                mine.add(i);
            }
            double rate = cfg.getDouble("connectRate") / loops;
            long t0 = System.nanoTime();
            int[] next = {0};
            vertx.setPeriodic(1, id -> {
                long due = Math.min(mine.size(), (long) ((System.nanoTime() - t0) / 1e9 * rate) + 1);
                while (next[0] < due) {
                    connect(mine.get(next[0]++), mine.size());
                }
                if (next[0] >= mine.size()) {
                    vertx.cancelTimer(id);
                }
            });
            started.complete();
        }

        private void connect(int i, int mine) {
            String name = String.format("dev-%05d", i);
            String connId = Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 20));
            String user = PRODUCT + name + ";21010406;" + connId + ";92233720368547758";
            MqttClientOptions o = new MqttClientOptions().setClientId(PRODUCT + name).setUsername(user)
                    .setPassword(sign(user) + ";hmacsha256").setKeepAliveInterval(240).setCleanSession(true)
                    .setMaxInflightQueue(1000);
            JsonArray sources = cfg.getJsonArray("sources");
            if (sources != null && !sources.isEmpty()) { // the workload's source addresses, round robin
                o.setLocalAddress(sources.getString(i % sources.size()));
            }
            if (cfg.getBoolean("tls", false)) {
                o.setSsl(true).setHostnameVerificationAlgorithm("")
                        .setTrustOptions(new PemTrustOptions().addCertPath(cfg.getString("ca")));
                String certs = cfg.getString("clientCertDir");
                if (certs != null) { // mutual TLS: the device's own key and certificate
                    o.setKeyCertOptions(new PemKeyCertOptions().setCertPath(certs + "/" + name + ".pem")
                            .setKeyPath(certs + "/" + name + ".key"));
                }
            }
            MqttClient c = MqttClient.create(vertx, o);
            ArrayDeque<Long> q = new ArrayDeque<>();
            c.publishCompletionHandler(id -> {
                ACKED.incrementAndGet();
                Long intended = q.poll();
                if (intended != null && latencyCount < latencies.length) {
                    latencies[latencyCount++] = System.nanoTime() - intended;
                }
            });
            c.connect(cfg.getInteger("port"), cfg.getString("host")).onComplete(ar -> {
                if (ar.succeeded()) {
                    CONNECTED.incrementAndGet();
                    clients.add(c);
                    inflight.add(q);
                } else {
                    FAILED.incrementAndGet();
                }
                if (++ready == mine) {
                    vertx.setTimer(1, x -> afterConnect());
                }
            });
        }

        private void afterConnect() {
            double perDevice = cfg.getDouble("ratePerDevice");
            long holdMs = (long) (cfg.getDouble("holdS") * 1000);
            if (perDevice <= 0 || clients.isEmpty()) {
                vertx.setTimer(holdMs, x -> done.countDown());
                return;
            }
            double total = perDevice * clients.size();
            latencies = new long[(int) (total * cfg.getDouble("publishS")) + 1024]; // every PUBACK of the run
            long t0 = System.nanoTime();
            long endNanos = (long) (cfg.getDouble("publishS") * 1e9);
            long[] sent = {0};
            int[] k = {0};
            vertx.setPeriodic(1, id -> {
                long elapsed = Math.min(System.nanoTime() - t0, endNanos);
                long due = (long) (elapsed / 1e9 * total);
                while (sent[0] < due) {
                    long intended = t0 + (long) (sent[0] * 1e9 / total);
                    int d = k[0]++ % clients.size();
                    MqttClient c = clients.get(d);
                    String topic = PRODUCT + "/" + "dev-" + d + "/event";
                    if (qos == MqttQoS.AT_LEAST_ONCE) {
                        inflight.get(d).add(intended);
                    }
                    c.publish(topic, payload, qos, false, false);
                    sent[0]++;
                    SENT.incrementAndGet();
                }
                if (elapsed >= endNanos) {
                    vertx.cancelTimer(id);
                    vertx.setTimer(Math.max(1, holdMs), x -> done.countDown());
                }
            });
        }

        private static String sign(String user) {
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec("bench-device-psk".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return HexFormat.of().formatHex(mac.doFinal(user.getBytes(StandardCharsets.UTF_8)));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

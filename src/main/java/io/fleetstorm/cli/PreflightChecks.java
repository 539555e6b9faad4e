package io.fleetstorm.cli;

import io.fleetstorm.cloudapi.ApiFailure;
import io.fleetstorm.cloudapi.ApiResponse;
import io.fleetstorm.cloudapi.CloudApiClient;
import io.fleetstorm.cloudapi.CloudApiOptions;
import io.fleetstorm.engine.DeviceProbe;
import io.fleetstorm.engine.LoadPlan;
import io.fleetstorm.metrics.ErrorKind;
import io.fleetstorm.protocol.ApiActions;
import io.fleetstorm.scenario.Quotas;
import io.fleetstorm.scenario.Scenario;
import io.fleetstorm.scenario.behaviour.Behaviour;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What {@code fleetstorm preflight} checks before a storm, in seconds: each target host's DNS, TCP and TLS (with the
 * scenario's CA and the host's name), one device per group connecting and subscribing, the API credentials (one
 * read-only call), the products and devices the scenario names, the cloud's per-device quotas and the API's rate
 * limits against the plan, and this machine's sockets. Every check yields a row; none stops the others.
 */
final class PreflightChecks {

    static final long NETWORK_TIMEOUT_MS = 5_000;
    static final long DEVICE_TIMEOUT_MS = 10_000;
    /** Certificates expiring sooner are a warning: a long run (or tomorrow's) would fail its handshakes. */
    static final long EXPIRY_WARNING_DAYS = 14;

    private final Scenario scenario;
    private final LoadPlan plan;
    private final Vertx vertx;
    private final boolean embedded;
    private final List<PreflightRow> rows = new ArrayList<>();

    private PreflightChecks(Scenario scenario, LoadPlan plan, Vertx vertx, boolean embedded) {
        this.scenario = scenario;
        this.plan = plan;
        this.vertx = vertx;
        this.embedded = embedded;
    }

    /** Every check, in the order a connection meets them. */
    static List<PreflightRow> run(Scenario scenario, LoadPlan plan, Vertx vertx, boolean embedded) {
        PreflightChecks c = new PreflightChecks(scenario, plan, vertx, embedded);
        if (!embedded) {
            c.hosts();
        }
        c.devices();
        c.api();
        c.quotas();
        c.sockets();
        return List.copyOf(c.rows);
    }

    /** Whether the target is the cloud (its device hosts or its API), whose quotas are enforced. */
    private boolean cloud() {
        String api = plan.apiUrl() == null ? "" : String.valueOf(plan.apiUrl().getHost());
        return api.toLowerCase(Locale.ROOT).endsWith(CloudApiOptions.CLOUD_HOST_SUFFIX) || TargetHosts.hosts(scenario)
                .stream().anyMatch(h -> h.toLowerCase(Locale.ROOT).endsWith(".tencentdevices.com"));
    }

    // ---- hosts: DNS, TCP, TLS ----

    private void hosts() {
        for (String host : TargetHosts.hosts(scenario)) {
            long start = System.nanoTime();
            InetAddress[] addresses;
            try {
                addresses = CompletableFuture.supplyAsync(() -> {
                    try {
                        return InetAddress.getAllByName(host);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }).get(NETWORK_TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                rows.add(PreflightRow.fail("dns", host, e instanceof TimeoutException ? "no answer within "
                        + NETWORK_TIMEOUT_MS + " ms" : "does not resolve (" + rootCause(e) + ")", ms(start)));
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            List<String> ips = new ArrayList<>();
            for (InetAddress a : addresses) {
                ips.add(a.getHostAddress());
            }
            rows.add(PreflightRow.pass("dns", host, "resolves to " + String.join(", ", ips), ms(start)));
            InetSocketAddress target = new InetSocketAddress(addresses[0], scenario.target().port());
            if (tcp(host, target)) {
                if (plan.tls() != null) {
                    rows.add(new PreflightTls(plan, scenario).check(host, target, NETWORK_TIMEOUT_MS));
                }
            }
        }
    }

    private boolean tcp(String host, InetSocketAddress target) {
        long start = System.nanoTime();
        try (java.net.Socket s = new java.net.Socket()) {
            s.connect(target, (int) NETWORK_TIMEOUT_MS);
            rows.add(PreflightRow.pass("tcp", host + ":" + target.getPort(), "connected to "
                    + target.getAddress().getHostAddress(), ms(start)));
            return true;
        } catch (IOException e) {
            rows.add(PreflightRow.fail("tcp", host + ":" + target.getPort(), (e instanceof java.net.ConnectException
                    ? "refused" : e instanceof java.net.SocketTimeoutException ? "no answer within "
                    + NETWORK_TIMEOUT_MS + " ms" : rootCause(e)) + ": is the port right, and open from here?",
                    ms(start)));
            return false;
        }
    }

    // ---- one device per group ----

    private void devices() {
        long start = System.nanoTime();
        List<DeviceProbe.Result> results = await(DeviceProbe.probe(vertx, plan, DEVICE_TIMEOUT_MS),
                DEVICE_TIMEOUT_MS + 5_000);
        if (results == null) {
            rows.add(PreflightRow.fail("device", "every group", "the device check did not end", ms(start)));
            return;
        }
        for (DeviceProbe.Result r : results) {
            String subject = r.group() + ": " + r.deviceName() + " -> " + r.target();
            rows.add(r.ok() ? PreflightRow.pass("device", subject, "connected and subscribed", r.connectMillis())
                    : PreflightRow.fail("device", subject, r.failure(), -1));
        }
    }

    // ---- the API: credentials, products, devices ----

    private void api() {
        if (plan.apiUrl() == null) {
            boolean needed = scenario.phases().stream().flatMap(p -> p.behaviours().values().stream())
                    .flatMap(List::stream)
                    .anyMatch(b -> !b.apiRates().isEmpty() || b.operations().contains("api-call"));
            if (needed) {
                rows.add(PreflightRow.fail("api", "target.api", "the scenario's application side (desired changes, "
                        + "downlinks, OTA tasks) needs the target's API: set target.api", -1));
            }
            return;
        }
        CloudApiOptions options = plan.apiOptions().withRequestTimeoutMs(NETWORK_TIMEOUT_MS);
        CloudApiClient client = new CloudApiClient(vertx, plan.apiUrl(), options);
        try {
            long start = System.nanoTime();
            Object answer = call(client, ApiActions.DESCRIBE_PRODUCTS, new JsonObject().put("Offset", 0)
                    .put("Limit", 1));
            String who = options.credentials() == null ? "unsigned" : "SecretId " + options.credentials().secretId();
            if (answer instanceof ApiFailure f) {
                rows.add(PreflightRow.fail("api", plan.apiUrl().toString(), who + ": " + explain(f), ms(start)));
                return;
            }
            ApiResponse r = (ApiResponse) answer;
            rows.add(options.credentials() == null
                    ? PreflightRow.warn("api", plan.apiUrl().toString(), "unsigned calls were taken (a hub started "
                            + "with --api-insecure); the cloud refuses them")
                    : PreflightRow.pass("api", plan.apiUrl().toString(), who + " accepted (RequestId "
                            + r.requestId() + ")", ms(start)));
            products(client);
        } finally {
            client.close();
        }
    }

    private void products(CloudApiClient client) {
        Map<String, List<Scenario.Group>> byProduct = new LinkedHashMap<>();
        scenario.groups().forEach(g -> byProduct.computeIfAbsent(g.productId(), k -> new ArrayList<>()).add(g));
        for (Map.Entry<String, List<Scenario.Group>> e : byProduct.entrySet()) {
            long start = System.nanoTime();
            Object answer = call(client, ApiActions.DESCRIBE_PRODUCT, new JsonObject().put("ProductId", e.getKey()));
            if (answer instanceof ApiFailure f) {
                rows.add(PreflightRow.fail("product", e.getKey(), ApiActions.PRODUCT_NOT_EXIST.equals(f.code())
                        ? "does not exist: create it and its devices with fleetstorm provision" : explain(f),
                        ms(start)));
                continue;
            }
            JsonObject properties = ((ApiResponse) answer).response().getJsonObject("ProductProperties",
                    new JsonObject());
            boolean certificate = e.getValue().get(0).certificate();
            String type = properties.getString("EncryptionType");
            int devices = e.getValue().stream().mapToInt(Scenario.Group::count).sum();
            Long limit = properties.getLong("DeviceLimit");
            if (type != null && !type.equals(certificate ? "1" : "2")) {
                rows.add(PreflightRow.fail("product", e.getKey(), "authenticates with " + (type.equals("1")
                        ? "certificates" : "keys") + ", but group " + e.getValue().get(0).name() + " has auth: "
                        + (certificate ? "certificate" : "key"), ms(start)));
            } else if (limit != null && limit > 0 && devices > limit) {
                rows.add(PreflightRow.fail("product", e.getKey(), "takes at most " + limit + " devices, but the "
                        + "scenario has " + devices, ms(start)));
            } else {
                rows.add(PreflightRow.pass("product", e.getKey(), "exists (" + (certificate ? "certificate" : "key")
                        + " devices" + (limit != null && limit > 0 ? ", up to " + limit : "") + ")", ms(start)));
            }
            for (Scenario.Group g : e.getValue()) {
                groupDevices(client, g);
            }
        }
    }

    /** The group's first and last devices exist (the ones between were created with them, or are named so). */
    private void groupDevices(CloudApiClient client, Scenario.Group g) {
        long start = System.nanoTime();
        for (String name : g.count() == 1 ? List.of(g.deviceName(0))
                : List.of(g.deviceName(0), g.deviceName(g.count() - 1))) {
            Object answer = call(client, ApiActions.DESCRIBE_DEVICE, new JsonObject().put("ProductId", g.productId())
                    .put("DeviceName", name));
            if (answer instanceof ApiFailure f) {
                rows.add(PreflightRow.fail("devices", g.name(), name + (ApiActions.DEVICE_NOT_EXIST.equals(f.code())
                        ? " does not exist: create the group's devices with fleetstorm provision" : ": "
                        + explain(f)), ms(start)));
                return;
            }
        }
        rows.add(PreflightRow.pass("devices", g.name(), g.deviceName(0) + (g.count() > 1 ? " ... "
                + g.deviceName(g.count() - 1) : "") + " exist", ms(start)));
    }

    private static Object call(CloudApiClient client, String action, JsonObject params) {
        Future<ApiResponse> f = client.call(action, params);
        try {
            return f.toCompletionStage().toCompletableFuture().get(NETWORK_TIMEOUT_MS * 3, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            return e.getCause() instanceof ApiFailure failure ? failure
                    : new ApiFailure(action, ApiFailure.NETWORK, rootCause(e), null, 1);
        } catch (TimeoutException e) {
            return new ApiFailure(action, ApiFailure.NETWORK, "no answer in time", null, 1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApiFailure(action, ApiFailure.NETWORK, "interrupted", null, 1);
        }
    }

    private static String explain(ApiFailure f) {
        String why = ErrorKind.explain("api", f.code()).orElse(null);
        return f.getMessage() + (why == null || why.equals(ErrorKind.API.explanation()) ? "" : " -- " + why);
    }

    // ---- quotas: the cloud's per device, the API's per action ----

    private void quotas() {
        List<String> over = Quotas.warnings(scenario);
        boolean cloud = cloud();
        for (String line : over) {
            String detail = line.replaceFirst("^warning: ", "");
            rows.add(cloud ? PreflightRow.fail("quota", "per device", detail, -1)
                    : PreflightRow.warn("quota", "per device", detail + " (enforced by the cloud)"));
        }
        if (over.isEmpty()) {
            rows.add(PreflightRow.pass("quota", "per device", "within " + (int) Quotas.UPLINK_PER_DEVICE
                    + " uplink msg/s and one CONNECT per 5 s per device", -1));
        }
        Map<String, Double> peak = new LinkedHashMap<>();
        for (Scenario.Phase phase : scenario.phases()) {
            Map<String, Double> inPhase = new LinkedHashMap<>();
            for (Scenario.Group g : scenario.groups()) {
                for (Behaviour b : phase.of(g.name())) {
                    for (Behaviour.NamedRate r : b.apiRates()) {
                        inPhase.merge(r.label(), r.rate().peakTotal(g.count()), Double::sum);
                    }
                }
            }
            inPhase.forEach((action, rate) -> peak.merge(action, rate, Math::max));
        }
        peak.forEach((action, rate) -> {
            double limit = plan.apiOptions().rateOf(action);
            String need = String.format(Locale.ROOT, "the plan peaks at %.1f calls/s", rate);
            rows.add(rate <= limit ? PreflightRow.pass("api rate", action, need + (limit >= CloudApiOptions.UNLIMITED
                    ? " (no limit at this target)" : String.format(Locale.ROOT, ", within %.0f/s", limit)), -1)
                    : PreflightRow.fail("api rate", action, String.format(Locale.ROOT, "%s, but the API takes %.0f/s "
                            + "per action: calls would queue behind the rate limit and the latency measured would "
                            + "be the queue's: lower the scenario's rate, or ask the vendor for a higher limit",
                            need, limit), -1));
        });
    }

    // ---- this machine ----

    private void sockets() {
        long limit = Capacity.openFilesLimit();
        int need = Capacity.socketsNeeded(scenario);
        if (limit > 0 && need > limit) {
            rows.add(PreflightRow.fail("sockets", "open files", "the fleet needs about " + need + " sockets, but this "
                    + "process may open " + limit + " (ulimit -n)", -1));
        } else {
            rows.add(PreflightRow.pass("sockets", "open files", "about " + need + " needed, " + (limit < 0 ? "limit "
                    + "unknown" : limit == Long.MAX_VALUE ? "no limit" : limit + " allowed"), -1));
        }
        int ports = ephemeralPorts();
        if (ports <= 0) {
            return;
        }
        int sources = Math.max(1, plan.localAddresses().size());
        Map<InetSocketAddress, Integer> perTarget = new LinkedHashMap<>();
        for (int g = 0; g < plan.groups().size(); g++) {
            perTarget.merge(plan.targetOf(g), plan.groups().get(g).count(), Integer::sum);
        }
        perTarget.forEach((target, devices) -> {
            String subject = target.getHostString() + ":" + target.getPort();
            rows.add(devices <= (long) ports * sources
                    ? PreflightRow.pass("sockets", subject, devices + " connection(s), " + ports + " local ports per "
                            + "source address, " + sources + " source address(es)", -1)
                    : PreflightRow.fail("sockets", subject, devices + " connections, but " + sources + " source "
                            + "address(es) with " + ports + " local ports each reach one address at most "
                            + (long) ports * sources + " times: list more target.sourceAddresses", -1));
        });
    }

    /** The size of the local port range connects draw from (Linux), or -1. */
    private static int ephemeralPorts() {
        try {
            // readAllLines, not readString: procfs files report a size of 0, and readString trusts the size
            String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim()
                    .split("\\s+");
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    // ---- helpers ----

    private static <T> T await(Future<T> f, long timeoutMs) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    static long ms(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    static String rootCause(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        return c.getClass().getSimpleName() + (c.getMessage() == null ? "" : ": " + c.getMessage());
    }
}

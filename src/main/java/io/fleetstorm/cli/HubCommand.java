package io.fleetstorm.cli;

import io.fleetstorm.hub.Device;
import io.fleetstorm.hub.Hub;
import io.fleetstorm.hub.HubBuilder;
import io.fleetstorm.hub.HubFaultSpec;
import io.fleetstorm.hub.HubFaults;
import io.fleetstorm.hub.HubLimits;
import io.fleetstorm.hub.HubOptions;
import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.metrics.MetricsEndpoint;
import io.fleetstorm.hub.Product;
import io.fleetstorm.protocol.DeviceId;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code fleetstorm hub}: the embedded hub on its own, until Ctrl-C or SIGTERM. */
@Command(name = "hub", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Runs the embedded IoT hub standalone: MQTT/TCP and MQTT/TLS (mutual TLS for certificate "
                + "devices) with the cloud's connection rules. Stops cleanly on Ctrl-C or SIGTERM."},
        subcommands = {HubPskCommand.class, HubCredentialsCommand.class})
final class HubCommand implements java.util.concurrent.Callable<Integer> {

    /** A product given on the command line, optionally with a secret for derived PSKs. */
    static final class ProductArg {
        @Option(names = "--product", required = true, paramLabel = "PRODUCTID",
                description = "Registers a product (repeatable).")
        String productId;

        @Option(names = "--product-secret", paramLabel = "SECRET",
                description = "Every device name of the preceding --product exists with a PSK derived from this "
                        + "secret (see 'fleetstorm hub psk').")
        String secret;

        @Option(names = "--sub-products", paramLabel = "PRODUCTID[,PRODUCTID...]", split = ",",
                description = "Makes the preceding --product a gateway product whose devices may bind devices of "
                        + "these products (docs/hub-features.md).")
        List<String> subProducts;
    }

    @Spec
    CommandSpec spec;

    @Mixin
    LoggingMixin logging;

    @Option(names = "--host", defaultValue = HubOptions.DEFAULT_HOST, description = "Address to listen on "
            + "(default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--mqtt-port", defaultValue = "" + HubOptions.DEFAULT_MQTT_PORT,
            description = "MQTT/TCP port; 0 = ephemeral, -1 = off (default: ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--tls-port", defaultValue = "" + HubOptions.DEFAULT_TLS_PORT,
            description = "MQTT/TLS port; 0 = ephemeral, -1 = off (default: ${DEFAULT-VALUE}).")
    int tlsPort;

    @Option(names = "--api-port", defaultValue = "" + HubOptions.DEFAULT_API_PORT,
            description = "Application HTTP API and firmware download port; 0 = ephemeral, -1 = off "
                    + "(default: ${DEFAULT-VALUE}).")
    int apiPort;

    @Option(names = "--event-loops", description = "Event loops serving connections (default: one per core).")
    Integer eventLoops;

    @ArgGroup(exclusive = false, multiplicity = "0..*")
    List<ProductArg> products = new ArrayList<>();

    @Option(names = "--device", paramLabel = "PRODUCTID/DEVICENAME=BASE64PSK",
            description = "Registers a key device (repeatable); its product is registered if needed.")
    List<String> devices = new ArrayList<>();

    @Option(names = "--provision", paramLabel = "FILE",
            description = "YAML file of products and devices (PSKs, certificates, CSV exports); see "
                    + "docs/embedded-hub.md.")
    Path provisionFile;

    @Option(names = "--cert-dir", paramLabel = "DIR",
            description = "Writes the CA (ca.pem, ca.key) and server certificate (server.pem, server.key) here.")
    Path certDir;

    @Option(names = "--ca-cert", paramLabel = "PEM", description = "CA certificate to use instead of a generated one.")
    Path caCert;

    @Option(names = "--ca-key", paramLabel = "PEM", description = "Private key of --ca-cert.")
    Path caKey;

    @Option(names = "--server-cert", paramLabel = "PEM", description = "TLS server certificate chain to present.")
    Path serverCert;

    @Option(names = "--server-key", paramLabel = "PEM", description = "Private key of --server-cert.")
    Path serverKey;

    @Option(names = "--connect-interval", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Minimum time between two CONNECTs of one device (default: 5s, the cloud's rule).")
    Duration connectInterval;

    @Option(names = "--uplink-limit", paramLabel = "MSG_PER_S",
            description = "Uplink messages per second per device (default: 30, the cloud's rule).")
    Integer uplinkLimit;

    @Option(names = "--offline-resend-interval", converter = DurationConverter.class, paramLabel = "DURATION",
            description = "Pause between queued messages redelivered after a reconnect (default: 500ms).")
    Duration offlineResendInterval;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "-1", description = "Serves the hub's "
            + "counters as Prometheus /metrics on this port (0 = any free port; default: off).")
    int metricsPort;

    @Option(names = "--metrics-host", paramLabel = "ADDRESS", defaultValue = "0.0.0.0",
            description = "The address /metrics listens on (default: ${DEFAULT-VALUE}).")
    String metricsHost;

    @Option(names = "--api-key", paramLabel = "SECRET_ID:SECRET_KEY", description = "An API key pair whose "
            + "TC3-HMAC-SHA256 signatures the API accepts (repeatable). Default: TENCENTCLOUD_SECRET_ID and "
            + "TENCENTCLOUD_SECRET_KEY, else a generated pair (its SecretId is printed, the pair written to "
            + "--api-key-file).")
    List<String> apiKeys = new ArrayList<>();

    @Option(names = "--api-key-file", paramLabel = "FILE", description = "Where a generated key pair is written, "
            + "readable by you only (default: ~/.fleetstorm/hub.credential; the SDKs' credentials format, which "
            + "'fleetstorm run' reads too).")
    Path apiKeyFile;

    @Option(names = "--api-insecure", description = "Also accept unsigned API calls (POST /api/<Action>, or POST / "
            + "without Authorization). Signed calls are still verified.")
    boolean apiInsecure;

    @Option(names = "--api-max-body", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Largest API request body (default: 1MB); larger ones get HTTP 413 unread.")
    Long apiMaxBody;

    @Option(names = "--firmware-dir", paramLabel = "DIR", description = "Where firmware images are kept (default: a "
            + "temporary directory, removed at stop).")
    Path firmwareDir;

    @Option(names = "--firmware-budget", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Disk all firmware images may take together (default: 2GB); past it uploads are refused.")
    Long firmwareBudget;

    private HubOptions hubOptions;

    @Option(names = "--product-hosts", paramLabel = "SUFFIX", description = "Impersonates the cloud's per-product "
            + "hosts PRODUCTID.SUFFIX (e.g. iotcloud.tencentdevices.com) for tests: the server certificate also "
            + "names *.SUFFIX, and a TLS device must indicate (SNI) its own product's host.")
    String productHosts;

    @Option(names = "--hub-name", paramLabel = "NAME", defaultValue = "hub",
            description = "The hub label of its metrics (default: ${DEFAULT-VALUE}).")
    String hubName;

    @Option(names = "--limit", paramLabel = "OP=RATE[@FROM-TO]", description = "Caps an operation's throughput "
            + "(repeatable): beyond the cap operations queue, so latency climbs as a saturated broker's does, and are "
            + "refused once --fault-queue are waiting. OP: connect, publish, puback, subscribe, shadow, api; e.g. "
            + "publish=2000/s, connect=300/s@10s-40s. See docs/hub-faults.md.")
    List<String> limits = new ArrayList<>();

    @Option(names = "--delay", paramLabel = "OP=DELAY[@FROM-TO]", description = "Holds every operation of a kind "
            + "(repeatable): 3ms, uniform:1ms:5ms, or lognormal:2ms:20ms (median:p99); e.g. puback=3ms.")
    List<String> delays = new ArrayList<>();

    @Option(names = "--refuse", paramLabel = "OP=PERCENT[@FROM-TO]", description = "Refuses a share of an "
            + "operation (repeatable): connect gets CONNACK 0x03, subscribe SUBACK 0x80, publish is dropped, puback "
            + "withheld, shadow unanswered, api answered RequestLimitExceeded (or api=5%%:InternalError).")
    List<String> refusals = new ArrayList<>();

    @Option(names = "--disconnect", paramLabel = "RATE[@FROM-TO]", description = "Closes random device "
            + "connections at this rate, e.g. 5/s.")
    String disconnect;

    @Option(names = "--stall", paramLabel = "DURATION/PERIOD[@FROM-TO]", description = "Stops reading every "
            + "connection for DURATION once per PERIOD, e.g. 500ms/10s.")
    String stall;

    @Option(names = "--fault-window", paramLabel = "FROM-TO", description = "Applies every fault without its own "
            + "@FROM-TO only in this window of time since the hub started, e.g. 10s-40s or 30s-.")
    String faultWindow;

    @Option(names = "--fault-queue", paramLabel = "N", description = "Operations each --limit may queue before "
            + "refusing more (default: " + HubFaults.DEFAULT_QUEUE_CAPACITY + ").")
    String faultQueue;

    /** The faults the flags ask for, once {@link #options()} checked them. */
    private HubFaults injected = HubFaults.NONE;

    @Override
    public Integer call() throws Exception {
        HubBuilder builder = Hub.builder().options(options());
        Map<String, Product> allProducts = new LinkedHashMap<>();
        List<Device> allDevices = new ArrayList<>();
        if (provisionFile != null) {
            ProvisioningFile.Contents contents = ProvisioningFile.read(provisionFile);
            contents.products().forEach(p -> allProducts.put(p.productId(), p));
            allDevices.addAll(contents.devices());
        }
        for (ProductArg p : products) {
            Product product = new Product(p.productId, p.secret, Map.of());
            allProducts.put(p.productId, p.subProducts == null ? product : gateway(product, p.subProducts));
        }
        for (String arg : devices) {
            Device device = parseDevice(arg);
            allProducts.putIfAbsent(device.id().productId(), Product.of(device.id().productId()));
            allDevices.add(device);
        }
        allProducts.values().forEach(builder::product);
        allDevices.forEach(builder::device);
        apiKeys();

        StopSignal stop = new StopSignal();
        try (Hub hub = builder.startAndWait(); MetricsEndpoint metrics = metricsEndpoint()) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("fleetstorm hub started: " + describe(hub, allProducts.size(), allDevices.size()));
            if (!injected.isEmpty()) {
                out.println("faults: " + String.join("; ", injected.describe()));
            }
            if (metrics.port() >= 0) {
                HubMetrics.bind(metrics.meterRegistry(), hub, hubName);
                out.println("metrics: http://" + metricsHost + ":" + metrics.port() + "/metrics");
            }
            out.println("Press Ctrl-C to stop.");
            out.flush();
            String signal = stop.await();
            out.println("fleetstorm hub stopping (" + signal + "): " + hub.stats().connectionsOpen()
                    + " connection(s) closed.");
            out.flush();
        }
        return ExitCode.OK.code();
    }

    private MetricsEndpoint metricsEndpoint() throws java.io.IOException {
        try {
            return new MetricsEndpoint(metricsHost, metricsPort);
        } catch (java.net.BindException e) {
            throw new InvalidInputException("cannot serve metrics on " + metricsHost + ":" + metricsPort
                    + ": the port is in use");
        }
    }

    private HubOptions options() {
        HubOptions o = new HubOptions().host(host).mqttPort(mqttPort).tlsPort(tlsPort).apiPort(apiPort).certDir(certDir)
                .certificateAuthority(caCert, caKey).serverCertificate(serverCert, serverKey);
        if (eventLoops != null) {
            o.eventLoops(eventLoops);
        }
        apiOptions(o);
        try {
            o.productHostSuffix(productHosts);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage().replace("productHostSuffix", "--product-hosts"));
        }
        HubLimits limits = HubLimits.CLOUD;
        if (connectInterval != null) {
            limits = limits.withConnectIntervalMs(connectInterval.toMillis());
        }
        if (uplinkLimit != null) {
            limits = limits.withUplinkMessagesPerSecond(uplinkLimit);
        }
        if (offlineResendInterval != null) {
            limits = limits.withOfflineResendIntervalMs(offlineResendInterval.toMillis());
        }
        injected = faults();
        o.faults(injected);
        return o.limits(limits);
    }

    /** The API's keys and limits (issue 17, 15). */
    private void apiOptions(HubOptions o) {
        try {
            o.apiInsecure(apiInsecure).firmwareDir(firmwareDir);
            if (apiMaxBody != null) {
                o.apiMaxBodyBytes((int) Math.min(Integer.MAX_VALUE, apiMaxBody));
            }
            if (firmwareBudget != null) {
                o.firmwareBudgetBytes(firmwareBudget);
            }
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(e.getMessage().replace("apiMaxBodyBytes", "--api-max-body")
                    .replace("firmwareBudgetBytes", "--firmware-budget"));
        }
        hubOptions = o;
    }

    /** After every other input is checked: a bad flag must not leave a generated key file behind. */
    private void apiKeys() {
        if (apiPort == HubOptions.DISABLED) {
            return; // no API, nothing to sign: no key generated, no key file written
        }
        hubOptions.apiKeys(ApiAccess.hubKeys(apiKeys, System.getenv(), apiKeyFile != null ? apiKeyFile
                : ApiAccess.DEFAULT_KEY_FILE, spec.commandLine().getOut()));
    }

    private static Product gateway(Product product, List<String> subProducts) {
        try {
            return product.asGatewayOf(new java.util.LinkedHashSet<>(subProducts));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--sub-products: " + e.getMessage());
        }
    }

    /** Every fault flag, checked at once: all errors in one message (exit 2). */
    HubFaults faults() {
        List<String> errors = new ArrayList<>();
        HubFaults.Builder b = HubFaults.builder();
        limits.forEach(text -> HubFaultSpec.flag(b, "--limit", text, errors));
        delays.forEach(text -> HubFaultSpec.flag(b, "--delay", text, errors));
        refusals.forEach(text -> HubFaultSpec.flag(b, "--refuse", text, errors));
        if (disconnect != null) {
            HubFaultSpec.flag(b, "--disconnect", disconnect, errors);
        }
        if (stall != null) {
            HubFaultSpec.flag(b, "--stall", stall, errors);
        }
        if (faultWindow != null) {
            HubFaultSpec.flag(b, "--fault-window", faultWindow, errors);
        }
        if (faultQueue != null) {
            HubFaultSpec.flag(b, "--fault-queue", faultQueue, errors);
        }
        if (errors.size() == 1) {
            throw new InvalidInputException(errors.get(0));
        }
        if (!errors.isEmpty()) {
            throw new InvalidInputException(errors.size() + " invalid fault flags:\n  " + String.join("\n  ", errors));
        }
        return b.build();
    }

    static Device parseDevice(String arg) {
        int slash = arg.indexOf('/');
        int equals = arg.indexOf('=');
        if (slash <= 0 || equals <= slash + 1 || equals == arg.length() - 1) {
            throw new InvalidInputException("--device must be PRODUCTID/DEVICENAME=BASE64PSK, but was '"
                    + (equals > 0 ? arg.substring(0, equals) + "=***" : arg) + "'");
        }
        String productId = arg.substring(0, slash);
        String deviceName = arg.substring(slash + 1, equals);
        if (!DeviceId.isValidProductId(productId) || !DeviceId.isValidDeviceName(deviceName)) {
            throw new InvalidInputException("--device " + productId + "/" + deviceName
                    + ": product id must match [A-Za-z0-9]{1,32} and device name [A-Za-z0-9:_-]{1,48}");
        }
        try {
            return Device.withPsk(new DeviceId(productId, deviceName), arg.substring(equals + 1));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--device " + productId + "/" + deviceName + ": the PSK is not valid base64");
        }
    }

    private String describe(Hub hub, int productCount, int deviceCount) {
        StringBuilder sb = new StringBuilder();
        if (hub.mqttPort() >= 0) {
            sb.append("mqtt://").append(host).append(':').append(hub.mqttPort());
        }
        if (hub.tlsPort() >= 0) {
            sb.append(sb.length() > 0 ? " " : "").append("mqtts://").append(host).append(':').append(hub.tlsPort());
        }
        if (hub.apiPort() >= 0) {
            sb.append(sb.length() > 0 ? " " : "").append("http://").append(host).append(':').append(hub.apiPort());
        }
        sb.append(" (").append(productCount).append(" product(s), ").append(deviceCount).append(" registered device(s)");
        if (certDir != null) {
            sb.append(", CA and server certificate in ").append(certDir);
        }
        return sb.append(')').toString();
    }
}

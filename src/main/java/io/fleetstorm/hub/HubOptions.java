package io.fleetstorm.hub;

import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Options of the embedded hub. Setters reject bad values with the rule in the message.
 */
public final class HubOptions {

    public static final String DEFAULT_HOST = "0.0.0.0";
    public static final int DEFAULT_MQTT_PORT = 1883;
    public static final int DEFAULT_TLS_PORT = 8883;
    /** The application HTTP API (and firmware downloads). */
    public static final int DEFAULT_API_PORT = 8880;
    /** A port value that turns a listener off. */
    public static final int DISABLED = -1;
    /** Names the generated server certificate is valid for. */
    public static final List<String> DEFAULT_SERVER_NAMES = List.of("localhost", "127.0.0.1");
    /** Largest API request body read; a larger one is refused (HTTP 413) before it is read. */
    public static final int DEFAULT_API_MAX_BODY_BYTES = 1024 * 1024;
    /** Disk all firmware images of the hub may take together (uploads and generated images). */
    public static final long DEFAULT_FIRMWARE_BUDGET_BYTES = 2L * 1024 * 1024 * 1024;
    /** Largest single firmware image. */
    public static final long DEFAULT_MAX_FIRMWARE_BYTES = 256L * 1024 * 1024;

    private String host = DEFAULT_HOST;
    private int mqttPort = DEFAULT_MQTT_PORT;
    private int tlsPort = DEFAULT_TLS_PORT;
    private int apiPort = DEFAULT_API_PORT;
    private int eventLoops = Math.max(1, Runtime.getRuntime().availableProcessors());
    private HubLimits limits = HubLimits.CLOUD;
    private HubEvents events = HubEvents.NONE;
    private HubScript script = HubScript.NONE;
    private HubFaults faults = HubFaults.NONE;
    private Path caCertFile;
    private Path caKeyFile;
    private Path serverCertFile;
    private Path serverKeyFile;
    private Path certDir;
    private List<String> serverNames = DEFAULT_SERVER_NAMES;
    private Vertx vertx;
    private List<ApiKey> apiKeys = List.of();
    private boolean apiInsecure;
    private int apiMaxBodyBytes = DEFAULT_API_MAX_BODY_BYTES;
    private Path firmwareDir;
    private long firmwareBudgetBytes = DEFAULT_FIRMWARE_BUDGET_BYTES;
    private long maxFirmwareBytes = DEFAULT_MAX_FIRMWARE_BYTES;
    private String productHostSuffix;

    public String host() {
        return host;
    }

    public HubOptions host(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("host must not be empty");
        }
        this.host = value;
        return this;
    }

    public int mqttPort() {
        return mqttPort;
    }

    /** 0 picks an ephemeral port (read it back with {@link Hub#mqttPort()}), {@link #DISABLED} turns TCP off. */
    public HubOptions mqttPort(int value) {
        this.mqttPort = checkPort("mqttPort", value);
        return this;
    }

    public int tlsPort() {
        return tlsPort;
    }

    /** 0 picks an ephemeral port (read it back with {@link Hub#tlsPort()}), {@link #DISABLED} turns TLS off. */
    public HubOptions tlsPort(int value) {
        this.tlsPort = checkPort("tlsPort", value);
        return this;
    }

    public int apiPort() {
        return apiPort;
    }

    /**
     * The application HTTP API port, which also serves firmware downloads: 0 picks an ephemeral port (read it back
     * with {@link Hub#apiPort()}), {@link #DISABLED} turns the API off.
     */
    public HubOptions apiPort(int value) {
        this.apiPort = checkPort("apiPort", value);
        return this;
    }

    public int eventLoops() {
        return eventLoops;
    }

    /** How many event loops serve device connections (one listener verticle each, sharing the ports). */
    public HubOptions eventLoops(int value) {
        if (value < 1 || value > 256) {
            throw new IllegalArgumentException("eventLoops must be 1..256, but was " + value);
        }
        this.eventLoops = value;
        return this;
    }

    public HubLimits limits() {
        return limits;
    }

    public HubOptions limits(HubLimits value) {
        this.limits = Objects.requireNonNull(value, "limits");
        return this;
    }

    public HubEvents events() {
        return events;
    }

    public HubOptions events(HubEvents value) {
        this.events = Objects.requireNonNull(value, "events");
        return this;
    }

    public HubScript script() {
        return script;
    }

    /** Scripted misbehaviour for tests; {@link HubScript#NONE} by default. */
    public HubOptions script(HubScript value) {
        this.script = Objects.requireNonNull(value, "script");
        return this;
    }

    public HubFaults faults() {
        return faults;
    }

    /** Faults to inject (limits, delays, refusals, disconnects, stalls); {@link HubFaults#NONE} by default. */
    public HubOptions faults(HubFaults value) {
        this.faults = Objects.requireNonNull(value, "faults");
        return this;
    }

    public Path caCertFile() {
        return caCertFile;
    }

    public Path caKeyFile() {
        return caKeyFile;
    }

    /** A CA (certificate and key PEM) to issue the server and device certificates with; generated when absent. */
    public HubOptions certificateAuthority(Path certFile, Path keyFile) {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("the CA needs both a certificate and a key file");
        }
        this.caCertFile = certFile;
        this.caKeyFile = keyFile;
        return this;
    }

    public Path serverCertFile() {
        return serverCertFile;
    }

    public Path serverKeyFile() {
        return serverKeyFile;
    }

    /** The TLS listener's certificate chain and key (PEM); issued by the CA when absent. */
    public HubOptions serverCertificate(Path certFile, Path keyFile) {
        if ((certFile == null) != (keyFile == null)) {
            throw new IllegalArgumentException("the server certificate needs both a certificate and a key file");
        }
        this.serverCertFile = certFile;
        this.serverKeyFile = keyFile;
        return this;
    }

    public Path certDir() {
        return certDir;
    }

    /** Where the generated CA and server certificate are written as PEM files (ca.pem, ca.key, server.pem, ...). */
    public HubOptions certDir(Path value) {
        this.certDir = value;
        return this;
    }

    public List<String> serverNames() {
        return serverNames;
    }

    public HubOptions serverNames(List<String> value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("serverNames must name at least one host");
        }
        this.serverNames = List.copyOf(value);
        return this;
    }

    public String productHostSuffix() {
        return productHostSuffix;
    }

    /**
     * Impersonates the cloud's per-product hosts {@code {productId}.SUFFIX} (e.g. {@code iotcloud.tencentdevices.com}):
     * the generated server certificate is also valid for {@code *.SUFFIX}, and a device over TLS must have indicated
     * (SNI) the host of its own product, else its CONNECT is refused ({@link RefusalReason#WRONG_HOST}). Null: off.
     */
    public HubOptions productHostSuffix(String value) {
        if (value != null && !value.matches("([A-Za-z0-9-]{1,63}\\.)+[A-Za-z0-9-]{1,63}")) {
            throw new IllegalArgumentException("productHostSuffix must be a DNS name such as "
                    + "iotcloud.tencentdevices.com, but was '" + value + "'");
        }
        this.productHostSuffix = value == null ? null : value.toLowerCase(java.util.Locale.ROOT);
        return this;
    }

    public Vertx vertx() {
        return vertx;
    }

    /** Runs the hub on this Vert.x instance (which the hub then does not close); a private one otherwise. */
    public HubOptions vertx(Vertx value) {
        this.vertx = value;
        return this;
    }

    public List<ApiKey> apiKeys() {
        return apiKeys;
    }

    /**
     * The key pairs whose TC3 signatures the API accepts. With none and {@link #apiInsecure()} off, every API call is
     * refused ({@code AuthFailure.SecretIdNotFound}).
     */
    public HubOptions apiKeys(List<ApiKey> value) {
        this.apiKeys = List.copyOf(Objects.requireNonNull(value, "apiKeys"));
        return this;
    }

    public boolean apiInsecure() {
        return apiInsecure;
    }

    /**
     * Also takes unsigned calls: {@code POST /api/<Action>} and {@code POST /} without Authorization. A call that
     * carries an Authorization header is still verified.
     */
    public HubOptions apiInsecure(boolean value) {
        this.apiInsecure = value;
        return this;
    }

    public int apiMaxBodyBytes() {
        return apiMaxBodyBytes;
    }

    public HubOptions apiMaxBodyBytes(int value) {
        if (value < 1024 || value > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("apiMaxBodyBytes must be 1024..67108864, but was " + value);
        }
        this.apiMaxBodyBytes = value;
        return this;
    }

    public Path firmwareDir() {
        return firmwareDir;
    }

    /** Where firmware images are kept; a fresh temporary directory (deleted at stop) when null. */
    public HubOptions firmwareDir(Path value) {
        this.firmwareDir = value;
        return this;
    }

    public long firmwareBudgetBytes() {
        return firmwareBudgetBytes;
    }

    public HubOptions firmwareBudgetBytes(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("firmwareBudgetBytes must be >= 0, but was " + value);
        }
        this.firmwareBudgetBytes = value;
        return this;
    }

    public long maxFirmwareBytes() {
        return maxFirmwareBytes;
    }

    public HubOptions maxFirmwareBytes(long value) {
        if (value < 1) {
            throw new IllegalArgumentException("maxFirmwareBytes must be >= 1, but was " + value);
        }
        this.maxFirmwareBytes = value;
        return this;
    }

    private static int checkPort(String name, int value) {
        if (value != DISABLED && (value < 0 || value > 65_535)) {
            throw new IllegalArgumentException(name + " must be 0..65535 (0 = ephemeral) or -1 (off), but was " + value);
        }
        return value;
    }
}

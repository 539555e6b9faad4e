package io.fleetstorm.scenario;

import io.fleetstorm.protocol.SdkAppId;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The vendor SDK whose wire habits a group copies (protocol doc section 8), with every default that follows from it.
 * The engine maps it onto the device profile; a scenario only names it.
 */
public enum Sdk {

    /** Tencent's C SDK 3.x: random 1-2 s back-off doubling, giving up past 60 s; time sync on connect. */
    C_SDK("c-sdk", SdkAppId.C_SDK, Expiry.C_SDK_NEVER, 240, new Backoff(1_000, 2_000, 60_000, 60_000), 1_000,
            ClientToken.PRODUCT, ShadowVersion.NONE, true),
    /** The Java SDK on Paho: 1 s back-off doubling to 2 min, never giving up; clientToken with the device name. */
    JAVA_SDK("java-sdk", SdkAppId.JAVA_SDK, Expiry.INT_MAX, 60, new Backoff(1_000, 1_000, 120_000, 0), 100,
            ClientToken.PRODUCT_AND_DEVICE, ShadowVersion.ZERO, false);

    /** How the SDK writes the UserName's expiry (the device profile's styles, by name). */
    public enum Expiry { NOW_PLUS, INT_MAX, NOW_MILLIS, C_SDK_NEVER }

    /** The shadow clientToken: {@code PID-n} (C SDK) or {@code PID+DN-n} (Java SDK). */
    public enum ClientToken { PRODUCT, PRODUCT_AND_DEVICE }

    /** The version a shadow update carries (the device profile's styles, by name). */
    public enum ShadowVersion { NONE, ZERO, LAST_SEEN }

    /**
     * Reconnect back-off: the first wait uniform in [firstMinMs, firstMaxMs], doubled after each failure up to maxMs;
     * the device gives up once the total wait passes giveUpAfterMs (0 = never).
     */
    public record Backoff(long firstMinMs, long firstMaxMs, long maxMs, long giveUpAfterMs) {
    }

    private final String yamlName;
    private final String sdkAppId;
    private final Expiry expiry;
    private final int keepAliveSeconds;
    private final Backoff backoff;
    private final long otaProgressIntervalMs;
    private final ClientToken clientToken;
    private final ShadowVersion shadowVersion;
    private final boolean timeSyncOnConnect;

    Sdk(String yamlName, String sdkAppId, Expiry expiry, int keepAliveSeconds, Backoff backoff,
            long otaProgressIntervalMs, ClientToken clientToken, ShadowVersion shadowVersion,
            boolean timeSyncOnConnect) {
        this.yamlName = yamlName;
        this.sdkAppId = sdkAppId;
        this.expiry = expiry;
        this.keepAliveSeconds = keepAliveSeconds;
        this.backoff = backoff;
        this.otaProgressIntervalMs = otaProgressIntervalMs;
        this.clientToken = clientToken;
        this.shadowVersion = shadowVersion;
        this.timeSyncOnConnect = timeSyncOnConnect;
    }

    /** The name in a scenario file, e.g. {@code c-sdk}. */
    public String yamlName() {
        return yamlName;
    }

    /** The UserName's sdkappid. */
    public String sdkAppId() {
        return sdkAppId;
    }

    public Expiry expiry() {
        return expiry;
    }

    /** The keepalive of the SDK's samples, when the group sets none. */
    public int keepAliveSeconds() {
        return keepAliveSeconds;
    }

    public Backoff backoff() {
        return backoff;
    }

    /** How often an upgrading device reports download progress. */
    public long otaProgressIntervalMs() {
        return otaProgressIntervalMs;
    }

    public ClientToken clientToken() {
        return clientToken;
    }

    public ShadowVersion shadowVersion() {
        return shadowVersion;
    }

    /** Whether the device asks for the time right after connecting (C SDK sample). */
    public boolean timeSyncOnConnect() {
        return timeSyncOnConnect;
    }

    /** Every YAML name, for messages. */
    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(Sdk::yamlName).toList();
    }

    /** The SDK with this YAML name. */
    public static Optional<Sdk> fromYaml(String name) {
        return Arrays.stream(values()).filter(s -> s.yamlName.equals(name)).findFirst();
    }
}

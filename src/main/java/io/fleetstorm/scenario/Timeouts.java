package io.fleetstorm.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How long a group's devices wait for each kind of answer before counting a timeout; the SDKs wait 5 s for each
 * command (protocol doc section 8) and 10 s for a firmware download request (section 5). Written
 * {@code timeouts: {connack: 10s, puback: 2s}}; the rest keep their default.
 */
public record Timeouts(Duration connack, Duration suback, Duration puback, Duration shadow, Duration echo,
        Duration downlink, Duration ota) {

    /** The SDKs' command timeout. */
    public static final Duration DEFAULT = Duration.ofSeconds(5);
    /** The SDKs' firmware download request timeout (connect and read). */
    public static final Duration OTA_DEFAULT = Duration.ofSeconds(10);
    /** The shortest timeout: below it a loaded loopback run times out on scheduling noise. */
    public static final Duration MIN = Duration.ofMillis(100);
    /** The longest timeout. */
    public static final Duration MAX = Duration.ofMinutes(10);
    /** The field names, in order. */
    static final List<String> FIELDS = List.of("connack", "suback", "puback", "shadow", "echo", "downlink", "ota");

    /** As the SDKs: 5 s for every command, 10 s for a firmware download request. */
    public static Timeouts defaults() {
        return new Timeouts(DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, OTA_DEFAULT);
    }

    static Timeouts read(YamlNode n) {
        if (n == null) {
            return defaults();
        }
        Map<String, YamlNode> m = n.entries(FIELDS);
        return new Timeouts(one(m, "connack", DEFAULT), one(m, "suback", DEFAULT), one(m, "puback", DEFAULT),
                one(m, "shadow", DEFAULT), one(m, "echo", DEFAULT), one(m, "downlink", DEFAULT),
                one(m, "ota", OTA_DEFAULT));
    }

    private static Duration one(Map<String, YamlNode> m, String key, Duration fallback) {
        return Fields.duration(m.get(key), MIN, MAX, fallback);
    }
}

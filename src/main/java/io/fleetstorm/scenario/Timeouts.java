package io.fleetstorm.scenario;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How long a group's devices wait for each kind of answer before counting a timeout; the SDKs wait 5 s for each
 * (protocol doc section 8). Written {@code timeouts: {connack: 10s, puback: 2s}}; the rest keep the default.
 */
public record Timeouts(Duration connack, Duration suback, Duration puback, Duration shadow, Duration echo,
        Duration downlink, Duration ota) {

    /** The SDKs' command timeout. */
    public static final Duration DEFAULT = Duration.ofSeconds(5);
    /** The shortest timeout: below it a loaded loopback run times out on scheduling noise. */
    public static final Duration MIN = Duration.ofMillis(100);
    /** The longest timeout. */
    public static final Duration MAX = Duration.ofMinutes(10);
    /** The field names, in order. */
    static final List<String> FIELDS = List.of("connack", "suback", "puback", "shadow", "echo", "downlink", "ota");

    /** 5 s for everything, as the SDKs. */
    public static Timeouts defaults() {
        return new Timeouts(DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT, DEFAULT);
    }

    /** The longest of them. */
    public Duration longest() {
        return List.of(connack, suback, puback, shadow, echo, downlink, ota).stream().max(Duration::compareTo)
                .orElse(DEFAULT);
    }

    static Timeouts read(YamlNode n) {
        if (n == null) {
            return defaults();
        }
        Map<String, YamlNode> m = n.entries(FIELDS);
        return new Timeouts(one(m, "connack"), one(m, "suback"), one(m, "puback"), one(m, "shadow"),
                one(m, "echo"), one(m, "downlink"), one(m, "ota"));
    }

    private static Duration one(Map<String, YamlNode> m, String key) {
        return Fields.duration(m.get(key), MIN, MAX, DEFAULT);
    }
}

package io.fleetstorm.metrics;

import java.util.Locale;
import java.util.Optional;

/** Every operation fleetstorm measures; the label is its name in metrics, thresholds and reports. */
public enum Operation {
    CONNECT, SUBSCRIBE, PUBLISH_ACK, ECHO, DOWNLINK, SHADOW_UPDATE, SHADOW_GET, SHADOW_DELTA, SHADOW_CONVERGENCE,
    OTA_COMMAND, OTA_DOWNLOAD, OTA_DONE, RECONNECT_RECOVERY;

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** {@code connect}, {@code publish-ack}, {@code shadow-update}, ... */
    public String label() {
        return label;
    }

    public static Optional<Operation> fromLabel(String label) {
        for (Operation op : values()) {
            if (op.label.equals(label)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}

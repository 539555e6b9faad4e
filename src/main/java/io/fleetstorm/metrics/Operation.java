package io.fleetstorm.metrics;

import java.util.Locale;
import java.util.Optional;

/** The timed operations of a virtual device; each has a kebab-case label used in tags, thresholds and reports. */
public enum Operation {
    CONNECT,
    SUBSCRIBE,
    PUBLISH_ACK,
    ECHO,
    DOWNLINK,
    SHADOW_UPDATE,
    SHADOW_GET,
    SHADOW_DELTA,
    SHADOW_CONVERGENCE,
    OTA_COMMAND,
    OTA_DOWNLOAD,
    OTA_DONE,
    RECONNECT_RECOVERY,
    /** A gateway's bind request for one sub-device, to its answer 0 (or 809, already bound here). */
    SUBDEVICE_BIND,
    /** A gateway's online request for one sub-device, to its answer 0. */
    SUBDEVICE_ONLINE,
    /** A gateway's offline request for one sub-device, to its answer 0. */
    SUBDEVICE_OFFLINE,
    /** A dynamic registration request, to the answer with the device's decrypted credentials. */
    REGISTER,
    /** A remote configuration {@code get}, to its {@code reply}. */
    CONFIG_GET,
    /** An application's configuration push, from its intended instant to its arrival at the device. */
    CONFIG_PUSH,
    /** A resource upload: the task, the HTTP PUT and the final report, to the answer to that report. */
    RESOURCE_UPLOAD,
    /** A resource download: the task, the HTTP GET and the final report, to the answer to that report. */
    RESOURCE_DOWNLOAD,
    /** One answered call of the application side's cloud API (desired changes, downlinks, OTA tasks). */
    API_CALL;

    private static final Operation[] VALUES = values();

    private final String label = name().toLowerCase(Locale.ROOT).replace('_', '-');

    /** The kebab-case label, e.g. {@code publish-ack}. */
    public String label() {
        return label;
    }

    /** The operation with this label, if any. */
    public static Optional<Operation> fromLabel(String label) {
        for (Operation op : VALUES) {
            if (op.label.equals(label)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }

    /** Every label, comma separated, for error messages. */
    public static String labels() {
        StringBuilder sb = new StringBuilder();
        for (Operation op : VALUES) {
            sb.append(sb.length() == 0 ? "" : ", ").append(op.label);
        }
        return sb.toString();
    }
}

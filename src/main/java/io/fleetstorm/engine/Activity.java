package io.fleetstorm.engine;

/**
 * One stream of operations a phase runs for one group, in the engine's terms. The n-th operation is due at
 * phase start + {@code times.offsetNanos(n)} and goes to the group's device {@code n mod count} (per-device rates are
 * compiled to a total rate over round-robin devices: the same arrivals, one schedule instead of thousands).
 */
public sealed interface Activity {

    int group();

    /** When the n-th operation is due, from the phase start; storms happen once, at the phase start. */
    default IntendedTimes times() {
        return n -> 0;
    }

    /** Connects devices 0, 1, 2... of the group at the given arrival times, until all are connected. */
    record ConnectRamp(int group, IntendedTimes times) implements Activity {
    }

    /**
     * Publishes from the group's devices.
     *
     * @param behaviour "telemetry" or "echo" (echo measures the round trip through the device's own data topic)
     * @param topicSuffix for telemetry: "event", "data" or a custom topic name
     */
    record Publish(int group, String behaviour, String topicSuffix, int qos, PayloadSource payload,
            IntendedTimes times) implements Activity {
    }

    /**
     * Drops a share of the group's connected devices (abruptly or with DISCONNECT), all at the phase start or, with
     * {@code times}, device after device at a rate; they come back with their SDK back-off. Recovery ends when
     * {@code recoveryShare} of the dropped are connected again.
     */
    record ReconnectStorm(int group, double fraction, boolean abrupt, double recoveryShare, IntendedTimes times)
            implements Activity {

        /** All at once. */
        public ReconnectStorm(int group, double fraction, boolean abrupt, double recoveryShare) {
            this(group, fraction, abrupt, recoveryShare, null);
        }

        public boolean atOnce() {
            return times == null;
        }
    }

    /** Devices report state to their shadow ({@code shadow-update}). */
    record ShadowReport(int group, IntendedTimes times) implements Activity {
    }

    /** Devices get their shadow document ({@code shadow-get}). */
    record ShadowGet(int group, IntendedTimes times) implements Activity {
    }

    /**
     * The application changes devices' desired state through the hub API; devices receive the delta
     * ({@code shadow-delta}), apply it and acknowledge as the SDK samples do ({@code shadow-convergence}).
     */
    record ShadowDesired(int group, IntendedTimes times) implements Activity {
    }

    /** The application publishes to devices' control topics through the hub API ({@code downlink}). */
    record Downlink(int group, int qos, PayloadSource payload, IntendedTimes times) implements Activity {
    }

    /**
     * An OTA wave at the phase start: the application uploads firmware and creates an upgrade task for
     * {@code fraction} of the group (when {@code createTask}), then every connected device of the group reports its
     * version at once; the targeted ones download, burn and report done or fail.
     */
    record OtaWave(int group, double fraction, String firmwareVersion, long firmwareBytes, boolean createTask,
            io.fleetstorm.device.OtaBehaviour behaviour) implements Activity {
    }
}

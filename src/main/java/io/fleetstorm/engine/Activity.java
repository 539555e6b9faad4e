package io.fleetstorm.engine;

import io.fleetstorm.device.LogicalDevice;
import io.fleetstorm.device.OtaBehaviour;
import io.fleetstorm.device.VirtualDevice;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Topics;
import io.vertx.core.json.JsonObject;

/**
 * One stream of operations a phase runs for one group, in the engine's terms. The n-th operation is due at
 * phase start + {@code times.offsetNanos(n)} and goes to the group's device {@code n mod count} (per-device rates are
 * compiled to a total rate over round-robin devices: the same arrivals, one schedule instead of thousands). Each kind
 * schedules and executes itself, so the loop's dispatch is one call.
 */
public sealed interface Activity permits Activity.ConnectRamp, Activity.Publish, Activity.ReconnectStorm,
        Activity.ShadowReport, Activity.ShadowGet, Activity.ShadowDesired, Activity.Downlink, Activity.OtaWave,
        SdkActivities.SubDeviceRamp, SdkActivities.Register, SdkActivities.ConfigGet, SdkActivities.ConfigPush,
        SdkActivities.ResourceUpload, SdkActivities.ResourceDownload {

    int group();

    /** When the n-th operation is due, from the phase start; storms happen once, at the phase start. */
    default IntendedTimes times() {
        return n -> 0;
    }

    /** Schedules this activity's operations on one loop for the phase [startNanos, endNanos). */
    default void enter(FleetLoop loop, long startNanos, long endNanos) {
        loop.stream(this, startNanos, endNanos, Long.MAX_VALUE);
    }

    /** Runs one operation, due at {@code intendedNanos}, on {@code device}. */
    void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos);

    /** This loop has run the last operation of this activity's stream. */
    default void streamDone(FleetLoop loop) {
    }

    /** The run has ended and every device is disconnected (off the event loops: it may write files). */
    default void runEnded() {
    }

    /** Connects devices 0, 1, 2... of the group at the given arrival times, until all are connected. */
    record ConnectRamp(int group, IntendedTimes times) implements Activity {

        @Override
        public void enter(FleetLoop loop, long startNanos, long endNanos) {
            loop.stream(this, startNanos, endNanos, loop.groupSize(group));
        }

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            ((VirtualDevice) device).connect(intendedNanos); // the scenario gives connect to such groups only
        }
    }

    /**
     * Publishes from the group's devices.
     *
     * @param behaviour "telemetry" or "echo" (echo measures the round trip through the device's own data topic)
     * @param topicSuffix for telemetry: "event", "data" or a custom topic name
     */
    record Publish(int group, String behaviour, String topicSuffix, int qos, PayloadSource payload,
            IntendedTimes times) implements Activity {

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            byte[] bytes = payload.render(device.id(), stream.sequence(), loop.epochMillis());
            boolean sent;
            if ("echo".equals(behaviour)) {
                sent = device.features().echo(bytes, qos, intendedNanos);
            } else {
                // Built once per device and phase: concatenating and checking the topic on every publish was ~7% of
                // the event loops' samples at 20k QoS 0 msg/s (JFR, bench/compare.py qos0-20k).
                int local = stream.localDevice();
                String topic = stream.cachedTopic(local);
                sent = device.publish(topic != null ? topic : stream.cacheTopic(local, topic(device.id())), bytes,
                        qos, behaviour, intendedNanos);
            }
            if (!sent) {
                loop.skipped(group, device);
            }
        }

        /** The topic a telemetry publish goes to: the device's event, data or custom topic. */
        public String topic(DeviceId device) {
            return switch (topicSuffix) {
                case "event" -> Topics.event(device);
                case "data" -> Topics.data(device);
                default -> Topics.custom(device, topicSuffix);
            };
        }
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

        @Override
        public void enter(FleetLoop loop, long startNanos, long endNanos) {
            if (atOnce()) {
                loop.at(startNanos, () -> loop.storm(this).shedAll());
            } else {
                loop.stream(this, startNanos, endNanos, loop.groupSize(group));
            }
        }

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            loop.storm(this).dropIfChosen((VirtualDevice) device); // storms are for groups with connections
        }

        @Override
        public void streamDone(FleetLoop loop) {
            loop.storm(this).shardDone();
        }
    }

    /** Devices report state to their shadow ({@code shadow-update}). */
    record ShadowReport(int group, IntendedTimes times) implements Activity {

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            JsonObject reported = new JsonObject().put("temperature", 20 + (stream.sequence() % 100) / 10.0)
                    .put("seq", stream.sequence());
            if (!device.features().shadowUpdate(reported, intendedNanos)) {
                loop.skipped(group, device);
            }
        }
    }

    /** Devices get their shadow document ({@code shadow-get}). */
    record ShadowGet(int group, IntendedTimes times) implements Activity {

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            if (!device.features().shadowGet(intendedNanos)) {
                loop.skipped(group, device);
            }
        }
    }

    /**
     * The application changes devices' desired state through the hub API; devices receive the delta
     * ({@code shadow-delta}), apply it and acknowledge as the SDK samples do ({@code shadow-convergence}).
     */
    record ShadowDesired(int group, IntendedTimes times) implements Activity {

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            loop.application().changeDesired(group, device, intendedNanos);
        }
    }

    /** The application publishes to devices' control topics through the hub API ({@code downlink}). */
    record Downlink(int group, int qos, PayloadSource payload, IntendedTimes times) implements Activity {

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            byte[] bytes = payload.render(device.id(), stream.sequence(), loop.epochMillis());
            loop.application().downlink(group, device, bytes, qos, intendedNanos);
        }
    }

    /**
     * An OTA wave at the phase start: the application uploads firmware and creates an upgrade task for
     * {@code fraction} of the group (when {@code createTask}), then every connected device of the group reports its
     * version at once; the targeted ones download, burn and report done or fail.
     */
    record OtaWave(int group, double fraction, String firmwareVersion, long firmwareBytes, boolean createTask,
            OtaBehaviour behaviour) implements Activity {

        @Override
        public void enter(FleetLoop loop, long startNanos, long endNanos) {
            loop.at(startNanos, () -> loop.application().otaWave(this, startNanos));
        }

        @Override
        public void execute(FleetLoop loop, OpStream stream, LogicalDevice device, long intendedNanos) {
            throw new IllegalStateException("an OTA wave runs once at its phase start, not as a stream");
        }
    }
}

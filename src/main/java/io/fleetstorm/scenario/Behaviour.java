package io.fleetstorm.scenario;

import java.time.Duration;

/** What a group's devices (or the application side) do during a phase; one record per behaviour. */
public sealed interface Behaviour {

    /** A one-line description printed before the run. */
    String describe();

    /** Connect ramp: new connections arrive at {@code rate} until every device of the group is connected. */
    record Connect(Rate rate) implements Behaviour {
        public String describe() {
            return "connect at " + rate;
        }
    }

    /** Devices only keep alive. */
    record Idle() implements Behaviour {
        public String describe() {
            return "idle (keepalive only)";
        }
    }

    /** Publishes to the event, data or a custom topic. */
    record Telemetry(Rate rate, int qos, String topic, Payload payload) implements Behaviour {
        public String describe() {
            return "telemetry to " + topic + " at " + rate + ", QoS " + qos + ", payload " + payload;
        }
    }

    /** Publishes to the device's own data topic and measures the round trip through the hub. */
    record Echo(Rate rate, int qos, Payload payload) implements Behaviour {
        public String describe() {
            return "echo at " + rate + ", QoS " + qos;
        }
    }

    /** The application publishes to devices' control topics through the hub API. */
    record Downlink(Rate rate, int qos, Payload payload) implements Behaviour {
        public String describe() {
            return "downlink through the API at " + rate + ", QoS " + qos;
        }
    }

    /** Shadow churn: device reports and gets, and application desired changes (each rate optional). */
    record Shadow(Rate report, Rate get, Rate desired) implements Behaviour {
        public String describe() {
            return "shadow: report " + (report == null ? "-" : report) + ", get " + (get == null ? "-" : get)
                    + ", desired through the API " + (desired == null ? "-" : desired);
        }
    }

    /** An OTA wave at the phase start. */
    record Ota(double fraction, String version, long sizeBytes, boolean createTask, long downloadBytesPerSecond,
            Duration burn, double failRatio) implements Behaviour {
        public String describe() {
            return "OTA to " + version + " (" + sizeBytes + " B) for " + Math.round(fraction * 100) + "% of the group"
                    + (createTask ? " through an API task" : "") + ", burn " + burn.toMillis() + " ms, "
                    + Math.round(failRatio * 100) + "% fail";
        }
    }

    /** A reconnect storm: a share of the group drops at the phase start, or at {@code rate} (null = at once). */
    record Reconnect(double fraction, boolean abrupt, double recoveryShare, Rate rate) implements Behaviour {
        public String describe() {
            return "reconnect storm: " + Math.round(fraction * 100) + "% drop " + (abrupt ? "abruptly" : "cleanly")
                    + (rate == null ? " at once" : " at " + rate) + ", recovery at "
                    + Math.round(recoveryShare * 100) + "% back";
        }
    }
}

package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a group's devices (or the application side) do during a phase, one type per behaviour, each in one file next
 * to its YAML reader. Each answers every question the tool asks of a behaviour (description, rates, shard scaling,
 * subscriptions, operations, device uplink), and the engine reaches its kind through {@link Visitor}, so adding a
 * behaviour is one file, one line in {@code permits} and in {@link Behaviours}, and the visitor methods the compiler
 * then asks for.
 */
public sealed interface Behaviour permits Connect, Idle, Telemetry, Echo, Downlink, Shadow, Ota, Reconnect, Bind,
        Online, Offline, Register, Config, Resource {

    /** Its name in a scenario file, e.g. {@code telemetry}. */
    String key();

    /** A one-line description printed before the run. */
    String describe();

    /** Every rate it runs, labelled as {@code plan} prints them (e.g. shadow's report, get and desired). */
    List<NamedRate> rates();

    /** The same behaviour for a shard holding {@code share} of the group: whole-group rates scaled, the rest kept. */
    Behaviour scaled(double share);

    /** The topics its devices must subscribe to. */
    default Set<Subscription> subscriptions() {
        return Set.of();
    }

    /** The operation labels (as in metrics and thresholds, e.g. {@code publish-ack}) it produces measurements of. */
    Set<String> operations();

    /** Peak uplink messages per second per device (the cloud's quota is 30); API-side traffic is not uplink. */
    default double uplinkPerDevice(int devices) {
        return 0;
    }

    /** Peak CONNECTs per second per device it asks for (the cloud allows one per 5 s). */
    default double connectsPerDevice(int devices) {
        return 0;
    }

    /**
     * The Cloud API actions the run's application side calls for this behaviour, each at its rate (one call per
     * operation), for the checks of the API's rate limits; empty for behaviours of the devices alone.
     */
    default List<NamedRate> apiRates() {
        return List.of();
    }

    /** The rows {@code plan} prints for it in a phase: each rate with the operations it gives. */
    default List<PlanRow> plan(int devices, long phaseNanos) {
        List<PlanRow> rows = new ArrayList<>();
        for (NamedRate r : rates()) {
            rows.add(new PlanRow(r.label(), r.rate(), r.rate().expectedCount(devices, phaseNanos), false));
        }
        return rows;
    }

    /** Whether sub-devices (a group behind gateways) may run it: not what needs a connection of its own. */
    default boolean forSubDevices() {
        return true;
    }

    /** Whether devices with a connection of their own may run it: not what only a gateway does for a sub-device. */
    default boolean forDirectDevices() {
        return true;
    }

    /** Hands the behaviour to the visitor's method for its kind. */
    <R> R accept(Visitor<R> visitor);

    /** One method per kind: a new behaviour does not compile until every visitor answers it. */
    interface Visitor<R> {
        R connect(Connect b);

        R idle(Idle b);

        R telemetry(Telemetry b);

        R echo(Echo b);

        R downlink(Downlink b);

        R shadow(Shadow b);

        R ota(Ota b);

        R reconnect(Reconnect b);

        R bind(Bind b);

        R online(Online b);

        R offline(Offline b);

        R register(Register b);

        R config(Config b);

        R resource(Resource b);
    }

    /** A rate with the name {@code plan} shows for it. */
    record NamedRate(String label, Rate rate) {
    }

    /**
     * One row of {@code plan}.
     *
     * @param label    what runs, e.g. {@code shadow get}
     * @param rate     its rate, or null for a one-off (an OTA wave, a storm at once)
     * @param expected operations expected in the phase
     * @param connects  whether each operation connects a device not yet connected (so the row ends when all are)
     */
    record PlanRow(String label, Rate rate, double expected, boolean connects) {
    }

    /** The peak per-device rate of a rate for a group of {@code devices}. */
    static double perDevice(Rate rate, int devices) {
        return rate.peakTotal(devices) / devices;
    }
}

package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.Fields;
import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.Units;
import io.fleetstorm.scenario.YamlNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A reconnect storm: {@code fraction} of the group drops at the phase start, or device after device at {@code rate}
 * (null = at once), abruptly or with DISCONNECT, and comes back with its SDK back-off; recovery ends when
 * {@code recoveryShare} of the dropped are back. Written {@code reconnect: {fraction: 30%, mode: abrupt,
 * recovery: 95%}}.
 */
public record Reconnect(double fraction, boolean abrupt, double recoveryShare, Rate rate) implements Behaviour {

    static final String KEY = "reconnect";
    static final List<String> FIELDS = List.of("fraction", "mode", "recovery", "rate");

    static Behaviour read(YamlNode node) {
        Map<String, YamlNode> m = node.entries(FIELDS);
        double fraction = Fields.share(Fields.required(node, m, "fraction"), true, 0.0001);
        String mode = Fields.choice(m.get("mode"), List.of("abrupt", "clean"), "abrupt");
        double recovery = Fields.share(m.get("recovery"), true, 0.95);
        return new Reconnect(fraction, !"clean".equals(mode), recovery, Fields.rate(m.get("rate"), null));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "reconnect storm: " + Units.trim(fraction * 100) + "% drop " + (abrupt ? "abruptly" : "cleanly")
                + (rate == null ? " at once" : " at " + rate) + ", recovery at " + Units.trim(recoveryShare * 100)
                + "% back";
    }

    @Override
    public List<NamedRate> rates() {
        return rate == null ? List.of() : List.of(new NamedRate("reconnect", rate));
    }

    /** One row: the devices the storm drops, at once or at its rate. */
    @Override
    public List<PlanRow> plan(int devices, long phaseNanos) {
        long dropped = dropped(devices);
        return List.of(new PlanRow("reconnect storm", rate,
                rate == null ? dropped : Math.min(dropped, rate.expectedCount(devices, phaseNanos)), false));
    }

    /** Devices the storm drops in a group of {@code devices} (when all are connected). */
    public long dropped(int devices) {
        return Math.max(1, Math.round(fraction * devices));
    }

    @Override
    public Behaviour scaled(double share) {
        return new Reconnect(fraction, abrupt, recoveryShare, rate == null ? null : rate.scaled(share));
    }

    @Override
    public Set<String> operations() {
        return Set.of("reconnect-recovery", "connect", "subscribe");
    }

    /** Sub-devices have no connection to drop: storm their gateways (they come back online with them). */
    @Override
    public boolean forSubDevices() {
        return false;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.reconnect(this);
    }
}

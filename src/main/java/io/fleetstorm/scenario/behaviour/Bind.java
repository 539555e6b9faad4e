package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.YamlNode;
import java.util.List;
import java.util.Set;

/**
 * Sub-devices (a group with {@code gateway:}): gateways bind their sub-devices, one request per
 * sub-device on the gateway's connection ({@code subdevice-bind}), every one at the phase start
 * ({@code bind: all}) or device after device at a rate ({@code bind: 500/s}) until all have.
 *
 * @param rate the rate, or null for all at once
 */
public record Bind(Rate rate) implements Behaviour {

    static final String KEY = "bind";

    static Behaviour read(YamlNode node) {
        return new Bind(AtOnceOrRate.read(node));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "gateways bind their sub-devices " + AtOnceOrRate.describe(rate);
    }

    @Override
    public List<NamedRate> rates() {
        return rate == null ? List.of() : List.of(new NamedRate(KEY, rate));
    }

    @Override
    public List<PlanRow> plan(int devices, long phaseNanos) {
        return List.of(AtOnceOrRate.row(KEY, rate, devices, phaseNanos, false));
    }

    @Override
    public Behaviour scaled(double share) {
        return new Bind(rate == null ? null : rate.scaled(share));
    }

    @Override
    public Set<String> operations() {
        return Set.of("subdevice-bind");
    }

    @Override
    public boolean forDirectDevices() {
        return false;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.bind(this);
    }
}

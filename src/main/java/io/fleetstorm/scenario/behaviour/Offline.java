package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.YamlNode;
import java.util.List;
import java.util.Set;

/**
 * Sub-devices (a group with {@code gateway:}): gateways take their sub-devices offline, one request per
 * sub-device on the gateway's connection ({@code subdevice-offline}), every one at the phase start
 * ({@code offline: all}) or device after device at a rate ({@code offline: 500/s}) until all have.
 *
 * @param rate the rate, or null for all at once
 */
public record Offline(Rate rate) implements Behaviour {

    static final String KEY = "offline";

    static Behaviour read(YamlNode node) {
        return new Offline(AtOnceOrRate.read(node));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "gateways take their sub-devices offline " + AtOnceOrRate.describe(rate);
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
        return new Offline(rate == null ? null : rate.scaled(share));
    }

    @Override
    public Set<String> operations() {
        return Set.of("subdevice-offline");
    }

    @Override
    public boolean forDirectDevices() {
        return false;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.offline(this);
    }
}

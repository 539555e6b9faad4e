package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.YamlNode;
import java.util.List;
import java.util.Set;

/**
 * Sub-devices (a group with {@code gateway:}): gateways bring their sub-devices online, one {@code online} request per
 * sub-device on the gateway's connection ({@code subdevice-online}), then subscribe the sub-device's topics
 * ({@code subscribe}); every one at the phase start ({@code online: all}) or device after device at a rate
 * ({@code online: 500/s}) until all are. A gateway that reconnects brings its online sub-devices back by itself.
 *
 * @param rate the rate, or null for all at once
 */
public record Online(Rate rate) implements Behaviour {

    static final String KEY = "online";

    static Behaviour read(YamlNode node) {
        return new Online(AtOnceOrRate.read(node));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "gateways bring their sub-devices online " + AtOnceOrRate.describe(rate);
    }

    @Override
    public List<NamedRate> rates() {
        return rate == null ? List.of() : List.of(new NamedRate(KEY, rate));
    }

    /** Each operation brings a sub-device online (so plan's connected count grows with it). */
    @Override
    public List<PlanRow> plan(int devices, long phaseNanos) {
        return List.of(AtOnceOrRate.row(KEY, rate, devices, phaseNanos, true));
    }

    @Override
    public Behaviour scaled(double share) {
        return new Online(rate == null ? null : rate.scaled(share));
    }

    @Override
    public Set<String> operations() {
        return Set.of("subdevice-online", "subscribe");
    }

    @Override
    public boolean forDirectDevices() {
        return false;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.online(this);
    }
}

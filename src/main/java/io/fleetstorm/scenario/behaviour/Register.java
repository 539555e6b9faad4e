package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.YamlNode;
import java.util.List;
import java.util.Set;

/**
 * Dynamic registration: devices whose credentials are {@code register: {productSecret: ...}} ask the hub for their
 * PSK ({@code register}, the C or Java SDK's request by the group's {@code sdk}), every one at the phase start
 * ({@code register: all}, a storm as a batch powering on at the factory) or device after device at a rate
 * ({@code register: 500/s}). It must come in a phase before the group connects.
 *
 * @param rate the rate, or null for all at once
 */
public record Register(Rate rate) implements Behaviour {

    static final String KEY = "register";

    static Behaviour read(YamlNode node) {
        return new Register(AtOnceOrRate.read(node));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "dynamic registration " + AtOnceOrRate.describe(rate);
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
        return new Register(rate == null ? null : rate.scaled(share));
    }

    @Override
    public Set<String> operations() {
        return Set.of("register");
    }

    /** Registration is an HTTP request of a device of its own, before its first connect. */
    @Override
    public boolean forSubDevices() {
        return false;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.register(this);
    }
}

package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.ConstantRate;
import io.fleetstorm.scenario.Fields;
import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.YamlNode;
import java.util.List;
import java.util.Set;

/**
 * Connect ramp: new connections arrive at {@code rate} until every device of the group is connected. Written
 * {@code connect: {rate: 100/s}} or {@code connect: 100/s}.
 */
public record Connect(Rate rate) implements Behaviour {

    static final String KEY = "connect";

    static Behaviour read(YamlNode node) {
        YamlNode rate = node.isScalar() ? node : Fields.required(node, node.entries(List.of("rate")), "rate");
        return new Connect(Fields.rate(rate, new ConstantRate(1, false)));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "connect at " + rate;
    }

    @Override
    public List<NamedRate> rates() {
        return List.of(new NamedRate(KEY, rate));
    }

    @Override
    public Behaviour scaled(double share) {
        return new Connect(rate.scaled(share));
    }

    @Override
    public Set<String> operations() {
        return Set.of("connect", "subscribe");
    }

    /** Each operation connects a device not yet connected. */
    @Override
    public List<PlanRow> plan(int devices, long phaseNanos) {
        return List.of(new PlanRow(KEY, rate, rate.expectedCount(devices, phaseNanos), true));
    }

    /** Peak CONNECTs per second per device when the rate is per device. */
    @Override
    public double connectsPerDevice(int devices) {
        return rate.perDevice() ? Behaviour.perDevice(rate, devices) : 0;
    }

    /** Sub-devices do not connect: their gateway brings them online ({@code online}). */
    @Override
    public boolean forSubDevices() {
        return false;
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.connect(this);
    }
}

package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.ConstantRate;
import io.fleetstorm.scenario.Fields;
import io.fleetstorm.scenario.Payload;
import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.Subscription;
import io.fleetstorm.scenario.YamlNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes to the device's own data topic and measures the round trip through the hub ({@code echo}). Written
 * {@code echo: {rate: 20/s, qos: 1}}.
 */
public record Echo(Rate rate, int qos, Payload payload) implements Behaviour {

    static final String KEY = "echo";
    static final List<String> FIELDS = List.of("rate", "qos", "payload", "size");

    static Behaviour read(YamlNode node) {
        Map<String, YamlNode> m = node.entries(FIELDS);
        return new Echo(Fields.rate(Fields.required(node, m, "rate"), new ConstantRate(1, false)),
                Fields.qos(m.get("qos"), 1), Fields.payload(m));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "echo at " + rate + ", QoS " + qos;
    }

    @Override
    public List<NamedRate> rates() {
        return List.of(new NamedRate(KEY, rate));
    }

    @Override
    public Behaviour scaled(double share) {
        return new Echo(rate.scaled(share), qos, payload);
    }

    @Override
    public Set<Subscription> subscriptions() {
        return Set.of(Subscription.DATA);
    }

    @Override
    public Set<String> operations() {
        return qos == 1 ? Set.of("echo", "publish-ack") : Set.of("echo");
    }

    @Override
    public double uplinkPerDevice(int devices) {
        return Behaviour.perDevice(rate, devices);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.echo(this);
    }
}

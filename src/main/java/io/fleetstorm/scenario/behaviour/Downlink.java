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
 * The application publishes to devices' control topics through the hub API ({@code downlink}). Written
 * {@code downlink: {rate: 10/s, qos: 1}}.
 */
public record Downlink(Rate rate, int qos, Payload payload) implements Behaviour {

    static final String KEY = "downlink";
    static final List<String> FIELDS = List.of("rate", "qos", "payload", "size");

    static Behaviour read(YamlNode node) {
        Map<String, YamlNode> m = node.entries(FIELDS);
        return new Downlink(Fields.rate(Fields.required(node, m, "rate"), new ConstantRate(1, false)),
                Fields.qos(m.get("qos"), 1), Fields.payload(m));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "downlink through the API at " + rate + ", QoS " + qos;
    }

    @Override
    public List<NamedRate> apiRates() {
        return List.of(new NamedRate("PublishMessage", rate));
    }

    @Override
    public List<NamedRate> rates() {
        return List.of(new NamedRate(KEY, rate));
    }

    @Override
    public Behaviour scaled(double share) {
        return new Downlink(rate.scaled(share), qos, payload);
    }

    @Override
    public Set<Subscription> subscriptions() {
        return Set.of(Subscription.CONTROL);
    }

    @Override
    public Set<String> operations() {
        return Set.of("downlink", "api-call");
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.downlink(this);
    }
}

package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.ConstantRate;
import io.fleetstorm.scenario.Fields;
import io.fleetstorm.scenario.Payload;
import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.TopicChoice;
import io.fleetstorm.scenario.YamlNode;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Publishes to the device's event, data or a custom topic. Written
 * {@code telemetry: {rate: 1/s per device, qos: 1, topic: event, payload: '{"t":{random:15:30}}'}} (or {@code size}).
 */
public record Telemetry(Rate rate, int qos, TopicChoice topic, Payload payload) implements Behaviour {

    static final String KEY = "telemetry";
    static final List<String> FIELDS = List.of("rate", "qos", "topic", "payload", "size");

    static Behaviour read(YamlNode node) {
        Map<String, YamlNode> m = node.entries(FIELDS);
        return new Telemetry(Fields.rate(Fields.required(node, m, "rate"), new ConstantRate(1, false)),
                Fields.qos(m.get("qos"), 0), TopicChoice.read(m.get("topic")), Fields.payload(m));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "telemetry to " + topic + " at " + rate + ", QoS " + qos + ", payload " + payload;
    }

    @Override
    public List<NamedRate> rates() {
        return List.of(new NamedRate(KEY, rate));
    }

    @Override
    public Behaviour scaled(double share) {
        return new Telemetry(rate.scaled(share), qos, topic, payload);
    }

    @Override
    public Set<String> operations() {
        return qos == 1 ? Set.of("publish-ack") : Set.of();
    }

    @Override
    public double uplinkPerDevice(int devices) {
        return Behaviour.perDevice(rate, devices);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.telemetry(this);
    }
}

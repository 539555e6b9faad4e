package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.YamlNode;
import java.util.List;
import java.util.Set;

/** Devices only keep alive. Written {@code idle: {}}. */
public record Idle() implements Behaviour {

    static final String KEY = "idle";

    static Behaviour read(YamlNode node) {
        boolean empty = node.isScalar() ? node.text().isEmpty() : node.isMap() && node.entries(null).isEmpty();
        if (!empty) {
            node.problem("takes no fields (write idle: {})", null);
        }
        return new Idle();
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "idle (keepalive only)";
    }

    @Override
    public List<NamedRate> rates() {
        return List.of();
    }

    @Override
    public Behaviour scaled(double share) {
        return this;
    }

    @Override
    public Set<String> operations() {
        return Set.of();
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.idle(this);
    }
}

package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.Fields;
import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.Subscription;
import io.fleetstorm.scenario.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Remote configuration (addendum section 13): devices ask for their product's configuration ({@code config-get}, the
 * C SDK's {@code $config/operation} at QoS 0 or the Java SDK's {@code $config/report} at QoS 1), and the application
 * pushes a new one through the API to every online device of the product ({@code config-push}, from the instant the
 * push was due to each device's receipt). The application switches the product's configuration on at the phase start.
 * Written {@code config: {get: 0.1/s per device, push: 1/s}}; at least one of them.
 */
public record Config(Rate get, Rate push) implements Behaviour {

    static final String KEY = "config";
    static final List<String> FIELDS = List.of("get", "push");

    static Behaviour read(YamlNode node) {
        Map<String, YamlNode> m = node.entries(FIELDS);
        if (m.isEmpty() && node.isMap()) {
            node.problem("needs at least one of get, push", null);
        }
        return new Config(Fields.rate(m.get("get"), null), Fields.rate(m.get("push"), null));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "remote configuration: get " + (get == null ? "-" : get) + ", push through the API "
                + (push == null ? "-" : push + " (each to every online device of the product)");
    }

    @Override
    public List<NamedRate> rates() {
        List<NamedRate> out = new ArrayList<>(2);
        if (get != null) {
            out.add(new NamedRate("config get", get));
        }
        if (push != null) {
            out.add(new NamedRate("config push", push));
        }
        return out;
    }

    /** A push is one API call for the whole product: the group's devices each receive it. */
    @Override
    public List<PlanRow> plan(int devices, long phaseNanos) {
        List<PlanRow> rows = new ArrayList<>(2);
        if (get != null) {
            rows.add(new PlanRow("config get", get, get.expectedCount(devices, phaseNanos), false));
        }
        if (push != null) {
            double pushes = push.expectedCount(devices, phaseNanos);
            rows.add(new PlanRow("config push", push, pushes, false));
            rows.add(new PlanRow("config deliveries", null, pushes * devices, false));
        }
        return rows;
    }

    @Override
    public Behaviour scaled(double share) {
        // a push goes to the whole product: one shard's share of pushes still reaches every device of every shard
        return new Config(get == null ? null : get.scaled(share), push == null ? null : push.scaled(share));
    }

    @Override
    public Set<Subscription> subscriptions() {
        return Set.of(Subscription.CONFIG_RESULT);
    }

    @Override
    public Set<String> operations() {
        Set<String> out = new LinkedHashSet<>();
        if (get != null) {
            out.add("config-get");
        }
        if (push != null) {
            out.add("config-push");
        }
        return out;
    }

    /** Gets are uplink; pushes come from the application. */
    @Override
    public double uplinkPerDevice(int devices) {
        return get == null ? 0 : Behaviour.perDevice(get, devices);
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.config(this);
    }
}

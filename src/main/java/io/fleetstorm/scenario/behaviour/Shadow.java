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
 * Shadow churn: devices report ({@code shadow-update}) and get ({@code shadow-get}) their shadow, the application
 * changes desired state through the API and devices apply each delta ({@code shadow-delta},
 * {@code shadow-convergence}). Each rate is optional (null), at least one is given:
 * {@code shadow: {report: 0.1/s per device, get: 10/s, desired: 10/s}}.
 */
public record Shadow(Rate report, Rate get, Rate desired) implements Behaviour {

    static final String KEY = "shadow";
    static final List<String> FIELDS = List.of("report", "get", "desired");

    static Behaviour read(YamlNode node) {
        Map<String, YamlNode> m = node.entries(FIELDS);
        if (m.isEmpty() && node.isMap()) {
            node.problem("needs at least one of report, get, desired", null);
        }
        return new Shadow(Fields.rate(m.get("report"), null), Fields.rate(m.get("get"), null),
                Fields.rate(m.get("desired"), null));
    }

    @Override
    public String key() {
        return KEY;
    }

    @Override
    public String describe() {
        return "shadow: report " + (report == null ? "-" : report) + ", get " + (get == null ? "-" : get)
                + ", desired through the API " + (desired == null ? "-" : desired);
    }

    @Override
    public List<NamedRate> rates() {
        List<NamedRate> out = new ArrayList<>(3);
        if (report != null) {
            out.add(new NamedRate("shadow report", report));
        }
        if (get != null) {
            out.add(new NamedRate("shadow get", get));
        }
        if (desired != null) {
            out.add(new NamedRate("shadow desired", desired));
        }
        return out;
    }

    @Override
    public Behaviour scaled(double share) {
        return new Shadow(report == null ? null : report.scaled(share), get == null ? null : get.scaled(share),
                desired == null ? null : desired.scaled(share));
    }

    /** A desired change reads the shadow's version, then updates it: two calls per change. */
    @Override
    public List<NamedRate> apiRates() {
        return desired == null ? List.of() : List.of(new NamedRate("DescribeDeviceShadow", desired),
                new NamedRate("UpdateDeviceShadow", desired));
    }

    @Override
    public Set<Subscription> subscriptions() {
        return Set.of(Subscription.SHADOW_RESULT);
    }

    @Override
    public Set<String> operations() {
        Set<String> out = new LinkedHashSet<>();
        if (report != null) {
            out.add("shadow-update");
        }
        if (get != null) {
            out.add("shadow-get");
        }
        if (desired != null) {
            out.add("api-call");
            out.add("shadow-delta");
            out.add("shadow-convergence");
        }
        return out;
    }

    /** Reports and gets; desired changes come through the API, not from the device. */
    @Override
    public double uplinkPerDevice(int devices) {
        return (report == null ? 0 : Behaviour.perDevice(report, devices))
                + (get == null ? 0 : Behaviour.perDevice(get, devices));
    }

    @Override
    public <R> R accept(Visitor<R> visitor) {
        return visitor.shadow(this);
    }
}

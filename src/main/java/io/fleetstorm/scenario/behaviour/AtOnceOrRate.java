package io.fleetstorm.scenario.behaviour;

import io.fleetstorm.scenario.ConstantRate;
import io.fleetstorm.scenario.Fields;
import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.YamlNode;
import java.util.List;

/**
 * The form of the behaviours that take each device once (bind, online, offline, register): {@code all} (every device
 * at the phase start), a rate ({@code 500/s}: device after device until all have), or {@code {rate: 500/s}}.
 */
final class AtOnceOrRate {

    static final String ALL = "all";

    private AtOnceOrRate() {
    }

    /** The rate, or null for all at once. */
    static Rate read(YamlNode node) {
        if (node.isScalar() && ALL.equals(node.scalar())) {
            return null;
        }
        if (node.isScalar()) {
            return Fields.rate(node, new ConstantRate(1, false));
        }
        YamlNode rate = Fields.required(node, node.entries(List.of("rate")), "rate");
        if (rate != null && rate.isScalar() && ALL.equals(rate.scalar())) {
            return null;
        }
        return Fields.rate(rate, new ConstantRate(1, false));
    }

    static String describe(Rate rate) {
        return rate == null ? "all at once" : "at " + rate;
    }

    /** One row of {@code plan}: every device once, at the phase start or at the rate. */
    static Behaviour.PlanRow row(String label, Rate rate, int devices, long phaseNanos, boolean connects) {
        return new Behaviour.PlanRow(label, rate, rate == null ? devices
                : Math.min(devices, rate.expectedCount(devices, phaseNanos)), connects);
    }
}

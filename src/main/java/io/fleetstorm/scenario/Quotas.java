package io.fleetstorm.scenario;

import io.fleetstorm.scenario.behaviour.Behaviour;
import java.util.ArrayList;
import java.util.List;

/**
 * The cloud's per-device quotas a scenario may exceed (protocol doc section 7): 30 uplink messages per second and
 * one CONNECT per 5 s. Exceeding them is allowed (it is a test of the hub) but said before the run. The behaviours
 * answer for their own uplink; API-side traffic (desired changes, downlinks) is not uplink.
 */
public final class Quotas {

    public static final double UPLINK_PER_DEVICE = 30;
    /** One CONNECT per 5 s per device. */
    public static final double CONNECTS_PER_DEVICE = 0.2;

    private Quotas() {
    }

    /** Peak uplink messages per second per device of one group in one phase. */
    public static double uplinkPerDevice(List<Behaviour> behaviours, int devices) {
        return behaviours.stream().mapToDouble(b -> b.uplinkPerDevice(devices)).sum();
    }

    /** One line per phase and group that exceeds a quota. */
    public static List<String> warnings(Scenario scenario) {
        List<String> out = new ArrayList<>();
        for (Scenario.Phase phase : scenario.phases()) {
            for (Scenario.Group group : scenario.groups()) {
                List<Behaviour> list = phase.of(group.name());
                double uplink = uplinkPerDevice(list, group.count());
                if (uplink > UPLINK_PER_DEVICE) {
                    out.add(String.format("warning: phase %s, group %s: %s uplink msg/s per device exceeds the "
                            + "hub's quota of 30; the excess is dropped (QoS 1 without PUBACK)", phase.name(),
                            group.name(), Units.trim(uplink)));
                }
                for (Behaviour b : list) {
                    if (b.connectsPerDevice(group.count()) > CONNECTS_PER_DEVICE) {
                        out.add(String.format("warning: phase %s, group %s: %s connects per device is more than one "
                                + "CONNECT per 5 s; the hub refuses the excess with CONNACK 0x03", phase.name(),
                                group.name(), Units.trim(b.connectsPerDevice(group.count())) + "/s"));
                    }
                }
            }
        }
        return out;
    }
}

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

    /**
     * A gateway's requests for its sub-devices (bind, online, offline) count against the gateway's own 30 messages a
     * second: all at once, or a rate whose share per gateway is above that, loses the excess.
     */
    private static void gatewayWarning(List<String> out, Scenario.Phase phase, Scenario.Group subs,
            Scenario.Group gateways, Behaviour b) {
        int per = subs.count() / gateways.count();
        double perGateway = b.rates().isEmpty() ? per
                : b.rates().get(0).rate().peakTotal(subs.count()) / gateways.count();
        if (perGateway > UPLINK_PER_DEVICE) {
            String what = b.rates().isEmpty() ? b.key() + " all at once sends " + per + " requests from each gateway "
                    + "at the same instant" : b.key() + " at " + b.rates().get(0).rate() + " is "
                    + Units.trim(perGateway) + " requests a second per gateway";
            out.add(String.format("warning: phase %s, group %s: %s, more than the hub's quota of 30 messages a second "
                    + "per gateway; the excess is dropped (no answer)", phase.name(), subs.name(), what));
        }
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
                Scenario.Group gateways = scenario.gatewayOf(group);
                for (Behaviour b : list) {
                    if (gateways != null && !b.forDirectDevices()) {
                        gatewayWarning(out, phase, group, gateways, b);
                    }
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

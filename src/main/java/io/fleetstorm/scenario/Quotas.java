package io.fleetstorm.scenario;

import java.util.ArrayList;
import java.util.List;

/**
 * The cloud's per-device quotas a scenario may exceed (protocol doc section 7): 30 uplink messages per second and
 * one CONNECT per 5 s. Exceeding them is allowed (it is a test of the hub) but said before the run.
 */
public final class Quotas {

    public static final double UPLINK_PER_DEVICE = 30;

    private Quotas() {
    }

    /** Peak uplink messages per second per device of one group in one phase. */
    public static double uplinkPerDevice(List<Behaviour> behaviours, int devices) {
        double perSecond = 0;
        for (Behaviour b : behaviours) {
            if (b instanceof Behaviour.Telemetry t) {
                perSecond += peak(t.rate(), devices);
            } else if (b instanceof Behaviour.Echo e) {
                perSecond += peak(e.rate(), devices);
            } else if (b instanceof Behaviour.Shadow s) {
                perSecond += (s.report() == null ? 0 : peak(s.report(), devices))
                        + (s.get() == null ? 0 : peak(s.get(), devices))
                        + (s.desired() == null ? 0 : peak(s.desired(), devices));
            }
        }
        return perSecond;
    }

    private static double peak(Rate rate, int devices) {
        return Math.max(rate.totalFrom(devices), rate.totalTo(devices)) / devices;
    }

    /** One line per phase and group that exceeds a quota. */
    public static List<String> warnings(Scenario scenario) {
        List<String> out = new ArrayList<>();
        for (Scenario.Phase phase : scenario.phases()) {
            for (Scenario.Group group : scenario.groups()) {
                List<Behaviour> list = phase.behaviours().getOrDefault(group.name(), List.of());
                double uplink = uplinkPerDevice(list, group.count());
                if (uplink > UPLINK_PER_DEVICE) {
                    out.add(String.format("warning: phase %s, group %s: %.1f uplink msg/s per device exceeds the "
                            + "hub's quota of 30; the excess is dropped (QoS 1 without PUBACK)", phase.name(),
                            group.name(), uplink));
                }
                for (Behaviour b : list) {
                    if (b instanceof Behaviour.Connect c && Math.max(c.rate().from(), c.rate().to()) > 0
                            && c.rate().perDevice() && Math.max(c.rate().from(), c.rate().to()) > 0.2) {
                        out.add(String.format("warning: phase %s, group %s: %s connects per device is more than one "
                                + "CONNECT per 5 s; the hub refuses the excess with CONNACK 0x03", phase.name(),
                                group.name(), c.rate()));
                    }
                }
            }
        }
        return out;
    }
}

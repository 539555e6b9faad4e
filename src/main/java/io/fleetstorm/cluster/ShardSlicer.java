package io.fleetstorm.cluster;

import io.fleetstorm.scenario.Behaviour;
import io.fleetstorm.scenario.Rate;
import io.fleetstorm.scenario.Scenario;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cuts a scenario down to one {@link Shard}: each group keeps its slice of device indexes (count and
 * {@code indexOffset} moved), and every whole-group rate (connect ramps, {@code 100/s} telemetry, downlinks, shadow
 * desired changes, reconnect pacing) is scaled by the slice's share of the group, so the shards together keep the
 * fleet's rates. Per-device rates and fractions need no change.
 */
public final class ShardSlicer {

    private ShardSlicer() {
    }

    /** The slice of {@code s} for {@code shard}; refuses a group too small to give every shard a device. */
    public static Scenario slice(Scenario s, Shard shard) {
        List<String> problems = new ArrayList<>();
        List<Scenario.Group> groups = new ArrayList<>();
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Scenario.Group g : s.groups()) {
            if (g.count() < shard.count()) {
                problems.add("group " + g.name() + " has " + g.count() + " device(s), fewer than the " + shard.count()
                        + " shards: every shard needs at least one device of every group");
                continue;
            }
            int size = shard.size(g.count());
            shares.put(g.name(), (double) size / g.count());
            groups.add(new Scenario.Group(g.name(), g.productId(), size, g.namePattern(),
                    g.indexOffset() + shard.start(g.count()), g.certificate(), g.signMethod(), g.credentials(),
                    g.sdk(), g.keepAlive(), g.cleanSession()));
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        List<Scenario.Phase> phases = new ArrayList<>();
        for (Scenario.Phase p : s.phases()) {
            Map<String, List<Behaviour>> behaviours = new LinkedHashMap<>();
            p.behaviours().forEach((group, list) -> behaviours.put(group,
                    list.stream().map(b -> scale(b, shares.get(group))).toList()));
            phases.add(new Scenario.Phase(p.name(), p.duration(), behaviours));
        }
        return new Scenario(s.name(), s.file(), s.target(), List.copyOf(groups), List.copyOf(phases), s.thresholds(),
                s.outputDir(), s.metricsPort(), s.acceptSaturation());
    }

    static Behaviour scale(Behaviour b, double share) {
        if (b instanceof Behaviour.Connect c) {
            return new Behaviour.Connect(scale(c.rate(), share));
        }
        if (b instanceof Behaviour.Telemetry t) {
            return new Behaviour.Telemetry(scale(t.rate(), share), t.qos(), t.topic(), t.payload());
        }
        if (b instanceof Behaviour.Echo e) {
            return new Behaviour.Echo(scale(e.rate(), share), e.qos(), e.payload());
        }
        if (b instanceof Behaviour.Downlink d) {
            return new Behaviour.Downlink(scale(d.rate(), share), d.qos(), d.payload());
        }
        if (b instanceof Behaviour.Shadow sh) {
            return new Behaviour.Shadow(scale(sh.report(), share), scale(sh.get(), share),
                    scale(sh.desired(), share));
        }
        if (b instanceof Behaviour.Reconnect r) {
            return new Behaviour.Reconnect(r.fraction(), r.abrupt(), r.recoveryShare(), scale(r.rate(), share));
        }
        return b; // idle, OTA: per device or fractions of the group
    }

    static Rate scale(Rate r, double share) {
        if (r == null || r.perDevice()) {
            return r;
        }
        return new Rate(r.from() * share, r.to() * share, false, r.poisson());
    }
}

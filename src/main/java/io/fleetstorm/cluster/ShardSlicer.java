package io.fleetstorm.cluster;

import io.fleetstorm.scenario.Scenario;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a scenario down to one {@link Shard}: each group keeps its slice of device indexes, and each behaviour scales
 * its own whole-group rates by the slice's share of the group ({@link Scenario#sliced}), so the shards together keep
 * the fleet's rates. Per-device rates and fractions need no change.
 */
public final class ShardSlicer {

    private ShardSlicer() {
    }

    /** The slice of {@code s} for {@code shard}; refuses a group too small to give every shard a device. */
    public static Scenario slice(Scenario s, Shard shard) {
        List<String> problems = new ArrayList<>();
        for (Scenario.Group g : s.groups()) {
            if (g.count() < shard.count()) {
                problems.add("group " + g.name() + " has " + g.count() + " device(s), fewer than the " + shard.count()
                        + " shards: every shard needs at least one device of every group");
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", problems));
        }
        return s.sliced(new Scenario.Slicing() {
            @Override
            public int start(int groupCount) {
                return shard.start(groupCount);
            }

            @Override
            public int size(int groupCount) {
                return shard.size(groupCount);
            }
        });
    }
}

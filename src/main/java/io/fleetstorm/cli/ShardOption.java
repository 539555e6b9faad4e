package io.fleetstorm.cli;

import io.fleetstorm.cluster.Shard;
import io.fleetstorm.cluster.ShardSlicer;
import io.fleetstorm.scenario.Scenario;

/** {@code run --shard I/N}: the slice of the scenario this process runs, and the run id's suffix. */
final class ShardOption {

    private ShardOption() {
    }

    /** The scenario cut to the shard, or unchanged when {@code text} is null; bad input exits 2. */
    static Scenario apply(Scenario scenario, String text) {
        if (text == null) {
            return scenario;
        }
        try {
            return ShardSlicer.slice(scenario, Shard.parse(text));
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(text.matches("\\d+/\\d+") && e.getMessage().startsWith("group")
                    ? "--shard " + text + ": " + e.getMessage() : e.getMessage());
        }
    }

    /** {@code -shard-2of3}, or empty without a shard. */
    static String suffix(String text) {
        if (text == null) {
            return "";
        }
        Shard s = Shard.parse(text);
        return "-shard-" + s.index() + "of" + s.count();
    }
}

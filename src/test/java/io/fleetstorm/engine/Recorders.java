package io.fleetstorm.engine;

import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.MetricsRegistry;
import io.fleetstorm.metrics.RunInfo;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

/** Loop recorders for engine tests that check the hub's side, not the measurements. */
public final class Recorders {

    private Recorders() {
    }

    /** A registry of {@code groups} groups named g0, g1, ... */
    public static MetricsRegistry registry(int groups) {
        return new MetricsRegistry(new RunInfo("test", "test", IntStream.range(0, groups).mapToObj(i -> "g" + i)
                .toList(), List.of()));
    }

    /** A fresh recorder per event loop. */
    public static IntFunction<LoopRecorder> fresh(int groups) {
        MetricsRegistry registry = registry(groups);
        return i -> registry.newLoopRecorder();
    }
}

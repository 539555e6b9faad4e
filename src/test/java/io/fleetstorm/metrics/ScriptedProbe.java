package io.fleetstorm.metrics;

import java.util.ArrayDeque;
import java.util.Deque;

/** A generator probe that reports scripted CPU ratios (then 0.1), so tests do not depend on the machine's load. */
public final class ScriptedProbe extends GeneratorProbe {

    private final Deque<Double> cpu = new ArrayDeque<>();

    public ScriptedProbe cpu(double... ratios) {
        for (double r : ratios) {
            cpu.add(r);
        }
        return this;
    }

    @Override
    public GeneratorSample sample(long nowNanos) {
        double ratio = cpu.isEmpty() ? 0.1 : cpu.poll();
        return new GeneratorSample(ratio, 100L << 20, 1L << 30, 42, 20000);
    }
}

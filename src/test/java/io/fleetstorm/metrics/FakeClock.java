package io.fleetstorm.metrics;

import java.util.concurrent.TimeUnit;

/** Scripted time for tests: starts at a fixed instant and moves only when told. */
public final class FakeClock implements NanoClock {

    public static final long START_MILLIS = 1_780_000_000_000L;
    private long nanos = TimeUnit.SECONDS.toNanos(1000);
    private final long nanosAtStart = nanos;

    @Override
    public long nanoTime() {
        return nanos;
    }

    @Override
    public long epochMillis() {
        return START_MILLIS + TimeUnit.NANOSECONDS.toMillis(nanos - nanosAtStart);
    }

    public void advanceMillis(long millis) {
        nanos += TimeUnit.MILLISECONDS.toNanos(millis);
    }
}

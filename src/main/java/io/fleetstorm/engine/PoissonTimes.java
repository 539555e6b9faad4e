package io.fleetstorm.engine;

import io.fleetstorm.scenario.Arrivals;
import java.util.function.Supplier;

/**
 * Poisson arrival times shared by every loop that runs a stream: each walk is seeded identically, so every loop sees
 * the same arrivals, and each keeps only its position (constant memory, whatever rate x duration). A stream that asks
 * {@link #forStream()} owns its walk; a caller asking this object directly gets its thread's own walk.
 */
final class PoissonTimes implements IntendedTimes {

    private final Supplier<Arrivals> walks;
    private final ThreadLocal<Arrivals> perThread;

    PoissonTimes(Supplier<Arrivals> walks) {
        this.walks = walks;
        this.perThread = ThreadLocal.withInitial(walks);
    }

    @Override
    public long offsetNanos(long n) {
        return perThread.get().offsetNanos(n);
    }

    @Override
    public IntendedTimes forStream() {
        Arrivals own = walks.get();
        return own::offsetNanos;
    }
}

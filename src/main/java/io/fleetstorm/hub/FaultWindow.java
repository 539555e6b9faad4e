package io.fleetstorm.hub;

import java.time.Duration;

/**
 * When a fault applies, in time since the hub started: from {@code fromNanos} (inclusive) to {@code toNanos}
 * (exclusive; {@link Long#MAX_VALUE} = until the hub stops).
 */
public record FaultWindow(long fromNanos, long toNanos) {

    /** From the start to the end. */
    public static final FaultWindow ALWAYS = new FaultWindow(0, Long.MAX_VALUE);

    public FaultWindow {
        if (fromNanos < 0 || toNanos <= fromNanos) {
            throw new IllegalArgumentException("a fault window must start at 0s or later and end after it starts, "
                    + "but was " + Duration.ofNanos(fromNanos) + "-"
                    + (toNanos == Long.MAX_VALUE ? "" : Duration.ofNanos(toNanos)));
        }
    }

    public static FaultWindow between(Duration from, Duration to) {
        return new FaultWindow(from.toNanos(), to == null ? Long.MAX_VALUE : to.toNanos());
    }

    public boolean contains(long sinceStartNanos) {
        return sinceStartNanos >= fromNanos && sinceStartNanos < toNanos;
    }

    public boolean isAlways() {
        return fromNanos == 0 && toNanos == Long.MAX_VALUE;
    }

    /** {@code @10s-40s}, {@code @10s-}, or empty for {@link #ALWAYS}. */
    public String describe() {
        return isAlways() ? "" : "@" + HubFaultSpec.formatNanos(fromNanos) + "-"
                + (toNanos == Long.MAX_VALUE ? "" : HubFaultSpec.formatNanos(toNanos));
    }
}

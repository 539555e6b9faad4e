package io.fleetstorm.metrics;

/** The time source of the metrics core, injectable so tests run on scripted time. */
public interface NanoClock {

    /** The system clock: {@link System#nanoTime()} and {@link System#currentTimeMillis()}. */
    NanoClock SYSTEM = new NanoClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis();
        }
    };

    /** A monotonic time in nanoseconds, comparable only with other values of the same clock. */
    long nanoTime();

    /** Wall-clock time in milliseconds since the epoch, for timestamps in logs and reports. */
    long epochMillis();
}

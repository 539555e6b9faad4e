package io.fleetstorm.engine;

/** The engine's time source, injectable so schedule tests need no real waiting. */
public interface EngineClock {

    EngineClock SYSTEM = new EngineClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public long epochMillis() {
            return System.currentTimeMillis();
        }
    };

    long nanoTime();

    long epochMillis();
}

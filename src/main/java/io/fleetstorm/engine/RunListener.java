package io.fleetstorm.engine;

/** Hears the run's timeline (metrics flip at phase boundaries; progress lines name the phase). */
public interface RunListener {

    RunListener NONE = new RunListener() {
    };

    /** Called once, just before the timeline starts at {@code startNanos} (the first phase follows). */
    default void started(long startNanos) {
    }

    /** Called from a timer thread as each phase begins. */
    default void phaseStarted(int index, String name) {
    }
}

package io.fleetstorm.engine;

/** Hears the run's timeline (metrics flip at phase boundaries; progress lines name the phase). */
public interface RunListener {

    RunListener NONE = new RunListener() {
    };

    /** Called from a timer thread as each phase begins. */
    default void phaseStarted(int index, String name) {
    }
}

package io.fleetstorm.cli;

import java.util.concurrent.CountDownLatch;
import sun.misc.Signal;

/**
 * Waits for Ctrl-C (SIGINT) or SIGTERM so a command can stop cleanly and choose its own exit code, instead of the
 * JVM's 130/143 from shutdown hooks.
 */
final class StopSignal {

    private final CountDownLatch received = new CountDownLatch(1);
    private volatile String name;

    StopSignal() {
        for (String signal : new String[] {"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(signal), s -> {
                    name = "SIG" + s.getName();
                    received.countDown();
                });
            } catch (IllegalArgumentException unsupported) {
                // not on this platform: the default handling (JVM exit) applies
            }
        }
    }

    /** Blocks until a signal arrives; returns its name (SIGINT, SIGTERM). */
    String await() throws InterruptedException {
        received.await();
        return name;
    }

    /** Ends the wait as if a signal had arrived (tests, or the end of a run). */
    void trigger(String reason) {
        name = reason;
        received.countDown();
    }
}

package io.fleetstorm.cli;

import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import sun.misc.Signal;

/**
 * Waits for Ctrl-C (SIGINT) or SIGTERM so a command can stop cleanly and choose its own exit code, instead of the
 * JVM's 130/143 from shutdown hooks: either blocking ({@link #await}) or from a watcher thread of its own
 * ({@link #onSignal}), which {@link #close} ends.
 */
final class StopSignal implements AutoCloseable {

    private static final String END = "END";

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

    /**
     * Calls {@code action} with the signal's name from a daemon watcher thread when a signal arrives before
     * {@link #close}; once at most.
     */
    StopSignal onSignal(Consumer<String> action) {
        Thread watcher = new Thread(() -> {
            try {
                String signal = await();
                if (signal != null && !signal.equals(END)) {
                    action.accept(signal);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "fleetstorm-signals");
        watcher.setDaemon(true);
        watcher.start();
        return this;
    }

    /** Ends the wait as if a signal had arrived (tests). */
    void trigger(String reason) {
        name = reason;
        received.countDown();
    }

    /** The command is done: a watcher ends without acting. */
    @Override
    public void close() {
        if (received.getCount() > 0) {
            trigger(END);
        }
    }
}

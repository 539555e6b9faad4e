package io.fleetstorm.engine;

import io.fleetstorm.metrics.NanoClock;
import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The only timer code of the device side, one per event loop: the operation streams of the current phase and the
 * one-shot tasks (phase changes, storms, OTA waves, device reconnects), run when due from one armed timer. Pure: time
 * comes from a {@link NanoClock} and the timer from {@link Timers}, so it is tested without Vert.x.
 */
final class Scheduler {

    /**
     * One pass runs at most this long before it yields to I/O. A loop that had fallen behind (a busy machine, a ramp
     * faster than the loop) used to run its whole backlog in one pass: at 2,500 connects/s on a machine with load
     * average 13 both loops sat 9 s in connect() without reading a CONNACK, and 14,964 of 15,000 devices timed out
     * (bench/compare.py idle-15k). The backlog now drains in slices; late starts are still counted.
     */
    static final long MAX_PASS_NANOS = 20_000_000L;

    /** Arms and cancels the scheduler's one timer (Vert.x's on a run, scripted in tests). */
    interface Timers {
        long set(long delayMs, Runnable fire);

        void cancel(long timerId);
    }

    /** What runs the streams' operations. */
    interface Runner {
        /** Runs the operation of {@code stream} due at {@code intendedNanos} (the stream advances afterwards). */
        void run(OpStream stream, long intendedNanos, long nowNanos);

        /** The stream has no more operations on this loop. */
        void done(OpStream stream);

        /** A pass ended: flush what it wrote. */
        void passEnded();
    }

    private record Task(long atNanos, long seq, Runnable run) {
    }

    private final NanoClock clock;
    private final Timers timers;
    private final Runner runner;
    private final PriorityQueue<OpStream> streams = new PriorityQueue<>(Comparator.comparingLong(OpStream::dueNanos));
    private final PriorityQueue<Task> tasks = new PriorityQueue<>(
            Comparator.comparingLong(Task::atNanos).thenComparingLong(Task::seq));
    private long seq;
    private long timerId = -1;
    private long armedForNanos = Long.MAX_VALUE;
    private boolean stopped;

    Scheduler(NanoClock clock, Timers timers, Runner runner) {
        this.clock = clock;
        this.timers = timers;
        this.runner = runner;
    }

    /** Adds a stream; one that has nothing to run on this loop is done at once. */
    void add(OpStream stream) {
        if (stopped) {
            return;
        }
        if (stream.dueNanos() == Long.MAX_VALUE) {
            runner.done(stream);
            return;
        }
        streams.add(stream);
        arm();
    }

    /** Runs {@code task} at {@code atNanos} (tasks due at the same instant run in the order they were added). */
    void at(long atNanos, Runnable task) {
        if (stopped) {
            return;
        }
        tasks.add(new Task(atNanos, seq++, task));
        arm();
    }

    /** Drops the streams of the phase that ends (one-shot tasks stay). */
    void clearStreams() {
        streams.clear();
    }

    /** Stops for good: nothing queued runs any more, nothing new is accepted. */
    void stop() {
        stopped = true;
        streams.clear();
        tasks.clear();
        if (timerId >= 0) {
            timers.cancel(timerId);
            timerId = -1;
        }
    }

    /** The instant the next stream operation or task is due, or Long.MAX_VALUE. */
    long nextDue() {
        OpStream s = streams.peek();
        long due = s == null ? Long.MAX_VALUE : s.dueNanos();
        Task t = tasks.peek();
        return t == null ? due : Math.min(due, t.atNanos());
    }

    /** Queued streams and tasks (tests). */
    int queued() {
        return streams.size() + tasks.size();
    }

    private void arm() {
        long due = nextDue();
        if (due == Long.MAX_VALUE || stopped) {
            return;
        }
        if (timerId >= 0 && due >= armedForNanos) {
            return; // the armed timer fires first
        }
        if (timerId >= 0) {
            timers.cancel(timerId);
        }
        long delayMs = Math.max(1, (due - clock.nanoTime() + 999_999) / 1_000_000);
        armedForNanos = due;
        timerId = timers.set(delayMs, this::fired);
    }

    private void fired() {
        timerId = -1;
        armedForNanos = Long.MAX_VALUE;
        runDue();
    }

    /**
     * Runs what is due, tasks before streams at the same instant, for at most {@link #MAX_PASS_NANOS}; then flushes
     * and arms the timer for what is left (1 ms later when the pass ran out of budget, after the loop's I/O).
     */
    void runDue() {
        long now = clock.nanoTime();
        long passEndNanos = now + MAX_PASS_NANOS;
        while (!stopped) {
            long due = nextDue();
            if (due > now || now > passEndNanos) {
                break;
            }
            Task t = tasks.peek();
            if (t != null && t.atNanos() == due) {
                tasks.poll().run().run();
            } else {
                OpStream s = streams.poll();
                runner.run(s, s.dueNanos(), now);
                s.advance();
                if (s.dueNanos() != Long.MAX_VALUE) {
                    streams.add(s);
                } else {
                    runner.done(s);
                }
            }
            now = clock.nanoTime();
        }
        runner.passEnded();
        arm();
    }
}

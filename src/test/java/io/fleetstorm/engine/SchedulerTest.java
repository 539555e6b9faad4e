package io.fleetstorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.metrics.FakeClock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The event loop's scheduler on scripted time and a scripted timer: what runs when, and how a pass is bounded. */
class SchedulerTest {

    private static final long MS = 1_000_000L;

    /** A scripted timer: remembers what is armed; the test fires it. */
    private static final class Timers implements Scheduler.Timers {
        final List<Long> armedDelaysMs = new ArrayList<>();
        final List<Long> cancelled = new ArrayList<>();
        Runnable armed;
        long ids;

        @Override
        public long set(long delayMs, Runnable fire) {
            armedDelaysMs.add(delayMs);
            armed = fire;
            return ++ids;
        }

        @Override
        public void cancel(long timerId) {
            cancelled.add(timerId);
            armed = null;
        }

        void fire() {
            Runnable r = armed;
            armed = null;
            r.run();
        }
    }

    /** Records what ran; each operation may take scripted time. */
    private static final class Runner implements Scheduler.Runner {
        final FakeClock clock;
        final List<String> ran = new ArrayList<>();
        final List<OpStream> done = new ArrayList<>();
        long costMs;
        int passes;

        Runner(FakeClock clock) {
            this.clock = clock;
        }

        @Override
        public void run(OpStream stream, long intendedNanos, long nowNanos) {
            ran.add(name(stream.activity) + "#" + stream.sequence() + "@" + intendedNanos / MS + "/" + nowNanos / MS);
            clock.advanceMillis(costMs);
        }

        @Override
        public void done(OpStream stream) {
            done.add(stream);
        }

        @Override
        public void passEnded() {
            passes++;
        }
    }

    private final FakeClock clock = new FakeClock();
    private final Timers timers = new Timers();
    private final Runner runner = new Runner(clock);
    private final Scheduler scheduler = new Scheduler(clock, timers, runner);

    private static Activity publish(double perSecond) {
        return new Activity.Publish(0, "telemetry", "event", 0, PayloadSource.fixed(new byte[0]),
                IntendedTimes.even(perSecond));
    }

    private static String name(Activity a) {
        return a instanceof Activity.Publish p ? "p" + (int) (1e9 / p.times().offsetNanos(1)) : "?";
    }

    private OpStream stream(Activity a, long startMs, long endMs) {
        return new OpStream(a, startMs * MS, endMs * MS, 1, 0, 1, Long.MAX_VALUE);
    }

    private long now() {
        return clock.nanoTime() / MS;
    }

    @Test
    void operationsRunAtTheirIntendedInstantsInTimeOrderAcrossStreams() {
        long t0 = now();
        scheduler.add(stream(publish(10), t0 + 100, t0 + 400));
        scheduler.add(stream(publish(4), t0 + 100, t0 + 400));
        assertThat(timers.armedDelaysMs).containsExactly(100L);
        while (timers.armed != null) {
            long dueMs = scheduler.nextDue() / MS;
            clock.advanceMillis(dueMs - now());
            timers.fire();
        }
        assertThat(runner.ran).containsExactly(
                "p10#0@" + (t0 + 100) + "/" + (t0 + 100), "p4#0@" + (t0 + 100) + "/" + (t0 + 100),
                "p10#1@" + (t0 + 200) + "/" + (t0 + 200), "p10#2@" + (t0 + 300) + "/" + (t0 + 300),
                "p4#1@" + (t0 + 350) + "/" + (t0 + 350));
        assertThat(runner.done).hasSize(2);
        assertThat(scheduler.queued()).isZero();
    }

    @Test
    void tasksDueAtAnInstantRunBeforeItsOperationsAndInTheOrderTheyWereAdded() {
        long t0 = now();
        List<String> order = new ArrayList<>();
        scheduler.add(stream(publish(10), t0 + 10, t0 + 50));
        scheduler.at((t0 + 10) * MS, () -> order.add("first"));
        scheduler.at((t0 + 10) * MS, () -> order.add("second:" + runner.ran.size()));
        clock.advanceMillis(10);
        timers.fire();

        assertThat(order).containsExactly("first", "second:0");
        assertThat(runner.ran).hasSize(1);
    }

    @Test
    void aPassStopsAfterItsTimeBudgetAndTheRestRunsAfterTheLoopHadItsIo() {
        long t0 = now();
        scheduler.add(stream(publish(1_000), t0 + 1, t0 + 11)); // 10 operations due within 10 ms
        runner.costMs = 5; // a loop that has fallen behind: each operation takes 5 ms
        clock.advanceMillis(11);
        timers.fire();

        assertThat(runner.ran).as("20 ms of budget: operations at 0, 5, 10, 15, 20 ms into the pass").hasSize(5);
        assertThat(runner.passes).isEqualTo(1);
        assertThat(timers.armedDelaysMs.get(timers.armedDelaysMs.size() - 1)).as("back in 1 ms").isEqualTo(1L);
        timers.fire();
        assertThat(runner.ran).hasSize(10);
        assertThat(runner.ran.get(9)).startsWith("p1000#9@" + (t0 + 10) + "/");
    }

    @Test
    void theTimerIsReArmedOnlyForAnEarlierInstant() {
        long t0 = now();
        scheduler.at((t0 + 100) * MS, () -> { });
        scheduler.at((t0 + 200) * MS, () -> { });
        scheduler.at((t0 + 50) * MS, () -> { });

        assertThat(timers.armedDelaysMs).containsExactly(100L, 50L);
        assertThat(timers.cancelled).containsExactly(1L);
    }

    @Test
    void aStreamWithNothingOnThisLoopIsDoneAtOnce() {
        OpStream empty = new OpStream(publish(10), now() * MS, (now() + 100) * MS, 1, 1, 2, Long.MAX_VALUE);
        scheduler.add(empty);

        assertThat(runner.done).containsExactly(empty);
        assertThat(timers.armedDelaysMs).isEmpty();
    }

    @Test
    void onceStoppedNothingRunsAndNothingIsAccepted() {
        long t0 = now();
        scheduler.add(stream(publish(10), t0 + 10, t0 + 500));
        List<String> tasks = new ArrayList<>();
        scheduler.at((t0 + 10) * MS, () -> tasks.add("x"));
        scheduler.stop();
        scheduler.at((t0 + 20) * MS, () -> tasks.add("y"));
        scheduler.add(stream(publish(10), t0 + 10, t0 + 500));

        assertThat(timers.armed).isNull();
        assertThat(scheduler.queued()).isZero();
        scheduler.runDue();
        assertThat(tasks).isEmpty();
        assertThat(runner.ran).isEmpty();
    }
}

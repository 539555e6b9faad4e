package io.fleetstorm.engine;

import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.Outage;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Target outages of one group, as every event loop sees them: a wave of unplanned link losses (not a reconnect storm,
 * not the end of the run), and how the fleet came back from it with its SDK back-off.
 *
 * <p>The rule: a wave begins when at least min({@value #ALWAYS_A_WAVE}, max({@value #MIN_WAVE}, 5 % of the group's
 * connected devices)) connected devices lose their link within {@value #WINDOW_MILLIS} ms; it starts at the first of
 * them, and a later loss joins it while it comes within {@value #WINDOW_MILLIS} ms of the wave's last loss. So a hub
 * restart, a network cut or a load balancer dropping its connections is one event per group, while a device or two
 * dropping now and then is not an outage. Thread-safe; called on losses and returns of lost devices only, never on
 * the publish path.
 */
final class OutageWatch {

    static final long WINDOW_MILLIS = 2_000;
    static final int ALWAYS_A_WAVE = 10;
    static final int MIN_WAVE = 3;
    static final double WAVE_SHARE = 0.05;
    private static final long WINDOW_NANOS = WINDOW_MILLIS * 1_000_000L;

    /** One unplanned loss of a connected device; the loop that saw it keeps it until the device is back. */
    static final class Loss {
        final long atNanos;
        final int unacknowledged;
        private Wave wave;

        private Loss(long atNanos, int unacknowledged) {
            this.atNanos = atNanos;
            this.unacknowledged = unacknowledged;
        }
    }

    private static final class Wave {
        final long startNanos;
        final long startEpochMillis;
        long lastLossNanos;
        int dropped;
        long unacknowledged;
        long[] backNanos = new long[16];
        int back;

        Wave(long startNanos, long startEpochMillis) {
            this.startNanos = startNanos;
            this.startEpochMillis = startEpochMillis;
        }

        void add(Loss loss) {
            loss.wave = this;
            dropped++;
            unacknowledged += loss.unacknowledged;
            lastLossNanos = Math.max(lastLossNanos, loss.atNanos);
        }
    }

    private final String group;
    private final NanoClock clock;
    private final ArrayDeque<Loss> candidates = new ArrayDeque<>();
    private final List<Wave> waves = new ArrayList<>();
    private Wave open;

    OutageWatch(String group, NanoClock clock) {
        this.group = group;
        this.clock = clock;
    }

    /**
     * A connected device of the group lost its link without the scenario asking for it.
     *
     * @param unacknowledged QoS 1 publishes it had sent that lost their PUBACK with the link
     * @param connectedNow   the group's connected devices after this loss
     */
    synchronized Loss lost(long nowNanos, int unacknowledged, int connectedNow) {
        Loss loss = new Loss(nowNanos, unacknowledged);
        if (open != null && nowNanos - open.lastLossNanos <= WINDOW_NANOS) {
            open.add(loss);
            return loss;
        }
        open = null;
        while (!candidates.isEmpty() && nowNanos - candidates.peekFirst().atNanos > WINDOW_NANOS) {
            candidates.pollFirst();
        }
        candidates.addLast(loss);
        if (candidates.size() >= threshold(connectedNow + candidates.size())) {
            long start = candidates.peekFirst().atNanos;
            open = new Wave(start, clock.epochMillis() - (clock.nanoTime() - start) / 1_000_000);
            candidates.forEach(open::add);
            candidates.clear();
            waves.add(open);
        }
        return loss;
    }

    /** Losses within the window that make a wave, for a group that had {@code connectedBefore} devices connected. */
    static int threshold(int connectedBefore) {
        return Math.min(ALWAYS_A_WAVE, Math.max(MIN_WAVE, (int) Math.ceil(WAVE_SHARE * connectedBefore)));
    }

    /** A device whose loss was {@code loss} is connected again. */
    synchronized void back(Loss loss, long nowNanos) {
        Wave w = loss.wave;
        if (w != null) {
            if (w.back == w.backNanos.length) {
                w.backNanos = Arrays.copyOf(w.backNanos, w.back * 2);
            }
            w.backNanos[w.back++] = nowNanos;
        }
    }

    /** The waves so far, each with the moments 50, 99 and 100 % of its devices were back (-1: not yet). */
    synchronized List<Outage> outages() {
        List<Outage> out = new ArrayList<>();
        for (Wave w : waves) {
            long[] back = Arrays.copyOf(w.backNanos, w.back);
            Arrays.sort(back);
            out.add(new Outage(group, w.startEpochMillis, w.dropped, backAfter(w, back, 0.50), backAfter(w, back, 0.99),
                    backAfter(w, back, 1.0), w.dropped - w.back, w.unacknowledged));
        }
        return out;
    }

    private static long backAfter(Wave w, long[] back, double share) {
        int needed = (int) Math.ceil(share * w.dropped);
        if (needed == 0) {
            return 0;
        }
        return back.length < needed ? -1 : (back[needed - 1] - w.startNanos) / 1_000_000;
    }
}

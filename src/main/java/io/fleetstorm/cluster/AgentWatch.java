package io.fleetstorm.cluster;

import java.io.PrintStream;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Which agents of a run are alive, done or lost: an agent is lost when it leaves the cluster, sends no report for
 * the silence limit, or none at all within {@link #STARTUP_GRACE_MILLIS} of the start. A silence-lost agent that
 * reports again takes part again (a stalled machine, not a death); a departure is final.
 */
final class AgentWatch {

    /** An agent that has not reported this long after the start is lost (deploying a big shard takes a while). */
    static final long STARTUP_GRACE_MILLIS = 60_000;
    private static final String SILENT = "no report for ";

    private final List<AgentOffer> agents;
    private final ClusterMerger merger;
    private final PrintStream err;
    private final long silenceNanos;
    private final long startNanos;
    private final Map<String, String> lost = new LinkedHashMap<>();
    private final Map<String, Integer> done = new ConcurrentHashMap<>();
    private final Map<String, Long> lastReport = new ConcurrentHashMap<>();

    AgentWatch(List<AgentOffer> agents, ClusterMerger merger, PrintStream err, long silenceMillis, long startNanos) {
        this.agents = List.copyOf(agents);
        this.merger = merger;
        this.err = err;
        this.silenceNanos = TimeUnit.MILLISECONDS.toNanos(silenceMillis);
        this.startNanos = startNanos;
    }

    /** A message from an agent arrived. */
    void heard(String agent) {
        lastReport.put(agent, System.nanoTime());
        synchronized (lost) {
            String why = lost.get(agent);
            if (why == null || !why.contains(SILENT)) {
                return;
            }
            lost.remove(agent);
        }
        merger.countGauges(agent);
        err.println("\nfleetstorm: agent " + agent + " reports again after a silence; it takes part again");
        err.flush();
    }

    /** An agent's run ended after sending {@code intervals} reports. */
    void done(String agent, int intervals) {
        done.put(agent, intervals);
    }

    boolean isDone(String agent) {
        return done.containsKey(agent);
    }

    /** Loses the agents that have been silent too long. */
    void checkSilence() {
        long now = System.nanoTime();
        for (AgentOffer a : agents) {
            Long last = lastReport.get(a.id());
            if (done.containsKey(a.id())) {
                continue;
            }
            if (last == null && now - startNanos > TimeUnit.MILLISECONDS.toNanos(STARTUP_GRACE_MILLIS)) {
                lose(a, "sent no report within " + STARTUP_GRACE_MILLIS / 1000 + " s of the start");
            } else if (last != null && now - last > silenceNanos) {
                lose(a, SILENT + (now - last) / 1_000_000_000L + " s");
            }
        }
    }

    /** A cluster member left: the agent on it, if any and not done, is lost. */
    void nodeLeft(String nodeId) {
        for (AgentOffer a : agents) {
            if (a.node().equals(nodeId) && !done.containsKey(a.id())) {
                lose(a, "left the cluster");
            }
        }
    }

    /** Loses every agent not done yet (the controller's deadline passed). */
    void loseUnfinished(String why) {
        for (AgentOffer a : agents) {
            if (!done.containsKey(a.id())) {
                lose(a, why);
            }
        }
    }

    /** Every agent done (with all its reports in) or lost; before the planned end, a silence may still end. */
    boolean finished(boolean pastPlannedEnd) {
        for (AgentOffer a : agents) {
            boolean isLost;
            synchronized (lost) {
                String why = lost.get(a.id());
                isLost = why != null && (pastPlannedEnd || !why.contains(SILENT));
            }
            Integer expected = done.get(a.id());
            if (!isLost && (expected == null || merger.intervals(a.id()) < expected)) {
                return false;
            }
        }
        return true;
    }

    /** Lost agents, each described with why and when. */
    List<String> lost() {
        synchronized (lost) {
            return new ArrayList<>(lost.values());
        }
    }

    /** The progress line's end: the agents taking part, and any lost. */
    String progressSuffix() {
        synchronized (lost) {
            int n = agents.size();
            return " | agents " + (n - lost.size()) + "/" + n + (lost.isEmpty() ? "" : " LOST " + String.join(", ",
                    lost.keySet()));
        }
    }

    private void lose(AgentOffer a, String why) {
        String at = " at " + DateTimeFormatter.ofPattern("HH:mm:ss", Locale.ROOT)
                .withZone(ZoneOffset.UTC).format(Instant.now()) + " UTC";
        synchronized (lost) {
            String before = lost.get(a.id());
            if (before != null && !(before.contains(SILENT) && !why.startsWith(SILENT))) {
                return; // already lost; only a silence becomes a departure
            }
            lost.put(a.id(), a.describe() + " " + why + at);
            if (before != null) {
                return;
            }
        }
        merger.dropGauges(a.id());
        err.println("\nfleetstorm: agent " + a.describe() + " lost (" + why + "); its results so far are kept");
        err.flush();
    }
}

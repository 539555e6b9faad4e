package io.fleetstorm.cluster;

import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.PhasePlan;
import io.fleetstorm.metrics.RunInfo;
import io.fleetstorm.metrics.RunResult;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The controller of a cluster run: it waits for agents, gives each a shard and the common start instant, merges their
 * interval reports every second ({@link ClusterMerger}), notices agents that leave or fall silent, stops every agent
 * on an abort, and returns one result. It never waits on a dead agent past a bounded deadline.
 */
public final class ClusterRun implements AutoCloseable {

    /**
     * An agent silent this long is lost (it reports every second). Longer than Hazelcast's 10 s heartbeat timeout, so
     * a dead process is usually noticed as one that left; silence catches a hung one. On a saturated machine an
     * agent's event loops can stall for seconds (connect() itself blocks when loopback ports run short), so a
     * silence-lost agent that reports again takes part again.
     */
    public static final long DEFAULT_SILENCE_MILLIS = 15_000;
    /** How long after the planned end (and drain) the controller waits for agents to finish. */
    static final long FINISH_GRACE_MILLIS = 30_000;

    private final ClusterNode node;
    private final PrintStream err;
    private final long silenceMillis;
    private final Map<String, AgentOffer> offers = new ConcurrentHashMap<>();
    private final Map<String, Long> offerSeen = new ConcurrentHashMap<>();
    private final Map<String, Long> reportBytes = new ConcurrentHashMap<>();
    private List<AgentOffer> agents = List.of();
    private volatile String abortReason;
    private volatile AbortCause abortCause;
    private volatile String runId;
    private volatile AgentWatch watch;
    private volatile ClusterMerger merger;
    private final MessageConsumer<String> offerConsumer;
    private final Runnable nodeLeftListener;

    public ClusterRun(ClusterNode node, PrintStream err, long silenceMillis) {
        this.node = node;
        this.err = err;
        this.silenceMillis = silenceMillis;
        offerConsumer = node.vertx().eventBus().<String>consumer(Addresses.OFFERS, m -> {
            AgentOffer o = AgentOffer.fromJson(new JsonObject(m.body()));
            offers.put(o.id(), o);
            offerSeen.put(o.id(), System.nanoTime());
        });
        nodeLeftListener = node.onNodeLeft(nodeId -> {
            AgentWatch w = watch;
            if (w != null) {
                w.nodeLeft(nodeId);
            }
        });
    }

    /**
     * Stops listening for offers and departures: a capacity search makes one run per step on the same node, and
     * each would otherwise keep its consumer and listener for the rest of the search.
     */
    @Override
    public void close() {
        offerConsumer.unregister();
        nodeLeftListener.run();
    }

    /** Where the agents of a run report (the controller puts it in every {@link Assignment}). */
    public static String reportAddress(String runId) {
        return Addresses.reports(runId);
    }

    /**
     * Waits until {@code n} agents offer themselves; the first {@code n} by name take part.
     *
     * @throws ClusterException when fewer came within the timeout, naming those that did
     */
    public List<AgentOffer> awaitAgents(int n, long timeoutMillis) throws InterruptedException, ClusterException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        long nextNote = System.currentTimeMillis() + 5_000;
        while (fresh().size() < n) {
            if (System.currentTimeMillis() >= deadline) {
                List<String> came = fresh();
                throw new ClusterException("waited " + timeoutMillis / 1000 + " s for " + n + " agent(s), but "
                        + came.size() + " offered to work" + (came.isEmpty() ? "" : " (" + String.join(", ", came)
                        + ")") + "; start more with 'fleetstorm agent --join " + node.host() + ":"
                        + node.port() + "' or wait longer with --agents-timeout");
            }
            if (System.currentTimeMillis() >= nextNote) {
                err.printf("fleetstorm: %d of %d agent(s) joined, waiting (join with --join %s:%d)%n", fresh().size(),
                        n, node.host(), node.port());
                err.flush();
                nextNote += 5_000;
            }
            Thread.sleep(100);
        }
        agents = fresh().stream().map(offers::get).limit(n).toList();
        return agents;
    }

    /** Agents that offered in the last few seconds (idle ones offer every second), by name. */
    private List<String> fresh() {
        long now = System.nanoTime();
        return offerSeen.entrySet().stream().filter(e -> now - e.getValue() < TimeUnit.SECONDS.toNanos(3))
                .map(Map.Entry::getKey).sorted().toList();
    }

    /**
     * Checks that shard i of n fits agent i: {@code devicesOf} gives the devices of a shard. Returns the problems
     * (empty when every shard fits).
     */
    public List<String> checkCapacity(Function<Shard, Integer> devicesOf) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            AgentOffer a = agents.get(i);
            int devices = devicesOf.apply(new Shard(i + 1, agents.size()));
            if (devices > a.sockets()) {
                problems.add("shard " + (i + 1) + "/" + agents.size() + " has " + devices + " devices, but agent "
                        + a.describe() + " can open " + a.sockets() + " sockets");
            }
        }
        return problems;
    }

    /**
     * Runs: assigns shard i of n to agent i (all starting at {@code startEpochMillis}), merges their reports into
     * {@code sinks} every {@code tickMillis}, and returns the merged result once every agent has finished or is
     * lost. {@code allowLost}: agents that may be lost without marking the run incomplete.
     */
    public RunResult run(RunInfo info, List<IntervalSink> sinks, Function<Shard, Assignment> assignments,
            long startEpochMillis, long drainMillis, int allowLost) throws InterruptedException, ClusterException {
        Assignment first = assignments.apply(new Shard(1, agents.size()));
        runId = first.runId();
        long startNanos = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(startEpochMillis
                - System.currentTimeMillis());
        ClusterMerger merger = new ClusterMerger(info, sinks, agents.stream().map(AgentOffer::id).toList(),
                startNanos, startEpochMillis);
        this.merger = merger;
        AgentWatch w = new AgentWatch(agents, merger, err, silenceMillis, startNanos);
        watch = w;
        MessageConsumer<String> reports = node.vertx().eventBus().<String>consumer(first.reportAddress(), m -> {
            JsonObject msg = new JsonObject(m.body());
            String agent = msg.getString("agent");
            w.heard(agent);
            if ("interval".equals(msg.getString("type"))) {
                merger.accept(AgentInterval.decode(msg));
                reportBytes.merge(agent, (long) m.body().length(), Long::sum);
            } else if ("done".equals(msg.getString("type"))) {
                JsonArray outages = msg.getJsonArray("outages", new JsonArray());
                for (int i = 0; i < outages.size(); i++) {
                    try {
                        merger.outage(AgentInterval.decodeOutage(outages.getJsonObject(i)));
                    } catch (RuntimeException e) { // the agent's end still counts: the run must not wait for it
                        err.println("fleetstorm: agent " + agent + " sent an outage the controller cannot read: "
                                + e.getMessage());
                    }
                }
                w.done(agent, msg.getInteger("intervals"));
            }
        });
        try {
            reports.completion().await(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new ClusterException("could not listen for agent reports on the event bus within 30 s");
        }
        try {
            assign(assignments);
            long plannedEnd = startEpochMillis + info.plannedNanos() / 1_000_000 + drainMillis;
            long deadline = plannedEnd + FINISH_GRACE_MILLIS;
            long tick = 1_000;
            long next = startEpochMillis + tick;
            boolean stopped = false;
            while (true) {
                long sleep = next - System.currentTimeMillis();
                if (sleep > 0) {
                    Thread.sleep(sleep);
                }
                next += tick;
                long nowMillis = System.currentTimeMillis();
                w.checkSilence();
                merger.tick(phaseAt(info, nowMillis - startEpochMillis), System.nanoTime(), nowMillis);
                if (abortReason != null && !stopped) {
                    stopped = true;
                    deadline = Math.min(deadline, nowMillis + drainMillis + FINISH_GRACE_MILLIS);
                }
                if (w.finished(nowMillis >= plannedEnd)) {
                    break;
                }
                if (nowMillis >= deadline) {
                    w.loseUnfinished("did not finish within " + FINISH_GRACE_MILLIS / 1000
                            + " s of the planned end");
                    break;
                }
            }
            List<String> reasons = new ArrayList<>();
            if (abortReason != null) {
                reasons.add(abortReason);
            }
            List<String> lost = w.lost();
            boolean incomplete = lost.size() > allowLost;
            if (incomplete && abortCause == null) {
                abortCause = AbortCause.AGENTS_LOST;
            }
            if (!lost.isEmpty()) {
                reasons.add((incomplete ? "incomplete: " : "") + "lost agent(s): " + String.join("; ", lost)
                        + (incomplete ? "" : " (allowed: up to " + allowLost + ")")
                        + "; their results up to then are kept");
            }
            return merger.finish(abortCause, reasons.isEmpty() ? null : String.join("; ", reasons),
                    System.currentTimeMillis());
        } finally {
            reports.unregister();
        }
    }

    private void assign(Function<Shard, Assignment> assignments) throws ClusterException {
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < agents.size(); i++) {
            AgentOffer a = agents.get(i);
            Assignment work = assignments.apply(new Shard(i + 1, agents.size()));
            try {
                JsonObject reply = new JsonObject(node.vertx().eventBus().<String>request(Addresses.agent(a.id()),
                        work.toJson().encode(), new DeliveryOptions().setSendTimeout(30_000)).await().body());
                if (!reply.getBoolean("ok")) {
                    failures.add(reply.getString("error"));
                } else {
                    err.printf("fleetstorm: agent %s takes shard %s: %d device(s) -> %s%n", a.describe(),
                            work.shard(), reply.getInteger("devices"), reply.getString("target"));
                }
            } catch (Exception e) {
                failures.add("agent " + a.describe() + " did not take its shard: " + e.getMessage());
            }
        }
        err.flush();
        if (!failures.isEmpty()) {
            stopAll(AbortCause.AGENTS_LOST, "the run could not start");
            throw new ClusterException(String.join("; ", failures));
        }
    }

    /** Stops every agent (abortOnFail, a signal); results so far are kept, the run waits for them to finish. */
    public synchronized void abort(AbortCause cause, String reason) {
        if (abortReason == null) {
            abortReason = reason;
            abortCause = cause;
            stopAll(cause, reason);
        }
    }

    /** Why the run stopped early ({@link AbortCause#AGENTS_LOST} when too many agents were lost), or null. */
    public AbortCause abortCause() {
        return abortCause;
    }

    /** The target outages the agents saw, in the order their reports came. */
    public List<Outage> outages() {
        return merger == null ? List.of() : merger.outages();
    }

    private void stopAll(AbortCause cause, String reason) {
        for (AgentOffer a : agents) {
            node.vertx().eventBus().send(Addresses.agent(a.id()), new JsonObject().put("type", "stop")
                    .put("runId", runId).put("cause", cause.name()).put("reason", reason).encode());
        }
    }

    /** The progress line's end: the agents taking part, and any lost. */
    public String progressSuffix() {
        AgentWatch w = watch;
        return w == null ? "" : w.progressSuffix();
    }

    /** The agents taking part, by name. */
    public List<String> agentIds() {
        return agents.stream().map(AgentOffer::id).toList();
    }

    /** Reporting traffic received per agent so far, in bytes of JSON text. */
    public Map<String, Long> reportBytes() {
        return Map.copyOf(reportBytes);
    }

    static String phaseAt(RunInfo info, long elapsedMillis) {
        long t = 0;
        String name = info.phases().isEmpty() ? "run" : info.phases().get(0).name();
        for (PhasePlan p : info.phases()) {
            if (elapsedMillis * 1_000_000 >= t) {
                name = p.name();
            }
            t += p.durationNanos();
        }
        return name;
    }
}

package io.fleetstorm.cluster;

import io.fleetstorm.engine.LoadPlan;
import io.fleetstorm.metrics.AbortCause;
import io.fleetstorm.scenario.Scenario;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.io.PrintStream;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code fleetstorm agent}: a generator process in the cluster. It offers its capacity every second while idle, takes
 * one shard of a run at a time from a controller, runs it on its own event loops (keeping its own /metrics) and
 * reports every interval back. With {@code once} it leaves after its first run.
 */
public final class Agent {

    /** What the command line supplies: the shard's scenario and plan, validated like {@code fleetstorm run} does. */
    public interface Preparer {
        Prepared prepare(Assignment assignment) throws Exception;
    }

    /** A shard ready to run. */
    public record Prepared(Scenario scenario, LoadPlan plan) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    private final ClusterNode node;
    private final AgentOffer offer;
    private final Preparer preparer;
    private final AgentRun.Metrics metrics;
    private final PrintStream log;
    private final AtomicReference<AgentRun> current = new AtomicReference<>();
    private final CountDownLatch leave = new CountDownLatch(1);
    private final boolean once;

    public Agent(ClusterNode node, AgentOffer offer, Preparer preparer, AgentRun.Metrics metrics, PrintStream log,
            boolean once) {
        this.node = node;
        this.offer = offer;
        this.preparer = preparer;
        this.metrics = metrics;
        this.log = log;
        this.once = once;
    }

    /** Serves runs until {@link #leave()} (or after one run with {@code once}); blocks. */
    public void serve() throws Exception {
        var vertx = node.vertx();
        vertx.eventBus().<String>consumer(Addresses.agent(offer.id()), this::onMessage)
                .completion().await(30, TimeUnit.SECONDS);
        long timer = vertx.setPeriodic(0, 1_000, id -> {
            if (current.get() == null) {
                vertx.eventBus().publish(Addresses.OFFERS, offer.toJson().encode());
            }
        });
        log.printf("agent %s: in the cluster (hazelcast port %d), offering %d sockets and %d cores; waiting for "
                + "work%n", offer.describe(), node.port(), offer.sockets(), offer.cores());
        log.flush();
        leave.await();
        vertx.cancelTimer(timer);
        // a stopped shard still drains, disconnects and tells the controller its end: give it that time, bounded
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(LEAVE_WAIT_SECONDS);
        while (current.get() != null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** How long leaving waits for a stopped shard to finish (the engine's drain is 5 s). */
    static final int LEAVE_WAIT_SECONDS = 20;

    /** Ends {@link #serve()}; a running shard is stopped first. */
    public void leave() {
        AgentRun run = current.get();
        if (run != null) {
            run.stop(AbortCause.SIGNAL, "agent stopped");
        }
        leave.countDown();
    }

    private void onMessage(Message<String> message) {
        JsonObject msg = new JsonObject(message.body());
        switch (msg.getString("type", "")) {
            case "assign" -> assign(message, Assignment.fromJson(msg));
            case "stop" -> {
                AgentRun run = current.get();
                if (run != null && run.runId().equals(msg.getString("runId"))) {
                    run.stop(causeOf(msg.getString("cause")), msg.getString("reason"));
                }
            }
            default -> LOG.warn("agent {}: unknown message {}", offer.id(), msg.getString("type"));
        }
    }

    /** The controller's cause of a stop; an older controller sends none: a stop the user asked for. */
    private static AbortCause causeOf(String name) {
        for (AbortCause c : AbortCause.values()) {
            if (c.name().equals(name)) {
                return c;
            }
        }
        return AbortCause.SIGNAL;
    }

    private void assign(Message<String> message, Assignment a) {
        AgentRun run = new AgentRun(node.vertx(), offer.id(), a, metrics, log);
        if (!current.compareAndSet(null, run)) {
            message.reply(new JsonObject().put("ok", false).put("error", "agent " + offer.id()
                    + " is busy with run " + current.get().runId()).encode());
            return;
        }
        // validating and compiling may read files and derive keys: off the event loop
        Thread t = new Thread(() -> {
            Prepared prepared;
            try {
                prepared = preparer.prepare(a);
            } catch (Exception e) {
                current.set(null);
                message.reply(new JsonObject().put("ok", false).put("error", "agent " + offer.id() + ": "
                        + e.getMessage()).encode());
                return;
            }
            int devices = prepared.scenario().groups().stream().mapToInt(Scenario.Group::count).sum();
            message.reply(new JsonObject().put("ok", true).put("devices", devices)
                    .put("target", prepared.plan().target().getHostString() + ":" + prepared.plan().target().getPort())
                    .encode());
            log.printf("agent %s: run %s, shard %s, %d device(s), target %s:%d%n", offer.id(), a.runId(), a.shard(),
                    devices, prepared.plan().target().getHostString(), prepared.plan().target().getPort());
            log.flush();
            try {
                run.run(prepared);
            } catch (Exception e) {
                LOG.error("agent {}: run {} failed", offer.id(), a.runId(), e);
                log.println("agent " + offer.id() + ": run " + a.runId() + " failed: " + e);
            } finally {
                current.set(null);
                log.printf("agent %s: run %s ended; %s%n", offer.id(), a.runId(),
                        once ? "leaving" : "waiting for work");
                log.flush();
                if (once) {
                    leave.countDown();
                }
            }
        }, "fleetstorm-agent-run");
        t.setDaemon(true);
        t.start();
    }
}

package io.fleetstorm.cluster;

import io.fleetstorm.metrics.IntervalSink;
import io.fleetstorm.metrics.IntervalSnapshot;
import io.fleetstorm.metrics.Outage;
import io.fleetstorm.metrics.RunResult;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An agent's link to the controller: every interval goes over the event bus as an encoded {@link AgentInterval},
 * and the end of the run as a {@code done} message carrying how many intervals were sent (so the controller knows
 * when it has them all) and the target outages the agent's devices saw.
 */
final class AgentReportSink implements IntervalSink {

    private final EventBus bus;
    private final String address;
    private final String agent;
    private final AtomicLong bytes = new AtomicLong();
    private final JsonArray outages = new JsonArray();
    private int sent;
    private int slowBefore;

    AgentReportSink(EventBus bus, String address, String agent) {
        this.bus = bus;
        this.address = address;
        this.agent = agent;
    }

    @Override
    public void onInterval(IntervalSnapshot s) {
        int slow = s.run().generator().slowIntervals();
        JsonObject msg = AgentInterval.encode(agent, s, slow > slowBefore);
        slowBefore = slow;
        String text = msg.encode();
        bytes.addAndGet(text.length());
        bus.send(address, text);
        sent++;
    }

    /** A target outage to report with the end of the run. */
    synchronized void outage(Outage outage) {
        outages.add(AgentInterval.encodeOutage(outage));
    }

    @Override
    public synchronized void onRunEnd(RunResult r) {
        bus.send(address, new JsonObject().put("type", "done").put("agent", agent).put("intervals", sent)
                .put("aborted", r.aborted()).put("abortReason", r.abortReason()).put("bytes", bytes.get())
                .put("outages", outages.copy()).encode());
    }

    /** Bytes of interval reports sent so far (the cluster's own reporting traffic, JSON text). */
    long bytesSent() {
        return bytes.get();
    }

    int intervalsSent() {
        return sent;
    }
}

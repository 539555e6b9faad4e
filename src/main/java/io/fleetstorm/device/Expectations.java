package io.fleetstorm.device;

import io.fleetstorm.metrics.Operation;
import io.fleetstorm.protocol.Topics;
import java.util.ArrayDeque;

/**
 * Messages a device waits to receive: its own publishes to its data topic coming back ({@code echo}), and the
 * application's downlinks to its control topic ({@code downlink}), each measured from its intended instant. Created
 * on first use; confined to the device's event loop.
 */
final class Expectations implements DeviceFeature {

    private static final String ECHO = Operation.ECHO.label();
    private static final String DOWNLINK = Operation.DOWNLINK.label();

    private final DeviceLink link;
    private ArrayDeque<Pending> echoes;
    private ArrayDeque<Pending> downlinks;

    Expectations(DeviceLink link) {
        this.link = link;
    }

    /** Publishes to the device's own data topic and waits for the hub to send it back. */
    boolean echo(byte[] payload, int qos, long intendedNanos) {
        if (!link.publish(Topics.data(link.id()), payload, qos, ECHO, intendedNanos)) {
            return false;
        }
        long now = link.nanoTime();
        if (echoes == null) {
            echoes = new ArrayDeque<>(4);
        }
        echoes.addLast(new Pending(Operation.ECHO, ECHO, intendedNanos, now,
                now + link.profile().timeouts().echoMs() * 1_000_000L));
        return true;
    }

    /** The application is about to publish to this device's control topic. */
    void expectDownlink(long intendedNanos, long sentNanos) {
        if (downlinks == null) {
            downlinks = new ArrayDeque<>(2);
        }
        downlinks.addLast(new Pending(Operation.DOWNLINK, DOWNLINK, intendedNanos, sentNanos,
                sentNanos + link.profile().timeouts().downlinkMs() * 1_000_000L));
    }

    /** The application's publish failed; forget the newest expectation. */
    void cancelDownlink() {
        if (downlinks != null) {
            downlinks.pollLast();
        }
    }

    @Override
    public boolean onMessage(String topic, byte[] payload, long nowNanos) {
        ArrayDeque<Pending> queue = null;
        if (echoes != null && !echoes.isEmpty() && topic.equals(Topics.data(link.id()))) {
            queue = echoes;
        } else if (downlinks != null && !downlinks.isEmpty() && topic.equals(Topics.control(link.id()))) {
            queue = downlinks;
        }
        if (queue == null) {
            return false;
        }
        Pending p = queue.pollFirst();
        link.latency(p.operation, p.intendedNanos, p.sentNanos, nowNanos);
        return true;
    }

    @Override
    public void sweep(long nowNanos) {
        expire(echoes, nowNanos);
        expire(downlinks, nowNanos);
    }

    private void expire(ArrayDeque<Pending> queue, long nowNanos) {
        while (queue != null && !queue.isEmpty() && nowNanos > queue.peekFirst().deadlineNanos) {
            link.timedOut(queue.pollFirst().operation.label());
        }
    }

    @Override
    public void failAll(boolean abandoned) {
        fail(echoes, abandoned);
        fail(downlinks, abandoned);
    }

    private void fail(ArrayDeque<Pending> queue, boolean abandoned) {
        while (queue != null && !queue.isEmpty()) {
            link.unanswered(queue.pollFirst().operation.label(), abandoned);
        }
    }

    @Override
    public int inFlight() {
        return (echoes == null ? 0 : echoes.size()) + (downlinks == null ? 0 : downlinks.size());
    }
}

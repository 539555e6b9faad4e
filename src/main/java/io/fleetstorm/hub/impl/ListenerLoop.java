package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.CloseReason;
import io.vertx.core.Context;
import java.util.ArrayList;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One listener event loop's view of its connections, for the faults that act on all of them: stalls (stop reading
 * every connection) and random disconnects (close one device connection). Confined to the loop's thread, except
 * {@link #devices}, which the hub-wide fault timer reads to spread disconnects over the loops. Tracks nothing when
 * neither fault is configured.
 */
final class ListenerLoop {

    final HubCore core;
    final Context context;
    private final boolean tracks;
    private final ArrayList<ConnectionGuard> open = new ArrayList<>();
    private final ArrayList<ConnectionGuard> attached = new ArrayList<>();
    /** The guard handing a CONNECT to vertx-mqtt right now: the endpoint that the accept handler sees is its own. */
    ConnectionGuard connecting;
    /** Whether this loop's connections are not being read (a stall). */
    boolean stalled;
    /** Device connections on this loop, for the hub-wide disconnect timer. */
    volatile int devices;

    ListenerLoop(HubCore core, Context context) {
        this.core = core;
        this.context = context;
        this.tracks = core.faults.config.stalls().isPresent() || core.faults.config.disconnects().isPresent();
    }

    void opened(ConnectionGuard guard) {
        if (tracks) {
            guard.openIndex = open.size();
            open.add(guard);
        }
        if (stalled) {
            guard.updateAutoRead();
        }
    }

    void attached(ConnectionGuard guard) {
        if (tracks && guard.attachedIndex < 0) {
            guard.attachedIndex = attached.size();
            attached.add(guard);
            devices = attached.size();
        }
    }

    void closed(ConnectionGuard guard) {
        if (guard.openIndex >= 0) {
            remove(open, guard.openIndex).openIndex = guard.openIndex;
            guard.openIndex = -1;
        }
        if (guard.attachedIndex >= 0) {
            remove(attached, guard.attachedIndex).attachedIndex = guard.attachedIndex;
            guard.attachedIndex = -1;
            devices = attached.size();
        }
    }

    /** Stops reading every connection of this loop for {@code nanos}. */
    void stall(long nanos) {
        stalled = true;
        open.forEach(ConnectionGuard::updateAutoRead);
        context.owner().setTimer(Math.max(1, nanos / 1_000_000), id -> {
            stalled = false;
            open.forEach(ConnectionGuard::updateAutoRead);
        });
    }

    /** Closes one device connection of this loop, chosen at random; false when there is none. */
    boolean disconnectRandom() {
        if (attached.isEmpty()) {
            return false;
        }
        ConnectionGuard victim = attached.get(ThreadLocalRandom.current().nextInt(attached.size()));
        closed(victim); // not chosen again while its close completes
        victim.disconnect(CloseReason.FAULT_INJECTED);
        core.faults.disconnects.increment();
        return true;
    }

    /** Removes by swapping the last element in; returns the moved element (the removed one if it was last). */
    private static ConnectionGuard remove(ArrayList<ConnectionGuard> list, int index) {
        ConnectionGuard last = list.remove(list.size() - 1);
        if (index < list.size()) {
            list.set(index, last);
            return last;
        }
        return last;
    }
}

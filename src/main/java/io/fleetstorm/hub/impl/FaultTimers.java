package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.HubFaults;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The hub-wide clocks of faults that act on every connection: a stall every period, random disconnects at a rate
 * (spread over the listener loops by how many devices each holds), and the once-a-second flush of the protocol
 * violation log. Started when the listeners are up, stopped with the hub.
 */
final class FaultTimers {

    /** Disconnects are drawn this often; each tick closes the rate's share of the tick, carrying fractions over. */
    static final long DISCONNECT_TICK_MS = 100;

    private final Vertx vertx;
    private final HubCore core;
    private final List<ListenerLoop> loops;
    private final List<Long> timers = new ArrayList<>();
    private double disconnectCredit;

    FaultTimers(Vertx vertx, HubCore core, List<ListenerLoop> loops) {
        this.vertx = vertx;
        this.core = core;
        this.loops = List.copyOf(loops);
    }

    void start() {
        FaultInjector faults = core.faults;
        timers.add(vertx.setPeriodic(1000, id -> core.violations.flush()));
        faults.config.stalls().ifPresent(this::startStalls);
        faults.config.disconnects().ifPresent(this::startDisconnects);
    }

    void stop() {
        timers.forEach(vertx::cancelTimer);
        timers.clear();
    }

    private void startStalls(HubFaults.Stalls stalls) {
        long every = stalls.every().toMillis();
        long stallNanos = stalls.stall().toNanos();
        timers.add(vertx.setPeriodic(every, every, id -> {
            FaultInjector faults = core.faults;
            if (!stalls.window().contains(faults.sinceStart(System.nanoTime()))) {
                return;
            }
            faults.stalls.increment();
            faults.stalledNanos.add(stallNanos);
            for (ListenerLoop loop : loops) {
                loop.context.runOnContext(v -> loop.stall(stallNanos));
            }
        }));
    }

    private void startDisconnects(HubFaults.Disconnects disconnects) {
        double perTick = disconnects.perSecond() * DISCONNECT_TICK_MS / 1000.0;
        timers.add(vertx.setPeriodic(DISCONNECT_TICK_MS, id -> {
            if (!disconnects.window().contains(core.faults.sinceStart(System.nanoTime()))) {
                disconnectCredit = 0;
                return;
            }
            disconnectCredit += perTick;
            while (disconnectCredit >= 1) {
                ListenerLoop loop = pickByDevices();
                if (loop == null) {
                    disconnectCredit = Math.min(disconnectCredit, 1); // nobody to disconnect: no burst later
                    return;
                }
                disconnectCredit -= 1;
                loop.context.runOnContext(v -> loop.disconnectRandom());
            }
        }));
    }

    /** A loop chosen with a weight of its device connections, so every device is as likely to be chosen. */
    private ListenerLoop pickByDevices() {
        int total = 0;
        for (ListenerLoop loop : loops) {
            total += loop.devices;
        }
        if (total == 0) {
            return null;
        }
        int n = ThreadLocalRandom.current().nextInt(total);
        for (ListenerLoop loop : loops) {
            n -= loop.devices;
            if (n < 0) {
                return loop;
            }
        }
        return loops.get(loops.size() - 1);
    }
}

package io.fleetstorm.engine;

import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.Outage;
import io.vertx.core.Promise;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the fleet verticles of one run share across event loops: connected devices per group and operations in flight
 * (read by gauges), the reconnect storms in progress, the OTA tasks, and the watch for target outages per group.
 * Everything here is thread-safe; device state is not here.
 */
public final class RunState {

    private final AtomicIntegerArray ready;
    private final AtomicLongArray inFlightByShard;
    private final int shards;
    /** By identity: two storms of equal settings in two phases are two storms. */
    private final Map<Activity.ReconnectStorm, ReconnectTracker> storms = new IdentityHashMap<>();
    private final Map<Activity.OtaWave, Promise<Object>> otaTasks = new IdentityHashMap<>();
    /** What the first loop prepares at a phase start for every loop (a product file, a switched-on configuration). */
    private final Map<Object, Promise<Object>> setups = new IdentityHashMap<>();
    /** Groups of gateways (sockets, not logical devices) and of sub-devices (logical devices without sockets). */
    private boolean[] gatewayGroups;
    private boolean[] subGroups;
    private final OutageWatch[] outages;
    private final List<String> groupNames;
    private final NanoClock clock;

    RunState(List<String> groups, int shards, NanoClock clock) {
        this.groupNames = List.copyOf(groups);
        this.clock = clock;
        this.shards = shards;
        this.inFlightByShard = new AtomicLongArray(shards);
        this.ready = new AtomicIntegerArray(groups.size());
        this.outages = new OutageWatch[groups.size()];
        this.gatewayGroups = new boolean[groups.size()];
        this.subGroups = new boolean[groups.size()];
        for (int g = 0; g < outages.length; g++) {
            outages[g] = new OutageWatch(groups.get(g), clock);
        }
    }

    void deviceReady(int group) {
        ready.incrementAndGet(group);
    }

    void deviceGone(int group) {
        ready.decrementAndGet(group);
    }

    /** Devices connected (CONNACK 0 and subscriptions acknowledged) in a group. */
    public int connected(int group) {
        return ready.get(group);
    }

    /** Marks the plan's gateway and sub-device groups, so the gauges tell logical devices and sockets apart. */
    void groupKinds(List<GroupPlan> groups) {
        for (int g = 0; g < groups.size() && g < subGroups.length; g++) {
            GroupPlan group = groups.get(g);
            subGroups[g] = group.subDevices();
            if (group.subDevices()) {
                gatewayGroups[group.gatewayGroup()] = true;
            }
        }
    }

    /** Logical devices connected: sub-devices online through their gateway and devices that are not gateways. */
    public int connectedLogical() {
        int sum = 0;
        for (int i = 0; i < ready.length(); i++) {
            sum += gatewayGroups[i] ? 0 : ready.get(i);
        }
        return sum;
    }

    /** Connections open: devices with a connection of their own, gateways included. */
    public int connectedSockets() {
        int sum = 0;
        for (int i = 0; i < ready.length(); i++) {
            sum += subGroups[i] ? 0 : ready.get(i);
        }
        return sum;
    }

    /** The shared outcome of what the first loop prepares for {@code key} (one per activity). */
    Promise<Object> setup(Object key) {
        synchronized (setups) {
            return setups.computeIfAbsent(key, k -> Promise.promise());
        }
    }

    public int connectedTotal() {
        int sum = 0;
        for (int i = 0; i < ready.length(); i++) {
            sum += ready.get(i);
        }
        return sum;
    }

    void inFlight(int shard, long value) {
        inFlightByShard.set(shard, value);
    }

    /** Operations waiting for an answer, as of each loop's last sweep. */
    public long inFlight() {
        long sum = 0;
        for (int i = 0; i < inFlightByShard.length(); i++) {
            sum += inFlightByShard.get(i);
        }
        return sum;
    }

    /** The storm's tracker over every loop; the first loop to ask creates it, intended at its phase start. */
    ReconnectTracker tracker(Activity.ReconnectStorm storm, long phaseStartNanos) {
        synchronized (storms) {
            return storms.computeIfAbsent(storm, s -> new ReconnectTracker(s.recoveryShare(), shards,
                    phaseStartNanos).named(groupNames.get(s.group()),
                            clock.epochMillis() - (clock.nanoTime() - phaseStartNanos) / 1_000_000));
        }
    }

    /** The OTA tasks of the run's waves (loop 0 creates each; guard with the map itself). */
    Map<Activity.OtaWave, Promise<Object>> otaTasks() {
        return otaTasks;
    }

    OutageWatch[] outages() {
        return outages;
    }

    /**
     * The target outages seen so far, per group in order, then the reconnect storms' recoveries (planned outages, so
     * that they reach the report by the same way).
     */
    public List<Outage> outagesSoFar() {
        List<Outage> all = new ArrayList<>();
        for (OutageWatch w : outages) {
            all.addAll(w.outages());
        }
        List<Outage> recoveries = new ArrayList<>();
        synchronized (storms) {
            storms.values().forEach(t -> recoveries.add(t.recovery()));
        }
        recoveries.sort(Comparator.comparingLong(Outage::startEpochMillis));
        all.addAll(recoveries);
        return all;
    }
}

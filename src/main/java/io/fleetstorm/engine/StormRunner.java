package io.fleetstorm.engine;

import io.fleetstorm.device.DeviceSelection;
import io.fleetstorm.device.VirtualDevice;
import io.fleetstorm.metrics.Counter;
import io.fleetstorm.metrics.LoopRecorder;
import io.fleetstorm.metrics.NanoClock;
import io.fleetstorm.metrics.Operation;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * One reconnect storm on one event loop: it drops the chosen share of the loop's connected devices of its group and
 * remembers which, so that only their return counts towards this storm's recovery, whatever phase they come back in
 * and however many other storms run beside it. The storm's progress over every loop is its {@link ReconnectTracker}.
 */
final class StormRunner {

    private final Activity.ReconnectStorm storm;
    private final ReconnectTracker tracker;
    private final VirtualDevice[] devices;
    private final LoopRecorder recorder;
    private final NanoClock clock;
    private final Set<VirtualDevice> dropped = Collections.newSetFromMap(new IdentityHashMap<>());

    StormRunner(Activity.ReconnectStorm storm, ReconnectTracker tracker, VirtualDevice[] devices,
            LoopRecorder recorder, NanoClock clock) {
        this.storm = storm;
        this.tracker = tracker;
        this.devices = devices;
        this.recorder = recorder;
        this.clock = clock;
    }

    /** Drops every chosen device of the loop at once, then reports this loop done. */
    void shedAll() {
        for (VirtualDevice d : devices) {
            dropIfChosen(d);
        }
        shardDone();
    }

    /** Drops the device if it is connected and in the storm's share (the same devices on every loop and run). */
    void dropIfChosen(VirtualDevice d) {
        if (!d.isReady() || DeviceSelection.unitHash(d.id().deviceName()) >= storm.fraction()) {
            return;
        }
        tracker.droppedOne();
        recorder.count(storm.group(), Counter.STORM_DROPPED, "reconnect", 0, 1);
        dropped.add(d); // before the drop: the loss it causes is the storm's, not an outage
        if (storm.abrupt()) {
            d.dropAbruptly();
        } else {
            d.dropCleanly();
        }
    }

    /** This loop has dropped all it will. */
    void shardDone() {
        long now = clock.nanoTime();
        if (tracker.shardDone(now)) {
            recordRecovery(now);
        }
    }

    /** Whether this storm dropped the device and it has not come back yet (its loss was planned). */
    boolean holds(VirtualDevice d) {
        return dropped.contains(d);
    }

    /** A device is connected again; returns whether it was one this storm dropped. */
    boolean cameBack(VirtualDevice d) {
        if (!dropped.remove(d)) {
            return false;
        }
        long now = clock.nanoTime();
        if (tracker.cameBack(now)) {
            recordRecovery(now);
        }
        return true;
    }

    private void recordRecovery(long now) {
        recorder.recordLatency(storm.group(), Operation.RECONNECT_RECOVERY, tracker.intendedNanos(),
                tracker.intendedNanos(), now);
    }
}

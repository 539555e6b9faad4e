package io.fleetstorm.engine;

import io.fleetstorm.device.VirtualDevice;

/**
 * What an {@link Activity} reaches on the event loop that runs it: the loop's devices, its scheduler, the application
 * side and the storms in progress. Implemented by {@link FleetVerticle}; everything here runs on that loop.
 */
interface FleetLoop {

    /** This loop's devices of a group (device i of the group is at index i / loops). */
    VirtualDevice[] devices(int group);

    /** Devices in the whole group, over every loop. */
    int groupSize(int group);

    /** Adds a stream of the activity's operations due in [startNanos, endNanos), at most {@code limit} in all. */
    void stream(Activity activity, long startNanos, long endNanos, long limit);

    /** Runs a task at an instant (nanoTime). */
    void at(long atNanos, Runnable task);

    /** Wall clock, epoch milliseconds (payload timestamps). */
    long epochMillis();

    /** The application's side of the run: its calls to the hub's cloud API. */
    ApplicationSide application();

    /** The runner of a storm on this loop. */
    StormRunner storm(Activity.ReconnectStorm storm);

    /** Counts an operation its device could not start (not connected, not writable, backlog full). */
    void skipped(int group, VirtualDevice device);
}

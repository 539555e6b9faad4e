package io.fleetstorm.engine;

import io.fleetstorm.device.LogicalDevice;
import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * What an {@link Activity} reaches on the event loop that runs it: the loop's devices, its scheduler, the application
 * side and the storms in progress. Implemented by {@link FleetVerticle}; everything here runs on that loop.
 */
interface FleetLoop {

    /**
     * This loop's devices of a group: device i of an ordinary group is at index i / loops; a sub-device group's are
     * those of this loop's gateways, gateway after gateway.
     */
    LogicalDevice[] devices(int group);

    /** Devices in the whole group, over every loop. */
    int groupSize(int group);

    /** Adds a stream of the activity's operations due in [startNanos, endNanos), at most {@code limit} in all. */
    void stream(Activity activity, long startNanos, long endNanos, long limit);

    /** Adds a stream that runs every operation of the activity on this loop (an application call per operation). */
    void streamHere(Activity activity, long startNanos, long endNanos);

    /** Runs a task at an instant (nanoTime). */
    void at(long atNanos, Runnable task);

    /** Wall clock, epoch milliseconds (payload timestamps). */
    long epochMillis();

    /** The loop's clock (nanoTime). */
    long nanoTime();

    /** This loop's index among the run's loops (loop 0 makes the calls made once per run). */
    int shard();

    /** The application's side of the run: its calls to the hub's cloud API. */
    ApplicationSide application();

    /** The application's calls for configuration and resources (its own API client). */
    FeatureApi featureApi();

    /**
     * Runs {@code then} on this loop once {@code prepare} (run by loop 0 only, once for {@code key}) has completed on
     * loop 0; a failure is counted as an API error of {@code group} and {@code then} runs anyway.
     */
    void afterSetup(Object key, int group, Supplier<Future<?>> prepare, Runnable then);

    /** The runner of a storm on this loop. */
    StormRunner storm(Activity.ReconnectStorm storm);

    /** Counts an operation its device could not start (not connected, not writable, backlog full). */
    void skipped(int group, LogicalDevice device);

    /** Counts an operation its device could not start, with the reason. */
    default void skipped(int group, String reason) {
        error(group, "skipped", reason);
    }

    /** Counts an error of {@code group} (e.g. kind {@code api} for a failed application call). */
    void error(int group, String kind, String reason);
}

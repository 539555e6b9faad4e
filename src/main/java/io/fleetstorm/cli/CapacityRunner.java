package io.fleetstorm.cli;

import io.fleetstorm.capacity.CapacitySearch;

/** Runs the steps of {@code fleetstorm capacity}: in this process, or over the agents of a cluster. */
interface CapacityRunner extends CapacitySearch.StepRunner, AutoCloseable {

    /** Stops the step running and every later one (a signal); results so far are kept. */
    void abort(String reason);

    @Override
    void close() throws Exception;
}

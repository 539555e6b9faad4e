package io.fleetstorm.hub.impl;

/**
 * A hook consulted for every authenticated API call before its action runs: fault injection refuses calls here.
 * Null means go on.
 */
@FunctionalInterface
interface ApiRefusal {

    ApiRefusal NONE = action -> null;

    /** The error to answer the call with instead of running it, or null. */
    ApiException refuse(String action);
}

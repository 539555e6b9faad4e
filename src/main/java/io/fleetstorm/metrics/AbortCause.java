package io.fleetstorm.metrics;

/** Why a run ended before its planned end; null on a {@link RunResult} that ran to its end. */
public enum AbortCause {
    /** SIGINT / SIGTERM (or the container being stopped): the user's choice, not a verdict on the target. */
    SIGNAL,
    /** An {@code abortOnFail} threshold failed while running: the target failed, the run did its job. */
    THRESHOLD,
    /** Agents of a cluster run were lost. */
    AGENTS_LOST,
    /** No device could reach the target at all. */
    TARGET_UNREACHABLE
}

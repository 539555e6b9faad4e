package io.fleetstorm.tls;

import java.util.Objects;

/**
 * A PEM file (or inline PEM text) that cannot be read, written or used; the message names the source and the problem.
 *
 * <p>The message has the form {@code <source>: <problem>}, for example {@code ca.pem: no CERTIFICATE block found}.
 * It never contains key material, so it is safe to show to users and to log.
 */
public final class PemException extends Exception {

    /** The source name used for PEM text that did not come from a file. */
    public static final String INLINE = "<inline>";

    private final String source;
    private final String problem;

    /** A failure for {@code source} (a file name or {@link #INLINE}) described by {@code problem}. */
    public PemException(String source, String problem) {
        this(source, problem, null);
    }

    /** As {@link #PemException(String, String)}, keeping {@code cause} for {@code --verbose} stack traces. */
    public PemException(String source, String problem, Throwable cause) {
        super(Objects.requireNonNull(source, "source") + ": " + Objects.requireNonNull(problem, "problem"), cause);
        this.source = source;
        this.problem = problem;
    }

    /** The file (as given by the caller) or {@link #INLINE}. */
    public String source() {
        return source;
    }

    /** The problem alone, without the source prefix. */
    public String problem() {
        return problem;
    }
}

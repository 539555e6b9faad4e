package io.fleetstorm.cloudapi;

/**
 * A failed Cloud API call: the cloud's {@code Error.Code} and {@code Message} and its {@code RequestId} (for the
 * report, so a failure can be looked up with the vendor), or a transport failure with one of fleetstorm's own codes.
 * The message never carries a credential.
 */
public final class ApiFailure extends RuntimeException {

    /** No answer: refused, reset or timed out connection. */
    public static final String NETWORK = "fleetstorm.NetworkError";
    /** An answer that is not HTTP 200 (the cloud answers every API call with 200). */
    public static final String HTTP_STATUS = "fleetstorm.HttpStatus";
    /** A 200 answer that is not {@code {"Response":{...}}}, or too large. */
    public static final String BAD_RESPONSE = "fleetstorm.BadResponse";
    /** The cloud's own rate-limit code, retried with back-off before it surfaces. */
    public static final String REQUEST_LIMIT_EXCEEDED = "RequestLimitExceeded";

    private final String action;
    private final String code;
    private final String requestId;
    private final int attempts;

    public ApiFailure(String action, String code, String message, String requestId, int attempts) {
        super(action + ": " + code + ": " + message + (requestId == null ? "" : " (RequestId " + requestId + ")"),
                null, false, false);
        this.action = action;
        this.code = code;
        this.requestId = requestId;
        this.attempts = attempts;
    }

    public String action() {
        return action;
    }

    /** The cloud's error code, e.g. {@code AuthFailure.SignatureFailure}, or one of the {@code fleetstorm.*} codes. */
    public String code() {
        return code;
    }

    /** The cloud's RequestId of the failed answer, or null when there was none. */
    public String requestId() {
        return requestId;
    }

    /** How many requests were sent (1 + retries). */
    public int attempts() {
        return attempts;
    }
}

package io.fleetstorm.protocol;

/**
 * The UserName's expiry field: the raw digits as sent and the instant after which the signature is invalid.
 *
 * <p>SDKs disagree on the unit, so the number of digits decides: up to 12 digits are epoch seconds, exactly 13
 * are epoch milliseconds (Python SDK), 14 or more (the C SDK's 17-digit {@code 92233720368547758}, or anything
 * too large for a {@code long}) mean the signature never expires.
 */
public record Expiry(String raw, long epochMillis, boolean never) {
    /** The C SDK 3.3 default: LONG_MAX cut short by the SDK's buffer. */
    public static final String NEVER_17 = "92233720368547758";
    /** What the Java SDK sends when auto-reconnect is on. */
    public static final long JAVA_AUTO_RECONNECT_SECONDS = 2147483647L;

    private static final int MAX_SECONDS_DIGITS = 12;
    private static final int MILLIS_DIGITS = 13;
    private static final long MAX_SECONDS = 999_999_999_999L;
    private static final long MIN_MILLIS = 1_000_000_000_000L;
    private static final long MAX_MILLIS = 9_999_999_999_999L;

    public Expiry {
        if (raw == null) {
            throw new IllegalArgumentException("raw must not be null");
        }
    }

    /** Parses the expiry field; any run of ASCII digits is accepted, anything else is malformed. */
    public static Expiry parse(String raw) throws ProtocolException {
        if (raw == null || raw.isEmpty() || !allAsciiDigits(raw)) {
            throw new ProtocolException(
                    "expiry must be ASCII digits, but was " + (raw == null ? "null" : '"' + raw + '"'));
        }
        if (raw.length() <= MAX_SECONDS_DIGITS) {
            return new Expiry(raw, Long.parseLong(raw) * 1000L, false);
        }
        if (raw.length() == MILLIS_DIGITS) {
            return new Expiry(raw, Long.parseLong(raw), false);
        }
        return new Expiry(raw, Long.MAX_VALUE, true);
    }

    /** True when {@code nowEpochMillis} is past the expiry; a never-expiring signature is never expired. */
    public boolean isExpiredAt(long nowEpochMillis) {
        return !never && nowEpochMillis > epochMillis;
    }

    /** An expiry in epoch seconds, as the document and the C SDK 3.2 send it. */
    public static Expiry seconds(long epochSeconds) {
        if (epochSeconds < 0 || epochSeconds > MAX_SECONDS) {
            throw new IllegalArgumentException(
                    "epochSeconds must be between 0 and " + MAX_SECONDS + ", but was " + epochSeconds);
        }
        return new Expiry(Long.toString(epochSeconds), epochSeconds * 1000L, false);
    }

    /** An expiry in epoch milliseconds (13 digits), as the Python SDK sends it. */
    public static Expiry millis(long epochMillis) {
        // Fewer or more digits would be read back as seconds or as "never"; refuse rather than change meaning.
        if (epochMillis < MIN_MILLIS || epochMillis > MAX_MILLIS) {
            throw new IllegalArgumentException("epochMillis must have 13 digits (" + MIN_MILLIS + " to " + MAX_MILLIS
                    + "), but was " + epochMillis);
        }
        return new Expiry(Long.toString(epochMillis), epochMillis, false);
    }

    /** The C SDK 3.3 default {@code 92233720368547758}: never expires. */
    public static Expiry never17() {
        return new Expiry(NEVER_17, Long.MAX_VALUE, true);
    }

    /** The Java SDK's {@code 2147483647} seconds, sent when auto-reconnect is on. */
    public static Expiry javaAutoReconnect() {
        return seconds(JAVA_AUTO_RECONNECT_SECONDS);
    }

    private static boolean allAsciiDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}

package io.fleetstorm.protocol;

import java.util.Optional;

/**
 * The HMAC algorithms a key-authenticated device may sign its UserName with.
 */
public enum SignMethod {
    HMACSHA256("hmacsha256", "HmacSHA256"),
    HMACSHA1("hmacsha1", "HmacSHA1");

    private final String wireName;
    private final String jcaName;

    SignMethod(String wireName, String jcaName) {
        this.wireName = wireName;
        this.jcaName = jcaName;
    }

    /** The label after the {@code ;} in the password, e.g. {@code hmacsha256}. */
    public String wireName() {
        return wireName;
    }

    /** The algorithm name for {@link javax.crypto.Mac#getInstance(String)}. */
    public String jcaName() {
        return jcaName;
    }

    /** The method with this exact (lower-case) wire label, as every SDK sends it. */
    public static Optional<SignMethod> fromWireName(String wireName) {
        for (SignMethod m : values()) {
            if (m.wireName.equals(wireName)) {
                return Optional.of(m);
            }
        }
        return Optional.empty();
    }
}

package io.fleetstorm.protocol;

import java.util.Locale;
import java.util.Optional;

/**
 * The {@code X-TC-Algorithm} of a dynamic registration request (addendum section 12), with the hash its body is
 * signed with: SHA-1 for the C SDK's {@code hmacsha1}, SHA-256 for the Java SDK's {@code hmacsha256}.
 */
public enum DynregAlgorithm {
    HMACSHA1("hmacsha1", SignMethod.HMACSHA1, "SHA-1"),
    HMACSHA256("hmacsha256", SignMethod.HMACSHA256, "SHA-256");

    private final String wireName;
    private final SignMethod mac;
    private final String bodyHash;

    DynregAlgorithm(String wireName, SignMethod mac, String bodyHash) {
        this.wireName = wireName;
        this.mac = mac;
        this.bodyHash = bodyHash;
    }

    /** The name as the SDKs send it (lower case). */
    public String wireName() {
        return wireName;
    }

    SignMethod mac() {
        return mac;
    }

    /** The JCA name of the hash of the request body in the string to sign. */
    public String bodyHash() {
        return bodyHash;
    }

    /** Compared without regard to case: the doc's example sends {@code HmacSha256}. */
    public static Optional<DynregAlgorithm> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String lower = header.trim().toLowerCase(Locale.ROOT);
        for (DynregAlgorithm a : values()) {
            if (a.wireName.equals(lower)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }
}

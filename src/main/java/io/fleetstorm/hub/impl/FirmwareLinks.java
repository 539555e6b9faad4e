package io.fleetstorm.hub.impl;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The URLs the hub hands out for firmware, each with a token (an HMAC under a key of this hub run) as the cloud's
 * object-store links carry a signature: a download URL for update_firmware, an upload URL for GetCOSURL. A wrong or
 * missing token is answered 403, as the C SDK expects of its download host.
 */
final class FirmwareLinks {

    static final String DOWNLOAD_PREFIX = "/ota/firmware/";
    static final String UPLOAD_PREFIX = "/ota/upload/";

    private final byte[] key = new byte[32];
    private final Supplier<String> base;

    /** @param base the API server's {@code http://host:port}, known once it listens */
    FirmwareLinks(Supplier<String> base) {
        new SecureRandom().nextBytes(key);
        this.base = base;
    }

    String downloadUrl(String productId, String version) {
        return base.get() + DOWNLOAD_PREFIX + productId + '/' + URLEncoder.encode(version, StandardCharsets.UTF_8)
                + "?token=" + token("download", productId + '/' + version);
    }

    boolean downloadAllowed(String productId, String version, String token) {
        return same(token("download", productId + '/' + version), token);
    }

    String uploadUrl(String uploadId) {
        return base.get() + UPLOAD_PREFIX + uploadId + "?token=" + token("upload", uploadId);
    }

    boolean uploadAllowed(String uploadId, String token) {
        return same(token("upload", uploadId), token);
    }

    private static boolean same(String expected, String actual) {
        return actual != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.getBytes(StandardCharsets.US_ASCII));
    }

    /** 32 hex characters: short, so the URL (and the C SDK's 1,024-byte request) stays small. */
    private String token(String purpose, String subject) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] h = mac.doFinal((purpose + '\n' + subject).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h, 0, 16);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}

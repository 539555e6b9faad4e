package io.fleetstorm.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The signature of a dynamic registration request (addendum section 12), keyed with the product secret's ASCII
 * bytes.
 *
 * <p>Current protocol: base64 of HMAC over eight lines: {@code POST}, host (no port), {@code /device/register},
 * an empty query, the algorithm as sent, timestamp, nonce, lower-hex hash of the body bytes. Legacy protocol
 * ({@code /register/dev}, C SDK up to 3.2.3): base64 of the lower-hex HMAC-SHA1 of
 * {@code deviceName=D&nonce=N&productId=P&timestamp=T}.
 */
public final class DynregSignature {
    /** The registration path of the current protocol. */
    public static final String PATH = "/device/register";
    /** The registration path of the legacy protocol. */
    public static final String LEGACY_PATH = "/register/dev";
    /** The timestamp C SDK 3.3 always sends, so devices without a clock can register. */
    public static final long C_SDK_CONSTANT_TIMESTAMP = 1609430400L;

    private DynregSignature() {
    }

    /** The eight-line string to sign; {@code algorithmAsSent} keeps the header's spelling. */
    public static String stringToSign(String host, String path, String algorithmAsSent, long timestamp, long nonce,
            String bodyHashHex) {
        return "POST\n" + host + '\n' + path + "\n\n" + algorithmAsSent + '\n' + timestamp + '\n' + nonce + '\n'
                + bodyHashHex;
    }

    /** Lower-hex hash of the body bytes with the algorithm's hash (SHA-1 or SHA-256). */
    public static String bodyHash(DynregAlgorithm algorithm, byte[] body) {
        try {
            return Signer.hex(MessageDigest.getInstance(algorithm.bodyHash()).digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm.bodyHash(), e);
        }
    }

    /** The {@code X-TC-Signature} value. */
    public static String sign(String productSecret, DynregAlgorithm algorithm, String algorithmAsSent, String host,
            String path, long timestamp, long nonce, byte[] body) {
        String text = stringToSign(host, path, algorithmAsSent, timestamp, nonce, bodyHash(algorithm, body));
        byte[] mac = Signer.hmac(algorithm.mac(), key(productSecret), text.getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(mac);
    }

    /** Whether {@code signature} signs the request (constant-time comparison). */
    public static boolean verify(String signature, String productSecret, DynregAlgorithm algorithm,
            String algorithmAsSent, String host, String path, long timestamp, long nonce, byte[] body) {
        if (signature == null || productSecret == null || productSecret.isEmpty()) {
            return false;
        }
        String expected = sign(productSecret, algorithm, algorithmAsSent, host, path, timestamp, nonce, body);
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                signature.trim().getBytes(StandardCharsets.US_ASCII));
    }

    /** The legacy text to sign: {@code deviceName=D&nonce=N&productId=P&timestamp=T}. */
    public static String legacyText(String deviceName, long nonce, String productId, long timestamp) {
        return "deviceName=" + deviceName + "&nonce=" + nonce + "&productId=" + productId + "&timestamp=" + timestamp;
    }

    /** The legacy signature as the C SDK writes it: base64 of the 40-character lower-hex HMAC-SHA1. */
    public static String legacySign(String productSecret, String deviceName, long nonce, String productId,
            long timestamp) {
        byte[] mac = Signer.hmac(SignMethod.HMACSHA1, key(productSecret),
                legacyText(deviceName, nonce, productId, timestamp).getBytes(StandardCharsets.UTF_8));
        return Base64.getEncoder().encodeToString(Signer.hex(mac).getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] key(String productSecret) {
        return productSecret.getBytes(StandardCharsets.US_ASCII);
    }
}

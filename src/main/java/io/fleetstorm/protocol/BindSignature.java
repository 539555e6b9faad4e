package io.fleetstorm.protocol;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;

/**
 * The signature a gateway sends to bind a sub-device (addendum section 11): base64 of
 * HMAC({@code key}, {@code ${SUB_PID}${SUB_DN};${random};${timestamp}}).
 *
 * <p>The key of a key sub-device is the ASCII text of its base64 PSK, NOT the decoded bytes (unlike the MQTT
 * password); the key of a certificate sub-device is the lower-case hex MD5 of its certificate file.
 */
public final class BindSignature {

    /** A signature with the inputs that travel beside it in the bind request. */
    public record Signed(String signature, long random, long timestamp, SignMethod method) {
    }

    private BindSignature() {
    }

    /** {@code ${SUB_PID}${SUB_DN};${random};${timestamp}}. */
    public static String text(DeviceId sub, long random, long timestamp) {
        return sub.productId() + sub.deviceName() + ';' + random + ';' + timestamp;
    }

    /** The key of a key sub-device: the ASCII bytes of its base64 PSK string, as both SDKs use it. */
    public static byte[] pskKey(String base64Psk) {
        return base64Psk.getBytes(StandardCharsets.US_ASCII);
    }

    /** The key of a certificate sub-device (C SDK): the lower-case hex MD5 of the certificate file's bytes. */
    public static byte[] certificateKey(byte[] certificateFile) {
        try {
            return Signer.hex(MessageDigest.getInstance("MD5").digest(certificateFile))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }

    /** Signs as a gateway does for one sub-device. */
    public static Signed sign(SignMethod method, byte[] key, DeviceId sub, long random, long timestamp) {
        byte[] mac = Signer.hmac(method, key, text(sub, random, timestamp).getBytes(StandardCharsets.UTF_8));
        return new Signed(Base64.getEncoder().encodeToString(mac), random, timestamp, method);
    }

    /** Whether {@code signature} is the signature of these inputs (constant time). */
    public static boolean verify(String signature, SignMethod method, byte[] key, DeviceId sub, long random,
            long timestamp) {
        if (signature == null || key == null || key.length == 0) {
            return false;
        }
        byte[] expected = sign(method, key, sub, random, timestamp).signature().getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    /** The method named by a bind request's {@code signmethod}, compared without regard to case. */
    public static Optional<SignMethod> method(String signMethod) {
        return signMethod == null ? Optional.empty()
                : SignMethod.fromWireName(signMethod.toLowerCase(Locale.ROOT));
    }
}

package io.fleetstorm.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and verifies the HMAC password of key-authenticated devices: {@code hex(HMAC(psk, userName));method}.
 */
public final class Signer {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    // Mac.getInstance walks the provider list, too slow for thousands of connects per second; Mac is not
    // thread-safe, hence one per thread and method.
    private static final Map<SignMethod, ThreadLocal<Mac>> MACS = new EnumMap<>(SignMethod.class);

    static {
        for (SignMethod m : SignMethod.values()) {
            MACS.put(m, ThreadLocal.withInitial(() -> newMac(m)));
        }
    }

    private Signer() {
    }

    /** Lower-case hex HMAC of the UTF-8 userName, keyed with the decoded PSK. */
    public static String token(SignMethod method, byte[] key, String userName) {
        return hex(hmac(method, key, userName.getBytes(StandardCharsets.UTF_8)));
    }

    /** The MQTT password: {@code token;method}. */
    public static String password(SignMethod method, byte[] key, String userName) {
        return token(method, key, userName) + ';' + method.wireName();
    }

    /** Whether the password is a valid {@code token;method} for this key and userName; malformed means false. */
    public static boolean verify(String password, byte[] key, String userName) {
        if (password == null || key == null || key.length == 0 || userName == null) {
            return false;
        }
        int sep = password.indexOf(';');
        if (sep < 0) {
            return false;
        }
        Optional<SignMethod> method = SignMethod.fromWireName(password.substring(sep + 1));
        if (method.isEmpty()) {
            return false;
        }
        byte[] expected = token(method.get(), key, userName).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = password.substring(0, sep).getBytes(StandardCharsets.US_ASCII);
        // Constant time, so response timing does not reveal how much of a guessed token was right.
        return MessageDigest.isEqual(expected, actual);
    }

    /** Decodes a device PSK as the console shows it (standard base64). */
    public static byte[] decodePsk(String base64Psk) {
        Objects.requireNonNull(base64Psk, "devicePsk");
        try {
            return Base64.getDecoder().decode(base64Psk);
        } catch (IllegalArgumentException e) {
            // The PSK is a secret: the message must not echo it.
            throw new IllegalArgumentException("devicePsk is not valid base64");
        }
    }

    static byte[] hmac(SignMethod method, byte[] key, byte[] message) {
        if (key.length == 0) {
            throw new IllegalArgumentException("HMAC key must not be empty");
        }
        Mac mac = MACS.get(method).get();
        try {
            mac.init(new SecretKeySpec(key, method.jcaName()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot initialise " + method.jcaName(), e);
        }
        return mac.doFinal(message);
    }

    static String hex(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            out[2 * i] = HEX[(bytes[i] >> 4) & 0xf];
            out[2 * i + 1] = HEX[bytes[i] & 0xf];
        }
        return new String(out);
    }

    private static Mac newMac(SignMethod method) {
        try {
            return Mac.getInstance(method.jcaName());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JVM lacks " + method.jcaName(), e);
        }
    }
}

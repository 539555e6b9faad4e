package io.fleetstorm.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The encryption of a dynamic registration answer's payload (addendum section 12): AES-128-CBC, key = the first 16
 * characters of the product secret, IV = sixteen ASCII {@code '0'}, plaintext padded with zero bytes (not PKCS#7),
 * then standard base64.
 *
 * <p>When the plaintext is already a multiple of 16 bytes a whole block of zeros is appended (a choice of ours), so
 * the C SDK, which ignores {@code Len} and reads up to the first NUL, still finds one.
 */
public final class DynregCrypto {
    /** AES block size, and how many characters of the product secret make the key. */
    public static final int BLOCK = 16;
    private static final byte[] IV = "0000000000000000".getBytes(StandardCharsets.US_ASCII);

    private DynregCrypto() {
    }

    /** Whether the SDKs can use this secret for registration (C refuses shorter ones; Java cannot take 16). */
    public static boolean isUsableSecret(String productSecret) {
        return productSecret != null && productSecret.length() >= BLOCK
                && StandardCharsets.US_ASCII.newEncoder().canEncode(productSecret.substring(0, BLOCK));
    }

    /** The base64 {@code Payload} for this plaintext. */
    public static String encrypt(byte[] plaintext, String productSecret) {
        int padded = (plaintext.length / BLOCK + 1) * BLOCK; // always at least one zero byte
        byte[] block = Arrays.copyOf(plaintext, padded);
        return Base64.getEncoder().encodeToString(run(Cipher.ENCRYPT_MODE, block, productSecret));
    }

    /** Decrypts a {@code Payload} and drops the zero padding: the bytes up to the first NUL, at most {@code len}. */
    public static byte[] decrypt(String base64Payload, String productSecret, int len) {
        byte[] all = decryptRaw(base64Payload, productSecret);
        int end = Math.min(len < 0 ? all.length : len, all.length);
        for (int i = 0; i < end; i++) {
            if (all[i] == 0) {
                end = i;
                break;
            }
        }
        return Arrays.copyOf(all, end);
    }

    /** Every decrypted byte, padding included (what a NoPadding decryption returns). */
    public static byte[] decryptRaw(String base64Payload, String productSecret) {
        byte[] cipher;
        try {
            cipher = Base64.getDecoder().decode(base64Payload);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Payload is not base64");
        }
        if (cipher.length == 0 || cipher.length % BLOCK != 0) {
            throw new IllegalArgumentException("Payload is " + cipher.length + " bytes, not a whole number of "
                    + BLOCK + "-byte blocks");
        }
        return run(Cipher.DECRYPT_MODE, cipher, productSecret);
    }

    private static byte[] run(int mode, byte[] input, String productSecret) {
        if (!isUsableSecret(productSecret)) {
            throw new IllegalArgumentException("the product secret must have at least " + BLOCK
                    + " ASCII characters: its first " + BLOCK + " are the AES key");
        }
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(mode, new SecretKeySpec(productSecret.substring(0, BLOCK).getBytes(StandardCharsets.US_ASCII),
                    "AES"), new IvParameterSpec(IV));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES/CBC/NoPadding failed: " + e, e);
        }
    }
}

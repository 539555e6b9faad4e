package io.fleetstorm.hub.impl;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A firmware image of a product: its bytes and their MD5 (lower-case hex, as update_firmware carries it).
 *
 * @param bytes shared, never modified
 */
record Firmware(String productId, String version, String name, byte[] bytes, String md5) {

    static Firmware of(String productId, String version, String name, byte[] bytes) {
        return new Firmware(productId, version, name, bytes, md5Hex(bytes));
    }

    /**
     * Deterministic test firmware: {@code size} bytes of {@link SplittableRandom} seeded with {@code seed}, whose
     * algorithm the JDK specifies, so a test can rebuild the bytes and their MD5 on its own.
     */
    static byte[] generate(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    long size() {
        return bytes.length;
    }
}

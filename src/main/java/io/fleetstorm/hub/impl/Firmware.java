package io.fleetstorm.hub.impl;

import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/**
 * A firmware image of a product, kept in a file (never in the heap): where it is, its size and MD5 (lower-case hex,
 * as update_firmware carries it and the C SDK compares it), and the cloud's descriptive fields.
 */
record Firmware(String productId, String version, String name, String description, String userDefined, Path file,
        long size, String md5, long createdS) {

    /**
     * Deterministic test firmware: {@code size} bytes of {@link SplittableRandom} seeded with {@code seed}, whose
     * algorithm the JDK specifies, so a test can rebuild the bytes and their MD5 on its own. Written in chunks of a
     * multiple of 8 bytes, which gives the same bytes as one {@code nextBytes} call over the whole size.
     */
    static byte[] generate(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }

    /** Lower-case hex MD5 of bytes held in memory (small files: resources created through the API). */
    static String md5Hex(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }
}

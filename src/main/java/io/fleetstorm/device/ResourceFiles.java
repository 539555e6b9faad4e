package io.fleetstorm.device;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files devices upload as resources: one generated content per size, shared by every device and loop (the
 * bytes are the same for all; what is measured is their transfer), with its MD5 computed once.
 */
final class ResourceFiles {

    /** A file's bytes and digests. */
    record File(byte[] bytes, String md5Hex, String md5Base64) {
    }

    private static final ConcurrentHashMap<Long, File> BY_SIZE = new ConcurrentHashMap<>();

    private ResourceFiles() {
    }

    static File of(long size) {
        return BY_SIZE.computeIfAbsent(size, ResourceFiles::generate);
    }

    private static File generate(long size) {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a resource file must be 0.." + (Integer.MAX_VALUE - 8)
                    + " bytes, but was " + size);
        }
        byte[] bytes = new byte[(int) size];
        new SplittableRandom(size).nextBytes(bytes);
        byte[] md5 = md5().digest(bytes);
        return new File(bytes, HexFormat.of().formatHex(md5), Base64.getEncoder().encodeToString(md5));
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has MD5", e);
        }
    }
}

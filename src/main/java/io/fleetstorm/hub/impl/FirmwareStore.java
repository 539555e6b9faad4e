package io.fleetstorm.hub.impl;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Firmware images on disk, by product and version, within a disk budget: every byte is reserved before it is written
 * and released when a write fails, so uploads and generated images together never take more than the budget.
 */
final class FirmwareStore {

    /** Generated images are written in chunks of this size (a multiple of 8, see {@link Firmware#generate}). */
    private static final int CHUNK = 64 * 1024;

    private final Path configuredDir;
    private final long budgetBytes;
    private final long maxImageBytes;
    private final AtomicLong reserved = new AtomicLong();
    private final ConcurrentHashMap<String, Firmware> images = new ConcurrentHashMap<>();
    private volatile Path dir;

    /** @param dir null: a temporary directory, created at first use and deleted by {@link #close()} */
    FirmwareStore(Path dir, long budgetBytes, long maxImageBytes) {
        this.configuredDir = dir;
        this.budgetBytes = budgetBytes;
        this.maxImageBytes = maxImageBytes;
    }

    long budgetBytes() {
        return budgetBytes;
    }

    long maxImageBytes() {
        return maxImageBytes;
    }

    long usedBytes() {
        return reserved.get();
    }

    /** Takes {@code bytes} of the budget; false (and nothing taken) when they do not fit. */
    boolean reserve(long bytes) {
        while (true) {
            long used = reserved.get();
            if (used + bytes > budgetBytes) {
                return false;
            }
            if (reserved.compareAndSet(used, used + bytes)) {
                return true;
            }
        }
    }

    void release(long bytes) {
        reserved.addAndGet(-bytes);
    }

    /** The cloud's refusal when an image does not fit the budget. */
    ApiException overBudget(long bytes) {
        return new ApiException(ApiException.LIMIT_EXCEEDED, "The firmware storage of this hub is full: "
                + bytes + " more bytes do not fit its budget of " + budgetBytes + " bytes (" + usedBytes()
                + " used); start it with a larger --firmware-budget.");
    }

    /** A new, empty file name in the store's directory. */
    synchronized Path newFile() {
        try {
            if (dir == null) {
                dir = configuredDir != null ? Files.createDirectories(configuredDir)
                        : Files.createTempDirectory("fleetstorm-firmware-");
            }
            return dir.resolve(UUID.randomUUID() + ".bin");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Blocking: writes a generated image into the file and returns its MD5. */
    static String writeGenerated(Path file, long size, long seed) throws IOException {
        MessageDigest md5 = md5();
        SplittableRandom random = new SplittableRandom(seed);
        byte[] chunk = new byte[CHUNK];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; left -= CHUNK) {
                int n = (int) Math.min(CHUNK, left);
                byte[] b = n == CHUNK ? chunk : new byte[n];
                random.nextBytes(b);
                md5.update(b);
                out.write(b);
            }
        }
        return HexFormat.of().formatHex(md5.digest());
    }

    static MessageDigest md5() {
        try {
            return MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has MD5", e);
        }
    }

    /** False when the product already has this version (firmware versions are immutable, as in the cloud). */
    boolean add(Firmware firmware) {
        return images.putIfAbsent(key(firmware.productId(), firmware.version()), firmware) == null;
    }

    Optional<Firmware> find(String productId, String version) {
        return Optional.ofNullable(images.get(key(productId, version)));
    }

    /** The product's images, newest first. */
    List<Firmware> of(String productId) {
        List<Firmware> result = new ArrayList<>();
        images.values().forEach(f -> {
            if (f.productId().equals(productId)) {
                result.add(f);
            }
        });
        result.sort(Comparator.comparingLong(Firmware::createdS).reversed().thenComparing(Firmware::version));
        return result;
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover file in the store's directory; the directory is removed at stop when it is ours
        }
    }

    /** Deletes the images; the directory too when it is a temporary one of ours. */
    void close() {
        Path d = dir;
        if (d == null) {
            return;
        }
        images.values().forEach(f -> deleteQuietly(f.file()));
        images.clear();
        if (configuredDir == null) {
            try (Stream<Path> files = Files.list(d)) {
                files.forEach(FirmwareStore::deleteQuietly);
            } catch (IOException e) {
                // best effort
            }
            deleteQuietly(d);
        }
    }

    private static String key(String productId, String version) {
        return productId + '/' + version;
    }
}

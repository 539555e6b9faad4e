package io.fleetstorm.hub.impl;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The files of the resource feature (addendum section 14) in a temporary directory: files devices uploaded (per
 * device and name) and files the application gave a product (per product and name), within a byte budget, plus the
 * one-time tokens of their transfer URLs. Thread-safe.
 */
final class ResourceStore {

    /** The cloud's limits: 1,000 files per device, 1 GB per account. */
    static final int MAX_FILES_PER_DEVICE = 1_000;
    static final long DEFAULT_BUDGET_BYTES = 1L << 30;
    /** How long a transfer URL stays valid (pre-signed cloud URLs expire too). */
    static final long URL_VALIDITY_MS = 3_600_000;
    /** Transfer URLs open at once: devices that ask for upload tasks and never upload cannot grow the heap. */
    static final int MAX_OPEN_TRANSFERS = 100_000;

    /** A stored file. */
    record StoredFile(Path path, long size, String md5, long createdS) {
    }

    /** A pending transfer: an upload expected from a device, or a download a device may fetch. */
    record Transfer(String token, boolean upload, String owner, String name, long size, String md5,
            long expiresAtMillis) {
    }

    private final Path dir;
    private final long budgetBytes;
    private final AtomicLong usedBytes = new AtomicLong();
    private final ConcurrentHashMap<String, StoredFile> files = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Transfer> transfers = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, AtomicLong> filesPerOwner = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final AtomicLong nextFile = new AtomicLong();

    ResourceStore(long budgetBytes) {
        this.budgetBytes = budgetBytes;
        try {
            this.dir = Files.createTempDirectory("fleetstorm-resources-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the resource directory", e);
        }
    }

    /** A new file path in the store's directory, for a transfer to stream into. */
    Path newFile() {
        return dir.resolve("f" + nextFile.incrementAndGet());
    }

    /** Reserves room for a file of this size; false when the budget would be exceeded. */
    boolean reserve(long bytes) {
        long now;
        do {
            now = usedBytes.get();
            if (now + bytes > budgetBytes) {
                return false;
            }
        } while (!usedBytes.compareAndSet(now, now + bytes));
        return true;
    }

    void release(long bytes) {
        usedBytes.addAndGet(-bytes);
    }

    long remainingBytes() {
        return budgetBytes - usedBytes.get();
    }

    /** Whether the owner (a device, {@code PID/DN}) may keep one more file under a new name. */
    boolean hasRoomFor(String owner, String name) {
        return files.containsKey(key(owner, name)) || count(owner).get() < MAX_FILES_PER_DEVICE;
    }

    /** Keeps a complete file (its bytes already reserved); a file of the same owner and name is replaced. */
    void put(String owner, String name, StoredFile file) {
        StoredFile previous = files.put(key(owner, name), file);
        if (previous != null) {
            delete(previous);
        } else {
            count(owner).incrementAndGet();
        }
    }

    Optional<StoredFile> file(String owner, String name) {
        return Optional.ofNullable(files.get(key(owner, name)));
    }

    /** A URL token for a transfer, or null when {@link #MAX_OPEN_TRANSFERS} are open and none has expired. */
    Transfer open(boolean upload, String owner, String name, long size, String md5, long nowMillis) {
        if (transfers.size() >= MAX_OPEN_TRANSFERS) {
            transfers.values().removeIf(t -> t.expiresAtMillis() < nowMillis);
            if (transfers.size() >= MAX_OPEN_TRANSFERS) {
                return null;
            }
        }
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        Transfer t = new Transfer(HexFormat.of().formatHex(bytes), upload, owner, name, size, md5,
                nowMillis + URL_VALIDITY_MS);
        transfers.put(t.token(), t);
        return t;
    }

    /** The transfer of a token that has not expired. */
    Optional<Transfer> transfer(String token, long nowMillis) {
        Transfer t = transfers.get(token);
        if (t != null && t.expiresAtMillis() < nowMillis) {
            transfers.remove(token, t);
            return Optional.empty();
        }
        return Optional.ofNullable(t);
    }

    void close(Transfer t) {
        transfers.remove(t.token(), t);
    }

    /** Deletes the directory and everything in it (the hub stopped). */
    void deleteAll() {
        try (Stream<Path> paths = Files.list(dir)) {
            paths.forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory: nothing more to do
        }
        dir.toFile().delete();
    }

    private void delete(StoredFile file) {
        try {
            Files.deleteIfExists(file.path());
        } catch (IOException e) {
            // the budget is given back all the same: the file is no longer reachable
        }
        release(file.size());
    }

    private AtomicLong count(String owner) {
        return filesPerOwner.computeIfAbsent(owner, k -> new AtomicLong());
    }

    static String key(String owner, String name) {
        return owner + '\n' + name;
    }
}

package io.fleetstorm.provision;

import io.fleetstorm.protocol.PskCsv;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The credentials files of one group as provisioning writes them, readable by their owner only: the CSV is rewritten
 * whole (a temporary file moved over it) after every batch, so it always parses, whatever instant the process is
 * killed at; a certificate device's {@code NAME.pem} and {@code NAME.key} are written before the device is recorded
 * as created. Secrets never appear in a message.
 */
final class CredentialStore {

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final ProvisionGroup group;
    /** A CSV group's rows, device name to base64 PSK, in the order written. */
    private final Map<String, String> psks = new LinkedHashMap<>();
    private boolean dirty;

    private CredentialStore(ProvisionGroup group) {
        this.group = group;
    }

    /** The group's store, with the rows of a CSV an earlier provision wrote. */
    static CredentialStore open(ProvisionGroup group) throws ProvisionException {
        CredentialStore store = new CredentialStore(group);
        if (group.output() instanceof ProvisionGroup.Csv csv && Files.exists(csv.file())) {
            try {
                PskCsv.read(csv.file()).forEach((name, row) -> store.psks.put(name, row.pskBase64()));
            } catch (PskCsv.InvalidCsvException e) {
                throw new ProvisionException("group " + group.name() + ": the existing credentials file cannot be "
                        + "read, so provisioning cannot add to it:\n  " + String.join("\n  ", e.problems()));
            }
        }
        return store;
    }

    /** Whether the device's credentials are written (always for a derived group: nothing to write). */
    boolean has(String deviceName) {
        if (group.output() instanceof ProvisionGroup.Csv) {
            return psks.containsKey(deviceName);
        }
        if (group.output() instanceof ProvisionGroup.CertDir dir) {
            return Files.isRegularFile(dir.dir().resolve(deviceName + ".pem"))
                    && Files.isRegularFile(dir.dir().resolve(deviceName + ".key"));
        }
        return true;
    }

    void putPsk(String deviceName, String base64) {
        psks.put(deviceName, base64);
        dirty = true;
    }

    /** Writes a certificate device's files at once (owner-only key). */
    void putCertificate(String deviceName, String certificatePem, String privateKeyPem) throws IOException {
        Path dir = ((ProvisionGroup.CertDir) group.output()).dir();
        Files.createDirectories(dir);
        writeAtomically(dir.resolve(deviceName + ".pem"), certificatePem, false);
        writeAtomically(dir.resolve(deviceName + ".key"), privateKeyPem, true);
    }

    /** Rewrites the CSV when rows were added since the last flush. */
    void flush() throws IOException {
        if (!dirty || !(group.output() instanceof ProvisionGroup.Csv csv)) {
            return;
        }
        StringBuilder sb = new StringBuilder(psks.size() * 48 + 64);
        sb.append("deviceName,devicePsk\n");
        psks.forEach((name, psk) -> sb.append(name).append(',').append(psk).append('\n'));
        Path parent = csv.file().toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        writeAtomically(csv.file(), sb.toString(), true);
        dirty = false;
    }

    /** Removes a deleted device's credentials (deprovision); the CSV is rewritten at the next flush. */
    void remove(String deviceName) throws IOException {
        if (psks.remove(deviceName) != null) {
            dirty = true;
        }
        if (group.output() instanceof ProvisionGroup.CertDir dir) {
            Files.deleteIfExists(dir.dir().resolve(deviceName + ".pem"));
            Files.deleteIfExists(dir.dir().resolve(deviceName + ".key"));
        }
    }

    /** Deletes the CSV when no row is left in it (deprovision took back every device). */
    boolean deleteIfEmpty() throws IOException {
        if (group.output() instanceof ProvisionGroup.Csv csv && psks.isEmpty()) {
            return Files.deleteIfExists(csv.file());
        }
        return false;
    }

    List<String> names() {
        return new ArrayList<>(psks.keySet());
    }

    private static void writeAtomically(Path file, String text, boolean secret) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName() + ".", ".tmp");
        try {
            if (secret && dir.getFileSystem().supportedFileAttributeViews().contains("posix")) {
                Files.setPosixFilePermissions(tmp, OWNER_ONLY);
            }
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}

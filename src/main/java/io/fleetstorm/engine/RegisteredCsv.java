package io.fleetstorm.engine;

import io.fleetstorm.device.Registration;
import io.fleetstorm.protocol.DeviceId;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PSKs one group's devices registered for, kept as they arrive (from every loop) and written once the run has
 * ended as a {@code deviceName,devicePsk} file, the console's export format that {@code credentials: {csv: ...}} of a
 * later run reads. Written to a temporary file beside it and moved into place, so a reader never sees half a file.
 */
final class RegisteredCsv implements Registration.Sink {

    private static final Logger LOG = LoggerFactory.getLogger(RegisteredCsv.class);
    static final String HEADER = "deviceName,devicePsk";

    private final Path file;
    private final ConcurrentHashMap<String, byte[]> psks = new ConcurrentHashMap<>();
    private boolean written;

    /** @param file where to write, or null to keep them in memory only (the devices still use them) */
    RegisteredCsv(Path file) {
        this.file = file;
    }

    @Override
    public void registered(DeviceId device, byte[] psk) {
        psks.put(device.deviceName(), psk.clone());
    }

    /** Devices registered so far. */
    int size() {
        return psks.size();
    }

    /** The file's text: the header, then one row per device in name order. */
    String text() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (Map.Entry<String, byte[]> e : new TreeMap<>(psks).entrySet()) {
            sb.append(e.getKey()).append(',').append(Base64.getEncoder().encodeToString(e.getValue())).append('\n');
        }
        return sb.toString();
    }

    /** Writes the file (once, however many register phases share it); a failure is logged, never thrown. */
    synchronized void write() {
        if (file == null || written) {
            return;
        }
        written = true;
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.US_ASCII)) {
                w.write(text());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("{} registered device(s) written to {}", psks.size(), file);
        } catch (IOException e) {
            LOG.warn("cannot write the registered devices' PSKs to {}: {}", file, e.toString());
        }
    }
}

package io.fleetstorm.scenario;

import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.tls.CertifiedKey;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;

/**
 * How a group's devices prove who they are, loaded and checked by the loader (so {@code validate} sees exactly what
 * {@code run} uses): PSKs derived from a product secret, a table of PSKs from a CSV file, or a certificate and key
 * per device from a directory. {@code toString} never shows a secret.
 */
public sealed interface Credentials {

    /** Device {@code deviceName}'s decoded PSK, or null for certificate devices. */
    byte[] psk(String productId, String deviceName);

    /** Device {@code deviceName}'s certificate and key, or null for key devices. */
    CertifiedKey certifiedKey(String deviceName);

    /** Whether devices authenticate with certificates (mutual TLS). */
    default boolean certificate() {
        return false;
    }

    /** Every PSK derives from this secret (the embedded hub derives the same ones). */
    record ProductSecret(String secret) implements Credentials {
        @Override
        public byte[] psk(String productId, String deviceName) {
            return Signer.decodePsk(DerivedPsk.derive(secret, productId, deviceName));
        }

        @Override
        public CertifiedKey certifiedKey(String deviceName) {
            return null;
        }

        @Override
        public String toString() {
            return "productSecret (not shown)";
        }
    }

    /**
     * The devices obtain their PSKs by dynamic registration (a {@code register} behaviour, before they connect): they
     * hold only the product secret, as devices provisioned at the factory do.
     *
     * @param productSecret the product's secret (at least 16 ASCII characters: the SDKs' AES key is its first 16)
     * @param url           where they register, or null for the target's (the embedded hub's API port, the
     *                      target's {@code api}, else the cloud's China host)
     * @param csv           where the registered PSKs are written at the end of the run (a {@code deviceName,devicePsk}
     *                      file that a later run's {@code csv} credentials read), or null
     */
    record Registered(String productSecret, URI url, Path csv) implements Credentials {
        @Override
        public byte[] psk(String productId, String deviceName) {
            return null; // not before it registered
        }

        @Override
        public CertifiedKey certifiedKey(String deviceName) {
            return null;
        }

        @Override
        public String toString() {
            return "register (productSecret not shown" + (url == null ? "" : ", " + Text.printable(url.toString()))
                    + (csv == null ? "" : ", csv " + Text.printable(csv.toString())) + ")";
        }
    }

    /**
     * PSKs from a {@code deviceName,devicePsk} file: every device of the group is in it (checked when loaded).
     *
     * @param psks   every row of the file, device name to decoded PSK
     * @param source the file
     */
    record PskTable(Map<String, byte[]> psks, Path source) implements Credentials {
        @Override
        public byte[] psk(String productId, String deviceName) {
            return psks.get(deviceName);
        }

        @Override
        public CertifiedKey certifiedKey(String deviceName) {
            return null;
        }

        @Override
        public String toString() {
            return "csv " + Text.printable(source.toString()) + " (" + psks.size() + " devices)";
        }
    }

    /**
     * A certificate ({@code NAME.pem}) and key ({@code NAME.key}) per device, each parsed and the key checked against
     * its certificate when loaded.
     *
     * @param dir  the directory
     * @param keys device name to its certificate and key, for every device of the group
     */
    record CertDir(Path dir, Map<String, CertifiedKey> keys) implements Credentials {
        @Override
        public byte[] psk(String productId, String deviceName) {
            return null;
        }

        @Override
        public CertifiedKey certifiedKey(String deviceName) {
            return keys.get(deviceName);
        }

        @Override
        public boolean certificate() {
            return true;
        }

        @Override
        public String toString() {
            return "certDir " + Text.printable(dir.toString()) + " (" + keys.size() + " devices)";
        }
    }

    /**
     * A {@code csv} or {@code certDir} that is named but not read: the scenario as {@code fleetstorm provision} reads
     * it, before the files it writes exist ({@link ScenarioLoader#loadForProvisioning}). Never in a run.
     *
     * @param source      the file or directory the credentials go to
     * @param certificate whether it is a certDir (certificate devices)
     */
    record Unloaded(Path source, boolean certificate) implements Credentials {
        @Override
        public byte[] psk(String productId, String deviceName) {
            return null;
        }

        @Override
        public CertifiedKey certifiedKey(String deviceName) {
            return null;
        }

        @Override
        public String toString() {
            return (certificate ? "certDir " : "csv ") + Text.printable(source.toString()) + " (not read)";
        }
    }
}

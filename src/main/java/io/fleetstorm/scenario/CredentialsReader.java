package io.fleetstorm.scenario;

import io.fleetstorm.protocol.DynregCrypto;
import io.fleetstorm.protocol.PskCsv;
import io.fleetstorm.tls.CertificateMatch;
import io.fleetstorm.tls.CertifiedKey;
import java.io.IOException;
import java.net.URI;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Reads a group's {@code credentials:} and loads what it names: the CSV (every device of the group must be in it) or
 * every device's certificate and key. Problems in the files are reported with the file's own line (and column).
 */
final class CredentialsReader {

    static final List<String> FIELDS = List.of("productSecret", "csv", "certDir", "register");
    static final List<String> REGISTER = List.of("productSecret", "url", "csv");
    /** File problems listed per group before the rest are counted. */
    static final int LISTED = 5;
    /** Unusable devices after which the rest are not checked: the answer is already no, and it stays fast. */
    static final int MAX_FAILURES = 100;

    private final ScenarioPaths paths;
    /** Files are named, not read (provisioning writes them). */
    private final boolean unloaded;

    CredentialsReader(ScenarioPaths paths) {
        this(paths, false);
    }

    CredentialsReader(ScenarioPaths paths, boolean unloaded) {
        this.paths = paths;
        this.unloaded = unloaded;
    }

    /**
     * @param node        the credentials node (null: absent)
     * @param group       the group's node, for an absent field
     * @param certificate whether the group has {@code auth: certificate}
     * @param count       devices in the group, named by {@code names}
     * @return the credentials, or null when they cannot be used
     */
    Credentials read(YamlNode node, YamlNode group, boolean certificate, int count, IntFunction<String> names) {
        if (node == null) {
            group.problem("credentials is required (productSecret, csv or certDir)", null);
            return null;
        }
        Map<String, YamlNode> c = node.entries(FIELDS);
        if (c.size() != 1) {
            if (node.isMap()) {
                node.problem("must give exactly one of productSecret, csv, certDir or register", null);
            }
            return null;
        }
        String kind = c.keySet().iterator().next();
        YamlNode value = c.get(kind);
        if (certificate && !kind.equals("certDir")) {
            node.problem("must give certDir for auth: certificate", null);
            return null;
        }
        if (!certificate && kind.equals("certDir")) {
            node.problem("certDir needs auth: certificate", null);
            return null;
        }
        if (kind.equals("register")) {
            return register(value);
        }
        String text = value.scalar();
        if (text == null) {
            return null;
        }
        if (text.isBlank()) {
            value.problem("must be a non-empty text", null);
            return null;
        }
        if (kind.equals("productSecret")) {
            return new Credentials.ProductSecret(text);
        }
        Path path = paths.resolve(value, text);
        if (path == null) {
            return null;
        }
        if (unloaded) {
            return new Credentials.Unloaded(path, kind.equals("certDir"));
        }
        return kind.equals("csv") ? csv(value, path, count, names) : certDir(value, path, count, names);
    }

    /** {@code register: {productSecret: S, url: U, csv: F}}: the devices register for their PSKs. */
    private Credentials register(YamlNode node) {
        Map<String, YamlNode> r = node.entries(REGISTER);
        if (!node.isMap()) {
            node.problem("must be a mapping with productSecret (and optionally url, csv)", node.text());
            return null;
        }
        String secret = Fields.text(Fields.required(node, r, "productSecret"), null);
        boolean ok = secret != null;
        if (secret != null && !DynregCrypto.isUsableSecret(secret)) {
            r.get("productSecret").problem("must have at least " + DynregCrypto.BLOCK + " ASCII characters (the "
                    + "SDKs use its first " + DynregCrypto.BLOCK + " as the AES key of the registration answer)", null);
            ok = false;
        }
        URI url = null;
        String urlText = Fields.text(r.get("url"), null);
        if (urlText != null) {
            if (!urlText.matches("https?://[^/\\s]+/\\S*")) {
                r.get("url").problem("must be an http:// or https:// URL with its path, e.g. "
                        + "https://ap-guangzhou.gateway.tencentdevices.com/device/register", urlText);
                ok = false;
            } else {
                url = URI.create(urlText);
            }
        }
        Path csv = null;
        String csvText = Fields.text(r.get("csv"), null);
        if (csvText != null) {
            csv = paths.resolve(r.get("csv"), csvText);
            Path dir = csv == null ? null : csv.toAbsolutePath().getParent();
            if (csv != null && (dir == null || !Files.isDirectory(dir))) {
                r.get("csv").problem("must be a file in an existing directory (the registered PSKs are written "
                        + "there at the end of the run)", csvText);
                ok = false;
            } else if (csv != null && Files.isDirectory(csv)) {
                r.get("csv").problem("must be a file, but is a directory", csvText);
                ok = false;
            }
        }
        return ok ? new Credentials.Registered(secret, url, csv) : null;
    }

    private Credentials csv(YamlNode at, Path file, int count, IntFunction<String> names) {
        Map<String, PskCsv.Row> rows;
        try {
            rows = PskCsv.read(file);
        } catch (PskCsv.InvalidCsvException e) {
            e.problems().forEach(p -> at.problem("cannot be used: " + p, null));
            return null;
        }
        int missing = 0;
        String first = null;
        for (int i = 0; i < count; i++) {
            if (!rows.containsKey(names.apply(i))) {
                missing++;
                first = first == null ? names.apply(i) : first;
            }
        }
        if (missing > 0) {
            at.problem("has no PSK for device " + first + (missing > 1 ? " and " + (missing - 1) + " more device(s)"
                    : "") + " of the group (" + Text.printable(file.toString()) + " lists " + rows.size()
                    + " device(s))", null);
            return null;
        }
        Map<String, byte[]> psks = new HashMap<>(rows.size() * 2);
        rows.forEach((name, row) -> psks.put(name, row.psk()));
        return new Credentials.PskTable(Collections.unmodifiableMap(psks), file);
    }

    private Credentials certDir(YamlNode at, Path dir, int count, IntFunction<String> names) {
        if (!Files.isDirectory(dir)) {
            at.problem("must be a directory holding NAME.pem and NAME.key per device, but "
                    + Text.printable(dir.toString()) + (Files.exists(dir) ? " is not a directory" : " does not exist"),
                    null);
            return null;
        }
        Set<String> present = listing(at, dir);
        if (present == null) {
            return null;
        }
        Map<String, CertifiedKey> keys = new LinkedHashMap<>();
        int failed = 0;
        int checked = 0;
        for (; checked < count && failed < MAX_FAILURES; checked++) {
            String name = names.apply(checked);
            try {
                for (String file : List.of(name + ".pem", name + ".key")) {
                    if (!present.contains(file)) {
                        throw new PemCheck.Invalid(PemCheck.name(dir.resolve(file)) + ": does not exist");
                    }
                }
                keys.put(name, load(dir, name));
            } catch (PemCheck.Invalid e) {
                if (failed++ < LISTED) {
                    at.problem("has an unusable certificate or key: " + e.getMessage(), null);
                }
            }
        }
        if (failed > LISTED) {
            at.problem("has " + (failed - LISTED) + " more device(s) whose certificate or key is unusable"
                    + (checked < count ? "; " + (count - checked) + " device(s) after them were not checked" : ""),
                    null);
        }
        return failed > 0 ? null : new Credentials.CertDir(dir, Map.copyOf(keys));
    }

    /** The directory's file names, read once: a missing file is then a set lookup, not a failed open. */
    private static Set<String> listing(YamlNode at, Path dir) {
        Set<String> names = new HashSet<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            files.forEach(f -> names.add(f.getFileName().toString()));
            return names;
        } catch (IOException | DirectoryIteratorException e) {
            at.problem("cannot be listed (" + e.getClass().getSimpleName() + ")", null);
            return null;
        }
    }

    private static CertifiedKey load(Path dir, String name) throws PemCheck.Invalid {
        Path certFile = dir.resolve(name + ".pem");
        Path keyFile = dir.resolve(name + ".key");
        List<X509Certificate> chain = PemCheck.certificates(certFile);
        PrivateKey key = PemCheck.privateKey(keyFile);
        if (!CertificateMatch.keyMatches(key, chain.get(0))) {
            throw new PemCheck.Invalid(PemCheck.name(keyFile) + ":1: the private key does not match the certificate "
                    + "in " + PemCheck.name(certFile));
        }
        return new CertifiedKey(chain.get(0), key, chain);
    }
}

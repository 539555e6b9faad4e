package io.fleetstorm.scenario;

import io.fleetstorm.tls.PemException;
import io.fleetstorm.tls.PemFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Opens a PEM file a scenario refers to and says what is wrong with it as {@code file:line: problem}: the structure is
 * checked here (every BEGIN has its END, bodies are base64) so the line is known; the content is then parsed by
 * {@link PemFiles}, whose problem is placed at the first block of the expected type. Never echoes key material.
 */
final class PemCheck {

    /** The largest PEM file read: a certificate chain is a few KB. */
    static final int MAX_BYTES = 1024 * 1024;

    private static final Pattern BEGIN = Pattern.compile("-----BEGIN ([A-Z0-9 ]{1,40})-----\\s*");
    private static final Pattern END = Pattern.compile("-----END ([A-Z0-9 ]{1,40})-----\\s*");
    private static final Pattern BODY = Pattern.compile("[A-Za-z0-9+/=\\s]*");

    /** A problem found; the first line names the file and line. */
    static final class Invalid extends Exception {
        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    private PemCheck() {
    }

    /** Every certificate of {@code file}. */
    static List<X509Certificate> certificates(Path file) throws Invalid {
        String text = read(file);
        int line = structure(file, text, "CERTIFICATE");
        try {
            return PemFiles.readCertificates(text, file.toString());
        } catch (PemException e) {
            throw new Invalid(name(file) + ":" + line + ": " + e.problem());
        }
    }

    /** The one private key of {@code file}. */
    static PrivateKey privateKey(Path file) throws Invalid {
        String text = read(file);
        int line = structure(file, text, "PRIVATE KEY");
        try {
            return PemFiles.readPrivateKey(text, file.toString());
        } catch (PemException e) {
            throw new Invalid(name(file) + ":" + line + ": " + e.problem());
        }
    }

    static String name(Path file) {
        return Text.printable(file.toString());
    }

    private static String read(Path file) throws Invalid {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(MAX_BYTES + 1);
            if (bytes.length > MAX_BYTES) {
                throw new Invalid(name(file) + ":1: is larger than " + MAX_BYTES + " bytes; a PEM file is a few KB");
            }
            // ISO-8859-1 maps every byte: binary garbage is then a structure problem, not a charset error
            return new String(bytes, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            throw new Invalid(name(file) + ": does not exist");
        } catch (IOException e) {
            throw new Invalid(name(file) + ": cannot be read (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * Checks BEGIN/END pairs and base64 bodies; returns the line of the first block whose type ends with
     * {@code wanted} (1 when there is none, for the content parser's message).
     */
    private static int structure(Path file, String text, String wanted) throws Invalid {
        String[] lines = text.split("\n", -1);
        String open = null;
        int openLine = 0;
        int firstWanted = 0;
        int blocks = 0;
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i].strip();
            Matcher begin = BEGIN.matcher(l);
            Matcher end = END.matcher(l);
            if (begin.matches()) {
                if (open != null) {
                    throw new Invalid(name(file) + ":" + openLine + ": BEGIN " + open + " has no END line before "
                            + "the next BEGIN at line " + (i + 1));
                }
                open = begin.group(1);
                openLine = i + 1;
                if (firstWanted == 0 && open.endsWith(wanted)) {
                    firstWanted = i + 1;
                }
            } else if (end.matches()) {
                if (open == null || !open.equals(end.group(1))) {
                    throw new Invalid(name(file) + ":" + (i + 1) + ": END " + end.group(1) + " does not close "
                            + (open == null ? "any BEGIN" : "BEGIN " + open + " of line " + openLine));
                }
                open = null;
                blocks++;
            } else if (open != null && !l.contains(":") && !BODY.matcher(l).matches()) {
                throw new Invalid(name(file) + ":" + (i + 1) + ": the " + open + " block has a line that is not "
                        + "base64");
            }
        }
        if (open != null) {
            throw new Invalid(name(file) + ":" + openLine + ": BEGIN " + open + " has no END line");
        }
        if (blocks == 0) {
            throw new Invalid(name(file) + ":1: has no PEM block (expected -----BEGIN " + wanted + "-----)");
        }
        return firstWanted == 0 ? 1 : firstWanted;
    }
}

package io.fleetstorm.cloudapi;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The credentials file formats fleetstorm reads, the two the vendor's own tools write:
 * <ul>
 *   <li>the SDKs' profile file ({@code ~/.tencentcloud/credentials}), an ini file whose {@code [default]} section
 *       holds {@code secret_id}, {@code secret_key} and optionally {@code token} (fleetstorm writes this one);</li>
 *   <li>the CLI's {@code ~/.tccli/default.credential}, a JSON object with {@code secretId}, {@code secretKey} and
 *       optionally {@code token}.</li>
 * </ul>
 * Errors name the file, the line and the key, never a value.
 */
final class CredentialsFile {

    /** A credentials file is a few hundred bytes; anything much larger is the wrong file. */
    static final int MAX_BYTES = 64 * 1024;

    private CredentialsFile() {
    }

    static String format(ApiCredentials c) {
        return "# fleetstorm API key pair (the Tencent Cloud SDKs' credentials format); keep this file private\n"
                + "[default]\nsecret_id = " + c.secretId() + "\nsecret_key = " + c.secretKey() + "\n"
                + (c.token() == null ? "" : "token = " + c.token() + "\n");
    }

    static ApiCredentials read(Path file) throws CredentialsException {
        String text = text(file);
        String trimmed = text.strip();
        Map<String, String> values = trimmed.startsWith("{") ? json(file, trimmed) : ini(file, text);
        String id = values.get("secret_id");
        String key = values.get("secret_key");
        if (id == null || key == null) {
            throw new CredentialsException(file + ": no " + (id == null ? "secret_id" : "secret_key")
                    + (trimmed.startsWith("{") ? " (JSON key " + (id == null ? "secretId" : "secretKey") + ")"
                            : " in the [default] section")
                    + "; expected the SDKs' ini ([default] secret_id = ..., secret_key = ...) or the CLI's JSON "
                    + "({\"secretId\": ..., \"secretKey\": ...})");
        }
        try {
            return new ApiCredentials(id, key, values.get("token"));
        } catch (IllegalArgumentException e) {
            throw new CredentialsException(file + ": " + e.getMessage());
        }
    }

    private static String text(Path file) throws CredentialsException {
        byte[] bytes;
        try {
            long size = Files.size(file);
            if (size > MAX_BYTES) {
                throw new CredentialsException(file + ": a credentials file must be at most " + MAX_BYTES
                        + " bytes, but has " + size);
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CredentialsException(file + ": no such file");
        } catch (IOException e) {
            throw new CredentialsException(file + ": cannot read it (" + e.getClass().getSimpleName() + ")");
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new CredentialsException(file + ": not UTF-8 text");
        }
    }

    private static Map<String, String> json(Path file, String text) throws CredentialsException {
        JsonObject o;
        try {
            o = new JsonObject(text);
        } catch (DecodeException e) {
            throw new CredentialsException(file + ": not a JSON object");
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (String[] keys : new String[][] {{"secretId", "secret_id"}, {"secretKey", "secret_key"},
                {"token", "token"}}) {
            Object v = o.getValue(keys[0]);
            if (v != null && !(v instanceof String)) {
                throw new CredentialsException(file + ": " + keys[0] + " must be a string");
            }
            if (v != null) {
                values.put(keys[1], ((String) v).strip());
            }
        }
        return values;
    }

    private static Map<String, String> ini(Path file, String text) throws CredentialsException {
        Map<String, String> values = new LinkedHashMap<>();
        String section = null;
        String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                section = line.substring(1, line.length() - 1).strip();
                continue;
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                throw new CredentialsException(file + ":" + (i + 1) + ": expected key = value or [section]");
            }
            String key = line.substring(0, eq).strip().toLowerCase(Locale.ROOT);
            if (section == null || section.equals("default")) {
                if (values.put(key, line.substring(eq + 1).strip()) != null) {
                    throw new CredentialsException(file + ":" + (i + 1) + ": " + key + " is given twice");
                }
            }
        }
        return values;
    }
}

package io.fleetstorm.cloudapi;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A Cloud API key pair (and optional session token of temporary credentials). Never printed: {@link #toString()}
 * shows the SecretId only, and no exception or log message built here carries the key or the token.
 *
 * @param token null unless temporary credentials; sent as {@code X-TC-Token}
 */
public record ApiCredentials(String secretId, String secretKey, String token) {

    public static final String ENV_SECRET_ID = "TENCENTCLOUD_SECRET_ID";
    public static final String ENV_SECRET_KEY = "TENCENTCLOUD_SECRET_KEY";
    public static final String ENV_SESSION_TOKEN = "TENCENTCLOUD_SESSION_TOKEN";
    /** Longest SecretId, SecretKey and token taken (the cloud's are 36, 32 and some hundreds of characters). */
    public static final int MAX_ID_CHARS = 128;
    public static final int MAX_KEY_CHARS = 128;
    public static final int MAX_TOKEN_CHARS = 4096;
    /** Generated SecretIds start like the cloud's ({@code AKID}) and say where they come from. */
    public static final String GENERATED_PREFIX = "AKIDfleetstorm";

    private static final String ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public ApiCredentials {
        check("SecretId", secretId, MAX_ID_CHARS);
        check("SecretKey", secretKey, MAX_KEY_CHARS);
        if (token != null && token.isEmpty()) {
            token = null;
        }
        if (token != null) {
            check("session token", token, MAX_TOKEN_CHARS);
        }
    }

    /** The SecretId's rule also keeps it safe inside the Authorization header: no space, comma or slash. */
    private static void check(String what, String value, int max) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        if (value.length() > max) {
            throw new IllegalArgumentException(what + " must be at most " + max + " characters, but has "
                    + value.length());
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c >= 0x7f || (what.equals("SecretId") && (c == '/' || c == ','))) {
                // the position, never the value: it may be a secret
                throw new IllegalArgumentException(what + " must be printable ASCII without spaces"
                        + (what.equals("SecretId") ? ", '/' or ','" : "") + ", but has a bad character at position "
                        + (i + 1));
            }
        }
    }

    /** A fresh pair for an embedded hub: a 36-character SecretId and a 32-character key from SecureRandom. */
    public static ApiCredentials generate(SecureRandom random) {
        return new ApiCredentials(GENERATED_PREFIX + randomText(random, 22), randomText(random, 32), null);
    }

    /**
     * The vendor CLI and SDKs' variables {@value #ENV_SECRET_ID} and {@value #ENV_SECRET_KEY} (both or neither)
     * and the optional {@value #ENV_SESSION_TOKEN}.
     *
     * @throws CredentialsException when only one of the pair is set, or a value breaks the rules
     */
    public static Optional<ApiCredentials> fromEnvironment(Map<String, String> env) throws CredentialsException {
        String id = blankToNull(env.get(ENV_SECRET_ID));
        String key = blankToNull(env.get(ENV_SECRET_KEY));
        if (id == null && key == null) {
            return Optional.empty();
        }
        if (id == null || key == null) {
            throw new CredentialsException((id == null ? ENV_SECRET_ID : ENV_SECRET_KEY) + " is not set, but "
                    + (id == null ? ENV_SECRET_KEY : ENV_SECRET_ID) + " is: set both or neither");
        }
        try {
            return Optional.of(new ApiCredentials(id.strip(), key.strip(), blankToNull(env.get(ENV_SESSION_TOKEN))));
        } catch (IllegalArgumentException e) {
            throw new CredentialsException("the environment's API credentials: " + e.getMessage());
        }
    }

    /** Reads a credentials file; see {@link CredentialsFile} for the formats. */
    public static ApiCredentials load(Path file) throws CredentialsException {
        return CredentialsFile.read(file);
    }

    /**
     * Writes the pair as a credentials file readable by its owner only (created 0600 where the file system has POSIX
     * permissions; an existing file is replaced).
     */
    public void write(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.deleteIfExists(file);
        try {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(file);
        }
        Files.write(file, CredentialsFile.format(this).getBytes(StandardCharsets.UTF_8),
                StandardOpenOption.TRUNCATE_EXISTING);
    }

    /** Never shows the key or the token. */
    @Override
    public String toString() {
        return "ApiCredentials[secretId=" + secretId + ", secretKey=***" + (token == null ? "" : ", token=***") + "]";
    }

    /** The secrets of this pair, for tests that check they appear nowhere. */
    public List<String> secrets() {
        return token == null ? List.of(secretKey) : List.of(secretKey, token);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String randomText(SecureRandom random, int n) {
        StringBuilder sb = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            sb.append(ALPHANUMERIC.charAt(random.nextInt(ALPHANUMERIC.length())));
        }
        return sb.toString();
    }
}

package io.fleetstorm.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * TC3-HMAC-SHA256, the request signature of Tencent Cloud API 3.0 (protocol addendum section 17), step by step so
 * that a client signs and a server verifies with the same code, and a test can check every intermediate value.
 * Pure: no clock, no I/O; the caller supplies the timestamp.
 */
public final class Tc3Signer {

    public static final String ALGORITHM = "TC3-HMAC-SHA256";
    /** The header and payload-hash input of the SDKs' unsigned-payload option. */
    public static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
    public static final String CONTENT_SHA256_HEADER = "X-TC-Content-SHA256";
    public static final String TERMINATOR = "tc3_request";
    /** What the SDKs send and sign (section 17: must equal the signed value). */
    public static final String JSON_CONTENT_TYPE = "application/json; charset=utf-8";

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private Tc3Signer() {
    }

    /**
     * What one request signs.
     *
     * @param method      HTTP method, upper case
     * @param uri         the canonical URI ({@code /} for the API)
     * @param query       the canonical query string ({@code ""} for POST)
     * @param headers     the signed headers, any case; names are lower-cased and sorted, values trimmed and
     *                    lower-cased
     * @param payloadHash lower-hex SHA-256 of the body ({@link #payloadHash}), or of {@link #UNSIGNED_PAYLOAD}
     */
    public record Request(String method, String uri, String query, Map<String, String> headers, String payloadHash) {

        public Request {
            SortedMap<String, String> canonical = new TreeMap<>();
            headers.forEach((name, value) -> canonical.put(name.toLowerCase(Locale.ROOT),
                    value.trim().toLowerCase(Locale.ROOT)));
            headers = java.util.Collections.unmodifiableSortedMap(canonical);
        }

        /** A POST of a JSON body to {@code /}, signing content-type and host, as the SDKs do. */
        public static Request post(String host, byte[] body) {
            return new Request("POST", "/", "", Map.of("content-type", JSON_CONTENT_TYPE, "host", host),
                    Tc3Signer.payloadHash(body));
        }

        /** {@code name:value\n} for every signed header, names in ASCII order. */
        public String canonicalHeaders() {
            StringBuilder sb = new StringBuilder();
            headers.forEach((name, value) -> sb.append(name).append(':').append(value).append('\n'));
            return sb.toString();
        }

        /** The signed header names joined by {@code ;}. */
        public String signedHeaders() {
            return String.join(";", headers.keySet());
        }

        public String canonicalRequest() {
            return method + '\n' + uri + '\n' + query + '\n' + canonicalHeaders() + '\n' + signedHeaders() + '\n'
                    + payloadHash;
        }
    }

    /** Lower-hex SHA-256 of the body. */
    public static String payloadHash(byte[] body) {
        return sha256Hex(body);
    }

    /** The payload hash of the unsigned-payload option. */
    public static String unsignedPayloadHash() {
        return sha256Hex(UNSIGNED_PAYLOAD.getBytes(StandardCharsets.US_ASCII));
    }

    /** The UTC date of the timestamp, {@code yyyy-MM-dd}: never the local date (the vector's 1717171717 shows why). */
    public static String date(long timestampSeconds) {
        return DATE.format(Instant.ofEpochSecond(timestampSeconds));
    }

    public static String credentialScope(String date, String service) {
        return date + '/' + service + '/' + TERMINATOR;
    }

    public static String stringToSign(long timestampSeconds, String credentialScope, String canonicalRequest) {
        return ALGORITHM + '\n' + timestampSeconds + '\n' + credentialScope + '\n'
                + sha256Hex(canonicalRequest.getBytes(StandardCharsets.UTF_8));
    }

    /** kSigning = HMAC(HMAC(HMAC("TC3" + secretKey, date), service), "tc3_request"). */
    public static byte[] signingKey(String secretKey, String date, String service) {
        byte[] kDate = hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date);
        byte[] kService = hmac(kDate, service);
        return hmac(kService, TERMINATOR);
    }

    /** Lower-hex HMAC-SHA256 of the string to sign. */
    public static String signature(byte[] signingKey, String stringToSign) {
        return HEX.formatHex(hmac(signingKey, stringToSign));
    }

    /** The whole chain: the signature of a request at a timestamp for a service. */
    public static String sign(String secretKey, String service, long timestampSeconds, Request request) {
        String date = date(timestampSeconds);
        String toSign = stringToSign(timestampSeconds, credentialScope(date, service), request.canonicalRequest());
        return signature(signingKey(secretKey, date, service), toSign);
    }

    /** The {@code Authorization} header value. */
    public static String authorization(String secretId, String secretKey, String service, long timestampSeconds,
            Request request) {
        return new Tc3Authorization(secretId, date(timestampSeconds), service, request.headers().keySet().stream()
                .toList(), sign(secretKey, service, timestampSeconds, request)).header();
    }

    /** Constant-time comparison of two lower-hex signatures. */
    public static boolean sameSignature(String expected, String actual) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                actual.getBytes(StandardCharsets.US_ASCII));
    }

    static String sha256Hex(byte[] bytes) {
        try {
            return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    static byte[] hmac(byte[] key, String message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every JVM has HmacSHA256", e);
        }
    }
}

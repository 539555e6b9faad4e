package io.fleetstorm.hub.impl;

import io.fleetstorm.hub.ApiKey;
import io.fleetstorm.protocol.ProtocolException;
import io.fleetstorm.protocol.Tc3Authorization;
import io.fleetstorm.protocol.Tc3Signer;
import io.vertx.core.MultiMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Verifies TC3-HMAC-SHA256 as the cloud does (addendum section 17), in the order the addendum fixes: the
 * Authorization parses, the timestamp is within {@value #SKEW_SECONDS} s, the SecretId is known, the signature
 * matches. The Host is verified as received, port included; the scope's service may be {@code iotcloud} or the
 * Host's first label (the SDKs derive it from the endpoint).
 */
final class ApiAuthenticator {

    static final long SKEW_SECONDS = 300;
    static final String INVALID_AUTHORIZATION = "AuthFailure.InvalidAuthorization";
    static final String SIGNATURE_EXPIRE = "AuthFailure.SignatureExpire";
    static final String SECRET_ID_NOT_FOUND = "AuthFailure.SecretIdNotFound";
    static final String SIGNATURE_FAILURE = "AuthFailure.SignatureFailure";
    private static final List<String> REQUIRED_SIGNED = List.of("content-type", "host");

    private final Map<String, String> keys;
    private final LongSupplier epochMillis;

    ApiAuthenticator(List<ApiKey> keys, LongSupplier epochMillis) {
        this.keys = keys.stream().collect(Collectors.toMap(ApiKey::secretId, ApiKey::secretKey, (a, b) -> b,
                LinkedHashMap::new));
        this.epochMillis = epochMillis;
    }

    /**
     * Checks a signed request; throws the cloud's error otherwise.
     *
     * @param host the Host header as received (Vert.x keeps it apart from the other headers, as the authority)
     * @param body the body bytes as received
     */
    void verify(String method, String path, String query, MultiMap headers, String host, byte[] body) {
        Tc3Authorization auth;
        try {
            auth = Tc3Authorization.parse(headers.get("Authorization"));
        } catch (ProtocolException e) {
            throw new ApiException(INVALID_AUTHORIZATION, capitalised(e.getMessage()) + ".");
        }
        for (String name : REQUIRED_SIGNED) {
            if (!auth.signedHeaders().contains(name)) {
                throw new ApiException(INVALID_AUTHORIZATION, "SignedHeaders must include content-type and host, "
                        + "but was " + String.join(";", auth.signedHeaders()) + ".");
            }
        }
        String timestampText = headers.get("X-TC-Timestamp");
        long timestamp;
        try {
            timestamp = Long.parseLong(timestampText == null ? "" : timestampText.trim());
        } catch (NumberFormatException e) {
            throw new ApiException(INVALID_AUTHORIZATION, "X-TC-Timestamp must be Unix seconds, but was "
                    + shorten(timestampText) + ".");
        }
        long nowS = epochMillis.getAsLong() / 1000;
        if (Math.abs(nowS - timestamp) > SKEW_SECONDS) {
            throw new ApiException(SIGNATURE_EXPIRE, "The request's X-TC-Timestamp " + timestamp + " is "
                    + Math.abs(nowS - timestamp) + " s from the server's time " + nowS + "; at most " + SKEW_SECONDS
                    + " s are allowed.");
        }
        String secretKey = keys.get(auth.secretId());
        if (secretKey == null) {
            throw new ApiException(SECRET_ID_NOT_FOUND, "The SecretId `" + auth.secretId() + "` is not known.");
        }
        String firstLabel = host == null ? "" : host.split("[.:]", 2)[0].toLowerCase(Locale.ROOT);
        if (!auth.service().equals("iotcloud") && !auth.service().equals(firstLabel)) {
            throw new ApiException(SIGNATURE_FAILURE, "The credential scope's service `" + auth.service()
                    + "` is neither iotcloud nor the Host's first label.");
        }
        if (!auth.date().equals(Tc3Signer.date(timestamp))) {
            throw new ApiException(SIGNATURE_FAILURE, "The credential scope's date " + auth.date()
                    + " is not the UTC date of X-TC-Timestamp, " + Tc3Signer.date(timestamp) + ".");
        }
        Map<String, String> signed = new LinkedHashMap<>();
        for (String name : auth.signedHeaders()) {
            String value = name.equals("host") ? host : headers.get(name);
            if (value == null) {
                throw new ApiException(SIGNATURE_FAILURE, "The signed header " + name + " is not in the request.");
            }
            signed.put(name, value);
        }
        boolean unsigned = Tc3Signer.UNSIGNED_PAYLOAD.equals(headers.get(Tc3Signer.CONTENT_SHA256_HEADER));
        Tc3Signer.Request request = new Tc3Signer.Request(method, path, query == null ? "" : query, signed,
                unsigned ? Tc3Signer.unsignedPayloadHash() : Tc3Signer.payloadHash(body));
        String expected = Tc3Signer.sign(secretKey, auth.service(), timestamp, request);
        if (!Tc3Signer.sameSignature(expected, auth.signature())) {
            throw new ApiException(SIGNATURE_FAILURE, "The request signature we calculated does not match the "
                    + "signature you provided. Check your SecretKey and signing method.");
        }
    }

    private static String capitalised(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String shorten(String s) {
        if (s == null) {
            return "missing";
        }
        return '"' + (s.length() > 32 ? s.substring(0, 29) + "..." : s) + '"';
    }
}

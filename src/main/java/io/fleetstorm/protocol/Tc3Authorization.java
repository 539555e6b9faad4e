package io.fleetstorm.protocol;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a TC3 {@code Authorization} header: {@code TC3-HMAC-SHA256 Credential=ID/DATE/SERVICE/tc3_request,
 * SignedHeaders=a;b, Signature=HEX}.
 *
 * @param signedHeaders lower-case names, in the order the header gives them
 */
public record Tc3Authorization(String secretId, String date, String service, List<String> signedHeaders,
        String signature) {

    /** Bounded parts so a hostile header cannot make the parser work hard; a SecretId is 36 characters. */
    private static final Pattern HEADER = Pattern.compile("TC3-HMAC-SHA256 +Credential=([^/ ,]{1,128})/"
            + "(\\d{4}-\\d{2}-\\d{2})/([A-Za-z0-9.-]{1,64})/tc3_request *, *SignedHeaders=([a-z0-9;-]{1,512}) *, *"
            + "Signature=([0-9a-f]{64})");

    public Tc3Authorization {
        signedHeaders = List.copyOf(signedHeaders);
    }

    /** The header value. */
    public String header() {
        return Tc3Signer.ALGORITHM + " Credential=" + secretId + '/' + date + '/' + service + '/'
                + Tc3Signer.TERMINATOR + ", SignedHeaders=" + String.join(";", signedHeaders) + ", Signature="
                + signature;
    }

    /**
     * Parses a header value.
     *
     * @throws ProtocolException naming what is malformed (never echoing the header, which may be long)
     */
    public static Tc3Authorization parse(String header) throws ProtocolException {
        if (header == null || header.isEmpty()) {
            throw new ProtocolException("the Authorization header is missing");
        }
        if (header.length() > 2048) {
            throw new ProtocolException("the Authorization header is longer than 2048 characters");
        }
        if (!header.startsWith(Tc3Signer.ALGORITHM + " ")) {
            throw new ProtocolException("the Authorization header must start with " + Tc3Signer.ALGORITHM);
        }
        Matcher m = HEADER.matcher(header.trim());
        if (!m.matches()) {
            throw new ProtocolException("the Authorization header must be " + Tc3Signer.ALGORITHM
                    + " Credential=<SecretId>/<yyyy-MM-dd>/<service>/tc3_request, SignedHeaders=<names>, "
                    + "Signature=<64 lower-case hex>");
        }
        List<String> names = new ArrayList<>();
        for (String name : m.group(4).split(";", -1)) {
            if (name.isEmpty()) {
                throw new ProtocolException("SignedHeaders has an empty name");
            }
            names.add(name.toLowerCase(Locale.ROOT));
        }
        return new Tc3Authorization(m.group(1), m.group(2), m.group(3), names, m.group(5));
    }

    /** Never prints the signature in full (it is not a secret, but it is noise in logs). */
    @Override
    public String toString() {
        return "Tc3Authorization[" + secretId + '/' + date + '/' + service + ", " + signedHeaders + "]";
    }
}

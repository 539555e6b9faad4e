package io.fleetstorm.hub;

/**
 * A SecretId/SecretKey pair the hub's application API accepts TC3 signatures from. {@link #toString()} never shows
 * the key.
 */
public record ApiKey(String secretId, String secretKey) {

    public ApiKey {
        if (secretId == null || secretId.isEmpty() || secretId.length() > 128 || !secretId.matches("[\\x21-\\x7e]+")
                || secretId.contains("/") || secretId.contains(",")) {
            throw new IllegalArgumentException("an API SecretId must be 1..128 printable ASCII characters without "
                    + "spaces, '/' or ','");
        }
        if (secretKey == null || secretKey.isEmpty() || secretKey.length() > 128
                || !secretKey.matches("[\\x21-\\x7e]+")) {
            throw new IllegalArgumentException("the SecretKey of " + secretId + " must be 1..128 printable ASCII "
                    + "characters without spaces");
        }
    }

    @Override
    public String toString() {
        return "ApiKey[" + secretId + ", secretKey=***]";
    }
}

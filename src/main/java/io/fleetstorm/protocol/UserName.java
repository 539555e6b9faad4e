package io.fleetstorm.protocol;

import java.util.regex.Pattern;

/**
 * The MQTT UserName {@code clientId;sdkappid;connid;expiry} that key- and certificate-authenticated devices send.
 */
public record UserName(String clientId, String sdkAppId, String connId, Expiry expiry) {
    /** The rule a connid follows; the SDKs send 5 characters, the hub accepts up to 32. */
    public static final String CONN_ID_RULE = "[A-Za-z0-9]{1,32}";

    private static final Pattern CONN_ID = Pattern.compile(CONN_ID_RULE);
    private static final Pattern DIGITS = Pattern.compile("[0-9]+");

    /** The wire form, the exact bytes that get signed. */
    public String encode() {
        return clientId + ';' + sdkAppId + ';' + connId + ';' + expiry.raw();
    }

    /** A device's UserName with the Java SDK's sdkappid. */
    public static UserName of(DeviceId device, String connId, Expiry expiry) {
        return new UserName(device.clientId(), SdkAppId.JAVA_SDK, connId, expiry);
    }

    /** Parses and checks every field; unknown numeric sdkappids pass (see {@link SdkAppId#isKnown}). */
    public static UserName parse(String userName) throws ProtocolException {
        if (userName == null) {
            throw new ProtocolException("userName is missing");
        }
        String[] fields = userName.split(";", -1);
        if (fields.length != 4) {
            throw new ProtocolException("userName must have 4 ';'-separated fields (clientId;sdkappid;connid;expiry),"
                    + " but has " + fields.length + ": \"" + userName + '"');
        }
        if (fields[0].isEmpty()) {
            throw new ProtocolException("userName clientId is empty");
        }
        if (!DIGITS.matcher(fields[1]).matches()) {
            throw new ProtocolException("userName sdkappid must be digits, but was \"" + fields[1] + '"');
        }
        if (!CONN_ID.matcher(fields[2]).matches()) {
            throw new ProtocolException(
                    "userName connid must match " + CONN_ID_RULE + ", but was \"" + fields[2] + '"');
        }
        Expiry expiry;
        try {
            expiry = Expiry.parse(fields[3]);
        } catch (ProtocolException e) {
            throw new ProtocolException("userName " + e.getMessage(), e);
        }
        return new UserName(fields[0], fields[1], fields[2], expiry);
    }
}

package io.fleetstorm.cli;

import io.fleetstorm.metrics.ExitCode;
import io.fleetstorm.protocol.ConnId;
import io.fleetstorm.protocol.DerivedPsk;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.Expiry;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import io.fleetstorm.protocol.Signer;
import io.fleetstorm.protocol.UserName;
import java.io.PrintWriter;
import java.security.SecureRandom;
import java.time.Duration;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code fleetstorm hub credentials PID/DN --psk P}: prints ClientId, UserName and password for any MQTT client
 * (mosquitto_pub, MQTTX), signed as the SDKs sign them.
 */
@Command(name = "credentials", mixinStandardHelpOptions = true,
        description = "Prints the MQTT ClientId, UserName and password of a key device, as shell variables.")
final class HubCredentialsCommand implements java.util.concurrent.Callable<Integer> {

    static final class Key {
        @Option(names = "--psk", required = true, paramLabel = "BASE64", description = "The device PSK.")
        String psk;

        @Option(names = "--product-secret", required = true, paramLabel = "SECRET",
                description = "Derive the PSK from the product secret.")
        String productSecret;
    }

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "PRODUCTID/DEVICENAME", description = "The device.")
    String device;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Key key;

    @Option(names = "--method", defaultValue = "hmacsha256", description = "hmacsha256 or hmacsha1 "
            + "(default: ${DEFAULT-VALUE}).")
    String method;

    @Option(names = "--valid-for", converter = DurationConverter.class, defaultValue = "1h",
            description = "Signature lifetime (default: ${DEFAULT-VALUE}).")
    Duration validFor;

    @Override
    public Integer call() {
        DeviceId id = DeviceArg.parse(device);
        SignMethod signMethod = SignMethod.fromWireName(method).orElseThrow(() -> new InvalidInputException(
                "--method must be hmacsha256 or hmacsha1, but was '" + method + "'"));
        String psk = key.psk != null ? key.psk : DerivedPsk.derive(key.productSecret, id.productId(), id.deviceName());
        byte[] pskBytes;
        try {
            pskBytes = Signer.decodePsk(psk);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException("--psk is not valid base64");
        }
        long expiry = System.currentTimeMillis() / 1000 + validFor.toSeconds();
        UserName userName = new UserName(id.clientId(), SdkAppId.JAVA_SDK, ConnId.random(new SecureRandom()),
                Expiry.seconds(expiry));
        String encoded = userName.encode();
        PrintWriter out = spec.commandLine().getOut();
        out.println("CLIENT_ID='" + id.clientId() + "'");
        out.println("USERNAME='" + encoded + "'");
        out.println("PASSWORD='" + Signer.password(signMethod, pskBytes, encoded) + "'");
        return ExitCode.OK.code();
    }
}

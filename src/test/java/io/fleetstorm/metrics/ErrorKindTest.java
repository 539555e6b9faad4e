package io.fleetstorm.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Every error kind and reason the engine counts today has its one-line explanation; unknown ones have none. */
class ErrorKindTest {

    @ParameterizedTest(name = "{0}/{1}")
    @CsvSource(delimiter = '|', value = {
        "connack | 0x03 | the hub refused the CONNECT (0x03): bad signature, unknown device or ClientId mismatch "
                + "(also a second CONNECT of a device within 5 s)",
        "connack | 0x04 | the hub refused the CONNECT (0x04): bad user name or password, e.g. a signature whose "
                + "expiry is in the past (check the clocks)",
        "connack | 0x05 | the hub refused the CONNECT (0x05): not authorized, e.g. the device is disabled",
        "connack | 0x99 | the hub refused the CONNECT",
        "connect | annotatedconnect | TCP connection refused: nothing listens on the target's port (the target is "
                + "down or restarting)",
        "connect | refused | TCP connection refused: nothing listens on the target's port (the target is down or "
                + "restarting)",
        "connect | connack_0x03 | the hub refused the CONNECT (0x03): bad signature, unknown device or ClientId "
                + "mismatch (also a second CONNECT of a device within 5 s)",
        "connect | closed_before_connack | the target closed the connection before it answered the CONNECT",
        "connect | sslhandshake | the TLS handshake failed: certificate, CA or protocol version not accepted",
        "ota | fail_-5 | the device reported the upgrade failed (-5): burning the firmware failed; fleetstorm's "
                + "devices report it for the scenario's ota fail: share",
        "ota | fail_-4 | the device reported the upgrade failed (-4): MD5 mismatch",
        "ota | fail_-9 | the device reported the upgrade failed (-9)",
        "api | FailedOperation.UpdateVersionNotMatch | the shadow's version changed between the application's read "
                + "and its update: a race of fleetstorm's own application side, counted as an error only once its "
                + "retries ran out",
        "api | AuthFailure.SignatureExpire | the API refused the call's authentication (SignatureExpire): key, "
                + "signature or clock",
        "api | http_connectexception | the API call failed below the API (connectexception): the API endpoint "
                + "could not be reached or did not answer",
        "api | no_api_url | the scenario's target names no API URL, so application-side actions could not be sent",
        "timeout | publish-ack | no answer within the command timeout: no PUBACK for a QoS 1 publish",
        "timeout | shadow-update | no answer within the command timeout: no shadow answer",
        "timeout | something | no answer within the command timeout (something)",
        "disconnect | publish-ack | the connection dropped while the operation waited for its answer",
        "skipped | not_connected | the operation was due while its device was not connected, so it was not sent",
        "skipped | not_writable | the device's socket could take no more data (the generator or the network was "
                + "behind), so the operation was not sent",
        "suback | 0x80 | the hub refused a subscription (SUBACK 0x80): a topic the device may not subscribe to",
        "shadow | result_5005 | the shadow refused the update (5005): its version was not the current one",
        "shadow | delta_superseded | a newer desired state replaced this one before the device saw its delta",
        "md5 | mismatch | the downloaded firmware's MD5 did not match the command's md5sum",
        "decode | malformed_packet | a packet from the hub could not be decoded as MQTT 3.1.1",
        "protocol | unexpected_unsuback | the hub sent a packet a device never expects (UNSUBACK)",
        "reconnect | gave_up | the device gave up reconnecting past its SDK's back-off limit (C SDK: 60 s of "
                + "waiting) and stayed offline",
        "io | connectionreset | a socket error on an open connection",
    })
    void everyCountedErrorIsExplained(String kind, String reason, String explanation) {
        assertThat(ErrorKind.explain(kind, reason)).contains(explanation);
    }

    @Test
    void anUnknownKindHasNoExplanation() {
        assertThat(ErrorKind.explain("gremlins", "x")).isEqualTo(Optional.empty());
        assertThat(ErrorKind.explain("connack", null)).contains("the hub refused the CONNECT");
    }

    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void labelsParseBack(ErrorKind kind) {
        assertThat(ErrorKind.fromLabel(kind.label())).contains(kind);
        assertThat(kind.explanation()).isNotBlank();
    }
}

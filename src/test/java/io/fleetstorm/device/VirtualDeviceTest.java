package io.fleetstorm.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.device.FakeDeviceHost.Outcome;
import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.SdkAppId;
import io.fleetstorm.protocol.SignMethod;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/**
 * One device's connection state machine on Netty's {@code EmbeddedChannel} with a fake host: no sockets, scripted
 * time. Expected packets are built here from the protocol document (MQTT 3.1.1 and the IoT Hub's signing rules).
 */
class VirtualDeviceTest {

    private static final String PRODUCT = "1A17RZR3XX";
    private static final DeviceId ID = new DeviceId(PRODUCT, "dev001");
    private static final String PSK_BASE64 = "MTIzNDU2Nzg5MGFiY2RlZg==";
    private static final byte[] PSK = Base64.getDecoder().decode(PSK_BASE64);
    private static final DeviceProfile.Backoff C_SDK_BACKOFF = new DeviceProfile.Backoff(1_000, 2_000, 60_000, 60_000);
    private static final DeviceProfile.Backoff JAVA_SDK_BACKOFF = new DeviceProfile.Backoff(1_000, 1_000, 120_000, 0);
    private static final int[] CONNACK_OK = {0x20, 0x02, 0x00, 0x00};

    private static DeviceProfile cSdk(List<DeviceProfile.Subscription> subs) {
        return new DeviceProfile(0, PRODUCT, SignMethod.HMACSHA256, SdkAppId.C_SDK,
                DeviceProfile.ExpiryStyle.C_SDK_NEVER, 0, 240, true, subs, false, false,
                DeviceProfile.ShadowVersion.NONE, DeviceProfile.Timeouts.SDK_DEFAULTS, 10, C_SDK_BACKOFF);
    }

    private static DeviceProfile javaSdk(int keepAliveSeconds) {
        return new DeviceProfile(0, PRODUCT, SignMethod.HMACSHA256, SdkAppId.JAVA_SDK,
                DeviceProfile.ExpiryStyle.INT_MAX, 0, keepAliveSeconds, true, List.of(), false, true,
                DeviceProfile.ShadowVersion.ZERO, DeviceProfile.Timeouts.SDK_DEFAULTS, 10, JAVA_SDK_BACKOFF);
    }

    private static VirtualDevice device(FakeDeviceHost host, DeviceProfile profile) {
        return new VirtualDevice(host, profile, ID, PSK, null);
    }

    /** Connects and answers CONNACK 0: a device that is READY (no subscriptions). */
    private static VirtualDevice ready(FakeDeviceHost host, DeviceProfile profile) {
        VirtualDevice d = device(host, profile);
        d.connect(host.nanoTime());
        host.sent();
        host.receive(CONNACK_OK);
        assertThat(d.state()).isEqualTo(VirtualDevice.State.READY);
        return d;
    }

    @Test
    void aRefusedConnectSchedulesAReconnectWithTheSdkBackOff() {
        FakeDeviceHost host = new FakeDeviceHost().script(Outcome.REFUSE);
        VirtualDevice d = device(host, cSdk(List.of()));
        long due = host.nanoTime();

        d.connect(due);

        assertThat(d.state()).isEqualTo(VirtualDevice.State.BACKING_OFF);
        assertThat(host.reconnects()).hasSize(1);
        long waitMs = (host.reconnects().get(0).atNanos() - due) / 1_000_000;
        assertThat(waitMs).as("C SDK: first wait random 1-2 s").isBetween(1_000L, 2_000L);
        assertThat(host.errors()).containsExactlyEntriesOf(java.util.Map.of("connect/refused", 1L));
        assertThat(host.counters()).containsEntry("connect-attempts/connect", 1L)
                .doesNotContainKey("connect-retries/connect");
    }

    @Test
    void eachFailureCountsItsCauseAndEveryRetryIsCounted() {
        FakeDeviceHost host = new FakeDeviceHost().script(Outcome.REFUSE, Outcome.TIMEOUT, Outcome.ACCEPT);
        VirtualDevice d = device(host, javaSdk(60));
        d.connect(host.nanoTime());
        retryWhenDue(host, d);
        retryWhenDue(host, d);
        assertThat(userNameOf(host.sent())).as("Java SDK with auto-reconnect: expiry 2147483647")
                .matches(PRODUCT + "dev001;12010126;[A-Za-z0-9]{5};2147483647");
        host.receive(0x20, 0x02, 0x00, 0x03); // CONNACK 0x03: refused

        assertThat(host.errors()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of(
                "connect/refused", 1L, "connect/timeout", 1L, "connect/connack_0x03", 1L));
        assertThat(host.counters()).containsEntry("connect-attempts/connect", 3L)
                .containsEntry("connect-retries/connect", 2L);
        assertThat(host.channel().isOpen()).as("the refused connection is closed").isFalse();
        assertThat(host.reconnects()).hasSize(3);
        assertThat(d.neverConnected()).isTrue();
    }

    @Test
    void connackRefusalsRetryWithDoublingWaitsAndAFreshlySignedUserNameEachTime() throws Exception {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = device(host, cSdk(List.of()));
        d.connect(host.nanoTime());
        List<String> userNames = new ArrayList<>();
        List<Long> waits = new ArrayList<>();
        for (int attempt = 0; attempt < 4; attempt++) {
            byte[] connect = host.sent();
            userNames.add(userNameOf(connect));
            assertThat(connect).as("attempt %d: the CONNECT as the protocol document builds it", attempt)
                    .isEqualTo(expectedConnect(ID.clientId(), userNameOf(connect), 240));
            host.receive(0x20, 0x02, 0x00, 0x03);
            FakeDeviceHost.Reconnect r = host.reconnects().get(attempt);
            waits.add((r.atNanos() - host.nanoTime()) / 1_000_000);
            host.clock.advanceMillis((r.atNanos() - host.nanoTime()) / 1_000_000);
            d.reconnectDue(r.atNanos());
        }
        assertThat(userNames).allSatisfy(u -> assertThat(u)
                .matches(PRODUCT + "dev001;21010406;[A-Za-z0-9]{5};92233720368547758"));
        assertThat(userNames.stream().map(u -> u.split(";")[2]).distinct()).as("a new connid per attempt")
                .hasSize(4);
        assertThat(waits.get(0)).isBetween(1_000L, 2_000L);
        for (int i = 1; i < waits.size(); i++) {
            assertThat(waits.get(i)).as("wait %d doubles the one before", i).isEqualTo(2 * waits.get(i - 1));
        }
        assertThat(host.errors()).containsEntry("connect/connack_0x03", 4L);
    }

    @Test
    void theCSdkGivesUpOnceItsTotalWaitWouldPassSixtySeconds() {
        FakeDeviceHost host = new FakeDeviceHost();
        for (int i = 0; i < 20; i++) {
            host.script(Outcome.REFUSE);
        }
        VirtualDevice d = device(host, cSdk(List.of()));
        d.connect(host.nanoTime());
        List<Long> waits = new ArrayList<>();
        while (d.state() == VirtualDevice.State.BACKING_OFF) {
            waits.add(retryWhenDue(host, d));
        }

        assertThat(d.state()).isEqualTo(VirtualDevice.State.GAVE_UP);
        assertThat(waits.get(0)).isBetween(1_000L, 2_000L);
        for (int i = 1; i < waits.size(); i++) {
            assertThat(waits.get(i)).isEqualTo(2 * waits.get(i - 1));
        }
        long total = waits.stream().mapToLong(Long::longValue).sum();
        assertThat(total).as("total wait within the C SDK's 60 s").isLessThanOrEqualTo(60_000L);
        assertThat(total + 2 * waits.get(waits.size() - 1)).as("the next doubling would pass it")
                .isGreaterThan(60_000L);
        assertThat(host.errors()).containsEntry("reconnect/gave_up", 1L)
                .containsEntry("connect/refused", (long) waits.size() + 1);
        assertThat(d.neverConnected()).isTrue();
    }

    @Test
    void theJavaSdkWaitsOneSecondDoublingToTwoMinutesAndNeverGivesUp() {
        FakeDeviceHost host = new FakeDeviceHost();
        for (int i = 0; i < 14; i++) {
            host.script(Outcome.REFUSE);
        }
        VirtualDevice d = device(host, javaSdk(60));
        d.connect(host.nanoTime());
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 13; i++) {
            waits.add(retryWhenDue(host, d));
        }
        assertThat(waits).containsExactly(1_000L, 2_000L, 4_000L, 8_000L, 16_000L, 32_000L, 64_000L, 120_000L,
                120_000L, 120_000L, 120_000L, 120_000L, 120_000L);
        assertThat(d.state()).isEqualTo(VirtualDevice.State.BACKING_OFF);
        assertThat(host.errors()).doesNotContainKey("reconnect/gave_up");
    }

    @Test
    void theLatencyOfAConnectThatNeededRetriesRunsFromWhenItWasFirstDue() {
        FakeDeviceHost host = new FakeDeviceHost().script(Outcome.REFUSE, Outcome.REFUSE);
        VirtualDevice d = device(host, javaSdk(60));
        long firstDue = host.nanoTime();
        d.connect(firstDue);
        retryWhenDue(host, d); // 1 s
        retryWhenDue(host, d); // 2 s more
        host.advanceMillis(40);
        host.sent();
        host.receive(CONNACK_OK);

        var connect = host.latencies().get("connect");
        assertThat(connect.corrected().getTotalCount()).isEqualTo(1);
        assertThat(connect.corrected().getMaxValue() / 1_000_000).as("from the first due instant")
                .isBetween(3_039L, 3_041L);
        assertThat(connect.service().getMaxValue() / 1_000_000).as("from the attempt that succeeded")
                .isBetween(39L, 41L);
        assertThat(host.counters()).containsEntry("devices-connected-once/", 1L)
                .containsEntry("connects-ok/connect", 1L);
        assertThat(d.neverConnected()).isFalse();
    }

    @Test
    void aConnackTimeoutClosesTheConnectionAndRetries() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = device(host, javaSdk(60));
        d.connect(host.nanoTime());
        host.sent();
        host.advanceMillis(5_000);
        d.sweep(host.nanoTime());
        assertThat(d.state()).as("5 s is not past the deadline yet").isEqualTo(VirtualDevice.State.CONNECTING);

        host.advanceMillis(1);
        d.sweep(host.nanoTime());

        assertThat(host.channel().isOpen()).isFalse();
        assertThat(d.state()).isEqualTo(VirtualDevice.State.BACKING_OFF);
        assertThat(host.errors()).containsExactlyEntriesOf(java.util.Map.of("connect/connack_timeout", 1L));
        assertThat(host.counters()).containsEntry("operation-timeouts/connack", 1L);
        assertThat(host.reconnects()).hasSize(1);
    }

    @Test
    void aConnectThatNeverCompletesTimesOutAsATcpTimeout() {
        FakeDeviceHost host = new FakeDeviceHost().script(Outcome.HANG);
        VirtualDevice d = device(host, javaSdk(60));
        d.connect(host.nanoTime());
        host.advanceMillis(5_001);
        d.sweep(host.nanoTime());

        assertThat(host.errors()).containsExactlyEntriesOf(java.util.Map.of("connect/timeout", 1L));
        assertThat(d.state()).isEqualTo(VirtualDevice.State.BACKING_OFF);
    }

    @Test
    void theSubscribePacketIsExactlyTheDocumentsAndTheDeviceIsReadyAtItsSuback() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = device(host, cSdk(List.of(DeviceProfile.Subscription.SHADOW_RESULT,
                DeviceProfile.Subscription.OTA_UPDATE)));
        d.connect(host.nanoTime());
        host.sent();
        host.receive(CONNACK_OK);

        assertThat(d.state()).isEqualTo(VirtualDevice.State.SUBSCRIBING);
        byte[] shadow = subscribe(1, "$shadow/operation/result/" + PRODUCT + "/dev001", 0);
        byte[] ota = subscribe(2, "$ota/update/" + PRODUCT + "/dev001", 1);
        assertThat(host.sent()).isEqualTo(concat(shadow, ota));
        host.receive(0x90, 0x03, 0x00, 0x01, 0x00);
        assertThat(d.state()).isEqualTo(VirtualDevice.State.SUBSCRIBING);
        host.receive(0x90, 0x03, 0x00, 0x02, 0x01);
        assertThat(d.state()).isEqualTo(VirtualDevice.State.READY);
        assertThat(host.ready).containsExactly(d);
        assertThat(host.latencies().get("subscribe").corrected().getTotalCount()).isEqualTo(2);
    }

    @Test
    void anUnansweredSubscribeTimesOutAndTheDeviceGoesOnAsTheSdkDoes() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = device(host, cSdk(List.of(DeviceProfile.Subscription.SHADOW_RESULT)));
        d.connect(host.nanoTime());
        host.sent();
        host.receive(CONNACK_OK);
        host.advanceMillis(5_001);
        d.sweep(host.nanoTime());

        assertThat(d.state()).isEqualTo(VirtualDevice.State.READY);
        assertThat(host.errors()).containsExactlyEntriesOf(java.util.Map.of("timeout/subscribe", 1L));
    }

    @Test
    void aPubackTimeoutFailsThePublish() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = ready(host, javaSdk(60));
        assertThat(d.publish(PRODUCT + "/dev001/event", "{}".getBytes(StandardCharsets.UTF_8), 1, "telemetry",
                host.nanoTime())).isTrue();
        byte[] topic = (PRODUCT + "/dev001/event").getBytes(StandardCharsets.UTF_8);
        assertThat(host.sent()).as("PUBLISH QoS 1, packet id 1").isEqualTo(concat(
                new byte[] {0x32, (byte) (2 + topic.length + 2 + 2), 0, (byte) topic.length}, topic,
                new byte[] {0, 1, '{', '}'}));
        assertThat(d.inFlight()).isEqualTo(1);

        host.advanceMillis(5_001);
        d.sweep(host.nanoTime());

        assertThat(d.inFlight()).isZero();
        assertThat(host.errors()).containsExactlyEntriesOf(java.util.Map.of("timeout/publish-ack", 1L));
        assertThat(host.counters()).containsEntry("operation-timeouts/publish-ack", 1L);
        host.receive(0x40, 0x02, 0x00, 0x01); // the late PUBACK changes nothing
        assertThat(host.latencies()).doesNotContainKey("publish-ack");
    }

    @Test
    void aPingreqGoesOutOnceTheKeepaliveHasPassedAndAPingrespKeepsTheLink() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = ready(host, javaSdk(60));
        host.advanceMillis(59_999);
        d.sweep(host.nanoTime());
        assertThat(host.sent()).isEmpty();
        host.advanceMillis(1);
        d.sweep(host.nanoTime());
        assertThat(host.sent()).containsExactly(0xc0, 0x00);
        host.receive(0xd0, 0x00);
        host.advanceMillis(10_000);
        d.sweep(host.nanoTime());

        assertThat(host.channel().isOpen()).isTrue();
        assertThat(d.isReady()).isTrue();
    }

    @Test
    void twoUnansweredPingsFiveSecondsApartCloseTheLinkAndTheDeviceReconnects() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = ready(host, javaSdk(60));
        host.advanceMillis(60_000);
        d.sweep(host.nanoTime());
        assertThat(host.sent()).containsExactly(0xc0, 0x00);
        host.advanceMillis(5_000);
        d.sweep(host.nanoTime());
        assertThat(host.sent()).as("the second ping").containsExactly(0xc0, 0x00);
        host.advanceMillis(4_999);
        d.sweep(host.nanoTime());
        assertThat(host.channel().isOpen()).isTrue();

        host.advanceMillis(1);
        d.sweep(host.nanoTime());

        assertThat(host.channel().isOpen()).isFalse();
        assertThat(host.errors()).containsExactlyEntriesOf(java.util.Map.of("timeout/pingresp", 1L));
        assertThat(host.counters()).containsEntry("disconnects/lost", 1L);
        assertThat(host.losses()).containsExactly(new FakeDeviceHost.Loss(false, true, 0));
        assertThat(d.state()).isEqualTo(VirtualDevice.State.BACKING_OFF);
        assertThat((host.reconnects().get(0).atNanos() - host.nanoTime()) / 1_000_000).isEqualTo(1_000);
    }

    @Test
    void aLinkClosedByThePeerFailsWhatWaitedAndTellsTheHostHowManyPublishesLostTheirPuback() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = ready(host, javaSdk(60));
        for (int i = 0; i < 12; i++) { // 10 in flight, 2 waiting for a slot
            assertThat(d.publish("t", new byte[1], 1, "telemetry", host.nanoTime())).isTrue();
        }
        host.sent();
        host.channel().close();

        assertThat(host.errors()).containsExactlyEntriesOf(java.util.Map.of("disconnect/publish-ack", 12L));
        assertThat(host.losses()).containsExactly(new FakeDeviceHost.Loss(false, true, 10));
        assertThat(d.state()).isEqualTo(VirtualDevice.State.BACKING_OFF);
        assertThat(d.inFlight()).isZero();
    }

    @Test
    void aCleanDisconnectAtTheEndAbandonsWhatWaitedWithoutErrorsOrReconnects() {
        FakeDeviceHost host = new FakeDeviceHost();
        VirtualDevice d = ready(host, javaSdk(60));
        for (int i = 0; i < 11; i++) {
            d.publish("t", new byte[1], 1, "telemetry", host.nanoTime());
        }
        host.sent();

        d.disconnect();

        assertThat(host.sent()).as("DISCONNECT").containsExactly(0xe0, 0x00);
        assertThat(host.channel().isOpen()).isFalse();
        assertThat(host.errors()).isEmpty();
        assertThat(host.counters()).containsEntry("abandoned/publish-ack", 11L)
                .containsEntry("disconnects/clean", 1L);
        assertThat(host.reconnects()).isEmpty();
        assertThat(d.state()).isEqualTo(VirtualDevice.State.IDLE);
    }

    @Test
    void aConnectStillInProgressAtTheEndIsAbandonedNotFailed() {
        FakeDeviceHost host = new FakeDeviceHost().script(Outcome.HANG);
        VirtualDevice d = device(host, javaSdk(60));
        d.connect(host.nanoTime());

        d.disconnect();

        assertThat(host.errors()).isEmpty();
        assertThat(host.counters()).containsEntry("abandoned/connect", 1L);
        assertThat(host.reconnects()).isEmpty();
        assertThat(d.neverConnected()).isTrue();
    }

    /** Lets the scheduled back-off pass and retries; returns the wait in milliseconds. */
    private static long retryWhenDue(FakeDeviceHost host, VirtualDevice d) {
        FakeDeviceHost.Reconnect r = host.reconnects().get(host.reconnects().size() - 1);
        long waitMs = (r.atNanos() - host.nanoTime()) / 1_000_000;
        host.advanceMillis(waitMs);
        d.reconnectDue(r.atNanos());
        return waitMs;
    }

    // ---- packets as the protocol document builds them ----

    private static String userNameOf(byte[] connect) {
        int header = 2;
        while ((connect[header - 1] & 0x80) != 0) { // the remaining length's bytes
            header++;
        }
        int at = header + 10 + 2 + ID.clientId().length(); // fixed header, variable header, client id
        int length = ((connect[at] & 0xff) << 8) | (connect[at + 1] & 0xff);
        return new String(connect, at + 2, length, StandardCharsets.UTF_8);
    }

    private static byte[] expectedConnect(String clientId, String userName, int keepAlive) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(Base64.getDecoder().decode(PSK_BASE64), "HmacSHA256"));
        String password = HexFormat.of().formatHex(mac.doFinal(userName.getBytes(StandardCharsets.UTF_8)))
                + ";hmacsha256";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 4, (byte) 0xc2, (byte) (keepAlive >> 8), (byte) keepAlive});
        for (String field : new String[] {clientId, userName, password}) {
            byte[] b = field.getBytes(StandardCharsets.UTF_8);
            body.write(b.length >> 8);
            body.write(b.length);
            body.write(b);
        }
        return concat(new byte[] {0x10}, remainingLength(body.size()), body.toByteArray());
    }

    /** MQTT's variable-length integer: 7 bits per byte, least significant first, high bit = more. */
    private static byte[] remainingLength(int n) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        do {
            int digit = n % 128;
            n /= 128;
            out.write(n > 0 ? digit | 0x80 : digit);
        } while (n > 0);
        return out.toByteArray();
    }

    private static byte[] subscribe(int packetId, String filter, int qos) {
        byte[] f = filter.getBytes(StandardCharsets.UTF_8);
        return concat(new byte[] {(byte) 0x82, (byte) (2 + 2 + f.length + 1), 0, (byte) packetId, 0,
                (byte) f.length}, f, new byte[] {(byte) qos});
    }

    private static byte[] concat(byte[]... parts) {
        int n = Arrays.stream(parts).mapToInt(p -> p.length).sum();
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}

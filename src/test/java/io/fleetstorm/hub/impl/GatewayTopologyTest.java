package io.fleetstorm.hub.impl;

import static org.assertj.core.api.Assertions.assertThat;

import io.fleetstorm.protocol.DeviceId;
import io.fleetstorm.protocol.GatewayMessages;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bindings of sub-devices to gateways, and the split of long lists under the C SDK's 1,024 bytes. */
class GatewayTopologyTest {

    private static final DeviceId GW = new DeviceId("GWPROD0001", "gw-1");
    private static final DeviceId OTHER_GW = new DeviceId("GWPROD0001", "gw-2");

    private static DeviceId sub(int i) {
        return new DeviceId("SUBPROD001", "sub-" + i);
    }

    @Test
    void aSubDeviceBindsToOneGatewayOnly() {
        GatewayTopology t = new GatewayTopology(1500);
        assertThat(t.bind(GW, sub(1))).isEqualTo(GatewayTopology.Bind.BOUND);
        assertThat(t.bind(GW, sub(1))).isEqualTo(GatewayTopology.Bind.ALREADY_HERE);
        assertThat(t.bind(OTHER_GW, sub(1))).isEqualTo(GatewayTopology.Bind.ELSEWHERE);
        assertThat(t.gatewayOf(sub(1))).contains(GW);
        assertThat(t.unbind(OTHER_GW, sub(1))).isFalse();
        assertThat(t.unbind(GW, sub(1))).isTrue();
        assertThat(t.bind(OTHER_GW, sub(1))).isEqualTo(GatewayTopology.Bind.BOUND);
        assertThat(t.bindings()).isEqualTo(1);
    }

    @Test
    void theLimitCountsPerGatewayAndKeepsBindOrder() {
        GatewayTopology t = new GatewayTopology(3);
        for (int i = 0; i < 3; i++) {
            assertThat(t.bind(GW, sub(i))).isEqualTo(GatewayTopology.Bind.BOUND);
        }
        assertThat(t.check(GW, sub(9))).isEqualTo(GatewayTopology.Bind.LIMIT);
        assertThat(t.bind(GW, sub(9))).isEqualTo(GatewayTopology.Bind.LIMIT);
        assertThat(t.bind(GW, sub(0))).isEqualTo(GatewayTopology.Bind.ALREADY_HERE);
        assertThat(t.bind(OTHER_GW, sub(9))).isEqualTo(GatewayTopology.Bind.BOUND);
        assertThat(t.subDevices(GW)).containsExactly(sub(0), sub(1), sub(2));
        assertThat(t.count(GW)).isEqualTo(3);
    }

    @Test
    void describeAnswersAreSplitUnder1024BytesAndKeepEveryDevice() {
        List<DeviceId> devices = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            devices.add(new DeviceId("SUBPROD001", "a-rather-long-sub-device-name-" + i));
        }
        int envelope = GatewayMessages.describeAnswer(List.of()).length();
        List<List<DeviceId>> chunks = Gateways.chunks(devices, envelope);
        assertThat(chunks).hasSizeGreaterThan(10);
        List<DeviceId> all = new ArrayList<>();
        for (List<DeviceId> chunk : chunks) {
            String message = GatewayMessages.describeAnswer(chunk);
            assertThat(message.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(1024);
            all.addAll(chunk);
        }
        assertThat(all).isEqualTo(devices);
        // full: one more entry would not fit
        String first = GatewayMessages.describeAnswer(chunks.get(0));
        List<DeviceId> oneMore = new ArrayList<>(chunks.get(0));
        oneMore.add(chunks.get(1).get(0));
        assertThat(GatewayMessages.describeAnswer(oneMore).length()).isGreaterThan(1024);
        assertThat(first.length()).isLessThanOrEqualTo(1024);
    }

    @Test
    void anEmptyListIsOneEmptyAnswer() {
        assertThat(Gateways.chunks(List.of(), 10)).containsExactly(List.of());
    }
}

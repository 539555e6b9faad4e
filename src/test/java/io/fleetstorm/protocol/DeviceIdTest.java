package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DeviceIdTest {
    @Test
    void clientIdIsProductIdAndDeviceNameWithNothingBetween() {
        assertThat(new DeviceId("1A17RZR3XX", "dev001").clientId()).isEqualTo("1A17RZR3XXdev001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "dev:01", "gw_01-x", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuv"})
    void acceptsSdkDeviceNames(String name) {
        assertThat(DeviceId.isValidDeviceName(name)).isTrue();
        assertThat(new DeviceId("P1", name).deviceName()).isEqualTo(name);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "", "dev/1", "dev+", "dev#", "dev 1", "dév", "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvw"
    })
    void refusesOtherDeviceNames(String name) {
        assertThat(DeviceId.isValidDeviceName(name)).isFalse();
        assertThatThrownBy(() -> new DeviceId("P1", name))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deviceName must match [A-Za-z0-9:_-]{1,48}, but was \"" + name + "\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "P-1", "P_1", "P:1", "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456"})
    void refusesOtherProductIds(String productId) {
        assertThat(DeviceId.isValidProductId(productId)).isFalse();
        assertThatThrownBy(() -> new DeviceId(productId, "dev"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("productId must match [A-Za-z0-9]{1,32}, but was \"" + productId + "\"");
    }

    @Test
    void nullsAreNamedInTheMessage() {
        assertThatThrownBy(() -> new DeviceId(null, "dev"))
                .hasMessage("productId must match [A-Za-z0-9]{1,32}, but was null");
        assertThatThrownBy(() -> new DeviceId("P1", null))
                .hasMessage("deviceName must match [A-Za-z0-9:_-]{1,48}, but was null");
    }

    @Test
    void accessDirections() {
        assertThat(Access.PUBLISH.canPublish()).isTrue();
        assertThat(Access.PUBLISH.canSubscribe()).isFalse();
        assertThat(Access.SUBSCRIBE.canPublish()).isFalse();
        assertThat(Access.SUBSCRIBE.canSubscribe()).isTrue();
        assertThat(Access.BOTH.canPublish()).isTrue();
        assertThat(Access.BOTH.canSubscribe()).isTrue();
    }
}

package io.fleetstorm.cloudapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The defaults a run calls an API with, and the rules of the options. */
class CloudApiOptionsTest {

    @Test
    void theCloudsEndpointsGetTheCloudsLimitsAndAHubNone() {
        assertThat(CloudApiOptions.forEndpoint(URI.create("https://iotcloud.tencentcloudapi.com"))
                .rateOf("UpdateDeviceShadow")).isEqualTo(20);
        assertThat(CloudApiOptions.forEndpoint(URI.create("https://iotcloud.ap-shanghai.tencentcloudapi.com"))
                .rateOf("PublishMessage")).isEqualTo(20);
        assertThat(CloudApiOptions.forEndpoint(URI.create("http://127.0.0.1:8880")).rateOf("PublishMessage"))
                .isEqualTo(CloudApiOptions.UNLIMITED);
    }

    @Test
    void theDefaultsAreTheDocumentedOnes() {
        CloudApiOptions o = new CloudApiOptions();
        assertThat(o.credentials()).isNull();
        assertThat(o.region()).isEqualTo("ap-guangzhou");
        assertThat(o.maxRetries()).isEqualTo(5);
        assertThat(o.retryBaseMs()).isEqualTo(250);
        assertThat(o.retryMaxMs()).isEqualTo(8_000);
        assertThat(o.requestTimeoutMs()).isEqualTo(15_000);
    }

    @Test
    void badValuesNameTheRule() {
        assertThatThrownBy(() -> new CloudApiOptions().withRegion("Guangzhou!")).hasMessage(
                "region must match [a-z0-9-]{1,32}, such as ap-guangzhou, but was 'Guangzhou!'");
        assertThatThrownBy(() -> new CloudApiOptions().withRetries(-1, 1, 1))
                .hasMessage("maxRetries must be 0..100, but was -1");
        assertThatThrownBy(() -> new CloudApiOptions().withActionRate("PublishMessage", -3))
                .hasMessage("the rate of PublishMessage must be > 0 and <= 1000000 requests/s, but was -3.0");
    }
}

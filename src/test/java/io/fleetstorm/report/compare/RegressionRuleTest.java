package io.fleetstorm.report.compare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The rule grammar: what each form means, and the exact message for each kind of mistake. */
class RegressionRuleTest {

    @Test
    void eachFormMeansWhatItSays() {
        RegressionRule p99 = RegressionRule.parse("publish-ack.p99 +10%");
        assertThat(p99).isEqualTo(new RegressionRule("publish-ack.p99 +10%", "publish-ack", "p99", null, true, 0.10));
        assertThat(p99.allowedChange(0.002)).isEqualTo(0.0002, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(p99.higherIsWorse()).isTrue();
        RegressionRule ms = RegressionRule.parse("connect.p50{group:cams} +5ms");
        assertThat(ms.group()).isEqualTo("cams");
        assertThat(ms.relative()).isFalse();
        assertThat(ms.allowedChange(1)).isEqualTo(0.005);
        assertThat(ms.subject()).isEqualTo("connect p50 (group cams)");
        RegressionRule rate = RegressionRule.parse("publish-ack.rate -5%");
        assertThat(rate.higherIsWorse()).isFalse();
        assertThat(rate.allowedChange(2000)).isEqualTo(100.0, org.assertj.core.data.Offset.offset(1e-9));
        RegressionRule errors = RegressionRule.parse("errors.rate +0.1pp");
        assertThat(errors.allowedChange(0.5)).isEqualTo(0.001);
        assertThat(RegressionRule.parse("echo.p999 +1.5s").allowance()).isEqualTo(1.5);
        assertThat(RegressionRule.percentile("p999")).isEqualTo(99.9);
    }

    @Test
    void theDefaultsAreEveryOperationsP99AndTheErrorRate() {
        assertThat(RegressionRule.defaults(List.of("connect", "publish-ack")).stream()
                .map(RegressionRule::expression)).containsExactly("connect.p99 +10%", "publish-ack.p99 +10%",
                "errors.rate +0.1pp");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "publish-ack.p99 10%|rule 'publish-ack.p99 10%': expected METRIC.AGGREGATE +CHANGE, e.g. 'publish-ack.p99 "
                + "+10%', 'connect.p50 +5ms', 'publish-ack.rate -5%' or 'errors.rate +0.1pp'",
        "publish-ack.p99 -10%|rule 'publish-ack.p99 -10%': a rise in latency is what gets worse: write +10%",
        "publish-ack.rate +5%|rule 'publish-ack.rate +5%': a fall in throughput is what gets worse: write -5%",
        "errors.rate -1pp|rule 'errors.rate -1pp': a rise in the error rate is what gets worse: write +1pp",
        "publish.p99 +10%|rule 'publish.p99 +10%': unknown metric 'publish'; expected an operation (connect, "
                + "subscribe, publish-ack, echo, downlink, shadow-update, shadow-get, shadow-delta, "
                + "shadow-convergence, ota-command, ota-download, ota-done, reconnect-recovery, subdevice-bind, "
                + "subdevice-online, subdevice-offline, register, config-get, config-push, resource-upload, "
                + "resource-download, api-call) or errors",
        "publish-ack.median +10%|rule 'publish-ack.median +10%': unknown aggregate 'median'; expected pNN (p50, p99, "
                + "p999), mean, max or rate",
        "publish-ack.p99 +5pp|rule 'publish-ack.p99 +5pp': a latency rises by a share (%) or a duration (ns, us, "
                + "ms, s), e.g. 'publish-ack.p99 +10%'",
        "publish-ack.rate -5ms|rule 'publish-ack.rate -5ms': a rate falls by a share (%) or per second (/s), e.g. "
                + "'publish-ack.rate -5%'",
        "errors.count +1%|rule 'errors.count +1%': errors takes rate only (errors / operations), e.g. 'errors.rate "
                + "+0.1pp'",
        "errors.rate +2ms|rule 'errors.rate +2ms': an error rate rises by percentage points (pp) or by a share of "
                + "itself (%), e.g. 'errors.rate +0.1pp'"})
    void aBrokenRuleIsNamedWithTheRuleItBreaks(String rule, String message) {
        assertThatThrownBy(() -> RegressionRule.parse(rule)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage(message);
    }
}

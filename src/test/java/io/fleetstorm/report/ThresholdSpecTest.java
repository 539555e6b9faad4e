package io.fleetstorm.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.metrics.Operation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every threshold form of the README parses to base units; every malformed one gets its exact message. */
class ThresholdSpecTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "publish-ack.p99 < 200ms        | publish-ack        | p99   | LT | 0.2      | DURATION | 99.0",
        "connect.p999 < 2s              | connect            | p999  | LT | 2.0      | DURATION | 99.9",
        "errors.rate < 0.1%             | errors             | rate  | LT | 0.001    | RATIO    | NaN",
        "shadow-delta.p95 < 1s          | shadow-delta       | p95   | LT | 1.0      | DURATION | 95.0",
        "ota-done.ratio > 0.98          | ota-done           | ratio | GT | 0.98     | RATIO    | NaN",
        "reconnect-recovery.max < 30s   | reconnect-recovery | max   | LT | 30.0     | DURATION | NaN",
        "generator.lag.p99 < 20ms       | generator.lag      | p99   | LT | 0.02     | DURATION | 99.0",
        "publish-ack.service.p9999<=5m  | publish-ack.service| p9999 | LE | 300.0    | DURATION | 99.99",
        "echo.rate >= 1.5k/s            | echo               | rate  | GE | 1500.0   | RATE     | NaN",
        "errors.count <= 10             | errors             | count | LE | 10.0     | COUNT    | NaN",
        "connect.ratio >= 99.5%         | connect            | ratio | GE | 0.995    | RATIO    | NaN",
        "downlink.mean < 750us          | downlink           | mean  | LT | 7.5E-4   | DURATION | NaN",
    })
    void everyFormParsesToBaseUnits(String expression, String metric, String aggregate, Comparison op, double value,
                                    ValueKind kind, double percentile) {
        ThresholdSpec spec = ThresholdSpec.parse(expression);
        assertThat(spec.expression()).isEqualTo(expression.trim());
        assertThat(spec.metric()).isEqualTo(metric.trim());
        assertThat(spec.aggregate()).isEqualTo(aggregate);
        assertThat(spec.operator()).isEqualTo(op);
        assertThat(spec.value()).isCloseTo(value, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(spec.kind()).isEqualTo(kind);
        assertThat(Double.valueOf(spec.percentile())).isEqualTo(Double.valueOf(percentile));
        assertThat(spec.phase()).isNull();
        assertThat(spec.abortOnFail()).isFalse();
    }

    @Test
    void aPhaseSelectorScopesTheThreshold() {
        ThresholdSpec spec = ThresholdSpec.parse("publish-ack.p99{phase:steady} < 200ms");
        assertThat(spec.phase()).isEqualTo("steady");
        assertThat(spec.operation()).isEqualTo(Operation.PUBLISH_ACK);
        assertThat(spec.withAbortOnFail(true).abortOnFail()).isTrue();
        assertThat(spec.limitText()).isEqualTo("< 200ms");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "publish-ack < 200ms | threshold 'publish-ack < 200ms': expected METRIC.AGGREGATE OPERATOR VALUE, e.g. "
                + "'publish-ack.p99 < 200ms'",
        "publish-ack.p99 = 200ms | threshold 'publish-ack.p99 = 200ms': expected METRIC.AGGREGATE OPERATOR VALUE, "
                + "e.g. 'publish-ack.p99 < 200ms'",
        "foo.p99 < 1s | threshold 'foo.p99 < 1s': unknown metric 'foo'; expected an operation (connect, subscribe, "
                + "publish-ack, echo, downlink, shadow-update, shadow-get, shadow-delta, shadow-convergence, "
                + "ota-command, ota-download, ota-done, reconnect-recovery), OPERATION.service, errors or generator.lag",
        "connect.avg < 1s | threshold 'connect.avg < 1s': unknown aggregate 'avg' for connect; expected pNN (p50, "
                + "p99, p999...), min, max, mean, count or rate or ratio",
        "echo.ratio > 0.9 | threshold 'echo.ratio > 0.9': unknown aggregate 'ratio' for echo; expected pNN (p50, "
                + "p99, p999...), min, max, mean, count or rate",
        "errors.p99 < 1s | threshold 'errors.p99 < 1s': unknown aggregate 'p99' for errors; expected rate "
                + "(errors / operations) or count",
        "generator.lag.rate < 1 | threshold 'generator.lag.rate < 1': unknown aggregate 'rate' for generator.lag; "
                + "expected pNN (p50, p99, p999...), min, max or mean",
        "connect.p99 < 2 | threshold 'connect.p99 < 2': a latency limit needs a unit (ns, us, ms, s, m, h), "
                + "but was '2'",
        "connect.p99 < fast | threshold 'connect.p99 < fast': expected a duration like 200ms, but was 'fast'",
        "errors.rate < 5ms | threshold 'errors.rate < 5ms': expected a ratio like 0.1% or 0.001, but was '5ms'",
        "errors.rate < 150% | threshold 'errors.rate < 150%': a ratio must be at most 1 (100%), but was '150%'",
        "errors.count < 10/s | threshold 'errors.count < 10/s': expected a number, but was '10/s'",
        "echo.rate > lots | threshold 'echo.rate > lots': expected a number like 1000/s or 1k/s, but was 'lots'",
        "connect.p99{group:a} < 1s | threshold 'connect.p99{group:a} < 1s': unknown selector '{group:a}'; "
                + "expected {phase:NAME}",
    })
    void malformedThresholdsSayWhichRuleTheyBreak(String expression, String message) {
        assertThatThrownBy(() -> ThresholdSpec.parse(expression))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}

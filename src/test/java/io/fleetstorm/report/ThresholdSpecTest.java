package io.fleetstorm.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fleetstorm.metrics.Operation;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Every threshold form of docs/verdict.md parses to base units; every malformed one gets its exact message. */
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
        "errors.count == 0              | errors             | count | EQ | 0.0      | COUNT    | NaN",
        "publish-ack.count==1000        | publish-ack        | count | EQ | 1000.0   | COUNT    | NaN",
        "ota.succeeded >= 86            | ota                | succeeded | GE | 86.0 | COUNT    | NaN",
        "devices.never-connected == 0   | devices            | never-connected | EQ | 0.0 | COUNT | NaN",
        "connect.retries < 1k           | connect            | retries | LT | 1000.0 | COUNT    | NaN",
        "operations.abandoned <= 10     | operations         | abandoned | LE | 10.0 | COUNT    | NaN",
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
        assertThat(spec.group()).isNull();
        assertThat(spec.windowed()).isFalse();
        assertThat(spec.abortOnFail()).isFalse();
    }

    @Test
    void anOutcomeNamesItsCounter() {
        assertThat(ThresholdSpec.parse("ota.succeeded >= 86").outcome()).contains(Outcome.OTA_SUCCEEDED);
        assertThat(ThresholdSpec.parse("connect.attempts > 0").outcome()).contains(Outcome.CONNECT_ATTEMPTS);
        assertThat(ThresholdSpec.parse("connect.attempts > 0").operation()).isNull();
        assertThat(ThresholdSpec.parse("connect.count > 0").outcome()).isEmpty();
        assertThat(ThresholdSpec.parse("connect.count > 0").operation()).isEqualTo(Operation.CONNECT);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "errors.rate{last:10s} < 5%                               | -      | -       | 10000000000 | whole run",
        "errors.rate{group:cameras} < 1%                          | -      | cameras | 0           | group cameras",
        "errors.rate{group:cameras, phase:steady} < 1%            | steady | cameras | 0           "
                + "| group cameras, phase steady",
        "publish-ack.p99{ phase : steady , last:1m, group:g-1 } < 2s | steady | g-1  | 60000000000 "
                + "| group g-1, phase steady",
        "connect.ratio{last:1.5s} > 99%                           | -      | -       | 1500000000  | whole run",
    })
    void selectorsCombineInAnyOrder(String expression, String phase, String group, long windowNanos, String scope) {
        ThresholdSpec spec = ThresholdSpec.parse(expression);
        assertThat(spec.phase()).isEqualTo(phase);
        assertThat(spec.group()).isEqualTo(group);
        assertThat(spec.windowNanos()).isEqualTo(windowNanos);
        assertThat(spec.scopeText()).isEqualTo(scope);
    }

    @Test
    void aWindowSaysItsLengthAsAPersonWritesIt() {
        assertThat(ThresholdSpec.parse("errors.rate{last:10s} < 5%").windowText()).isEqualTo("10s");
        assertThat(ThresholdSpec.parse("errors.rate{last:2m} < 5%").windowText()).isEqualTo("2m");
        assertThat(ThresholdSpec.parse("errors.rate{last:1500ms} < 5%").windowText()).isEqualTo("1.5s");
        ThresholdResult r = new ThresholdResult(ThresholdSpec.parse("errors.rate{group:cams, last:10s} < 5%"), 0.082,
                false, 37.0);
        assertThat(r.describe()).isEqualTo(
                "FAIL errors.rate{group:cams, last:10s} < 5%: observed 8.2% (group cams, 10s window ending at "
                        + "37s)");
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
        "publish-ack.p99 = 200ms | threshold 'publish-ack.p99 = 200ms': unknown operator '='; expected <, <=, >, >= "
                + "or == (counts only): did you mean 'publish-ack.p99 <= 200ms'?",
        "errors.count = 0 | threshold 'errors.count = 0': unknown operator '='; expected <, <=, >, >= or == (counts "
                + "only): did you mean 'errors.count == 0'?",
        "publish-ack.p99{phase:s} => 2s | threshold 'publish-ack.p99{phase:s} => 2s': unknown operator '=>'; "
                + "expected <, <=, >, >= or == (counts only): did you mean 'publish-ack.p99{phase:s} >= 2s'?",
        "errors.count != 0 | threshold 'errors.count != 0': unknown operator '!='; expected <, <=, >, >= or == "
                + "(counts only)",
        "publish-ack.p99 == 200ms | threshold 'publish-ack.p99 == 200ms': '==' compares counts only (errors.count, "
                + "OPERATION.count, outcome counts); a latency is never exactly a number: did you mean "
                + "'publish-ack.p99 <= 200ms'?",
        "errors.rate == 0% | threshold 'errors.rate == 0%': '==' compares counts only (errors.count, "
                + "OPERATION.count, outcome counts); a ratio is never exactly a number: did you mean "
                + "'errors.rate <= 0%'?",
        "foo.p99 < 1s | threshold 'foo.p99 < 1s': unknown metric 'foo'; expected an operation (connect, subscribe, "
                + "publish-ack, echo, downlink, shadow-update, shadow-get, shadow-delta, shadow-convergence, "
                + "ota-command, ota-download, ota-done, reconnect-recovery, "
                + "subdevice-bind, subdevice-online, subdevice-offline, register, config-get, config-push, "
                + "resource-upload, resource-download, api-call), OPERATION.service, errors, "
                + "generator.lag or an outcome count (devices.planned, devices.connected, devices.never-connected, "
                + "connect.attempts, connect.retries, connections.lost, connections.closed, messages.sent, "
                + "messages.received, ota.targeted, ota.commanded, ota.succeeded, ota.failed, shadow.desired, "
                + "shadow.deltas, downlinks.sent, storm.dropped, operations.started, operations.late, "
                + "operations.abandoned, operations.timed-out, api.retries)",
        "ota.started > 1 | threshold 'ota.started > 1': unknown outcome 'ota.started'; expected ota.targeted, "
                + "ota.commanded, ota.succeeded, ota.failed",
        "connect.avg < 1s | threshold 'connect.avg < 1s': unknown aggregate 'avg' for connect; expected pNN (p50, "
                + "p99, p999...), min, max, mean, count or rate or ratio (or the outcome counts connect.attempts, "
                + "connect.retries)",
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
        "connect.p99{cohort:a} < 1s | threshold 'connect.p99{cohort:a} < 1s': unknown selector 'cohort'; expected "
                + "phase:NAME, group:NAME or last:DURATION, e.g. {group:cameras, phase:steady, last:10s}",
        "connect.p99{steady} < 1s | threshold 'connect.p99{steady} < 1s': selector 'steady' must be KEY:VALUE; "
                + "expected phase:NAME, group:NAME or last:DURATION, e.g. {group:cameras, phase:steady, last:10s}",
        "connect.p99{} < 1s | threshold 'connect.p99{} < 1s': empty selector '{}'; expected phase:NAME, group:NAME "
                + "or last:DURATION, e.g. {group:cameras, phase:steady, last:10s}",
        "connect.p99{phase:a, phase:b} < 1s | threshold 'connect.p99{phase:a, phase:b} < 1s': selector 'phase' "
                + "given twice",
        "connect.p99{group:a b} < 1s | threshold 'connect.p99{group:a b} < 1s': group must be a group name "
                + "([A-Za-z0-9_.-]), but was 'a b'",
        "errors.rate{last:500ms} < 1% | threshold 'errors.rate{last:500ms} < 1%': last must be a duration from 1s to "
                + "15m, e.g. last:10s, but was '500ms'",
        "errors.rate{last:1h} < 1% | threshold 'errors.rate{last:1h} < 1%': last must be a duration from 1s to 15m, "
                + "e.g. last:10s, but was '1h'",
        "errors.rate{last:ten} < 1% | threshold 'errors.rate{last:ten} < 1%': last must be a duration from 1s to "
                + "15m, e.g. last:10s, but was 'ten'",
        "errors.rate{last:5s, last:6s} < 1% | threshold 'errors.rate{last:5s, last:6s} < 1%': selector 'last' "
                + "given twice",
        "generator.lag.p99{group:a} < 1s | threshold 'generator.lag.p99{group:a} < 1s': generator.lag is the "
                + "generator's, not a group's: drop group:a",
    })
    void malformedThresholdsSayWhichRuleTheyBreak(String expression, String message) {
        assertThatThrownBy(() -> ThresholdSpec.parse(expression))
                .isInstanceOf(IllegalArgumentException.class).hasMessage(message);
    }
}

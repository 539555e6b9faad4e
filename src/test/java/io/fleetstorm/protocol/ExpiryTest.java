package io.fleetstorm.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ExpiryTest {
    @ParameterizedTest(name = "{0} -> {1} ms, never={2}")
    @CsvSource({
        "0,                    0,                   false",
        "600,                  600000,              false",
        "1700000000,           1700000000000,       false",
        "2147483647,           2147483647000,       false",
        "999999999999,         999999999999000,     false",
        "1700000000123,        1700000000123,       false",
        "92233720368547758,    9223372036854775807, true",
        "12345678901234,       9223372036854775807, true",
        "9223372036854775807,  9223372036854775807, true",
        "99999999999999999999, 9223372036854775807, true",
    })
    void digitCountDecidesTheUnit(String raw, long epochMillis, boolean never) throws ProtocolException {
        Expiry e = Expiry.parse(raw);
        assertThat(e.raw()).isEqualTo(raw);
        assertThat(e.epochMillis()).isEqualTo(epochMillis);
        assertThat(e.never()).isEqualTo(never);
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(value = {
        "''                | expiry must be ASCII digits, but was \"\"",
        "12a               | expiry must be ASCII digits, but was \"12a\"",
        "-1700000000       | expiry must be ASCII digits, but was \"-1700000000\"",
        "' 1700000000'     | expiry must be ASCII digits, but was \" 1700000000\"",
        "1700000000.5      | expiry must be ASCII digits, but was \"1700000000.5\"",
        "١٢٣               | expiry must be ASCII digits, but was \"١٢٣\"",
    }, delimiter = '|')
    void rejectsAnythingButAsciiDigits(String raw, String message) {
        assertThatThrownBy(() -> Expiry.parse(raw)).isInstanceOf(ProtocolException.class).hasMessage(message);
    }

    @Test
    void nullIsMalformed() {
        assertThatThrownBy(() -> Expiry.parse(null)).hasMessage("expiry must be ASCII digits, but was null");
    }

    @ParameterizedTest(name = "{0} at {1} -> expired={2}")
    @CsvSource({
        "1700000000,        1700000000000, false",
        "1700000000,        1700000000001, true",
        "1700000000,        1699999999999, false",
        "1700000000123,     1700000000123, false",
        "1700000000123,     1700000000124, true",
        "92233720368547758, 9223372036854775807, false",
        "2147483647,        1700000000000, false",
    })
    void expiredOnlyAfterTheInstant(String raw, long now, boolean expired) throws ProtocolException {
        assertThat(Expiry.parse(raw).isExpiredAt(now)).isEqualTo(expired);
    }

    @Test
    void factoriesProduceTheSdkForms() throws ProtocolException {
        assertThat(Expiry.seconds(1700000000L)).isEqualTo(Expiry.parse("1700000000"));
        assertThat(Expiry.millis(1700000000123L)).isEqualTo(Expiry.parse("1700000000123"));
        assertThat(Expiry.never17()).isEqualTo(Expiry.parse("92233720368547758"));
        assertThat(Expiry.never17().raw()).isEqualTo("92233720368547758");
        assertThat(Expiry.javaAutoReconnect().raw()).isEqualTo("2147483647");
        assertThat(Expiry.javaAutoReconnect().isExpiredAt(System.currentTimeMillis())).isFalse();
    }

    @Test
    void factoriesRefuseValuesThatWouldReadBackDifferently() {
        assertThatThrownBy(() -> Expiry.seconds(-1))
                .hasMessage("epochSeconds must be between 0 and 999999999999, but was -1");
        assertThatThrownBy(() -> Expiry.seconds(1_000_000_000_000L))
                .hasMessage("epochSeconds must be between 0 and 999999999999, but was 1000000000000");
        assertThatThrownBy(() -> Expiry.millis(1700000000L))
                .hasMessage("epochMillis must have 13 digits (1000000000000 to 9999999999999), but was 1700000000");
    }
}

package io.fleetstorm.hub.impl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Range headers against a 100-byte file. */
class ByteRangeTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', nullValues = "none", value = {
        "bytes=0-       | 0-99",
        "bytes=40-      | 40-99",
        "bytes=10-19    | 10-19",
        "bytes=90-500   | 90-99",
        "bytes=-10      | 90-99",
        "bytes=-500     | 0-99",
        "none           | whole",
        "bytes=0-1,5-6  | whole",
        "items=0-5      | whole",
        "bytes=abc-     | whole",
        "bytes=20-10    | whole",
    })
    void resolvesOneRangeOrServesTheWholeFile(String header, String expected) throws Exception {
        ByteRange range = ByteRange.parse(header, 100);
        assertThat(range == null ? "whole" : range.start() + "-" + range.end()).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource({"bytes=100-", "bytes=250-300", "bytes=-0"})
    void rangesOutsideTheFileAreUnsatisfiable(String header) {
        assertThatThrownBy(() -> ByteRange.parse(header, 100)).isInstanceOf(ByteRange.Unsatisfiable.class);
    }
}

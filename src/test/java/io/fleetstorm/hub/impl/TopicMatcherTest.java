package io.fleetstorm.hub.impl;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TopicMatcherTest {

    @ParameterizedTest(name = "{0} matches {1}: {2}")
    @CsvSource({
        "P/d/control, P/d/control, true",
        "P/d/control, P/d/data, false",
        "$rrpc/rxd/P/d/+, $rrpc/rxd/P/d/42, true",
        "$rrpc/rxd/P/d/+, $rrpc/rxd/P/d/42/x, false",
        "$rrpc/rxd/P/d/+, $rrpc/rxd/P/d, false",
        "P/+/control, P/d/control, true",
        "P/#, P/d/control, true",
        "P/d/#, P/d, true",
        "#, anything/at/all, true",
        "P/d/contro, P/d/control, false",
        "P/d/controlx, P/d/control, false"})
    void filtersMatchAsMqttSays(String filter, String topic, boolean expected) {
        assertThat(TopicMatcher.matches(filter, topic)).isEqualTo(expected);
    }
}

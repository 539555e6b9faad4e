package io.fleetstorm.hub.impl;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.fleetstorm.hub.ViolationRule;
import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** One line per violation up to the budget, one "suppressed" line per second for the rest, every one counted. */
class ProtocolViolationsTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final ListAppender<ILoggingEvent> lines = new ListAppender<>();
    private final ProtocolViolations violations;

    ProtocolViolationsTest() {
        Logger logger = new LoggerContext().getLogger("test");
        lines.start();
        logger.addAppender(lines);
        violations = new ProtocolViolations(3, clock::get, logger);
    }

    private static InetSocketAddress client(int port) {
        return new InetSocketAddress("127.0.0.1", port);
    }

    @Test
    void aStormIsBudgetedLinesAndOneSummaryAndEveryViolationIsCounted() {
        for (int i = 0; i < 10; i++) {
            violations.report(ViolationRule.PACKET_BEFORE_CONNECT, client(40000 + i), null,
                    "PUBLISH as the first packet", "connection closed");
        }
        violations.report(ViolationRule.MALFORMED_PACKET, client(41000), null, "Illegal BIT 3", "connection closed");
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
                "protocol violation by 127.0.0.1:40000: packet_before_connect (a packet other than CONNECT before "
                        + "CONNECT: PUBLISH as the first packet); connection closed",
                "protocol violation by 127.0.0.1:40001: packet_before_connect (a packet other than CONNECT before "
                        + "CONNECT: PUBLISH as the first packet); connection closed",
                "protocol violation by 127.0.0.1:40002: packet_before_connect (a packet other than CONNECT before "
                        + "CONNECT: PUBLISH as the first packet); connection closed");
        violations.flush();
        assertThat(lines.list).hasSize(3); // the second is not over yet
        clock.addAndGet(1_000_000_000L);
        violations.flush();
        assertThat(lines.list).hasSize(4);
        assertThat(lines.list.get(3).getFormattedMessage()).isEqualTo("suppressed 8 similar protocol violation "
                + "line(s) (packet_before_connect 7, malformed_packet 1); every violation is counted in "
                + "fleetstorm_hub_protocol_violations_total");
        violations.flush();
        assertThat(lines.list).hasSize(4);
        assertThat(violations.stats().violations(ViolationRule.PACKET_BEFORE_CONNECT)).isEqualTo(10);
        assertThat(violations.stats().violations(ViolationRule.MALFORMED_PACKET)).isEqualTo(1);
        assertThat(violations.stats().totalViolations()).isEqualTo(11);
    }

    @Test
    void aNewSecondHasANewBudgetAndWhatClientsSentIsEscaped() {
        for (int i = 0; i < 4; i++) {
            violations.report(ViolationRule.QOS2_PUBLISH, client(1), "dev\nfake log line", "a/b\u0000", "closed");
        }
        clock.addAndGet(1_500_000_000L);
        violations.report(ViolationRule.QOS2_PUBLISH, client(2), null, null, "closed");
        String escaped = "protocol violation by 127.0.0.1:1 (client dev\\u000afake log line): qos2_publish "
                + "(a PUBLISH with QoS 2: a/b\\u0000); closed";
        assertThat(lines.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(escaped, escaped, escaped,
                "suppressed 1 similar protocol violation line(s) (qos2_publish 1); every violation is counted in "
                        + "fleetstorm_hub_protocol_violations_total",
                "protocol violation by 127.0.0.1:2: qos2_publish (a PUBLISH with QoS 2); closed");
    }
}

package io.fleetstorm;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.util.function.Consumer;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.junit.jupiter.api.Test;

/**
 * What the build log shows for an exception logged under src/test/resources/logback-test.xml (the real file, read
 * the way logback reads it): a TLS failure in one line with its causes, anything else with its whole stack trace.
 */
class TlsFailureConverterTest {

    private static final String TAIL = "An exceptionCaught() event was fired, and it reached at the tail of the "
            + "pipeline. It usually means the last handler in the pipeline did not handle the exception.";

    @Test
    void aHandshakeFailureIsOneLineWithEveryCause() {
        SSLHandshakeException handshake = new SSLHandshakeException("General OpenSslEngine problem");
        handshake.initCause(new CertificateException("No subject alternative names matching IP address 127.0.0.1 "
                + "found"));
        String log = logged(logger -> logger.warn(TAIL, new DecoderException(handshake)));

        assertThat(log.lines()).hasSize(2);
        assertThat(log.lines().toList().get(0)).endsWith(" WARN  i.n.c.DefaultChannelPipeline - " + TAIL);
        assertThat(log.lines().toList().get(1)).isEqualTo("    TLS failure (stack trace left out): DecoderException <- "
                + "SSLHandshakeException: General OpenSslEngine problem <- CertificateException: No subject "
                + "alternative names matching IP address 127.0.0.1 found");
    }

    @Test
    void subclassesOfSslExceptionCountAsTlsFailures() {
        assertThat(logged(logger -> logger.warn("listener threw", new SSLPeerUnverifiedException("peer not "
                + "authenticated"))).lines()).hasSize(2).last().asString()
                .isEqualTo("    TLS failure (stack trace left out): SSLPeerUnverifiedException: peer not "
                        + "authenticated");
        assertThat(logged(logger -> logger.warn("plain text on a TLS port", new NotSslRecordException("not an SSL/TLS"
                + " record: 100000"))).lines()).hasSize(2).last().asString()
                .isEqualTo("    TLS failure (stack trace left out): NotSslRecordException: not an SSL/TLS record: "
                        + "100000");
    }

    @Test
    void anyOtherExceptionKeepsItsStackTrace() {
        String log = logged(logger -> logger.warn(TAIL, new DecoderException(new IllegalStateException("bad "
                + "state"))));

        assertThat(log).doesNotContain("TLS failure").contains(
                "io.netty.handler.codec.DecoderException: java.lang.IllegalStateException: bad state",
                "\tat io.fleetstorm.TlsFailureConverterTest.anyOtherExceptionKeepsItsStackTrace(",
                "Caused by: java.lang.IllegalStateException: bad state");
        assertThat(log.lines().count()).isGreaterThan(10);
    }

    @Test
    void aLineWithoutAnExceptionIsUnchanged() {
        assertThat(logged(logger -> logger.warn("no exception here"))).endsWith(
                " WARN  i.n.c.DefaultChannelPipeline - no exception here" + System.lineSeparator());
    }

    /** What {@code log} printed on stderr through a fresh logger context configured from logback-test.xml. */
    private static String logged(Consumer<Logger> log) {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream stderr = System.err;
        LoggerContext context = new LoggerContext();
        context.setMDCAdapter(new LogbackMDCAdapter());
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            JoranConfigurator configurator = new JoranConfigurator();
            configurator.setContext(context);
            configurator.doConfigure(TlsFailureConverterTest.class.getResource("/logback-test.xml"));
            log.accept(context.getLogger("io.netty.channel.DefaultChannelPipeline"));
            assertThat(new StatusUtil(context).getHighestLevel(0)).as("logback's own complaints").isLessThan(
                    Status.WARN);
        } catch (ch.qos.logback.core.joran.spi.JoranException e) {
            throw new UncheckedIOException(new IOException("logback-test.xml does not load", e));
        } finally {
            context.stop();
            System.setErr(stderr);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}

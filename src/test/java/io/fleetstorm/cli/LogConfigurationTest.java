package io.fleetstorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator.ExecutionStatus;
import ch.qos.logback.core.ConsoleAppender;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The logging set-up in code says what logback.xml said, and steps aside for a configuration file. */
class LogConfigurationTest {

    @Test
    void theServiceFileNamesTheConfigurator() throws Exception {
        assertThat(Files.readString(Path.of(
                "src/main/resources/META-INF/services/ch.qos.logback.classic.spi.Configurator")).strip())
                .isEqualTo(LogConfiguration.class.getName());
    }

    /** The tests' own logback-test.xml is on the class path: the configurator leaves it to logback. */
    @Test
    void aLogbackTestXmlOnTheClassPathWins() {
        assertThat(new LogConfiguration().configure(new LoggerContext())).isEqualTo(ExecutionStatus.INVOKE_NEXT_IF_ANY);
    }

    @Test
    void stderrWithThePatternNettyAndVertxAtWarnHazelcastAtErrorRootAtWarn() {
        LoggerContext context = new LoggerContext();
        String before = System.clearProperty(LogConfiguration.LEVEL_PROPERTY);
        try {
            assertThat(LogConfiguration.apply(context)).isEqualTo(ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY);
        } finally {
            restore(before);
        }
        assertThat(context.getLogger("io.netty").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("io.vertx").getLevel()).isEqualTo(Level.WARN);
        assertThat(context.getLogger("com.hazelcast").getLevel()).isEqualTo(Level.ERROR);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        ConsoleAppender<?> appender = (ConsoleAppender<?>) root.getAppender("STDERR");
        assertThat(appender.getTarget()).isEqualTo("System.err");
        assertThat(appender.isStarted()).isTrue();
        assertThat(((PatternLayoutEncoder) appender.getEncoder()).getPattern())
                .isEqualTo("%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n");
    }

    @Test
    void theRootLevelComesFromTheSystemProperty() {
        String before = System.setProperty(LogConfiguration.LEVEL_PROPERTY, "info");
        try {
            LoggerContext context = new LoggerContext();
            LogConfiguration.apply(context);
            assertThat(context.getLogger(Logger.ROOT_LOGGER_NAME).getLevel()).isEqualTo(Level.INFO);
        } finally {
            restore(before);
        }
    }

    private static void restore(String before) {
        if (before == null) {
            System.clearProperty(LogConfiguration.LEVEL_PROPERTY);
        } else {
            System.setProperty(LogConfiguration.LEVEL_PROPERTY, before);
        }
    }
}

package io.fleetstorm.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.Configurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.spi.ContextAwareBase;
import org.slf4j.Logger;

/**
 * fleetstorm's logging set-up, in code: diagnostics to stderr (stdout stays for results), Netty and Vert.x at WARN,
 * Hazelcast at ERROR, the rest at {@code -Dfleetstorm.log.level} (default WARN; {@code --verbose} makes it DEBUG).
 * Logback's XML configuration took a tenth of a second of every start (its XML parser and model classes: a third of
 * the classes a small run loads), which is why it is code. A {@code -Dlogback.configurationFile} or a
 * {@code logback-test.xml} on the class path still wins: this then steps aside for logback's own configurators.
 */
public final class LogConfiguration extends ContextAwareBase implements Configurator {

    static final String PATTERN = "%d{HH:mm:ss.SSS} %-5level %logger{20} - %msg%n";
    static final String LEVEL_PROPERTY = "fleetstorm.log.level";

    @Override
    public ExecutionStatus configure(LoggerContext context) {
        if (System.getProperty("logback.configurationFile") != null
                || LogConfiguration.class.getClassLoader().getResource("logback-test.xml") != null) {
            return ExecutionStatus.INVOKE_NEXT_IF_ANY;
        }
        return apply(context);
    }

    /** Sets up {@code context} as described above. */
    static ExecutionStatus apply(LoggerContext context) {
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        encoder.setPattern(PATTERN);
        encoder.start();
        ConsoleAppender<ILoggingEvent> stderr = new ConsoleAppender<>();
        stderr.setContext(context);
        stderr.setName("STDERR");
        stderr.setTarget("System.err");
        stderr.setEncoder(encoder);
        stderr.start();
        context.getLogger("io.netty").setLevel(Level.WARN);
        context.getLogger("io.vertx").setLevel(Level.WARN);
        // Hazelcast's warnings (CP subsystem off, refused connections to members that left, migrations while a
        // member starts) are expected in cluster runs; fleetstorm itself names lost agents
        context.getLogger("com.hazelcast").setLevel(Level.ERROR);
        ch.qos.logback.classic.Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.setLevel(Level.toLevel(System.getProperty(LEVEL_PROPERTY), Level.WARN));
        root.addAppender(stderr);
        return ExecutionStatus.DO_NOT_INVOKE_NEXT_IF_ANY;
    }
}

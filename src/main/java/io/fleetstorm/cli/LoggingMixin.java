package io.fleetstorm.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Option;

/** {@code --verbose}: debug logging and stack traces on errors. */
final class LoggingMixin {

    /** Read by the error handler, which has no access to the command instance. */
    static volatile boolean verbose;

    @Option(names = {"-v", "--verbose"}, description = "Log at DEBUG level and print stack traces on errors.")
    void setVerbose(boolean value) {
        verbose = value;
        if (value) {
            ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).setLevel(Level.DEBUG);
        }
    }
}

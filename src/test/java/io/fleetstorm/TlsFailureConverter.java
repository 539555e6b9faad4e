package io.fleetstorm;

import ch.qos.logback.classic.pattern.ThrowableHandlingConverter;
import ch.qos.logback.classic.pattern.ThrowableProxyConverter;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.CoreConstants;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;

/**
 * The exception part of a test log line: TLS failures in one line naming each cause, everything else with its stack
 * trace.
 *
 * <p>Tests provoke failed handshakes on purpose (a certificate from another CA, for another address, no client
 * certificate), and Netty logs each one at WARN with some forty frames that say nothing the test's own assertion does
 * not. The causes are kept, so a test that fails on TLS still shows why; every other exception is printed in full.
 * Wired in {@code logback-test.xml} as {@code %tlsEx}.
 */
public final class TlsFailureConverter extends ThrowableHandlingConverter {

    private final ThrowableProxyConverter full = new ThrowableProxyConverter();

    @Override
    public void start() {
        full.setContext(getContext());
        full.setOptionList(getOptionList());
        full.start();
        super.start();
    }

    @Override
    public void stop() {
        full.stop();
        super.stop();
    }

    @Override
    public String convert(ILoggingEvent event) {
        IThrowableProxy thrown = event.getThrowableProxy();
        if (thrown == null) {
            return "";
        }
        if (!isTlsFailure(thrown)) {
            return full.convert(event);
        }
        return oneLine(thrown) + CoreConstants.LINE_SEPARATOR;
    }

    /** {@code "    TLS failure (stack trace left out): A <- B: message <- C: message"}, one entry per cause. */
    static String oneLine(IThrowableProxy thrown) {
        StringBuilder line = new StringBuilder("    TLS failure (stack trace left out): ");
        int depth = 0;
        for (IThrowableProxy t = thrown; t != null && depth < 8; t = t.getCause(), depth++) {
            if (depth > 0) {
                line.append(" <- ");
            }
            String name = t.getClassName();
            line.append(name.substring(name.lastIndexOf('.') + 1));
            // a wrapper's message is usually its cause's toString(): said once, with the cause
            IThrowableProxy cause = t.getCause();
            boolean repeatsCause = cause != null && t.getMessage() != null
                    && t.getMessage().equals(cause.getClassName() + (cause.getMessage() == null ? ""
                            : ": " + cause.getMessage()));
            if (t.getMessage() != null && !repeatsCause) {
                line.append(": ").append(t.getMessage());
            }
        }
        return line.toString();
    }

    /** True when the exception or one of its causes is an {@link SSLException} or a {@link CertificateException}. */
    static boolean isTlsFailure(IThrowableProxy thrown) {
        int depth = 0;
        for (IThrowableProxy t = thrown; t != null && depth < 8; t = t.getCause(), depth++) {
            if (isA(t.getClassName(), SSLException.class) || isA(t.getClassName(), CertificateException.class)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isA(String className, Class<?> type) {
        try {
            return type.isAssignableFrom(Class.forName(className, false, TlsFailureConverter.class.getClassLoader()));
        } catch (ClassNotFoundException | LinkageError notLoadable) {
            return false;
        }
    }
}
